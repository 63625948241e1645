//! Accounts: account numbers, sequences and public keys, and the parameters of the
//! transaction pipeline (memo size, signature limit, gas costs, minimum gas price).
//!
//! The app's ante steps use [`AuthRead`] / [`AuthWrite`]; other modules create accounts
//! through [`AuthWrite::ensure_account`] when they first credit an address.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod account;
mod error;
mod genesis;
mod params;
mod rpc;
mod state;
pub mod state_key;
mod update_params;

pub use account::Account;
pub use error::AuthError;
pub use genesis::{GenesisAccount, GenesisState};
pub use params::Params;
pub use rpc::{
    query_account, query_account_address_by_id, query_account_info, query_accounts,
    query_address_bytes_to_string, query_address_string_to_bytes, query_bech32_prefix,
    query_module_account_by_name, query_module_accounts, query_params, MAX_ACCOUNT_ID_SCAN,
};
pub use state::{AuthRead, AuthWrite};
pub use update_params::{
    execute_update_params, execute_update_tx_params, proto, MsgUpdateParams, MsgUpdateTxParams,
    GOV_AUTHORITY,
};

/// Name of the module account that collects transaction fees.
pub const FEE_COLLECTOR: &str = "fee_collector";
