//! What the store persists: nothing before commit, everything after, and the same app hash for
//! the same changes.

use std::path::Path;

use openledger_app::store::{verify_proof, CommitInfo, Storage, StoreConfig, StoreError};
use openledger_framework::{Changes, StateRead};

fn open(dir: &Path) -> Storage {
    open_with(dir, StoreConfig { keep_recent: 0 })
}

/// Open a store, waiting while a store dropped just before still holds the directory's file
/// lock: sled's background threads release it a moment after the last handle is dropped, as a
/// process that dies releases it when it is gone.
fn open_with(dir: &Path, config: StoreConfig) -> Storage {
    let mut tries = 0;
    loop {
        match Storage::open(dir, config.clone()) {
            Err(StoreError::Backend(e)) if e.contains("could not acquire lock") && tries < 500 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
}

fn changes(puts: &[(&str, &str)], deletes: &[&str]) -> Changes {
    let mut c = Changes::default();
    for (k, v) in puts {
        c.verifiable
            .insert(k.as_bytes().to_vec(), Some(v.as_bytes().to_vec()));
    }
    for k in deletes {
        c.verifiable.insert(k.as_bytes().to_vec(), None);
    }
    c
}

fn commit(store: &Storage, height: u64, c: &Changes) -> CommitInfo {
    let prepared = store.prepare(height, c).unwrap();
    assert_eq!(prepared.height(), height);
    let app_hash = prepared.app_hash();
    let info = store.commit(prepared).unwrap();
    assert_eq!(info, CommitInfo { height, app_hash });
    info
}

fn get(store: &Storage, key: &str) -> Option<Vec<u8>> {
    store.latest_snapshot().get_raw(key.as_bytes()).unwrap()
}

/// A small deterministic generator (splitmix64), so the block sequence is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Blocks of random puts and deletes over a few substores and a small key space, so keys are
/// overwritten, deleted and re-created.
fn random_blocks(seed: u64, blocks: usize) -> Vec<Changes> {
    let substores = ["auth", "bank", "staking", "ibc"];
    let mut rng = Rng(seed);
    (0..blocks)
        .map(|_| {
            let mut c = Changes::default();
            for _ in 0..rng.below(40) {
                let substore = substores[rng.below(4) as usize];
                let key = format!("{substore}/k/{:03}", rng.below(60)).into_bytes();
                let value = if rng.below(4) == 0 {
                    None
                } else {
                    Some(format!("v{}", rng.next()).into_bytes())
                };
                c.verifiable.insert(key, value);
            }
            if rng.below(3) == 0 {
                c.nonverifiable.insert(
                    b"index/last".to_vec(),
                    Some(rng.next().to_be_bytes().to_vec()),
                );
            }
            c
        })
        .collect()
}

#[test]
fn prepare_without_commit_leaves_the_store_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path());
        let prepared = store.prepare(1, &changes(&[("bank/a", "1")], &[])).unwrap();
        assert_eq!(prepared.height(), 1);
        drop(prepared);
        assert_eq!(store.latest(), None);
    }
    let info = {
        let store = open(dir.path());
        assert_eq!(store.latest(), None);
        let info = commit(
            &store,
            1,
            &changes(&[("bank/a", "1"), ("bank/b", "2")], &[]),
        );
        let mut c = changes(&[("bank/a", "changed"), ("auth/x", "new")], &["bank/b"]);
        c.nonverifiable
            .insert(b"idx".to_vec(), Some(b"uncommitted".to_vec()));
        let prepared = store.prepare(2, &c).unwrap();
        assert_ne!(prepared.app_hash(), info.app_hash);
        // Nothing visible before commit either.
        assert_eq!(get(&store, "bank/a").as_deref(), Some(&b"1"[..]));
        assert_eq!(store.latest(), Some(info));
        info
    };
    let store = open(dir.path());
    assert_eq!(store.latest(), Some(info));
    assert_eq!(get(&store, "bank/a").as_deref(), Some(&b"1"[..]));
    assert_eq!(get(&store, "bank/b").as_deref(), Some(&b"2"[..]));
    assert_eq!(get(&store, "auth/x"), None);
    assert_eq!(
        store
            .latest_snapshot()
            .nonverifiable_get_raw(b"idx")
            .unwrap(),
        None
    );
    assert!(store.snapshot_at(2).is_err());
}

#[test]
fn commit_then_reopen_gives_the_same_latest_values_and_proofs() {
    let dir = tempfile::tempdir().unwrap();
    let blocks = random_blocks(7, 12);
    let (info, expected) = {
        let store = open(dir.path());
        let mut info = None;
        for (i, c) in blocks.iter().enumerate() {
            info = Some(commit(&store, i as u64 + 1, c));
        }
        let snapshot = store.latest_snapshot();
        let all: Vec<_> = snapshot
            .prefix_raw(b"", None)
            .collect::<Result<_, _>>()
            .unwrap();
        (info.unwrap(), all)
    };
    assert!(!expected.is_empty());

    let store = open(dir.path());
    assert_eq!(store.latest(), Some(info));
    assert_eq!(store.oldest_height(), Some(1));
    let snapshot = store.latest_snapshot();
    assert_eq!(snapshot.height(), info.height);
    assert_eq!(snapshot.app_hash(), info.app_hash);
    let all: Vec<_> = snapshot
        .prefix_raw(b"", None)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all, expected);
    for (key, value) in &expected {
        let (proven, proofs) = snapshot.get_with_proof(key).unwrap();
        assert_eq!(proven.as_ref(), Some(value));
        assert!(verify_proof(&info.app_hash, key, Some(value), &proofs));
    }
    // Older heights survive the reopen too.
    assert_eq!(store.snapshot_at(3).unwrap().height(), 3);

    // Going on after a reopen gives what a store that never closed gives.
    let next = random_blocks(8, 1).remove(0);
    let reopened = commit(&store, info.height + 1, &next);
    let other_dir = tempfile::tempdir().unwrap();
    let other = open(other_dir.path());
    for (i, c) in blocks.iter().enumerate() {
        commit(&other, i as u64 + 1, c);
    }
    assert_eq!(commit(&other, info.height + 1, &next), reopened);
}

/// A crash between prepare and the batch write (the `commit-before-write` crash point of
/// docs/faults.md: the pending batch dies with the process) loses exactly that block, at every
/// height and with pruning on: the store reopens at the previous height, and replaying the block,
/// as CometBFT's handshake does, gives the same app hash and in the end the same state as a
/// store that never crashed.
#[test]
fn a_crash_before_the_batch_write_reopens_at_the_previous_height_and_replays_identically() {
    let config = || StoreConfig { keep_recent: 3 };
    let blocks = random_blocks(11, 16);
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = Storage::open(reference_dir.path(), config()).unwrap();
    let expected: Vec<CommitInfo> = (1..)
        .zip(&blocks)
        .map(|(height, c)| commit(&reference, height, c))
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let mut previous = None;
    for ((height, c), want) in (1..).zip(&blocks).zip(&expected) {
        {
            let store = open_with(dir.path(), config());
            let prepared = store.prepare(height, c).unwrap();
            assert_eq!(prepared.app_hash(), want.app_hash, "height {height}");
            // the crash: neither the batch nor the store's handles outlive the process
            drop((prepared, store));
        }
        let store = open_with(dir.path(), config());
        assert_eq!(
            store.latest(),
            previous,
            "reopened after a crash at {height}"
        );
        assert_eq!(commit(&store, height, c), *want, "replayed block {height}");
        previous = Some(*want);
    }

    let store = open_with(dir.path(), config());
    let all = |s: &Storage| -> Vec<_> {
        s.latest_snapshot()
            .prefix_raw(b"", None)
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(all(&store), all(&reference));
    assert_eq!(store.oldest_height(), reference.oldest_height());
    assert_eq!(
        store
            .latest_snapshot()
            .nonverifiable_get_raw(b"index/last")
            .unwrap(),
        reference
            .latest_snapshot()
            .nonverifiable_get_raw(b"index/last")
            .unwrap()
    );
}

#[test]
fn the_same_changes_give_the_same_app_hash_on_fresh_stores() {
    let blocks = random_blocks(42, 30);
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let stores: Vec<_> = dirs.iter().map(|d| open(d.path())).collect();
    let mut merged = Changes::default();
    let mut last = None;
    for (i, c) in blocks.iter().enumerate() {
        let height = i as u64 + 1;
        let a = commit(&stores[0], height, c);
        let b = commit(&stores[1], height, c);
        assert_eq!(a, b, "app hashes diverge at height {height}");
        merged.extend(c.clone());
        last = Some(a);
    }
    // The app hash depends only on the state, not on the path to it: the same final state
    // committed in one block (no deletions of present keys, different tree history) matches.
    let dir = tempfile::tempdir().unwrap();
    let single = open(dir.path());
    let info = commit(&single, 1, &merged);
    assert_eq!(info.app_hash, last.unwrap().app_hash);
}

#[test]
fn empty_state_and_genesis_at_height_zero() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let empty = store.latest_snapshot();
    assert_eq!(empty.height(), 0);
    assert_eq!(empty.get_raw(b"bank/a").unwrap(), None);
    assert_eq!(empty.prefix_raw(b"", None).count(), 0);
    // Committing nothing gives the empty state's app hash.
    assert_eq!(
        store.prepare(0, &Changes::default()).unwrap().app_hash(),
        empty.app_hash()
    );
    // Genesis may be prepared at height 0 on a fresh store, and the first block builds on it.
    let genesis = changes(&[("bank/supply", "100")], &[]);
    let at_zero = store.prepare(0, &genesis).unwrap().app_hash();
    let at_one = store.prepare(1, &genesis).unwrap().app_hash();
    assert_eq!(at_zero, at_one);
    assert_ne!(at_zero, empty.app_hash());
    let info = commit(&store, 0, &genesis);
    assert_eq!(info.app_hash, at_zero);
    commit(&store, 1, &changes(&[("bank/a", "1")], &[]));
    // The empty snapshot taken before still reads the empty state.
    assert_eq!(empty.get_raw(b"bank/supply").unwrap(), None);
    assert_eq!(
        store
            .snapshot_at(0)
            .unwrap()
            .get_raw(b"bank/supply")
            .unwrap(),
        Some(b"100".to_vec())
    );
}

#[test]
fn prepare_and_commit_refuse_what_they_cannot_apply() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    commit(&store, 5, &changes(&[("bank/a", "1")], &[]));
    for height in [3, 5] {
        assert!(matches!(
            store.prepare(height, &Changes::default()),
            Err(StoreError::HeightMismatch {
                latest: Some(5),
                ..
            })
        ));
    }
    assert!(matches!(
        store.prepare(6, &changes(&[("nope/a", "1")], &[])),
        Err(StoreError::UnknownSubstore(_))
    ));
    assert!(matches!(
        store.prepare(6, &changes(&[("bankx", "1")], &[])),
        Err(StoreError::UnknownSubstore(_))
    ));
    assert!(matches!(
        store.prepare(6, &changes(&[("bank/", "1")], &[])),
        Err(StoreError::InvalidKey { .. })
    ));

    // Two versions prepared on the same base: only the first to commit lands.
    let first = store
        .prepare(6, &changes(&[("bank/a", "first")], &[]))
        .unwrap();
    let second = store
        .prepare(7, &changes(&[("bank/a", "second")], &[]))
        .unwrap();
    store.commit(first).unwrap();
    assert!(matches!(
        store.commit(second),
        Err(StoreError::StalePrepare {
            prepared_on: Some(5),
            latest: Some(6)
        })
    ));
    assert_eq!(get(&store, "bank/a").as_deref(), Some(&b"first"[..]));
    // Heights may skip (the first block of a chain with a later initial height).
    commit(&store, 10, &changes(&[("bank/b", "2")], &[]));
    assert!(store.snapshot_at(8).is_err());
    assert_eq!(store.snapshot_at(6).unwrap().height(), 6);
}

#[test]
fn deleting_absent_keys_and_rewriting_equal_values_are_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let h1 = commit(&store, 1, &changes(&[("bank/a", "1")], &[]));
    // Only deletions of keys that do not exist: nothing changes.
    let h2 = commit(&store, 2, &changes(&[], &["bank/zz", "ibc/zz"]));
    assert_eq!(h1.app_hash, h2.app_hash);
    // Rewriting the same value: new tree version, same root.
    let h3 = commit(&store, 3, &changes(&[("bank/a", "1")], &[]));
    assert_eq!(h1.app_hash, h3.app_hash);
    // Delete and re-create.
    let h4 = commit(&store, 4, &changes(&[], &["bank/a"]));
    assert_ne!(h4.app_hash, h1.app_hash);
    let h5 = commit(&store, 5, &changes(&[("bank/a", "1")], &[]));
    assert_eq!(h5.app_hash, h1.app_hash);
    assert_eq!(
        store.snapshot_at(4).unwrap().get_raw(b"bank/a").unwrap(),
        None
    );
}

#[test]
fn non_verifiable_writes_are_stored_but_not_committed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let h1 = commit(&store, 1, &changes(&[("bank/a", "1")], &[]));
    let mut c = Changes::default();
    c.nonverifiable
        .insert(b"idx/1".to_vec(), Some(b"x".to_vec()));
    let h2 = commit(&store, 2, &c);
    assert_eq!(h1.app_hash, h2.app_hash);
    let old = store.snapshot_at(1).unwrap();
    // Snapshots read the latest non-verifiable values whatever their height.
    assert_eq!(
        old.nonverifiable_get_raw(b"idx/1").unwrap(),
        Some(b"x".to_vec())
    );
    let mut c = Changes::default();
    c.nonverifiable.insert(b"idx/1".to_vec(), None);
    commit(&store, 3, &c);
    assert_eq!(old.nonverifiable_get_raw(b"idx/1").unwrap(), None);
}
