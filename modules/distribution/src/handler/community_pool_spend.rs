use openledger_bank::BankWrite;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::msg::MsgCommunityPoolSpend;
use crate::state::{is_blocked_address, DistributionRead, DistributionWrite};

/// `MsgCommunityPoolSpend`: the authority must be the gov module account; blocked module
/// accounts may not receive; spending more of a denom than the pool holds is refused with the
/// SDK's `ErrBadDistribution`.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCommunityPoolSpend,
) -> Result<(), DistributionError> {
    super::require_gov_authority(ctx, &msg.authority)?;
    if is_blocked_address(&msg.recipient) {
        return Err(DistributionError::Unauthorized(format!(
            "{} is not allowed to receive external funds",
            msg.recipient
        )));
    }
    for c in msg.amount.iter() {
        let have = state.community_pool_amount(&c.denom)?;
        let left = have.checked_sub(c.amount).ok_or_else(|| {
            DistributionError::BadDistribution(format!(
                "pool holds {have}{}, asked for {c}",
                c.denom
            ))
        })?;
        state.set_community_pool_amount(&c.denom, left)?;
    }
    state.send(&crate::module_address(), &msg.recipient, &msg.amount)?;
    Ok(())
}
