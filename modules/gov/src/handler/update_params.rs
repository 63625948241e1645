use openledger_framework::{MsgCtx, StateWrite};

use crate::error::GovError;
use crate::msg::MsgUpdateParams;
use crate::state::{self, gov_address, GovRead};

/// `MsgUpdateParams`: only the gov module account (that is, a passed proposal) may change the
/// params. Fields the SDK message cannot express keep their current values.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), GovError> {
    let gov = gov_address();
    if msg.authority != gov {
        return Err(GovError::InvalidSigner(format!(
            "invalid authority; expected {gov}, got {}",
            msg.authority
        )));
    }
    if !ctx.is_signer(&msg.authority) {
        return Err(GovError::Unauthorized(msg.authority.to_string()));
    }
    let next = state.gov_params()?.with_proto(&msg.params)?;
    state::set_params(state, &next)
}
