//! The app's [`RateLimitKeeper`] over what this crate and the bank already hold: supplies from
//! the bank, channels and clients from the ICS-24 keys of the `ibc` substore.

use openledger_bank::BankRead;
use openledger_framework::error::call_error;
use openledger_framework::{CallError, StateRead};

use super::msg::RateLimitKeeper;
use crate::state_key::PREFIX;

/// Supplies from the bank; a channel of the `transfer` port or a client by its ICS-24 key.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keepers;

/// The ICS-24 key of the channel end `transfer/<id>`.
pub fn transfer_channel_key(id: &str) -> Vec<u8> {
    format!("{PREFIX}channelEnds/ports/transfer/channels/{id}").into_bytes()
}

/// The ICS-24 key of the client state of `<id>`.
pub fn client_state_key(id: &str) -> Vec<u8> {
    format!("{PREFIX}clients/{id}/clientState").into_bytes()
}

impl RateLimitKeeper for Keepers {
    fn supply(&self, state: &dyn StateRead, denom: &str) -> Result<u128, CallError> {
        state.supply(denom).map_err(call_error)
    }

    fn channel_or_client_exists(&self, state: &dyn StateRead, id: &str) -> Result<bool, CallError> {
        if state.get_raw(&transfer_channel_key(id))?.is_some() {
            return Ok(true);
        }
        Ok(state.get_raw(&client_state_key(id))?.is_some())
    }
}
