//! Query functions behind `openledger.attribution.v1.Query`. One plain function per RPC; the
//! gRPC service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (the key suffix after
//! the listing's prefix: a 20-byte address for operators, operator address + 8-byte model id
//! for grants, an 8-byte big-endian receipt id or datanet id otherwise); `limit` defaults to
//! 100 and is capped at 1000; `offset`, `count_total` and `reverse` are ignored. Receipt
//! listings are in ascending receipt id order (oldest first).

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateRead};

use crate::error::AttributionError;
use crate::proto;
use crate::state::{self, AttributionRead};
use crate::state_key;
use crate::types::{ChallengeStatus, Grant};

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};

/// Rows of each list in an `Earnings` response, at most.
pub const MAX_EARNINGS_ROWS: usize = 1000;
/// `TopContributors` / `TopDatanets` rows when the request sets no limit.
pub const DEFAULT_TOP_LIMIT: u32 = 10;
/// `TopContributors` / `TopDatanets` rows at most.
pub const MAX_TOP_LIMIT: u32 = 100;

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

fn top_limit(limit: u32) -> usize {
    let l = if limit == 0 {
        DEFAULT_TOP_LIMIT
    } else {
        limit.min(MAX_TOP_LIMIT)
    };
    usize::try_from(l).unwrap_or(10)
}

fn model_id(id: u64) -> Result<u64, AttributionError> {
    if id == 0 {
        return Err(AttributionError::InvalidRequest(
            "model id can not be 0".into(),
        ));
    }
    Ok(id)
}

fn address(field: &str, s: &str) -> Result<Address, AttributionError> {
    s.parse::<Address>()
        .map_err(|e| AttributionError::InvalidAddress(format!("{field}: {e}")))
}

/// Up to one page of items under `prefix`, from the page key on. Returns the items and the
/// next key (the suffix after `prefix` of the first entry not returned; empty at the end).
fn page<S, T, F>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> Result<(Vec<T>, Vec<u8>), AttributionError>
where
    S: StateRead + ?Sized,
    F: FnMut(&[u8], &[u8]) -> Result<T, AttributionError>,
{
    let limit = page_limit(req);
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

/// The receipt an index entry names (its key ends with the receipt id).
fn indexed_receipt<S: StateRead + ?Sized>(
    state: &S,
    key: &[u8],
) -> Result<proto::Receipt, AttributionError> {
    let id = state_key::trailing_u64(key)
        .ok_or_else(|| AttributionError::Invariant("malformed receipt index key".into()))?;
    state
        .receipt(id)?
        .map(|r| r.to_proto())
        .ok_or_else(|| AttributionError::Invariant(format!("index names missing receipt {id}")))
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, AttributionError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.attribution_params()?.to_proto()),
    })
}

pub fn query_operator<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryOperatorRequest,
) -> Result<proto::QueryOperatorResponse, AttributionError> {
    let a = address("address", &req.address)?;
    let o = state
        .inference_operator(&a)?
        .ok_or_else(|| AttributionError::UnknownOperator(a.to_string()))?;
    Ok(proto::QueryOperatorResponse {
        operator: Some(o.to_proto()),
    })
}

/// Every operator (any status), by address.
pub fn query_operators<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryOperatorsRequest,
) -> Result<proto::QueryOperatorsResponse, AttributionError> {
    let (operators, next_key) = page(
        state,
        &state_key::operators_prefix(),
        req.pagination.as_ref(),
        |k, v| state::decode_operator(k, v).map(|o| o.to_proto()),
    )?;
    Ok(proto::QueryOperatorsResponse {
        operators,
        pagination: pagination(next_key),
    })
}

/// A user's inference balance ("0" if none) and its requested withdrawal, if any.
pub fn query_account<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryAccountRequest,
) -> Result<proto::QueryAccountResponse, AttributionError> {
    let user = address("user", &req.user)?;
    Ok(proto::QueryAccountResponse {
        balance: state.inference_balance(&user)?.to_string(),
        withdrawal: state.pending_withdrawal(&user)?.map(|w| w.to_proto()),
    })
}

/// A user's grants, by operator then model id.
pub fn query_grants<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryGrantsRequest,
) -> Result<proto::QueryGrantsResponse, AttributionError> {
    let user = address("user", &req.user)?;
    let (grants, next_key) = page(
        state,
        &state_key::grants_of(&user),
        req.pagination.as_ref(),
        |k, v| {
            let (user, operator, model_id) = state_key::parse_grant(k)
                .ok_or_else(|| AttributionError::Invariant("malformed grant key".into()))?;
            Ok(Grant {
                user,
                operator,
                model_id,
                remaining: state::decode_amount(k, v)?,
                revocation_completion: state
                    .grant_revocation(&user, &operator, model_id)?
                    .unwrap_or(0),
            }
            .to_proto())
        },
    )?;
    Ok(proto::QueryGrantsResponse {
        grants,
        pagination: pagination(next_key),
    })
}

pub fn query_receipt<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryReceiptRequest,
) -> Result<proto::QueryReceiptResponse, AttributionError> {
    if req.id == 0 {
        return Err(AttributionError::InvalidRequest(
            "receipt id can not be 0".into(),
        ));
    }
    let r = state
        .receipt(req.id)?
        .ok_or(AttributionError::UnknownReceipt(req.id))?;
    Ok(proto::QueryReceiptResponse {
        receipt: Some(r.to_proto()),
    })
}

pub fn query_receipts_by_model<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryReceiptsByModelRequest,
) -> Result<proto::QueryReceiptsByModelResponse, AttributionError> {
    let id = model_id(req.model_id)?;
    let (receipts, next_key) = page(
        state,
        &state_key::by_model_of(id),
        req.pagination.as_ref(),
        |k, _| indexed_receipt(state, k),
    )?;
    Ok(proto::QueryReceiptsByModelResponse {
        receipts,
        pagination: pagination(next_key),
    })
}

pub fn query_receipts_by_user<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryReceiptsByUserRequest,
) -> Result<proto::QueryReceiptsByUserResponse, AttributionError> {
    let user = address("user", &req.user)?;
    let (receipts, next_key) = page(
        state,
        &state_key::by_user_of(&user),
        req.pagination.as_ref(),
        |k, _| indexed_receipt(state, k),
    )?;
    Ok(proto::QueryReceiptsByUserResponse {
        receipts,
        pagination: pagination(next_key),
    })
}

pub fn query_receipts_by_operator<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryReceiptsByOperatorRequest,
) -> Result<proto::QueryReceiptsByOperatorResponse, AttributionError> {
    let operator = address("operator", &req.operator)?;
    let (receipts, next_key) = page(
        state,
        &state_key::by_operator_of(&operator),
        req.pagination.as_ref(),
        |k, _| indexed_receipt(state, k),
    )?;
    Ok(proto::QueryReceiptsByOperatorResponse {
        receipts,
        pagination: pagination(next_key),
    })
}

/// An address's rewards, with its contributor credits by datanet and by model (ascending id,
/// at most [`MAX_EARNINGS_ROWS`] rows each).
pub fn query_earnings<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryEarningsRequest,
) -> Result<proto::QueryEarningsResponse, AttributionError> {
    let a = address("address", &req.address)?;
    let c = state.claimable_rewards(&a)?;
    let mut by_datanet = Vec::new();
    for item in state
        .prefix_raw(&state_key::contrib_dn_of(&a), None)
        .take(MAX_EARNINGS_ROWS)
    {
        let (k, v) = item?;
        by_datanet.push(proto::DatanetEarning {
            datanet_id: state_key::trailing_u64(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed earnings key".into()))?,
            earned: state::decode_amount(&k, &v)?.to_string(),
        });
    }
    let mut by_model = Vec::new();
    for item in state
        .prefix_raw(&state_key::contrib_model_of(&a), None)
        .take(MAX_EARNINGS_ROWS)
    {
        let (k, v) = item?;
        by_model.push(proto::ModelEarning {
            model_id: state_key::trailing_u64(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed earnings key".into()))?,
            earned: state::decode_amount(&k, &v)?.to_string(),
        });
    }
    Ok(proto::QueryEarningsResponse {
        claimable: c.claimable.to_string(),
        claimed: c.claimed.to_string(),
        creator_earned: c.creator_earned.to_string(),
        contributor_earned: c.contributor_earned.to_string(),
        by_datanet,
        by_model,
        pending: c.pending.to_string(),
    })
}

/// The datanets a model's inferences attributed, by datanet id.
pub fn query_model_influence<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryModelInfluenceRequest,
) -> Result<proto::QueryModelInfluenceResponse, AttributionError> {
    let id = model_id(req.model_id)?;
    let (datanets, next_key) = page(
        state,
        &state_key::model_dn_of(id),
        req.pagination.as_ref(),
        |k, v| state::decode_datanet_influence(k, v).map(|d| d.to_proto()),
    )?;
    Ok(proto::QueryModelInfluenceResponse {
        datanets,
        pagination: pagination(next_key),
    })
}

/// A model's contributors by earnings, highest first (ties by address); `limit` 10 by
/// default, at most 100.
pub fn query_top_contributors<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryTopContributorsRequest,
) -> Result<proto::QueryTopContributorsResponse, AttributionError> {
    let id = model_id(req.model_id)?;
    let mut contributors = Vec::new();
    for item in state
        .prefix_raw(&state_key::top_contrib_of(id), None)
        .take(top_limit(req.limit))
    {
        let (k, _) = item?;
        let a = state_key::trailing_address(&k)
            .ok_or_else(|| AttributionError::Invariant("malformed leaderboard key".into()))?;
        let row = state.contributor_influence(id, &a)?.ok_or_else(|| {
            AttributionError::Invariant(format!("leaderboard names missing contributor {a}"))
        })?;
        contributors.push(row.to_proto());
    }
    Ok(proto::QueryTopContributorsResponse { contributors })
}

/// A model's datanets by earnings (credited to their contributors), highest first (ties by
/// datanet id); `limit` 10 by default, at most 100.
pub fn query_top_datanets<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryTopDatanetsRequest,
) -> Result<proto::QueryTopDatanetsResponse, AttributionError> {
    let id = model_id(req.model_id)?;
    let mut datanets = Vec::new();
    for item in state
        .prefix_raw(&state_key::top_dn_of(id), None)
        .take(top_limit(req.limit))
    {
        let (k, _) = item?;
        let dn = state_key::trailing_u64(&k)
            .ok_or_else(|| AttributionError::Invariant("malformed leaderboard key".into()))?;
        let row = state.datanet_influence(id, dn)?.ok_or_else(|| {
            AttributionError::Invariant(format!("leaderboard names missing datanet {dn}"))
        })?;
        datanets.push(row.to_proto());
    }
    Ok(proto::QueryTopDatanetsResponse { datanets })
}

pub fn query_totals<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryTotalsRequest,
) -> Result<proto::QueryTotalsResponse, AttributionError> {
    Ok(proto::QueryTotalsResponse {
        totals: Some(state.attribution_totals()?.to_proto()),
        pending: Some(state.attribution_pending()?.to_proto()),
    })
}

/// An engine parameter set by id; 0 is the current one.
pub fn query_engine_params<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryEngineParamsRequest,
) -> Result<proto::QueryEngineParamsResponse, AttributionError> {
    let id = match req.id {
        0 => state.engine_params_id()?,
        id => id,
    };
    let params = state
        .engine_params_record(id)?
        .ok_or(AttributionError::UnknownEngineParams(id))?;
    Ok(proto::QueryEngineParamsResponse {
        record: Some(proto::EngineParamsRecord {
            id,
            params: Some(params.to_proto()),
        }),
    })
}

/// A challenge by id (0: sdk 18; unknown: 57).
pub fn query_challenge<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryChallengeRequest,
) -> Result<proto::QueryChallengeResponse, AttributionError> {
    if req.id == 0 {
        return Err(AttributionError::InvalidRequest(
            "challenge id can not be 0".into(),
        ));
    }
    let c = state
        .challenge(req.id)?
        .ok_or(AttributionError::UnknownChallenge(req.id))?;
    Ok(proto::QueryChallengeResponse {
        challenge: Some(c.to_proto()),
    })
}

/// Challenges in ascending id order: every challenge (status UNSPECIFIED) or those of one
/// status. The page key is the 8-byte big-endian challenge id.
pub fn query_challenges<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryChallengesRequest,
) -> Result<proto::QueryChallengesResponse, AttributionError> {
    let (challenges, next_key) = if req.status == 0 {
        page(
            state,
            &state_key::challenges_prefix(),
            req.pagination.as_ref(),
            |k, v| state::decode_challenge(k, v).map(|c| c.to_proto()),
        )?
    } else {
        let status = ChallengeStatus::from_proto(req.status)?;
        page(
            state,
            &state_key::challenge_status_of(status.tag()),
            req.pagination.as_ref(),
            |k, _| {
                let id = state_key::trailing_u64(k).ok_or_else(|| {
                    AttributionError::Invariant("malformed challenge index key".into())
                })?;
                state.challenge(id)?.map(|c| c.to_proto()).ok_or_else(|| {
                    AttributionError::Invariant(format!("index names missing challenge {id}"))
                })
            },
        )?
    };
    Ok(proto::QueryChallengesResponse {
        challenges,
        pagination: pagination(next_key),
    })
}
