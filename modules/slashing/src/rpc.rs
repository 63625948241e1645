//! Query functions behind `cosmos.slashing.v1beta1.Query`. One plain function per RPC; the
//! gRPC service and the ABCI query gateway are thin adapters over these.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::slashing::v1beta1::{
    QueryParamsRequest, QueryParamsResponse, QuerySigningInfoRequest, QuerySigningInfoResponse,
    QuerySigningInfosRequest, QuerySigningInfosResponse,
};
use openledger_framework::{Address, ConsAddress, StateRead, VALCONS_PREFIX};

use crate::error::SlashingError;
use crate::state::SlashingRead;
use crate::state_key;

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

pub fn query_params<S: StateRead>(
    state: &S,
    _req: &QueryParamsRequest,
) -> Result<QueryParamsResponse, SlashingError> {
    Ok(QueryParamsResponse {
        params: Some(state.slashing_params()?.to_proto()),
    })
}

/// The signing info of one validator by its bech32 `openvalcons` address.
pub fn query_signing_info<S: StateRead>(
    state: &S,
    req: &QuerySigningInfoRequest,
) -> Result<QuerySigningInfoResponse, SlashingError> {
    if req.cons_address.is_empty() {
        return Err(SlashingError::InvalidRequest("empty cons_address".into()));
    }
    let cons: ConsAddress = Address::from_bech32(&req.cons_address, VALCONS_PREFIX)
        .map_err(|e| SlashingError::InvalidAddress(e.to_string()))?
        .0;
    let window = state.slashing_params()?.window()?;
    let info = state
        .signing_info(&cons)?
        .ok_or_else(|| SlashingError::NoSigningInfoFound(req.cons_address.clone()))?;
    Ok(QuerySigningInfoResponse {
        val_signing_info: Some(info.effective(window).to_proto(&cons)),
    })
}

/// Every signing info in consensus-address order. `pagination.key` is the raw 20-byte
/// consensus address to start from; `offset` and `count_total` are not supported.
pub fn query_signing_infos<S: StateRead>(
    state: &S,
    req: &QuerySigningInfosRequest,
) -> Result<QuerySigningInfosResponse, SlashingError> {
    let limit = page_limit(req.pagination.as_ref());
    let window = state.slashing_params()?.window()?;
    let start = match req.pagination.as_ref().filter(|p| !p.key.is_empty()) {
        None => None,
        Some(p) => {
            let cons: ConsAddress = p.key.as_slice().try_into().map_err(|_| {
                SlashingError::InvalidRequest("pagination key must be 20 bytes".into())
            })?;
            Some(state_key::signing_info(&cons))
        }
    };
    let prefix = state_key::signing_info_prefix();
    let mut info = Vec::new();
    let mut next_key = Vec::new();
    for item in state
        .prefix_raw(&prefix, start.as_deref())
        .take(limit.saturating_add(1))
    {
        let (k, _) = item?;
        let cons = state_key::parse_signing_info_key(&k)
            .ok_or_else(|| SlashingError::Invariant("malformed signing info key".into()))?;
        if info.len() == limit {
            next_key = cons.to_vec();
            break;
        }
        let stored = state
            .signing_info(&cons)?
            .ok_or_else(|| SlashingError::Invariant("signing info vanished".into()))?;
        info.push(stored.effective(window).to_proto(&cons));
    }
    Ok(QuerySigningInfosResponse {
        info,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}
