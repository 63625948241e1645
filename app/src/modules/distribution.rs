//! distribution: fee and reward distribution, commission and the community pool.

use std::collections::BTreeMap;

use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
use openledger_distribution as d;
use openledger_framework::error::call_error;
use openledger_framework::module::{respond, BeginBlock};
use openledger_framework::{
    msg_routes, query_routes, Address, CallError, Module, MsgRoute, QueryRoute, StateRead,
    StateWrite,
};
use openledger_proto::methods::cosmos::distribution::v1beta1::query as q;

use crate::keepers::DistrStakingView;

pub struct Distribution;

impl Module for Distribution {
    fn name(&self) -> &'static str {
        "distribution"
    }

    openledger_framework::genesis_methods!(d::GenesisState);

    /// The previous block's fees, paid out by last-commit power.
    fn begin_block(&self, state: &mut dyn StateWrite, b: &BeginBlock<'_>) -> Result<(), CallError> {
        d::allocate_tokens(state, &DistrStakingView, b.votes).map_err(call_error)
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        d::invariants::module_balance_matches_holdings(&state).map_err(|e| e.to_string())?;
        // Every delegation's rewards are within its validator's outstanding rewards: the
        // delegations come from staking's state, read through its genesis export.
        let staking = openledger_staking::GenesisState::export(&state)
            .map_err(|e| format!("staking export: {e}"))?;
        let mut by_validator: BTreeMap<Address, Vec<(Address, u128)>> = BTreeMap::new();
        for del in &staking.delegations {
            by_validator
                .entry(del.validator)
                .or_default()
                .push((del.delegator, del.shares));
        }
        for (operator, delegations) in &by_validator {
            d::invariants::delegations_within_outstanding(&state, operator, delegations)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgSetWithdrawAddress => d::MsgSetWithdrawAddress => |s, c, m| respond(
                d::execute_set_withdraw_address(s, c, m),
                |()| pb::MsgSetWithdrawAddressResponse {},
            ),
            pb::MsgWithdrawDelegatorReward => d::MsgWithdrawDelegatorReward => |s, c, m| respond(
                d::execute_withdraw_delegator_reward(s, &DistrStakingView, c, m),
                d::MsgWithdrawDelegatorReward::response,
            ),
            pb::MsgWithdrawValidatorCommission => d::MsgWithdrawValidatorCommission
                => |s, c, m| respond(
                    d::execute_withdraw_validator_commission(s, c, m),
                    d::MsgWithdrawValidatorCommission::response,
                ),
            pb::MsgFundCommunityPool => d::MsgFundCommunityPool => |s, c, m| respond(
                d::execute_fund_community_pool(s, c, m),
                |()| pb::MsgFundCommunityPoolResponse {},
            ),
            #[proposal]
            pb::MsgCommunityPoolSpend => d::MsgCommunityPoolSpend => |s, c, m| respond(
                d::execute_community_pool_spend(s, c, m),
                |()| pb::MsgCommunityPoolSpendResponse {},
            ),
            #[proposal]
            pb::MsgUpdateParams => d::MsgUpdateParams => |s, c, m| respond(
                d::execute_update_params(s, c, m),
                |()| pb::MsgUpdateParamsResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::PARAMS => pb::QueryParamsRequest => |s, r| d::query_params(s, r),
            q::VALIDATOR_DISTRIBUTION_INFO => pb::QueryValidatorDistributionInfoRequest
                => |s, r| d::query_validator_distribution_info(s, &DistrStakingView, r),
            q::VALIDATOR_OUTSTANDING_REWARDS => pb::QueryValidatorOutstandingRewardsRequest
                => |s, r| d::query_validator_outstanding_rewards(s, &DistrStakingView, r),
            q::VALIDATOR_COMMISSION => pb::QueryValidatorCommissionRequest
                => |s, r| d::query_validator_commission(s, &DistrStakingView, r),
            q::VALIDATOR_SLASHES => pb::QueryValidatorSlashesRequest
                => |s, r| d::query_validator_slashes(s, r),
            q::DELEGATION_REWARDS => pb::QueryDelegationRewardsRequest
                => |s, r| d::query_delegation_rewards(s, &DistrStakingView, r),
            q::DELEGATION_TOTAL_REWARDS => pb::QueryDelegationTotalRewardsRequest
                => |s, r| d::query_delegation_total_rewards(s, &DistrStakingView, r),
            q::DELEGATOR_VALIDATORS => pb::QueryDelegatorValidatorsRequest
                => |s, r| d::query_delegator_validators(s, &DistrStakingView, r),
            q::DELEGATOR_WITHDRAW_ADDRESS => pb::QueryDelegatorWithdrawAddressRequest
                => |s, r| d::query_delegator_withdraw_address(s, r),
            q::COMMUNITY_POOL => pb::QueryCommunityPoolRequest
                => |s, r| d::query_community_pool(s, r),
        ]
    }
}
