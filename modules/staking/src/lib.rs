//! Staking: validators, delegations (integer shares), unbonding, redelegation and the active
//! validator set CometBFT follows, with Cosmos SDK x/staking (v0.50) semantics and wire types.
//!
//! * Messages: `/cosmos.staking.v1beta1.MsgCreateValidator`, `MsgEditValidator`, `MsgDelegate`,
//!   `MsgUndelegate`, `MsgBeginRedelegate`, `MsgCancelUnbondingDelegation`, `MsgUpdateParams`
//!   ([`msg`] types, `execute_*` handlers).
//! * Blocks: [`end_block`] returns the CometBFT validator updates and completes matured
//!   unbondings; [`genesis_validator_updates`] gives the set for `InitChain`.
//! * Other modules: [`StakingRead`], the slashing API ([`slash`], [`jail`], [`unjail`]) and the
//!   [`StakingHooks`] the app implements to reach distribution.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod end_block;
mod error;
mod event;
mod genesis;
mod handler;
mod hooks;
pub mod invariants;
mod keeper;
mod msg;
mod params;
mod proto;
pub mod rpc;
mod serde_helpers;
mod slash;
mod state;
pub mod state_key;
pub mod time;
mod types;

pub use end_block::{end_block, genesis_validator_updates, MAX_MATURED_PER_BLOCK};
pub use error::{StakingError, CODESPACE};
pub use genesis::{GenesisState, LastValidatorPower};
pub use handler::update_params_authority;
pub use handler::{
    execute_begin_redelegate, execute_cancel_unbonding_delegation, execute_create_validator,
    execute_delegate, execute_edit_validator, execute_undelegate, execute_update_params,
};
pub use hooks::{NoHooks, StakingHooks};
pub use msg::{
    ed25519_pubkey_from_any, ed25519_pubkey_to_any, MsgBeginRedelegate,
    MsgCancelUnbondingDelegation, MsgCreateValidator, MsgDelegate, MsgEditValidator, MsgUndelegate,
    MsgUpdateParams,
};
pub use params::Params;
pub use slash::{jail, slash, unjail};
pub use state::StakingRead;
pub use types::{
    bonded_pool, not_bonded_pool, shares_to_display, shares_to_proto, tokens_to_power, BondStatus,
    Commission, CommissionRates, Delegation, Description, Redelegation, RedelegationEntry,
    UnbondingDelegation, UnbondingDelegationEntry, Validator, BONDED_POOL, DO_NOT_MODIFY,
    MAX_TOTAL_POWER, NOT_BONDED_POOL, POWER_REDUCTION,
};
