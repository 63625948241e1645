//! Finding 9: ProcessProposal stops at the first tx that fails decoding or the ante steps and
//! rejects the proposal without executing the rest of the block.

use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn setup(dir: &std::path::Path) -> (TestNode, Vec<Vec<u8>>) {
    let keys: Vec<TestKey> = (1..=40).map(TestKey::from_seed).collect();
    let mut node = TestNode::new(&dir.join("db"), CHAIN, &genesis_funding(&keys, OPEN)).unwrap();
    node.block(vec![]).unwrap();
    let to = TestKey::from_seed(999).address;
    let txs = keys
        .iter()
        .map(|k| node.sign(k, vec![msg_send(&k.address, &to, 1)]).unwrap())
        .collect();
    (node, txs)
}

#[test]
fn a_garbage_first_tx_is_rejected_after_one_execution() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, valid) = setup(dir.path());
    let mut txs = vec![b"not a transaction".to_vec()];
    txs.extend(valid.iter().cloned());

    let before = node.app.txs_executed();
    assert!(!node.process(&txs, None).unwrap());
    assert_eq!(node.app.txs_executed() - before, 1);

    // an invalid tx in the middle (a replayed sequence): executed up to it, not after it
    let mut txs = valid[..10].to_vec();
    txs.push(valid[0].clone());
    txs.extend(valid[10..].iter().cloned());
    let before = node.app.txs_executed();
    assert!(!node.process(&txs, None).unwrap());
    assert_eq!(node.app.txs_executed() - before, 11);

    // the valid block is accepted, every tx executed once
    let before = node.app.txs_executed();
    let (outcomes, _) = node.block(valid.clone()).unwrap();
    assert_eq!(outcomes.len(), valid.len());
    assert_eq!(node.app.txs_executed() - before, valid.len() as u64);
}
