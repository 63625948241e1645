//! The seeded simulation over every module (see docs/simulation.md): random operations from
//! a deterministic generator, blocks through PrepareProposal, ProcessProposal, FinalizeBlock
//! and Commit on two fresh nodes per seed whose app hashes must agree at every height, every
//! invariant checked after every block, and at the end the exported state imported into a
//! fresh chain and exported again, unchanged.
//!
//! Size: `SIM_OPS` operations per seed (default [`DEFAULT_OPS`]), seeds `SIM_SEEDS` (count,
//! from 1) or one `SIM_SEED`. On demand:
//! `SIM_OPS=100000 cargo test -p openledgerd --release --test simulation_every_module -- --nocapture`

// The wall clock only measures the test itself (timings, time bounds), never the chain.
#![allow(clippy::disallowed_methods)]

mod sim;

use std::time::Instant;

/// Operations per seed in the default (CI) run.
const DEFAULT_OPS: u64 = 5_000;
const DEFAULT_SEEDS: u64 = 2;

/// Message types generated at least this many times must succeed at least [`MIN_OK_PCT`]
/// percent of the time: the generator aims at real targets, not garbage.
const MIN_SAMPLE: u64 = 40;
const MIN_OK_PCT: u64 = 2;

#[test]
fn simulation_every_module() {
    let ops = sim::env_u64("SIM_OPS").unwrap_or(DEFAULT_OPS);
    let seeds: Vec<u64> = match sim::env_u64("SIM_SEED") {
        Some(s) => vec![s],
        None => (1..=sim::env_u64("SIM_SEEDS").unwrap_or(DEFAULT_SEEDS)).collect(),
    };
    let mut total = sim::Tally::new();
    let (mut all_ops, mut all_blocks) = (0u64, 0u64);
    let started = Instant::now();
    for seed in seeds {
        let dir = tempfile::tempdir().unwrap();
        let t = Instant::now();
        let (report, node) = sim::run_seed(seed, ops, dir.path());
        sim::export_import_round_trip(&node, &dir.path().join("imported"));
        println!(
            "seed {seed}: {} ops in {} blocks, {:.1}s, final app hash {}",
            report.ops,
            report.blocks,
            t.elapsed().as_secs_f64(),
            hex::encode(report.final_hash)
        );
        all_ops += report.ops;
        all_blocks += report.blocks;
        sim::merge(&mut total, report.tally);
    }
    let secs = started.elapsed().as_secs_f64();
    sim::print_tally(&total, std::env::var("SIM_VERBOSE").is_ok());
    println!(
        "total: {all_ops} ops, {all_blocks} blocks, {secs:.1}s, {:.0} ops/s",
        all_ops as f64 / secs.max(0.001)
    );
    let poor: Vec<String> = total
        .iter()
        .filter(|(_, c)| c.generated >= MIN_SAMPLE && c.ok * 100 < c.generated * MIN_OK_PCT)
        .map(|(l, c)| format!("{l} {}/{}: {}", c.ok, c.generated, c.last_error))
        .collect();
    assert!(
        poor.is_empty(),
        "message types that almost never succeed: {poor:?}"
    );
}
