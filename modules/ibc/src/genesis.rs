//! IBC genesis: the ICS-20 parameters. Clients, connections and channels start empty on a
//! new chain; they are made by relayers' handshakes.

use openledger_framework::StateWrite;
use serde::{Deserialize, Serialize};

use crate::error::IbcError;
use crate::params::{self, TransferParams};
use crate::rate_limit::RateLimitGenesis;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub transfer_params: TransferParams,
    /// Rate limits of ICS-20 transfers set by governance (none by default).
    #[serde(default)]
    pub rate_limits: RateLimitGenesis,
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), IbcError> {
        self.rate_limits
            .validate()
            .map_err(|e| IbcError::InvalidGenesis(e.to_string()))
    }

    pub fn init(&self, state: &mut dyn StateWrite) -> Result<(), IbcError> {
        // the defaults are what an absent entry reads as: a default genesis writes nothing
        if self.transfer_params != TransferParams::default() {
            params::set(state, &self.transfer_params)?;
        }
        self.rate_limits
            .init(state)
            .map_err(|e| IbcError::InvalidGenesis(e.to_string()))
    }

    pub fn export(state: &dyn openledger_framework::StateRead) -> Result<Self, IbcError> {
        Ok(GenesisState {
            transfer_params: params::get(state)?,
            rate_limits: RateLimitGenesis::export(state)
                .map_err(|e| IbcError::Host(e.to_string()))?,
        })
    }
}
