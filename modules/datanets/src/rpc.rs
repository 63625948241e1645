//! Query functions behind `openledger.datanets.v1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (an 8-byte big-endian
//! id), `limit` defaults to 100 and is capped at 1000; `offset`, `count_total` and `reverse`
//! are ignored. Filters walk indexes (by owner, by tag, by status, by contributor), never the
//! whole keyspace.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateError, StateRead};

use crate::error::DatanetsError;
use crate::msg::validate_tag;
use crate::params::MAX_ALLOW_LIST_LIMIT;
use crate::proto;
use crate::state::DatanetsRead;
use crate::state_key;
use crate::types::{Contribution, ContributionStatus, Datanet};

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
/// Index entries examined by one `Datanets` call filtered by both owner and tag; a page may
/// end early (with a `next_key`) when few of the owner's datanets carry the tag.
pub const MAX_SCANNED: usize = 10_000;

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

fn page_start(prefix: &[u8], p: Option<&PageRequest>) -> Result<Option<Vec<u8>>, DatanetsError> {
    match p.map(|p| p.key.as_slice()).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) if k.len() == 8 => Ok(Some([prefix, k].concat())),
        Some(k) => Err(DatanetsError::InvalidRequest(format!(
            "pagination key must be 8 bytes, got {}",
            k.len()
        ))),
    }
}

fn parse_addr(s: &str, what: &str) -> Result<Address, DatanetsError> {
    if s.is_empty() {
        return Err(DatanetsError::InvalidRequest(format!(
            "empty {what} address"
        )));
    }
    Ok(s.parse::<Address>()?)
}

/// Up to `limit` ids from index keys under `prefix` (each ending in a u64 id), and the next
/// page key.
fn page_ids<S: StateRead>(
    state: &S,
    prefix: &[u8],
    page: Option<&PageRequest>,
) -> Result<(Vec<u64>, Vec<u8>), DatanetsError> {
    let limit = page_limit(page);
    let start = page_start(prefix, page)?;
    let mut ids = Vec::new();
    let mut next_key = Vec::new();
    for item in state
        .prefix_raw(prefix, start.as_deref())
        .take(limit.saturating_add(1))
    {
        let (k, _) = item?;
        let id =
            state_key::trailing_u64(&k).ok_or_else(|| StateError::decode(&k, "bad index key"))?;
        if ids.len() == limit {
            next_key = id.to_be_bytes().to_vec();
            break;
        }
        ids.push(id);
    }
    Ok((ids, next_key))
}

fn datanet_of<S: StateRead>(state: &S, id: u64) -> Result<Datanet, DatanetsError> {
    state.datanet(id)?.ok_or(DatanetsError::UnknownDatanet(id))
}

fn contribution_of<S: StateRead>(state: &S, id: u64) -> Result<Contribution, DatanetsError> {
    state
        .contribution(id)?
        .ok_or_else(|| DatanetsError::Invariant(format!("indexed contribution {id} missing")))
}

pub fn query_params<S: StateRead>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, DatanetsError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.datanets_params()?.to_proto()),
    })
}

pub fn query_datanet<S: StateRead>(
    state: &S,
    req: &proto::QueryDatanetRequest,
) -> Result<proto::QueryDatanetResponse, DatanetsError> {
    let d = datanet_of(state, req.datanet_id)?;
    let all = usize::try_from(MAX_ALLOW_LIST_LIMIT).unwrap_or(usize::MAX);
    Ok(proto::QueryDatanetResponse {
        datanet: Some(d.to_proto()),
        stats: Some(state.datanet_stats(d.id)?.to_proto()),
        allow_list: state
            .allow_list(d.id, all)?
            .iter()
            .map(|a| a.to_string())
            .collect(),
    })
}

/// `Query/Datanets` by id, optionally only those of `owner` and/or carrying `tag`.
pub fn query_datanets<S: StateRead>(
    state: &S,
    req: &proto::QueryDatanetsRequest,
) -> Result<proto::QueryDatanetsResponse, DatanetsError> {
    let owner = (!req.owner.is_empty())
        .then(|| parse_addr(&req.owner, "owner"))
        .transpose()?;
    let tag = (!req.tag.is_empty()).then_some(req.tag.as_str());
    if let Some(t) = tag {
        validate_tag(t).map_err(|e| DatanetsError::InvalidRequest(e.to_string()))?;
    }
    let page = req.pagination.as_ref();
    let (datanets, next_key) = match (owner, tag) {
        (Some(owner), Some(tag)) => {
            // Walk the owner's index and keep those with the tag, examining a bounded number.
            let prefix = state_key::by_owner_of(&owner);
            let limit = page_limit(page);
            let start = page_start(&prefix, page)?;
            let mut out = Vec::new();
            let mut next_key = Vec::new();
            for (scanned, item) in state.prefix_raw(&prefix, start.as_deref()).enumerate() {
                let (k, _) = item?;
                let id = state_key::trailing_u64(&k)
                    .ok_or_else(|| StateError::decode(&k, "bad index key"))?;
                if out.len() == limit || scanned >= MAX_SCANNED {
                    next_key = id.to_be_bytes().to_vec();
                    break;
                }
                let d = datanet_of(state, id)?;
                if d.tags.iter().any(|t| t == tag) {
                    out.push(d.to_proto());
                }
            }
            (out, next_key)
        }
        (owner, tag) => {
            let prefix = match (owner, tag) {
                (Some(o), _) => state_key::by_owner_of(&o),
                (None, Some(t)) => state_key::by_tag_of(t),
                (None, None) => state_key::datanets_prefix(),
            };
            let (ids, next_key) = page_ids(state, &prefix, page)?;
            let out = ids
                .into_iter()
                .map(|id| datanet_of(state, id).map(|d| d.to_proto()))
                .collect::<Result<Vec<_>, _>>()?;
            (out, next_key)
        }
    };
    Ok(proto::QueryDatanetsResponse {
        datanets,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_contribution<S: StateRead>(
    state: &S,
    req: &proto::QueryContributionRequest,
) -> Result<proto::QueryContributionResponse, DatanetsError> {
    let c = state
        .contribution(req.contribution_id)?
        .ok_or(DatanetsError::UnknownContribution(req.contribution_id))?;
    Ok(proto::QueryContributionResponse {
        contribution: Some(c.to_proto()),
    })
}

/// `Query/ContributionsByDatanet` by id, optionally of one status.
pub fn query_contributions_by_datanet<S: StateRead>(
    state: &S,
    req: &proto::QueryContributionsByDatanetRequest,
) -> Result<proto::QueryContributionsByDatanetResponse, DatanetsError> {
    datanet_of(state, req.datanet_id)?;
    let prefix = match req.status {
        0 => state_key::by_datanet_of(req.datanet_id),
        s => state_key::by_status_of(
            req.datanet_id,
            ContributionStatus::from_proto(s)
                .map_err(|e| DatanetsError::InvalidRequest(e.to_string()))?,
        ),
    };
    let (ids, next_key) = page_ids(state, &prefix, req.pagination.as_ref())?;
    let contributions = ids
        .into_iter()
        .map(|id| contribution_of(state, id).map(|c| c.to_proto()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(proto::QueryContributionsByDatanetResponse {
        contributions,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_contributions_by_contributor<S: StateRead>(
    state: &S,
    req: &proto::QueryContributionsByContributorRequest,
) -> Result<proto::QueryContributionsByContributorResponse, DatanetsError> {
    let who = parse_addr(&req.contributor, "contributor")?;
    let prefix = state_key::by_contributor_of(&who);
    let (ids, next_key) = page_ids(state, &prefix, req.pagination.as_ref())?;
    let contributions = ids
        .into_iter()
        .map(|id| contribution_of(state, id).map(|c| c.to_proto()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(proto::QueryContributionsByContributorResponse {
        contributions,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_versions<S: StateRead>(
    state: &S,
    req: &proto::QueryVersionsRequest,
) -> Result<proto::QueryVersionsResponse, DatanetsError> {
    datanet_of(state, req.datanet_id)?;
    let prefix = state_key::versions_of(req.datanet_id);
    let (numbers, next_key) = page_ids(state, &prefix, req.pagination.as_ref())?;
    let versions = numbers
        .into_iter()
        .map(|n| {
            state
                .version(req.datanet_id, n)?
                .map(|v| v.to_proto())
                .ok_or_else(|| DatanetsError::Invariant(format!("version {n} missing")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(proto::QueryVersionsResponse {
        versions,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// `Query/Version`: one version (0 = the latest) with its access revenue.
pub fn query_version<S: StateRead>(
    state: &S,
    req: &proto::QueryVersionRequest,
) -> Result<proto::QueryVersionResponse, DatanetsError> {
    datanet_of(state, req.datanet_id)?;
    let v = match req.version {
        0 => state.latest_version(req.datanet_id)?,
        n => state.version(req.datanet_id, n)?,
    }
    .ok_or(DatanetsError::UnknownVersion {
        datanet_id: req.datanet_id,
        version: req.version,
    })?;
    let revenue = state.revenue_pool_with_dust(v.datanet_id, v.number)?;
    Ok(proto::QueryVersionResponse {
        version: Some(v.to_proto()),
        revenue: Some(revenue.to_proto()),
    })
}

pub fn query_standing<S: StateRead>(
    state: &S,
    req: &proto::QueryStandingRequest,
) -> Result<proto::QueryStandingResponse, DatanetsError> {
    datanet_of(state, req.datanet_id)?;
    let who = parse_addr(&req.contributor, "contributor")?;
    let s = state.contributor_standing(req.datanet_id, &who)?;
    Ok(proto::QueryStandingResponse {
        standing: Some(s.to_proto(req.datanet_id, &who)),
    })
}

pub fn query_access<S: StateRead>(
    state: &S,
    req: &proto::QueryAccessRequest,
) -> Result<proto::QueryAccessResponse, DatanetsError> {
    datanet_of(state, req.datanet_id)?;
    let buyer = parse_addr(&req.buyer, "buyer")?;
    Ok(proto::QueryAccessResponse {
        has_access: state.has_access(&buyer, req.datanet_id, req.version)?,
        record: state
            .access_record(&buyer, req.datanet_id, req.version)?
            .map(|r| r.to_proto()),
    })
}

pub fn query_claimable<S: StateRead>(
    state: &S,
    req: &proto::QueryClaimableRequest,
) -> Result<proto::QueryClaimableResponse, DatanetsError> {
    if state.version(req.datanet_id, req.version)?.is_none() {
        return Err(DatanetsError::UnknownVersion {
            datanet_id: req.datanet_id,
            version: req.version,
        });
    }
    let who = parse_addr(&req.contributor, "contributor")?;
    Ok(proto::QueryClaimableResponse {
        bytes: state
            .version_contributor_bytes(req.datanet_id, req.version, &who)?
            .to_string(),
        claimable: state
            .claimable_revenue(req.datanet_id, req.version, &who)?
            .to_string(),
        claimed: state
            .revenue_claimed(req.datanet_id, req.version, &who)?
            .to_string(),
    })
}
