//! Where IBC keeps its state: the `ibc` substore, whose inner keys are the ICS-24 paths
//! themselves (commitment prefix `ibc`), so a counterparty verifies our proofs of
//! `clients/07-tendermint-0/clientState` at inner key `clients/07-tendermint-0/clientState`.
//!
//! Values are encoded as ibc-go encodes them (a counterparty checks proofs of these bytes):
//! * client and consensus states: `google.protobuf.Any` of the light client's proto type;
//! * connection: `ibc.core.connection.v1.ConnectionEnd`; a client's connections:
//!   `ibc.core.connection.v1.ClientPaths`; channel: `ibc.core.channel.v1.Channel`;
//! * next sequences and the `nextClientSequence`-style counters: u64 big-endian;
//! * packet commitment and acknowledgement commitment: the 32-byte hashes; receipt: `[1]`.
//!
//! Keys of our own bookkeeping live under `ibc/x/`, which no ICS-24 path starts with.

use std::fmt::Display;

/// The substore prefix of every IBC key.
pub const PREFIX: &str = "ibc/";

/// The state key of an ICS-24 path (any ibc-rs `*Path` type, or its `Path` enum).
pub fn path_key(path: &impl Display) -> Vec<u8> {
    format!("{PREFIX}{path}").into_bytes()
}

/// Every key of our own bookkeeping starts here.
pub const OWN: &str = "ibc/x/";

/// The heights of a client's consensus states in numeric order:
/// `ibc/x/heights/<client id>/<revision u64 BE><height u64 BE>` -> empty.
pub fn consensus_heights_prefix(client_id: &str) -> Vec<u8> {
    format!("{OWN}heights/{client_id}/").into_bytes()
}

pub fn consensus_height_key(client_id: &str, revision: u64, height: u64) -> Vec<u8> {
    let mut k = consensus_heights_prefix(client_id);
    k.extend_from_slice(&revision.to_be_bytes());
    k.extend_from_slice(&height.to_be_bytes());
    k
}

/// The same heights in descending order (`u64::MAX - x` of each), for "the latest
/// consensus state below a height" without a reverse scan.
pub fn consensus_heights_desc_prefix(client_id: &str) -> Vec<u8> {
    format!("{OWN}heights-desc/{client_id}/").into_bytes()
}

pub fn consensus_height_desc_key(client_id: &str, revision: u64, height: u64) -> Vec<u8> {
    let mut k = consensus_heights_desc_prefix(client_id);
    k.extend_from_slice(&(u64::MAX - revision).to_be_bytes());
    k.extend_from_slice(&(u64::MAX - height).to_be_bytes());
    k
}

/// Our own consensus state at a height (what a counterparty's client of us stores):
/// `ibc/x/host/<height u64 BE>` -> borsh [`crate::host::HostRecord`].
pub const HOST_PREFIX: &str = "ibc/x/host/";

pub fn host_record_key(height: u64) -> Vec<u8> {
    let mut k = HOST_PREFIX.as_bytes().to_vec();
    k.extend_from_slice(&height.to_be_bytes());
    k
}

/// The latest height with a host record (u64 BE): the height IBC queries answer at.
pub const HOST_LATEST: &[u8] = b"ibc/x/host-latest";

/// The full trace of a voucher denom: `ibc/x/denom/<HASH>` -> `transfer/channel-0/uopen`
/// (the `HASH` of `ibc/HASH`, upper-case hex of sha256 of the trace).
pub fn denom_trace_key(hash_hex_upper: &str) -> Vec<u8> {
    format!("{OWN}denom/{hash_hex_upper}").into_bytes()
}

pub const DENOM_TRACE_PREFIX: &str = "ibc/x/denom/";

/// Tokens of a denom held in escrow on all channels: `ibc/x/escrow-total/<denom>` -> u128 BE.
pub fn total_escrow_key(denom: &str) -> Vec<u8> {
    format!("{OWN}escrow-total/{denom}").into_bytes()
}

/// Module parameters (send/receive enabled): `ibc/x/params` -> borsh.
pub const PARAMS: &[u8] = b"ibc/x/params";

/// Rate limits and their flows: `ibc/x/rate-limit/...` (see `rate_limit`).
pub const RATE_LIMIT_PREFIX: &str = "ibc/x/rate-limit/";
