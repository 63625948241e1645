//! IBC for OpenLedger on ibc-rs: the host contexts over the `ibc` substore (ICS-02 clients
//! with 07-tendermint, ICS-03 connections, ICS-04 channels), ICS-20 transfer over the bank,
//! our own consensus states for counterparties' clients of us, and the messages and
//! queries relayers and users send.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod context;
pub mod error;
pub mod events;
pub mod genesis;
pub mod host;
pub mod msg;
pub mod params;
pub mod rate_limit;
pub mod rate_limit_hooks;
pub mod router;
pub mod rpc;
pub mod state_key;
pub mod transfer;

pub use context::{our_proof_specs, Host, IbcCtx, MAX_EXPECTED_TIME_PER_BLOCK};
pub use error::IbcError;
pub use genesis::GenesisState;
pub use host::{record_block, revision_of, HostRecord, HOST_HISTORY};
pub use msg::{decode, decode_route, execute, IbcMsg, MSG_TRANSFER, TYPE_URLS};
pub use params::TransferParams;
pub use transfer::{bank_denom, denom_hash, escrow_address};
