//! Fine-tuning jobs (ModelFactory): compute providers, escrowed job budgets, delivery,
//! acceptance and disputes.
//!
//! * Providers register with a bond ([`execute_register_provider`]) escrowed in the
//!   `finetune` module account, and leave after `provider_unbonding_blocks`
//!   ([`execute_unbond_provider`]), never while holding a job.
//! * A model's creator opens a job ([`execute_open_job`]): budget escrowed, the access fees of
//!   the datanet versions paid to their contributors through the datanets module.
//! * One provider claims it ([`execute_claim_job`]) and delivers by the deadline
//!   ([`execute_deliver_job`]); the creator accepts ([`execute_accept_job`]: budget to the
//!   provider, the model FINE_TUNING -> ALIGNMENT, the adapter registered) or disputes within
//!   the window ([`execute_dispute_job`]), and governance settles ([`execute_settle_job`]).
//! * End block ([`end_block`]): missed deadlines refund the creator and count against the
//!   provider (slashed from a threshold on); silence past the dispute window pays the
//!   provider; matured unbondings are paid back.
//!
//! Other modules are reached through the keepers of [`keeper`], implemented by the app.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod end_block;
mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
pub mod keeper;
mod msg;
mod params;
pub mod proto;
mod rpc;
mod state;
pub mod state_key;
mod types;

pub use end_block::end_block;
pub use error::{FinetuneError, CODESPACE};
pub use genesis::GenesisState;
pub use handler::{
    execute_accept_job, execute_cancel_job, execute_claim_job, execute_deliver_job,
    execute_dispute_job, execute_open_job, execute_register_provider, execute_settle_job,
    execute_unbond_provider, execute_update_params, execute_update_provider,
};
pub use keeper::{
    AdapterRegistration, AdaptersKeeper, DatanetsKeeper, DistributionKeeper, Keepers, ModelView,
    ModelsKeeper,
};
pub use msg::{
    JobAct, MsgAcceptJob, MsgCancelJob, MsgClaimJob, MsgDeliverJob, MsgDisputeJob, MsgOpenJob,
    MsgRegisterProvider, MsgSettleJob, MsgUnbondProvider, MsgUpdateParams, MsgUpdateProvider,
};
pub use params::Params;
pub use rpc::{
    query_job, query_jobs, query_params, query_provider, query_providers, DEFAULT_PAGE_LIMIT,
    MAX_PAGE_LIMIT,
};
pub use state::{finetune_address, gov_address, FinetuneRead, FINETUNE_MODULE};
pub use types::{
    DatanetVersionRef, Delivery, Job, JobStatus, Metric, Provider, ProviderStatus, SettleOutcome,
};
