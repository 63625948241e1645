//! Query functions behind `cosmos.distribution.v1beta1.Query`. One plain function per RPC; the
//! gRPC service and the ABCI query gateway are thin adapters over these. DecCoin amounts are
//! LegacyDec on the wire: the integer amount n is written as n × 10^18.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
use cosmos_sdk_proto::cosmos::distribution::v1beta1::{
    DelegationDelegatorReward, QueryCommunityPoolRequest, QueryCommunityPoolResponse,
    QueryDelegationRewardsRequest, QueryDelegationRewardsResponse,
    QueryDelegationTotalRewardsRequest, QueryDelegationTotalRewardsResponse,
    QueryDelegatorValidatorsRequest, QueryDelegatorValidatorsResponse,
    QueryDelegatorWithdrawAddressRequest, QueryDelegatorWithdrawAddressResponse,
    QueryParamsRequest, QueryParamsResponse, QueryValidatorCommissionRequest,
    QueryValidatorCommissionResponse, QueryValidatorDistributionInfoRequest,
    QueryValidatorDistributionInfoResponse, QueryValidatorOutstandingRewardsRequest,
    QueryValidatorOutstandingRewardsResponse, QueryValidatorSlashesRequest,
    QueryValidatorSlashesResponse, ValidatorAccumulatedCommission, ValidatorOutstandingRewards,
};
use openledger_framework::{Address, StateRead, BASE_DENOM, VALOPER_PREFIX};

use crate::error::DistributionError;
use crate::keeper::StakingKeeper;
use crate::msg::{account, valoper};
use crate::rewards::{dec_coin, dec_coins, pending_reward};
use crate::state::DistributionRead;

/// Most validators listed for one delegator by DelegationTotalRewards and DelegatorValidators.
pub const MAX_DELEGATOR_VALIDATORS: usize = 1000;

/// Most denoms listed by CommunityPool.
const MAX_POOL_DENOMS: usize = 1000;

fn existing_validator<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    operator: &Address,
    raw: &str,
) -> Result<(), DistributionError> {
    match keeper.validator(&state, operator)? {
        Some(_) => Ok(()),
        None => Err(DistributionError::NoValidatorExists(raw.to_string())),
    }
}

/// The pending reward of one delegation with `shares`.
fn pending<S: StateRead + ?Sized>(
    state: &S,
    delegator: &Address,
    operator: &Address,
    shares: u128,
) -> Result<u128, DistributionError> {
    let index = state
        .validator_record(operator)?
        .map(|r| r.reward_index)
        .unwrap_or(0);
    let start = state.start_index(operator, delegator)?.unwrap_or(0);
    pending_reward(shares, start, index)
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &QueryParamsRequest,
) -> Result<QueryParamsResponse, DistributionError> {
    Ok(QueryParamsResponse {
        params: Some(state.distribution_params()?.to_proto()),
    })
}

/// The operator account, its self-delegation's pending reward and its commission.
pub fn query_validator_distribution_info<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryValidatorDistributionInfoRequest,
) -> Result<QueryValidatorDistributionInfoResponse, DistributionError> {
    let operator = valoper(&req.validator_address)?;
    existing_validator(state, keeper, &operator, &req.validator_address)?;
    let self_bond = match keeper.delegation_shares(&state, &operator, &operator)? {
        Some(shares) => pending(state, &operator, &operator, shares)?,
        None => 0,
    };
    let commission = state
        .validator_record(&operator)?
        .map(|r| r.commission)
        .unwrap_or(0);
    Ok(QueryValidatorDistributionInfoResponse {
        operator_address: operator.to_string(),
        self_bond_rewards: dec_coins(BASE_DENOM, self_bond),
        commission: dec_coins(BASE_DENOM, commission),
    })
}

/// Outstanding rewards in the SDK's sense: delegators' unwithdrawn rewards plus commission.
pub fn query_validator_outstanding_rewards<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryValidatorOutstandingRewardsRequest,
) -> Result<QueryValidatorOutstandingRewardsResponse, DistributionError> {
    let operator = valoper(&req.validator_address)?;
    existing_validator(state, keeper, &operator, &req.validator_address)?;
    let r = state.validator_record(&operator)?.unwrap_or_default();
    let total = r
        .outstanding
        .checked_add(r.commission)
        .ok_or(DistributionError::Overflow)?;
    Ok(QueryValidatorOutstandingRewardsResponse {
        rewards: Some(ValidatorOutstandingRewards {
            rewards: dec_coins(BASE_DENOM, total),
        }),
    })
}

pub fn query_validator_commission<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryValidatorCommissionRequest,
) -> Result<QueryValidatorCommissionResponse, DistributionError> {
    let operator = valoper(&req.validator_address)?;
    existing_validator(state, keeper, &operator, &req.validator_address)?;
    let commission = state
        .validator_record(&operator)?
        .map(|r| r.commission)
        .unwrap_or(0);
    Ok(QueryValidatorCommissionResponse {
        commission: Some(ValidatorAccumulatedCommission {
            commission: dec_coins(BASE_DENOM, commission),
        }),
    })
}

/// Always empty: slashing does not change shares, so distribution keeps no slash events.
pub fn query_validator_slashes<S: StateRead + ?Sized>(
    _state: &S,
    req: &QueryValidatorSlashesRequest,
) -> Result<QueryValidatorSlashesResponse, DistributionError> {
    valoper(&req.validator_address)?;
    if req.ending_height < req.starting_height {
        return Err(DistributionError::InvalidRequest(
            "starting height greater than ending height".into(),
        ));
    }
    Ok(QueryValidatorSlashesResponse {
        slashes: Vec::new(),
        pagination: Some(PageResponse {
            next_key: Vec::new(),
            total: 0,
        }),
    })
}

pub fn query_delegation_rewards<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryDelegationRewardsRequest,
) -> Result<QueryDelegationRewardsResponse, DistributionError> {
    let delegator = account(&req.delegator_address, "delegator")?;
    let operator = valoper(&req.validator_address)?;
    existing_validator(state, keeper, &operator, &req.validator_address)?;
    let shares = keeper
        .delegation_shares(&state, &delegator, &operator)?
        .ok_or(DistributionError::NoDelegationExists)?;
    Ok(QueryDelegationRewardsResponse {
        rewards: dec_coins(BASE_DENOM, pending(state, &delegator, &operator, shares)?),
    })
}

/// Every delegation of the delegator (at most [`MAX_DELEGATOR_VALIDATORS`]) with its pending
/// reward, and their total.
pub fn query_delegation_total_rewards<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryDelegationTotalRewardsRequest,
) -> Result<QueryDelegationTotalRewardsResponse, DistributionError> {
    let delegator = account(&req.delegator_address, "delegator")?;
    let mut rewards = Vec::new();
    let mut total: u128 = 0;
    for operator in keeper.delegator_validators(&state, &delegator, MAX_DELEGATOR_VALIDATORS)? {
        let Some(shares) = keeper.delegation_shares(&state, &delegator, &operator)? else {
            continue;
        };
        let amount = pending(state, &delegator, &operator, shares)?;
        total = total
            .checked_add(amount)
            .ok_or(DistributionError::Overflow)?;
        rewards.push(DelegationDelegatorReward {
            validator_address: operator.to_bech32(VALOPER_PREFIX),
            reward: dec_coins(BASE_DENOM, amount),
        });
    }
    Ok(QueryDelegationTotalRewardsResponse {
        rewards,
        total: dec_coins(BASE_DENOM, total),
    })
}

pub fn query_delegator_validators<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    req: &QueryDelegatorValidatorsRequest,
) -> Result<QueryDelegatorValidatorsResponse, DistributionError> {
    let delegator = account(&req.delegator_address, "delegator")?;
    let validators = keeper
        .delegator_validators(&state, &delegator, MAX_DELEGATOR_VALIDATORS)?
        .iter()
        .map(|v| v.to_bech32(VALOPER_PREFIX))
        .collect();
    Ok(QueryDelegatorValidatorsResponse { validators })
}

pub fn query_delegator_withdraw_address<S: StateRead + ?Sized>(
    state: &S,
    req: &QueryDelegatorWithdrawAddressRequest,
) -> Result<QueryDelegatorWithdrawAddressResponse, DistributionError> {
    let delegator = account(&req.delegator_address, "delegator")?;
    Ok(QueryDelegatorWithdrawAddressResponse {
        withdraw_address: state.withdraw_address(&delegator)?.to_string(),
    })
}

/// The community pool, every denom it holds (at most 1000), sorted by denom.
pub fn query_community_pool<S: StateRead + ?Sized>(
    state: &S,
    _req: &QueryCommunityPoolRequest,
) -> Result<QueryCommunityPoolResponse, DistributionError> {
    Ok(QueryCommunityPoolResponse {
        pool: state
            .community_pool(None, MAX_POOL_DENOMS)?
            .iter()
            .map(|c| dec_coin(&c.denom, c.amount))
            .collect(),
    })
}
