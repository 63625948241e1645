//! FinalizeBlock + Commit latency with and without a heavy query load (security finding 6).
//! Queries go through the node's query path: the `QueryGateway` the ABCI `Query` connection
//! and the gRPC services share, which runs them on tokio's blocking pool behind its limiter.
//! The load is 16 concurrent clients, each looping over the heaviest queries we answer:
//! Simulate of a 1,000-message tx at the simulation gas cap, a live gov TallyResult over
//! `BENCH_VOTERS` votes (default 10,000, the cap), and staking ValidatorDelegations pages of
//! 1,000 over as many delegations. Blocks carry `BENCH_TXS` bank sends.
//!
//! Run: `cargo bench -p openledgerd --bench finalize_under_queries`
//! Env: BENCH_VOTERS=10000, BENCH_BLOCKS=60, BENCH_TXS=100, BENCH_CLIENTS="0,16",
//! BENCH_QUERY_CONCURRENCY="0,16" (0: the node's default, half the cores).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking_pb;
use cosmos_sdk_proto::cosmos::tx::v1beta1::SimulateRequest;
use openledger_app::genesis::AppGenesis;
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::QueryLimits;
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::{Coins, VALOPER_PREFIX};
use openledger_gov::proto::MsgLock;
use openledger_testkit::{any, coin, genesis_with_validators, msg_send, TestKey, TestNode};
use prost::Message;

const CHAIN: &str = "openledger-bench-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const VALIDATORS: usize = 4;
const SIM_MSGS: usize = 1000;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len().saturating_sub(1) * p) / 100]
}

struct Setup {
    _dir: tempfile::TempDir,
    node: TestNode,
    keys: Vec<TestKey>,
    queries: Vec<(&'static str, Vec<u8>)>,
}

/// A chain with `voters` accounts that each delegated to validator 0, locked OPEN for gOPEN
/// and voted on proposal 1 (still in its voting period).
fn setup(voters: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..(VALIDATORS + voters) as u64)
        .map(TestKey::from_seed)
        .collect();
    let mut genesis: AppGenesis =
        genesis_with_validators(&keys, 1_000_000 * OPEN, VALIDATORS, 1_000 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10_000_000;
            g.params.max_deposit_period_secs = 10_000_000;
            g.params.min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
        })
        .unwrap();
    genesis
        .edit("auth", |g: &mut openledger_auth::GenesisState| {
            g.params.max_msgs_per_tx = 1024;
            g.params.max_tx_bytes = 4 * 1024 * 1024;
        })
        .unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.check_invariants = false;
    node.gas_limit = 5_000_000;
    node.block(vec![]).unwrap();

    let proposer = &keys[0];
    let tx = node
        .sign(
            proposer,
            vec![any(&gov_pb::MsgSubmitProposal {
                messages: vec![],
                initial_deposit: vec![coin(10 * OPEN)],
                proposer: proposer.address.to_string(),
                metadata: "ipfs://bench".into(),
                title: "bench".into(),
                summary: "a proposal with many votes".into(),
                expedited: false,
            })],
        )
        .unwrap();
    let (out, _) = node.block(vec![tx]).unwrap();
    assert!(out[0].result.is_ok(), "{:?}", out[0].result);

    let validator = keys[0].address.to_bech32(VALOPER_PREFIX);
    let t = Instant::now();
    for chunk in keys[VALIDATORS..].chunks(1000) {
        let txs = chunk
            .iter()
            .map(|k| {
                node.sign(
                    k,
                    vec![
                        any(&staking_pb::MsgDelegate {
                            delegator_address: k.address.to_string(),
                            validator_address: validator.clone(),
                            amount: Some(coin(10 * OPEN)),
                        }),
                        any(&MsgLock {
                            owner: k.address.to_string(),
                            amount: Some(coin(10 * OPEN)),
                        }),
                        any(&gov_pb::MsgVote {
                            proposal_id: 1,
                            voter: k.address.to_string(),
                            option: gov_pb::VoteOption::Yes as i32,
                            metadata: String::new(),
                        }),
                    ],
                )
                .unwrap()
            })
            .collect();
        let (outs, _) = node.block(txs).unwrap();
        assert!(outs.iter().all(|o| o.result.is_ok()));
    }
    println!(
        "setup: {voters} accounts delegated, locked and voted in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // Simulate: a tx of SIM_MSGS sends with gas limit 0, so it runs with the node's cap.
    let gas = node.gas_limit;
    node.gas_limit = 0;
    let sender = &keys[VALIDATORS];
    let to = keys[1].address;
    let sim_tx = node
        .sign(
            sender,
            (0..SIM_MSGS)
                .map(|_| msg_send(&sender.address, &to, 1))
                .collect(),
        )
        .unwrap();
    node.gas_limit = gas;
    let queries = vec![
        (
            "/cosmos.tx.v1beta1.Service/Simulate",
            SimulateRequest {
                tx_bytes: sim_tx,
                ..Default::default()
            }
            .encode_to_vec(),
        ),
        (
            "/cosmos.gov.v1.Query/TallyResult",
            gov_pb::QueryTallyResultRequest { proposal_id: 1 }.encode_to_vec(),
        ),
        (
            "/cosmos.staking.v1beta1.Query/ValidatorDelegations",
            staking_pb::QueryValidatorDelegationsRequest {
                validator_addr: validator,
                pagination: Some(PageRequest {
                    limit: 1000,
                    ..Default::default()
                }),
            }
            .encode_to_vec(),
        ),
    ];
    Setup {
        _dir: dir,
        node,
        keys,
        queries,
    }
}

/// Sign `n` sends from distinct voters, for the next block.
fn sends(s: &Setup, n: usize, round: usize) -> Vec<Vec<u8>> {
    let voters = &s.keys[VALIDATORS..];
    (0..n)
        .map(|i| {
            let k = &voters[(round * n + i) % voters.len()];
            s.node
                .sign(k, vec![msg_send(&k.address, &s.keys[2].address, 1)])
                .unwrap()
        })
        .collect()
}

fn main() {
    let voters = env_list("BENCH_VOTERS", "10000")[0];
    let blocks = env_list("BENCH_BLOCKS", "60")[0];
    let per_block = env_list("BENCH_TXS", "100")[0].min(voters);
    let clients = env_list("BENCH_CLIENTS", "0,16");
    let concurrency = env_list("BENCH_QUERY_CONCURRENCY", "0,16");
    let mut s = setup(voters);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();

    // One run of each query alone, on an idle node.
    let gw = QueryGateway::with_limits(
        s.node.app.storage().clone(),
        LocalPolicy::default(),
        QueryLimits::default(),
    );
    for (path, data) in &s.queries {
        let t = Instant::now();
        let r = rt.block_on(gw.query_limited(path.to_string(), data.clone(), 0, false));
        let log: String = r.log.chars().take(100).collect();
        println!(
            "query {path}: code {} in {:.1} ms, {} bytes {log}",
            r.code.value(),
            ms(t.elapsed()),
            r.value.len()
        );
    }

    let mut round = 0;
    for &limit in &concurrency {
        let limits = QueryLimits {
            max_concurrent: limit,
            ..QueryLimits::default()
        };
        let gw =
            QueryGateway::with_limits(s.node.app.storage().clone(), LocalPolicy::default(), limits);
        for &n in &clients {
            if n == 0 && limit != concurrency[0] {
                continue; // the idle baseline does not depend on the limit
            }
            let stop = Arc::new(AtomicBool::new(false));
            let done = Arc::new(AtomicU64::new(0));
            let refused = Arc::new(AtomicU64::new(0));
            let mut tasks = Vec::new();
            for c in 0..n {
                let (gw, stop, done, refused) =
                    (gw.clone(), stop.clone(), done.clone(), refused.clone());
                let queries = s.queries.clone();
                tasks.push(rt.spawn(async move {
                    let mut i = c;
                    while !stop.load(Ordering::Relaxed) {
                        let (path, data) = &queries[i % queries.len()];
                        let r = gw
                            .query_limited(path.to_string(), data.clone(), 0, false)
                            .await;
                        // busy or timed out: the limiter said no; anything else was answered
                        if r.log.starts_with("node busy") || r.log.starts_with("query timed out") {
                            refused.fetch_add(1, Ordering::Relaxed);
                        } else {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        i += 1;
                    }
                }));
            }
            // let the load build up
            std::thread::sleep(Duration::from_millis(if n > 0 { 500 } else { 0 }));
            let t_all = Instant::now();
            let mut times = Vec::with_capacity(blocks);
            for _ in 0..blocks {
                let txs = sends(&s, per_block, round);
                round += 1;
                let t = Instant::now();
                let (outs, _) = s.node.finalize_and_commit(txs).unwrap();
                times.push(t.elapsed());
                assert!(outs.iter().all(|o| o.result.is_ok()));
            }
            let wall = t_all.elapsed();
            stop.store(true, Ordering::Relaxed);
            for t in tasks {
                rt.block_on(t).unwrap();
            }
            times.sort();
            println!(
                "{n:>2} concurrent heavy queries (query limit {}): FinalizeBlock+Commit of {per_block} sends p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; queries answered {:.1}/s, refused busy/timed out {}",
                gw.limiter().limits().concurrency(),
                ms(pct(&times, 50)),
                ms(pct(&times, 99)),
                ms(*times.last().unwrap()),
                done.load(Ordering::Relaxed) as f64 / wall.as_secs_f64(),
                refused.load(Ordering::Relaxed),
            );
        }
    }
}
