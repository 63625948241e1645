//! Finding 6: queries cannot take the node's consensus threads or unbounded work. They run on
//! the blocking pool behind a limiter (at most N at once, the others wait up to the timeout and
//! are then refused), Simulate is capped in gas, and staking refuses huge pagination offsets.

use std::sync::mpsc;
use std::time::Duration;

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::staking::v1beta1::QueryValidatorsRequest;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::{QueryLimiter, QueryLimits};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::error::sdk;
use openledger_testkit::{genesis_with_validators, msg_send, TestKey, TestNode};
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const SIMULATE: &str = "/cosmos.tx.v1beta1.Service/Simulate";

fn limits(max_concurrent: usize, timeout_ms: u64, simulate_gas_cap: u64) -> QueryLimits {
    QueryLimits {
        max_concurrent,
        timeout: Duration::from_millis(timeout_ms),
        simulate_gas_cap,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limiter_runs_at_most_n_queries_and_refuses_beyond() {
    let limiter = QueryLimiter::new(limits(2, 300, 10_000_000));
    assert_eq!(limiter.available(), 2);
    // two heavy queries that run until released (past the timeout)
    let mut release = Vec::new();
    let mut running = Vec::new();
    for _ in 0..2 {
        let (tx, rx) = mpsc::channel::<()>();
        release.push(tx);
        let l = limiter.clone();
        running.push(tokio::spawn(async move {
            l.run(move || {
                let _ = rx.recv();
                Ok(1u32)
            })
            .await
        }));
    }
    while limiter.available() > 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // a third waits for a permit, and none frees up within the timeout: refused
    let e = limiter.run(|| Ok(3u32)).await.unwrap_err();
    assert_eq!(e.grpc, tonic::Code::ResourceExhausted);
    assert!(e.message.contains("node busy"), "{}", e.message);
    // the two ran past the timeout: answered with an error, but they kept their permits
    // until they really ended, so no more than two ever ran
    assert_eq!(limiter.available(), 0);
    for tx in release {
        tx.send(()).unwrap();
    }
    for r in running {
        let e = r.await.unwrap().unwrap_err();
        assert_eq!(e.grpc, tonic::Code::DeadlineExceeded);
    }
    while limiter.available() < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // with the permits back, a query runs
    assert_eq!(limiter.run(|| Ok(4u32)).await.unwrap(), 4);
}

fn setup(dir: &std::path::Path) -> (TestNode, TestKey) {
    let keys = vec![TestKey::from_seed(1)];
    let g = genesis_with_validators(&keys, 100 * OPEN, 1, 10 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.join("db"), CHAIN, &g).unwrap();
    node.block(vec![]).unwrap();
    let k = keys[0].clone();
    (node, k)
}

fn simulate_req(tx: Vec<u8>) -> Vec<u8> {
    SimulateRequest {
        tx_bytes: tx,
        ..Default::default()
    }
    .encode_to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_over_the_gas_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut node, k) = setup(dir.path());
    let gw = QueryGateway::with_limits(
        node.app.storage().clone(),
        LocalPolicy::default(),
        limits(1, 5_000, 1_000_000),
    );
    let to = TestKey::from_seed(9).address;

    node.gas_limit = 2_000_000;
    let tx = node.sign(&k, vec![msg_send(&k.address, &to, 1)]).unwrap();
    let r = gw
        .query_limited(SIMULATE.into(), simulate_req(tx), 0, false)
        .await;
    assert_eq!(r.code.value(), sdk::INVALID_GAS_LIMIT, "{}", r.log);
    assert!(
        r.log
            .contains("exceeds this node's simulate_gas_cap 1000000"),
        "{}",
        r.log
    );

    // within the cap, and with a gas limit of 0 (run with the cap), it answers
    for gas in [500_000, 0] {
        node.gas_limit = gas;
        let tx = node.sign(&k, vec![msg_send(&k.address, &to, 1)]).unwrap();
        let r = gw
            .query_limited(SIMULATE.into(), simulate_req(tx), 0, false)
            .await;
        assert_eq!(r.code.value(), 0, "{}", r.log);
        let sim = SimulateResponse::decode(r.value.as_ref()).unwrap();
        let used = sim.gas_info.unwrap().gas_used;
        assert!(used > 0 && used <= 1_000_000);
    }
}

#[test]
fn staking_refuses_a_huge_pagination_offset() {
    let dir = tempfile::tempdir().unwrap();
    let (node, _) = setup(dir.path());
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let path = "/cosmos.staking.v1beta1.Query/Validators";
    let req = |offset: u64| {
        QueryValidatorsRequest {
            status: String::new(),
            pagination: Some(PageRequest {
                offset,
                limit: 10,
                ..Default::default()
            }),
        }
        .encode_to_vec()
    };
    let r = gw.query(path, &req(10_000_001), 0, false);
    assert_ne!(r.code.value(), 0);
    assert!(r.log.contains("offset 10000001"), "{}", r.log);
    let r = gw.query(
        path,
        &req(openledger_staking::rpc::MAX_PAGE_OFFSET),
        0,
        false,
    );
    assert_eq!(r.code.value(), 0, "{}", r.log);
    let r = gw.query(path, &req(0), 0, false);
    assert_eq!(r.code.value(), 0, "{}", r.log);
}
