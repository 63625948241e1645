//! The seeded simulation shared by the `simulation_*` tests: a world of accounts over one
//! genesis, a deterministic generator of operations over every module's messages (see
//! [`ops`]), and a driver that runs each seed on two fresh nodes in lockstep, comparing the
//! app hash at every height, with every invariant checked after every block.

#![allow(dead_code)]

pub mod ops;

use std::collections::BTreeMap;

use openledger_app::app::BlockParams;
use openledger_app::genesis::AppGenesis;
use openledger_bank::BankRead;
use openledger_framework::{consensus_address, Coins, Dec, StateDelta};
use openledger_testkit::ai::{deploy_model, Roles};
use openledger_testkit::{consensus_key, genesis_with_validators, TestKey, TestNode, TxSpec};

pub const CHAIN: &str = "openledger-sim-1";
pub const OPEN: u128 = 1_000_000_000_000_000_000;
/// Accounts of the world; the first [`VALIDATORS`] are genesis validators.
pub const ACCOUNTS: usize = 14;
pub const VALIDATORS: usize = 4;
/// Gas limit (and so fee, 1 gwei-aopen per gas) of every simulated tx.
pub const GAS: u64 = 3_000_000;

/// A small deterministic PRNG (splitmix64): the whole run follows from the seed.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5eed_0f0e_11ed_6e55)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// Uniform in `lo..hi` (`lo` when empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo))
    }

    pub fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

/// The genesis of the world: every account funded with 1M OPEN, four validators, and short
/// periods everywhere so proposals, unbondings, jails, jobs and rounds all complete within
/// a run.
pub fn genesis(keys: &[TestKey]) -> AppGenesis {
    let mut g =
        genesis_with_validators(keys, 1_000_000 * OPEN, VALIDATORS, 1_000 * OPEN).expect("genesis");
    g.edit("slashing", |s: &mut openledger_slashing::GenesisState| {
        s.params.signed_blocks_window = 10;
        s.params.min_signed_per_window = Dec::percent(50);
        s.params.downtime_jail_duration_secs = 20;
    })
    .expect("slashing genesis");
    g.edit("staking", |s: &mut openledger_staking::GenesisState| {
        s.params.unbonding_time_secs = 30;
    })
    .expect("staking genesis");
    g.edit("gov", |s: &mut openledger_gov::GenesisState| {
        s.params.voting_period_secs = 10;
        s.params.max_deposit_period_secs = 10;
        // participation in a simulated vote is thin: a tenth of the gOPEN decides
        s.params.quorum = Dec::percent(10);
        s.params.unlock_delay_secs = 20;
        s.params.min_deposit = Coins::single("aopen", 10 * OPEN).expect("coins");
    })
    .expect("gov genesis");
    g.edit("finetune", |s: &mut openledger_finetune::GenesisState| {
        s.params.dispute_window_blocks = 5;
    })
    .expect("finetune genesis");
    g.edit(
        "attribution",
        |s: &mut openledger_attribution::GenesisState| {
            s.params.challenge_deadline_blocks = 3;
        },
    )
    .expect("attribution genesis");
    g
}

pub fn keys() -> Vec<TestKey> {
    (0..ACCOUNTS as u64).map(TestKey::from_seed).collect()
}

/// Per message type: how many were generated, made it into a block, succeeded; and the
/// last refusal seen (CheckTx's or the block's), to tell why a type fails.
#[derive(Default, Clone)]
pub struct Count {
    pub generated: u64,
    pub in_block: u64,
    pub ok: u64,
    pub last_error: String,
}

pub type Tally = BTreeMap<String, Count>;

pub fn merge(into: &mut Tally, from: Tally) {
    for (label, c) in from {
        let e = into.entry(label).or_default();
        e.generated += c.generated;
        e.in_block += c.in_block;
        e.ok += c.ok;
        if !c.last_error.is_empty() {
            e.last_error = c.last_error;
        }
    }
}

/// What one seed's run measured.
pub struct RunReport {
    pub ops: u64,
    pub blocks: u64,
    pub tally: Tally,
    pub final_hash: [u8; 32],
}

/// Run `ops` operations from `seed` on two fresh nodes in lockstep under `dir`: node A
/// proposes (PrepareProposal), both process, finalize and commit the same block with the
/// same last commit; their app hashes must match at every height. Every invariant is checked
/// after every block on both. Returns the report and node A.
pub fn run_seed(seed: u64, ops_total: u64, dir: &std::path::Path) -> (RunReport, TestNode) {
    let keys = keys();
    let g = genesis(&keys);
    let mut a = TestNode::new(&dir.join("a"), CHAIN, &g).expect("node a");
    let mut b = TestNode::new(&dir.join("b"), CHAIN, &g).expect("node b");
    // The AI economy starts from the testkit's fixture (two datanets with versions, a
    // deployed model), built the same way on both nodes.
    for node in [&mut a, &mut b] {
        node.block(vec![]).expect("first block");
        deploy_model(
            node,
            &Roles {
                datanet_owner: &keys[4],
                contributors: &keys[5..10],
                creator: &keys[10],
                governor: &keys[11],
            },
            3,
            (OPEN / 1000, OPEN / 500),
        )
        .expect("fixture");
    }
    assert_eq!(a.app.info(), b.app.info(), "the fixture's blocks differ");
    let mut rng = Rng::new(seed);
    let mut gen = ops::Generator::new(keys.clone());
    let mut tally = Tally::new();
    let mut done = 0u64;
    let mut blocks = 0u64;
    while done < ops_total {
        let state = a.state();
        let want = rng.range(1, 13).min(ops_total - done);
        let mut txs = Vec::new();
        let mut labels: BTreeMap<Vec<u8>, String> = BTreeMap::new();
        let mut next_seq: BTreeMap<usize, (u64, u64)> = BTreeMap::new();
        let mut block_secs = 1 + rng.below(3) as i64;
        for _ in 0..want {
            done += 1;
            match gen.op(&mut rng, &state, a.height) {
                ops::Op::Tx { signer, msg } => {
                    let (number, seq) = *next_seq.entry(signer).or_insert_with(|| {
                        openledger_auth::AuthRead::account(&state, &keys[signer].address)
                            .ok()
                            .flatten()
                            .map(|acc| (acc.account_number, acc.sequence))
                            .unwrap_or((0, 0))
                    });
                    next_seq.insert(signer, (number, seq + 1));
                    let label = msg.type_url.trim_start_matches('/').to_string();
                    let mut spec = TxSpec::new(CHAIN, vec![msg], number, seq);
                    spec.gas_limit = GAS;
                    spec.fee = u128::from(GAS) * 1_000_000_000;
                    let tx = spec.sign(&keys[signer]);
                    // every tx also goes through CheckTx, as the mempool would take it
                    let checked = a.app.check_tx(&tx).expect("check_tx");
                    let c = tally.entry(label.clone()).or_default();
                    c.generated += 1;
                    if let Err(e) = checked.result {
                        c.last_error = format!("check: {}", e.log);
                    }
                    labels.insert(tx.clone(), label);
                    txs.push(tx);
                }
                ops::Op::Offline(v) => {
                    a.offline.clear();
                    a.offline
                        .insert(consensus_address(&consensus_key(v as u64)));
                }
                ops::Op::Online => a.offline.clear(),
                ops::Op::Wait(secs) => block_secs = secs,
            }
        }
        a.block_secs = block_secs;
        b.block_secs = block_secs;
        b.offline = a.offline.clone();
        let proposed = a
            .block_with_extensions(txs, &BTreeMap::new())
            .unwrap_or_else(|e| panic!("seed {seed} height {}: {e}", a.height));
        let (outcomes_b, hash_b) = b
            .block(proposed.txs.clone())
            .unwrap_or_else(|e| panic!("seed {seed} height {} (node b): {e}", b.height));
        assert_eq!(
            proposed.app_hash, hash_b,
            "seed {seed}: app hashes differ at height {}",
            a.height
        );
        assert_eq!(proposed.outcomes.len(), outcomes_b.len());
        for (tx, outcome) in proposed.txs.iter().zip(&proposed.outcomes) {
            if let Some(label) = labels.get(tx) {
                let c = tally.entry(label.clone()).or_default();
                c.in_block += 1;
                match &outcome.result {
                    Ok(()) => c.ok += 1,
                    Err(e) => c.last_error = e.log.clone(),
                }
            }
        }
        blocks += 1;
        // progress of long on-demand runs
        if ops_total >= 20_000 && done / 10_000 != (done - want) / 10_000 {
            println!("seed {seed}: {done} ops, height {}", a.height);
        }
    }
    // CheckTx state is reset by each commit; nothing else to drain.
    let report = RunReport {
        ops: done,
        blocks,
        tally,
        final_hash: a.app.info().1.try_into().unwrap_or([0; 32]),
    };
    (report, a)
}

/// Export the state of `node` and start a fresh chain from it (InitChain) under `dir`; the
/// state InitChain builds from that genesis, exported again, must be identical, and so must
/// the supply once the new chain has committed its first block.
pub fn export_import_round_trip(node: &TestNode, dir: &std::path::Path) {
    let exported = AppGenesis::export(&node.state()).expect("export");
    let mut fresh = TestNode::new(dir, CHAIN, &exported).expect("import the export");
    // InitChain's state stays uncommitted until the first block, whose hooks already change
    // it: rebuild it as InitChain does and export that.
    let changes = exported
        .build(fresh.state(), CHAIN, BlockParams::default())
        .expect("build the genesis state");
    let initial = StateDelta::with_changes(fresh.state(), changes);
    let again = AppGenesis::export(&initial).expect("export again");
    let first = serde_json::to_value(&exported).expect("json");
    let second = serde_json::to_value(&again).expect("json");
    if first != second {
        let (a, b) = (first.as_object().cloned(), second.as_object().cloned());
        let mut differing = Vec::new();
        if let (Some(a), Some(b)) = (a, b) {
            for (k, v) in &a {
                if b.get(k) != Some(v) {
                    differing.push(k.clone());
                }
            }
        }
        let mut paths = Vec::new();
        json_diff("", &first, &second, &mut paths);
        panic!(
            "the re-exported genesis differs in modules {differing:?}; first differences: {:#?}",
            &paths[..paths.len().min(12)]
        );
    }
    fresh
        .block(vec![])
        .expect("first block of the imported chain");
    assert_eq!(
        node.state().supply("aopen").expect("supply"),
        fresh.state().supply("aopen").expect("supply"),
        "supply changed through export and import"
    );
}

/// The per-type table, printed by the tests.
/// With `verbose`, each type's last refusal too.
pub fn print_tally(tally: &Tally, verbose: bool) {
    println!(
        "{:<52} {:>7} {:>7} {:>7} {:>5}",
        "message", "made", "block", "ok", "ok%"
    );
    for (label, c) in tally {
        println!(
            "{label:<52} {:>7} {:>7} {:>7} {:>4}%",
            c.generated,
            c.in_block,
            c.ok,
            (c.ok * 100).checked_div(c.generated).unwrap_or(0)
        );
        if verbose && !c.last_error.is_empty() {
            println!(
                "    last refusal: {}",
                c.last_error.chars().take(200).collect::<String>()
            );
        }
    }
}

pub fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The JSON paths where `a` and `b` differ (with both values, shortened).
fn json_diff(at: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => json_diff(&format!("{at}.{k}"), v, w, out),
                    None => out.push(format!("{at}.{k}: only in the first export")),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{at}.{k}: only in the second export"));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                json_diff(&format!("{at}[{i}]"), v, w, out);
            }
        }
        _ if a != b => {
            let short = |v: &Value| v.to_string().chars().take(160).collect::<String>();
            out.push(format!("{at}: {} vs {}", short(a), short(b)));
        }
        _ => {}
    }
}
