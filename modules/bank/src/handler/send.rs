use openledger_framework::MsgCtx;

use crate::error::BankError;
use crate::msg::MsgSend;
use crate::state::{is_blocked_recipient, BankWrite};

/// `MsgSend`: the sender must have signed; the recipient may not be a blocked module account.
pub fn execute<S: BankWrite>(state: &mut S, ctx: &MsgCtx, msg: &MsgSend) -> Result<(), BankError> {
    if !ctx.is_signer(&msg.from) {
        return Err(BankError::Unauthorized(msg.from.to_string()));
    }
    if !state.bank_params()?.default_send_enabled {
        return Err(BankError::SendDisabled);
    }
    if is_blocked_recipient(&msg.to) {
        return Err(BankError::BlockedRecipient(msg.to.to_string()));
    }
    state.send(&msg.from, &msg.to, &msg.amount)
}
