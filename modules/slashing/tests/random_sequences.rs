//! Property test: random sequences of blocks (votes, evidence), unjails, bonding changes and
//! window changes keep every invariant, refusals change nothing, and replaying the same
//! sequence gives the same state.

mod common;

use common::*;
use openledger_framework::{Address, Changes, MsgCtx, StateDelta};
use openledger_slashing::{
    begin_block, execute_unjail, execute_update_params, invariants, MsgUnjail, MsgUpdateParams,
    Params, SlashingRead,
};
use proptest::prelude::*;

const VALIDATORS: u8 = 4;

#[derive(Debug, Clone)]
enum Op {
    /// One block: per validator, absent from the commit, signed or missed; maybe evidence
    /// (validator, age in seconds).
    Block {
        votes: Vec<Option<bool>>,
        evidence: Option<(u8, i64)>,
    },
    Unjail(u8),
    SetBonded(u8, bool),
    SetWindow(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (
            proptest::collection::vec(prop_oneof![1 => Just(None), 3 => Just(Some(false)), 5 => Just(Some(true))], VALIDATORS as usize),
            proptest::option::weighted(0.05, (1..=VALIDATORS + 1, 0i64..60)),
        )
            .prop_map(|(votes, evidence)| Op::Block { votes, evidence }),
        3 => (1..=VALIDATORS + 1).prop_map(Op::Unjail),
        1 => ((1..=VALIDATORS), any::<bool>()).prop_map(|(n, b)| Op::SetBonded(n, b)),
        1 => (10i64..=30).prop_map(Op::SetWindow),
    ]
}

fn params() -> Params {
    Params {
        signed_blocks_window: 10,
        downtime_jail_duration_secs: 20,
        max_evidence_age_secs: 30,
        ..Params::default()
    }
}

/// Run `ops`, checking invariants after each; returns the final changes.
fn run(ops: &[Op]) -> Result<Changes, TestCaseError> {
    let mut env = Env::new(params(), VALIDATORS);
    let mut height = 1u64;
    for op in ops {
        match op {
            Op::Block { votes, evidence } => {
                let votes: Vec<_> = votes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|signed| vote(u8::try_from(i).unwrap() + 1, signed)))
                    .collect();
                let ctx = block(height);
                let ev: Vec<_> = evidence
                    .iter()
                    .map(|(n, age)| {
                        double_sign(
                            *n,
                            height.saturating_sub(1).max(1),
                            ctx.time_unix_secs - age,
                        )
                    })
                    .collect();
                begin_block(&mut env.state, &env.keeper, &ctx, &votes, &ev)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                height += 1;
            }
            Op::Unjail(n) => {
                let b = block(height);
                let signers = [operator(*n)];
                let ctx = MsgCtx {
                    block: &b,
                    signers: &signers,
                    msg_index: 0,
                };
                let was_tombstoned = env.state.is_tombstoned(&cons(*n)).unwrap();
                let mut fork = StateDelta::new(&env.state);
                match execute_unjail(
                    &mut fork,
                    &env.keeper,
                    &ctx,
                    &MsgUnjail {
                        validator: operator(*n),
                    },
                ) {
                    Ok(()) => {
                        prop_assert!(!was_tombstoned, "a tombstoned validator was unjailed");
                        let changes = fork.into_changes();
                        env.state.apply(changes);
                    }
                    Err(_) => prop_assert!(fork.changes().is_empty(), "refused unjail wrote state"),
                }
            }
            Op::SetBonded(n, bonded) => {
                let mut v = env.validator(*n);
                v.bonded = *bonded;
                env.set_validator(v);
            }
            Op::SetWindow(w) => {
                let gov = Address::module("gov");
                let b = block(height);
                let signers = [gov];
                let ctx = MsgCtx {
                    block: &b,
                    signers: &signers,
                    msg_index: 0,
                };
                let mut p = env.state.slashing_params().unwrap();
                p.signed_blocks_window = *w;
                execute_update_params(
                    &mut env.state,
                    &ctx,
                    &MsgUpdateParams {
                        authority: gov,
                        params: p,
                    },
                )
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
        }
        invariants::check_all(&env.state).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for n in 1..=VALIDATORS {
            if env.state.is_tombstoned(&cons(n)).unwrap() {
                prop_assert!(env.validator(n).jailed);
            }
        }
    }
    if std::env::var("SLASHING_STATS").is_ok() {
        let calls = env.keeper.calls();
        eprintln!(
            "jails {} slashes {} unjails {}",
            calls
                .iter()
                .filter(|c| matches!(c, openledger_slashing::mock::MockCall::Jail(_)))
                .count(),
            calls
                .iter()
                .filter(|c| matches!(c, openledger_slashing::mock::MockCall::Slash { .. }))
                .count(),
            calls
                .iter()
                .filter(|c| matches!(c, openledger_slashing::mock::MockCall::Unjail(_)))
                .count(),
        );
    }
    let (_, changes) = env.state.into_parts();
    Ok(changes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn invariants_hold_and_replays_agree(ops in proptest::collection::vec(op(), 1..200)) {
        let a = run(&ops)?;
        let b = run(&ops)?;
        prop_assert_eq!(a, b);
    }
}
