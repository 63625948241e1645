//! The slashing API: slash (validator, unbonding entries, redelegations), jail, unjail.

mod common;

use common::*;
use openledger_bank::BankRead;
use openledger_framework::{Dec, ModuleError};
use openledger_staking::{jail, slash, unjail, BondStatus, StakingRead};

fn two_validators() -> Chain {
    let mut c = Chain::new(&[(1, 1000 * OPEN), (2, 1000 * OPEN), (3, 1000 * OPEN)]);
    c.create_validator(1, 100 * OPEN).unwrap();
    c.create_validator(2, 100 * OPEN).unwrap();
    c.end_block(5);
    c
}

#[test]
fn slash_at_the_current_height_burns_validator_tokens() {
    let mut c = two_validators();
    let b = c.block();
    let supply = c.state.supply("aopen").unwrap();
    let burned = slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        b.height,
        100,
        Dec::percent(5),
        &b,
    )
    .unwrap();
    assert_eq!(burned, 5 * OPEN);
    assert_eq!(c.validator(1).unwrap().tokens, 95 * OPEN);
    assert_eq!(c.state.supply("aopen").unwrap(), supply - 5 * OPEN);
    assert_eq!(c.pools(), (195 * OPEN, 0));
    let ev = c
        .state
        .changes()
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "slash")
        .unwrap();
    assert_eq!(
        ev.attribute("burned_coins"),
        Some(format!("{}aopen", 5 * OPEN).as_str())
    );
    assert_eq!(ev.attribute("validator"), Some(valoper(1).as_str()));
    c.check_invariants();
    // the power drops at the next end block
    assert_eq!(
        c.end_block(5),
        [openledger_framework::ValidatorUpdate {
            ed25519_pubkey: pk(1),
            power: 95
        }]
    );
    // shares keep their number; each is worth less
    assert_eq!(c.shares(1, 1), 100 * OPEN);
}

#[test]
fn slash_for_a_past_infraction_reaches_unbonding_and_redelegated_stake() {
    let mut c = two_validators();
    c.delegate(3, 1, 100 * OPEN).unwrap();
    c.end_block(5);
    let infraction = c.height;
    c.end_block(5);
    // after the infraction: 40 unbond and 20 are redelegated to validator 2
    c.undelegate(3, 1, 40 * OPEN).unwrap();
    c.redelegate(3, 1, 2, 20 * OPEN).unwrap();
    c.end_block(5);
    let b = c.block();
    c.hooks.take();
    // power 200 at the infraction, 10%: 20 OPEN in total
    let burned = slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        infraction,
        200,
        Dec::percent(10),
        &b,
    )
    .unwrap();
    assert_eq!(burned, 20 * OPEN);
    let ubd = c
        .state
        .unbonding_delegation(&acc(3), &acc(1))
        .unwrap()
        .unwrap();
    assert_eq!(ubd.entries[0].balance, 36 * OPEN);
    assert_eq!(ubd.entries[0].initial_balance, 40 * OPEN);
    // 10% of the redelegated shares were unbonded from validator 2 and burned
    assert_eq!(c.shares(3, 2), 18 * OPEN);
    assert_eq!(c.validator(2).unwrap().tokens, 118 * OPEN);
    assert_eq!(
        c.hooks.take(),
        [
            "before_delegation_shares_modified(3,2)",
            "after_delegation_modified(3,2)"
        ]
    );
    // the rest (20 - 4 - 2 = 14) from validator 1's tokens
    assert_eq!(c.validator(1).unwrap().tokens, 140 * OPEN - 14 * OPEN);
    c.check_invariants();
    // the unbonding entry pays what is left
    c.end_block(1_814_400);
    c.end_block(5);
    assert_eq!(c.balance(3), 1000 * OPEN - 100 * OPEN + 36 * OPEN);
}

#[test]
fn entries_created_before_the_infraction_are_not_slashed() {
    let mut c = two_validators();
    c.undelegate(1, 1, 10 * OPEN).unwrap();
    c.end_block(5);
    let infraction = c.height;
    c.end_block(5);
    let b = c.block();
    let burned = slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        infraction,
        90,
        Dec::percent(10),
        &b,
    )
    .unwrap();
    assert_eq!(burned, 9 * OPEN);
    let ubd = c
        .state
        .unbonding_delegation(&acc(1), &acc(1))
        .unwrap()
        .unwrap();
    assert_eq!(ubd.entries[0].balance, 10 * OPEN);
    c.check_invariants();
}

#[test]
fn slash_is_capped_by_the_validator_tokens_and_ignores_unknown_validators() {
    let mut c = two_validators();
    let b = c.block();
    let burned = slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        b.height,
        1000,
        Dec::ONE,
        &b,
    )
    .unwrap();
    assert_eq!(burned, 100 * OPEN);
    assert_eq!(c.validator(1).unwrap().tokens, 0);
    c.check_invariants();
    assert_eq!(
        slash(&mut c.state, &c.hooks, &cons(9), b.height, 10, Dec::ONE, &b).unwrap(),
        0
    );
    let e = slash(
        &mut c.state,
        &c.hooks,
        &cons(2),
        b.height + 1,
        10,
        Dec::ONE,
        &b,
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    let e = slash(
        &mut c.state,
        &c.hooks,
        &cons(2),
        b.height,
        10,
        Dec::percent(101),
        &b,
    )
    .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
}

#[test]
fn unbonding_validators_are_slashed_from_the_not_bonded_pool_and_unbonded_ones_are_not() {
    let mut c = Chain::new(&[(1, 1000 * OPEN), (2, 1000 * OPEN)]);
    c.create_validator(1, 100 * OPEN).unwrap();
    c.create_validator(2, 10 * OPEN).unwrap();
    let b = c.block();
    // Unbonded: not slashed
    assert_eq!(
        slash(&mut c.state, &c.hooks, &cons(2), b.height, 10, Dec::ONE, &b).unwrap(),
        0
    );
    c.end_block(5);
    jail(&mut c.state, &cons(1)).unwrap();
    c.end_block(5);
    assert_eq!(c.validator(1).unwrap().status, BondStatus::Unbonding);
    let b = c.block();
    let burned = slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        b.height,
        100,
        Dec::percent(50),
        &b,
    )
    .unwrap();
    assert_eq!(burned, 50 * OPEN);
    assert_eq!(c.pools(), (10 * OPEN, 50 * OPEN));
    c.check_invariants();
}

#[test]
fn jail_and_unjail_rules() {
    let mut c = two_validators();
    let b = c.block();
    let e = jail(&mut c.state, &cons(9)).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 3));
    let e = unjail(&mut c.state, &acc(1), &b).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    jail(&mut c.state, &cons(1)).unwrap();
    assert!(c.validator(1).unwrap().jailed);
    let e = jail(&mut c.state, &cons(1)).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    c.check_invariants();

    // slashed below its minimum self-delegation: unjail refused
    let mut v = c.validator(1).unwrap();
    assert_eq!(v.min_self_delegation, 1);
    let b = c.block();
    slash(
        &mut c.state,
        &c.hooks,
        &cons(1),
        b.height,
        100,
        Dec::ONE,
        &b,
    )
    .unwrap();
    let e = unjail(&mut c.state, &acc(1), &b).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 16));
    v = c.validator(1).unwrap();
    assert!(v.jailed);

    // validator 2 without any self-delegation cannot unjail either (undelegating from a
    // jailed validator is allowed)
    jail(&mut c.state, &cons(2)).unwrap();
    c.undelegate(2, 2, 100 * OPEN).unwrap();
    let e = unjail(&mut c.state, &acc(2), &b).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 16));
    c.check_invariants();
    c.end_block(5);
}
