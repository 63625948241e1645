use openledger_framework::{MsgCtx, StateWrite};

use super::check_signer;
use crate::error::AdaptersError;
use crate::event;
use crate::msg::MsgStopServing;
use crate::state::{self, AdaptersRead};

/// `MsgStopServing`: an operator withdraws its declaration (18 if it has none). Any operator,
/// active or not, may stop.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgStopServing,
) -> Result<(), AdaptersError> {
    check_signer(ctx, &msg.operator)?;
    if state.serving(&msg.adapter_hash, &msg.operator)?.is_none() {
        return Err(AdaptersError::NotServing {
            operator: msg.operator.to_string(),
            hash: msg.adapter_hash.clone(),
        });
    }
    state::remove_serving(state, &msg.adapter_hash, &msg.operator)?;
    state.record(event::serving_stopped(&msg.operator, &msg.adapter_hash));
    Ok(())
}
