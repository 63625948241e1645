//! SIGN_MODE_LEGACY_AMINO_JSON (what a Ledger and cosmjs' amino signers use) beside
//! SIGN_MODE_DIRECT: an amino-signed transaction executes through ProcessProposal and
//! FinalizeBlock exactly like the direct one, simulates to the same gas, and each bad amino
//! signature is refused with a clear error and changes nothing.

use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, ModeInfo, TxBody, TxRaw};
use openledger_app::tx::execute::LocalPolicy;
use openledger_app::tx::{execute_tx, ExecMode, TxOutcome};
use openledger_auth::AuthRead;
use openledger_bank::BankRead;
use openledger_framework::{BlockCtx, StateDelta};
use openledger_proto::amino_json::{std_sign_bytes, SignerData};
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
    node.block(vec![]).unwrap();
    Fixture {
        _dir: dir,
        node,
        alice,
        bob,
    }
}

fn send(f: &Fixture, amount: u128) -> TxSpec {
    let mut spec = TxSpec::new(
        CHAIN,
        vec![msg_send(&f.alice.address, &f.bob.address, amount)],
        0,
        0,
    );
    spec.memo = "ledger <ok> & signed".into();
    spec
}

/// `spec` with its signer info in sign mode `mode`, signed over the amino StdSignDoc of
/// `chain_id` / `sequence` (what a Ledger displays and signs).
fn amino_tx(spec: &TxSpec, key: &TestKey, mode: i32, chain_id: &str, sequence: u64) -> Vec<u8> {
    let (body_bytes, auth_info_bytes) = spec.parts(key);
    let mut auth = AuthInfo::decode(auth_info_bytes.as_slice()).unwrap();
    auth.signer_infos[0].mode_info = Some(ModeInfo {
        sum: Some(mode_info::Sum::Single(mode_info::Single { mode })),
    });
    let body = TxBody::decode(body_bytes.as_slice()).unwrap();
    let doc = std_sign_bytes(
        SignerData {
            chain_id,
            account_number: spec.account_number,
            sequence,
        },
        &body,
        auth.fee.as_ref(),
    )
    .unwrap();
    TxRaw {
        body_bytes,
        auth_info_bytes: auth.encode_to_vec(),
        signatures: vec![key.sign(&doc)],
    }
    .encode_to_vec()
}

fn amino(f: &Fixture, spec: &TxSpec) -> Vec<u8> {
    amino_tx(
        spec,
        &f.alice,
        SignMode::LegacyAminoJson as i32,
        CHAIN,
        spec.sequence,
    )
}

fn run(f: &Fixture, tx: &[u8], mode: ExecMode) -> (TxOutcome, bool) {
    let snap = f.node.app.storage().latest_snapshot();
    let mut state = StateDelta::new(snap);
    let ctx = BlockCtx {
        chain_id: CHAIN.into(),
        height: 2,
        time_unix_secs: 0,
        time_nanos: 0,
    };
    let outcome = execute_tx(&mut state, &ctx, tx, mode, LocalPolicy::default()).unwrap();
    let changed = !state.changes().verifiable.is_empty();
    (outcome, changed)
}

fn refused(f: &Fixture, tx: &[u8], code: u32, log_part: &str) {
    let (o, changed) = run(f, tx, ExecMode::Finalize);
    let err = o.result.as_ref().unwrap_err();
    assert_eq!(err.code, code, "{}", err.log);
    assert!(err.log.contains(log_part), "{}", err.log);
    assert!(err.log.len() < 200, "{}", err.log);
    assert!(!o.ante_passed);
    assert!(!changed, "a refused tx changed state");
    // CheckTx refuses it too
    let (o, _) = run(f, tx, ExecMode::Check);
    assert_eq!(o.result.unwrap_err().code, code);
}

fn balances(f: &Fixture) -> (u128, u128, u64) {
    let s = f.node.state();
    let a = s.balance(&f.alice.address, "aopen").unwrap();
    let b = s.balance(&f.bob.address, "aopen").unwrap();
    let seq = s.account(&f.alice.address).unwrap().unwrap().sequence;
    (
        a.to_string().parse().unwrap(),
        b.to_string().parse().unwrap(),
        seq,
    )
}

#[test]
fn amino_signed_send_executes_like_direct() {
    let mut direct = fixture();
    let mut legacy = fixture();
    let spec = send(&direct, 3 * OPEN);
    let (d, _) = direct.node.block(vec![spec.sign(&direct.alice)]).unwrap();
    let tx = amino(&legacy, &spec);
    let (a, _) = legacy.node.block(vec![tx]).unwrap();
    assert_eq!(a[0].result, Ok(()), "{:?}", a[0]);
    assert_eq!(d[0].result, Ok(()));
    assert_eq!(a[0].msg_responses, d[0].msg_responses);
    // same size (mode 1 and mode 127 are both one byte), same gas
    assert_eq!(a[0].gas_used, d[0].gas_used);
    let (alice_d, bob_d, seq_d) = balances(&direct);
    let (alice_a, bob_a, seq_a) = balances(&legacy);
    assert_eq!(bob_a, 3 * OPEN);
    assert_eq!((alice_a, bob_a, seq_a), (alice_d, bob_d, seq_d));
    assert_eq!(seq_a, 1);
    // the next one, at sequence 1
    let mut next = send(&legacy, OPEN);
    next.sequence = 1;
    let (a, _) = legacy.node.block(vec![amino(&legacy, &next)]).unwrap();
    assert_eq!(a[0].result, Ok(()), "{:?}", a[0]);
    assert_eq!(balances(&legacy).1, 4 * OPEN);
}

#[test]
fn amino_signed_tx_with_timeout_height_executes() {
    let mut f = fixture();
    let mut spec = send(&f, OPEN);
    spec.timeout_height = 1_000;
    let (a, _) = f.node.block(vec![amino(&f, &spec)]).unwrap();
    assert_eq!(a[0].result, Ok(()), "{:?}", a[0]);
}

#[test]
fn amino_simulation_matches_execution() {
    let f = fixture();
    let spec = send(&f, OPEN);
    let tx = amino(&f, &spec);
    // (the fork a simulation writes to is thrown away by its caller)
    let (sim, _) = run(&f, &tx, ExecMode::Simulate);
    assert_eq!(sim.result, Ok(()), "{:?}", sim);
    let (real, _) = run(&f, &tx, ExecMode::Finalize);
    assert_eq!(real.result, Ok(()));
    assert_eq!(sim.gas_used, real.gas_used);
}

#[test]
fn wrong_amino_signature_is_refused() {
    let f = fixture();
    let mut raw = TxRaw::decode(amino(&f, &send(&f, OPEN)).as_slice()).unwrap();
    raw.signatures[0][7] ^= 1;
    refused(&f, &raw.encode_to_vec(), 4, "signature verification failed");
    // a direct signature declared as amino does not verify either
    let spec = send(&f, OPEN);
    let mut raw = TxRaw::decode(spec.sign(&f.alice).as_slice()).unwrap();
    let good = TxRaw::decode(amino(&f, &spec).as_slice()).unwrap();
    raw.auth_info_bytes = good.auth_info_bytes;
    refused(&f, &raw.encode_to_vec(), 4, "signature verification failed");
}

#[test]
fn amino_signature_for_another_chain_is_refused() {
    let f = fixture();
    let spec = send(&f, OPEN);
    let tx = amino_tx(
        &spec,
        &f.alice,
        SignMode::LegacyAminoJson as i32,
        "other-chain-1",
        0,
    );
    refused(&f, &tx, 4, "signature verification failed");
}

#[test]
fn amino_signature_with_wrong_sequence_is_refused() {
    let f = fixture();
    // declared and signed sequence 5: the signature is good, the sequence is not
    let mut spec = send(&f, OPEN);
    spec.sequence = 5;
    refused(&f, &amino(&f, &spec), 32, "account sequence mismatch");
    // declared 0 but signed over 5
    let spec = send(&f, OPEN);
    let tx = amino_tx(&spec, &f.alice, SignMode::LegacyAminoJson as i32, CHAIN, 5);
    refused(&f, &tx, 4, "signature verification failed");
}

#[test]
fn unknown_and_unsupported_sign_modes_are_refused() {
    let f = fixture();
    let spec = send(&f, OPEN);
    for (mode, says) in [
        (999, "unknown sign mode 999"),
        (
            SignMode::Textual as i32,
            "SIGN_MODE_TEXTUAL is not supported",
        ),
        (
            SignMode::Unspecified as i32,
            "SIGN_MODE_UNSPECIFIED is not supported",
        ),
    ] {
        let tx = amino_tx(&spec, &f.alice, mode, CHAIN, 0);
        refused(&f, &tx, 4, says);
        let (o, _) = run(&f, &tx, ExecMode::Finalize);
        assert!(o
            .result
            .unwrap_err()
            .log
            .contains("use SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON"));
    }
}

#[test]
fn every_routed_message_can_be_signed_with_amino_json() {
    let urls = openledger_app::tx::msg::Msg::type_urls();
    assert!(urls.len() > 40, "{}", urls.len());
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/amino-json.md"
    ))
    .unwrap_or_default();
    let mut missing = Vec::new();
    for url in urls {
        let name = openledger_proto::amino_json::amino_name(&url);
        // IBC core messages (a relayer's) have no amino name in ibc-go either: direct mode only
        if url.starts_with("/ibc.core.") {
            assert!(name.is_none(), "{url}");
            continue;
        }
        assert!(name.is_some(), "{url} has no amino name");
        // docs/amino-json.md lists every routed message with its amino name
        let row = format!("| `{url}` | `{}` |", name.unwrap_or_default());
        if !doc.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/amino-json.md lacks:\n{}",
        missing.join("\n")
    );
}

#[test]
fn grpc_simulate_of_an_amino_tx_estimates_its_gas() {
    use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
    use openledger_app::query::abci::QueryGateway;
    let mut f = fixture();
    let mut spec = send(&f, OPEN);
    // as a Ledger wallet estimates: the amino mode declared, no fee, an empty signature
    spec.fee = 0;
    spec.gas_limit = 0;
    let signed = TxRaw::decode(amino(&f, &spec).as_slice()).unwrap();
    let unsigned = TxRaw {
        signatures: vec![vec![]],
        ..signed
    };
    let gw = QueryGateway::new(f.node.app.storage().clone(), LocalPolicy::default());
    let req = SimulateRequest {
        tx_bytes: unsigned.encode_to_vec(),
        ..Default::default()
    };
    let r = gw.query(
        "/cosmos.tx.v1beta1.Service/Simulate",
        &req.encode_to_vec(),
        0,
        false,
    );
    assert_eq!(r.code.value(), 0, "{}", r.log);
    let estimate = SimulateResponse::decode(r.value.as_ref())
        .unwrap()
        .gas_info
        .unwrap()
        .gas_used;
    let mut real = send(&f, OPEN);
    real.gas_limit = estimate * 13 / 10;
    real.fee = u128::from(real.gas_limit) * 1_000_000_000;
    let (out, _) = f.node.block(vec![amino(&f, &real)]).unwrap();
    assert_eq!(out[0].result, Ok(()), "estimate {estimate}: {:?}", out[0]);
    let used = out[0].gas_used;
    assert!(
        used.abs_diff(estimate) < 1_000,
        "estimate {estimate} vs used {used}"
    );
}
