use openledger_framework::{MsgCtx, StateWrite};

use crate::error::GovError;
use crate::event;
use crate::msg::MsgDelegateVotes;
use crate::state::{self, GovRead};

/// `MsgDelegateVotes`: the power of the owner's locked OPEN moves from its current delegatee
/// to the new one at once (the owner itself to take it back). Delegating to the current
/// delegatee changes nothing. Delegation is not transitive: the delegatee's own lock keeps its
/// own delegatee.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgDelegateVotes,
) -> Result<(), GovError> {
    if !ctx.is_signer(&msg.owner) {
        return Err(GovError::Unauthorized(msg.owner.to_string()));
    }
    let mut rec = state.gopen_lock(&msg.owner)?;
    if rec.delegatee == msg.delegatee {
        return Ok(());
    }
    let previous = rec.delegatee;
    if rec.locked > 0 {
        state::sub_power(state, &previous, rec.locked)?;
        state::add_power(state, &msg.delegatee, rec.locked)?;
    }
    rec.delegatee = msg.delegatee;
    state::set_lock(state, &msg.owner, &rec)?;
    state.record(event::delegate_votes(
        &msg.owner,
        &previous,
        &msg.delegatee,
        rec.locked,
    ));
    Ok(())
}
