//! ICS-23 proofs of the store: both levels verify against the app hash, and anything altered
//! is rejected.

use std::path::Path;

use ics23::commitment_proof::Proof;
use ics23::{CommitmentProof, HostFunctionsManager};
use openledger_app::store::{verify_proof, CommitInfo, Storage, StoreConfig, StoreError};
use openledger_framework::{Changes, StateRead};

fn open(dir: &Path) -> Storage {
    Storage::open(dir, StoreConfig { keep_recent: 0 }).unwrap()
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
    store.commit(prepared).unwrap()
}

/// The root of a substore proof (from its existence proof, or a neighbour's).
fn substore_root(proof: &CommitmentProof) -> Vec<u8> {
    let exist = match proof.proof.as_ref().unwrap() {
        Proof::Exist(e) => e,
        Proof::Nonexist(n) => n.left.as_ref().or(n.right.as_ref()).unwrap(),
        _ => panic!("unexpected proof kind"),
    };
    ics23::calculate_existence_root::<HostFunctionsManager>(exist).unwrap()
}

fn seeded(dir: &Path) -> (Storage, CommitInfo) {
    let store = open(dir);
    let puts: Vec<(String, String)> = (0..50)
        .map(|i| (format!("bank/balance/acct{i:03}"), format!("{}", i * 7)))
        .collect();
    let mut c = Changes::default();
    for (k, v) in &puts {
        c.verifiable
            .insert(k.clone().into_bytes(), Some(v.clone().into_bytes()));
    }
    c.verifiable.insert(
        b"ibc/clients/07-tendermint-0/clientState".to_vec(),
        Some(b"client-state".to_vec()),
    );
    let info = commit(&store, 1, &c);
    (store, info)
}

#[test]
fn existence_and_absence_proofs_verify_at_both_levels() {
    let dir = tempfile::tempdir().unwrap();
    let (store, info) = seeded(dir.path());
    let snapshot = store.latest_snapshot();
    assert_eq!(snapshot.app_hash(), info.app_hash);
    let spec = jmt::ics23_spec();
    let app_hash = info.app_hash.to_vec();

    // Existence.
    let key = b"bank/balance/acct007";
    let (value, proofs) = snapshot.get_with_proof(key).unwrap();
    assert_eq!(value.as_deref(), Some(&b"49"[..]));
    assert_eq!(snapshot.get_raw(key).unwrap(), value);
    assert_eq!(proofs.len(), 2);
    let root = substore_root(&proofs[0]);
    assert!(ics23::verify_membership::<HostFunctionsManager>(
        &proofs[0],
        &spec,
        &root,
        b"balance/acct007",
        b"49"
    ));
    assert!(ics23::verify_membership::<HostFunctionsManager>(
        &proofs[1], &spec, &app_hash, b"bank", &root
    ));
    assert!(verify_proof(&info.app_hash, key, Some(b"49"), &proofs));

    // Non-existence, in the same substore.
    let missing = b"bank/balance/acct999";
    let (value, proofs) = snapshot.get_with_proof(missing).unwrap();
    assert_eq!(value, None);
    assert!(matches!(
        proofs[0].proof.as_ref().unwrap(),
        Proof::Nonexist(_)
    ));
    let root = substore_root(&proofs[0]);
    assert!(ics23::verify_non_membership::<HostFunctionsManager>(
        &proofs[0],
        &spec,
        &root,
        b"balance/acct999"
    ));
    assert!(ics23::verify_membership::<HostFunctionsManager>(
        &proofs[1], &spec, &app_hash, b"bank", &root
    ));
    assert!(verify_proof(&info.app_hash, missing, None, &proofs));

    // A substore with a single key proves absence too.
    let (value, proofs) = snapshot.get_with_proof(b"ibc/clients/other").unwrap();
    assert_eq!(value, None);
    assert!(verify_proof(
        &info.app_hash,
        b"ibc/clients/other",
        None,
        &proofs
    ));
}

#[test]
fn tampered_proofs_wrong_values_and_wrong_app_hashes_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (store, info) = seeded(dir.path());
    let snapshot = store.latest_snapshot();
    let key = b"bank/balance/acct010";
    let (value, proofs) = snapshot.get_with_proof(key).unwrap();
    let value = value.unwrap();
    assert!(verify_proof(&info.app_hash, key, Some(&value), &proofs));

    // Wrong value, absence claimed for a present key, wrong key, wrong app hash.
    assert!(!verify_proof(
        &info.app_hash,
        key,
        Some(b"1000000"),
        &proofs
    ));
    assert!(!verify_proof(&info.app_hash, key, None, &proofs));
    assert!(!verify_proof(
        &info.app_hash,
        b"bank/balance/acct011",
        Some(&value),
        &proofs
    ));
    let mut other_hash = info.app_hash;
    other_hash[0] ^= 1;
    assert!(!verify_proof(&other_hash, key, Some(&value), &proofs));

    // The proof of a key in another substore under the same name does not transfer.
    assert!(!verify_proof(
        &info.app_hash,
        b"staking/balance/acct010",
        Some(&value),
        &proofs
    ));

    // Levels swapped, one level dropped, or an extra level.
    let swapped = vec![proofs[1].clone(), proofs[0].clone()];
    assert!(!verify_proof(&info.app_hash, key, Some(&value), &swapped));
    assert!(!verify_proof(
        &info.app_hash,
        key,
        Some(&value),
        &proofs[..1]
    ));
    let mut longer = proofs.clone();
    longer.push(proofs[1].clone());
    assert!(!verify_proof(&info.app_hash, key, Some(&value), &longer));

    // A flipped byte anywhere in the substore path or the root path.
    for level in 0..2 {
        let mut tampered = proofs.clone();
        let Some(Proof::Exist(exist)) = tampered[level].proof.as_mut() else {
            panic!("existence proof expected")
        };
        let step = exist.path.first_mut().unwrap();
        match step.suffix.first_mut() {
            Some(byte) => *byte ^= 0x80,
            None => *step.prefix.last_mut().unwrap() ^= 0x80,
        }
        assert!(!verify_proof(&info.app_hash, key, Some(&value), &tampered));
    }

    // A tampered non-existence proof: swap in the neighbour's value.
    let missing = b"bank/balance/acct0105";
    let (_, proofs) = snapshot.get_with_proof(missing).unwrap();
    assert!(verify_proof(&info.app_hash, missing, None, &proofs));
    let mut tampered = proofs.clone();
    let Some(Proof::Nonexist(non)) = tampered[0].proof.as_mut() else {
        panic!("non-existence proof expected")
    };
    non.left.as_mut().or(non.right.as_mut()).unwrap().value = b"forged".to_vec();
    assert!(!verify_proof(&info.app_hash, missing, None, &tampered));
    // A non-existence proof does not prove a different, present key absent.
    assert!(!verify_proof(
        &info.app_hash,
        b"bank/balance/acct010",
        None,
        &proofs
    ));
}

#[test]
fn unchanged_substores_still_prove_at_later_heights() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let h1 = commit(
        &store,
        1,
        &changes(&[("bank/a", "1"), ("ibc/commitments/1", "c1")], &[]),
    );
    let h2 = commit(&store, 2, &changes(&[("bank/a", "2")], &[]));
    // An empty block changes nothing verifiable: same app hash.
    let h3 = commit(&store, 3, &Changes::default());
    assert_ne!(h1.app_hash, h2.app_hash);
    assert_eq!(h2.app_hash, h3.app_hash);

    for (height, info, bank_value) in [(1, h1, "1"), (2, h2, "2"), (3, h3, "2")] {
        let snapshot = store.snapshot_at(height).unwrap();
        assert_eq!(snapshot.app_hash(), info.app_hash);
        let (value, proofs) = snapshot.get_with_proof(b"ibc/commitments/1").unwrap();
        assert_eq!(value.as_deref(), Some(&b"c1"[..]));
        assert!(verify_proof(
            &info.app_hash,
            b"ibc/commitments/1",
            Some(b"c1"),
            &proofs
        ));
        let (_, proofs) = snapshot.get_with_proof(b"ibc/commitments/2").unwrap();
        assert!(verify_proof(
            &info.app_hash,
            b"ibc/commitments/2",
            None,
            &proofs
        ));
        let (value, proofs) = snapshot.get_with_proof(b"bank/a").unwrap();
        assert_eq!(value.as_deref(), Some(bank_value.as_bytes()));
        assert!(verify_proof(
            &info.app_hash,
            b"bank/a",
            Some(bank_value.as_bytes()),
            &proofs
        ));
    }
    // A proof from height 1 does not verify against height 2's app hash.
    let (_, proofs) = store
        .snapshot_at(1)
        .unwrap()
        .get_with_proof(b"bank/a")
        .unwrap();
    assert!(!verify_proof(&h2.app_hash, b"bank/a", Some(b"1"), &proofs));
}

#[test]
fn absence_in_an_empty_substore_is_proved_by_the_root_tree() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let h1 = commit(
        &store,
        1,
        &changes(&[("bank/a", "1"), ("gov/p/1", "x")], &[]),
    );
    // Never written.
    let (value, proofs) = store
        .latest_snapshot()
        .get_with_proof(b"models/m/1")
        .unwrap();
    assert_eq!(value, None);
    assert_eq!(proofs.len(), 1);
    assert!(verify_proof(&h1.app_hash, b"models/m/1", None, &proofs));
    assert!(!verify_proof(
        &h1.app_hash,
        b"models/m/1",
        Some(b"x"),
        &proofs
    ));
    // The root-level proof of an empty substore says nothing about a non-empty one.
    assert!(!verify_proof(&h1.app_hash, b"gov/p/1", None, &proofs));

    // Emptied by deleting its only key.
    let h2 = commit(&store, 2, &changes(&[], &["gov/p/1"]));
    let (value, proofs) = store.latest_snapshot().get_with_proof(b"gov/p/1").unwrap();
    assert_eq!(value, None);
    assert_eq!(proofs.len(), 1);
    assert!(verify_proof(&h2.app_hash, b"gov/p/1", None, &proofs));
    // Still present at height 1.
    let (value, proofs) = store
        .snapshot_at(1)
        .unwrap()
        .get_with_proof(b"gov/p/1")
        .unwrap();
    assert_eq!(value.as_deref(), Some(&b"x"[..]));
    assert!(verify_proof(&h1.app_hash, b"gov/p/1", Some(b"x"), &proofs));
}

#[test]
fn keys_the_store_cannot_prove_are_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    // Nothing committed yet.
    assert!(matches!(
        store.latest_snapshot().get_with_proof(b"bank/a"),
        Err(StoreError::Proof(_))
    ));
    commit(
        &store,
        1,
        &changes(&[("bank/a", "1"), ("bank/empty", "")], &[]),
    );
    let snapshot = store.latest_snapshot();
    assert!(matches!(
        snapshot.get_with_proof(b"nope/a"),
        Err(StoreError::UnknownSubstore(_))
    ));
    assert!(matches!(
        snapshot.get_with_proof(b"bank/"),
        Err(StoreError::InvalidKey { .. })
    ));
    // Empty values are ordinary values, but ICS-23 cannot express them.
    assert_eq!(snapshot.get_raw(b"bank/empty").unwrap(), Some(Vec::new()));
    assert!(matches!(
        snapshot.get_with_proof(b"bank/empty"),
        Err(StoreError::Proof(_))
    ));
    assert!(!verify_proof(
        &snapshot.app_hash(),
        b"bank/empty",
        Some(b""),
        &[]
    ));
}
