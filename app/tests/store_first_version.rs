//! The first version of a store (the genesis state) is written in key-ordered batches, the
//! latest-height marker in the last one: written that way it equals a version written in one
//! batch, and a write interrupted part-way reopens as a fresh store that commits the same
//! version to the same app hash.

use std::path::Path;

use openledger_app::store::{CommitInfo, Storage, StoreConfig, StoreError, StoreStats};
use openledger_framework::{Changes, StateRead};

/// Open a store, waiting while a store dropped just before still holds the directory's file
/// lock (sled's background threads release it a moment after the last handle is dropped).
fn open(dir: &Path) -> Storage {
    let mut tries = 0;
    loop {
        match Storage::open(dir, StoreConfig { keep_recent: 2 }) {
            Err(StoreError::Backend(e)) if e.contains("could not acquire lock") && tries < 500 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
}

/// A genesis-like first version: `accounts` keys in two substores plus non-verifiable writes.
fn genesis(accounts: u32) -> Changes {
    let mut c = Changes::default();
    for i in 0..accounts {
        c.verifiable.insert(
            format!("bank/balance/acct{i:07}").into_bytes(),
            Some(format!("{}", u64::from(i) * 7 + 1).into_bytes()),
        );
        if i % 3 == 0 {
            c.verifiable.insert(
                format!("auth/account/acct{i:07}").into_bytes(),
                Some(format!("seq-{i}").into_bytes()),
            );
        }
    }
    for i in 0..50u32 {
        c.nonverifiable
            .insert(format!("index/{i}").into_bytes(), Some(vec![1, 2, 3]));
    }
    c
}

fn later_block() -> Changes {
    let mut c = Changes::default();
    c.verifiable
        .insert(b"bank/balance/acct0000003".to_vec(), None);
    c.verifiable
        .insert(b"bank/balance/new".to_vec(), Some(b"9".to_vec()));
    c
}

fn commit(store: &Storage, height: u64, c: &Changes) -> CommitInfo {
    let prepared = store.prepare(height, c).unwrap();
    let app_hash = prepared.app_hash();
    let info = store.commit(prepared).unwrap();
    assert_eq!(info, CommitInfo { height, app_hash });
    store.wait_durable(height).unwrap()
}

/// Entry counts, without the disk size (which differs between two databases).
fn counts(store: &Storage) -> StoreStats {
    StoreStats {
        size_on_disk: 0,
        ..store.stats().unwrap()
    }
}

fn everything(store: &Storage) -> Vec<(Vec<u8>, Vec<u8>)> {
    store
        .latest_snapshot()
        .prefix_raw(b"", None)
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_first_version_written_in_batches_equals_one_written_in_one_batch() {
    let (first, next) = (genesis(5_000), later_block());
    let one_dir = tempfile::tempdir().unwrap();
    let one = open(one_dir.path());
    one.set_first_write_batch_size(usize::MAX);
    let batched_dir = tempfile::tempdir().unwrap();
    let batched = open(batched_dir.path());

    let want = commit(&one, 7, &first);
    assert_eq!(commit(&batched, 7, &first), want);
    assert_eq!(counts(&batched), counts(&one));
    assert!(counts(&batched).latest_keys > 6_000);
    assert_eq!(everything(&batched), everything(&one));
    let want_next = commit(&one, 8, &next);
    assert_eq!(commit(&batched, 8, &next), want_next);
    drop((one, batched));

    // Both read back the same after reopening, at both heights.
    let (one, batched) = (open(one_dir.path()), open(batched_dir.path()));
    assert_eq!(batched.latest(), Some(want_next));
    assert_eq!(counts(&batched), counts(&one));
    assert_eq!(everything(&batched), everything(&one));
    for store in [&one, &batched] {
        let at_7 = store.snapshot_at(7).unwrap();
        assert_eq!(at_7.app_hash(), want.app_hash);
        assert_eq!(
            at_7.get_raw(b"bank/balance/acct0000003").unwrap(),
            Some(b"22".to_vec())
        );
        assert_eq!(
            store
                .latest_snapshot()
                .get_raw(b"bank/balance/acct0000003")
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .latest_snapshot()
                .nonverifiable_get_raw(b"index/49")
                .unwrap(),
            Some(vec![1, 2, 3])
        );
    }
}

#[test]
fn an_interrupted_first_write_reopens_as_a_fresh_store_and_commits_the_same_version() {
    let first = genesis(5_000);
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = open(reference_dir.path());
    let want = commit(&reference, 1, &first);

    for pipelined in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = open(dir.path());
            store.set_pipelined(pipelined).unwrap();
            store.interrupt_first_write_after(3);
            let prepared = store.prepare(1, &first).unwrap();
            assert_eq!(prepared.app_hash(), want.app_hash);
            let written = store
                .commit(prepared)
                .and_then(|_| store.wait_durable(1))
                .unwrap_err();
            assert!(written.to_string().contains("interrupted"), "{written}");
            assert_eq!(store.durable(), None);
        }
        let store = open(dir.path());
        assert_eq!(store.latest(), None, "pipelined: {pipelined}");
        assert_eq!(store.durable(), None);
        assert_eq!(counts(&store), StoreStats::default());
        assert!(everything(&store).is_empty());

        assert_eq!(commit(&store, 1, &first), want);
        assert_eq!(counts(&store), counts(&reference));
        assert_eq!(everything(&store), everything(&reference));
        drop(store);
        let store = open(dir.path());
        assert_eq!(store.latest(), Some(want));
        assert_eq!(counts(&store), counts(&reference));
    }
}
