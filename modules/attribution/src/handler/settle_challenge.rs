use openledger_framework::{MsgCtx, StateWrite};

use super::check_gov;
use crate::challenge;
use crate::error::AttributionError;
use crate::keeper::Keepers;
use crate::msg::MsgSettleChallenge;
use crate::state::AttributionRead;
use crate::types::ChallengeStatus;

/// `MsgSettleChallenge`: the gov module account (a passed proposal) settles an OPEN or
/// ESCALATED challenge with the weights the engine gives, exactly as the validators'
/// agreement would ([`crate::settle_challenge`]): the receipt's weights uphold it, others
/// correct it. The bond of an ESCALATED challenge was already refunded, so upholding one pays
/// the operator nothing. Unknown challenge: 57; already UPHELD or CORRECTED: 58. Returns the
/// new status.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSettleChallenge,
    keepers: &Keepers,
) -> Result<ChallengeStatus, AttributionError> {
    check_gov(ctx, &msg.authority)?;
    let c = state
        .challenge(msg.challenge_id)?
        .ok_or(AttributionError::UnknownChallenge(msg.challenge_id))?;
    if !c.status.is_unsettled() {
        return Err(AttributionError::ChallengeNotOpen {
            id: c.id,
            status: c.status,
        });
    }
    challenge::settle(state, ctx.block, keepers, c, &msg.entries, 0, 0)
}
