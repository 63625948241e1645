//! Random sequences of staking operations keep every invariant: pools match validator tokens
//! and unbonding entries, shares match delegations, the power index and the last set are
//! consistent, supply equals balances, and validator updates are well formed.

mod common;

use common::*;
use openledger_bank::BankRead;
use openledger_framework::{Dec, StateDelta};
use openledger_staking::{GenesisState, Params, StakingRead};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Create(u8, u128),
    Delegate(u8, u8, u128),
    /// (which existing delegation, percent of its value); 0% means one aopen.
    Undelegate(usize, u128),
    /// (which existing delegation, destination validator, percent of its value).
    Redelegate(usize, u8, u128),
    /// (which existing unbonding delegation, percent of its first entry).
    Cancel(usize, u128),
    Slash(u8, u64, u64),
    Jail(u8),
    Unjail(u8),
    EndBlock(i64),
}

fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![
        1u128..1_000,
        (1u128..40).prop_map(|n| n * OPEN),
        1u128..(40 * OPEN),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let v = 1u8..=4;
    let d = 1u8..=5;
    prop_oneof![
        2 => (v.clone(), amount()).prop_map(|(v, a)| Op::Create(v, a)),
        4 => (d, v.clone(), amount()).prop_map(|(d, v, a)| Op::Delegate(d, v, a)),
        3 => (any::<usize>(), 0u128..=100).prop_map(|(i, p)| Op::Undelegate(i, p)),
        2 => (any::<usize>(), v.clone(), 0u128..=100).prop_map(|(i, t, p)| Op::Redelegate(i, t, p)),
        2 => (any::<usize>(), 0u128..=100).prop_map(|(i, p)| Op::Cancel(i, p)),
        1 => (v.clone(), 0u64..=50, 0u64..=3).prop_map(|(v, p, b)| Op::Slash(v, p, b)),
        1 => v.clone().prop_map(Op::Jail),
        1 => v.prop_map(Op::Unjail),
        3 => prop_oneof![Just(5i64), Just(3_600), Just(400_000), Just(1_000_000)].prop_map(Op::EndBlock),
    ]
}

/// An existing delegation (delegator, validator, its value in tokens), chosen by index.
fn pick_delegation(c: &Chain, i: usize) -> Option<(u8, u8, u128)> {
    let all = GenesisState::export(&c.state).unwrap().delegations;
    if all.is_empty() {
        return None;
    }
    let d = &all[i % all.len()];
    let value = c
        .validator(d.validator.0[0])
        .map(|v| v.tokens_from_shares(d.shares))
        .unwrap_or(0);
    Some((d.delegator.0[0], d.validator.0[0], value))
}

fn part(value: u128, pct: u128) -> u128 {
    (value / 100 * pct).max(1)
}

fn apply(c: &mut Chain, op: &Op) {
    match *op {
        Op::Create(v, a) => {
            let _ = c.create_validator(v, a);
        }
        Op::Delegate(d, v, a) => {
            let _ = c.delegate(d, v, a);
        }
        Op::Undelegate(i, pct) => {
            if let Some((d, v, value)) = pick_delegation(c, i) {
                let _ = c.undelegate(d, v, part(value, pct));
            }
        }
        Op::Redelegate(i, t, pct) => {
            if let Some((d, v, value)) = pick_delegation(c, i) {
                let _ = c.redelegate(d, v, t, part(value, pct));
            }
        }
        Op::Cancel(i, pct) => {
            let ubds = GenesisState::export(&c.state)
                .unwrap()
                .unbonding_delegations;
            if !ubds.is_empty() {
                let u = &ubds[i % ubds.len()];
                let e = &u.entries[0];
                let (d, v) = (u.delegator.0[0], u.validator.0[0]);
                let _ = c.cancel_unbonding(d, v, part(e.balance, pct), e.creation_height);
            }
        }
        Op::Slash(v, pct, back) => {
            let power = c.validator(v).map(|x| x.consensus_power()).unwrap_or(0);
            let b = c.block();
            let height = b.height.saturating_sub(back).max(1);
            let mut fork = StateDelta::new(&c.state);
            if openledger_staking::slash(
                &mut fork,
                &c.hooks,
                &cons(v),
                height,
                power,
                Dec::percent(pct),
                &b,
            )
            .is_ok()
            {
                let ch = fork.into_changes();
                c.state.apply(ch);
            }
        }
        Op::Jail(v) => {
            let mut fork = StateDelta::new(&c.state);
            if openledger_staking::jail(&mut fork, &cons(v)).is_ok() {
                let ch = fork.into_changes();
                c.state.apply(ch);
            }
        }
        Op::Unjail(v) => {
            let b = c.block();
            let mut fork = StateDelta::new(&c.state);
            if openledger_staking::unjail(&mut fork, &acc(v), &b).is_ok() {
                let ch = fork.into_changes();
                c.state.apply(ch);
            }
        }
        Op::EndBlock(secs) => {
            let updates = c.end_block(secs);
            let mut keys: Vec<_> = updates.iter().map(|u| u.ed25519_pubkey).collect();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "duplicate keys in one update");
            assert!(
                updates.windows(2).all(|w| w[0] <= w[1]),
                "updates not sorted"
            );
            assert!(updates.iter().all(|u| u.power >= 0));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_under_random_operations(ops in prop::collection::vec(op(), 1..80)) {
        let genesis = GenesisState {
            params: Params { max_validators: 3, max_entries: 3, unbonding_time_secs: 1_000_000, ..Params::default() },
            ..Default::default()
        };
        let funded: Vec<(u8, u128)> = (1..=5).map(|n| (n, 1_000 * OPEN)).collect();
        let mut c = Chain::with_genesis(&funded, genesis, &[]);
        for op in &ops {
            apply(&mut c, op);
            c.check_invariants();
            let set = c.state.bonded_validators_by_power(10).unwrap();
            prop_assert!(set.len() <= 3);
        }
        // draining every queue pays out all unbonding stake: the not-bonded pool then holds
        // exactly the tokens of non-bonded validators
        c.end_block(2_000_000);
        c.end_block(5);
        c.check_invariants();
        let ubds = GenesisState::export(&c.state).unwrap().unbonding_delegations;
        prop_assert!(ubds.is_empty());
        // a genesis export re-imports to the same state
        let exported = GenesisState::export(&c.state).unwrap();
        let bank = openledger_bank::GenesisState::export(&c.state).unwrap();
        let mut fresh = openledger_framework::delta::MemState::empty();
        bank.init(&mut fresh).unwrap();
        exported.init(&mut fresh).unwrap();
        prop_assert_eq!(GenesisState::export(&fresh).unwrap(), exported);
        prop_assert_eq!(fresh.supply("aopen").unwrap(), c.state.supply("aopen").unwrap());
    }
}
