//! Message execution: one file per message.

mod community_pool_spend;
mod fund_community_pool;
mod set_withdraw_address;
mod update_params;
mod withdraw_delegator_reward;
mod withdraw_validator_commission;

pub use community_pool_spend::execute as execute_community_pool_spend;
pub use fund_community_pool::execute as execute_fund_community_pool;
pub use set_withdraw_address::execute as execute_set_withdraw_address;
pub use update_params::execute as execute_update_params;
pub use withdraw_delegator_reward::execute as execute_withdraw_delegator_reward;
pub use withdraw_validator_commission::execute as execute_withdraw_validator_commission;

use openledger_framework::{Address, MsgCtx};

use crate::error::DistributionError;

/// The signer check every handler starts with.
fn require_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), DistributionError> {
    if ctx.is_signer(addr) {
        Ok(())
    } else {
        Err(DistributionError::Unauthorized(format!(
            "{addr} did not sign the transaction"
        )))
    }
}

/// The governance authority check of `MsgUpdateParams` and `MsgCommunityPoolSpend`.
fn require_gov_authority(ctx: &MsgCtx, authority: &Address) -> Result<(), DistributionError> {
    let gov = Address::module(crate::GOV_MODULE_NAME);
    if *authority != gov {
        return Err(DistributionError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    require_signer(ctx, authority)
}
