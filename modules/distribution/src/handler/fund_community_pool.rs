use openledger_bank::BankWrite;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::msg::MsgFundCommunityPool;
use crate::state::DistributionWrite;

/// `MsgFundCommunityPool`: signed by the depositor; the coins move to the distribution module
/// account and are added to the community pool.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgFundCommunityPool,
) -> Result<(), DistributionError> {
    super::require_signer(ctx, &msg.depositor)?;
    state.send(&msg.depositor, &crate::module_address(), &msg.amount)?;
    for c in msg.amount.iter() {
        state.add_to_community_pool(&c.denom, c.amount)?;
    }
    Ok(())
}
