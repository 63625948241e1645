//! Query functions behind `cosmos.staking.v1beta1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination is by key: `pagination.key` is the `next_key` of the previous page (the store key
//! suffix of the next item); `offset` is honoured when no key is given, up to
//! [`MAX_PAGE_OFFSET`]; a page reads at most [`MAX_ENTRIES_SCANNED`] entries and may end early
//! with a `next_key`; `count_total` and `reverse` are not supported (`total` is 0).

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::{Address, StateError, StateRead, ACCOUNT_PREFIX, VALOPER_PREFIX};

use crate::error::StakingError;
use crate::proto::red_entry_proto;
use crate::state::StakingRead;
use crate::state_key;
use crate::types::{BondStatus, Delegation, Redelegation, UnbondingDelegation, Validator};

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
/// The largest `pagination.offset` accepted: a larger one is refused (page by `next_key`).
pub const MAX_PAGE_OFFSET: u64 = 10_000;
/// Store entries one paginated query reads at most (skipped, filtered out or returned); the
/// page then ends early with a `next_key` to go on from.
pub const MAX_ENTRIES_SCANNED: usize = 20_000;

// --- helpers ------------------------------------------------------------------------------

fn parse_acc(s: &str) -> Result<Address, StakingError> {
    if s.is_empty() {
        return Err(StakingError::EmptyDelegatorAddr);
    }
    Address::from_bech32(s, ACCOUNT_PREFIX).map_err(|e| StakingError::InvalidAddress(e.to_string()))
}

fn parse_val(s: &str) -> Result<Address, StakingError> {
    if s.is_empty() {
        return Err(StakingError::EmptyValidatorAddr);
    }
    Address::from_bech32(s, VALOPER_PREFIX).map_err(|e| StakingError::InvalidAddress(e.to_string()))
}

fn not_found_validator(op: &Address) -> StakingError {
    StakingError::NoValidatorFound(op.to_bech32(VALOPER_PREFIX))
}

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

/// Walk the keys under `prefix` one page at a time. `f` maps a key suffix and value to an item,
/// or `None` to skip it (filters). Returns the items and the next page key.
fn paginate<S: StateRead, T>(
    state: &S,
    prefix: &[u8],
    page: Option<&PageRequest>,
    mut f: impl FnMut(&[u8], &[u8]) -> Result<Option<T>, StakingError>,
) -> Result<(Vec<T>, PageResponse), StakingError> {
    let limit = page_limit(page);
    let key = page.map(|p| p.key.as_slice()).filter(|k| !k.is_empty());
    let start = key.map(|k| {
        let mut s = prefix.to_vec();
        s.extend_from_slice(k);
        s
    });
    let mut skip = match (key, page) {
        (None, Some(p)) if p.offset > MAX_PAGE_OFFSET => {
            return Err(StakingError::InvalidRequest(format!(
                "pagination offset {} is over {MAX_PAGE_OFFSET}: page with next_key",
                p.offset
            )))
        }
        (None, Some(p)) => usize::try_from(p.offset).unwrap_or(usize::MAX),
        _ => 0,
    };
    let mut items = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(prefix, start.as_deref()).enumerate() {
        let (k, v) = item?;
        let suffix = k.get(prefix.len()..).unwrap_or_default();
        if scanned >= MAX_ENTRIES_SCANNED {
            // bounded work per query: go on from here with the next page
            next_key = suffix.to_vec();
            break;
        }
        let Some(t) = f(suffix, &v)? else {
            continue;
        };
        if skip > 0 {
            skip = skip.saturating_sub(1);
            continue;
        }
        if items.len() == limit {
            next_key = suffix.to_vec();
            break;
        }
        items.push(t);
    }
    Ok((items, PageResponse { next_key, total: 0 }))
}

fn decode<T: borsh::BorshDeserialize>(key: &[u8], v: &[u8]) -> Result<T, StakingError> {
    Ok(borsh::from_slice(v).map_err(|e| StateError::decode(key, e))?)
}

fn delegation_response<S: StateRead>(
    state: &S,
    d: &Delegation,
) -> Result<pb::DelegationResponse, StakingError> {
    let v = state
        .validator(&d.validator)?
        .ok_or_else(|| not_found_validator(&d.validator))?;
    Ok(pb::DelegationResponse {
        delegation: Some(d.to_proto()),
        balance: Some(PbCoin {
            denom: state.bond_denom()?,
            amount: v.tokens_from_shares(d.shares).to_string(),
        }),
    })
}

fn redelegation_response<S: StateRead>(
    state: &S,
    r: &Redelegation,
) -> Result<pb::RedelegationResponse, StakingError> {
    let dst = state.validator(&r.validator_dst)?;
    Ok(pb::RedelegationResponse {
        redelegation: Some(r.to_proto()),
        entries: r
            .entries
            .iter()
            .map(|e| pb::RedelegationEntryResponse {
                redelegation_entry: Some(red_entry_proto(e)),
                balance: dst
                    .as_ref()
                    .map(|v| v.tokens_from_shares(e.shares_dst))
                    .unwrap_or(0)
                    .to_string(),
            })
            .collect(),
    })
}

// --- queries ------------------------------------------------------------------------------

/// Validators, optionally filtered by status (`BOND_STATUS_BONDED`, ...), by operator address.
pub fn query_validators<S: StateRead>(
    state: &S,
    req: &pb::QueryValidatorsRequest,
) -> Result<pb::QueryValidatorsResponse, StakingError> {
    let status = if req.status.is_empty() {
        None
    } else {
        Some(BondStatus::from_str_name(&req.status).ok_or_else(|| {
            StakingError::InvalidRequest(format!("invalid validator status {}", req.status))
        })?)
    };
    let (validators, page) = paginate(
        state,
        &state_key::validators_prefix(),
        req.pagination.as_ref(),
        |k, v| {
            let val: Validator = decode(k, v)?;
            Ok(status
                .is_none_or(|s| s == val.status)
                .then(|| val.to_proto()))
        },
    )?;
    Ok(pb::QueryValidatorsResponse {
        validators,
        pagination: Some(page),
    })
}

pub fn query_validator<S: StateRead>(
    state: &S,
    req: &pb::QueryValidatorRequest,
) -> Result<pb::QueryValidatorResponse, StakingError> {
    let op = parse_val(&req.validator_addr)?;
    let v = state
        .validator(&op)?
        .ok_or_else(|| not_found_validator(&op))?;
    Ok(pb::QueryValidatorResponse {
        validator: Some(v.to_proto()),
    })
}

pub fn query_validator_delegations<S: StateRead>(
    state: &S,
    req: &pb::QueryValidatorDelegationsRequest,
) -> Result<pb::QueryValidatorDelegationsResponse, StakingError> {
    let op = parse_val(&req.validator_addr)?;
    let (delegation_responses, page) = paginate(
        state,
        &state_key::delegations_by_val(&op),
        req.pagination.as_ref(),
        |k, _| {
            let del = Address::from_slice(k).map_err(|e| StateError::decode(k, e))?;
            match state.delegation(&del, &op)? {
                Some(d) => Ok(Some(delegation_response(state, &d)?)),
                None => Ok(None),
            }
        },
    )?;
    Ok(pb::QueryValidatorDelegationsResponse {
        delegation_responses,
        pagination: Some(page),
    })
}

pub fn query_validator_unbonding_delegations<S: StateRead>(
    state: &S,
    req: &pb::QueryValidatorUnbondingDelegationsRequest,
) -> Result<pb::QueryValidatorUnbondingDelegationsResponse, StakingError> {
    let op = parse_val(&req.validator_addr)?;
    let (unbonding_responses, page) = paginate(
        state,
        &state_key::ubds_by_val(&op),
        req.pagination.as_ref(),
        |k, _| {
            let del = Address::from_slice(k).map_err(|e| StateError::decode(k, e))?;
            Ok(state.unbonding_delegation(&del, &op)?.map(|u| u.to_proto()))
        },
    )?;
    Ok(pb::QueryValidatorUnbondingDelegationsResponse {
        unbonding_responses,
        pagination: Some(page),
    })
}

pub fn query_delegation<S: StateRead>(
    state: &S,
    req: &pb::QueryDelegationRequest,
) -> Result<pb::QueryDelegationResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let op = parse_val(&req.validator_addr)?;
    let d = state.delegation(&del, &op)?.ok_or_else(|| {
        StakingError::NotFound(format!(
            "delegation with delegator {del} not found for validator {}",
            req.validator_addr
        ))
    })?;
    Ok(pb::QueryDelegationResponse {
        delegation_response: Some(delegation_response(state, &d)?),
    })
}

pub fn query_unbonding_delegation<S: StateRead>(
    state: &S,
    req: &pb::QueryUnbondingDelegationRequest,
) -> Result<pb::QueryUnbondingDelegationResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let op = parse_val(&req.validator_addr)?;
    let u = state.unbonding_delegation(&del, &op)?.ok_or_else(|| {
        StakingError::NotFound(format!(
            "unbonding delegation with delegator {del} not found for validator {}",
            req.validator_addr
        ))
    })?;
    Ok(pb::QueryUnbondingDelegationResponse {
        unbond: Some(u.to_proto()),
    })
}

pub fn query_delegator_delegations<S: StateRead>(
    state: &S,
    req: &pb::QueryDelegatorDelegationsRequest,
) -> Result<pb::QueryDelegatorDelegationsResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let (delegation_responses, page) = paginate(
        state,
        &state_key::delegations_of(&del),
        req.pagination.as_ref(),
        |k, v| {
            let d: Delegation = decode(k, v)?;
            Ok(Some(delegation_response(state, &d)?))
        },
    )?;
    Ok(pb::QueryDelegatorDelegationsResponse {
        delegation_responses,
        pagination: Some(page),
    })
}

pub fn query_delegator_unbonding_delegations<S: StateRead>(
    state: &S,
    req: &pb::QueryDelegatorUnbondingDelegationsRequest,
) -> Result<pb::QueryDelegatorUnbondingDelegationsResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let (unbonding_responses, page) = paginate(
        state,
        &state_key::ubds_of(&del),
        req.pagination.as_ref(),
        |k, v| Ok(Some(decode::<UnbondingDelegation>(k, v)?.to_proto())),
    )?;
    Ok(pb::QueryDelegatorUnbondingDelegationsResponse {
        unbonding_responses,
        pagination: Some(page),
    })
}

/// Redelegations: one triplet (delegator, src and dst given), all from a source validator
/// (only src given), or a delegator's (optionally from one source).
pub fn query_redelegations<S: StateRead>(
    state: &S,
    req: &pb::QueryRedelegationsRequest,
) -> Result<pb::QueryRedelegationsResponse, StakingError> {
    let has_del = !req.delegator_addr.is_empty();
    let has_src = !req.src_validator_addr.is_empty();
    let has_dst = !req.dst_validator_addr.is_empty();
    if has_del && has_src && has_dst {
        let del = parse_acc(&req.delegator_addr)?;
        let src = parse_val(&req.src_validator_addr)?;
        let dst = parse_val(&req.dst_validator_addr)?;
        let r = state
            .redelegation(&del, &src, &dst)?
            .ok_or(StakingError::NoRedelegation)?;
        return Ok(pb::QueryRedelegationsResponse {
            redelegation_responses: vec![redelegation_response(state, &r)?],
            pagination: None,
        });
    }
    let (redelegation_responses, page) = if !has_del && has_src && !has_dst {
        let src = parse_val(&req.src_validator_addr)?;
        paginate(
            state,
            &state_key::reds_by_src(&src),
            req.pagination.as_ref(),
            |k, _| {
                let addrs = state_key::addresses_after(k, &[], 0, 2)
                    .ok_or_else(|| StateError::decode(k, "bad redelegation index"))?;
                let (Some(del), Some(dst)) = (addrs.first(), addrs.get(1)) else {
                    return Ok(None);
                };
                match state.redelegation(del, &src, dst)? {
                    Some(r) => Ok(Some(redelegation_response(state, &r)?)),
                    None => Ok(None),
                }
            },
        )?
    } else {
        let del = parse_acc(&req.delegator_addr)?;
        let prefix = if has_src {
            state_key::reds_of_pair(&del, &parse_val(&req.src_validator_addr)?)
        } else {
            state_key::reds_of(&del)
        };
        let dst = if has_dst {
            Some(parse_val(&req.dst_validator_addr)?)
        } else {
            None
        };
        paginate(state, &prefix, req.pagination.as_ref(), |k, v| {
            let r: Redelegation = decode(k, v)?;
            if dst.is_some_and(|d| d != r.validator_dst) {
                return Ok(None);
            }
            Ok(Some(redelegation_response(state, &r)?))
        })?
    };
    Ok(pb::QueryRedelegationsResponse {
        redelegation_responses,
        pagination: Some(page),
    })
}

pub fn query_delegator_validators<S: StateRead>(
    state: &S,
    req: &pb::QueryDelegatorValidatorsRequest,
) -> Result<pb::QueryDelegatorValidatorsResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let (validators, page) = paginate(
        state,
        &state_key::delegations_of(&del),
        req.pagination.as_ref(),
        |k, v| {
            let d: Delegation = decode(k, v)?;
            let val = state
                .validator(&d.validator)?
                .ok_or_else(|| not_found_validator(&d.validator))?;
            Ok(Some(val.to_proto()))
        },
    )?;
    Ok(pb::QueryDelegatorValidatorsResponse {
        validators,
        pagination: Some(page),
    })
}

pub fn query_delegator_validator<S: StateRead>(
    state: &S,
    req: &pb::QueryDelegatorValidatorRequest,
) -> Result<pb::QueryDelegatorValidatorResponse, StakingError> {
    let del = parse_acc(&req.delegator_addr)?;
    let op = parse_val(&req.validator_addr)?;
    if state.delegation(&del, &op)?.is_none() {
        return Err(StakingError::NoDelegation);
    }
    let v = state
        .validator(&op)?
        .ok_or_else(|| not_found_validator(&op))?;
    Ok(pb::QueryDelegatorValidatorResponse {
        validator: Some(v.to_proto()),
    })
}

/// `Query/HistoricalInfo`: the header and bonded validator set kept at the end of `height`
/// for the last `historical_entries` heights; older or future heights are `NoHistoricalInfo`
/// (staking code 38, NOT_FOUND).
pub fn query_historical_info<S: StateRead>(
    state: &S,
    req: &pb::QueryHistoricalInfoRequest,
) -> Result<pb::QueryHistoricalInfoResponse, StakingError> {
    let height = u64::try_from(req.height)
        .map_err(|_| StakingError::InvalidRequest("height cannot be negative".into()))?;
    let key = crate::state_key::historical_info(height);
    let bytes = state.get_raw(&key)?.ok_or(StakingError::NoHistoricalInfo)?;
    let hist = <pb::HistoricalInfo as prost::Message>::decode(bytes.as_slice())
        .map_err(|_| StateError::decode(&key, "bad historical info"))?;
    Ok(pb::QueryHistoricalInfoResponse { hist: Some(hist) })
}

pub fn query_pool<S: StateRead>(
    state: &S,
    _req: &pb::QueryPoolRequest,
) -> Result<pb::QueryPoolResponse, StakingError> {
    Ok(pb::QueryPoolResponse {
        pool: Some(pb::Pool {
            not_bonded_tokens: state.not_bonded_pool_balance()?.to_string(),
            bonded_tokens: state.bonded_pool_balance()?.to_string(),
        }),
    })
}

pub fn query_params<S: StateRead>(
    state: &S,
    _req: &pb::QueryParamsRequest,
) -> Result<pb::QueryParamsResponse, StakingError> {
    Ok(pb::QueryParamsResponse {
        params: Some(state.staking_params()?.to_proto()),
    })
}
