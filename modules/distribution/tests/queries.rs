//! `cosmos.distribution.v1beta1.Query` on in-memory state.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::distribution::v1beta1::*;
use openledger_distribution::{
    allocate_tokens, execute_fund_community_pool, execute_set_withdraw_address,
    query_community_pool, query_delegation_rewards, query_delegation_total_rewards,
    query_delegator_validators, query_delegator_withdraw_address, query_params,
    query_validator_commission, query_validator_distribution_info,
    query_validator_outstanding_rewards, query_validator_slashes, MsgFundCommunityPool,
    MsgSetWithdrawAddress,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Coins, Dec, ModuleError};

fn valoper(n: u8) -> String {
    op(n).to_bech32("openvaloper")
}

/// Validator 1: 10% commission, self-bond 1000, addr(1) 3000; fees 10_000 over validators 1, 2.
fn setup() -> (MemState, MockKeeper) {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(10), 1_000)
        .unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 3_000).unwrap();
    k.create_validator(&mut s, 2, Dec::ZERO, 500).unwrap();
    k.delegate(&mut s, &addr(1), &op(2), 500).unwrap();
    mint(&mut s, &fee_collector(), 10_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1), vote(2, 1)]).unwrap();
    (s, k)
}

fn dec(n: u128) -> String {
    format!("{n}000000000000000000")
}

#[test]
fn params_in_the_sdk_shape() {
    let (s, _) = setup();
    let p = query_params(&s, &QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert_eq!(p.community_tax, "20000000000000000");
    assert!(p.withdraw_addr_enabled);
    #[allow(deprecated)]
    {
        assert_eq!(p.base_proposer_reward, "0");
        assert_eq!(p.bonus_proposer_reward, "0");
    }
}

#[test]
fn validator_queries() {
    let (s, k) = setup();
    // 4900 to validator 1: commission 490, outstanding 4410.
    let out = query_validator_outstanding_rewards(
        &s,
        &k,
        &QueryValidatorOutstandingRewardsRequest {
            validator_address: valoper(1),
        },
    )
    .unwrap();
    assert_eq!(out.rewards.unwrap().rewards[0].amount, dec(4_900));
    let c = query_validator_commission(
        &s,
        &k,
        &QueryValidatorCommissionRequest {
            validator_address: valoper(1),
        },
    )
    .unwrap();
    let c = c.commission.unwrap().commission;
    assert_eq!(
        (c[0].denom.as_str(), c[0].amount.clone()),
        ("aopen", dec(490))
    );
    let info = query_validator_distribution_info(
        &s,
        &k,
        &QueryValidatorDistributionInfoRequest {
            validator_address: valoper(1),
        },
    )
    .unwrap();
    assert_eq!(info.operator_address, op(1).to_string());
    assert_eq!(info.self_bond_rewards[0].amount, dec(1_102)); // floor(1000 * 1.1025)
    assert_eq!(info.commission[0].amount, dec(490));
    // validator 2 has no commission: an empty DecCoins list
    let c2 = query_validator_commission(
        &s,
        &k,
        &QueryValidatorCommissionRequest {
            validator_address: valoper(2),
        },
    )
    .unwrap();
    assert!(c2.commission.unwrap().commission.is_empty());
    // unknown validator: ErrNoValidatorExists; bad address: invalid address
    let err = query_validator_commission(
        &s,
        &k,
        &QueryValidatorCommissionRequest {
            validator_address: valoper(9),
        },
    )
    .unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("distribution", 12));
    let err = query_validator_outstanding_rewards(
        &s,
        &k,
        &QueryValidatorOutstandingRewardsRequest {
            validator_address: addr(1).to_string(),
        },
    )
    .unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("sdk", 7));
}

#[test]
fn slashes_are_always_empty() {
    let (s, _) = setup();
    let r = query_validator_slashes(
        &s,
        &QueryValidatorSlashesRequest {
            validator_address: valoper(1),
            starting_height: 1,
            ending_height: 100,
            pagination: None,
        },
    )
    .unwrap();
    assert!(r.slashes.is_empty());
    assert!(query_validator_slashes(
        &s,
        &QueryValidatorSlashesRequest {
            validator_address: valoper(1),
            starting_height: 5,
            ending_height: 1,
            pagination: None,
        },
    )
    .is_err());
}

#[test]
fn delegation_rewards_and_totals() {
    let (s, k) = setup();
    let r = query_delegation_rewards(
        &s,
        &k,
        &QueryDelegationRewardsRequest {
            delegator_address: addr(1).to_string(),
            validator_address: valoper(1),
        },
    )
    .unwrap();
    assert_eq!(r.rewards[0].amount, dec(3_307));
    // validator 2: 4900 over 1000 shares, addr(1) holds 500
    let t = query_delegation_total_rewards(
        &s,
        &k,
        &QueryDelegationTotalRewardsRequest {
            delegator_address: addr(1).to_string(),
        },
    )
    .unwrap();
    assert_eq!(t.rewards.len(), 2);
    assert_eq!(t.rewards[0].validator_address, valoper(1));
    assert_eq!(t.rewards[1].reward[0].amount, dec(2_450));
    assert_eq!(t.total[0].amount, dec(3_307 + 2_450));

    let err = query_delegation_rewards(
        &s,
        &k,
        &QueryDelegationRewardsRequest {
            delegator_address: addr(2).to_string(),
            validator_address: valoper(1),
        },
    )
    .unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("distribution", 13));
    let err = query_delegation_rewards(
        &s,
        &k,
        &QueryDelegationRewardsRequest {
            delegator_address: addr(1).to_string(),
            validator_address: valoper(9),
        },
    )
    .unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("distribution", 12));

    let v = query_delegator_validators(
        &s,
        &k,
        &QueryDelegatorValidatorsRequest {
            delegator_address: addr(1).to_string(),
        },
    )
    .unwrap();
    assert_eq!(v.validators, vec![valoper(1), valoper(2)]);
}

#[test]
fn withdraw_address_defaults_to_the_delegator() {
    let (mut s, _) = setup();
    let q = |s: &MemState| {
        query_delegator_withdraw_address(
            s,
            &QueryDelegatorWithdrawAddressRequest {
                delegator_address: addr(1).to_string(),
            },
        )
        .unwrap()
        .withdraw_address
    };
    assert_eq!(q(&s), addr(1).to_string());
    let msg = MsgSetWithdrawAddress {
        delegator: addr(1),
        withdraw_address: addr(5),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_set_withdraw_address(&mut s, ctx, &msg)
    })
    .unwrap();
    assert_eq!(q(&s), addr(5).to_string());
}

#[test]
fn community_pool_lists_every_denom_as_dec_coins() {
    let (mut s, _) = setup();
    mint_denom(&mut s, &addr(1), "uusdc", 9);
    let m = MsgFundCommunityPool {
        depositor: addr(1),
        amount: Coins::single("uusdc", 9).unwrap(),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_fund_community_pool(&mut s, ctx, &m)
    })
    .unwrap();
    let pool = query_community_pool(&s, &QueryCommunityPoolRequest {})
        .unwrap()
        .pool;
    let got: Vec<(String, String)> = pool.into_iter().map(|c| (c.denom, c.amount)).collect();
    assert_eq!(
        got,
        vec![
            ("aopen".to_string(), dec(200)),
            ("uusdc".to_string(), dec(9))
        ]
    );
}
