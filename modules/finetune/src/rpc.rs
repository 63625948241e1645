//! Query functions behind `openledger.finetune.v1.Query`. One plain function per RPC; the
//! gRPC service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (a provider address's
//! 20 bytes or an 8-byte big-endian job id), `limit` defaults to 100 and is capped at 1000;
//! `offset`, `count_total` and `reverse` are ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateRead, StateReadExt};

use crate::error::FinetuneError;
use crate::handler::{load_job, load_provider};
use crate::proto;
use crate::state::FinetuneRead;
use crate::state_key;
use crate::types::{Job, JobStatus, Provider};

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
/// Entries examined by one filtered `Jobs` call; a page may end early (with a `next_key`).
pub const MAX_JOBS_SCANNED: usize = 10_000;

/// Up to one page of items under `prefix`, from the page key on; `f` maps an entry to an
/// item or skips it. Returns the items and the next key (the suffix after `prefix` of the
/// first entry not examined).
fn page<S, T, F>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> Result<(Vec<T>, Vec<u8>), FinetuneError>
where
    S: StateRead + ?Sized,
    F: FnMut(&[u8], &[u8]) -> Result<Option<T>, FinetuneError>,
{
    let limit = openledger_framework::query::page_limit(req.map_or(0, |p| p.limit));
    let start = req
        .map(|p| p.key.as_slice())
        .filter(|k| !k.is_empty())
        .map(|k| [prefix, k].concat());
    let mut items = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(prefix, start.as_deref()).enumerate() {
        let (k, v) = item?;
        if scanned >= MAX_JOBS_SCANNED || items.len() == limit {
            next_key = k.get(prefix.len()..).unwrap_or_default().to_vec();
            break;
        }
        if let Some(t) = f(&k, &v)? {
            items.push(t);
        }
    }
    Ok((items, next_key))
}

fn pagination(next_key: Vec<u8>) -> Option<PageResponse> {
    Some(PageResponse { next_key, total: 0 })
}

fn addr(field: &str, s: &str) -> Result<Address, FinetuneError> {
    s.parse::<Address>()
        .map_err(|e| FinetuneError::InvalidRequest(format!("{field}: {e}")))
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, FinetuneError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.finetune_params()?.to_proto()),
    })
}

pub fn query_provider<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryProviderRequest,
) -> Result<proto::QueryProviderResponse, FinetuneError> {
    let p = load_provider(state, &addr("address", &req.address)?)?;
    Ok(proto::QueryProviderResponse {
        provider: Some(p.to_proto()),
    })
}

pub fn query_providers<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryProvidersRequest,
) -> Result<proto::QueryProvidersResponse, FinetuneError> {
    let (providers, next_key) = page(
        state,
        &state_key::providers_prefix(),
        req.pagination.as_ref(),
        |k, v| {
            let p: Provider =
                borsh::from_slice(v).map_err(|e| openledger_framework::StateError::decode(k, e))?;
            Ok(Some(p.to_proto()))
        },
    )?;
    Ok(proto::QueryProvidersResponse {
        providers,
        pagination: pagination(next_key),
    })
}

pub fn query_job<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryJobRequest,
) -> Result<proto::QueryJobResponse, FinetuneError> {
    if req.job_id == 0 {
        return Err(FinetuneError::InvalidRequest("job id can not be 0".into()));
    }
    Ok(proto::QueryJobResponse {
        job: Some(load_job(state, req.job_id)?.to_proto()),
    })
}

/// `Jobs`: by id, through the most selective index the filters allow (provider, creator,
/// model, status), the other filters applied to each job.
pub fn query_jobs<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryJobsRequest,
) -> Result<proto::QueryJobsResponse, FinetuneError> {
    let creator = match req.creator.as_str() {
        "" => None,
        s => Some(addr("creator", s)?),
    };
    let provider = match req.provider.as_str() {
        "" => None,
        s => Some(addr("provider", s)?),
    };
    let status = match req.status {
        0 => None,
        v => Some(
            JobStatus::from_proto(v)
                .ok_or_else(|| FinetuneError::InvalidRequest(format!("invalid job status {v}")))?,
        ),
    };
    let model = (req.model_id != 0).then_some(req.model_id);
    let (prefix, indexed) = if let Some(p) = &provider {
        (state_key::by_provider_of(p), true)
    } else if let Some(c) = &creator {
        (state_key::by_creator_of(c), true)
    } else if let Some(m) = model {
        (state_key::by_model_of(m), true)
    } else if let Some(s) = status {
        (state_key::by_status_of(s), true)
    } else {
        (state_key::jobs_prefix(), false)
    };
    let keep = |j: &Job| {
        creator.is_none_or(|c| j.creator == c)
            && provider.is_none_or(|p| j.provider == Some(p))
            && model.is_none_or(|m| j.model_id == m)
            && status.is_none_or(|s| j.status == s)
    };
    let (jobs, next_key) = page(state, &prefix, req.pagination.as_ref(), |k, v| {
        let job: Job = if indexed {
            let id = state_key::trailing_u64(k)
                .ok_or_else(|| FinetuneError::Invariant("malformed index key".into()))?;
            state
                .get_borsh(&state_key::job(id))?
                .ok_or_else(|| FinetuneError::Invariant(format!("index names missing job {id}")))?
        } else {
            borsh::from_slice(v).map_err(|e| openledger_framework::StateError::decode(k, e))?
        };
        Ok(keep(&job).then(|| job.to_proto()))
    })?;
    Ok(proto::QueryJobsResponse {
        jobs,
        pagination: pagination(next_key),
    })
}
