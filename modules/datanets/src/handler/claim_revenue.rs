use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_signer, send_aopen};
use crate::msg::MsgClaimRevenue;
use crate::state::{self, datanets_address, DatanetsRead};

/// `MsgClaimRevenue`: pay a contributor of a version its claimable access revenue,
/// `floor(bytes × revenue_per_byte / 10^18) − claimed`. Returns the amount paid.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgClaimRevenue,
) -> Result<u128, DatanetsError> {
    check_signer(ctx, &msg.contributor)?;
    if state.version(msg.datanet_id, msg.version)?.is_none() {
        return Err(DatanetsError::UnknownVersion {
            datanet_id: msg.datanet_id,
            version: msg.version,
        });
    }
    let bytes = state.version_contributor_bytes(msg.datanet_id, msg.version, &msg.contributor)?;
    if bytes == 0 {
        return Err(DatanetsError::NotAContributor {
            contributor: msg.contributor.to_string(),
            datanet_id: msg.datanet_id,
            version: msg.version,
        });
    }
    let amount = state.claimable_revenue(msg.datanet_id, msg.version, &msg.contributor)?;
    if amount == 0 {
        return Err(DatanetsError::NothingToClaim {
            contributor: msg.contributor.to_string(),
            datanet_id: msg.datanet_id,
            version: msg.version,
        });
    }
    send_aopen(state, &datanets_address(), &msg.contributor, amount)?;
    let claimed = state
        .revenue_claimed(msg.datanet_id, msg.version, &msg.contributor)?
        .checked_add(amount)
        .ok_or(DatanetsError::Overflow)?;
    state::put_claimed(
        state,
        msg.datanet_id,
        msg.version,
        &msg.contributor,
        claimed,
    )?;
    let mut pool = state.revenue_pool(msg.datanet_id, msg.version)?;
    pool.claimed = pool
        .claimed
        .checked_add(amount)
        .ok_or(DatanetsError::Overflow)?;
    state::put_revenue(state, &pool)?;
    state.record(event::claim_revenue(
        msg.datanet_id,
        msg.version,
        &msg.contributor,
        amount,
    ));
    Ok(amount)
}
