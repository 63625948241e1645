//! Determinism: the same genesis and blocks on two fresh stores give the same app hash at
//! every height, and a store reopened after a restart continues identically.

use openledger_app::app::BlockInput;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};

const CHAIN: &str = "openledger-test-1";

fn blocks(keys: &[TestKey]) -> Vec<Vec<Vec<u8>>> {
    let mut seqs = vec![0u64; keys.len()];
    let numbers = genesis_account_numbers(keys);
    let mut out = Vec::new();
    for b in 0..12u64 {
        let mut txs = Vec::new();
        for i in 0..keys.len() {
            if (b + i as u64).is_multiple_of(3) {
                continue;
            }
            let to = &keys[(i + 1 + b as usize) % keys.len()].address;
            let spec = TxSpec::new(
                CHAIN,
                vec![msg_send(&keys[i].address, to, 1000 + b as u128)],
                numbers[i],
                seqs[i],
            );
            seqs[i] += 1;
            txs.push(spec.sign(&keys[i]));
        }
        out.push(txs);
    }
    out
}

#[test]
fn same_blocks_give_the_same_app_hash() {
    let keys: Vec<TestKey> = (0..6).map(TestKey::from_seed).collect();
    let genesis = genesis_funding(&keys, 1_000_000_000_000_000_000_000);
    let blocks = blocks(&keys);
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = TestNode::new(&d1.path().join("db"), CHAIN, &genesis).unwrap();
    let mut b = TestNode::new(&d2.path().join("db"), CHAIN, &genesis).unwrap();
    let mut hashes = Vec::new();
    for txs in &blocks[..6] {
        let (oa, ha) = a.block(txs.clone()).unwrap();
        let (_, hb) = b.finalize_and_commit(txs.clone()).unwrap();
        assert!(oa.iter().all(|o| o.result.is_ok()));
        assert_eq!(ha, hb);
        hashes.push(ha);
    }
    // restart node a from disk and continue
    drop(a);
    let mut a = TestNode::reopen(&d1.path().join("db"), CHAIN).unwrap();
    assert_eq!(a.height, 6);
    for txs in &blocks[6..] {
        let (_, ha) = a.block(txs.clone()).unwrap();
        let (_, hb) = b.block(txs.clone()).unwrap();
        assert_eq!(ha, hb);
        hashes.push(ha);
    }
    hashes.dedup();
    assert_eq!(hashes.len(), 12, "every block changed state");
}

#[test]
fn finalized_but_uncommitted_block_is_not_persisted() {
    let keys: Vec<TestKey> = (0..2).map(TestKey::from_seed).collect();
    let genesis = genesis_funding(&keys, 1_000_000_000_000_000_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let txs = blocks(&keys);
    let mut node = TestNode::new(&path, CHAIN, &genesis).unwrap();
    node.block(txs[0].clone()).unwrap();
    let committed = node.app.info();
    // finalize block 2 but "crash" before Commit
    let t: Vec<bytes::Bytes> = txs[1].iter().cloned().map(Into::into).collect();
    let pending_hash = node
        .app
        .finalize_block(
            &t,
            vec![2; 32],
            2,
            tendermint::Time::unix_epoch(),
            &BlockInput::default(),
        )
        .unwrap()
        .app_hash;
    drop(node);
    let mut node = TestNode::reopen(&path, CHAIN).unwrap();
    assert_eq!(node.app.info(), committed);
    // CometBFT replays block 2: same result
    let replayed = node
        .app
        .finalize_block(
            &t,
            vec![2; 32],
            2,
            tendermint::Time::unix_epoch(),
            &BlockInput::default(),
        )
        .unwrap()
        .app_hash;
    assert_eq!(replayed, pending_hash);
    node.app.commit().unwrap();
    assert_eq!(node.app.info().0, 2);
}
