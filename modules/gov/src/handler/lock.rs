use openledger_bank::BankWrite;
use openledger_framework::{Coins, MsgCtx, StateWrite, BASE_DENOM};

use crate::error::GovError;
use crate::event;
use crate::msg::MsgLock;
use crate::state::{self, gopen_address, GovRead};

/// `MsgLock`: move `amount` aopen from the owner to the `gov_gopen` module account and credit
/// the same amount of voting power to the owner's delegatee.
pub fn execute<S: StateWrite>(state: &mut S, ctx: &MsgCtx, msg: &MsgLock) -> Result<(), GovError> {
    if !ctx.is_signer(&msg.owner) {
        return Err(GovError::Unauthorized(msg.owner.to_string()));
    }
    let coins = Coins::single(BASE_DENOM, msg.amount)?;
    state.send(&msg.owner, &gopen_address(), &coins)?;
    let mut rec = state.gopen_lock(&msg.owner)?;
    rec.locked = rec
        .locked
        .checked_add(msg.amount)
        .ok_or(GovError::Overflow)?;
    state::set_lock(state, &msg.owner, &rec)?;
    state::add_power(state, &rec.delegatee, msg.amount)?;
    state::add_total(state, msg.amount)?;
    state.record(event::lock(&msg.owner, msg.amount, &rec.delegatee));
    Ok(())
}
