//! Genesis import at scale: time and memory of each step InitChain and the first Commit take
//! for N funded accounts (addresses only: no keys are derived), over a real sled store.
//!
//! Run: `cargo bench -p openledgerd --bench genesis_scale`
//! Env: BENCH_ACCOUNTS="100000" by default; 1M and 10M on demand
//! (`BENCH_ACCOUNTS=100000,1000000,10000000`): 1M accounts peak near 5 GB and take about two
//! minutes; 10M needs a machine with memory to spare.
//! Each size runs in a fresh child process so that its peak RSS (VmHWM) is its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::Instant;

use openledger_app::app::BlockParams;
use openledger_app::genesis::AppGenesis;
use openledger_app::store::{Storage, StoreConfig};
use openledger_framework::{Address, Coins, BASE_DENOM};
use sha2::{Digest, Sha256};

#[path = "support/rss.rs"]
mod rss;

const CHAIN: &str = "openledger-bench-1";

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The address of synthetic account `i` (no key behind it: genesis only needs addresses).
fn address(i: u64) -> Address {
    let digest = Sha256::digest(i.to_be_bytes());
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(&digest[..20]);
    Address(bytes)
}

fn genesis_json(accounts: usize) -> Vec<u8> {
    let bank = openledger_bank::GenesisState {
        balances: (0..accounts as u64)
            .map(|i| openledger_bank::Balance {
                address: address(i),
                coins: Coins::single(BASE_DENOM, 1_000_000_000_000).unwrap(),
            })
            .collect(),
        ..Default::default()
    };
    let mut g = AppGenesis::default();
    g.set_module("bank", &bank).unwrap();
    serde_json::to_vec(&g).unwrap()
}

fn run(accounts: usize) {
    println!("== genesis of {accounts} funded accounts ==");
    rss::report("start");
    let t0 = Instant::now();
    let json = genesis_json(accounts);
    println!(
        "genesis JSON: {} MB built in {:.1} s",
        json.len() / 1_000_000,
        t0.elapsed().as_secs_f64()
    );
    rss::report("JSON built");

    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(&dir.path().join("db"), StoreConfig { keep_recent: 0 }).unwrap();
    let t = Instant::now();
    let genesis = AppGenesis::from_json(&json).unwrap();
    drop(json);
    println!("parse: {:.1} s", t.elapsed().as_secs_f64());
    rss::report("parsed");
    let t = Instant::now();
    let changes = genesis
        .build(storage.latest_snapshot(), CHAIN, BlockParams::default())
        .unwrap();
    drop(genesis);
    println!(
        "module genesis: {} verifiable writes in {:.1} s",
        changes.verifiable.len(),
        t.elapsed().as_secs_f64()
    );
    rss::report("changes built");
    let t = Instant::now();
    let root = Storage::fresh_app_hash(&changes).unwrap();
    println!(
        "genesis app hash {} in {:.1} s",
        hex::encode(root),
        t.elapsed().as_secs_f64()
    );
    rss::report("app hash");
    let t = Instant::now();
    let prepared = storage.prepare(1, &changes).unwrap();
    assert_eq!(prepared.app_hash(), root);
    println!("prepare: {:.1} s", t.elapsed().as_secs_f64());
    rss::report("prepared");
    drop(changes);
    let t = Instant::now();
    storage.commit(prepared).unwrap();
    // A pipelined commit returns before its write: count the write too.
    storage.wait_durable(1).unwrap();
    println!("commit: {:.1} s", t.elapsed().as_secs_f64());
    rss::report("committed");
    println!(
        "genesis total (parse to commit, JSON excluded): {:.1} s; disk {} MB",
        t0.elapsed().as_secs_f64(),
        storage.size_on_disk().unwrap_or(0) / 1_000_000
    );
    drop(storage);
    rss::report("store closed");
}

fn main() {
    if let Ok(n) = std::env::var("GENESIS_SCALE_CHILD") {
        run(n.parse().unwrap());
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for accounts in env_list("BENCH_ACCOUNTS", "100000") {
        let status = std::process::Command::new(&exe)
            .env("GENESIS_SCALE_CHILD", accounts.to_string())
            .status()
            .unwrap();
        if !status.success() {
            println!("{accounts} accounts: the run failed ({status})");
        }
    }
}
