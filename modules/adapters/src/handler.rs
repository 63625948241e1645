//! Message execution: one file per message. Every handler checks its signer, refuses with a
//! typed error and may fail midway: the caller drops the fork on error.

mod claim_uptime;
mod declare_serving;
mod register_adapter;
mod stop_serving;
mod update_params;

pub use claim_uptime::execute as execute_claim_uptime;
pub use declare_serving::execute as execute_declare_serving;
pub use register_adapter::execute as execute_register_adapter;
pub use stop_serving::execute as execute_stop_serving;
pub use update_params::execute as execute_update_params;

use openledger_framework::{Address, MsgCtx, StateRead};

pub use update_params::gov_address;

use crate::error::AdaptersError;
use crate::keeper::{AttributionKeeper, OperatorView};

/// `addr` must have signed the transaction.
fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), AdaptersError> {
    if !ctx.is_signer(addr) {
        return Err(AdaptersError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// `addr` must be an ACTIVE inference operator of the attribution module.
fn active_operator<S: StateRead + ?Sized>(
    state: &S,
    attribution: &dyn AttributionKeeper,
    addr: &Address,
) -> Result<OperatorView, AdaptersError> {
    let read: &dyn StateRead = &state;
    match attribution.operator(read, addr)? {
        Some(op) if op.active => Ok(op),
        _ => Err(AdaptersError::NotOperator(addr.to_string())),
    }
}
