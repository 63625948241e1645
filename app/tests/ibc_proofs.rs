//! Proofs of the `ibc` substore as a counterparty checks them: ibc-rs' own Merkle verifier,
//! with the proof specs our chain announces, against the app hash, for a present path, an
//! absent one (the timeout of an unordered packet needs it), and tampered inputs.

use ibc::core::commitment_types::commitment::CommitmentRoot;
use ibc::core::commitment_types::merkle::{MerklePath, MerkleProof};
use ibc::core::host::types::path::PathBytes;
use ics23::HostFunctionsManager;
use openledger_app::store::{Storage, StoreConfig};
use openledger_framework::Changes;

const CLIENT_PATH: &str = "clients/07-tendermint-0/clientState";
const COMMITMENT_PATH: &str = "commitments/ports/transfer/channels/channel-0/sequences/1";
const RECEIPT_PATH: &str = "receipts/ports/transfer/channels/channel-0/sequences/9";

fn seeded(dir: &std::path::Path) -> (Storage, [u8; 32]) {
    let store = Storage::open(dir, StoreConfig { keep_recent: 0 }).unwrap();
    let mut c = Changes::default();
    for i in 0..40u32 {
        c.verifiable.insert(
            format!("bank/balance/acct{i:03}").into_bytes(),
            Some(i.to_be_bytes().to_vec()),
        );
    }
    c.verifiable.insert(
        format!("ibc/{CLIENT_PATH}").into_bytes(),
        Some(b"client-state".to_vec()),
    );
    c.verifiable.insert(
        format!("ibc/{COMMITMENT_PATH}").into_bytes(),
        Some(vec![7; 32]),
    );
    let prepared = store.prepare(1, &c).unwrap();
    let info = store.commit(prepared).unwrap();
    (store, info.app_hash)
}

fn merkle_proof(store: &Storage, path: &str) -> (Option<Vec<u8>>, MerkleProof) {
    let snapshot = store.latest_snapshot();
    let (value, proofs) = snapshot
        .get_with_proof(format!("ibc/{path}").as_bytes())
        .unwrap();
    (value, MerkleProof { proofs })
}

fn merkle_path(path: &str) -> MerklePath {
    MerklePath::new(vec![
        PathBytes::from_bytes(b"ibc"),
        PathBytes::from_bytes(path.as_bytes()),
    ])
}

#[test]
fn a_counterparty_verifies_our_ibc_proofs_with_the_specs_we_announce() {
    let dir = tempfile::tempdir().unwrap();
    let (store, app_hash) = seeded(dir.path());
    let specs = openledger_ibc::our_proof_specs();
    let root = CommitmentRoot::from_bytes(&app_hash);

    let (value, proof) = merkle_proof(&store, CLIENT_PATH);
    assert_eq!(value.as_deref(), Some(&b"client-state"[..]));
    proof
        .verify_membership::<HostFunctionsManager>(
            &specs,
            root.clone().into(),
            merkle_path(CLIENT_PATH),
            b"client-state".to_vec(),
            0,
        )
        .expect("membership verifies");

    // a packet receipt never written: the absence is proven
    let (value, proof) = merkle_proof(&store, RECEIPT_PATH);
    assert_eq!(value, None);
    proof
        .verify_non_membership::<HostFunctionsManager>(
            &specs,
            root.clone().into(),
            merkle_path(RECEIPT_PATH),
        )
        .expect("non-membership verifies");
}

#[test]
fn tampered_values_paths_and_roots_fail_ibc_verification() {
    let dir = tempfile::tempdir().unwrap();
    let (store, app_hash) = seeded(dir.path());
    let specs = openledger_ibc::our_proof_specs();
    let root = CommitmentRoot::from_bytes(&app_hash);
    let (_, proof) = merkle_proof(&store, COMMITMENT_PATH);

    // a different value
    assert!(proof
        .verify_membership::<HostFunctionsManager>(
            &specs,
            root.clone().into(),
            merkle_path(COMMITMENT_PATH),
            vec![8; 32],
            0,
        )
        .is_err());
    // the proof of one path for another
    assert!(proof
        .verify_membership::<HostFunctionsManager>(
            &specs,
            root.clone().into(),
            merkle_path(CLIENT_PATH),
            vec![7; 32],
            0,
        )
        .is_err());
    // another root (a different height's app hash)
    let mut other = app_hash;
    other[0] ^= 1;
    assert!(proof
        .verify_membership::<HostFunctionsManager>(
            &specs,
            CommitmentRoot::from_bytes(&other).into(),
            merkle_path(COMMITMENT_PATH),
            vec![7; 32],
            0,
        )
        .is_err());
    // a present key cannot be proven absent
    assert!(proof
        .verify_non_membership::<HostFunctionsManager>(
            &specs,
            root.into(),
            merkle_path(COMMITMENT_PATH),
        )
        .is_err());
    // the specs of a Cosmos SDK chain (IAVL) do not verify our JMT proofs
    assert!(proof
        .verify_membership::<HostFunctionsManager>(
            &ibc::core::commitment_types::specs::ProofSpecs::cosmos(),
            CommitmentRoot::from_bytes(&app_hash).into(),
            merkle_path(COMMITMENT_PATH),
            vec![7; 32],
            0,
        )
        .is_err());
}
