//! Simulate as cosmjs does it (empty fee, SIGN_MODE_UNSPECIFIED, empty signature): the
//! estimate is within a few hundred gas of what the signed tx really uses, and nothing persists.

use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{
    mode_info, AuthInfo, SimulateRequest, SimulateResponse, TxRaw,
};
use openledger_app::query::abci::QueryGateway;
use openledger_app::tx::execute::LocalPolicy;
use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode, TxSpec};
use prost::Message;

const CHAIN: &str = "openledger-test-1";

#[test]
fn simulation_estimates_real_gas() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10u128.pow(21)),
    )
    .unwrap();
    node.block(vec![]).unwrap();

    let mut spec = TxSpec::new(CHAIN, vec![msg_send(&alice.address, &bob.address, 5)], 0, 0);
    spec.fee = 0;
    spec.gas_limit = 0;
    let (body_bytes, auth_info_bytes) = spec.parts(&alice);
    let mut auth = AuthInfo::decode(auth_info_bytes.as_slice()).unwrap();
    auth.signer_infos[0].mode_info = Some(cosmos_sdk_proto::cosmos::tx::v1beta1::ModeInfo {
        sum: Some(mode_info::Sum::Single(mode_info::Single {
            mode: SignMode::Unspecified as i32,
        })),
    });
    let unsigned = TxRaw {
        body_bytes,
        auth_info_bytes: auth.encode_to_vec(),
        signatures: vec![vec![]],
    };
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let req = SimulateRequest {
        tx_bytes: unsigned.encode_to_vec(),
        ..Default::default()
    };
    let before = node.app.info();
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
    assert_eq!(node.app.info(), before, "simulation persisted nothing");

    let mut real = TxSpec::new(CHAIN, vec![msg_send(&alice.address, &bob.address, 5)], 0, 0);
    // wallets multiply the estimate by an adjustment (cosmjs "auto": 1.4, the CLI: 1.3)
    real.gas_limit = estimate * 13 / 10;
    real.fee = u128::from(real.gas_limit) * 1_000_000_000;
    let (outcomes, _) = node.block(vec![real.sign(&alice)]).unwrap();
    assert_eq!(
        outcomes[0].result,
        Ok(()),
        "estimate {estimate} too low: {:?}",
        outcomes[0]
    );
    // the only difference left is the size of the fee and gas fields the signed tx adds
    let used = outcomes[0].gas_used;
    assert!(
        used.abs_diff(estimate) < 1_000,
        "estimate {estimate} vs used {used}"
    );
}
