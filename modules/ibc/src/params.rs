//! ICS-20 parameters: whether tokens may leave and enter the chain.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::{StateError, StateRead, StateReadExt, StateWrite, StateWriteExt};
use serde::{Deserialize, Serialize};

use crate::state_key;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct TransferParams {
    pub send_enabled: bool,
    pub receive_enabled: bool,
}

impl Default for TransferParams {
    fn default() -> Self {
        TransferParams {
            send_enabled: true,
            receive_enabled: true,
        }
    }
}

pub fn get(state: &dyn StateRead) -> Result<TransferParams, StateError> {
    Ok(state.get_borsh(state_key::PARAMS)?.unwrap_or_default())
}

pub fn set(state: &mut dyn StateWrite, p: &TransferParams) -> Result<(), StateError> {
    state.put_borsh(state_key::PARAMS.to_vec(), p)
}
