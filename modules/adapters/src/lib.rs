//! LoRA adapters (OpenLoRA): the adapter registry per model, who serves which adapter, operator
//! standing.
//!
//! * [`register_adapter`] adds an adapter (hash, model and version, base model, rank, size,
//!   SPDX licence, source job) owned by its first registrant; a later registration of the same
//!   hash is refused. `MsgRegisterAdapter` (the model's creator) and the finetune module (on
//!   accepting a job) both go through it.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod adapter;
mod error;
mod event;
mod params;
pub mod proto;
mod register;
mod state;
pub mod state_key;

pub use adapter::{
    check_hash, check_licence, parse_ceiling, Adapter, AdapterSpec, ServingEntry, UptimeClaim,
    MAX_HASH_BYTES, MAX_LICENCE_IDS, MAX_LICENCE_ID_LEN, MAX_UPTIME_BPS,
};
pub use error::{AdaptersError, CODESPACE};
pub use params::Params;
pub use register::register_adapter;
pub use state::{AdaptersRead, ADAPTERS_MODULE};
