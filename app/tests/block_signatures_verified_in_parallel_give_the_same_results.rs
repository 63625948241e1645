//! A block's signatures not already in the signature cache are verified on every core before
//! its txs run in order. The results are exactly those of verifying each signature as its tx
//! runs: same codes, logs, gas, events and app hash, for a block mixing first txs of accounts
//! (public key set by the tx), consecutive txs of one sender, a tx from an account created
//! earlier in the same block, a bad signature and a stale sequence.

use openledger_app::tx::TxOutcome;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const SENDERS: usize = 80;

fn block(
    keys: &[TestKey],
    numbers: &[u64],
    newcomer: &TestKey,
    newcomer_number: u64,
) -> Vec<Vec<u8>> {
    let send = |from: &TestKey, number: u64, seq: u64, to: &TestKey, chain: &str| {
        TxSpec::new(
            chain,
            vec![msg_send(&from.address, &to.address, OPEN)],
            number,
            seq,
        )
        .sign(from)
    };
    let mut txs = Vec::new();
    // funds the newcomer, whose own tx comes later in the block
    txs.push(send(&keys[0], numbers[0], 0, newcomer, CHAIN));
    for i in 1..SENDERS {
        txs.push(send(
            &keys[i],
            numbers[i],
            0,
            &keys[(i + 1) % SENDERS],
            CHAIN,
        ));
    }
    for i in 1..10 {
        txs.push(send(&keys[i], numbers[i], 1, &keys[0], CHAIN));
    }
    // a small amount: the newcomer got 1 OPEN and pays a fee
    let small = msg_send(&newcomer.address, &keys[0].address, OPEN / 10);
    txs.push(TxSpec::new(CHAIN, vec![small], newcomer_number, 0).sign(newcomer));
    // a bad signature (signed for another chain) and a replayed sequence
    txs.push(send(&keys[20], numbers[20], 1, &keys[0], "another-chain-1"));
    txs.push(send(&keys[21], numbers[21], 0, &keys[0], CHAIN));
    txs
}

fn summary(outcomes: &[TxOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .map(|o| {
            format!(
                "{:?} {} {} {} {:?}",
                o.result, o.ante_passed, o.gas_wanted, o.gas_used, o.events
            )
        })
        .collect()
}

#[test]
fn block_signatures_verified_in_parallel_give_the_same_results() {
    let keys: Vec<TestKey> = (0..SENDERS as u64).map(TestKey::from_seed).collect();
    let numbers = genesis_account_numbers(&keys);
    let newcomer = TestKey::from_seed(1_000);
    let genesis = genesis_funding(&keys, 100 * OPEN);
    let newcomer_number = {
        // the account number the newcomer's funding gives it
        let dir = tempfile::tempdir().unwrap();
        let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
        node.block(vec![]).unwrap();
        let fund = TxSpec::new(
            CHAIN,
            vec![msg_send(&keys[0].address, &newcomer.address, OPEN)],
            numbers[0],
            0,
        );
        node.block(vec![fund.sign(&keys[0])]).unwrap();
        let state = node.app.storage().latest_snapshot();
        openledger_auth::AuthRead::account(&state, &newcomer.address)
            .unwrap()
            .unwrap()
            .account_number
    };
    let txs = block(&keys, &numbers, &newcomer, newcomer_number);

    let mut results = Vec::new();
    for parallel in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
        node.app.set_parallel_verify(parallel);
        node.block(vec![]).unwrap();
        // no CheckTx first: no signature is in the cache when the block runs
        let (outcomes, app_hash) = node.finalize_and_commit(txs.clone()).unwrap();
        results.push((summary(&outcomes), app_hash, outcomes));
    }
    let (parallel, sequential) = (&results[0], &results[1]);
    assert_eq!(parallel.0, sequential.0);
    assert_eq!(parallel.1, sequential.1);

    let outcomes = &parallel.2;
    let n = outcomes.len();
    for (i, o) in outcomes[..n - 2].iter().enumerate() {
        assert!(o.result.is_ok(), "tx {i}: {:?}", o.result);
    }
    assert_eq!(outcomes[n - 2].result.as_ref().unwrap_err().code, 4);
    assert_eq!(outcomes[n - 1].result.as_ref().unwrap_err().code, 32);
}
