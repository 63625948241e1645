//! The worst end block of the feedback module: `max_settlements_per_block` rounds settling at
//! once, each with `max_items_per_round` items scored by `max_validators_per_round` revealed
//! validators (default params: 10 x 64 x 32). Also the pure formula on one such round.
//!
//! `cargo bench -p openledger-feedback --bench settlement` prints the figures; nothing is
//! asserted about time. The state is in memory (a fork over it per run, as the app forks
//! its store per block), so this is the module's compute and state-access cost, not the
//! store's commit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::disallowed_methods
)]

use std::time::{Duration, Instant};

use openledger_bank::Balance;
use openledger_feedback::settle::{settle, Entry, Rules};
use openledger_feedback::{
    commitment_hash, end_block, execute_commit_scores, execute_fund_round,
    execute_register_validator, execute_reveal_scores, DistributionKeeper, GenesisState, ModelView,
    ModelsKeeper, MsgCommitScores, MsgFundRound, MsgRegisterFeedbackValidator, MsgRevealScores,
    Params, OPEN,
};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Coin, Coins, MsgCtx, StateDelta, StateRead, StateWrite,
    BASE_DENOM,
};

const COMMIT_DEADLINE: u64 = 10;
const REVEAL_DEADLINE: u64 = 20;

fn addr(n: u16) -> Address {
    let mut a = [0u8; 20];
    a[..2].copy_from_slice(&n.to_be_bytes());
    a[19] = 1;
    Address(a)
}

fn creator() -> Address {
    addr(0)
}

struct Models;

impl ModelsKeeper for Models {
    fn model(&self, _: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError> {
        Ok(Some(ModelView {
            id,
            creator: creator(),
            latest_version: 0,
            closed: false,
        }))
    }
}

struct Distribution;

impl DistributionKeeper for Distribution {
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        use openledger_bank::BankWrite;
        let to = Address::module("distribution");
        state
            .send(from, &to, &Coins::single(BASE_DENOM, amount).unwrap())
            .map_err(|e| CallError::from_module(&e))
    }
}

fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "bench-1".into(),
        height,
        time_unix_secs: 1_700_000_000 + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

fn apply<T>(s: &mut MemState, f: impl FnOnce(&mut StateDelta<&MemState>) -> T) -> T {
    let (r, changes) = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork);
        (r, fork.into_changes())
    };
    s.apply(changes);
    r
}

fn signed<T>(height: u64, signer: Address, f: impl FnOnce(&MsgCtx) -> T) -> T {
    let b = block(height);
    let signers = [signer];
    f(&MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    })
}

/// Score of validator `v` for item `k`: spread around a per-item centre, one validator far.
fn score(v: u16, k: usize, far: bool) -> u32 {
    if far {
        return 500;
    }
    let centre = 4_000 + (k as u32 * 97) % 5_000;
    centre + u32::from(v % 7) * 50
}

/// A state with `rounds` rounds of `items` items, each committed and revealed by
/// `validators` validators, all due at REVEAL_DEADLINE.
fn prepared(params: &Params) -> MemState {
    let rounds = params.max_settlements_per_block;
    let items = params.max_items_per_round as usize;
    let validators = params.max_validators_per_round as u16;
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (0..=validators)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, 1_000_000 * OPEN)]).unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    GenesisState {
        params: params.clone(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    for v in 1..=validators {
        let m = MsgRegisterFeedbackValidator {
            validator: addr(v),
            bond: (10 + u128::from(v)) * OPEN,
        };
        apply(&mut s, |f| {
            signed(1, addr(v), |c| execute_register_validator(f, c, &m))
        })
        .unwrap();
    }
    let item_hashes: Vec<String> = (0..items)
        .map(|k| hex::encode((k as u64 + 1).to_be_bytes()))
        .collect();
    let mut ids = Vec::new();
    for _ in 0..rounds {
        let m = MsgFundRound {
            creator: creator(),
            model_id: 1,
            model_version: 0,
            reward: 100 * OPEN,
            item_hashes: item_hashes.clone(),
            commit_deadline_height: COMMIT_DEADLINE,
            reveal_deadline_height: REVEAL_DEADLINE,
        };
        let id = apply(&mut s, |f| {
            signed(2, creator(), |c| execute_fund_round(f, c, &Models, &m))
        })
        .unwrap();
        ids.push(id);
    }
    let salt = vec![7u8; 16];
    let scores = |v: u16| -> Vec<u32> { (0..items).map(|k| score(v, k, v == 1)).collect() };
    for &id in &ids {
        for v in 1..=validators {
            let m = MsgCommitScores {
                validator: addr(v),
                round_id: id,
                commitment: commitment_hash(id, &addr(v), &scores(v), &salt),
            };
            apply(&mut s, |f| {
                signed(3, addr(v), |c| execute_commit_scores(f, c, &m))
            })
            .unwrap();
        }
    }
    for &id in &ids {
        for v in 1..=validators {
            let m = MsgRevealScores {
                validator: addr(v),
                round_id: id,
                scores: scores(v),
                salt: salt.clone(),
            };
            apply(&mut s, |f| {
                signed(COMMIT_DEADLINE + 1, addr(v), |c| {
                    execute_reveal_scores(f, c, &m)
                })
            })
            .unwrap();
        }
    }
    s
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() - 1) * p / 100]
}

fn report(name: &str, mut runs: Vec<Duration>) {
    runs.sort();
    println!(
        "{name:<48} runs {:>4}  p50 {:>9.3} ms  p99 {:>9.3} ms",
        runs.len(),
        percentile(&runs, 50).as_secs_f64() * 1e3,
        percentile(&runs, 99).as_secs_f64() * 1e3,
    );
}

fn main() {
    let params = Params {
        min_validator_bond: OPEN,
        min_round_reward: OPEN,
        ..Params::default()
    };
    println!(
        "feedback settlement: {} rounds x {} items x {} validators (default params)",
        params.max_settlements_per_block,
        params.max_items_per_round,
        params.max_validators_per_round
    );
    let t = Instant::now();
    let state = prepared(&params);
    println!(
        "setup (register, fund, commit, reveal): {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let mut runs = Vec::new();
    for _ in 0..20 {
        let mut fork = StateDelta::new(&state);
        let t = Instant::now();
        end_block(&mut fork, &block(REVEAL_DEADLINE), &Distribution).unwrap();
        runs.push(t.elapsed());
        let settled = fork
            .changes()
            .events
            .iter()
            .filter(|e| e.kind.ends_with("EventRoundSettled"))
            .count();
        assert_eq!(settled as u64, params.max_settlements_per_block);
    }
    report("end block, worst case (all rounds settle)", runs);

    let items = params.max_items_per_round as usize;
    let validators = params.max_validators_per_round as u16;
    let lists: Vec<Vec<u32>> = (1..=validators)
        .map(|v| (0..items).map(|k| score(v, k, v == 1)).collect())
        .collect();
    let entries: Vec<Entry<'_>> = (1..=validators)
        .map(|v| Entry {
            validator: addr(v),
            stake: (10 + u128::from(v)) * OPEN,
            scores: Some(&lists[usize::from(v - 1)]),
        })
        .collect();
    let rules = Rules {
        max_score: params.max_score,
        reward_distance: params.reward_distance_bps,
        slash_distance: params.slash_distance_bps,
        slash_fraction: params.slash_fraction,
    };
    let mut runs = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let out = settle(rules, 100 * OPEN, items, &entries).unwrap();
        runs.push(t.elapsed());
        assert_eq!(out.consensus.len(), items);
    }
    report("settle formula, one round", runs);
}
