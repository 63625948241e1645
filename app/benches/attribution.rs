//! The cost of settling an inference on chain as its attribution grows: blocks of
//! `MsgRecordInference` transactions with 1, 16 and 256 (contribution, weight) entries, each
//! entry a different contributor, through FinalizeBlock and Commit over sled. Prints the
//! execution time per inference and the gas it used, and the cost of a claim.
//!
//! A second table times execution alone: the same 20 messages run straight through the
//! record handler (each on its own fork, gas metered, applied to one block overlay), then
//! the module's end block, without signatures, ante or commit; divided by 20. Its last
//! column is the end block, a window later, that releases those 20 held data pools (credits
//! claimable, earnings, influence and leaderboards), per receipt.
//!
//! Run: `cargo bench -p openledgerd --bench attribution`
//! Env: BENCH_ENTRIES="1,16,256", BENCH_BLOCKS=10, BENCH_TXS_PER_BLOCK=20.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use openledger_attribution::proto as at;
use openledger_framework::{BlockCtx, GasConfig, GasMeter, GasMeteredState, MsgCtx, StateDelta};
use openledger_testkit::ai::{ai_genesis, deploy_model, Roles};
use openledger_testkit::{any, coin, TestKey, TestNode, TxSpec};
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-bench-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const CONTRIBUTORS: u64 = 256;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len().saturating_sub(1) * p) / 100]
}

/// A record of `n` entries (the first `n` contributions of `pool`) with request number `request`.
fn record_msg(
    operator: &TestKey,
    user: &TestKey,
    model_id: u64,
    pool: &[u64],
    n: usize,
    request: u64,
) -> at::MsgRecordInference {
    let base = 1_000_000 / n as u32;
    let attribution = (0..n)
        .map(|j| at::AttributionEntry {
            contribution_id: pool[j],
            weight_ppm: if j == 0 {
                1_000_000 - base * (n as u32 - 1)
            } else {
                base
            },
        })
        .collect();
    at::MsgRecordInference {
        operator: operator.address.to_string(),
        user: user.address.to_string(),
        model_id,
        model_version: 0,
        input_tokens: 1000 + request % 100,
        output_tokens: 2000,
        output_hash: Sha256::digest(request.to_be_bytes()).to_vec(),
        prompt_hash: vec![],
        request_id: format!("req-{request}"),
        attribution,
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![0xee; 32],
        adapter_hash: String::new(),
    }
}

/// Execution only, over the committed state (nothing is committed): `per_block` records of
/// `n` entries through the handler, each on a gas-metered fork applied to one block overlay,
/// then the module's end block. Returns (µs per record, µs per receipt of the end block that
/// releases them a window later).
#[allow(clippy::too_many_arguments)]
fn exec_only(
    node: &TestNode,
    operator: &TestKey,
    user: &TestKey,
    model_id: u64,
    pool: &[u64],
    n: usize,
    per_block: usize,
    request: &mut u64,
) -> (f64, f64) {
    use openledger_attribution::AttributionRead;
    let keepers = openledger_app::keepers::AttributionKeepers.keepers();
    let msgs: Vec<openledger_attribution::MsgRecordInference> = (0..per_block)
        .map(|_| {
            *request += 1;
            (&record_msg(operator, user, model_id, pool, n, *request))
                .try_into()
                .unwrap()
        })
        .collect();
    let snap = node.state();
    let block = BlockCtx {
        chain_id: CHAIN.into(),
        height: node.height + 1,
        time_unix_secs: node.time + node.block_secs,
        time_nanos: 0,
    };
    let signers = [operator.address];
    let mut delta = StateDelta::new(&snap);
    let t = Instant::now();
    for msg in &msgs {
        let meter = GasMeter::new(20_000_000);
        let fork = StateDelta::new(&delta);
        let mut metered = GasMeteredState::new(fork, &meter, GasConfig::KV);
        let ctx = MsgCtx {
            block: &block,
            signers: &signers,
            msg_index: 0,
        };
        openledger_attribution::execute_record_inference(&mut metered, &ctx, msg, &keepers)
            .unwrap();
        let changes = metered.into_inner().into_changes();
        delta.apply(changes);
    }
    openledger_attribution::end_block(&mut delta, &block, &keepers).unwrap();
    let records = t.elapsed();
    let window = delta.attribution_params().unwrap().challenge_window_secs;
    let later = BlockCtx {
        height: block.height + 1,
        time_unix_secs: block.time_unix_secs + window as i64 + 1,
        ..block.clone()
    };
    let t = Instant::now();
    openledger_attribution::end_block(&mut delta, &later, &keepers).unwrap();
    let release = t.elapsed();
    let held = delta.attribution_totals().unwrap().held;
    assert_eq!(held, 0, "every pool released");
    (
        records.as_secs_f64() * 1e6 / per_block as f64,
        release.as_secs_f64() * 1e6 / per_block as f64,
    )
}

fn main() {
    let entries_list = env_list("BENCH_ENTRIES", "1,16,256");
    let blocks = env_num("BENCH_BLOCKS", 10);
    let per_block = env_num("BENCH_TXS_PER_BLOCK", 20);

    // accounts: 0 validator, 1 datanet owner, 2 creator, 3 governor, 4 operator, 5 user,
    // then one contributor per contribution of the first datanet
    let keys: Vec<TestKey> = (0..6 + CONTRIBUTORS).map(TestKey::from_seed).collect();
    let genesis = ai_genesis(&keys).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.check_invariants = false;
    node.block(vec![]).unwrap();
    let t = Instant::now();
    let fixture = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[1],
            contributors: &keys[6..],
            creator: &keys[2],
            governor: &keys[3],
        },
        CONTRIBUTORS as usize,
        (240_000_000_000_000_000, 200_000_000_000_000_000),
    )
    .unwrap();
    println!(
        "setup: {} contributions in 2 datanets and a deployed model in {:.1} s",
        fixture.contributions.len(),
        t.elapsed().as_secs_f64()
    );
    let (operator, user) = (&keys[4], &keys[5]);
    node.gas_limit = 10_000_000;
    for (key, msg) in [
        (
            operator,
            any(&at::MsgRegisterOperator {
                operator: operator.address.to_string(),
                bond: Some(coin(1_000 * OPEN)),
                endpoint: "https://inference.example".into(),
                models: vec![fixture.model_id],
            }),
        ),
        (
            user,
            any(&at::MsgDeposit {
                user: user.address.to_string(),
                amount: Some(coin(500_000 * OPEN)),
            }),
        ),
        (
            user,
            any(&at::MsgGrant {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id: 0,
                spend_limit: (500_000 * OPEN).to_string(),
            }),
        ),
    ] {
        let out = node.exec(key, vec![msg]).unwrap();
        assert!(out.result.is_ok(), "{:?}", out.result);
    }
    // the first datanet's contributions, one per contributor
    let pool: Vec<u64> = fixture
        .contributions
        .iter()
        .filter(|c| c.datanet_id == fixture.datanets[0])
        .map(|c| c.id)
        .collect();

    // first, while no receipt is held yet, so the release end block releases only these
    let mut request = 0u64;
    println!("execution only (handler + end block, no signature, ante or commit):");
    println!(
        "{:>8} {:>14} {:>14} {:>20}",
        "entries", "p50 us/rec", "min us/rec", "release us/receipt"
    );
    for &n in &entries_list {
        let n = n.clamp(1, pool.len());
        let mut runs = Vec::new();
        let mut releases = Vec::new();
        for _ in 0..blocks {
            let (rec, rel) = exec_only(
                &node,
                operator,
                user,
                fixture.model_id,
                &pool,
                n,
                per_block,
                &mut request,
            );
            runs.push(rec);
            releases.push(rel);
        }
        runs.sort_by(f64::total_cmp);
        releases.sort_by(f64::total_cmp);
        println!(
            "{:>8} {:>14.0} {:>14.0} {:>20.0}",
            n,
            runs[runs.len() / 2],
            runs[0],
            releases[releases.len() / 2]
        );
    }

    if std::env::var("BENCH_EXEC_ONLY").is_ok() {
        return;
    }
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>14}",
        "entries", "gas/record", "p50 us/rec", "p99 us/rec", "records/s", "block p50 ms"
    );
    let first_committed = request;
    for &n in &entries_list {
        let n = n.clamp(1, pool.len());
        let mut per_record = Vec::new();
        let mut block_times = Vec::new();
        let mut gas = Vec::new();
        for _ in 0..blocks {
            let s = node.state();
            let acc = openledger_auth::AuthRead::account(&s, &operator.address)
                .unwrap()
                .unwrap();
            let mut txs = Vec::new();
            for i in 0..per_block {
                request += 1;
                let msg = any(&record_msg(
                    operator,
                    user,
                    fixture.model_id,
                    &pool,
                    n,
                    request,
                ));
                let mut spec = TxSpec::new(
                    CHAIN,
                    vec![msg],
                    acc.account_number,
                    acc.sequence + i as u64,
                );
                spec.gas_limit = 20_000_000;
                spec.fee = u128::from(spec.gas_limit) * 1_000_000_000;
                txs.push(spec.sign(operator));
            }
            let t = Instant::now();
            let (outcomes, _) = node.block(txs).unwrap();
            let elapsed = t.elapsed();
            for o in &outcomes {
                assert!(o.result.is_ok(), "{:?}", o.result);
                gas.push(o.gas_used);
            }
            block_times.push(elapsed);
            per_record.push(elapsed / per_block as u32);
        }
        per_record.sort();
        block_times.sort();
        gas.sort();
        let p50 = pct(&per_record, 50);
        println!(
            "{:>8} {:>12} {:>12.0} {:>12.0} {:>12.0} {:>14.1}",
            n,
            gas[gas.len() / 2],
            p50.as_secs_f64() * 1e6,
            pct(&per_record, 99).as_secs_f64() * 1e6,
            1.0 / p50.as_secs_f64(),
            pct(&block_times, 50).as_secs_f64() * 1000.0
        );
    }

    // a window later one block releases every held data pool (up to max_releases_per_block)
    let held = openledger_attribution::AttributionRead::attribution_totals(&node.state())
        .unwrap()
        .held;
    let window = openledger_attribution::AttributionRead::attribution_params(&node.state())
        .unwrap()
        .challenge_window_secs;
    let released = request - first_committed;
    node.time += window as i64;
    let t = Instant::now();
    node.block(vec![]).unwrap();
    let left = openledger_attribution::AttributionRead::attribution_totals(&node.state())
        .unwrap()
        .held;
    println!(
        "release: {released} receipts ({held} aopen held, {left} left) in one block of {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // a contributor claims everything it earned across all those inferences
    let claimant = &keys[6];
    let t = Instant::now();
    let out = node
        .exec(
            claimant,
            vec![any(&at::MsgClaimRewards {
                claimant: claimant.address.to_string(),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    println!(
        "claim: gas {}, block {:.1} ms",
        out.gas_used,
        t.elapsed().as_secs_f64() * 1000.0
    );
}
