//! `ibc.applications.transfer.v1.Query`: denom traces of vouchers, params, denom hashes,
//! channel escrow addresses and total escrow.

use std::str::FromStr;

use ibc::apps::transfer::types::PrefixedDenom;
use ibc_proto::cosmos::base::v1beta1::Coin;
use ibc_proto::ibc::applications::transfer::v1::{
    DenomTrace, Params, QueryDenomHashRequest, QueryDenomHashResponse, QueryDenomTraceRequest,
    QueryDenomTraceResponse, QueryDenomTracesRequest, QueryDenomTracesResponse,
    QueryEscrowAddressRequest, QueryEscrowAddressResponse, QueryParamsRequest, QueryParamsResponse,
    QueryTotalEscrowForDenomRequest, QueryTotalEscrowForDenomResponse,
};
use openledger_framework::coin::validate_denom;
use openledger_framework::StateRead;

use super::{
    invalid, not_found, page, page_response, parse_channel_id, parse_port_id, utf8, RpcError,
    RpcResult,
};
use crate::{params, state_key, transfer};

fn host_err(e: impl std::fmt::Display) -> RpcError {
    RpcError::Internal(e.to_string())
}

/// A full denom trace (`transfer/channel-0/uopen`) as its path and base denom.
fn trace_of(full: &str) -> RpcResult<DenomTrace> {
    let d = PrefixedDenom::from_str(full)
        .map_err(|e| RpcError::Internal(format!("stored denom trace {full:?}: {e}")))?;
    Ok(DenomTrace::from(d))
}

/// The hash of a request (`HASH` or `ibc/HASH`): 32 bytes in hex, as upper-case hex.
fn parse_hash(s: &str) -> RpcResult<String> {
    let h = s.strip_prefix("ibc/").unwrap_or(s);
    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid(format!(
            "invalid denom trace hash {s:?}: expected 32 bytes in hex"
        )));
    }
    Ok(h.to_ascii_uppercase())
}

pub fn query_denom_trace(
    state: &dyn StateRead,
    req: &QueryDenomTraceRequest,
) -> RpcResult<QueryDenomTraceResponse> {
    let hash = parse_hash(&req.hash)?;
    let full = transfer::denom_trace(state, &hash)
        .map_err(host_err)?
        .ok_or_else(|| not_found(format!("{hash}: denomination trace not found")))?;
    Ok(QueryDenomTraceResponse {
        denom_trace: Some(trace_of(&full)?),
    })
}

/// Every voucher's trace, in hash order.
pub fn query_denom_traces(
    state: &dyn StateRead,
    req: &QueryDenomTracesRequest,
) -> RpcResult<QueryDenomTracesResponse> {
    let prefix = state_key::DENOM_TRACE_PREFIX.as_bytes();
    let (denom_traces, next_key) = page(state, prefix, req.pagination.as_ref(), |_, v| {
        trace_of(utf8(v)?).map(Some)
    })?;
    Ok(QueryDenomTracesResponse {
        denom_traces,
        pagination: page_response(next_key),
    })
}

pub fn query_params(
    state: &dyn StateRead,
    _req: &QueryParamsRequest,
) -> RpcResult<QueryParamsResponse> {
    let p = params::get(state)?;
    Ok(QueryParamsResponse {
        params: Some(Params {
            send_enabled: p.send_enabled,
            receive_enabled: p.receive_enabled,
        }),
    })
}

/// The hash of a full trace, if this chain has seen a voucher of it.
pub fn query_denom_hash(
    state: &dyn StateRead,
    req: &QueryDenomHashRequest,
) -> RpcResult<QueryDenomHashResponse> {
    let d = PrefixedDenom::from_str(&req.trace)
        .map_err(|e| invalid(format!("invalid denom trace {:?}: {e}", req.trace)))?;
    let hash = transfer::denom_hash(&d.to_string());
    if transfer::denom_trace(state, &hash)
        .map_err(host_err)?
        .is_none()
    {
        return Err(not_found(format!("{hash}: denomination trace not found")));
    }
    Ok(QueryDenomHashResponse { hash })
}

/// The escrow account of a channel (a derivation; the channel need not exist).
pub fn query_escrow_address(
    _state: &dyn StateRead,
    req: &QueryEscrowAddressRequest,
) -> RpcResult<QueryEscrowAddressResponse> {
    let port = parse_port_id(&req.port_id)?;
    let channel = parse_channel_id(&req.channel_id)?;
    Ok(QueryEscrowAddressResponse {
        escrow_address: transfer::escrow_address(port.as_str(), channel.as_str()).to_string(),
    })
}

/// Tokens of a denom held in escrow on all channels (0 when none).
pub fn query_total_escrow_for_denom(
    state: &dyn StateRead,
    req: &QueryTotalEscrowForDenomRequest,
) -> RpcResult<QueryTotalEscrowForDenomResponse> {
    validate_denom(&req.denom).map_err(|e| invalid(e.to_string()))?;
    let amount = transfer::total_escrow_of(state, &req.denom).map_err(host_err)?;
    Ok(QueryTotalEscrowForDenomResponse {
        amount: Some(Coin {
            denom: req.denom.clone(),
            amount: amount.to_string(),
        }),
    })
}
