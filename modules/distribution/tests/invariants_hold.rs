//! Property: under any sequence of blocks, delegation changes, withdrawals, pool funding and
//! spending, and validator removal, the module account holds exactly the pool plus commission
//! plus outstanding, no validator owes its delegators more than it holds, supply is conserved,
//! and refused messages leave no trace.

mod common;

use common::*;
use openledger_bank::{invariants::total_supply_matches_balances, BankRead};
use openledger_distribution::{
    allocate_tokens, execute_community_pool_spend, execute_fund_community_pool,
    execute_set_withdraw_address, execute_withdraw_delegator_reward,
    execute_withdraw_validator_commission, DistributionError, GenesisState, MsgCommunityPoolSpend,
    MsgFundCommunityPool, MsgSetWithdrawAddress, MsgWithdrawDelegatorReward,
    MsgWithdrawValidatorCommission,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Coins, Dec, StateDelta, VoteInfo};
use proptest::prelude::*;

const VALIDATORS: u8 = 4;
const DELEGATORS: u8 = 5;

#[derive(Debug, Clone)]
enum Op {
    Block {
        fees: u128,
        other: u128,
        votes: Vec<(u8, i64)>,
    },
    Delegate {
        d: u8,
        v: u8,
        shares: u128,
    },
    Undelegate {
        d: u8,
        v: u8,
        percent: u128,
    },
    Withdraw {
        d: u8,
        v: u8,
    },
    WithdrawCommission {
        v: u8,
    },
    SetWithdraw {
        d: u8,
        to: u8,
    },
    Fund {
        d: u8,
        amount: u128,
    },
    Spend {
        to: u8,
        amount: u128,
    },
    EditCommission {
        v: u8,
        permille: u64,
    },
    RemoveOrCreate {
        v: u8,
    },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (
            prop_oneof![Just(0u128), 1u128..1_000, 1u128..1_000_000_000_000_000_000_000],
            prop_oneof![Just(0u128), 1u128..100],
            proptest::collection::vec((0..VALIDATORS + 1, 0i64..1_000), 0..6),
        )
            .prop_map(|(fees, other, votes)| Op::Block { fees, other, votes }),
        3 => (0..DELEGATORS, 0..VALIDATORS, prop_oneof![1u128..10, 1u128..1_000_000_000_000_000_000_000])
            .prop_map(|(d, v, shares)| Op::Delegate { d, v, shares }),
        2 => (0..DELEGATORS, 0..VALIDATORS, 1u128..=100)
            .prop_map(|(d, v, percent)| Op::Undelegate { d, v, percent }),
        2 => (0..DELEGATORS, 0..VALIDATORS).prop_map(|(d, v)| Op::Withdraw { d, v }),
        1 => (0..VALIDATORS).prop_map(|v| Op::WithdrawCommission { v }),
        1 => (0..DELEGATORS, 0..DELEGATORS + 1).prop_map(|(d, to)| Op::SetWithdraw { d, to }),
        1 => (0..DELEGATORS, 1u128..2_000).prop_map(|(d, amount)| Op::Fund { d, amount }),
        1 => (0..DELEGATORS, 1u128..5_000).prop_map(|(to, amount)| Op::Spend { to, amount }),
        1 => (0..VALIDATORS, 0u64..=1000).prop_map(|(v, permille)| Op::EditCommission { v, permille }),
        1 => (0..VALIDATORS).prop_map(|v| Op::RemoveOrCreate { v }),
    ]
}

/// Delegator `n`: plain accounts, plus `n == DELEGATORS` as a blocked module account for
/// withdraw-address targets.
fn delegator(n: u8) -> openledger_framework::Address {
    if n >= DELEGATORS {
        module()
    } else {
        addr(n + 1)
    }
}

fn run(
    s: &mut StateDelta<&MemState>,
    k: &mut MockKeeper,
    step: &Op,
) -> Result<(), DistributionError> {
    match step {
        Op::Block { fees, other, votes } => {
            if *fees > 0 {
                openledger_bank::mint(s, &fee_collector(), &Coins::single(DENOM, *fees).unwrap())
                    .unwrap();
            }
            if *other > 0 {
                openledger_bank::mint(
                    s,
                    &fee_collector(),
                    &Coins::single("uusdc", *other).unwrap(),
                )
                .unwrap();
            }
            let votes: Vec<VoteInfo> = votes.iter().map(|(v, p)| vote(*v, *p)).collect();
            allocate_tokens(s, k, &votes)
        }
        Op::Delegate { d, v, shares } => {
            if !k.validators.contains_key(&op(*v)) {
                return Ok(());
            }
            k.delegate(s, &delegator(*d), &op(*v), *shares)
        }
        Op::Undelegate { d, v, percent } => {
            let key = (delegator(*d), op(*v));
            let Some(have) = k.delegations.get(&key).copied() else {
                return Ok(());
            };
            let amount = (have * percent / 100).max(1);
            k.undelegate(s, &key.0, &key.1, amount)
        }
        Op::Withdraw { d, v } => with_ctx(&[delegator(*d)], |ctx| {
            execute_withdraw_delegator_reward(
                s,
                &*k,
                ctx,
                &MsgWithdrawDelegatorReward {
                    delegator: delegator(*d),
                    validator: op(*v),
                },
            )
            .map(|_| ())
        }),
        Op::WithdrawCommission { v } => with_ctx(&[op(*v)], |ctx| {
            execute_withdraw_validator_commission(
                s,
                ctx,
                &MsgWithdrawValidatorCommission { validator: op(*v) },
            )
            .map(|_| ())
        }),
        Op::SetWithdraw { d, to } => with_ctx(&[delegator(*d)], |ctx| {
            execute_set_withdraw_address(
                s,
                ctx,
                &MsgSetWithdrawAddress {
                    delegator: delegator(*d),
                    withdraw_address: delegator(*to),
                },
            )
        }),
        Op::Fund { d, amount } => with_ctx(&[delegator(*d)], |ctx| {
            execute_fund_community_pool(
                s,
                ctx,
                &MsgFundCommunityPool {
                    depositor: delegator(*d),
                    amount: Coins::single(DENOM, *amount).unwrap(),
                },
            )
        }),
        Op::Spend { to, amount } => with_ctx(&[gov()], |ctx| {
            execute_community_pool_spend(
                s,
                ctx,
                &MsgCommunityPoolSpend {
                    authority: gov(),
                    recipient: delegator(*to),
                    amount: Coins::single(DENOM, *amount).unwrap(),
                },
            )
        }),
        Op::EditCommission { v, permille } => {
            if let Some(val) = k.validators.get_mut(&op(*v)) {
                val.commission_rate = Dec::permille(*permille);
            }
            Ok(())
        }
        Op::RemoveOrCreate { v } => {
            let operator = op(*v);
            if !k.validators.contains_key(&operator) {
                return k.create_validator(s, *v, Dec::percent(5), 100);
            }
            // staking removes a validator once every delegation is gone
            for (d, shares) in k.delegations_of(&operator) {
                k.undelegate(s, &d, &operator, shares)?;
            }
            k.remove_validator(s, &operator)
        }
    }
}

fn snapshot(s: &MemState) -> (GenesisState, Vec<u128>) {
    let mut accounts: Vec<_> = (0..=DELEGATORS).map(delegator).collect();
    accounts.extend((0..VALIDATORS).map(op));
    accounts.push(fee_collector());
    (
        GenesisState::export(s).unwrap(),
        accounts.iter().map(|a| balance(s, a)).collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn distribution_invariants_hold(ops in proptest::collection::vec(op_strategy(), 1..60)) {
        let mut s = new_state();
        let mut k = MockKeeper::default();
        for v in 0..VALIDATORS {
            k.create_validator(&mut s, v, Dec::percent(u64::from(v) * 10), 1_000 * (u128::from(v) + 1)).unwrap();
        }
        for d in 0..DELEGATORS {
            mint(&mut s, &delegator(d), 1_000);
        }
        for op in &ops {
            let before = snapshot(&s);
            let keeper_before = k.clone();
            let minted = match op {
                Op::Block { fees, other, .. } => (*fees, *other),
                _ => (0, 0),
            };
            let supply = (s.supply(DENOM).unwrap(), s.supply("uusdc").unwrap());
            let mut fork = StateDelta::new(&s);
            match run(&mut fork, &mut k, op) {
                Ok(()) => {
                    let changes = fork.into_changes();
                    s.apply(changes);
                }
                Err(e) => {
                    // only message refusals, never a broken invariant
                    prop_assert!(!matches!(e, DistributionError::Invariant(_) | DistributionError::Overflow), "{e}");
                    drop(fork);
                    k = keeper_before;
                    prop_assert_eq!(snapshot(&s), before);
                }
            }
            k.check_invariants(&s);
            total_supply_matches_balances(&s).unwrap();
            // nothing is created or lost beyond what the test minted
            let after = (s.supply(DENOM).unwrap(), s.supply("uusdc").unwrap());
            prop_assert!(after == supply || after == (supply.0 + minted.0, supply.1 + minted.1));
        }
        // everyone can still withdraw everything owed
        let delegations: Vec<_> = k.delegations.keys().copied().collect();
        for (d, v) in delegations {
            with_ctx(&[d], |ctx| execute_withdraw_delegator_reward(
                &mut s, &k, ctx, &MsgWithdrawDelegatorReward { delegator: d, validator: v },
            )).unwrap();
        }
        k.check_invariants(&s);
    }
}

#[test]
fn the_balance_invariant_notices_stray_funds() {
    let mut s = new_state();
    openledger_distribution::invariants::module_balance_matches_holdings(&s).unwrap();
    mint(&mut s, &module(), 1);
    assert!(matches!(
        openledger_distribution::invariants::module_balance_matches_holdings(&s),
        Err(DistributionError::Invariant(_))
    ));
}

#[test]
fn the_outstanding_invariant_notices_overpromised_rewards() {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::ZERO, 100).unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1)]).unwrap();
    let ok = k.delegations_of(&op(1));
    openledger_distribution::invariants::delegations_within_outstanding(&s, &op(1), &ok).unwrap();
    // a delegation list claiming more shares than exist
    let inflated = vec![(op(1), 200)];
    assert!(
        openledger_distribution::invariants::delegations_within_outstanding(&s, &op(1), &inflated)
            .is_err()
    );
}
