//! Query functions behind `openledger.adapters.v1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (the rest of the index
//! key after the queried prefix), `limit` defaults to 100 and is capped at 1000; `offset`,
//! `count_total` and `reverse` are ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateRead};

use crate::adapter::check_hash;
use crate::error::AdaptersError;
use crate::keeper::AttributionKeeper;
use crate::params::ADAPTERS_PER_OPERATOR_RANGE;
use crate::proto;
use crate::state::{self, AdaptersRead};
use crate::state_key;

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};

/// Up to one page of entries under `prefix`, from the page key on; `f` maps an entry to an
/// item. Returns the items and the next key (empty on the last page).
fn page<S, T, F>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> Result<(Vec<T>, Option<PageResponse>), AdaptersError>
where
    S: StateRead + ?Sized,
    F: FnMut(&[u8], &[u8]) -> Result<T, AdaptersError>,
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
    Ok((items, Some(PageResponse { next_key, total: 0 })))
}

fn hash_arg(hash: &str) -> Result<(), AdaptersError> {
    check_hash(hash).map_err(|e| AdaptersError::InvalidRequest(e.to_string()))
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, AdaptersError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.adapters_params()?.to_proto()),
    })
}

pub fn query_adapter<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryAdapterRequest,
) -> Result<proto::QueryAdapterResponse, AdaptersError> {
    hash_arg(&req.hash)?;
    let a = state
        .adapter(&req.hash)?
        .ok_or_else(|| AdaptersError::UnknownAdapter(req.hash.clone()))?;
    Ok(proto::QueryAdapterResponse {
        adapter: Some(a.to_proto()),
    })
}

/// Adapters of a model through the model index, ordered by version then hash;
/// `model_version` 0 lists every version.
pub fn query_adapters_by_model<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryAdaptersByModelRequest,
) -> Result<proto::QueryAdaptersByModelResponse, AdaptersError> {
    if req.model_id == 0 {
        return Err(AdaptersError::InvalidRequest(
            "model id can not be 0".into(),
        ));
    }
    let prefix = match req.model_version {
        0 => state_key::by_model_of(req.model_id),
        v => state_key::by_model_version_of(req.model_id, v),
    };
    let (adapters, pagination) = page(state, &prefix, req.pagination.as_ref(), |k, _| {
        let hash = state_key::parse_by_model(k)
            .ok_or_else(|| AdaptersError::Invariant("malformed model index key".into()))?;
        let a = state.adapter(&hash)?.ok_or_else(|| {
            AdaptersError::Invariant(format!("model index names missing adapter {hash}"))
        })?;
        Ok(a.to_proto())
    })?;
    Ok(proto::QueryAdaptersByModelResponse {
        adapters,
        pagination,
    })
}

/// Who serves an adapter, by operator address, with their ceilings.
pub fn query_servers<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryServersRequest,
) -> Result<proto::QueryServersResponse, AdaptersError> {
    hash_arg(&req.adapter_hash)?;
    let prefix = state_key::serving_of(&req.adapter_hash);
    let (servers, pagination) = page(state, &prefix, req.pagination.as_ref(), |k, v| {
        Ok(state::decode_serving(k, v)?.to_proto())
    })?;
    Ok(proto::QueryServersResponse {
        servers,
        pagination,
    })
}

/// The serving entries of an operator (at most `max_adapters_per_operator`, by hash).
fn operator_serving<S: StateRead + ?Sized>(
    state: &S,
    operator: &Address,
) -> Result<Vec<proto::ServingEntry>, AdaptersError> {
    let cap = usize::try_from(ADAPTERS_PER_OPERATOR_RANGE.1).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for item in state
        .prefix_raw(&state_key::by_operator_of(operator), None)
        .take(cap)
    {
        let (k, _) = item?;
        let (_, hash) = state_key::parse_by_operator(&k)
            .ok_or_else(|| AdaptersError::Invariant("malformed operator index key".into()))?;
        let s = state.serving(&hash, operator)?.ok_or_else(|| {
            AdaptersError::Invariant(format!("operator index names missing entry {hash}"))
        })?;
        out.push(s.to_proto());
    }
    Ok(out)
}

pub fn query_operator_adapters<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryOperatorAdaptersRequest,
) -> Result<proto::QueryOperatorAdaptersResponse, AdaptersError> {
    let operator: Address = req.operator.parse()?;
    Ok(proto::QueryOperatorAdaptersResponse {
        serving: operator_serving(state, &operator)?,
    })
}

/// Receipts recorded and challenges lost (through the attribution keeper), adapters served
/// and the latest uptime claim. An address that never registered answers zeros.
pub fn query_operator_standing<S: StateRead + ?Sized>(
    state: &S,
    attribution: &dyn AttributionKeeper,
    req: &proto::QueryOperatorStandingRequest,
) -> Result<proto::QueryOperatorStandingResponse, AdaptersError> {
    let operator: Address = req.operator.parse()?;
    let read: &dyn StateRead = &state;
    let op = attribution.operator(read, &operator)?;
    Ok(proto::QueryOperatorStandingResponse {
        operator: operator.to_string(),
        registered: op.is_some(),
        receipts_recorded: op.as_ref().map_or(0, |o| o.receipts_recorded),
        challenges_lost: op.as_ref().map_or(0, |o| o.challenges_lost),
        adapters_served: state.operator_adapter_count(&operator)?,
        latest_uptime_claim: state.uptime_claim(&operator)?.map(|c| c.to_proto()),
    })
}
