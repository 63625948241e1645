//! `ibc.core.connection.v1.Query`: connection ends, a client's connections, the client and
//! consensus states behind a connection, and params.

use ibc_proto::ibc::core::client::v1::{Height, IdentifiedClientState};
use ibc_proto::ibc::core::connection::v1::{
    ClientPaths, ConnectionEnd, IdentifiedConnection, Params, QueryClientConnectionsRequest,
    QueryClientConnectionsResponse, QueryConnectionClientStateRequest,
    QueryConnectionClientStateResponse, QueryConnectionConsensusStateRequest,
    QueryConnectionConsensusStateResponse, QueryConnectionParamsRequest,
    QueryConnectionParamsResponse, QueryConnectionRequest, QueryConnectionResponse,
    QueryConnectionsRequest, QueryConnectionsResponse,
};
use openledger_framework::StateRead;
use prost::Message;

use super::client::{require_client_state, require_consensus_state};
use super::{
    get_proto, host_height, not_found, page, page_response, parse_client_id, parse_connection_id,
    utf8, RpcError, RpcResult,
};
use crate::context::MAX_EXPECTED_TIME_PER_BLOCK;
use crate::state_key;

/// The most time a block is expected to take, in nanoseconds (ibc-go's connection param): the
/// delay period of a connection counts blocks as well as time with it.
pub fn max_expected_time_per_block_nanos() -> u64 {
    u64::try_from(MAX_EXPECTED_TIME_PER_BLOCK.as_nanos()).unwrap_or(u64::MAX)
}

pub(crate) fn connection_path(connection_id: &str) -> String {
    format!("connections/{connection_id}")
}

/// A connection end or NOT_FOUND (ibc-go's text).
pub(crate) fn require_connection(
    state: &dyn StateRead,
    connection_id: &str,
) -> RpcResult<ConnectionEnd> {
    get_proto::<ConnectionEnd>(state, &connection_path(connection_id))?
        .ok_or_else(|| not_found(format!("{connection_id}: connection not found")))
}

pub fn query_connection(
    state: &dyn StateRead,
    req: &QueryConnectionRequest,
) -> RpcResult<QueryConnectionResponse> {
    let id = parse_connection_id(&req.connection_id)?;
    let connection = require_connection(state, id.as_str())?;
    Ok(QueryConnectionResponse {
        connection: Some(connection),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

fn identified(id: &str, c: ConnectionEnd) -> IdentifiedConnection {
    IdentifiedConnection {
        id: id.to_string(),
        client_id: c.client_id,
        versions: c.versions,
        state: c.state,
        counterparty: c.counterparty,
        delay_period: c.delay_period,
    }
}

/// Every connection end, in connection id order (string order).
pub fn query_connections(
    state: &dyn StateRead,
    req: &QueryConnectionsRequest,
) -> RpcResult<QueryConnectionsResponse> {
    let prefix = state_key::path_key(&"connections/");
    let (connections, next_key) = page(state, &prefix, req.pagination.as_ref(), |k, v| {
        let id = utf8(k)?;
        let c = ConnectionEnd::decode(v)
            .map_err(|e| RpcError::Internal(format!("connection {id} does not decode: {e}")))?;
        Ok(Some(identified(id, c)))
    })?;
    Ok(QueryConnectionsResponse {
        connections,
        pagination: page_response(next_key),
        height: Some(host_height(state)?),
    })
}

pub fn query_client_connections(
    state: &dyn StateRead,
    req: &QueryClientConnectionsRequest,
) -> RpcResult<QueryClientConnectionsResponse> {
    let id = parse_client_id(&req.client_id)?;
    let paths =
        get_proto::<ClientPaths>(state, &format!("clients/{}/connections", id.as_str()))?
            .ok_or_else(|| not_found(format!("{}: light client connection paths not found", id)))?;
    Ok(QueryClientConnectionsResponse {
        connection_paths: paths.paths,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_connection_client_state(
    state: &dyn StateRead,
    req: &QueryConnectionClientStateRequest,
) -> RpcResult<QueryConnectionClientStateResponse> {
    let id = parse_connection_id(&req.connection_id)?;
    let connection = require_connection(state, id.as_str())?;
    let client_state = require_client_state(state, &connection.client_id)?;
    Ok(QueryConnectionClientStateResponse {
        identified_client_state: Some(IdentifiedClientState {
            client_id: connection.client_id,
            client_state: Some(client_state),
        }),
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_connection_consensus_state(
    state: &dyn StateRead,
    req: &QueryConnectionConsensusStateRequest,
) -> RpcResult<QueryConnectionConsensusStateResponse> {
    let id = parse_connection_id(&req.connection_id)?;
    let connection = require_connection(state, id.as_str())?;
    let height = Height {
        revision_number: req.revision_number,
        revision_height: req.revision_height,
    };
    let consensus_state = require_consensus_state(state, &connection.client_id, &height)?;
    Ok(QueryConnectionConsensusStateResponse {
        consensus_state: Some(consensus_state),
        client_id: connection.client_id,
        proof: Vec::new(),
        proof_height: Some(host_height(state)?),
    })
}

pub fn query_connection_params(
    _state: &dyn StateRead,
    _req: &QueryConnectionParamsRequest,
) -> RpcResult<QueryConnectionParamsResponse> {
    Ok(QueryConnectionParamsResponse {
        params: Some(Params {
            max_expected_time_per_block: max_expected_time_per_block_nanos(),
        }),
    })
}
