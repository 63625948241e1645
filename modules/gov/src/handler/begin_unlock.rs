use openledger_framework::{MsgCtx, StateWrite};

use crate::error::GovError;
use crate::event;
use crate::msg::MsgBeginUnlock;
use crate::state::{self, GovRead};
use crate::state_key;
use openledger_framework::time::Time;

/// `MsgBeginUnlock`: remove `amount` of voting power at once and schedule the payout of the
/// same aopen at `block time + unlock_delay`. Unlocks of one owner completing at the same time
/// share an entry; an owner has at most `max_unlock_entries` entries. Returns the completion
/// time (`MsgBeginUnlockResponse.completion_time`).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgBeginUnlock,
) -> Result<Time, GovError> {
    if !ctx.is_signer(&msg.owner) {
        return Err(GovError::Unauthorized(msg.owner.to_string()));
    }
    let params = state.gov_params()?;
    let mut rec = state.gopen_lock(&msg.owner)?;
    if rec.locked < msg.amount {
        return Err(GovError::InsufficientLocked {
            locked: rec.locked,
            wanted: msg.amount,
        });
    }
    let completion = Time::from_block(ctx.block)
        .checked_add_secs(params.unlock_delay_secs)
        .ok_or_else(|| GovError::InvalidRequest("unlock completion time out of range".into()))?;
    let merging = state::get_u128(state, &state_key::unlocking(&msg.owner, completion))? > 0;
    if !merging {
        let max = params.max_unlock_entries;
        let have = state::unlockings_of(state, &msg.owner, usize::try_from(max).unwrap_or(100))?;
        if have.len() >= usize::try_from(max).unwrap_or(100) {
            return Err(GovError::TooManyUnlockEntries {
                owner: msg.owner.to_string(),
                max,
            });
        }
    }
    rec.locked = rec
        .locked
        .checked_sub(msg.amount)
        .ok_or(GovError::Overflow)?;
    state::set_lock(state, &msg.owner, &rec)?;
    state::sub_power(state, &rec.delegatee, msg.amount)?;
    state::sub_total(state, msg.amount)?;
    state::add_unlocking(state, &msg.owner, completion, msg.amount)?;
    state.record(event::begin_unlock(&msg.owner, msg.amount, completion));
    Ok(completion)
}
