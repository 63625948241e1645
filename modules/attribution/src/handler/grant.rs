use openledger_framework::{MsgCtx, StateWrite};

use super::check_signer;
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgGrant;
use crate::state;

/// `MsgGrant`: the user lets `operator` charge its inference balance for `model_id` (0: any
/// model) up to `spend_limit`. Replaces the remaining limit of an existing grant. The
/// operator need not be registered yet, but can not be the user. A revocation of the grant
/// still pending is cancelled.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgGrant,
) -> Result<(), AttributionError> {
    check_signer(ctx, &msg.user)?;
    if msg.user == msg.operator {
        return Err(AttributionError::SelfGrant);
    }
    if msg.spend_limit == 0 {
        return Err(AttributionError::InvalidCoins(
            "spend_limit must be positive".into(),
        ));
    }
    state::set_grant(
        state,
        &msg.user,
        &msg.operator,
        msg.model_id,
        msg.spend_limit,
    )?;
    state::delete_revocation(state, &msg.user, &msg.operator, msg.model_id)?;
    state.record(event::grant(
        &msg.user,
        &msg.operator,
        msg.model_id,
        msg.spend_limit,
    ));
    Ok(())
}
