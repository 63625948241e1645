//! Reads at older heights, snapshot immutability, and pruning.

use std::path::Path;

use openledger_app::store::{verify_proof, CommitInfo, Storage, StoreConfig, StoreError};
use openledger_framework::{Changes, StateRead};

fn open(dir: &Path, keep_recent: u64) -> Storage {
    Storage::open(dir, StoreConfig { keep_recent }).unwrap()
}

fn put(c: &mut Changes, key: &str, value: &str) {
    c.verifiable
        .insert(key.as_bytes().to_vec(), Some(value.as_bytes().to_vec()));
}

fn commit(store: &Storage, height: u64, c: &Changes) -> CommitInfo {
    let prepared = store.prepare(height, c).unwrap();
    store.commit(prepared).unwrap()
}

/// Height `h` writes `bank/k/{h}` = h and `bank/counter` = h, and deletes `bank/k/{h-2}`.
fn block(height: u64) -> Changes {
    let mut c = Changes::default();
    put(&mut c, &format!("bank/k/{height:03}"), &height.to_string());
    put(&mut c, "bank/counter", &height.to_string());
    if height > 2 {
        c.verifiable
            .insert(format!("bank/k/{:03}", height - 2).into_bytes(), None);
    }
    c
}

fn value(snapshot: &impl StateRead, key: &str) -> Option<String> {
    snapshot
        .get_raw(key.as_bytes())
        .unwrap()
        .map(|v| String::from_utf8(v).unwrap())
}

#[test]
fn older_heights_read_their_own_values() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    for height in 1..=10 {
        commit(&store, height, &block(height));
    }
    for height in 1..=10u64 {
        let snapshot = store.snapshot_at(height).unwrap();
        assert_eq!(snapshot.height(), height);
        assert_eq!(value(&snapshot, "bank/counter"), Some(height.to_string()));
        for k in 1..=10u64 {
            let expected = (k + 2 > height && k <= height).then(|| k.to_string());
            assert_eq!(
                value(&snapshot, &format!("bank/k/{k:03}")),
                expected,
                "key {k} at height {height}"
            );
        }
        let keys: Vec<_> = snapshot
            .prefix_raw(b"bank/k/", None)
            .map(|kv| String::from_utf8(kv.unwrap().0).unwrap())
            .collect();
        let expected: Vec<_> = (height.saturating_sub(1).max(1)..=height)
            .map(|k| format!("bank/k/{k:03}"))
            .collect();
        assert_eq!(keys, expected, "keys at height {height}");
    }
    assert!(matches!(
        store.snapshot_at(11),
        Err(StoreError::VersionNotAvailable {
            requested: 11,
            latest: Some(10),
            ..
        })
    ));
    assert!(store.snapshot_at(0).is_err());
}

#[test]
fn a_snapshot_does_not_change_when_later_versions_are_committed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    let mut c = Changes::default();
    for i in 0..1000 {
        put(&mut c, &format!("bank/acct/{i:04}"), "old");
    }
    commit(&store, 1, &c);
    let snapshot = store.latest_snapshot();
    let mut iter = snapshot.prefix_raw(b"bank/acct/", None);
    let head: Vec<_> = iter.by_ref().take(100).map(|kv| kv.unwrap()).collect();

    // Overwrite, delete and add keys on both sides of the iterator's position.
    let mut c = Changes::default();
    for i in (0..1000).step_by(3) {
        put(&mut c, &format!("bank/acct/{i:04}"), "new");
    }
    for i in (1..1000).step_by(7) {
        c.verifiable
            .insert(format!("bank/acct/{i:04}").into_bytes(), None);
    }
    put(&mut c, "bank/acct/0500x", "added");
    commit(&store, 2, &c);

    let tail: Vec<_> = iter.map(|kv| kv.unwrap()).collect();
    assert_eq!(head.len() + tail.len(), 1000);
    for (i, (key, value)) in head.iter().chain(tail.iter()).enumerate() {
        assert_eq!(key, format!("bank/acct/{i:04}").as_bytes());
        assert_eq!(value, b"old");
    }
    assert_eq!(value(&snapshot, "bank/acct/0003"), Some("old".into()));
    assert_eq!(value(&snapshot, "bank/acct/0001"), Some("old".into()));
    assert_eq!(value(&snapshot, "bank/acct/0500x"), None);
    let latest = store.latest_snapshot();
    assert_eq!(value(&latest, "bank/acct/0003"), Some("new".into()));
    assert_eq!(value(&latest, "bank/acct/0001"), None);
    assert_eq!(value(&latest, "bank/acct/0500x"), Some("added".into()));
}

#[test]
fn snapshots_stay_consistent_while_another_thread_commits() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    let mut c = Changes::default();
    for i in 0..50 {
        put(&mut c, &format!("bank/acct/{i:02}"), "1");
    }
    commit(&store, 1, &c);
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || {
            for height in 2..=40u64 {
                let mut c = Changes::default();
                for i in 0..50 {
                    put(&mut c, &format!("bank/acct/{i:02}"), &height.to_string());
                }
                commit(&store, height, &c);
            }
        })
    };
    // Every read of one snapshot sees one height, whatever the writer does meanwhile.
    while !writer.is_finished() {
        let snapshot = store.latest_snapshot();
        let expected = snapshot.height().to_string();
        for i in 0..50 {
            assert_eq!(
                value(&snapshot, &format!("bank/acct/{i:02}")),
                Some(expected.clone())
            );
        }
        for kv in snapshot.prefix_raw(b"bank/acct/", None) {
            assert_eq!(kv.unwrap().1, expected.as_bytes());
        }
    }
    writer.join().unwrap();
}

#[test]
fn pruning_makes_old_heights_unreadable_and_keeps_recent_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 3);
    commit(&store, 1, &block(1));
    let early = store.latest_snapshot();
    let mut infos = vec![];
    for height in 2..=10 {
        infos.push(commit(&store, height, &block(height)));
    }
    assert_eq!(store.oldest_height(), Some(7));
    for height in 1..7 {
        assert!(
            matches!(
                store.snapshot_at(height),
                Err(StoreError::VersionNotAvailable {
                    oldest: Some(7),
                    latest: Some(10),
                    ..
                })
            ),
            "height {height} should be pruned"
        );
    }
    // A snapshot taken before its height was pruned errors instead of reading wrong data.
    assert!(early.get_raw(b"bank/counter").is_err());
    assert!(early.get_with_proof(b"bank/counter").is_err());
    assert!(early.prefix_raw(b"bank/", None).any(|kv| kv.is_err()));

    for height in 7..=10u64 {
        let snapshot = store.snapshot_at(height).unwrap();
        assert_eq!(value(&snapshot, "bank/counter"), Some(height.to_string()));
        let key = format!("bank/k/{height:03}");
        let (proven, proofs) = snapshot.get_with_proof(key.as_bytes()).unwrap();
        assert_eq!(proven, Some(height.to_string().into_bytes()));
        let app_hash = infos[height as usize - 2].app_hash;
        assert!(verify_proof(
            &app_hash,
            key.as_bytes(),
            proven.as_deref(),
            &proofs
        ));
        // A key deleted at 9 is still there at 7 and 8.
        let deleted = value(&snapshot, "bank/k/007");
        assert_eq!(deleted.is_some(), height < 9);
    }

    // The window survives a reopen, and a smaller window prunes more on the next commit.
    drop((early, store));
    let store = open(dir.path(), 1);
    assert_eq!(store.oldest_height(), Some(7));
    commit(&store, 11, &block(11));
    assert_eq!(store.oldest_height(), Some(10));
    assert!(store.snapshot_at(9).is_err());
    assert_eq!(
        value(&store.snapshot_at(10).unwrap(), "bank/counter"),
        Some("10".into())
    );
}

/// Update a fixed key set for `blocks` blocks; returns the entry counts after each block.
fn churn(dir: &Path, keep_recent: u64, blocks: u64) -> Vec<openledger_app::store::StoreStats> {
    let store = open(dir, keep_recent);
    let mut c = Changes::default();
    for i in 0..200 {
        put(&mut c, &format!("bank/acct/{i:03}"), "0");
        put(&mut c, &format!("staking/val/{i:03}"), "0");
    }
    commit(&store, 1, &c);
    let mut stats = vec![];
    for height in 2..=blocks {
        let mut c = Changes::default();
        for j in 0..50u64 {
            let i = (height * 37 + j * 13) % 200;
            put(&mut c, &format!("bank/acct/{i:03}"), &height.to_string());
        }
        // A key deleted and re-created now and then.
        if height % 5 == 0 {
            c.verifiable.insert(b"staking/val/000".to_vec(), None);
        }
        if height % 5 == 1 {
            put(&mut c, "staking/val/000", &height.to_string());
        }
        commit(&store, height, &c);
        stats.push(store.stats().unwrap());
    }
    stats
}

#[test]
fn pruning_bounds_the_data_kept_for_a_fixed_key_set() {
    let dir = tempfile::tempdir().unwrap();
    let pruned = churn(dir.path(), 5, 80);
    let at_20 = pruned[18];
    let at_80 = pruned[78];
    assert_eq!(at_80.versions, 6);
    // staking/val/000 is deleted at every fifth height.
    assert_eq!(at_80.latest_keys, 399);
    assert!(at_80.stale_records <= 6 * 3, "{at_80:?}");
    assert!(
        at_80.nodes <= at_20.nodes + at_20.nodes / 10,
        "nodes grew from {} to {}",
        at_20.nodes,
        at_80.nodes
    );

    // Without pruning the same churn keeps every version.
    let dir = tempfile::tempdir().unwrap();
    let unpruned = churn(dir.path(), 0, 80);
    assert_eq!(unpruned[78].versions, 80);
    assert!(unpruned[78].nodes > 3 * at_80.nodes);
}

/// splitmix64, for a reproducible random workload.
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

#[test]
fn every_height_matches_a_model_under_random_churn() {
    use std::collections::BTreeMap;

    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 0);
    let mut rng = Rng(99);
    let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let mut history = vec![];
    // A small key space with many deletions: leaves split, move and collapse all the time.
    for height in 1..=40u64 {
        let mut c = Changes::default();
        for _ in 0..rng.below(30) {
            let key = format!(
                "{}/k/{:02}",
                ["bank", "ibc"][rng.below(2) as usize],
                rng.below(40)
            );
            let value = (rng.below(3) != 0).then(|| format!("{height}-{}", rng.below(1000)));
            match &value {
                Some(v) => model.insert(key.clone().into_bytes(), v.clone().into_bytes()),
                None => model.remove(key.as_bytes()),
            };
            c.verifiable
                .insert(key.into_bytes(), value.map(String::into_bytes));
        }
        let info = commit(&store, height, &c);
        history.push((info, model.clone()));
    }
    for (height, (info, expected)) in (1u64..).zip(&history) {
        let snapshot = store.snapshot_at(height).unwrap();
        for substore in ["bank", "ibc"] {
            for k in 0..40 {
                let key = format!("{substore}/k/{k:02}").into_bytes();
                let want = expected.get(&key).cloned();
                assert_eq!(snapshot.get_raw(&key).unwrap(), want, "height {height}");
                let (proven, proofs) = snapshot.get_with_proof(&key).unwrap();
                assert_eq!(proven, want);
                assert!(verify_proof(&info.app_hash, &key, want.as_deref(), &proofs));
            }
        }
        let all: Vec<_> = snapshot
            .prefix_raw(b"", None)
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<_> = expected
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(all, want, "iteration at height {height}");
    }
}
