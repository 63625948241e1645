//! Evidence of misbehaviour in begin block: double-sign slashing, jailing and tombstoning.

mod common;

use common::*;
use openledger_framework::{Dec, MisbehaviorKind, StateDelta};
use openledger_slashing::invariants;
use openledger_slashing::mock::MockCall;
use openledger_slashing::{begin_block, SlashingRead, DOUBLE_SIGN_JAIL_END_TIME};

const MAX_AGE: i64 = 1_814_400;

#[test]
fn double_sign_slashes_at_the_previous_height_jails_and_tombstones() {
    let mut env = Env::new(small_params(), 2);
    let now = block(100).time_unix_secs;
    env.begin(100, &[], &[double_sign(1, 90, now - 50)]);
    assert_eq!(
        env.keeper.calls(),
        vec![
            MockCall::Slash {
                cons: cons(1),
                infraction_height: 89,
                power: POWER,
                fraction: Dec::percent(5),
            },
            MockCall::Jail(cons(1)),
        ]
    );
    let v = env.validator(1);
    assert!(v.jailed);
    assert_eq!(v.tokens, 9_500_000);
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert!(info.tombstoned);
    assert_eq!(info.jailed_until, DOUBLE_SIGN_JAIL_END_TIME);
    assert_eq!(info.start_height, 100);
    let events = env.take_events();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["slash", "slash"]);
    assert_eq!(events[0].attribute("reason"), Some("double_sign"));
    assert_eq!(events[0].attribute("power"), Some("10"));
    assert_eq!(
        events[1].attribute("jailed"),
        events[0].attribute("address")
    );
    assert!(!env.validator(2).jailed);
    invariants::check_all(&env.state).unwrap();
}

#[test]
fn a_jailed_validator_is_slashed_and_tombstoned_without_a_second_jail() {
    let mut env = Env::new(small_params(), 1);
    let mut v = env.validator(1);
    v.jailed = true;
    env.set_validator(v);
    let now = block(10).time_unix_secs;
    env.begin(10, &[], &[double_sign(1, 5, now)]);
    assert_eq!(env.keeper.calls().len(), 1);
    assert!(matches!(env.keeper.calls()[0], MockCall::Slash { .. }));
    assert!(env.state.is_tombstoned(&cons(1)).unwrap());
    let events = env.take_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].attribute("jailed"), None);
}

#[test]
fn tombstoned_validators_are_not_punished_twice() {
    let mut env = Env::new(small_params(), 1);
    let now = block(10).time_unix_secs;
    // the same infraction reported twice in one block, then again later
    env.begin(10, &[], &[double_sign(1, 8, now), double_sign(1, 8, now)]);
    env.begin(11, &[], &[double_sign(1, 9, now)]);
    assert_eq!(env.keeper.calls().len(), 2); // one slash, one jail
    assert_eq!(env.validator(1).tokens, 9_500_000);
}

#[test]
fn both_kinds_of_misbehaviour_are_double_signs() {
    let mut env = Env::new(small_params(), 1);
    let now = block(10).time_unix_secs;
    let mut ev = double_sign(1, 3, now);
    ev.kind = MisbehaviorKind::LightClientAttack;
    env.begin(10, &[], &[ev]);
    assert!(env.state.is_tombstoned(&cons(1)).unwrap());
}

#[test]
fn old_and_unknown_evidence_is_ignored() {
    let mut env = Env::new(small_params(), 1);
    let mut ctx = block(1000);
    // exactly the max age is accepted ...
    let at_limit = double_sign(1, 3, ctx.time_unix_secs - MAX_AGE);
    // ... but not a nanosecond more
    ctx.time_nanos = 1;
    let base = env.state.changes().clone();
    begin_block(
        &mut env.state,
        &env.keeper,
        &ctx,
        &[],
        &[at_limit, double_sign(9, 3, ctx.time_unix_secs)],
    )
    .unwrap();
    assert_eq!(env.state.changes(), &base);
    assert!(env.keeper.calls().is_empty());
    let older = double_sign(1, 3, ctx.time_unix_secs - MAX_AGE - 1);
    ctx.time_nanos = 0;
    begin_block(&mut env.state, &env.keeper, &ctx, &[], &[older]).unwrap();
    assert!(env.keeper.calls().is_empty());
    begin_block(&mut env.state, &env.keeper, &ctx, &[], &[at_limit]).unwrap();
    assert!(env.state.is_tombstoned(&cons(1)).unwrap());
}

#[test]
fn a_staking_refusal_leaves_the_validator_untouched() {
    let env = Env::new(small_params(), 1);
    env.keeper.refuse_slash.set(true);
    let before = env.state.changes().clone();
    let now = block(10).time_unix_secs;
    let mut fork = StateDelta::new(&env.state);
    begin_block(
        &mut fork,
        &env.keeper,
        &block(10),
        &[],
        &[double_sign(1, 5, now)],
    )
    .unwrap();
    assert!(fork.changes().is_empty());
    assert_eq!(env.state.changes(), &before);
}

#[test]
fn evidence_at_height_one_uses_height_zero() {
    let mut env = Env::new(small_params(), 1);
    let now = block(3).time_unix_secs;
    env.begin(3, &[], &[double_sign(1, 1, now)]);
    assert!(matches!(
        env.keeper.calls()[0],
        MockCall::Slash {
            infraction_height: 0,
            ..
        }
    ));
}

#[test]
fn liveness_runs_before_evidence_like_the_sdk() {
    let mut env = Env::new(small_params(), 1);
    for h in 1..=11u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    let now = block(12).time_unix_secs;
    env.begin(12, &[vote(1, false)], &[double_sign(1, 11, now)]);
    let calls = env.keeper.calls();
    // downtime slash + jail, then the double-sign slash without a second jail
    assert_eq!(calls.len(), 3);
    assert!(matches!(
        calls[2],
        MockCall::Slash {
            infraction_height: 10,
            ..
        }
    ));
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert!(info.tombstoned);
    assert_eq!(info.jailed_until, DOUBLE_SIGN_JAIL_END_TIME);
    invariants::check_all(&env.state).unwrap();
}
