//! Each bad transaction is refused with its SDK code. Refusals in decoding or the ante steps
//! change nothing at all; a failing message keeps only the fee and the sequence increment.

use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
use openledger_app::tx::execute::LocalPolicy;
use openledger_app::tx::{execute_tx, ExecMode, TxOutcome};
use openledger_auth::AuthRead;
use openledger_bank::BankRead;
use openledger_framework::{BlockCtx, StateDelta, StateRead};
use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode, TxSpec};
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    node: TestNode,
    alice: TestKey,
    bob: TestKey,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10 * OPEN),
    )
    .unwrap();
    // commit genesis so the committed snapshot holds the funded account
    node.block(vec![]).unwrap();
    Fixture {
        _dir: dir,
        node,
        alice,
        bob,
    }
}

fn block_ctx() -> BlockCtx {
    BlockCtx {
        chain_id: CHAIN.into(),
        height: 1,
        time_unix_secs: 0,
        time_nanos: 0,
    }
}

/// Run one tx on a fork of the latest committed state; report the outcome and whether any
/// verifiable state changed.
fn run(f: &Fixture, tx: &[u8], mode: ExecMode) -> (TxOutcome, bool) {
    let snap = f.node.app.storage().latest_snapshot();
    let mut state = StateDelta::new(snap);
    let outcome = execute_tx(&mut state, &block_ctx(), tx, mode, LocalPolicy::default()).unwrap();
    let changed = !state.changes().verifiable.is_empty();
    (outcome, changed)
}

fn send(f: &Fixture, amount: u128) -> TxSpec {
    TxSpec::new(
        CHAIN,
        vec![msg_send(&f.alice.address, &f.bob.address, amount)],
        0,
        0,
    )
}

fn assert_refused(outcome: &TxOutcome, changed: bool, code: u32) {
    let err = outcome.result.as_ref().unwrap_err();
    assert_eq!(err.code, code, "{}", err.log);
    assert!(!outcome.ante_passed);
    assert!(!changed, "a refused tx changed state");
}

#[test]
fn bad_signature_is_unauthorized() {
    let f = fixture();
    let mut raw = TxRaw::decode(send(&f, OPEN).sign(&f.alice).as_slice()).unwrap();
    raw.signatures[0][5] ^= 1;
    let (o, c) = run(&f, &raw.encode_to_vec(), ExecMode::Finalize);
    assert_refused(&o, c, 4);
}

#[test]
fn signature_by_another_key_is_refused() {
    let f = fixture();
    let tx = send(&f, OPEN).sign(&f.bob); // bob's key, alice's address
    let (o, c) = run(&f, &tx, ExecMode::Finalize);
    assert_refused(&o, c, 8);
}

#[test]
fn wrong_chain_id_fails_signature_verification() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.chain_id = "other-chain-1".into();
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 4);
}

#[test]
fn wrong_account_number_fails_signature_verification() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.account_number = 7;
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 4);
}

#[test]
fn replayed_sequence_is_code_32() {
    let mut f = fixture();
    let tx = send(&f, OPEN).sign(&f.alice);
    let (outcomes, _) = f.node.block(vec![tx.clone()]).unwrap();
    assert!(outcomes[0].result.is_ok());
    let (o, c) = run(&f, &tx, ExecMode::Finalize);
    assert_refused(&o, c, 32);
    assert!(o
        .result
        .unwrap_err()
        .log
        .contains("account sequence mismatch, expected 1, got 0"));
}

#[test]
fn insufficient_fee_is_code_13() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.fee = 200_000u128 * 1_000_000_000 - 1;
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 13);
}

#[test]
fn malformed_bytes_are_code_2() {
    let f = fixture();
    for bytes in [vec![0xff, 0x01, 0x02], vec![0x0a, 0x05, 0x01]] {
        let (o, c) = run(&f, &bytes, ExecMode::Finalize);
        assert_refused(&o, c, 2);
    }
    // unknown field appended to the body
    let raw = TxRaw::decode(send(&f, OPEN).sign(&f.alice).as_slice()).unwrap();
    let mut body = raw.body_bytes.clone();
    body.extend_from_slice(&[0xa0, 0x06, 0x01]); // field 100, varint 1
    let tampered = TxRaw {
        body_bytes: body,
        ..raw
    };
    let (o, c) = run(&f, &tampered.encode_to_vec(), ExecMode::Finalize);
    assert_refused(&o, c, 2);
}

#[test]
fn oversize_tx_is_code_21() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.memo = "x".repeat(70 * 1024);
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 21);
}

#[test]
fn long_memo_is_code_12() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.memo = "x".repeat(300);
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 12);
}

#[test]
fn unknown_message_is_code_6() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.msgs[0].type_url = "/cosmos.nothing.v1.MsgNothing".into();
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 6);
}

#[test]
fn expired_timeout_height_is_code_30() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    spec.timeout_height = 0;
    let ok = run(&f, &spec.sign(&f.alice), ExecMode::Finalize).0;
    assert!(ok.result.is_ok());
    let ctx = BlockCtx {
        height: 5,
        ..block_ctx()
    };
    spec.timeout_height = 4;
    let mut state = StateDelta::new(f.node.app.storage().latest_snapshot());
    let o = execute_tx(
        &mut state,
        &ctx,
        &spec.sign(&f.alice),
        ExecMode::Finalize,
        LocalPolicy::default(),
    )
    .unwrap();
    assert_eq!(o.result.unwrap_err().code, 30);
}

#[test]
fn unfunded_signer_is_refused() {
    let f = fixture();
    let spec = TxSpec::new(
        CHAIN,
        vec![msg_send(&f.bob.address, &f.alice.address, 1)],
        0,
        0,
    );
    let (o, c) = run(&f, &spec.sign(&f.bob), ExecMode::Finalize);
    assert_refused(&o, c, 9);
}

#[test]
fn out_of_gas_reverts_messages_but_charges_fee_and_sequence() {
    let f = fixture();
    let mut spec = send(&f, OPEN);
    // enough for the ante steps, not for the send
    // the ante steps alone (CheckTx) tell how much gas they need; give a little more
    let ante_gas = run(&f, &spec.sign(&f.alice), ExecMode::Check).0.gas_used;
    spec.gas_limit = ante_gas + 500;
    spec.fee = u128::from(spec.gas_limit) * 1_000_000_000;
    let snap = f.node.app.storage().latest_snapshot();
    let mut state = StateDelta::new(snap);
    let o = execute_tx(
        &mut state,
        &block_ctx(),
        &spec.sign(&f.alice),
        ExecMode::Finalize,
        LocalPolicy::default(),
    )
    .unwrap();
    let err = o.result.as_ref().unwrap_err();
    assert_eq!(err.code, 11, "{}", err.log);
    assert!(o.ante_passed);
    assert_eq!(o.gas_used, spec.gas_limit);
    assert_eq!(state.balance(&f.bob.address, "aopen").unwrap(), 0);
    assert_eq!(
        state.balance(&f.alice.address, "aopen").unwrap(),
        10 * OPEN - spec.fee
    );
    assert_eq!(
        state.account(&f.alice.address).unwrap().unwrap().sequence,
        1
    );
}

#[test]
fn insufficient_funds_fails_the_message_but_charges_fee_and_sequence() {
    let f = fixture();
    let spec = send(&f, 20 * OPEN);
    let snap = f.node.app.storage().latest_snapshot();
    let mut state = StateDelta::new(snap);
    let o = execute_tx(
        &mut state,
        &block_ctx(),
        &spec.sign(&f.alice),
        ExecMode::Finalize,
        LocalPolicy::default(),
    )
    .unwrap();
    assert_eq!(o.result.as_ref().unwrap_err().code, 5);
    assert_eq!(state.balance(&f.bob.address, "aopen").unwrap(), 0);
    assert_eq!(
        state.balance(&f.alice.address, "aopen").unwrap(),
        10 * OPEN - spec.fee
    );
    assert_eq!(
        state.account(&f.alice.address).unwrap().unwrap().sequence,
        1
    );
    assert!(state.get_raw(b"bank/nothing").unwrap().is_none());
}

#[test]
fn fee_larger_than_balance_is_code_5_and_changes_nothing() {
    let f = fixture();
    let mut spec = send(&f, 1);
    spec.fee = 11 * OPEN;
    let (o, c) = run(&f, &spec.sign(&f.alice), ExecMode::Finalize);
    assert_refused(&o, c, 5);
}

#[test]
fn process_proposal_rejects_a_block_with_an_invalid_tx_and_state_is_unchanged() {
    let mut f = fixture();
    let before = f.node.app.info();
    let good = send(&f, OPEN).sign(&f.alice);
    let mut raw = TxRaw::decode(good.as_slice()).unwrap();
    raw.signatures[0][3] ^= 1;
    let err = f.node.block(vec![good, raw.encode_to_vec()]);
    assert!(err.is_err());
    assert_eq!(f.node.app.info(), before);
}
