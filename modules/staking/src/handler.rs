//! Message execution: one file per message. Each handler takes the validated domain message,
//! checks the signer, and returns the SDK response. On error the caller drops the fork.

mod begin_redelegate;
mod cancel_unbonding;
mod create_validator;
mod delegate;
mod edit_validator;
mod undelegate;
mod update_params;

pub use begin_redelegate::execute as execute_begin_redelegate;
pub use cancel_unbonding::execute as execute_cancel_unbonding_delegation;
pub use create_validator::execute as execute_create_validator;
pub use delegate::execute as execute_delegate;
pub use edit_validator::execute as execute_edit_validator;
pub use undelegate::execute as execute_undelegate;
pub use update_params::authority as update_params_authority;
pub use update_params::execute as execute_update_params;

use openledger_framework::{Address, Coin, MsgCtx};

use crate::error::StakingError;

pub(crate) fn require_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), StakingError> {
    if ctx.is_signer(addr) {
        Ok(())
    } else {
        Err(StakingError::Unauthorized(format!(
            "{addr} did not sign the transaction"
        )))
    }
}

pub(crate) fn require_bond_denom(amount: &Coin, bond_denom: &str) -> Result<(), StakingError> {
    if amount.denom == bond_denom {
        Ok(())
    } else {
        Err(StakingError::InvalidRequest(format!(
            "invalid coin denomination: got {}, expected {bond_denom}",
            amount.denom
        )))
    }
}
