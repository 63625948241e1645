use openledger_framework::MsgCtx;

use crate::error::BankError;
use crate::msg::MsgMultiSend;
use crate::state::{is_blocked_recipient, BankWrite};

/// `MsgMultiSend`: one input debited once, each output credited (SDK v0.50 semantics).
pub fn execute<S: BankWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgMultiSend,
) -> Result<(), BankError> {
    let (from, total) = &msg.input;
    if !ctx.is_signer(from) {
        return Err(BankError::Unauthorized(from.to_string()));
    }
    if !state.bank_params()?.default_send_enabled {
        return Err(BankError::SendDisabled);
    }
    if let Some((to, _)) = msg.outputs.iter().find(|(to, _)| is_blocked_recipient(to)) {
        return Err(BankError::BlockedRecipient(to.to_string()));
    }
    state.sub_balance(from, total)?;
    for (to, amount) in &msg.outputs {
        state.add_balance(to, amount)?;
        state.record(crate::event::transfer(from, to, amount));
    }
    Ok(())
}
