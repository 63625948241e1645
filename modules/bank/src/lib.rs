//! Bank: balances of every denom, transfers, and total supply.
//!
//! Messages: `/cosmos.bank.v1beta1.MsgSend` and `MsgMultiSend` with their Cosmos SDK
//! semantics. Other modules move funds through [`BankWrite`]; minting and burning are the
//! bank's own keeper functions [`mint`] and [`burn`], which no state has as a method.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
pub mod metadata;
mod msg;
mod params;
mod rpc;
mod state;
pub mod state_key;

pub use error::BankError;
pub use genesis::{Balance, GenesisState};
pub use handler::{execute_multi_send, execute_send, execute_update_params};
pub use metadata::{DenomMetadata, DenomUnit};
pub use msg::{MsgMultiSend, MsgSend, MsgUpdateParams, MAX_MULTI_SEND_OUTPUTS};
pub use params::Params;
pub use rpc::{
    query_all_balances, query_balance, query_denom_metadata, query_denom_metadata_by_query_string,
    query_denom_owners, query_denom_owners_by_query, query_denoms_metadata, query_params,
    query_send_enabled, query_spendable_balance_by_denom, query_spendable_balances,
    query_supply_of, query_total_supply, MAX_DENOM_OWNERS_SCAN,
};
pub use state::{burn, is_blocked_recipient, mint, BankRead, BankWrite, BLOCKED_MODULE_ACCOUNTS};
