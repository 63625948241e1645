//! Staking hooks: rewards settle whenever a delegation changes, start indexes follow the
//! delegation's life, and a removed validator's commission and dust are released.

mod common;

use common::*;
use openledger_distribution::{
    after_delegation_modified, allocate_tokens, before_delegation_removed,
    before_delegation_shares_modified, execute_set_withdraw_address, on_validator_created,
    on_validator_removed, DistributionRead, MsgSetWithdrawAddress, ValidatorRecord,
    REWARD_INDEX_SCALE,
};
use openledger_framework::Dec;

#[test]
fn a_new_validator_starts_at_zero() {
    let mut s = new_state();
    on_validator_created(&mut s, &op(1)).unwrap();
    assert_eq!(
        s.validator_record(&op(1)).unwrap(),
        Some(ValidatorRecord::default())
    );
}

#[test]
fn changing_shares_settles_rewards_first() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 1_000).unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 1_000).unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap(); // 980 over 2000 shares
    assert_eq!(s.start_index(&op(1), &addr(1)).unwrap(), Some(0));

    // delegating more pays the 490 earned so far and restarts at the current index
    k.delegate(&mut s, &addr(1), &op(1), 2_000).unwrap();
    assert_eq!(balance(&s, &addr(1)), 490);
    let index = s.validator_record(&op(1)).unwrap().unwrap().reward_index;
    assert_eq!(index, 490 * REWARD_INDEX_SCALE / 1_000);
    assert_eq!(s.start_index(&op(1), &addr(1)).unwrap(), Some(index));
    k.check_invariants(&s);

    // the next block pays by the new shares: 3000 of 4000
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    k.undelegate(&mut s, &addr(1), &op(1), 1_000).unwrap();
    assert_eq!(balance(&s, &addr(1)), 490 + 735);
    k.check_invariants(&s);
}

#[test]
fn a_removed_delegation_is_paid_and_forgotten() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 1_000).unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 1_000).unwrap();
    // rewards go to a withdraw address
    let msg = MsgSetWithdrawAddress {
        delegator: addr(1),
        withdraw_address: addr(7),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_set_withdraw_address(&mut s, ctx, &msg)
    })
    .unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    k.undelegate(&mut s, &addr(1), &op(1), 1_000).unwrap();
    assert_eq!(balance(&s, &addr(7)), 490);
    assert_eq!(s.start_index(&op(1), &addr(1)).unwrap(), None);
    k.check_invariants(&s);
}

#[test]
fn before_delegation_removed_pays_when_shares_were_not_settled_first() {
    // A removal without a preceding shares-modified hook still pays what is owed.
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 100).unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 100).unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    before_delegation_removed(&mut s, &k, &addr(1), &op(1)).unwrap();
    assert_eq!(balance(&s, &addr(1)), 490);
    assert_eq!(s.start_index(&op(1), &addr(1)).unwrap(), None);
    let ev = s.take_events();
    assert!(ev.iter().any(|e| e.kind == "withdraw_rewards"));
}

#[test]
fn hooks_on_unknown_delegations_do_nothing_harmful() {
    let mut s = new_state();
    let k = MockKeeper::default();
    before_delegation_shares_modified(&mut s, &k, &addr(1), &op(1)).unwrap();
    before_delegation_removed(&mut s, &k, &addr(1), &op(1)).unwrap();
    on_validator_removed(&mut s, &op(1)).unwrap();
    after_delegation_modified(&mut s, &k, &addr(1), &op(1)).unwrap();
    assert_eq!(s.start_index(&op(1), &addr(1)).unwrap(), Some(0));
    assert!(s.validator_record(&op(1)).unwrap().is_none());
    openledger_distribution::invariants::module_balance_matches_holdings(&s).unwrap();
}

#[test]
fn a_removed_validator_pays_commission_and_releases_dust() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(10), 3).unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    // 980: commission 98, 882 over 3 shares: index exact (294 each), no dust yet
    mint(&mut s, &fee_collector(), 101);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    // 101: tax 2, 99: commission 9, 90 over 3 shares
    let r = s.validator_record(&op(1)).unwrap().unwrap();
    assert_eq!(r.commission, 107);
    k.undelegate(&mut s, &op(1), &op(1), 3).unwrap();
    assert_eq!(balance(&s, &op(1)), 882 + 90);
    let pool_before = s.community_pool_amount(DENOM).unwrap();
    let dust = s.validator_record(&op(1)).unwrap().unwrap().outstanding;
    k.remove_validator(&mut s, &op(1)).unwrap();
    assert_eq!(balance(&s, &op(1)), 882 + 90 + 107);
    assert_eq!(s.community_pool_amount(DENOM).unwrap(), pool_before + dust);
    assert!(s.validator_record(&op(1)).unwrap().is_none());
    openledger_distribution::invariants::module_balance_matches_holdings(&s).unwrap();
}

#[test]
fn rounding_dust_stays_outstanding_until_the_validator_goes() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 3).unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 3).unwrap();
    k.delegate(&mut s, &addr(2), &op(1), 3).unwrap();
    mint(&mut s, &fee_collector(), 100);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap(); // 98 over 9 shares
    for d in [op(1), addr(1), addr(2)] {
        k.undelegate(&mut s, &d, &op(1), 3).unwrap();
    }
    // 3 * floor(98/9*3) = 3 * 32 = 96 paid, 2 left as dust
    assert_eq!(
        balance(&s, &op(1)) + balance(&s, &addr(1)) + balance(&s, &addr(2)),
        96
    );
    assert_eq!(s.validator_record(&op(1)).unwrap().unwrap().outstanding, 2);
    k.remove_validator(&mut s, &op(1)).unwrap();
    assert_eq!(s.community_pool_amount(DENOM).unwrap(), 2 + 2);
    openledger_distribution::invariants::module_balance_matches_holdings(&s).unwrap();
}

#[test]
fn hooks_and_allocation_work_through_dyn_state() {
    // The app calls these from staking's hooks, which hand over `&mut dyn StateWrite`.
    use openledger_framework::{StateRead, StateWrite};
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 0).unwrap();
    k.delegations.insert((addr(1), op(1)), 10);
    k.validators.get_mut(&op(1)).unwrap().delegator_shares = 10;
    mint(&mut s, &fee_collector(), 100);
    {
        let dyn_state: &mut dyn StateWrite = &mut s;
        on_validator_created(dyn_state, &op(1)).unwrap();
        after_delegation_modified(dyn_state, &k, &addr(1), &op(1)).unwrap();
        allocate_tokens(dyn_state, &k, &[vote(1, 1)]).unwrap();
        before_delegation_shares_modified(dyn_state, &k, &addr(1), &op(1)).unwrap();
        before_delegation_removed(dyn_state, &k, &addr(1), &op(1)).unwrap();
    }
    assert_eq!(balance(&s, &addr(1)), 98);
    let read: &dyn StateRead = &s;
    let g = openledger_distribution::GenesisState::export(read).unwrap();
    assert_eq!(g.validators.len(), 1);
    let q = openledger_distribution::query_community_pool(
        read,
        &cosmos_sdk_proto::cosmos::distribution::v1beta1::QueryCommunityPoolRequest {},
    )
    .unwrap();
    assert_eq!(q.pool[0].amount, "2000000000000000000");
}
