use openledger_framework::{Address, MsgCtx, StateWrite};

use super::check_signer;
use crate::error::AdaptersError;
use crate::event;
use crate::msg::MsgUpdateParams;
use crate::state;

/// `Address::module("gov")`: the authority of governance-executed messages.
pub fn gov_address() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

/// `MsgUpdateParams`: the gov module account (a passed proposal) replaces every param (24 for
/// another authority). Lower limits apply to later messages only; stored records and serving
/// declarations are not re-checked.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), AdaptersError> {
    let gov = gov_address();
    if msg.authority != gov {
        return Err(AdaptersError::InvalidAuthority {
            expected: gov.to_string(),
            got: msg.authority.to_string(),
        });
    }
    check_signer(ctx, &msg.authority)?;
    state::set_params(state, &msg.params)?;
    state.record(event::params_updated(&msg.authority, &msg.params));
    Ok(())
}
