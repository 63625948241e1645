use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::event;
use crate::msg::MsgSetWithdrawAddress;
use crate::state::{is_blocked_address, DistributionRead, DistributionWrite};

/// `MsgSetWithdrawAddress`: signed by the delegator; refused for blocked module accounts
/// (unauthorized) and when `withdraw_addr_enabled` is off, in the SDK's order.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSetWithdrawAddress,
) -> Result<(), DistributionError> {
    super::require_signer(ctx, &msg.delegator)?;
    if is_blocked_address(&msg.withdraw_address) {
        return Err(DistributionError::Unauthorized(format!(
            "{} is not allowed to receive external funds",
            msg.withdraw_address
        )));
    }
    if !state.distribution_params()?.withdraw_addr_enabled {
        return Err(DistributionError::SetWithdrawAddrDisabled);
    }
    state.record(event::set_withdraw_address(&msg.withdraw_address));
    state.set_withdraw_address(&msg.delegator, &msg.withdraw_address)
}
