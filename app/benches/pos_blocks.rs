//! The cost of proof of stake around the transactions of a block: reward allocation by the
//! last commit, liveness tracking, gOPEN/governance queues and the validator-set update, with
//! 100 validators and a growing number of delegators. Rewards use a lazy per-share index, so
//! the block cost must not grow with the number of delegators. Also times delegations and
//! reward withdrawals as transactions.
//!
//! Run: `cargo bench -p openledgerd --bench pos_blocks`
//! Env: BENCH_DELEGATORS="1000,10000", BENCH_VALIDATORS=100, BENCH_BLOCKS=50.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]
#![allow(deprecated)]

use std::time::{Duration, Instant};

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::VALOPER_PREFIX;
use openledger_testkit::{any, coin, genesis_with_validators, TestKey, TestNode};

const CHAIN: &str = "openledger-bench-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

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

fn run(validators: usize, delegators: usize, blocks: usize) {
    println!("== {validators} validators, {delegators} delegators ==");
    let keys: Vec<TestKey> = (0..(validators + delegators) as u64)
        .map(TestKey::from_seed)
        .collect();
    let genesis =
        genesis_with_validators(&keys, 1_000_000 * OPEN, validators, 1_000 * OPEN).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.check_invariants = false;
    node.block(vec![]).unwrap();

    // every delegator delegates to one validator, 1000 txs a block
    let t = Instant::now();
    let mut txs = Vec::new();
    let mut delegate_blocks = Vec::new();
    for (i, d) in keys[validators..].iter().enumerate() {
        let v = &keys[i % validators];
        txs.push(
            node.sign(
                d,
                vec![any(&pb::MsgDelegate {
                    delegator_address: d.address.to_string(),
                    validator_address: v.address.to_bech32(VALOPER_PREFIX),
                    amount: Some(coin(10 * OPEN)),
                })],
            )
            .unwrap(),
        );
        if txs.len() == 1000 {
            let t0 = Instant::now();
            let (outcomes, _) = node.block(std::mem::take(&mut txs)).unwrap();
            delegate_blocks.push(t0.elapsed());
            assert!(outcomes.iter().all(|o| o.result.is_ok()));
        }
    }
    if !txs.is_empty() {
        node.block(std::mem::take(&mut txs)).unwrap();
    }
    if !delegate_blocks.is_empty() {
        let total: Duration = delegate_blocks.iter().sum();
        println!(
            "delegate: {:.0} tx/s over {} blocks of 1000 (block path incl. commit)",
            (delegate_blocks.len() * 1000) as f64 / total.as_secs_f64(),
            delegate_blocks.len()
        );
    }
    println!("setup: {:.1} s", t.elapsed().as_secs_f64());

    // empty blocks: only begin/end block work, every validator in the last commit
    let mut times = Vec::with_capacity(blocks);
    for _ in 0..blocks {
        let t0 = Instant::now();
        node.block(vec![]).unwrap();
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "empty block (allocation over {validators} votes, liveness, queues, set update, commit): p50 {:.2} ms, p99 {:.2} ms",
        ms(pct(&times, 50)),
        ms(pct(&times, 99))
    );

    // withdrawals: 1000 delegators withdraw their rewards in one block
    let mut txs = Vec::new();
    for (i, d) in keys[validators..].iter().take(1000).enumerate() {
        let v = &keys[i % validators];
        txs.push(
            node.sign(
                d,
                vec![any(&distr_pb::MsgWithdrawDelegatorReward {
                    delegator_address: d.address.to_string(),
                    validator_address: v.address.to_bech32(VALOPER_PREFIX),
                })],
            )
            .unwrap(),
        );
    }
    let n = txs.len();
    let t0 = Instant::now();
    let (outcomes, _) = node.block(txs).unwrap();
    let took = t0.elapsed();
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
    println!(
        "withdraw rewards: {:.0} tx/s ({n} in one block, {:.0} ms)",
        n as f64 / took.as_secs_f64(),
        ms(took)
    );
}

fn main() {
    let validators = env_list("BENCH_VALIDATORS", "100")[0];
    let blocks = env_list("BENCH_BLOCKS", "50")[0];
    for d in env_list("BENCH_DELEGATORS", "1000,10000") {
        run(validators, d, blocks);
    }
}
