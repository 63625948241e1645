use openledger_framework::{MsgCtx, StateWrite};

use crate::error::GovError;
use crate::msg::{MsgUpdateGovLimits, MsgUpdateParams};
use crate::state::{self, gov_address, GovRead};

/// `MsgUpdateParams`: only the gov module account (that is, a passed proposal) may change the
/// params. Fields the SDK message cannot express keep their current values.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), GovError> {
    check_authority(ctx, &msg.authority)?;
    let next = state.gov_params()?.with_proto(&msg.params)?;
    state::set_params(state, &next)
}

/// `MsgUpdateGovLimits`: the params outside the SDK's shape, by the gov module account only.
pub fn execute_limits<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateGovLimits,
) -> Result<(), GovError> {
    check_authority(ctx, &msg.authority)?;
    let mut next = state.gov_params()?;
    next.unlock_delay_secs = msg.unlock_delay_secs;
    next.max_unlock_entries = msg.max_unlock_entries;
    next.max_messages = msg.max_messages;
    next.max_metadata_len = msg.max_metadata_len;
    next.max_title_len = msg.max_title_len;
    next.max_summary_len = msg.max_summary_len;
    state::set_params(state, &next)
}

fn check_authority(
    ctx: &MsgCtx,
    authority: &openledger_framework::Address,
) -> Result<(), GovError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(GovError::InvalidSigner(format!(
            "invalid authority; expected {gov}, got {authority}"
        )));
    }
    if !ctx.is_signer(authority) {
        return Err(GovError::Unauthorized(authority.to_string()));
    }
    Ok(())
}
