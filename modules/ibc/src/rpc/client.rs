//! `ibc.core.client.v1.Query`: client states, consensus states, status and params.

use ibc_proto::google::protobuf::Any;
use ibc_proto::ibc::core::client::v1::{
    ConsensusStateWithHeight, Height, IdentifiedClientState, Params, QueryClientParamsRequest,
    QueryClientParamsResponse, QueryClientStateRequest, QueryClientStateResponse,
    QueryClientStatesRequest, QueryClientStatesResponse, QueryClientStatusRequest,
    QueryClientStatusResponse, QueryConsensusStateHeightsRequest,
    QueryConsensusStateHeightsResponse, QueryConsensusStateRequest, QueryConsensusStateResponse,
    QueryConsensusStatesRequest, QueryConsensusStatesResponse, QueryUpgradedClientStateRequest,
    QueryUpgradedClientStateResponse, QueryUpgradedConsensusStateRequest,
    QueryUpgradedConsensusStateResponse,
};
use ibc_proto::ibc::lightclients::tendermint::v1::{
    ClientState as TmClientState, ConsensusState as TmConsensusState,
};
use openledger_framework::state::prefix_end;
use openledger_framework::StateRead;
use prost::Message;

use super::{
    get_proto, host_height, host_time_nanos, invalid, not_found, page, page_limit, page_response,
    parse_client_id, utf8, RpcError, RpcResult, MAX_SCANNED,
};
use crate::state_key;

/// The only client type this chain runs (ibc-go's `allowed_clients` param).
pub const ALLOWED_CLIENTS: &[&str] = &["07-tendermint"];

/// The type URL of a 07-tendermint client state.
pub const TM_CLIENT_STATE_TYPE_URL: &str = "/ibc.lightclients.tendermint.v1.ClientState";
/// The type URL of a 07-tendermint consensus state.
pub const TM_CONSENSUS_STATE_TYPE_URL: &str = "/ibc.lightclients.tendermint.v1.ConsensusState";

/// How many upgraded-state entries `UpgradedClientState` looks at.
const MAX_UPGRADE_ENTRIES: usize = 100;

/// The status strings of ibc-go's `exported.Status`.
pub const ACTIVE: &str = "Active";
pub const FROZEN: &str = "Frozen";
pub const EXPIRED: &str = "Expired";
pub const UNKNOWN: &str = "Unknown";
pub const UNAUTHORIZED: &str = "Unauthorized";

pub(crate) fn client_state_path(client_id: &str) -> String {
    format!("clients/{client_id}/clientState")
}

pub(crate) fn consensus_state_path(client_id: &str, revision: u64, height: u64) -> String {
    format!("clients/{client_id}/consensusStates/{revision}-{height}")
}

/// A client's state (an `Any` of the light client's type), if stored.
pub(crate) fn client_state_any(state: &dyn StateRead, client_id: &str) -> RpcResult<Option<Any>> {
    get_proto::<Any>(state, &client_state_path(client_id))
}

/// A client's state or NOT_FOUND (ibc-go's text).
pub(crate) fn require_client_state(state: &dyn StateRead, client_id: &str) -> RpcResult<Any> {
    client_state_any(state, client_id)?.ok_or_else(|| {
        not_found(format!(
            "client {client_id} not found: light client not found"
        ))
    })
}

/// A client's consensus state at a height or NOT_FOUND.
pub(crate) fn require_consensus_state(
    state: &dyn StateRead,
    client_id: &str,
    height: &Height,
) -> RpcResult<Any> {
    get_proto::<Any>(
        state,
        &consensus_state_path(client_id, height.revision_number, height.revision_height),
    )?
    .ok_or_else(|| {
        not_found(format!(
            "client-id: {client_id}, height: {}-{}: consensus state not found",
            height.revision_number, height.revision_height
        ))
    })
}

/// A client state `Any` as a 07-tendermint client state.
pub(crate) fn tm_client_state(any: &Any) -> RpcResult<TmClientState> {
    if any.type_url != TM_CLIENT_STATE_TYPE_URL {
        return Err(RpcError::Internal(format!(
            "client state of type {} is not a 07-tendermint client",
            any.type_url
        )));
    }
    TmClientState::decode(any.value.as_slice())
        .map_err(|e| RpcError::Internal(format!("client state does not decode: {e}")))
}

/// The latest height of a client: the height of its newest consensus state.
pub(crate) fn latest_height(any: &Any) -> RpcResult<Height> {
    tm_client_state(any)?
        .latest_height
        .ok_or_else(|| RpcError::Internal("client state without a latest height".into()))
}

pub fn query_client_state(
    state: &dyn StateRead,
    req: &QueryClientStateRequest,
) -> RpcResult<QueryClientStateResponse> {
    let id = parse_client_id(&req.client_id)?;
    let client_state = require_client_state(state, id.as_str())?;
    Ok(QueryClientStateResponse {
        client_state: Some(client_state),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// Every client with its state, in client id order. `clients/` also holds each client's
/// consensus states and connections, so the walk jumps from one client to the next instead of
/// reading through them: one seek per client.
pub fn query_client_states(
    state: &dyn StateRead,
    req: &QueryClientStatesRequest,
) -> RpcResult<QueryClientStatesResponse> {
    let prefix = state_key::path_key(&"clients/");
    let limit = page_limit(req.pagination.as_ref());
    let mut start = req
        .pagination
        .as_ref()
        .map(|p| p.key.as_slice())
        .filter(|k| !k.is_empty())
        .map(|k| [prefix.as_slice(), k].concat());
    let mut client_states = Vec::new();
    let mut next_key = Vec::new();
    for _ in 0..MAX_SCANNED {
        let first = state.prefix_raw(&prefix, start.as_deref()).next();
        let Some(item) = first else { break };
        let (k, _) = item?;
        let rest = k.get(prefix.len()..).unwrap_or_default();
        let id = rest.split(|b| *b == b'/').next().unwrap_or_default();
        if client_states.len() == limit {
            next_key = id.to_vec();
            break;
        }
        let id = utf8(id)?;
        if let Some(cs) = client_state_any(state, id)? {
            client_states.push(IdentifiedClientState {
                client_id: id.to_string(),
                client_state: Some(cs),
            });
        }
        match prefix_end(&[prefix.as_slice(), id.as_bytes(), b"/"].concat()) {
            Some(next) => start = Some(next),
            None => break,
        }
    }
    Ok(QueryClientStatesResponse {
        client_states,
        pagination: page_response(next_key),
    })
}

pub fn query_consensus_state(
    state: &dyn StateRead,
    req: &QueryConsensusStateRequest,
) -> RpcResult<QueryConsensusStateResponse> {
    let id = parse_client_id(&req.client_id)?;
    let height = if req.latest_height {
        let cs = require_client_state(state, id.as_str())?;
        latest_height(&cs)?
    } else {
        if req.revision_height == 0 {
            return Err(invalid("consensus state height cannot be 0"));
        }
        Height {
            revision_number: req.revision_number,
            revision_height: req.revision_height,
        }
    };
    let consensus_state = require_consensus_state(state, id.as_str(), &height)?;
    Ok(QueryConsensusStateResponse {
        consensus_state: Some(consensus_state),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

/// The height of a height-index entry (`<revision u64 BE><height u64 BE>` after the prefix).
fn indexed_height(suffix: &[u8]) -> RpcResult<Height> {
    let bad = || RpcError::Internal("malformed consensus height index key".into());
    let (r, h) = (
        suffix.get(..8).ok_or_else(bad)?,
        suffix.get(8..16).ok_or_else(bad)?,
    );
    if suffix.len() != 16 {
        return Err(bad());
    }
    Ok(Height {
        revision_number: u64::from_be_bytes(r.try_into().map_err(|_| bad())?),
        revision_height: u64::from_be_bytes(h.try_into().map_err(|_| bad())?),
    })
}

/// A client's consensus states in ascending height order (the page key is the 16-byte
/// revision and height of the next one).
pub fn query_consensus_states(
    state: &dyn StateRead,
    req: &QueryConsensusStatesRequest,
) -> RpcResult<QueryConsensusStatesResponse> {
    let id = parse_client_id(&req.client_id)?;
    let prefix = state_key::consensus_heights_prefix(id.as_str());
    let (consensus_states, next_key) =
        page(state, &prefix, req.pagination.as_ref(), |suffix, _| {
            let height = indexed_height(suffix)?;
            let path =
                consensus_state_path(id.as_str(), height.revision_number, height.revision_height);
            Ok(
                get_proto::<Any>(state, &path)?.map(|cs| ConsensusStateWithHeight {
                    height: Some(height),
                    consensus_state: Some(cs),
                }),
            )
        })?;
    Ok(QueryConsensusStatesResponse {
        consensus_states,
        pagination: page_response(next_key),
    })
}

pub fn query_consensus_state_heights(
    state: &dyn StateRead,
    req: &QueryConsensusStateHeightsRequest,
) -> RpcResult<QueryConsensusStateHeightsResponse> {
    let id = parse_client_id(&req.client_id)?;
    let prefix = state_key::consensus_heights_prefix(id.as_str());
    let (consensus_state_heights, next_key) =
        page(state, &prefix, req.pagination.as_ref(), |suffix, _| {
            let height = indexed_height(suffix)?;
            let path =
                consensus_state_path(id.as_str(), height.revision_number, height.revision_height);
            Ok(state.get_raw(&super::key(&path))?.map(|_| height))
        })?;
    Ok(QueryConsensusStateHeightsResponse {
        consensus_state_heights,
        pagination: page_response(next_key),
    })
}

/// ibc-go's client status: Unknown without a client state, Unauthorized for a client type
/// this chain does not allow, Frozen once misbehaviour froze it, Expired when its latest
/// consensus state is missing or older than the trusting period at the host's block time,
/// else Active.
pub fn client_status(state: &dyn StateRead, client_id: &str) -> RpcResult<&'static str> {
    let Some(any) = client_state_any(state, client_id)? else {
        return Ok(UNKNOWN);
    };
    if any.type_url != TM_CLIENT_STATE_TYPE_URL {
        return Ok(UNAUTHORIZED);
    }
    let cs = tm_client_state(&any)?;
    if cs
        .frozen_height
        .as_ref()
        .is_some_and(|h| h.revision_number != 0 || h.revision_height != 0)
    {
        return Ok(FROZEN);
    }
    let latest = cs
        .latest_height
        .ok_or_else(|| RpcError::Internal("client state without a latest height".into()))?;
    let path = consensus_state_path(client_id, latest.revision_number, latest.revision_height);
    let Some(cons) = get_proto::<Any>(state, &path)? else {
        return Ok(EXPIRED);
    };
    let cons = TmConsensusState::decode(cons.value.as_slice())
        .map_err(|e| RpcError::Internal(format!("consensus state does not decode: {e}")))?;
    let stamp = cons
        .timestamp
        .ok_or_else(|| RpcError::Internal("consensus state without a timestamp".into()))?;
    let period = cs
        .trusting_period
        .ok_or_else(|| RpcError::Internal("client state without a trusting period".into()))?;
    let expiry = nanos(stamp.seconds, stamp.nanos)
        .checked_add(nanos(period.seconds, period.nanos))
        .ok_or_else(|| RpcError::Internal("client expiry overflows".into()))?;
    let now = i128::from(host_time_nanos(state)?);
    // Expired once expiry <= now (ibc-go: `!expirationTime.After(now)`).
    Ok(if expiry <= now { EXPIRED } else { ACTIVE })
}

/// A protobuf timestamp or duration in nanoseconds (i128 holds any of them exactly).
fn nanos(seconds: i64, nanos: i32) -> i128 {
    i128::from(seconds) * 1_000_000_000 + i128::from(nanos)
}

pub fn query_client_status(
    state: &dyn StateRead,
    req: &QueryClientStatusRequest,
) -> RpcResult<QueryClientStatusResponse> {
    let id = parse_client_id(&req.client_id)?;
    Ok(QueryClientStatusResponse {
        status: client_status(state, id.as_str())?.to_string(),
    })
}

pub fn query_client_params(
    _state: &dyn StateRead,
    _req: &QueryClientParamsRequest,
) -> RpcResult<QueryClientParamsResponse> {
    Ok(QueryClientParamsResponse {
        params: Some(Params {
            allowed_clients: ALLOWED_CLIENTS.iter().map(|s| s.to_string()).collect(),
        }),
    })
}

/// The newest entry `upgradedIBCState/<height>/<leaf>` stored, if any: the state a planned
/// upgrade hands counterparty clients. Nothing stores these unless an upgrade is planned.
fn upgraded(state: &dyn StateRead, leaf: &str) -> RpcResult<Option<Any>> {
    let prefix = state_key::path_key(&"upgradedIBCState/");
    let mut best: Option<(u64, Vec<u8>)> = None;
    for item in state.prefix_raw(&prefix, None).take(MAX_UPGRADE_ENTRIES) {
        let (k, v) = item?;
        let rest = utf8(k.get(prefix.len()..).unwrap_or_default())?;
        let Some((height, l)) = rest.split_once('/') else {
            continue;
        };
        let Ok(height) = height.parse::<u64>() else {
            continue;
        };
        if l == leaf && best.as_ref().is_none_or(|(h, _)| height > *h) {
            best = Some((height, v));
        }
    }
    best.map(|(_, v)| {
        Any::decode(v.as_slice())
            .map_err(|e| RpcError::Internal(format!("upgraded state does not decode: {e}")))
    })
    .transpose()
}

pub fn query_upgraded_client_state(
    state: &dyn StateRead,
    _req: &QueryUpgradedClientStateRequest,
) -> RpcResult<QueryUpgradedClientStateResponse> {
    let upgraded_client_state =
        upgraded(state, "upgradedClient")?.ok_or_else(|| not_found("upgrade plan not found"))?;
    Ok(QueryUpgradedClientStateResponse {
        upgraded_client_state: Some(upgraded_client_state),
    })
}

pub fn query_upgraded_consensus_state(
    state: &dyn StateRead,
    _req: &QueryUpgradedConsensusStateRequest,
) -> RpcResult<QueryUpgradedConsensusStateResponse> {
    let upgraded_consensus_state = upgraded(state, "upgradedConsState")?
        .ok_or_else(|| not_found("upgraded consensus state not found"))?;
    Ok(QueryUpgradedConsensusStateResponse {
        upgraded_consensus_state: Some(upgraded_consensus_state),
    })
}
