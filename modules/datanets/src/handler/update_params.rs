use openledger_framework::{Address, MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::msg::MsgUpdateParams;
use crate::state;

/// `MsgUpdateParams`: only the gov module account (a passed proposal) may change the params.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), DatanetsError> {
    let gov = Address::module(openledger_auth::GOV_AUTHORITY);
    if msg.authority != gov || !ctx.is_signer(&msg.authority) {
        return Err(DatanetsError::Unauthorized(format!(
            "invalid authority; expected {gov}, got {}",
            msg.authority
        )));
    }
    state::set_params(state, &msg.params)
}
