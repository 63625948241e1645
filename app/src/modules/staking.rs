//! staking: validators, delegations, unbonding and the validator set CometBFT follows.

use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::error::call_error;
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, BlockCtx, CallError, Module, MsgRoute, QueryRoute, StateRead,
    StateWrite, ValidatorUpdate,
};
use openledger_proto::methods::cosmos::staking::v1beta1::query as q;
use openledger_staking as staking;
use openledger_staking::rpc as st;

use crate::keepers::AppStakingHooks;

pub struct Staking;

impl Module for Staking {
    fn name(&self) -> &'static str {
        "staking"
    }

    openledger_framework::genesis_methods!(staking::GenesisState);

    fn end_block(
        &self,
        mut state: &mut dyn StateWrite,
        ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        staking::end_block(&mut state, ctx, &AppStakingHooks { ctx }).map_err(call_error)
    }

    fn check_invariants(&self, state: &dyn StateRead) -> Result<(), String> {
        staking::invariants::all_invariants(&state)
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            pb::MsgCreateValidator => staking::MsgCreateValidator => |s, c, m| respond(
                staking::execute_create_validator(s, c, &AppStakingHooks { ctx: c.block }, m),
                |r| r,
            ),
            pb::MsgEditValidator => staking::MsgEditValidator
                => |s, c, m| respond(staking::execute_edit_validator(s, c, m), |r| r),
            pb::MsgDelegate => staking::MsgDelegate => |s, c, m| respond(
                staking::execute_delegate(s, c, &AppStakingHooks { ctx: c.block }, m),
                |r| r,
            ),
            pb::MsgUndelegate => staking::MsgUndelegate => |s, c, m| respond(
                staking::execute_undelegate(s, c, &AppStakingHooks { ctx: c.block }, m),
                |r| r,
            ),
            pb::MsgBeginRedelegate => staking::MsgBeginRedelegate => |s, c, m| respond(
                staking::execute_begin_redelegate(s, c, &AppStakingHooks { ctx: c.block }, m),
                |r| r,
            ),
            pb::MsgCancelUnbondingDelegation => staking::MsgCancelUnbondingDelegation
                => |s, c, m| respond(
                    staking::execute_cancel_unbonding_delegation(
                        s,
                        c,
                        &AppStakingHooks { ctx: c.block },
                        m,
                    ),
                    |r| r,
                ),
            #[proposal]
            pb::MsgUpdateParams => staking::MsgUpdateParams
                => |s, c, m| respond(staking::execute_update_params(s, c, m), |r| r),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::VALIDATORS => pb::QueryValidatorsRequest => |s, r| st::query_validators(s, r),
            q::VALIDATOR => pb::QueryValidatorRequest => |s, r| st::query_validator(s, r),
            q::VALIDATOR_DELEGATIONS => pb::QueryValidatorDelegationsRequest
                => |s, r| st::query_validator_delegations(s, r),
            q::VALIDATOR_UNBONDING_DELEGATIONS => pb::QueryValidatorUnbondingDelegationsRequest
                => |s, r| st::query_validator_unbonding_delegations(s, r),
            q::DELEGATION => pb::QueryDelegationRequest => |s, r| st::query_delegation(s, r),
            q::UNBONDING_DELEGATION => pb::QueryUnbondingDelegationRequest
                => |s, r| st::query_unbonding_delegation(s, r),
            q::DELEGATOR_DELEGATIONS => pb::QueryDelegatorDelegationsRequest
                => |s, r| st::query_delegator_delegations(s, r),
            q::DELEGATOR_UNBONDING_DELEGATIONS => pb::QueryDelegatorUnbondingDelegationsRequest
                => |s, r| st::query_delegator_unbonding_delegations(s, r),
            q::REDELEGATIONS => pb::QueryRedelegationsRequest
                => |s, r| st::query_redelegations(s, r),
            q::DELEGATOR_VALIDATORS => pb::QueryDelegatorValidatorsRequest
                => |s, r| st::query_delegator_validators(s, r),
            q::DELEGATOR_VALIDATOR => pb::QueryDelegatorValidatorRequest
                => |s, r| st::query_delegator_validator(s, r),
            q::HISTORICAL_INFO => pb::QueryHistoricalInfoRequest
                => |s, r| st::query_historical_info(s, r),
            q::POOL => pb::QueryPoolRequest => |s, r| st::query_pool(s, r),
            q::PARAMS => pb::QueryParamsRequest => |s, r| st::query_params(s, r),
        ]
    }
}
