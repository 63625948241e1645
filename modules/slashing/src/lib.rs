//! Slashing: liveness tracking from the last commit, jailing and slashing for downtime,
//! slashing and tombstoning for double signing (the evidence handling of the SDK's
//! x/evidence), and `/cosmos.slashing.v1beta1.MsgUnjail`.
//!
//! Staking is not a dependency: slashing reaches it through [`StakingKeeper`], which the app
//! implements over the staking module. The app calls [`begin_block`] for every block before
//! transactions. Specification: `docs/modules/slashing.md`.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod component;
mod error;
mod event;
mod evidence;
mod genesis;
mod handler;
pub mod invariants;
mod keeper;
mod liveness;
pub mod mock;
mod msg;
mod params;
mod rpc;
mod signing_info;
mod state;
pub mod state_key;

pub use component::{after_validator_bonded, begin_block};
pub use error::{SlashingError, CODESPACE};
pub use event::{
    EVENT_TYPE_LIVENESS, EVENT_TYPE_SLASH, REASON_DOUBLE_SIGN, REASON_MISSING_SIGNATURE,
};
pub use genesis::{ConsAddr, GenesisSigningInfo, GenesisState, MissedBlock, ValidatorMissedBlocks};
pub use handler::{execute_unjail, execute_update_evidence_params, execute_update_params};
pub use keeper::{StakingKeeper, ValidatorView};
pub use msg::{proto, MsgUnjail, MsgUpdateEvidenceParams, MsgUpdateParams};
pub use params::{Params, DURATION_SECS_RANGE, SIGNED_BLOCKS_WINDOW_RANGE};
pub use rpc::{query_params, query_signing_info, query_signing_infos};
pub use signing_info::{SigningInfo, Timestamp, DOUBLE_SIGN_JAIL_END_TIME};
pub use state::{SlashingRead, STALE_BITS_CLEANED_PER_VOTE};
