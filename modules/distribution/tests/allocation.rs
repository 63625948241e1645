//! Block allocation: fees split by voting power, commission, reward index, community pool,
//! with every aopen accounted for.

mod common;

use common::*;
use openledger_distribution::{
    allocate_tokens, fund_rewards, DistributionRead, REWARD_INDEX_SCALE,
};
use openledger_framework::{Coins, Dec, StateDelta};

fn pool(s: &openledger_framework::delta::MemState) -> u128 {
    s.community_pool_amount(DENOM).unwrap()
}

#[test]
fn fees_are_split_by_power_with_commission_and_tax() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(10), 1_000)
        .unwrap();
    k.create_validator(&mut s, 2, Dec::ZERO, 3_000).unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    s.take_events();

    allocate_tokens(&mut s, &k, &[vote(1, 1), vote(2, 3)]).unwrap();

    // tax 2% = 20; 980 left: 245 to validator 1 and 735 to validator 2.
    let r1 = s.validator_record(&op(1)).unwrap().unwrap();
    assert_eq!(r1.commission, 24); // floor(24.5)
    assert_eq!(r1.outstanding, 221);
    assert_eq!(r1.reward_index, 221 * REWARD_INDEX_SCALE / 1_000);
    let r2 = s.validator_record(&op(2)).unwrap().unwrap();
    assert_eq!(r2.commission, 0);
    assert_eq!(r2.outstanding, 735);
    assert_eq!(r2.reward_index, 735 * REWARD_INDEX_SCALE / 3_000);
    assert_eq!(pool(&s), 20);
    assert_eq!(balance(&s, &fee_collector()), 0);
    assert_eq!(balance(&s, &module()), 1_000);
    k.check_invariants(&s);

    let events: Vec<(String, Vec<String>)> = s
        .take_events()
        .into_iter()
        .filter(|e| e.kind == "commission" || e.kind == "rewards")
        .map(|e| {
            (
                e.kind.clone(),
                e.attributes.iter().map(|a| a.value.clone()).collect(),
            )
        })
        .collect();
    let v1 = op(1).to_bech32("openvaloper");
    assert_eq!(
        events[0],
        (
            "commission".to_string(),
            vec!["24.000000000000000000aopen".to_string(), v1.clone()]
        )
    );
    assert_eq!(
        events[1],
        (
            "rewards".to_string(),
            vec!["245.000000000000000000aopen".to_string(), v1]
        )
    );
    assert_eq!(events.len(), 4);
}

#[test]
fn unsigned_votes_are_paid_too_and_remainders_go_to_the_pool() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    for n in 1..=3 {
        k.create_validator(&mut s, n, Dec::ZERO, 7).unwrap();
    }
    mint(&mut s, &fee_collector(), 100);
    let mut votes = vec![vote(1, 1), vote(2, 1), vote(3, 1)];
    votes[2].signed = false;
    allocate_tokens(&mut s, &k, &votes).unwrap();
    // tax 2, 98 / 3 = 32 each, remainder 2.
    for n in 1..=3 {
        assert_eq!(s.validator_record(&op(n)).unwrap().unwrap().outstanding, 32);
    }
    assert_eq!(pool(&s), 4);
    k.check_invariants(&s);
}

#[test]
fn what_cannot_be_placed_goes_to_the_community_pool() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(50), 0).unwrap(); // no delegator shares
    mint(&mut s, &fee_collector(), 1_000);
    // validator 9 is unknown
    allocate_tokens(&mut s, &k, &[vote(1, 1), vote(9, 1)]).unwrap();
    // tax 20; 490 each; validator 1 keeps commission 245, its delegators' 245 has no shares.
    let r1 = s.validator_record(&op(1)).unwrap().unwrap();
    assert_eq!(
        (r1.commission, r1.outstanding, r1.reward_index),
        (245, 0, 0)
    );
    assert_eq!(pool(&s), 20 + 490 + 245);
    k.check_invariants(&s);

    // zero total power: everything to the pool
    mint(&mut s, &fee_collector(), 50);
    allocate_tokens(&mut s, &k, &[vote(1, 0)]).unwrap();
    assert_eq!(pool(&s), 755 + 50);
    // no votes at all
    mint(&mut s, &fee_collector(), 5);
    allocate_tokens(&mut s, &k, &[]).unwrap();
    assert_eq!(pool(&s), 810);
    k.check_invariants(&s);
}

#[test]
fn other_denoms_go_to_the_community_pool_whole() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 10).unwrap();
    mint_denom(&mut s, &fee_collector(), "ibc/ATOM", 77);
    mint_denom(&mut s, &fee_collector(), "uusdc", 5);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    assert_eq!(s.community_pool_amount("ibc/ATOM").unwrap(), 77);
    assert_eq!(s.community_pool_amount("uusdc").unwrap(), 5);
    assert_eq!(pool(&s), 0);
    assert_eq!(s.validator_record(&op(1)).unwrap().unwrap().outstanding, 0);
    k.check_invariants(&s);
}

#[test]
fn an_empty_fee_collector_changes_nothing() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 10).unwrap();
    let before = s.changes().clone();
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    assert_eq!(s.changes(), &before);
}

#[test]
fn fees_equal_the_increase_of_pool_commission_and_outstanding() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::permille(333), 3)
        .unwrap();
    k.create_validator(&mut s, 2, Dec::permille(77), 1_000_000_007)
        .unwrap();
    k.create_validator(&mut s, 3, Dec::ONE, 11).unwrap();
    let held = |s: &openledger_framework::delta::MemState| {
        let mut t = pool(s);
        for n in 1..=3 {
            let r = s.validator_record(&op(n)).unwrap().unwrap();
            t += r.commission + r.outstanding;
        }
        t
    };
    let mut total = 0;
    for fees in [1u128, 999, 123_456_789, 10u128.pow(24) + 7] {
        mint(&mut s, &fee_collector(), fees);
        total += fees;
        allocate_tokens(
            &mut s,
            &k,
            &[vote(1, 5), vote(2, 7), vote(3, 11), vote(4, 2)],
        )
        .unwrap();
        assert_eq!(held(&s), total);
        k.check_invariants(&s);
    }
}

#[test]
fn a_huge_index_step_goes_to_the_pool_instead_of_overflowing() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 1).unwrap(); // a single share unit
    let fees = u128::MAX / 10u128.pow(18); // index step near u128::MAX
    mint(&mut s, &fee_collector(), fees);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    mint(&mut s, &fee_collector(), fees);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    let r = s.validator_record(&op(1)).unwrap().unwrap();
    let tax = fees / 50;
    assert_eq!(r.outstanding, fees - tax);
    assert_eq!(r.reward_index, (fees - tax) * REWARD_INDEX_SCALE);
    // the second block's delegator part could not be indexed: all of it is in the pool
    assert_eq!(pool(&s), tax + fees);
    k.check_invariants(&s);
}

#[test]
fn fund_rewards_are_allocated_with_the_next_block() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 100).unwrap();
    let attribution = openledger_framework::Address::module("attribution");
    mint(&mut s, &attribution, 1_000);
    fund_rewards(&mut s, &attribution, &Coins::single(DENOM, 500).unwrap()).unwrap();
    assert_eq!(balance(&s, &fee_collector()), 500);
    assert_eq!(balance(&s, &attribution), 500);
    allocate_tokens(&mut s, &k, &[vote(1, 10)]).unwrap();
    assert_eq!(
        s.validator_record(&op(1)).unwrap().unwrap().outstanding,
        490
    );
    assert_eq!(pool(&s), 10);

    // not enough funds: refused, and nothing moves once the fork is dropped
    let mut fork = StateDelta::new(&s);
    assert!(fund_rewards(&mut fork, &attribution, &Coins::single(DENOM, 501).unwrap()).is_err());
    drop(fork);
    assert_eq!(balance(&s, &attribution), 500);
    k.check_invariants(&s);
}
