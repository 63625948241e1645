use openledger_framework::{MsgCtx, StateWrite};

use super::check_gov;
use crate::error::FinetuneError;
use crate::event;
use crate::msg::MsgUpdateParams;
use crate::state;

/// `MsgUpdateParams` (gov module account only): replace the params. Jobs and unbondings
/// already queued keep the heights they were given.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), FinetuneError> {
    check_gov(ctx, &msg.authority)?;
    state::set_params(state, &msg.params)?;
    state.record(event::params_updated(&msg.authority, &msg.params));
    Ok(())
}
