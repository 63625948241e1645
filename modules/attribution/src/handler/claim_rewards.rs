use openledger_framework::{MsgCtx, StateWrite};

use super::{add, check_signer, send_aopen};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgClaimRewards;
use crate::state::{self, attribution_address, AttributionRead};

/// `MsgClaimRewards`: pay the sender's whole claimable balance (model creator shares and
/// contributor credits together) from the module account. Nothing claimable is refused.
/// Returns the amount paid.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgClaimRewards,
) -> Result<u128, AttributionError> {
    check_signer(ctx, &msg.claimant)?;
    let mut c = state.claimable_rewards(&msg.claimant)?;
    let amount = c.claimable;
    if amount == 0 {
        return Err(AttributionError::NothingToClaim(msg.claimant.to_string()));
    }
    c.claimed = add(c.claimed, amount)?;
    c.claimable = 0;
    state::put_claimable(state, &msg.claimant, &c)?;
    let mut totals = state.attribution_totals()?;
    totals.claimed = add(totals.claimed, amount)?;
    state::put_totals(state, &totals)?;
    send_aopen(state, &attribution_address(), &msg.claimant, amount)?;
    state.record(event::rewards_claimed(&msg.claimant, amount));
    Ok(amount)
}
