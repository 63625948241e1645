//! Finding 12: CheckTx (and Simulate) run at the next height and the last committed block's
//! time, as the SDK's check state does, not at the Unix epoch; the time survives a restart.
//! A time-dependent result (an unbonding's completion time) is what the next block gives,
//! up to the time between the two blocks.

use cosmos_sdk_proto::cosmos::staking::v1beta1::{MsgUndelegate, MsgUndelegateResponse};
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use openledger_app::app::App;
use openledger_app::query::abci::QueryGateway;
use openledger_app::store::{Storage, StoreConfig};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::VALOPER_PREFIX;
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};
use prost::{Message, Name};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn completion_secs(responses: &[cosmos_sdk_proto::Any]) -> i64 {
    let a = &responses[0];
    assert_eq!(a.type_url, MsgUndelegateResponse::type_url());
    let r = MsgUndelegateResponse::decode(a.value.as_slice()).unwrap();
    r.completion_time.unwrap().seconds
}

#[test]
fn check_tx_and_simulate_run_at_the_last_block_time() {
    let dir = tempfile::tempdir().unwrap();
    let keys = vec![TestKey::from_seed(1)];
    let g = genesis_with_validators(&keys, 100 * OPEN, 1, 10 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &g).unwrap();
    node.block_secs = 5;
    node.advance_to(3).unwrap();

    let ctx = node.app.check_ctx();
    assert_eq!(ctx.height, node.height + 1);
    assert_eq!(ctx.time_unix_secs, node.time);

    // an undelegation: its completion time is the block time plus the unbonding time
    let k = &keys[0];
    let msg = MsgUndelegate {
        delegator_address: k.address.to_string(),
        validator_address: k.address.to_bech32(VALOPER_PREFIX),
        amount: Some(coin(OPEN)),
    };
    let tx = node.sign(k, vec![any(&msg)]).unwrap();
    assert!(node.app.check_tx(&tx).unwrap().result.is_ok());
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let req = SimulateRequest {
        tx_bytes: tx.clone(),
        ..Default::default()
    };
    let r = gw.query(
        "/cosmos.tx.v1beta1.Service/Simulate",
        &req.encode_to_vec(),
        0,
        false,
    );
    assert_eq!(r.code.value(), 0, "{}", r.log);
    let sim = SimulateResponse::decode(r.value.as_ref()).unwrap();
    let simulated = completion_secs(&sim.result.unwrap().msg_responses);

    let (outcomes, _) = node.block(vec![tx]).unwrap();
    assert!(outcomes[0].result.is_ok(), "{:?}", outcomes[0].result);
    let executed = completion_secs(&outcomes[0].msg_responses);
    // the simulation ran at the last block's time, the block `block_secs` later
    assert_eq!(executed - simulated, node.block_secs);

    // after a restart, CheckTx still runs at the last committed block's time
    let (height, time) = (node.height, node.time);
    drop(gw);
    drop(node);
    let storage = reopen(&dir.path().join("db"));
    let app = App::new(storage, LocalPolicy::default()).unwrap();
    let ctx = app.check_ctx();
    assert_eq!(ctx.height, height + 1);
    assert_eq!(ctx.time_unix_secs, time);
}

/// Open the store again; sled's background flusher may hold the lock for a moment after the
/// node is dropped.
fn reopen(path: &std::path::Path) -> Storage {
    for _ in 0..100 {
        if let Ok(s) = Storage::open(path, StoreConfig { keep_recent: 0 }) {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Storage::open(path, StoreConfig { keep_recent: 0 }).unwrap()
}
