//! Prefix iteration over committed state: ascending, bounded by the prefix, from an inclusive
//! start, without deleted keys, at the latest and at older heights.

use std::collections::BTreeMap;
use std::path::Path;

use openledger_app::store::{Snapshot, Storage, StoreConfig};
use openledger_framework::{Changes, StateDelta, StateRead, StateWrite};

fn open(dir: &Path) -> Storage {
    Storage::open(dir, StoreConfig { keep_recent: 0 }).unwrap()
}

fn commit(store: &Storage, height: u64, c: &Changes) {
    let prepared = store.prepare(height, c).unwrap();
    store.commit(prepared).unwrap();
}

fn keys(snapshot: &impl StateRead, prefix: &str, start: Option<&str>) -> Vec<String> {
    snapshot
        .prefix_raw(prefix.as_bytes(), start.map(str::as_bytes))
        .map(|kv| String::from_utf8(kv.unwrap().0).unwrap())
        .collect()
}

/// The same iteration done on a plain ordered map, as the reference.
fn model(state: &BTreeMap<String, String>, prefix: &str, start: Option<&str>) -> Vec<String> {
    state
        .keys()
        .filter(|k| k.starts_with(prefix) && start.is_none_or(|s| k.as_str() >= s))
        .cloned()
        .collect()
}

fn apply(state: &mut BTreeMap<String, String>, c: &Changes) {
    for (k, v) in &c.verifiable {
        let k = String::from_utf8(k.clone()).unwrap();
        match v {
            Some(v) => state.insert(k, String::from_utf8(v.clone()).unwrap()),
            None => state.remove(&k),
        };
    }
}

const QUERIES: &[(&str, Option<&str>)] = &[
    ("", None),
    ("bank/", None),
    ("bank/balance/", None),
    ("bank/balance/a", None),
    ("bank/balance/ab", None),
    ("bank/balance/", Some("bank/balance/b")),
    ("bank/balance/", Some("bank/balance/b0500")),
    ("bank/balance/", Some("bank/balance/b0500x")),
    ("bank/balance/", Some("bank/")),
    ("bank/balance/", Some("bank/zzz")),
    ("bank/balance/b", Some("bank/balance/c")),
    ("bank/supply", None),
    ("staking/", None),
    ("ibc/", None),
    ("zzz/", None),
];

fn check_all(snapshot: &Snapshot, state: &BTreeMap<String, String>) {
    for (prefix, start) in QUERIES {
        assert_eq!(
            keys(snapshot, prefix, *start),
            model(state, prefix, *start),
            "prefix {prefix:?} start {start:?} at height {}",
            snapshot.height()
        );
    }
    // Values match too.
    for kv in snapshot.prefix_raw(b"", None) {
        let (k, v) = kv.unwrap();
        let k = String::from_utf8(k).unwrap();
        assert_eq!(state.get(&k).map(String::as_bytes), Some(v.as_slice()));
    }
}

#[test]
fn prefix_iteration_with_start_and_deletes_at_every_height() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut state = BTreeMap::new();
    let mut history = vec![];

    // More keys than one read chunk, in and around the prefixes queried.
    let mut c = Changes::default();
    for i in 0..1200 {
        c.verifiable.insert(
            format!("bank/balance/b{i:04}").into_bytes(),
            Some(i.to_string().into_bytes()),
        );
    }
    for key in [
        "bank/balance/a",
        "bank/balance/ab",
        "bank/balance/abc",
        "bank/supply",
        "bank/supplyx",
        "staking/v/1",
        "auth/acct/1",
    ] {
        c.verifiable
            .insert(key.as_bytes().to_vec(), Some(b"x".to_vec()));
    }
    apply(&mut state, &c);
    commit(&store, 1, &c);
    history.push(state.clone());

    // Delete a run of keys, every tenth key, and the only staking key; re-create one.
    let mut c = Changes::default();
    for i in (400..700).chain((0..1200).step_by(10)) {
        c.verifiable
            .insert(format!("bank/balance/b{i:04}").into_bytes(), None);
    }
    c.verifiable.insert(b"staking/v/1".to_vec(), None);
    c.verifiable.insert(b"bank/balance/ab".to_vec(), None);
    apply(&mut state, &c);
    commit(&store, 2, &c);
    history.push(state.clone());

    let mut c = Changes::default();
    c.verifiable
        .insert(b"bank/balance/b0500".to_vec(), Some(b"back".to_vec()));
    c.verifiable
        .insert(b"ibc/ports/transfer".to_vec(), Some(b"bound".to_vec()));
    apply(&mut state, &c);
    commit(&store, 3, &c);
    history.push(state.clone());

    check_all(&store.latest_snapshot(), &state);
    for (i, expected) in history.iter().enumerate() {
        check_all(&store.snapshot_at(i as u64 + 1).unwrap(), expected);
    }
}

#[test]
fn an_overlay_on_a_snapshot_merges_with_its_iteration() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut c = Changes::default();
    for k in ["bank/a", "bank/b", "bank/c"] {
        c.verifiable
            .insert(k.as_bytes().to_vec(), Some(b"1".to_vec()));
    }
    commit(&store, 1, &c);
    let mut delta = StateDelta::new(store.latest_snapshot());
    delta.delete(b"bank/b".to_vec()).unwrap();
    delta.put_raw(b"bank/bb".to_vec(), b"2".to_vec()).unwrap();
    assert_eq!(keys(&delta, "bank/", None), ["bank/a", "bank/bb", "bank/c"]);
    assert_eq!(keys(&delta, "bank/", Some("bank/b")), ["bank/bb", "bank/c"]);
}
