use openledger_framework::{Address, MsgCtx};

use crate::error::BankError;
use crate::msg::MsgUpdateParams;
use crate::state::BankWrite;

/// `MsgUpdateParams`: only the gov module account may change bank params.
pub fn execute<S: BankWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), BankError> {
    let gov = Address::module(openledger_auth::GOV_AUTHORITY);
    if msg.authority != gov || !ctx.is_signer(&msg.authority) {
        return Err(BankError::Unauthorized(format!(
            "invalid authority; expected {gov}, got {}",
            msg.authority
        )));
    }
    state.set_bank_params(&msg.params)
}
