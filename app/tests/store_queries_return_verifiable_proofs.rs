//! ABCI `Query` on `store/<substore>/key` with `prove=true` returns the value and two ICS-23
//! proofs (key in substore, substore in root) that verify against the committed app hash,
//! also for absent keys and at an older height.

use openledger_app::query::abci::{QueryGateway, PROOF_OP_TYPE};
use openledger_app::store::verify_proof;
use openledger_app::tx::execute::LocalPolicy;
use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode, TxSpec};
use prost::Message;

const CHAIN: &str = "openledger-test-1";

fn proofs(r: &tendermint::abci::response::Query) -> Vec<ics23::CommitmentProof> {
    let ops = &r.proof.as_ref().expect("proof requested").ops;
    assert_eq!(ops.len(), 2);
    assert!(ops.iter().all(|o| o.field_type == PROOF_OP_TYPE));
    ops.iter()
        .map(|o| ics23::CommitmentProof::decode(o.data.as_slice()).unwrap())
        .collect()
}

#[test]
fn store_queries_return_verifiable_proofs() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10u128.pow(21)),
    )
    .unwrap();
    let (_, hash1) = node.block(vec![]).unwrap();
    let tx = TxSpec::new(
        CHAIN,
        vec![msg_send(&alice.address, &bob.address, 77)],
        0,
        0,
    )
    .sign(&alice);
    let (_, hash2) = node.block(vec![tx]).unwrap();
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());

    // bob's balance key inside the bank substore
    let inner = openledger_bank::state_key::balance(&bob.address, "aopen")
        .strip_prefix(b"bank/")
        .unwrap()
        .to_vec();
    let full = [b"bank/".as_slice(), &inner].concat();

    let r = gw.query("store/bank/key", &inner, 0, true);
    assert_eq!(r.code.value(), 0, "{}", r.log);
    assert_eq!(r.height.value(), 2);
    assert_eq!(
        u128::from_be_bytes(r.value.as_ref().try_into().unwrap()),
        77
    );
    let p = proofs(&r);
    assert!(verify_proof(&hash2, &full, Some(&r.value), &p));
    assert!(!verify_proof(
        &hash2,
        &full,
        Some(&78u128.to_be_bytes()),
        &p
    ));
    assert!(!verify_proof(&hash1, &full, Some(&r.value), &p));

    // at height 1 bob had nothing: a non-existence proof against that height's app hash
    let r = gw.query("store/bank/key", &inner, 1, true);
    assert_eq!(r.code.value(), 0, "{}", r.log);
    assert!(r.value.is_empty());
    assert!(verify_proof(&hash1, &full, None, &proofs(&r)));

    // unknown substore: a clear error
    let r = gw.query("store/nothing/key", b"x", 0, true);
    assert_ne!(r.code.value(), 0);
}
