use openledger_framework::{MsgCtx, StateWrite};

use super::check_signer;
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgRevoke;
use crate::state::AttributionRead;
use crate::state_key;

/// `MsgRevoke`: the user deletes its grant `(operator, model_id)`; an unknown grant is
/// refused.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRevoke,
) -> Result<(), AttributionError> {
    check_signer(ctx, &msg.user)?;
    if state
        .inference_grant(&msg.user, &msg.operator, msg.model_id)?
        .is_none()
    {
        return Err(AttributionError::UnknownGrant {
            user: msg.user.to_string(),
            operator: msg.operator.to_string(),
            model_id: msg.model_id,
        });
    }
    state.delete(state_key::grant(&msg.user, &msg.operator, msg.model_id))?;
    state.record(event::revoke(&msg.user, &msg.operator, msg.model_id));
    Ok(())
}
