//! The invariant checks detect broken state.

mod common;

use common::*;
use openledger_framework::StateWrite;
use openledger_slashing::{invariants, state_key, SlashingError};

fn env_with_misses() -> Env {
    let mut env = Env::new(small_params(), 1);
    for h in 1..=3u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    invariants::check_all(&env.state).unwrap();
    env
}

#[test]
fn an_extra_bit_breaks_the_counter_invariant() {
    let mut env = env_with_misses();
    env.state
        .put_raw(state_key::missed_block(&cons(1), 0, 7), vec![1])
        .unwrap();
    assert!(matches!(
        invariants::missed_blocks_counters_match_bitmaps(&env.state),
        Err(SlashingError::Invariant(_))
    ));
}

#[test]
fn a_missing_bit_breaks_the_counter_invariant() {
    let mut env = env_with_misses();
    env.state
        .delete(state_key::missed_block(&cons(1), 0, 0))
        .unwrap();
    assert!(invariants::check_all(&env.state).is_err());
}

#[test]
fn a_bit_without_signing_info_is_an_orphan() {
    let mut env = env_with_misses();
    env.state
        .put_raw(state_key::missed_block(&cons(5), 0, 1), vec![1])
        .unwrap();
    assert!(invariants::missed_blocks_counters_match_bitmaps(&env.state).is_ok());
    assert!(invariants::no_orphan_missed_bits(&env.state).is_err());
}

#[test]
fn a_stale_bit_without_pending_cleanup_is_detected() {
    let mut env = Env::new(small_params(), 1);
    for h in 1..=12u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    // jailed for downtime: generation 1 with 10 stale bits of generation 0, cleanup pending
    invariants::check_all(&env.state).unwrap();
    let mut v = env.validator(1);
    v.jailed = false;
    env.set_validator(v);
    for h in 13..=16u64 {
        env.begin(h, &[vote(1, true)], &[]);
    }
    invariants::check_all(&env.state).unwrap();
    env.state
        .put_raw(state_key::missed_block(&cons(1), 0, 3), vec![1])
        .unwrap();
    assert!(invariants::check_all(&env.state).is_err());
}
