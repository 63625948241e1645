//! Liveness tracking in begin block: bits, counters, downtime jailing, skipped validators,
//! keeper refusals and window changes.

mod common;

use common::*;
use openledger_framework::{Dec, ModuleError, StateDelta};
use openledger_slashing::invariants;
use openledger_slashing::mock::MockCall;
use openledger_slashing::{begin_block, Params, SlashingError, SlashingRead, Timestamp};

#[test]
fn first_vote_creates_signing_info_and_bits_follow_the_window() {
    let mut env = Env::new(small_params(), 1);
    // heights 5..=7 missed, the rest signed
    for h in 3..=12u64 {
        env.begin(h, &[vote(1, !(5..=7).contains(&h))], &[]);
        invariants::check_all(&env.state).unwrap();
    }
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!(info.start_height, 3);
    assert_eq!(info.index_offset, 10);
    assert_eq!(info.missed_blocks_counter, 3);
    assert_eq!(
        env.state.missed_indices(&cons(1), 0, 100).unwrap(),
        vec![2, 3, 4]
    );
    // the window wraps: signing at indices 2..=4 again clears the bits
    for h in 13..=17u64 {
        env.begin(h, &[vote(1, true)], &[]);
    }
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!(info.missed_blocks_counter, 0);
    assert_eq!(bit_keys(&env.state, 1), 0);
    assert!(env.keeper.calls().is_empty());
    invariants::check_all(&env.state).unwrap();
}

#[test]
fn missed_votes_emit_liveness_events() {
    let mut env = Env::new(small_params(), 1);
    env.begin(1, &[vote(1, false)], &[]);
    let events = env.take_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "liveness");
    assert_eq!(events[0].attribute("missed_blocks"), Some("1"));
    assert_eq!(events[0].attribute("height"), Some("1"));
    assert!(events[0]
        .attribute("address")
        .unwrap()
        .starts_with("openvalcons1"));
    env.begin(2, &[vote(1, true)], &[]);
    assert!(env.take_events().is_empty());
}

#[test]
fn downtime_slashes_jails_and_resets_after_the_grace_window() {
    let mut env = Env::new(small_params(), 2);
    // Validator 1 misses everything from height 1; validator 2 signs.
    for h in 1..=11u64 {
        env.begin(h, &[vote(1, false), vote(2, true)], &[]);
    }
    // height 11 is not > start_height (1) + window (10): no punishment yet
    assert!(env.keeper.calls().is_empty());
    assert_eq!(
        env.state
            .signing_info(&cons(1))
            .unwrap()
            .unwrap()
            .missed_blocks_counter,
        10
    );
    env.take_events();
    env.begin(12, &[vote(1, false), vote(2, true)], &[]);
    assert_eq!(
        env.keeper.calls(),
        vec![
            MockCall::Slash {
                cons: cons(1),
                infraction_height: 10,
                power: POWER,
                fraction: Dec::percent(1),
            },
            MockCall::Jail(cons(1)),
        ]
    );
    let v = env.validator(1);
    assert!(v.jailed);
    assert_eq!(v.tokens, 9_900_000);
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!(info.missed_blocks_counter, 0);
    assert_eq!(info.index_offset, 0);
    assert_eq!(info.start_height, 12);
    assert_eq!(
        info.jailed_until,
        Timestamp {
            seconds: block(12).time_unix_secs + 600,
            nanos: 0
        }
    );
    assert!(!info.tombstoned);
    let events = env.take_events();
    let slash = events.iter().find(|e| e.kind == "slash").unwrap();
    assert_eq!(slash.attribute("reason"), Some("missing_signature"));
    assert_eq!(slash.attribute("power"), Some("10"));
    assert_eq!(slash.attribute("jailed"), slash.attribute("address"));
    // the old bits are stale (a new generation), not counted
    assert_eq!(
        env.state
            .missed_indices(&cons(1), info.bitmap_generation, 100)
            .unwrap(),
        Vec::<u64>::new()
    );
    invariants::check_all(&env.state).unwrap();

    // Jailed: further votes are not tracked and nothing more is slashed.
    env.keeper.clear_calls();
    env.begin(13, &[vote(1, false)], &[]);
    assert!(env.keeper.calls().is_empty());
    assert_eq!(env.state.signing_info(&cons(1)).unwrap().unwrap(), info);

    // Back in the set: stale bits are cleaned a few per vote until none is left.
    let mut v = env.validator(1);
    v.jailed = false;
    env.set_validator(v);
    assert_eq!(bit_keys(&env.state, 1), 10);
    assert!(
        env.state
            .signing_info(&cons(1))
            .unwrap()
            .unwrap()
            .stale_bits_pending
    );
    for h in 14..=16u64 {
        env.begin(h, &[vote(1, true)], &[]);
    }
    assert_eq!(bit_keys(&env.state, 1), 0);
    env.begin(17, &[vote(1, true)], &[]);
    assert!(
        !env.state
            .signing_info(&cons(1))
            .unwrap()
            .unwrap()
            .stale_bits_pending
    );
    invariants::check_all(&env.state).unwrap();
}

#[test]
fn exactly_max_missed_is_tolerated() {
    // window 10, 50% => at most 5 missed
    let mut env = Env::new(small_params(), 1);
    for h in 1..=30u64 {
        // miss 5 of every 10 blocks
        env.begin(h, &[vote(1, h % 10 < 5)], &[]);
    }
    assert!(env.keeper.calls().is_empty());
    assert_eq!(
        env.state
            .signing_info(&cons(1))
            .unwrap()
            .unwrap()
            .missed_blocks_counter,
        5
    );
    env.begin(31, &[vote(1, false)], &[]); // index 0 was signed: now 6 missed
    assert_eq!(env.keeper.calls().len(), 2);
}

#[test]
fn threshold_uses_the_sdk_rounding() {
    // window 11 × 0.5 = 5.5 rounds (half to even) to 6 signed, so at most 5 missed
    let params = Params {
        signed_blocks_window: 11,
        ..Params::default()
    };
    assert_eq!(params.max_missed_blocks().unwrap(), 5);
    let params = Params {
        signed_blocks_window: 13,
        ..Params::default()
    };
    // 6.5 rounds to 6 signed: at most 7 missed
    assert_eq!(params.max_missed_blocks().unwrap(), 7);
}

#[test]
fn unknown_unbonded_and_jailed_validators_are_skipped() {
    let mut env = Env::new(small_params(), 3);
    let mut v2 = env.validator(2);
    v2.bonded = false;
    env.set_validator(v2);
    let mut v3 = env.validator(3);
    v3.jailed = true;
    env.set_validator(v3);
    env.begin(1, &[vote(9, false), vote(2, false), vote(3, false)], &[]);
    for n in [9, 2, 3] {
        assert!(env.state.signing_info(&cons(n)).unwrap().is_none());
    }
    assert!(env.take_events().is_empty());
}

#[test]
fn a_staking_refusal_skips_the_punishment_and_keeps_counting() {
    let mut env = Env::new(small_params(), 1);
    env.keeper.refuse_slash.set(true);
    for h in 1..=12u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    let v = env.validator(1);
    assert!(!v.jailed);
    assert_eq!(v.tokens, 10_000_000);
    assert_eq!(env.keeper.calls().len(), 1); // the refused slash, no jail
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!(info.missed_blocks_counter, 10);
    assert_eq!(info.start_height, 1);
    assert!(!env.take_events().iter().any(|e| e.kind == "slash"));
    // once staking accepts, the next block punishes
    env.keeper.refuse_slash.set(false);
    env.begin(13, &[vote(1, false)], &[]);
    assert!(env.validator(1).jailed);
    invariants::check_all(&env.state).unwrap();
}

#[test]
fn a_storage_failure_in_the_keeper_is_returned() {
    let mut env = Env::new(small_params(), 1);
    for h in 1..=11u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    env.keeper.fail_storage.set(true);
    let mut fork = StateDelta::new(&env.state);
    let err = begin_block(&mut fork, &env.keeper, &block(12), &[vote(1, false)], &[]).unwrap_err();
    assert!(matches!(err, SlashingError::Keeper(_)));
    assert_eq!((err.codespace(), err.code()), ("sdk", 1));
}

#[test]
fn a_window_change_resets_each_bitmap_at_the_next_vote() {
    let mut env = Env::new(
        Params {
            signed_blocks_window: 20,
            ..Params::default()
        },
        2,
    );
    for h in 1..=18u64 {
        // misses at indices 12..=17 (above the new window)
        env.begin(h, &[vote(1, h < 13), vote(2, true)], &[]);
    }
    assert_eq!(
        env.state
            .signing_info(&cons(1))
            .unwrap()
            .unwrap()
            .missed_blocks_counter,
        6
    );
    // governance shrinks the window
    let mut params = env.state.slashing_params().unwrap();
    params.signed_blocks_window = 10;
    let gov = openledger_framework::Address::module("gov");
    let b = block(19);
    let signers = [gov];
    let ctx = openledger_framework::MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    openledger_slashing::execute_update_params(
        &mut env.state,
        &ctx,
        &openledger_slashing::MsgUpdateParams {
            authority: gov,
            params,
        },
    )
    .unwrap();
    // the query already shows the reset before the next vote
    let q = openledger_slashing::query_signing_info(
        &env.state,
        &cosmos_sdk_proto::cosmos::slashing::v1beta1::QuerySigningInfoRequest {
            cons_address: openledger_framework::Address(cons(1)).to_bech32("openvalcons"),
        },
    )
    .unwrap();
    assert_eq!(q.val_signing_info.unwrap().missed_blocks_counter, 0);
    invariants::check_all(&env.state).unwrap();
    for h in 20..=24u64 {
        env.begin(h, &[vote(1, true), vote(2, true)], &[]);
        invariants::check_all(&env.state).unwrap();
    }
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!(
        (
            info.missed_blocks_counter,
            info.index_offset,
            info.bitmap_window
        ),
        (0, 5, 10)
    );
    // stale bits above the new window are gone too
    assert_eq!(bit_keys(&env.state, 1), 0);
    // and the validator is not punished for misses of the old window
    for h in 25..=40u64 {
        env.begin(h, &[vote(1, h % 2 == 0), vote(2, true)], &[]);
    }
    assert!(env.keeper.calls().is_empty());
    invariants::check_all(&env.state).unwrap();
}

#[test]
fn after_validator_bonded_restarts_tracking() {
    let mut env = Env::new(small_params(), 1);
    env.begin(1, &[vote(1, false)], &[]);
    openledger_slashing::after_validator_bonded(&mut env.state, &cons(1), 50).unwrap();
    let info = env.state.signing_info(&cons(1)).unwrap().unwrap();
    assert_eq!((info.start_height, info.missed_blocks_counter), (50, 1));
    openledger_slashing::after_validator_bonded(&mut env.state, &cons(7), 60).unwrap();
    assert_eq!(
        env.state
            .signing_info(&cons(7))
            .unwrap()
            .unwrap()
            .start_height,
        60
    );
}
