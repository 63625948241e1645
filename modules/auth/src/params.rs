//! Parameters of accounts and of the transaction pipeline.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::amount_string;
use serde::{Deserialize, Serialize};

use crate::error::AuthError;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub max_memo_characters: u64,
    pub tx_sig_limit: u64,
    pub tx_size_cost_per_byte: u64,
    pub sig_verify_cost_secp256k1: u64,
    /// Largest encoded transaction accepted, in bytes.
    pub max_tx_bytes: u64,
    /// Most messages in one transaction.
    pub max_msgs_per_tx: u64,
    /// Chain-wide minimum gas price in aopen per unit of gas; fee >= gas_limit x this.
    #[serde(with = "amount_string")]
    pub min_gas_price: u128,
    /// Largest gas limit one transaction may ask for.
    pub max_gas_per_tx: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_memo_characters: 256,
            tx_sig_limit: 7,
            tx_size_cost_per_byte: 10,
            sig_verify_cost_secp256k1: 1000,
            max_tx_bytes: 64 * 1024,
            max_msgs_per_tx: 64,
            min_gas_price: 1_000_000_000,
            max_gas_per_tx: 50_000_000,
        }
    }
}

impl Params {
    /// Ranges that keep the chain live: no value here may halt block production.
    pub fn validate(&self) -> Result<(), AuthError> {
        let bad = |m: &str| Err(AuthError::InvalidParams(m.to_string()));
        if self.max_memo_characters > 65_536 {
            return bad("max_memo_characters must be at most 65536");
        }
        if !(1..=16).contains(&self.tx_sig_limit) {
            return bad("tx_sig_limit must be in 1..=16");
        }
        if self.sig_verify_cost_secp256k1 == 0 || self.tx_size_cost_per_byte == 0 {
            return bad("gas costs must be positive");
        }
        if !(1024..=4 * 1024 * 1024).contains(&self.max_tx_bytes) {
            return bad("max_tx_bytes must be in 1KiB..=4MiB");
        }
        if !(1..=1024).contains(&self.max_msgs_per_tx) {
            return bad("max_msgs_per_tx must be in 1..=1024");
        }
        if self.max_gas_per_tx < 100_000 {
            return bad("max_gas_per_tx must be at least 100000");
        }
        Ok(())
    }
}
