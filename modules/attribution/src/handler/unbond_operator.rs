use openledger_framework::time::Time;
use openledger_framework::{MsgCtx, StateWrite};

use super::{check_active, check_signer, load_operator};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgUnbondOperator;
use crate::state::{self, AttributionRead};
use crate::types::OperatorStatus;

/// `MsgUnbondOperator`: an ACTIVE operator stops serving. It becomes UNBONDING until block
/// time + `operator_unbonding_time` (whole seconds), when end block pays its bond back and
/// marks it UNBONDED. The bond stays slashable meanwhile. Returns the completion time.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUnbondOperator,
) -> Result<Time, AttributionError> {
    check_signer(ctx, &msg.operator)?;
    let mut operator = load_operator(state, &msg.operator)?;
    check_active(&operator)?;
    let params = state.attribution_params()?;
    let now = u64::try_from(ctx.block.time_unix_secs)
        .map_err(|_| AttributionError::InvalidRequest("block time before the Unix epoch".into()))?;
    let completion = now
        .checked_add(params.operator_unbonding_time)
        .ok_or(AttributionError::Overflow)?;
    let completion_time = i64::try_from(completion)
        .ok()
        .and_then(|secs| Time::new(secs, 0).ok())
        .ok_or(AttributionError::Overflow)?;
    operator.status = OperatorStatus::Unbonding;
    operator.unbonding_completion = completion;
    state::put_operator(state, &operator)?;
    state::enqueue_unbonding(state, completion, &operator.address)?;
    state.record(event::operator_unbonding(&operator, completion_time));
    Ok(completion_time)
}
