use openledger_framework::{MsgCtx, StateWrite};

use super::check_gov;
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgUpdateParams;
use crate::state;

/// `MsgUpdateParams`: the gov module account (a passed proposal) replaces every param.
/// Lower limits apply to later messages only; stored records are not re-checked.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), AttributionError> {
    check_gov(ctx, &msg.authority)?;
    state::set_params(state, &msg.params)?;
    state.record(event::params_updated(&msg.authority, &msg.params));
    Ok(())
}
