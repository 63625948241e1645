use openledger_framework::time::Time;
use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, delayed, secs_time};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgRevoke;
use crate::state::{self, AttributionRead};

/// `MsgRevoke`: the user asks for its grant `(operator, model_id)` to be deleted; an unknown
/// grant is refused. The grant is deleted by the end block of the first block at or after
/// block time + `withdrawal_delay_secs` and can be charged until then, so that inferences
/// served before the request can still be recorded. A revocation already pending keeps its
/// completion time. Returns the completion time.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRevoke,
) -> Result<Time, AttributionError> {
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
    if let Some(completion) = state.grant_revocation(&msg.user, &msg.operator, msg.model_id)? {
        return secs_time(completion);
    }
    let params = state.attribution_params()?;
    let (completion, completion_time) = delayed(ctx, params.withdrawal_delay_secs)?;
    state::put_revocation(state, &msg.user, &msg.operator, msg.model_id, completion)?;
    state.record(event::revocation_requested(
        &msg.user,
        &msg.operator,
        msg.model_id,
        completion_time,
    ));
    Ok(completion_time)
}
