//! Pipelined commits: a committed version is the latest for every reader before its background
//! write lands, a crash before that write loses exactly that version (the store reopens at
//! the durable height and replaying gives the same app hash), and the synchronous and
//! pipelined modes give the same states.

use std::path::Path;

use openledger_app::store::{
    verify_proof, CommitInfo, Snapshot, Storage, StoreConfig, StoreError, StoreStats,
};
use openledger_framework::{Changes, StateRead};

/// Open a store, waiting while a store dropped just before still holds the directory's file
/// lock (sled's background threads release it a moment after the last handle is dropped).
fn open(dir: &Path, keep_recent: u64) -> Storage {
    let mut tries = 0;
    loop {
        match Storage::open(dir, StoreConfig { keep_recent }) {
            Err(StoreError::Backend(e)) if e.contains("could not acquire lock") && tries < 500 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
}

fn commit(store: &Storage, height: u64, c: &Changes) -> CommitInfo {
    let prepared = store.prepare(height, c).unwrap();
    let app_hash = prepared.app_hash();
    let info = store.commit(prepared).unwrap();
    assert_eq!(info, CommitInfo { height, app_hash });
    info
}

fn all(snapshot: &Snapshot, prefix: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    snapshot
        .prefix_raw(prefix.as_bytes(), None)
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// Blocks of random puts and deletes over a small key space (keys overwritten, deleted and
/// re-created), plus non-verifiable writes.
fn random_blocks(seed: u64, blocks: usize) -> Vec<Changes> {
    let substores = ["auth", "bank", "staking", "ibc"];
    let mut rng = Rng(seed);
    (0..blocks)
        .map(|block| {
            let mut c = Changes::default();
            for _ in 0..rng.below(60) {
                let substore = substores[rng.below(4) as usize];
                let key = format!("{substore}/k{:03}", rng.below(50)).into_bytes();
                let value =
                    (rng.below(5) > 0).then(|| format!("v{}", rng.below(1000)).into_bytes());
                c.verifiable.insert(key, value);
            }
            c.nonverifiable.insert(
                format!("index/{}", rng.below(5)).into_bytes(),
                Some(format!("b{block}").into_bytes()),
            );
            c
        })
        .collect()
}

#[test]
fn a_crash_before_the_background_write_reopens_at_the_durable_height_and_replays_identically() {
    let blocks = random_blocks(21, 12);
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = open(reference_dir.path(), 3);
    reference.set_pipelined(false).unwrap();
    let expected: Vec<CommitInfo> = (1..)
        .zip(&blocks)
        .map(|(height, c)| commit(&reference, height, c))
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let mut durable = None;
    for ((height, c), want) in (1..).zip(&blocks).zip(&expected) {
        {
            let store = open(dir.path(), 3);
            assert_eq!(store.durable(), durable);
            store.hold_background_writes(true);
            // Committed for every reader, but not on disk.
            assert_eq!(commit(&store, height, c), *want);
            assert_eq!(store.latest(), Some(*want));
            assert_eq!(store.durable(), durable);
            assert_eq!(store.latest_snapshot().app_hash(), want.app_hash);
            // The crash: the process dies before the writer applies the batch.
            store.crash_on_drop();
            drop(store);
        }
        let store = open(dir.path(), 3);
        assert_eq!(
            store.latest(),
            durable,
            "reopened after a crash at {height}"
        );
        assert_eq!(store.durable(), durable);
        // CometBFT's handshake replays the lost block.
        assert_eq!(commit(&store, height, c), *want, "replayed block {height}");
        assert_eq!(store.wait_durable(height).unwrap(), *want);
        durable = Some(*want);
    }

    let store = open(dir.path(), 3);
    assert_eq!(store.latest(), expected.last().copied());
    assert_eq!(
        all(&store.latest_snapshot(), ""),
        all(&reference.latest_snapshot(), "")
    );
    assert_eq!(store.oldest_height(), reference.oldest_height());
    assert_eq!(counts(&store), counts(&reference));
}

/// Entry counts, without the disk size (which differs between two databases).
fn counts(store: &Storage) -> StoreStats {
    StoreStats {
        size_on_disk: 0,
        ..store.stats().unwrap()
    }
}

#[test]
fn reads_during_an_in_flight_write_see_the_new_version_and_older_heights_intact() {
    let blocks = random_blocks(5, 10);
    let sync_dir = tempfile::tempdir().unwrap();
    let sync = open(sync_dir.path(), 4);
    sync.set_pipelined(false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 4);
    assert!(store.pipelined());

    for (height, c) in (1..).zip(&blocks) {
        let previous = store.latest().map(|l| l.height);
        let before = previous.map(|h| all(&store.snapshot_at(h).unwrap(), ""));
        let old_snapshot = store.latest_snapshot();

        store.hold_background_writes(true);
        let info = commit(&store, height, c);
        assert_eq!(commit(&sync, height, c), info);
        assert_eq!(store.durable().map(|d| d.height), previous);

        // The latest height, read while its write waits: values, iteration, proofs.
        let latest = store.latest_snapshot();
        let want = sync.latest_snapshot();
        assert_eq!(latest.height(), height);
        for prefix in ["", "bank/", "auth/k0", "staking/k04", "ibc/zz"] {
            assert_eq!(
                all(&latest, prefix),
                all(&want, prefix),
                "prefix {prefix:?}"
            );
        }
        let mut from_k020 = latest.prefix_raw(b"bank/", Some(b"bank/k020"));
        let mut want_from = want.prefix_raw(b"bank/", Some(b"bank/k020"));
        assert_eq!(
            from_k020.next().transpose().unwrap(),
            want_from.next().transpose().unwrap()
        );
        for key in c.verifiable.keys() {
            let value = latest.get_raw(key).unwrap();
            assert_eq!(value, want.get_raw(key).unwrap());
            let (proven, proofs) = latest.get_with_proof(key).unwrap();
            assert_eq!(proven, value);
            assert!(verify_proof(&info.app_hash, key, value.as_deref(), &proofs));
        }
        for key in c.nonverifiable.keys() {
            assert_eq!(
                latest.nonverifiable_get_raw(key).unwrap(),
                want.nonverifiable_get_raw(key).unwrap()
            );
        }
        assert_eq!(
            store.nonverifiable_entries(100).unwrap(),
            sync.nonverifiable_entries(100).unwrap()
        );
        // The previous height, now historical, through a snapshot taken before the commit
        // and a new one.
        if let (Some(h), Some(before)) = (previous, before) {
            assert_eq!(all(&old_snapshot, ""), before);
            assert_eq!(all(&store.snapshot_at(h).unwrap(), ""), before);
        }
        assert_eq!(store.oldest_height(), sync.oldest_height());

        store.hold_background_writes(false);
        assert_eq!(store.wait_durable(height).unwrap(), info);
        assert_eq!(store.durable(), Some(info));
        // The same after the write.
        assert_eq!(all(&store.latest_snapshot(), ""), all(&want, ""));
    }
    assert_eq!(counts(&store), counts(&sync));
}

#[test]
fn dropping_a_store_writes_the_version_in_flight() {
    let blocks = random_blocks(9, 3);
    let dir = tempfile::tempdir().unwrap();
    let info = {
        let store = open(dir.path(), 0);
        commit(&store, 1, &blocks[0]);
        store.wait_durable(1).unwrap();
        store.hold_background_writes(true);
        commit(&store, 2, &blocks[1])
    };
    let store = open(dir.path(), 0);
    assert_eq!(store.latest(), Some(info));
    assert_eq!(store.durable(), Some(info));
    commit(&store, 3, &blocks[2]);
}

#[test]
fn switching_modes_keeps_committing_the_same_chain() {
    let blocks = random_blocks(13, 9);
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (open(a_dir.path(), 2), open(b_dir.path(), 2));
    b.set_pipelined(false).unwrap();
    for (height, c) in (1..).zip(&blocks) {
        // a switches mode every block.
        a.set_pipelined(height % 2 == 0).unwrap();
        assert_eq!(commit(&a, height, c), commit(&b, height, c));
        assert!(a.durable().is_some());
    }
    assert!(matches!(
        a.wait_durable(blocks.len() as u64 + 1),
        Err(StoreError::VersionNotAvailable { .. })
    ));
    assert_eq!(all(&a.latest_snapshot(), ""), all(&b.latest_snapshot(), ""));
    assert_eq!(counts(&a), counts(&b));
}
