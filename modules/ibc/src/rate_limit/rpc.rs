//! Query functions behind the rate-limit rpcs of `openledger.ibc.v1.Query`.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (the rest of the
//! rate limit's key: `<channel>/<denom>` for all rate limits, `<denom>` for one channel);
//! `limit` defaults to 100 and is capped at 1000; `offset`, `count_total` and `reverse` are
//! ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{StateRead, Time};

use super::error::RateLimitError;
use super::msg::validate_channel_or_client_id;
use super::proto;
use super::state::{self, RateLimit};

impl RateLimit {
    pub fn to_proto(&self) -> proto::RateLimit {
        proto::RateLimit {
            path: Some(proto::Path {
                denom: self.denom.clone(),
                channel_or_client_id: self.channel_or_client_id.clone(),
            }),
            quota: Some(proto::Quota {
                max_percent_send: self.quota.max_percent_send.to_string(),
                max_percent_recv: self.quota.max_percent_recv.to_string(),
                duration_hours: self.quota.duration_hours,
            }),
            flow: Some(proto::Flow {
                inflow: self.flow.inflow.to_string(),
                outflow: self.flow.outflow.to_string(),
                channel_value: self.flow.channel_value.to_string(),
            }),
            window_start: Time::new(self.window_start, 0).ok().map(Time::to_proto),
        }
    }
}

/// Up to one page of the rate limits under `prefix`, from the page key on.
fn page<S: StateRead + ?Sized>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
) -> Result<(Vec<proto::RateLimit>, Option<PageResponse>), RateLimitError> {
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
        items.push(state::decode::<RateLimit>(&k, &v)?.to_proto());
    }
    Ok((items, Some(PageResponse { next_key, total: 0 })))
}

pub fn query_all_rate_limits<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryAllRateLimitsRequest,
) -> Result<proto::QueryAllRateLimitsResponse, RateLimitError> {
    let (rate_limits, pagination) = page(state, &state::limits_prefix(), req.pagination.as_ref())?;
    Ok(proto::QueryAllRateLimitsResponse {
        rate_limits,
        pagination,
    })
}

/// The rate limit of a denom on a channel; absent if there is none.
pub fn query_rate_limit<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryRateLimitRequest,
) -> Result<proto::QueryRateLimitResponse, RateLimitError> {
    validate_channel_or_client_id(&req.channel_or_client_id)?;
    if req.denom.is_empty() {
        return Err(RateLimitError::InvalidRequest("denom is empty".into()));
    }
    let rl = state::rate_limit(state, &req.channel_or_client_id, &req.denom)?;
    Ok(proto::QueryRateLimitResponse {
        rate_limit: rl.map(|r| r.to_proto()),
    })
}

pub fn query_rate_limits_by_channel_or_client_id<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryRateLimitsByChannelOrClientIdRequest,
) -> Result<proto::QueryRateLimitsByChannelOrClientIdResponse, RateLimitError> {
    validate_channel_or_client_id(&req.channel_or_client_id)?;
    let prefix = state::channel_limits_prefix(&req.channel_or_client_id);
    let (rate_limits, pagination) = page(state, &prefix, req.pagination.as_ref())?;
    Ok(proto::QueryRateLimitsByChannelOrClientIdResponse {
        rate_limits,
        pagination,
    })
}
