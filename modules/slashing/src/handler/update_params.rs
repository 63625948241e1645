use openledger_framework::{Address, MsgCtx, StateWrite};

use crate::error::SlashingError;
use crate::msg::{MsgUpdateEvidenceParams, MsgUpdateParams};
use crate::state::{SlashingRead, SlashingWrite};

fn check_authority(ctx: &MsgCtx, authority: &Address) -> Result<(), SlashingError> {
    let gov = Address::module(openledger_auth::GOV_AUTHORITY);
    if *authority != gov || !ctx.is_signer(authority) {
        return Err(SlashingError::Unauthorized(format!(
            "invalid authority; expected {gov}, got {authority}"
        )));
    }
    Ok(())
}

/// `MsgUpdateParams`: only the gov module account; keeps `max_evidence_age_secs`.
/// A new `signed_blocks_window` resets each validator's bitmap at its next vote.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), SlashingError> {
    check_authority(ctx, &msg.authority)?;
    let mut params = msg.params.clone();
    params.max_evidence_age_secs = state.slashing_params()?.max_evidence_age_secs;
    state.set_slashing_params(&params)
}

/// `MsgUpdateEvidenceParams`: only the gov module account; changes `max_evidence_age_secs`.
pub fn execute_evidence<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateEvidenceParams,
) -> Result<(), SlashingError> {
    check_authority(ctx, &msg.authority)?;
    let mut params = state.slashing_params()?;
    params.max_evidence_age_secs = msg.max_evidence_age_secs;
    state.set_slashing_params(&params)
}
