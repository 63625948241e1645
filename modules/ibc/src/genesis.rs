//! IBC genesis: the ICS-20 parameters. Clients, connections and channels start empty on a
//! new chain; they are made by relayers' handshakes.

use openledger_framework::StateWrite;
use serde::{Deserialize, Serialize};

use crate::error::IbcError;
use crate::params::{self, TransferParams};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub transfer_params: TransferParams,
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), IbcError> {
        Ok(())
    }

    pub fn init(&self, state: &mut dyn StateWrite) -> Result<(), IbcError> {
        // the defaults are what an absent entry reads as: a default genesis writes nothing
        if self.transfer_params != TransferParams::default() {
            params::set(state, &self.transfer_params)?;
        }
        Ok(())
    }

    pub fn export(state: &dyn openledger_framework::StateRead) -> Result<Self, IbcError> {
        Ok(GenesisState {
            transfer_params: params::get(state)?,
        })
    }
}
