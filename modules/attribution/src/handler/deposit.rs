use openledger_framework::{MsgCtx, StateWrite};

use super::{add, check_signer, send_aopen};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgDeposit;
use crate::state::{self, attribution_address, AttributionRead};

/// `MsgDeposit`: the user's aopen moves to the module account and its inference balance
/// grows by the amount. Returns the new balance.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgDeposit,
) -> Result<u128, AttributionError> {
    check_signer(ctx, &msg.user)?;
    if msg.amount == 0 {
        return Err(AttributionError::InvalidCoins(
            "amount must be positive".into(),
        ));
    }
    let balance = add(state.inference_balance(&msg.user)?, msg.amount)?;
    send_aopen(state, &msg.user, &attribution_address(), msg.amount)?;
    state::set_inference_balance(state, &msg.user, balance)?;
    state.record(event::deposit(&msg.user, msg.amount, balance));
    Ok(balance)
}
