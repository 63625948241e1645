//! One match from a message to its module's handler.

use openledger_framework::{MsgCtx, StateWrite};

use crate::tx::error::TxError;
use crate::tx::msg::Msg;

pub fn route<S: StateWrite>(state: &mut S, ctx: &MsgCtx, msg: &Msg) -> Result<(), TxError> {
    let result = match msg {
        Msg::BankSend(m) => openledger_bank::execute_send(state, ctx, m),
        Msg::BankMultiSend(m) => openledger_bank::execute_multi_send(state, ctx, m),
    };
    result.map_err(|e| TxError::module(&e))
}
