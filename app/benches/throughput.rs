//! App-only throughput of bank sends: pre-signed txs go through CheckTx, then
//! ProcessProposal (execution), FinalizeBlock (Merkle roots) and Commit (one atomic write),
//! in blocks of 1000, over a real sled store with 10k and 100k funded accounts.
//! Prints the genesis time (InitChain, and the first block that commits it) and the process's
//! peak and current RSS after genesis and at the end. Only the first 100k accounts have keys
//! (they send); the others are funded addresses that receive, so 1M accounts are cheap to set
//! up: `BENCH_ACCOUNTS=1000000` (one size per run, as the peak RSS is the process's).
//!
//! Run: `cargo bench -p openledgerd --bench throughput`
//! Env: BENCH_ACCOUNTS="10000,100000", BENCH_BLOCKS=20, BENCH_BLOCK_TXS=1000,
//! BENCH_STORE="pipelined,sync" (commit modes measured one after the other on the same node,
//! BENCH_BLOCKS each; pipelined: the store writes in the background).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use openledger_app::app::BlockInput;
use openledger_testkit::{
    genesis_address_account_numbers, genesis_funding_addresses, msg_send, synthetic_address,
    TestKey, TestNode, TxSpec,
};

#[path = "support/rss.rs"]
mod rss;

const CHAIN: &str = "openledger-bench-1";

/// Accounts with keys: the senders. The others only receive.
const MAX_KEYED: usize = 100_000;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    let i = (sorted.len().saturating_sub(1) * p) / 100;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run(accounts: usize, blocks: usize, block_txs: usize, modes: &[String]) {
    println!("== {accounts} funded accounts, {blocks} blocks of {block_txs} bank sends ==");
    let t = Instant::now();
    let keyed = accounts.min(MAX_KEYED);
    let keys: Vec<TestKey> = (0..keyed as u64).map(TestKey::from_seed).collect();
    let addresses: Vec<_> = (0..accounts)
        .map(|i| {
            keys.get(i)
                .map_or_else(|| synthetic_address(i as u64), |k| k.address)
        })
        .collect();
    let genesis = genesis_funding_addresses(&addresses, 1_000_000_000_000_000_000_000);
    println!("keys and genesis file: {:.1} s", t.elapsed().as_secs_f64());
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    drop(genesis);
    node.check_invariants = false;
    let init = t.elapsed();
    // block 1 commits genesis (counted until it is on disk, also when commits are pipelined)
    node.block(vec![]).unwrap();
    node.app.storage().wait_durable(1).unwrap();
    println!(
        "genesis: {:.1} s (InitChain {:.1} s, first block and its commit {:.1} s)",
        t.elapsed().as_secs_f64(),
        init.as_secs_f64(),
        (t.elapsed() - init).as_secs_f64()
    );
    rss::report("genesis");

    let t = Instant::now();
    let mut seqs = vec![0u64; accounts];
    let numbers = genesis_address_account_numbers(&addresses);
    let mut all: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut k = 0usize;
    for b in 0..blocks * modes.len() {
        let mut txs = Vec::with_capacity(block_txs);
        for j in 0..block_txs {
            let from = (k * 7919) % keyed;
            let to = (from + 1 + (b * 31 + j) % (accounts - 1)) % accounts;
            k += 1;
            let spec = TxSpec::new(
                CHAIN,
                vec![msg_send(&keys[from].address, &addresses[to], 1_000)],
                numbers[from],
                seqs[from],
            );
            seqs[from] += 1;
            txs.push(spec.sign(&keys[from]));
        }
        all.push(txs);
    }
    println!(
        "signed {} txs in {:.1} s",
        blocks * block_txs * modes.len(),
        t.elapsed().as_secs_f64()
    );
    let mut all = all.into_iter();
    for mode in modes {
        let pipelined = mode != "sync";
        node.app.storage().set_pipelined(pipelined).unwrap();
        println!("-- store commit: {mode} --");
        measure(&mut node, all.by_ref().take(blocks).collect(), block_txs);
    }
}

fn measure(node: &mut TestNode, all: Vec<Vec<Vec<u8>>>, block_txs: usize) {
    let blocks = all.len();

    let (mut check, mut exec, mut fin, mut commit, mut total) =
        (vec![], vec![], vec![], vec![], vec![]);
    for txs in all {
        let t0 = Instant::now();
        for tx in &txs {
            let o = node.app.check_tx(tx).unwrap();
            assert!(o.result.is_ok(), "{:?}", o.result);
        }
        let t1 = Instant::now();
        node.height += 1;
        node.time += 1;
        let height = node.height;
        let time = tendermint::Time::from_unix_timestamp(node.time, 0).unwrap();
        let bytes: Vec<bytes::Bytes> = txs.into_iter().map(Into::into).collect();
        let hash = vec![height as u8; 32];
        assert!(node
            .app
            .process_proposal(&bytes, hash.clone(), height, time, &BlockInput::default())
            .unwrap());
        let t2 = Instant::now();
        let outcomes = node
            .app
            .finalize_block(&bytes, hash, height, time, &BlockInput::default())
            .unwrap()
            .outcomes;
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        let t3 = Instant::now();
        node.app.commit().unwrap();
        let t4 = Instant::now();
        check.push(t1 - t0);
        exec.push(t2 - t1);
        fin.push(t3 - t2);
        commit.push(t4 - t3);
        total.push(t4 - t1);
    }
    // The last background write, if any, counts too.
    let t = Instant::now();
    let latest = node.app.storage().latest().unwrap().height;
    node.app.storage().wait_durable(latest).unwrap();
    let drain = t.elapsed();
    for v in [&mut check, &mut exec, &mut fin, &mut commit, &mut total] {
        v.sort();
    }
    let sum: Duration = total.iter().sum::<Duration>() + drain;
    let sum_check: Duration = check.iter().sum();
    let n = (blocks * block_txs) as f64;
    println!(
        "block (execute + roots + commit): p50 {:.1} ms, p99 {:.1} ms | execute p50 {:.1} ms | roots p50 {:.1} ms | commit p50 {:.1} ms, p99 {:.1} ms",
        ms(pct(&total, 50)), ms(pct(&total, 99)), ms(pct(&exec, 50)), ms(pct(&fin, 50)), ms(pct(&commit, 50)), ms(pct(&commit, 99))
    );
    println!("CheckTx: p50 {:.1} ms per 1000 txs", ms(pct(&check, 50)));
    println!(
        "throughput: {:.0} tx/s (block path), {:.0} tx/s including CheckTx",
        n / sum.as_secs_f64(),
        n / (sum + sum_check).as_secs_f64()
    );
}

fn main() {
    let blocks = env_list("BENCH_BLOCKS", "20")[0];
    let block_txs = env_list("BENCH_BLOCK_TXS", "1000")[0];
    let modes: Vec<String> = std::env::var("BENCH_STORE")
        .unwrap_or_else(|_| "pipelined,sync".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for accounts in env_list("BENCH_ACCOUNTS", "10000,100000") {
        run(accounts, blocks, block_txs, &modes);
        rss::report("the run");
    }
}
