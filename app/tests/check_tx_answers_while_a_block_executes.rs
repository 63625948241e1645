//! CheckTx has its own check state and lock: the mempool connection answers while the
//! consensus connection holds the app for a block, and after Commit the check state is the
//! new committed state (the txs it had accepted are checked again from there).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openledger_app::abci::mempool::MempoolService;
use openledger_app::app::BlockInput;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};
use tendermint::abci::request::{CheckTx, CheckTxKind};
use tendermint::v0_38::abci::{MempoolRequest, MempoolResponse};
use tower::Service;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

/// CheckTx through the mempool service, as CometBFT's mempool connection sends it; its code.
/// `None` if it has not answered within a minute (it would be waiting for the app lock).
async fn check(mempool: &MempoolService, tx: &[u8]) -> Option<u32> {
    let mut svc = mempool.clone();
    let req = MempoolRequest::CheckTx(CheckTx {
        tx: tx.to_vec().into(),
        kind: CheckTxKind::New,
    });
    let answer = tokio::spawn(async move { svc.call(req).await });
    match tokio::time::timeout(Duration::from_secs(60), answer).await {
        Ok(Ok(Ok(MempoolResponse::CheckTx(r)))) => Some(r.code.value()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_tx_answers_while_a_block_executes() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let keys = vec![alice.clone(), bob.clone()];
    let numbers = genesis_account_numbers(&keys);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(&keys, 1_000 * OPEN),
    )
    .unwrap();
    node.block(vec![]).unwrap();
    let tx = |k: usize, seq: u64| {
        let to = &keys[1 - k].address;
        TxSpec::new(
            CHAIN,
            vec![msg_send(&keys[k].address, to, OPEN)],
            numbers[k],
            seq,
        )
        .sign(&keys[k])
    };
    // a block of alice's txs, executed while CheckTx is asked about bob's
    const BLOCK_TXS: u64 = 200;
    let block: Vec<bytes::Bytes> = (0..BLOCK_TXS).map(|s| tx(0, s).into()).collect();
    let (height, time) = (
        node.height + 1,
        tendermint::Time::from_unix_timestamp(node.time + 1, 0).unwrap(),
    );
    let mempool = MempoolService::new(node.app.checker());
    let app = Arc::new(Mutex::new(node.app));

    let (holding_tx, holding) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let consensus = {
        let app = app.clone();
        std::thread::spawn(move || {
            let mut app = app.lock().unwrap();
            holding_tx.send(()).unwrap();
            let done = app
                .finalize_block(&block, vec![7; 32], height, time, &BlockInput::default())
                .unwrap();
            assert!(done.outcomes.iter().all(|o| o.result.is_ok()));
            // the app lock stays held until CheckTx has answered (or given up)
            let _ = release_rx.recv_timeout(Duration::from_secs(120));
            drop(app);
        })
    };
    holding.recv().unwrap();
    let during = check(&mempool, &tx(1, 0)).await;
    release.send(()).unwrap();
    consensus.join().unwrap();
    assert_eq!(
        during,
        Some(0),
        "CheckTx did not answer while a block executed"
    );

    // a second tx of bob queues behind the first in the check state
    assert_eq!(check(&mempool, &tx(1, 1)).await, Some(0));
    app.lock().unwrap().commit().unwrap();

    // after Commit: alice's sequences are the committed ones; bob's txs were not in the block,
    // so the check state starts again from his committed sequence 0
    assert_eq!(check(&mempool, &tx(0, BLOCK_TXS - 1)).await, Some(32));
    assert_eq!(check(&mempool, &tx(0, BLOCK_TXS)).await, Some(0));
    assert_eq!(check(&mempool, &tx(1, 1)).await, Some(32));
    assert_eq!(check(&mempool, &tx(1, 0)).await, Some(0));
    assert_eq!(check(&mempool, &tx(1, 1)).await, Some(0));
    let ctx = app.lock().unwrap().check_ctx();
    assert_eq!(ctx.height, height + 1);
    assert_eq!(ctx.time_unix_secs, node.time + 1);
}

/// CheckTx refuses a stale sequence before verifying the signature: a replayed tx whose
/// signature is also wrong is refused for its sequence (code 32), the cheap verdict; the same
/// tx at the right sequence is refused for its signature (code 4).
#[test]
fn check_tx_refuses_a_stale_sequence_before_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let keys = vec![alice.clone(), bob.clone()];
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(&keys, 10 * OPEN),
    )
    .unwrap();
    node.block(vec![]).unwrap();
    let send = |seq| {
        TxSpec::new(
            "another-chain-1",
            vec![msg_send(&alice.address, &bob.address, OPEN)],
            0,
            seq,
        )
    };
    let good = node
        .sign(&alice, vec![msg_send(&alice.address, &bob.address, OPEN)])
        .unwrap();
    let (outcomes, _) = node.block(vec![good]).unwrap();
    assert!(outcomes[0].result.is_ok());

    let stale = node.app.check_tx(&send(0).sign(&alice)).unwrap();
    let e = stale.result.unwrap_err();
    assert_eq!(e.code, 32);
    assert!(
        e.log
            .contains("account sequence mismatch, expected 1, got 0"),
        "{}",
        e.log
    );
    for _ in 0..2 {
        // the second time from the cache of bad verdicts: the same answer
        let bad = node.app.check_tx(&send(1).sign(&alice)).unwrap();
        let e = bad.result.unwrap_err();
        assert_eq!(e.code, 4);
        assert!(e.log.contains("signature verification failed"), "{}", e.log);
    }
}
