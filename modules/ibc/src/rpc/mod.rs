//! The IBC query services (`ibc.core.{client,connection,channel}.v1.Query` and
//! `ibc.applications.transfer.v1.Query`): one plain function per RPC over read-only state,
//! with the ibc-proto request and response types. The gRPC service and the ABCI query gateway
//! are thin adapters over these (the app's route table).
//!
//! Semantics and errors follow ibc-go's gRPC query servers: a malformed identifier is an
//! invalid request, a missing item is not found. Responses carry no proof (`proof` is empty):
//! relayers take proofs from ABCI `store/ibc/key` queries. `proof_height` and `height` are the
//! latest height IBC has recorded for this chain.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (the rest of a store
//! key after the listing's prefix), `limit` defaults to 100 and is capped at 1000; `offset`,
//! `count_total` and `reverse` are ignored. Lists come in store order, which for ICS-24 paths
//! is string order (`channel-10` before `channel-2`), as ibc-go returns them; consensus states
//! come in numeric height order through our height index.

pub mod channel;
pub mod client;
pub mod connection;
pub mod transfer;

use ibc::core::host::types::identifiers::{ChannelId, ClientId, ConnectionId, PortId};
use ibc_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use ibc_proto::ibc::core::client::v1::Height;
use openledger_framework::error::sdk;
use openledger_framework::{ModuleError, StateError, StateRead};
use prost::Message;
use thiserror::Error;

use crate::error::IbcError;
use crate::state_key;

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};

/// Store entries one list query examines at most; a page may end early, with a `next_key`,
/// when few of them match (a connection's channels among all channels).
pub const MAX_SCANNED: usize = 10_000;

/// The most sequences one `UnreceivedPackets`, `UnreceivedAcks` or filtered
/// `PacketAcknowledgements` request may name (each is one point read).
pub const MAX_QUERY_SEQUENCES: usize = 10_000;

/// An IBC query failed. Codes are the SDK's, so the gateway maps them to gRPC's NOT_FOUND,
/// INVALID_ARGUMENT and INTERNAL as ibc-go's servers answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RpcError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidArgument(String),
    /// Stored data that cannot be decoded, or a storage failure.
    #[error("{0}")]
    Internal(String),
}

impl ModuleError for RpcError {
    fn codespace(&self) -> &'static str {
        sdk::CODESPACE
    }

    fn code(&self) -> u32 {
        match self {
            RpcError::NotFound(_) => sdk::NOT_FOUND,
            RpcError::InvalidArgument(_) => sdk::INVALID_REQUEST,
            RpcError::Internal(_) => sdk::INTERNAL,
        }
    }
}

impl From<StateError> for RpcError {
    fn from(e: StateError) -> Self {
        RpcError::Internal(e.to_string())
    }
}

impl From<IbcError> for RpcError {
    fn from(e: IbcError) -> Self {
        match e {
            IbcError::InvalidRequest(m) => RpcError::InvalidArgument(m),
            e => RpcError::Internal(e.to_string()),
        }
    }
}

pub type RpcResult<T> = Result<T, RpcError>;

pub(crate) fn not_found(what: impl Into<String>) -> RpcError {
    RpcError::NotFound(what.into())
}

pub(crate) fn invalid(what: impl Into<String>) -> RpcError {
    RpcError::InvalidArgument(what.into())
}

/// The client id of a request, validated as ICS-24 requires.
pub(crate) fn parse_client_id(s: &str) -> RpcResult<ClientId> {
    s.parse()
        .map_err(|e| invalid(format!("invalid client id {s:?}: {e}")))
}

pub(crate) fn parse_connection_id(s: &str) -> RpcResult<ConnectionId> {
    s.parse()
        .map_err(|e| invalid(format!("invalid connection id {s:?}: {e}")))
}

pub(crate) fn parse_port_id(s: &str) -> RpcResult<PortId> {
    s.parse()
        .map_err(|e| invalid(format!("invalid port id {s:?}: {e}")))
}

pub(crate) fn parse_channel_id(s: &str) -> RpcResult<ChannelId> {
    s.parse()
        .map_err(|e| invalid(format!("invalid channel id {s:?}: {e}")))
}

/// The state key of an ICS-24 path given as a string.
pub(crate) fn key(path: &str) -> Vec<u8> {
    state_key::path_key(&path)
}

/// A protobuf value at an ICS-24 path.
pub(crate) fn get_proto<T: Message + Default>(
    state: &dyn StateRead,
    path: &str,
) -> RpcResult<Option<T>> {
    match state.get_raw(&key(path))? {
        None => Ok(None),
        Some(bytes) => T::decode(bytes.as_slice())
            .map(Some)
            .map_err(|e| RpcError::Internal(format!("stored {path} does not decode: {e}"))),
    }
}

/// A u64 big-endian value (next sequences).
pub(crate) fn get_u64(state: &dyn StateRead, path: &str) -> RpcResult<Option<u64>> {
    match state.get_raw(&key(path))? {
        None => Ok(None),
        Some(bytes) => {
            let b: [u8; 8] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| RpcError::Internal(format!("stored {path} is not a u64")))?;
            Ok(Some(u64::from_be_bytes(b)))
        }
    }
}

/// The latest block height IBC has recorded for this chain (0 before the first block).
pub fn host_latest_height(state: &dyn StateRead) -> RpcResult<u64> {
    match state.get_raw(state_key::HOST_LATEST)? {
        None => Ok(0),
        Some(bytes) => {
            let b: [u8; 8] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| RpcError::Internal("bad latest host height".into()))?;
            Ok(u64::from_be_bytes(b))
        }
    }
}

/// The block time of the latest recorded height, in nanoseconds since the Unix epoch.
pub fn host_time_nanos(state: &dyn StateRead) -> RpcResult<u64> {
    let record = crate::host::latest_host_record(state)?
        .ok_or_else(|| RpcError::Internal("no host block recorded yet".into()))?;
    Ok(record.time_unix_nanos()?)
}

/// This chain's IBC revision number (the `N` of its chain id `name-N`), as the latest host
/// record has it (0 before the first block).
pub fn host_revision(state: &dyn StateRead) -> u64 {
    crate::host::latest_host_record(state)
        .ok()
        .flatten()
        .map_or(0, |r| r.revision_number)
}

/// The height queries answer at: `proof_height` and `height` of responses.
pub fn host_height(state: &dyn StateRead) -> RpcResult<Height> {
    Ok(Height {
        revision_number: host_revision(state),
        revision_height: host_latest_height(state)?,
    })
}

pub(crate) fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

/// Up to one page of items under `prefix`, from the page key on. `f` maps an entry (the key
/// after `prefix`, the value) to an item or skips it (`None`). At most [`MAX_SCANNED`] entries
/// are examined. Returns the items and the next key (the suffix after `prefix` of the first
/// entry not examined; empty at the end).
pub(crate) fn page<T, F>(
    state: &dyn StateRead,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> RpcResult<(Vec<T>, Vec<u8>)>
where
    F: FnMut(&[u8], &[u8]) -> RpcResult<Option<T>>,
{
    let limit = page_limit(req);
    let start = req
        .map(|p| p.key.as_slice())
        .filter(|k| !k.is_empty())
        .map(|k| [prefix, k].concat());
    let mut items = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(prefix, start.as_deref()).enumerate() {
        let (k, v) = item?;
        let suffix = k.get(prefix.len()..).unwrap_or_default();
        if scanned >= MAX_SCANNED || items.len() == limit {
            next_key = suffix.to_vec();
            break;
        }
        if let Some(t) = f(suffix, &v)? {
            items.push(t);
        }
    }
    Ok((items, next_key))
}

pub(crate) fn page_response(next_key: Vec<u8>) -> Option<PageResponse> {
    Some(PageResponse { next_key, total: 0 })
}

/// A store key suffix as UTF-8 (ICS-24 paths are ASCII).
pub(crate) fn utf8(suffix: &[u8]) -> RpcResult<&str> {
    std::str::from_utf8(suffix).map_err(|_| RpcError::Internal("non-UTF-8 IBC path".into()))
}

/// Check a list of sequences a request names: bounded, no 0 (ibc-go's error text).
pub(crate) fn check_sequences(seqs: &[u64]) -> RpcResult<()> {
    if seqs.len() > MAX_QUERY_SEQUENCES {
        return Err(invalid(format!(
            "too many sequences: {} (at most {MAX_QUERY_SEQUENCES})",
            seqs.len()
        )));
    }
    if seqs.contains(&0) {
        return Err(invalid("packet sequence 0 is not valid"));
    }
    Ok(())
}
