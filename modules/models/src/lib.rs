//! Models: proposals, the governed lifecycle, versions, lineage and inference pricing.
//!
//! * [`execute_propose_model`] records a model against existing datanet versions with the
//!   creator bond escrowed in the `models` module account (stage PROPOSED).
//! * Governance decides: [`execute_approve_model`] and [`execute_reject_model`] run only as the
//!   messages of passed gov proposals (authority: the gov module account);
//!   [`on_approval_submitted`] is the app's callback when an approval proposal is submitted
//!   (the creator's own, carrying that message alone; its id is recorded on the model) and
//!   [`on_approval_failed`] when it ends rejected. [`execute_withdraw_model`] lets the creator
//!   take a PROPOSED model back, bond refunded, unless its approval is being voted on.
//! * [`execute_advance_model`] moves an approved model through DATA_COLLECTION, FINE_TUNING,
//!   ALIGNMENT and DEPLOYED (creating version 1), or RETIRED (bond refunded).
//! * [`execute_publish_model_version`] adds versions to a deployed model with an immutable
//!   lineage; [`execute_set_pricing`] sets rates that apply from the next height.
//!
//! Other modules read models state through [`ModelsRead`]; datanet versions are looked up
//! through the app's [`DatanetsKeeper`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
mod keeper;
mod model;
mod msg;
mod params;
pub mod proto;
mod record;
mod rpc;
mod service;
mod state;
pub mod state_key;

pub use error::{ModelsError, CODESPACE};
pub use genesis::GenesisState;
pub use handler::{
    execute_advance_model, execute_approve_model, execute_propose_model,
    execute_publish_model_version, execute_reject_model, execute_set_pricing,
    execute_update_params, execute_withdraw_model, on_approval_failed, on_approval_submitted,
};
pub use keeper::{
    DatanetVersionView, DatanetsKeeper, FeedbackKeeper, GovProposalsKeeper, ProposalPhase,
};
pub use model::{DatanetVersionRef, Digest, Model, Pricing, Stage, MAX_DIGEST_LEN};
pub use msg::{
    approval_target, MsgAdvanceModel, MsgApproveModel, MsgProposeModel, MsgPublishModelVersion,
    MsgRejectModel, MsgSetPricing, MsgUpdateParams, MsgWithdrawModel, MAX_DATANET_REFS,
};
pub use openledger_framework::time::{Time, TimeError};
pub use params::{Params, DEFAULT_MIN_CREATOR_BOND};
pub use record::{Evidence, HistoryEntry, ModelVersion, PricingEntry};
pub use rpc::{
    query_history, query_lineage, query_model, query_models, query_params, query_version,
    query_versions, DEFAULT_PAGE_LIMIT, MAX_MODELS_SCANNED, MAX_PAGE_LIMIT,
};
pub use service::complete_fine_tuning;
pub use state::{gov_address, models_address, ModelsRead, MODELS_MODULE};
