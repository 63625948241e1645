//! `openledger query distribution ...`: rewards, commission, the community pool and params.

use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::distribution::v1beta1::{
    QueryCommunityPoolRequest, QueryCommunityPoolResponse, QueryDelegationRewardsRequest,
    QueryDelegationRewardsResponse, QueryDelegationTotalRewardsRequest,
    QueryDelegationTotalRewardsResponse, QueryDelegatorWithdrawAddressRequest,
    QueryDelegatorWithdrawAddressResponse, QueryParamsRequest, QueryParamsResponse,
    QueryValidatorCommissionRequest, QueryValidatorCommissionResponse,
};
use serde::Serialize;

use super::common::{self, DelegatorArgs, HeightOpt, PlainArgs, ValidatorArgs};
use super::view::{self, DecCoinView};
use super::{resolve_address, resolve_validator};
use crate::context::Context;
use crate::forms::params::DistributionParams;
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum DistributionQuery {
    /// Pending rewards of a delegator: from every validator, or from one
    Rewards(RewardsArgs),
    /// Accumulated commission of a validator
    Commission(ValidatorArgs),
    /// Tokens in the community pool
    CommunityPool(PlainArgs),
    /// Distribution parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
    /// The address that receives a delegator's rewards
    WithdrawAddr(DelegatorArgs),
}

#[derive(Debug, Args)]
pub struct RewardsArgs {
    /// Delegator address (open1...) or key name
    pub delegator: String,
    /// Only the rewards from this validator (openvaloper1..., or its operator's key name)
    pub validator: Option<String>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Serialize)]
struct RewardsOut {
    rewards: Vec<DecCoinView>,
}

#[derive(Debug, Serialize)]
struct ValidatorReward {
    validator_address: String,
    reward: Vec<DecCoinView>,
}

#[derive(Debug, Serialize)]
struct TotalRewardsOut {
    rewards: Vec<ValidatorReward>,
    total: Vec<DecCoinView>,
}

#[derive(Debug, Serialize)]
struct CommissionOut {
    commission: Vec<DecCoinView>,
}

#[derive(Debug, Serialize)]
struct PoolOut {
    pool: Vec<DecCoinView>,
}

#[derive(Debug, Serialize)]
struct WithdrawAddrOut {
    withdraw_address: String,
}

pub async fn run(ctx: &Context, query: DistributionQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        DistributionQuery::Rewards(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?.to_string();
            match &args.validator {
                Some(validator) => {
                    let validator = resolve_validator(ctx, validator)?;
                    let response: QueryDelegationRewardsResponse = rpc
                        .query(
                            paths::distribution::DELEGATION_REWARDS,
                            &QueryDelegationRewardsRequest {
                                delegator_address: delegator,
                                validator_address: validator.to_string(),
                            },
                            args.height.height,
                        )
                        .await?;
                    common::emit_doc(
                        ctx,
                        RewardsOut {
                            rewards: view::dec_coins(&response.rewards),
                        },
                    )
                }
                None => {
                    let response: QueryDelegationTotalRewardsResponse = rpc
                        .query(
                            paths::distribution::DELEGATION_TOTAL_REWARDS,
                            &QueryDelegationTotalRewardsRequest {
                                delegator_address: delegator,
                            },
                            args.height.height,
                        )
                        .await?;
                    common::emit_doc(
                        ctx,
                        TotalRewardsOut {
                            rewards: response
                                .rewards
                                .iter()
                                .map(|r| ValidatorReward {
                                    validator_address: r.validator_address.clone(),
                                    reward: view::dec_coins(&r.reward),
                                })
                                .collect(),
                            total: view::dec_coins(&response.total),
                        },
                    )
                }
            }
        }
        DistributionQuery::Commission(args) => {
            let validator = resolve_validator(ctx, &args.validator)?;
            let response: QueryValidatorCommissionResponse = rpc
                .query(
                    paths::distribution::VALIDATOR_COMMISSION,
                    &QueryValidatorCommissionRequest {
                        validator_address: validator.to_string(),
                    },
                    args.height.height,
                )
                .await?;
            let commission = response.commission.unwrap_or_default().commission;
            common::emit_doc(
                ctx,
                CommissionOut {
                    commission: view::dec_coins(&commission),
                },
            )
        }
        DistributionQuery::CommunityPool(args) => {
            let response: QueryCommunityPoolResponse = rpc
                .query(
                    paths::distribution::COMMUNITY_POOL,
                    &QueryCommunityPoolRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                PoolOut {
                    pool: view::dec_coins(&response.pool),
                },
            )
        }
        DistributionQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::distribution::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(
                ctx,
                "distribution",
                response.params,
                DistributionParams::from_proto,
            )
        }
        DistributionQuery::WithdrawAddr(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?.to_string();
            let response: QueryDelegatorWithdrawAddressResponse = rpc
                .query(
                    paths::distribution::DELEGATOR_WITHDRAW_ADDRESS,
                    &QueryDelegatorWithdrawAddressRequest {
                        delegator_address: delegator,
                    },
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                WithdrawAddrOut {
                    withdraw_address: response.withdraw_address,
                },
            )
        }
    }
}
