use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::event;
use crate::msg::MsgWithdrawValidatorCommission;
use crate::withdraw::pay_commission;

/// `MsgWithdrawValidatorCommission`: signed by the operator's account (the same 20 bytes as
/// the `openvaloper` address); pays the accumulated commission to that account's withdraw
/// address. Nothing to withdraw is refused with the SDK's `ErrNoValidatorCommission`.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgWithdrawValidatorCommission,
) -> Result<u128, DistributionError> {
    super::require_signer(ctx, &msg.validator)?;
    let amount = pay_commission(state, &msg.validator)?;
    if amount == 0 {
        return Err(DistributionError::NoValidatorCommission);
    }
    state.record(event::withdraw_commission(amount));
    Ok(amount)
}
