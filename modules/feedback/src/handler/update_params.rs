use openledger_framework::{MsgCtx, StateWrite};

use super::check_gov;
use crate::error::FeedbackError;
use crate::event;
use crate::msg::MsgUpdateParams;
use crate::state;

/// `MsgUpdateParams`: the gov module account (a passed proposal) replaces every param. New
/// limits apply to later messages; open rounds keep their items and commitments.
pub fn execute_update_params<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), FeedbackError> {
    check_gov(ctx, &msg.authority)?;
    state::set_params(state, &msg.params)?;
    state.record(event::params_updated(&msg.authority, &msg.params));
    Ok(())
}
