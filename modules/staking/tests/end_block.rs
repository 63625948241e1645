//! The active set and validator updates, pool moves at status changes, and the queues.

mod common;

use common::*;
use openledger_framework::{Address, StateRead, ValidatorUpdate};
use openledger_staking::{BondStatus, GenesisState, Params, StakingRead};

fn upd(n: u8, power: i64) -> ValidatorUpdate {
    ValidatorUpdate {
        ed25519_pubkey: pk(n),
        power,
    }
}

fn capped(max: u32) -> Chain {
    let genesis = GenesisState {
        params: Params {
            max_validators: max,
            ..Params::default()
        },
        ..Default::default()
    };
    Chain::with_genesis(
        &[
            (1, 1000 * OPEN),
            (2, 1000 * OPEN),
            (3, 1000 * OPEN),
            (4, 1000 * OPEN),
        ],
        genesis,
        &[],
    )
}

#[test]
fn new_validators_bond_at_end_block_and_updates_are_sorted_by_key() {
    let mut c = capped(100);
    c.create_validator(3, 30 * OPEN).unwrap();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, OPEN / 2).unwrap(); // no consensus power: stays out
    c.hooks.take();
    let updates = c.end_block(5);
    assert_eq!(updates, [upd(1, 10), upd(3, 30)]);
    assert_eq!(c.validator(1).unwrap().status, BondStatus::Bonded);
    assert_eq!(c.validator(2).unwrap().status, BondStatus::Unbonded);
    assert_eq!(c.pools(), (40 * OPEN, OPEN / 2));
    assert_eq!(c.state.last_total_power().unwrap(), 40);
    assert_eq!(c.state.last_validator_power(&acc(3)).unwrap(), Some(30));
    assert_eq!(c.state.last_validator_power(&acc(2)).unwrap(), None);
    assert_eq!(
        c.hooks.take(),
        ["after_validator_bonded(3)", "after_validator_bonded(1)"]
    );
    // nothing changed: no updates
    assert!(c.end_block(5).is_empty());
    // a power change updates only that validator
    c.delegate(4, 1, 5 * OPEN).unwrap();
    assert_eq!(c.end_block(5), [upd(1, 15)]);
    assert_eq!(c.state.last_total_power().unwrap(), 45);
    // a sub-unit change keeps the power: no update
    c.delegate(4, 1, OPEN / 3).unwrap();
    assert!(c.end_block(5).is_empty());
    let bonded: Vec<_> = c
        .state
        .bonded_validators_by_power(10)
        .unwrap()
        .iter()
        .map(|v| v.operator)
        .collect();
    assert_eq!(bonded, [acc(3), acc(1)]);
}

#[test]
fn the_set_is_capped_and_ties_go_to_the_lower_address() {
    let mut c = capped(2);
    c.create_validator(3, 10 * OPEN).unwrap();
    c.create_validator(2, 10 * OPEN).unwrap();
    c.create_validator(1, 5 * OPEN).unwrap();
    assert_eq!(c.end_block(5), [upd(2, 10), upd(3, 10)]);
    assert_eq!(c.pools(), (20 * OPEN, 5 * OPEN));

    // validator 1 overtakes: 3 (the higher address of the tie) leaves
    c.delegate(4, 1, 6 * OPEN).unwrap();
    let t = c.time;
    assert_eq!(c.end_block(5), [upd(1, 11), upd(3, 0)]);
    let v3 = c.validator(3).unwrap();
    assert_eq!(v3.status, BondStatus::Unbonding);
    assert_eq!(v3.unbonding_time, t + 1_814_400);
    assert_eq!(c.pools(), (21 * OPEN, 10 * OPEN));
    assert_eq!(c.state.last_total_power().unwrap(), 21);

    // 3 comes back before its unbonding completes, then stays bonded
    c.delegate(4, 3, 2 * OPEN).unwrap();
    assert_eq!(c.end_block(5), [upd(2, 0), upd(3, 12)]);
    assert_eq!(c.validator(3).unwrap().status, BondStatus::Bonded);
    assert!(c
        .state
        .prefix_raw(
            &openledger_staking::state_key::val_queue(t + 1_814_400, &acc(3)),
            None
        )
        .next()
        .is_none());
    c.end_block(1_814_400);
    c.end_block(5);
    assert_eq!(c.validator(3).unwrap().status, BondStatus::Bonded);
    assert_eq!(c.validator(2).unwrap().status, BondStatus::Unbonded);
}

#[test]
fn an_unbonding_validator_without_shares_is_removed_at_maturity() {
    let mut c = capped(100);
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, 10 * OPEN).unwrap();
    c.delegate(3, 1, 4 * OPEN).unwrap();
    c.end_block(5);
    c.undelegate(1, 1, 10 * OPEN).unwrap(); // jails (self-delegation below the minimum)
    c.undelegate(3, 1, 4 * OPEN).unwrap();
    assert_eq!(c.validator(1).unwrap().delegator_shares, 0);
    assert_eq!(c.end_block(5), [upd(1, 0)]);
    assert_eq!(c.validator(1).unwrap().status, BondStatus::Unbonding);
    c.hooks.take();
    c.end_block(1_814_400);
    c.end_block(5);
    assert!(c.validator(1).is_none());
    assert_eq!(c.hooks.take(), ["after_validator_removed(1)"]);
    assert_eq!(c.balance(1), 1000 * OPEN);
    assert_eq!(c.balance(3), 1000 * OPEN);
    assert_eq!(c.pools(), (10 * OPEN, 0));
}

#[test]
fn jailing_removes_from_the_set_and_unjailing_brings_back() {
    let mut c = capped(100);
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, 20 * OPEN).unwrap();
    c.end_block(5);
    openledger_staking::jail(&mut c.state, &cons(2)).unwrap();
    assert_eq!(c.end_block(5), [upd(2, 0)]);
    assert_eq!(c.pools(), (10 * OPEN, 20 * OPEN));
    let b = c.block();
    openledger_staking::unjail(&mut c.state, &acc(2), &b).unwrap();
    assert_eq!(c.end_block(5), [upd(2, 20)]);
    assert_eq!(c.pools(), (30 * OPEN, 0));
}

#[test]
fn lowering_max_validators_shrinks_the_set() {
    let mut c = capped(3);
    for n in 1..=3 {
        c.create_validator(n, u128::from(n) * OPEN).unwrap();
    }
    assert_eq!(c.end_block(5).len(), 3);
    let mut p = c.state.staking_params().unwrap();
    p.max_validators = 1;
    let msg = openledger_staking::MsgUpdateParams {
        authority: Address::module("gov"),
        params: p,
    };
    c.exec(Address::module("gov"), |s, ctx, _| {
        openledger_staking::execute_update_params(s, ctx, &msg)
    })
    .unwrap();
    assert_eq!(c.end_block(5), [upd(1, 0), upd(2, 0)]);
    assert_eq!(c.state.last_total_power().unwrap(), 3);
}

#[test]
fn many_matured_unbondings_are_paid_in_one_end_block() {
    let funded: Vec<(u8, u128)> = (1..=40).map(|n| (n, 100 * OPEN)).collect();
    let mut c = Chain::new(&funded);
    c.create_validator(1, 10 * OPEN).unwrap(); // stays Unbonded: entries mature at once
    c.create_validator(2, 10 * OPEN).unwrap();
    c.end_block(5);
    for d in 3..=40 {
        c.delegate(d, 1, OPEN).unwrap();
        c.delegate(d, 2, OPEN).unwrap();
    }
    c.end_block(5);
    for d in 3..=40 {
        c.undelegate(d, 1, OPEN).unwrap();
        c.undelegate(d, 2, OPEN).unwrap();
    }
    c.clear_events();
    c.end_block(1_814_400);
    c.end_block(5);
    let paid = c
        .events()
        .iter()
        .filter(|k| *k == "complete_unbonding")
        .count();
    assert_eq!(paid, 76);
    assert!((3..=40).all(|d| c.balance(d) == 100 * OPEN));
    assert!(openledger_staking::MAX_MATURED_PER_BLOCK > paid);
}
