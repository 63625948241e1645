//! LoRA adapters (OpenLoRA): the adapter registry per model, who serves which adapter, operator
//! standing.
//!
//! * [`register_adapter`] adds an adapter (hash, model and version, base model, rank, size,
//!   SPDX licence, source job) owned by its first registrant; a later registration of the same
//!   hash is refused. [`execute_register_adapter`] (the model's creator) and the finetune
//!   module (on accepting a job) both go through it.
//! * Inference operators of the attribution module declare the adapters they serve with a
//!   price ceiling per 1000 tokens ([`execute_declare_serving`], [`execute_stop_serving`]) and
//!   state their uptime ([`execute_claim_uptime`]: a claim, not a proof).
//! * Queries answer who serves an adapter, the adapters of a model, and an operator's
//!   standing (with receipts and lost challenges from attribution).
//!
//! Models and attribution are reached only through the app's keepers ([`ModelsKeeper`],
//! [`AttributionKeeper`]); other modules read adapters state through [`AdaptersRead`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod adapter;
mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
mod keeper;
mod msg;
mod params;
pub mod proto;
mod register;
mod rpc;
mod state;
pub mod state_key;

pub use adapter::{
    check_hash, check_licence, parse_ceiling, Adapter, AdapterSpec, ServingEntry, UptimeClaim,
    MAX_HASH_BYTES, MAX_LICENCE_IDS, MAX_LICENCE_ID_LEN, MAX_UPTIME_BPS,
};
pub use error::{AdaptersError, CODESPACE};
pub use genesis::GenesisState;
pub use handler::{
    execute_claim_uptime, execute_declare_serving, execute_register_adapter, execute_stop_serving,
    execute_update_params,
};
pub use keeper::{AttributionKeeper, ModelView, ModelsKeeper, OperatorView};
pub use msg::{
    MsgClaimUptime, MsgDeclareServing, MsgRegisterAdapter, MsgStopServing, MsgUpdateParams,
};
pub use params::Params;
pub use register::register_adapter;
pub use rpc::{
    query_adapter, query_adapters_by_model, query_operator_adapters, query_operator_standing,
    query_params, query_servers, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT,
};
pub use state::{AdaptersRead, ADAPTERS_MODULE};

/// `Address::module("gov")`: the authority of `MsgUpdateParams`.
pub use handler::gov_address;
