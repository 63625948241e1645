//! Message execution: one file per group of messages. Every handler checks its signer,
//! refuses with a typed error and may fail midway: the caller drops the fork on error.

mod round;
mod scores;
mod update_params;
mod validator;

pub use round::execute_fund_round;
pub use scores::{execute_commit_scores, execute_reveal_scores};
pub use update_params::execute_update_params;
pub use validator::{execute_add_bond, execute_register_validator, execute_unbond_validator};

use openledger_framework::{Address, Coins, MsgCtx, BASE_DENOM};

use crate::error::FeedbackError;
use crate::state::gov_address;

/// `addr` must have signed the transaction.
fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), FeedbackError> {
    if !ctx.is_signer(addr) {
        return Err(FeedbackError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// `authority` must be the gov module account, and have signed (a passed proposal).
fn check_gov(ctx: &MsgCtx, authority: &Address) -> Result<(), FeedbackError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(FeedbackError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    check_signer(ctx, authority)
}

/// `amount` aopen as coins.
pub(crate) fn aopen(amount: u128) -> Result<Coins, FeedbackError> {
    Ok(Coins::single(BASE_DENOM, amount)?)
}
