use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, send_aopen, sub};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgWithdraw;
use crate::state::{self, attribution_address, AttributionRead};

/// `MsgWithdraw`: pay back `amount` (0: the whole balance) of the user's inference balance.
/// An empty balance and an amount above the balance are refused. Returns the amount paid.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgWithdraw,
) -> Result<u128, AttributionError> {
    check_signer(ctx, &msg.user)?;
    let balance = state.inference_balance(&msg.user)?;
    if balance == 0 {
        return Err(AttributionError::NothingToWithdraw(msg.user.to_string()));
    }
    let amount = if msg.amount == 0 { balance } else { msg.amount };
    if amount > balance {
        return Err(AttributionError::InsufficientBalance {
            balance,
            wanted: amount,
        });
    }
    let left = sub(balance, amount)?;
    state::set_inference_balance(state, &msg.user, left)?;
    send_aopen(state, &attribution_address(), &msg.user, amount)?;
    state.record(event::withdraw(&msg.user, amount, left));
    Ok(amount)
}
