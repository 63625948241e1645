use openledger_framework::{MsgCtx, StateWrite};

use super::{active_operator, check_signer};
use crate::adapter::UptimeClaim;
use crate::error::AdaptersError;
use crate::event;
use crate::keeper::AttributionKeeper;
use crate::msg::MsgClaimUptime;
use crate::state;

/// `MsgClaimUptime`: an ACTIVE operator (14) records its uptime over a window of heights:
/// start ≤ end ≤ the current height (20), at most 10000 bps (21). It replaces the previous
/// claim. A claim, not a proof: nothing on chain checks it.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    attribution: &dyn AttributionKeeper,
    msg: &MsgClaimUptime,
) -> Result<(), AdaptersError> {
    check_signer(ctx, &msg.operator)?;
    active_operator(state, attribution, &msg.operator)?;
    let claim = UptimeClaim {
        operator: msg.operator,
        window_start_height: msg.window_start_height,
        window_end_height: msg.window_end_height,
        uptime_bps: msg.uptime_bps,
        height: ctx.block.height,
    };
    claim.check()?;
    state::put_uptime(state, &claim)?;
    state.record(event::uptime_claimed(&claim));
    Ok(())
}
