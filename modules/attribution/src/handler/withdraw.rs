use openledger_framework::time::Time;
use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, delayed};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgWithdraw;
use crate::state::{self, AttributionRead};
use crate::types::PendingWithdrawal;

/// `MsgWithdraw`: request `amount` (0: everything) of the user's inference balance back. An
/// empty balance and an amount above the balance are refused. Nothing moves now: the request
/// (replacing an earlier one of the user's) is paid by the end block of the first block at or
/// after block time + `withdrawal_delay_secs`, capped by what is left of the balance then, so
/// that inferences served before the request can still be recorded and charged. Returns the
/// amount requested (the whole balance now, for everything) and the completion time.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgWithdraw,
) -> Result<(u128, Time), AttributionError> {
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
    let params = state.attribution_params()?;
    let (completion, completion_time) = delayed(ctx, params.withdrawal_delay_secs)?;
    let request = PendingWithdrawal {
        user: msg.user,
        amount: msg.amount,
        completion,
    };
    state::put_withdrawal(state, &request)?;
    state.record(event::withdrawal_requested(
        &msg.user,
        msg.amount,
        completion_time,
    ));
    Ok((amount, completion_time))
}
