//! Query functions behind `openledger.feedback.v1.Query`. One plain function per RPC; the
//! gRPC service, the ABCI query gateway and REST are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (a 20-byte address
//! for validators, an 8-byte big-endian round id for rounds); `limit` defaults to 100 and is
//! capped at 1000; `offset`, `count_total` and `reverse` are ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateRead};

use crate::error::FeedbackError;
use crate::proto;
use crate::state::{self, FeedbackRead};
use crate::state_key;
use crate::types::{Round, Validator};

/// Settled rounds returned by one `SettledRounds` call at most.
pub const MAX_SETTLED_ROUNDS: usize = 100;

/// Up to one page of entries under `prefix`, from the page key on; `f` maps an entry to an
/// item. Returns the items and the next key (the suffix after `prefix` of the first entry
/// not returned).
fn page<S, T, F>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> Result<(Vec<T>, Vec<u8>), FeedbackError>
where
    S: StateRead + ?Sized,
    F: FnMut(&[u8], &[u8]) -> Result<T, FeedbackError>,
{
    let limit = openledger_framework::query::page_limit(req.map_or(0, |p| p.limit));
    let start = req
        .map(|p| p.key.as_slice())
        .filter(|k| !k.is_empty())
        .map(|k| [prefix, k].concat());
    let mut items = Vec::new();
    let mut next_key = Vec::new();
    for item in state.prefix_raw(prefix, start.as_deref()) {
        let (k, v) = item?;
        if items.len() == limit {
            next_key = k.get(prefix.len()..).unwrap_or_default().to_vec();
            break;
        }
        items.push(f(&k, &v)?);
    }
    Ok((items, next_key))
}

fn pagination(next_key: Vec<u8>) -> Option<PageResponse> {
    Some(PageResponse { next_key, total: 0 })
}

fn round_id(id: u64) -> Result<u64, FeedbackError> {
    if id == 0 {
        return Err(FeedbackError::InvalidRequest(
            "round id can not be 0".into(),
        ));
    }
    Ok(id)
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, FeedbackError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.feedback_params()?.to_proto()),
    })
}

/// A validator, or the bond being returned to one that left; unknown if neither.
pub fn query_validator<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryValidatorRequest,
) -> Result<proto::QueryValidatorResponse, FeedbackError> {
    let a: Address = req.address.parse()?;
    let v = state.feedback_validator(&a)?;
    let u = state.unbonding(&a)?;
    if v.is_none() && u.is_none() {
        return Err(FeedbackError::UnknownValidator(a.to_string()));
    }
    Ok(proto::QueryValidatorResponse {
        validator: v.map(|v| v.to_proto()),
        unbonding: u.map(|u| u.to_proto()),
    })
}

pub fn query_validators<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryValidatorsRequest,
) -> Result<proto::QueryValidatorsResponse, FeedbackError> {
    let (validators, next_key) = page(
        state,
        &state_key::validators_prefix(),
        req.pagination.as_ref(),
        |k, v| Ok(state::decode::<Validator>(k, v)?.to_proto()),
    )?;
    Ok(proto::QueryValidatorsResponse {
        validators,
        pagination: pagination(next_key),
    })
}

pub fn query_round<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryRoundRequest,
) -> Result<proto::QueryRoundResponse, FeedbackError> {
    let id = round_id(req.round_id)?;
    let r = state.round(id)?.ok_or(FeedbackError::UnknownRound(id))?;
    Ok(proto::QueryRoundResponse {
        round: Some(r.to_proto()),
        commitments: state
            .commitments(id)?
            .iter()
            .map(|c| c.to_proto())
            .collect(),
    })
}

/// By id; `model_id` 0: every model, else through the model index.
pub fn query_rounds<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryRoundsRequest,
) -> Result<proto::QueryRoundsResponse, FeedbackError> {
    let p = req.pagination.as_ref();
    let (rounds, next_key) = if req.model_id == 0 {
        page(state, &state_key::rounds_prefix(), p, |k, v| {
            Ok(state::decode::<Round>(k, v)?.to_proto())
        })?
    } else {
        page(
            state,
            &state_key::rounds_of_model(req.model_id),
            p,
            |k, _| {
                let id = state_key::trailing_u64(k)
                    .ok_or_else(|| FeedbackError::Invariant("malformed round index key".into()))?;
                let r = state.round(id)?.ok_or_else(|| {
                    FeedbackError::Invariant(format!("index names missing round {id}"))
                })?;
                Ok(r.to_proto())
            },
        )?
    };
    Ok(proto::QueryRoundsResponse {
        rounds,
        pagination: pagination(next_key),
    })
}

pub fn query_round_result<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryRoundResultRequest,
) -> Result<proto::QueryRoundResultResponse, FeedbackError> {
    let id = round_id(req.round_id)?;
    state.round(id)?.ok_or(FeedbackError::UnknownRound(id))?;
    let r = state
        .round_result(id)?
        .ok_or(FeedbackError::NotSettled(id))?;
    Ok(proto::QueryRoundResultResponse {
        result: Some(r.to_proto()),
    })
}

/// The results of the settled rounds of a model version, by round id (at most
/// [`MAX_SETTLED_ROUNDS`]).
pub fn query_settled_rounds<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QuerySettledRoundsRequest,
) -> Result<proto::QuerySettledRoundsResponse, FeedbackError> {
    let prefix = state_key::settled_of(req.model_id, req.model_version);
    let mut results = Vec::new();
    for item in state.prefix_raw(&prefix, None).take(MAX_SETTLED_ROUNDS) {
        let (k, _) = item?;
        let id = state_key::trailing_u64(&k)
            .ok_or_else(|| FeedbackError::Invariant("malformed settled index key".into()))?;
        let r = state
            .round_result(id)?
            .ok_or_else(|| FeedbackError::Invariant(format!("settled round {id} has no result")))?;
        results.push(r.to_proto());
    }
    Ok(proto::QuerySettledRoundsResponse { results })
}
