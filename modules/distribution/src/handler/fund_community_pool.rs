use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DistributionError;
use crate::msg::MsgFundCommunityPool;

/// `MsgFundCommunityPool`: signed by the depositor; the coins move to the distribution module
/// account and are added to the community pool.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgFundCommunityPool,
) -> Result<(), DistributionError> {
    super::require_signer(ctx, &msg.depositor)?;
    crate::allocation::fund_community_pool(state, &msg.depositor, &msg.amount)
}
