//! CheckTx keeps a check state: a sender can queue consecutive sequences; a replay or a gap
//! is refused with code 32; after Commit the check state restarts from committed state.

use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode, TxSpec};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

#[test]
fn check_tx_tracks_pending_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10 * OPEN),
    )
    .unwrap();
    let tx = |seq| {
        TxSpec::new(
            CHAIN,
            vec![msg_send(&alice.address, &bob.address, OPEN)],
            0,
            seq,
        )
        .sign(&alice)
    };

    assert!(node.app.check_tx(&tx(0)).unwrap().result.is_ok());
    assert!(node.app.check_tx(&tx(1)).unwrap().result.is_ok());
    assert_eq!(
        node.app.check_tx(&tx(1)).unwrap().result.unwrap_err().code,
        32
    );
    assert_eq!(
        node.app.check_tx(&tx(5)).unwrap().result.unwrap_err().code,
        32
    );

    // Block contains only the first; after commit, recheck of the second passes and the
    // first is now a replay.
    let (outcomes, _) = node.block(vec![tx(0)]).unwrap();
    assert!(outcomes[0].result.is_ok());
    assert!(node.app.check_tx(&tx(1)).unwrap().result.is_ok());
    assert_eq!(
        node.app.check_tx(&tx(0)).unwrap().result.unwrap_err().code,
        32
    );
}
