use openledger_framework::{MsgCtx, StateWrite};

use super::{add, burn_aopen, check_gov, incr, load_operator, sub};
use crate::error::AttributionError;
use crate::event;
use crate::msg::{check_fraction, MsgSlashOperator};
use crate::state::{self, attribution_address};
use crate::types::OperatorStatus;

/// `MsgSlashOperator`: the gov module account (a passed proposal) burns
/// `floor(bond × fraction)` of an ACTIVE or UNBONDING operator's bond, `0 < fraction ≤ 1`.
/// The operator's slash count and total grow. An operator left below `min_operator_bond`
/// can not record inferences until it adds bond. Returns the amount burned.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSlashOperator,
) -> Result<u128, AttributionError> {
    check_gov(ctx, &msg.authority)?;
    check_fraction(msg.fraction)?;
    let mut operator = load_operator(state, &msg.operator)?;
    if operator.status == OperatorStatus::Unbonded {
        return Err(AttributionError::OperatorUnbonded(msg.operator.to_string()));
    }
    let burned = msg
        .fraction
        .mul_floor(operator.bond)
        .ok_or(AttributionError::Overflow)?;
    operator.bond = sub(operator.bond, burned)?;
    operator.slash_count = incr(operator.slash_count)?;
    operator.slashed_total = add(operator.slashed_total, burned)?;
    burn_aopen(state, &attribution_address(), burned)?;
    state::put_operator(state, &operator)?;
    state.record(event::operator_slashed(
        &operator.address,
        msg.fraction,
        burned,
        operator.bond,
        &msg.reason,
    ));
    Ok(burned)
}
