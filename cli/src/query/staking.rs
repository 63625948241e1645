//! `openledger query staking ...`: validators, delegations, the staking pool and params.

use clap::{Args, Subcommand, ValueEnum};
use cosmos_sdk_proto::cosmos::staking::v1beta1::{
    BondStatus, DelegationResponse, QueryDelegationRequest, QueryDelegationResponse,
    QueryDelegatorDelegationsRequest, QueryDelegatorDelegationsResponse,
    QueryDelegatorUnbondingDelegationsRequest, QueryDelegatorUnbondingDelegationsResponse,
    QueryParamsRequest, QueryParamsResponse, QueryPoolRequest, QueryPoolResponse,
    QueryRedelegationsRequest, QueryRedelegationsResponse, QueryValidatorRequest,
    QueryValidatorResponse, QueryValidatorsRequest, QueryValidatorsResponse, RedelegationResponse,
    UnbondingDelegation, Validator,
};
use serde::Serialize;
use serde_json::Value;

use super::common::{self, DelegatorArgs, HeightOpt, PlainArgs, ValidatorArgs};
use super::view;
use super::{resolve_address, resolve_validator};
use crate::amount::Coin;
use crate::context::Context;
use crate::dec;
use crate::forms::params::StakingParams;
use crate::output::{self, Render};
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum StakingQuery {
    /// All validators, or those with one status
    Validators(ValidatorsArgs),
    /// One validator
    Validator(ValidatorArgs),
    /// A delegator's delegation to one validator
    Delegation(DelegationArgs),
    /// All delegations of a delegator
    Delegations(DelegatorArgs),
    /// A delegator's unbonding delegations (tokens on their way back)
    UnbondingDelegations(DelegatorArgs),
    /// A delegator's redelegations that have not matured yet
    Redelegations(DelegatorArgs),
    /// Tokens in the bonded and not-bonded pools
    Pool(PlainArgs),
    /// Staking parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// In the active set
    Bonded,
    /// Leaving the active set, waiting out the unbonding time
    Unbonding,
    /// Not in the active set
    Unbonded,
}

#[derive(Debug, Args)]
pub struct ValidatorsArgs {
    /// Only validators with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct DelegationArgs {
    /// Delegator address (open1...) or key name
    pub delegator: String,
    /// Validator operator address (openvaloper1...), or the key name of its operator
    pub validator: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

pub fn status_name(status: i32) -> String {
    BondStatus::try_from(status)
        .map(|s| s.as_str_name().to_owned())
        .unwrap_or_else(|_| format!("UNKNOWN ({status})"))
}

#[derive(Debug, Serialize)]
pub struct DescriptionView {
    pub moniker: String,
    pub identity: String,
    pub website: String,
    pub security_contact: String,
    pub details: String,
}

#[derive(Debug, Serialize)]
pub struct RatesView {
    pub rate: String,
    pub max_rate: String,
    pub max_change_rate: String,
}

#[derive(Debug, Serialize)]
pub struct CommissionView {
    pub commission_rates: RatesView,
    pub update_time: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ValidatorView {
    pub operator_address: String,
    pub consensus_pubkey: Value,
    /// `openvalcons1...` of the consensus key (not in the SDK's output).
    pub consensus_address: Option<String>,
    pub jailed: bool,
    pub status: String,
    /// Bonded tokens, an integer of aopen.
    pub tokens: String,
    pub delegator_shares: String,
    pub description: DescriptionView,
    pub unbonding_height: i64,
    pub unbonding_time: Option<String>,
    pub commission: CommissionView,
    pub min_self_delegation: String,
}

impl ValidatorView {
    pub fn new(v: &Validator) -> Self {
        let d = v.description.clone().unwrap_or_default();
        let c = v.commission.clone().unwrap_or_default();
        let rates = c.commission_rates.unwrap_or_default();
        Self {
            operator_address: v.operator_address.clone(),
            consensus_pubkey: view::pubkey(v.consensus_pubkey.as_ref()),
            consensus_address: view::consensus_address(v.consensus_pubkey.as_ref()),
            jailed: v.jailed,
            status: status_name(v.status),
            tokens: v.tokens.clone(),
            delegator_shares: dec::display_legacy(&v.delegator_shares),
            description: DescriptionView {
                moniker: d.moniker,
                identity: d.identity,
                website: d.website,
                security_contact: d.security_contact,
                details: d.details,
            },
            unbonding_height: v.unbonding_height,
            unbonding_time: view::time(v.unbonding_time.as_ref()),
            commission: CommissionView {
                commission_rates: RatesView {
                    rate: dec::display_legacy(&rates.rate),
                    max_rate: dec::display_legacy(&rates.max_rate),
                    max_change_rate: dec::display_legacy(&rates.max_change_rate),
                },
                update_time: view::time(c.update_time.as_ref()),
            },
            min_self_delegation: v.min_self_delegation.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ValidatorsOut {
    validators: Vec<ValidatorView>,
}

impl Render for ValidatorsOut {
    fn text(&self) -> String {
        common::table(
            &self.validators,
            "no validators",
            Some("OPERATOR  MONIKER  STATUS  JAILED  TOKENS  COMMISSION"),
            |v| {
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    v.operator_address,
                    v.description.moniker,
                    v.status.trim_start_matches("BOND_STATUS_"),
                    v.jailed,
                    view::amount_text(&v.tokens, crate::chain::BASE_DENOM),
                    v.commission.commission_rates.rate
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct ValidatorOut {
    validator: ValidatorView,
}

#[derive(Debug, Serialize)]
pub struct DelegationView {
    pub delegator_address: String,
    pub validator_address: String,
    pub shares: String,
}

#[derive(Debug, Serialize)]
pub struct DelegationResponseView {
    pub delegation: DelegationView,
    pub balance: Option<Coin>,
}

fn delegation_view(r: &DelegationResponse) -> anyhow::Result<DelegationResponseView> {
    let d = r.delegation.clone().unwrap_or_default();
    Ok(DelegationResponseView {
        delegation: DelegationView {
            delegator_address: d.delegator_address,
            validator_address: d.validator_address,
            shares: dec::display_legacy(&d.shares),
        },
        balance: r.balance.as_ref().map(Coin::from_proto).transpose()?,
    })
}

#[derive(Debug, Serialize)]
struct DelegationOut {
    delegation_response: DelegationResponseView,
}

#[derive(Debug, Serialize)]
struct DelegationsOut {
    delegation_responses: Vec<DelegationResponseView>,
}

impl Render for DelegationsOut {
    fn text(&self) -> String {
        common::table(&self.delegation_responses, "no delegations", None, |r| {
            format!(
                "{}: {} ({} shares)",
                r.delegation.validator_address,
                r.balance
                    .as_ref()
                    .map(Coin::display)
                    .unwrap_or_else(|| "?".to_owned()),
                r.delegation.shares
            )
        })
    }
}

#[derive(Debug, Serialize)]
struct UnbondingEntryView {
    creation_height: i64,
    completion_time: Option<String>,
    initial_balance: String,
    balance: String,
}

#[derive(Debug, Serialize)]
struct UnbondingView {
    delegator_address: String,
    validator_address: String,
    entries: Vec<UnbondingEntryView>,
}

fn unbonding_view(u: &UnbondingDelegation) -> UnbondingView {
    UnbondingView {
        delegator_address: u.delegator_address.clone(),
        validator_address: u.validator_address.clone(),
        entries: u
            .entries
            .iter()
            .map(|e| UnbondingEntryView {
                creation_height: e.creation_height,
                completion_time: view::time(e.completion_time.as_ref()),
                initial_balance: e.initial_balance.clone(),
                balance: e.balance.clone(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
struct UnbondingOut {
    unbonding_responses: Vec<UnbondingView>,
}

#[derive(Debug, Serialize)]
struct RedelegationEntryView {
    creation_height: i64,
    completion_time: Option<String>,
    initial_balance: String,
    shares_dst: String,
    /// Tokens the entry is worth now.
    balance: String,
}

#[derive(Debug, Serialize)]
struct RedelegationView {
    delegator_address: String,
    validator_src_address: String,
    validator_dst_address: String,
    entries: Vec<RedelegationEntryView>,
}

fn redelegation_view(r: &RedelegationResponse) -> RedelegationView {
    let red = r.redelegation.clone().unwrap_or_default();
    let entries = r
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let entry = e
                .redelegation_entry
                .clone()
                .or_else(|| red.entries.get(i).cloned())
                .unwrap_or_default();
            RedelegationEntryView {
                creation_height: entry.creation_height,
                completion_time: view::time(entry.completion_time.as_ref()),
                initial_balance: entry.initial_balance,
                shares_dst: dec::display_legacy(&entry.shares_dst),
                balance: e.balance.clone(),
            }
        })
        .collect();
    RedelegationView {
        delegator_address: red.delegator_address,
        validator_src_address: red.validator_src_address,
        validator_dst_address: red.validator_dst_address,
        entries,
    }
}

#[derive(Debug, Serialize)]
struct RedelegationsOut {
    redelegation_responses: Vec<RedelegationView>,
}

#[derive(Debug, Serialize)]
struct PoolView {
    not_bonded_tokens: String,
    bonded_tokens: String,
}

#[derive(Debug, Serialize)]
struct PoolOut {
    pool: PoolView,
}

pub async fn run(ctx: &Context, query: StakingQuery) -> anyhow::Result<()> {
    let rpc = ctx.rpc()?;
    match query {
        StakingQuery::Validators(args) => {
            let status = match args.status {
                None => String::new(),
                Some(StatusFilter::Bonded) => BondStatus::Bonded.as_str_name().to_owned(),
                Some(StatusFilter::Unbonding) => BondStatus::Unbonding.as_str_name().to_owned(),
                Some(StatusFilter::Unbonded) => BondStatus::Unbonded.as_str_name().to_owned(),
            };
            let validators = common::all_pages(
                &rpc,
                paths::staking::VALIDATORS,
                args.height.height,
                |pagination| QueryValidatorsRequest {
                    status: status.clone(),
                    pagination,
                },
                |r: QueryValidatorsResponse| (r.validators, r.pagination),
            )
            .await?;
            let validators = validators.iter().map(ValidatorView::new).collect();
            output::emit(ctx.output, &ValidatorsOut { validators })
        }
        StakingQuery::Validator(args) => {
            let validator = resolve_validator(ctx, &args.validator)?;
            let response: QueryValidatorResponse = rpc
                .query(
                    paths::staking::VALIDATOR,
                    &QueryValidatorRequest {
                        validator_addr: validator.to_string(),
                    },
                    args.height.height,
                )
                .await?;
            let validator = response
                .validator
                .ok_or_else(|| anyhow::anyhow!("validator {validator} not found"))?;
            common::emit_doc(
                ctx,
                ValidatorOut {
                    validator: ValidatorView::new(&validator),
                },
            )
        }
        StakingQuery::Delegation(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?;
            let validator = resolve_validator(ctx, &args.validator)?;
            let response: QueryDelegationResponse = rpc
                .query(
                    paths::staking::DELEGATION,
                    &QueryDelegationRequest {
                        delegator_addr: delegator.to_string(),
                        validator_addr: validator.to_string(),
                    },
                    args.height.height,
                )
                .await?;
            let response = response
                .delegation_response
                .ok_or_else(|| anyhow::anyhow!("{delegator} has no delegation with {validator}"))?;
            common::emit_doc(
                ctx,
                DelegationOut {
                    delegation_response: delegation_view(&response)?,
                },
            )
        }
        StakingQuery::Delegations(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?.to_string();
            let responses = common::all_pages(
                &rpc,
                paths::staking::DELEGATOR_DELEGATIONS,
                args.height.height,
                |pagination| QueryDelegatorDelegationsRequest {
                    delegator_addr: delegator.clone(),
                    pagination,
                },
                |r: QueryDelegatorDelegationsResponse| (r.delegation_responses, r.pagination),
            )
            .await?;
            let delegation_responses = responses
                .iter()
                .map(delegation_view)
                .collect::<anyhow::Result<_>>()?;
            output::emit(
                ctx.output,
                &DelegationsOut {
                    delegation_responses,
                },
            )
        }
        StakingQuery::UnbondingDelegations(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?.to_string();
            let responses = common::all_pages(
                &rpc,
                paths::staking::DELEGATOR_UNBONDING_DELEGATIONS,
                args.height.height,
                |pagination| QueryDelegatorUnbondingDelegationsRequest {
                    delegator_addr: delegator.clone(),
                    pagination,
                },
                |r: QueryDelegatorUnbondingDelegationsResponse| {
                    (r.unbonding_responses, r.pagination)
                },
            )
            .await?;
            common::emit_doc(
                ctx,
                UnbondingOut {
                    unbonding_responses: responses.iter().map(unbonding_view).collect(),
                },
            )
        }
        StakingQuery::Redelegations(args) => {
            let delegator = resolve_address(ctx, &args.delegator)?.to_string();
            let responses = common::all_pages(
                &rpc,
                paths::staking::REDELEGATIONS,
                args.height.height,
                |pagination| QueryRedelegationsRequest {
                    delegator_addr: delegator.clone(),
                    pagination,
                    ..Default::default()
                },
                |r: QueryRedelegationsResponse| (r.redelegation_responses, r.pagination),
            )
            .await?;
            common::emit_doc(
                ctx,
                RedelegationsOut {
                    redelegation_responses: responses.iter().map(redelegation_view).collect(),
                },
            )
        }
        StakingQuery::Pool(args) => {
            let response: QueryPoolResponse = rpc
                .query(
                    paths::staking::POOL,
                    &QueryPoolRequest {},
                    args.height.height,
                )
                .await?;
            let pool = response.pool.unwrap_or_default();
            common::emit_doc(
                ctx,
                PoolOut {
                    pool: PoolView {
                        not_bonded_tokens: pool.not_bonded_tokens,
                        bonded_tokens: pool.bonded_tokens,
                    },
                },
            )
        }
        StakingQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::staking::PARAMS,
                    &QueryParamsRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_params(ctx, "staking", response.params, StakingParams::from_proto)
        }
    }
}
