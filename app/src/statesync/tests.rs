use std::path::Path;

use openledger_framework::{Changes, StateRead};

use super::format::{SnapshotMeta, FORMAT, MAX_METADATA_BYTES};
use super::restore::{ChunkOutcome, OfferRefusal, Restore};
use super::writer::{write_to_dir, SnapshotStore};
use crate::store::{Storage, StoreConfig, StoreError};

fn open(dir: &Path) -> Storage {
    Storage::open(dir, StoreConfig { keep_recent: 0 }).unwrap()
}

fn change(pairs: &[(&str, Option<&str>)], nonverifiable: &[(&str, &str)]) -> Changes {
    let mut c = Changes::default();
    for (k, v) in pairs {
        c.verifiable
            .insert(k.as_bytes().to_vec(), v.map(|v| v.as_bytes().to_vec()));
    }
    for (k, v) in nonverifiable {
        c.nonverifiable
            .insert(k.as_bytes().to_vec(), Some(v.as_bytes().to_vec()));
    }
    c
}

fn commit(storage: &Storage, height: u64, c: &Changes) {
    let prepared = storage.prepare(height, c).unwrap();
    storage.commit(prepared).unwrap();
}

/// Heights 1..=4 touching different substores, one emptied again, with many keys so the
/// stream spans several small chunks.
fn build(storage: &Storage) {
    let many: Vec<(String, String)> = (0..60)
        .map(|i| (format!("bank/balance/{i:03}"), format!("{}", i * 7)))
        .collect();
    let many: Vec<(&str, Option<&str>)> = many
        .iter()
        .map(|(k, v)| (k.as_str(), Some(v.as_str())))
        .collect();
    commit(storage, 1, &change(&many, &[("app/chain_id", "test-1")]));
    commit(
        storage,
        2,
        &change(
            &[("auth/acc/1", Some("a")), ("gov/p/1", Some("x"))],
            &[("app/last_block_time", "2")],
        ),
    );
    commit(
        storage,
        3,
        &change(&[("gov/p/1", None), ("models/m/1", Some("m"))], &[]),
    );
    commit(
        storage,
        4,
        &change(
            &[("bank/balance/005", Some("changed"))],
            &[("app/last_block_time", "4")],
        ),
    );
}

fn entries(storage: &Storage) -> Vec<(Vec<u8>, Vec<u8>)> {
    storage
        .latest_snapshot()
        .prefix_raw(b"", None)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn export(storage: &Storage, dir: &Path, chunk_bytes: u32) -> SnapshotMeta {
    let state = storage.latest_snapshot();
    let nv = storage.nonverifiable_entries(100).unwrap();
    write_to_dir(dir, &state, &nv, chunk_bytes).unwrap()
}

fn chunks(dir: &Path, meta: &SnapshotMeta) -> Vec<Vec<u8>> {
    (0..meta.chunks())
        .map(|i| std::fs::read(dir.join(format!("chunk-{i:05}"))).unwrap())
        .collect()
}

fn offer(meta: &SnapshotMeta, app_hash: &[u8]) -> Result<Restore, OfferRefusal> {
    Restore::offer(
        meta.format,
        meta.height,
        meta.chunks(),
        &meta.hash(),
        &meta.encode().unwrap(),
        app_hash,
    )
}

#[test]
fn two_stores_with_the_same_state_write_identical_chunks() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (open(&tmp.path().join("a")), open(&tmp.path().join("b")));
    build(&a);
    build(&b);
    let (da, db) = (tmp.path().join("sa"), tmp.path().join("sb"));
    std::fs::create_dir_all(&da).unwrap();
    std::fs::create_dir_all(&db).unwrap();
    let (ma, mb) = (export(&a, &da, 97), export(&b, &db, 97));
    assert_eq!(ma, mb);
    assert!(ma.chunks() > 3, "{} chunks", ma.chunks());
    assert_eq!(chunks(&da, &ma), chunks(&db, &mb));
    assert_eq!(ma.height, 4);
    assert_eq!(ma.app_hash, a.latest().unwrap().app_hash);
}

#[test]
fn a_restored_store_equals_the_exporting_one_and_follows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    build(&a);
    let dir = tmp.path().join("s");
    std::fs::create_dir_all(&dir).unwrap();
    let meta = export(&a, &dir, 97);

    let b = open(&tmp.path().join("b"));
    let mut restore = offer(&meta, &meta.app_hash).unwrap();
    let all = chunks(&dir, &meta);
    let last = all.len() - 1;
    for (i, chunk) in all.iter().enumerate() {
        match restore.apply(&b, i as u32, chunk) {
            ChunkOutcome::More if i < last => {}
            ChunkOutcome::Restored(info) if i == last => {
                assert_eq!(info.height, 4);
                assert_eq!(info.app_hash, meta.app_hash);
            }
            other => panic!("chunk {i}: {other:?}"),
        }
    }
    assert_eq!(b.latest(), a.latest());
    assert_eq!(entries(&b), entries(&a));
    assert_eq!(a.snapshot_at(3).unwrap().get_raw(b"gov/p/1").unwrap(), None);
    assert_eq!(
        b.nonverifiable_entries(100).unwrap(),
        a.nonverifiable_entries(100).unwrap()
    );
    let (va, vb) = (
        a.latest_snapshot().tree_versions().unwrap(),
        b.latest_snapshot().tree_versions().unwrap(),
    );
    // The same tree versions, gov's (emptied at height 3) included.
    assert_eq!(vb, va);
    assert_eq!(
        va.substores[crate::store::SUBSTORES
            .iter()
            .position(|s| *s == "gov")
            .unwrap()],
        Some(3)
    );
    assert_eq!(b.latest_snapshot().get_raw(b"gov/p/1").unwrap(), None);
    // Proofs verify against the same root.
    let (value, _) = b.latest_snapshot().get_with_proof(b"models/m/1").unwrap();
    assert_eq!(value, Some(b"m".to_vec()));
    // Older heights are absent.
    assert!(matches!(
        b.snapshot_at(3),
        Err(StoreError::VersionNotAvailable { .. })
    ));
    // The same next blocks give the same roots.
    let next = change(
        &[
            ("gov/p/2", Some("y")),
            ("bank/balance/001", None),
            ("auth/acc/2", Some("b")),
        ],
        &[("app/last_block_time", "5")],
    );
    commit(&a, 5, &next);
    commit(&b, 5, &next);
    commit(&a, 6, &change(&[("models/m/1", Some("n"))], &[]));
    commit(&b, 6, &change(&[("models/m/1", Some("n"))], &[]));
    assert_eq!(b.latest(), a.latest());
    assert_eq!(entries(&b), entries(&a));
    assert_eq!(
        b.snapshot_at(4)
            .unwrap()
            .get_raw(b"bank/balance/001")
            .unwrap(),
        Some(b"7".to_vec())
    );
}

#[test]
fn a_corrupted_chunk_is_fetched_again() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    build(&a);
    let dir = tmp.path().join("s");
    std::fs::create_dir_all(&dir).unwrap();
    let meta = export(&a, &dir, 97);
    let b = open(&tmp.path().join("b"));
    let mut restore = offer(&meta, &meta.app_hash).unwrap();
    let all = chunks(&dir, &meta);
    let mut bad = all[0].clone();
    bad[3] ^= 1;
    assert!(matches!(restore.apply(&b, 0, &bad), ChunkOutcome::Refetch));
    let mut short = all[0].clone();
    short.pop();
    assert!(matches!(
        restore.apply(&b, 0, &short),
        ChunkOutcome::Refetch
    ));
    // Out of order.
    assert!(matches!(
        restore.apply(&b, 1, &all[1]),
        ChunkOutcome::Refetch
    ));
    // The right chunk is still accepted afterwards.
    assert!(matches!(restore.apply(&b, 0, &all[0]), ChunkOutcome::More));
    assert!(b.latest().is_none());
}

#[test]
fn a_state_that_is_not_the_trusted_one_is_refused_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    build(&a);
    let dir = tmp.path().join("s");
    std::fs::create_dir_all(&dir).unwrap();
    let meta = export(&a, &dir, 97);

    // CometBFT trusts another hash than the snapshot claims.
    assert!(matches!(
        offer(&meta, &[9; 32]),
        Err(OfferRefusal::Snapshot(_))
    ));
    assert!(matches!(
        offer(&meta, &[9; 3]),
        Err(OfferRefusal::Snapshot(_))
    ));

    // A snapshot claiming the trusted hash for another state: refused at the end.
    let mut forged = meta.clone();
    forged.app_hash = [9; 32];
    let b = open(&tmp.path().join("b"));
    let mut restore = offer(&forged, &[9; 32]).unwrap();
    let all = chunks(&dir, &meta);
    let last = all.len() - 1;
    for (i, chunk) in all.iter().enumerate() {
        let outcome = restore.apply(&b, i as u32, chunk);
        if i < last {
            assert!(matches!(outcome, ChunkOutcome::More));
        } else {
            assert!(
                matches!(outcome, ChunkOutcome::RejectSnapshot(_)),
                "{outcome:?}"
            );
        }
    }
    assert!(b.latest().is_none());
    assert!(entries(&b).is_empty());
    assert!(b.nonverifiable_entries(100).unwrap().is_empty());
    assert_eq!(b.stats().unwrap().nodes, 0);
}

#[test]
fn unknown_formats_and_bad_or_oversized_metadata_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    build(&a);
    let dir = tmp.path().join("s");
    std::fs::create_dir_all(&dir).unwrap();
    let meta = export(&a, &dir, 97);
    let hash = meta.hash();
    let bytes = meta.encode().unwrap();
    let try_offer = |format, height, chunks, hash: &[u8], metadata: &[u8]| {
        Restore::offer(format, height, chunks, hash, metadata, &meta.app_hash).err()
    };
    assert_eq!(
        try_offer(FORMAT + 1, 4, meta.chunks(), &hash, &bytes),
        Some(OfferRefusal::Format)
    );
    assert!(matches!(
        try_offer(FORMAT, 4, meta.chunks(), &hash, b"garbage"),
        Some(OfferRefusal::Snapshot(_))
    ));
    assert!(matches!(
        try_offer(
            FORMAT,
            4,
            meta.chunks(),
            &hash,
            &vec![0; MAX_METADATA_BYTES + 1]
        ),
        Some(OfferRefusal::Snapshot(_))
    ));
    assert!(matches!(
        try_offer(FORMAT, 5, meta.chunks(), &hash, &bytes),
        Some(OfferRefusal::Snapshot(_))
    ));
    assert!(matches!(
        try_offer(FORMAT, 4, meta.chunks() + 1, &hash, &bytes),
        Some(OfferRefusal::Snapshot(_))
    ));
    assert!(matches!(
        try_offer(FORMAT, 4, meta.chunks(), &[0; 32], &bytes),
        Some(OfferRefusal::Snapshot(_))
    ));
    let mut huge = meta.clone();
    huge.total_bytes = u64::MAX;
    assert!(matches!(
        try_offer(
            FORMAT,
            4,
            meta.chunks(),
            &huge.hash(),
            &huge.encode().unwrap()
        ),
        Some(OfferRefusal::Snapshot(_))
    ));
}

#[test]
fn the_store_keeps_the_newest_snapshots_and_serves_their_chunks() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    let store = SnapshotStore::new(tmp.path().join("snapshots"));
    build(&a);
    let nv = a.nonverifiable_entries(100).unwrap();
    // A crash's leftover is cleaned up by the next write.
    std::fs::create_dir_all(tmp.path().join("snapshots/.tmp-1/x")).unwrap();
    for h in 2..=4 {
        let state = a.snapshot_at(h).unwrap();
        store.write(&state, &nv, 50, 2).unwrap();
    }
    assert_eq!(store.heights(), vec![3, 4]);
    let listed = store.list();
    assert_eq!(listed.len(), 2);
    let meta = &listed[1];
    assert_eq!(meta.height, 4);
    let first = store.chunk(4, FORMAT, 0).unwrap();
    assert_eq!(super::format::sha256(&first), meta.chunk_hashes[0]);
    assert!(store.chunk(4, FORMAT, meta.chunks()).is_none());
    assert!(store.chunk(4, FORMAT + 1, 0).is_none());
    assert!(store.chunk(2, FORMAT, 0).is_none());
    assert!(!tmp.path().join("snapshots/.tmp-4").exists());
    assert!(!tmp.path().join("snapshots/.tmp-1").exists());
}

#[test]
fn the_snapshotter_writes_only_due_heights() {
    let tmp = tempfile::tempdir().unwrap();
    let a = open(&tmp.path().join("a"));
    build(&a);
    let store = SnapshotStore::new(tmp.path().join("snapshots"));
    assert!(super::Snapshotter::new(store.clone(), 0, 2).is_none());
    let every3 = super::Snapshotter::new(store.clone(), 3, 2).unwrap();
    assert!(
        every3.after_commit(&a).is_none(),
        "4 is not a multiple of 3"
    );
    let every2 = super::Snapshotter::new(store.clone(), 2, 2).unwrap();
    every2.after_commit(&a).unwrap().join().unwrap();
    assert_eq!(store.heights(), vec![4]);
    assert_eq!(
        store.meta(4).unwrap().app_hash,
        a.latest().unwrap().app_hash
    );
}
