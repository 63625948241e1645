use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgUpdateParamsResponse;
use openledger_framework::{Address, MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::handler::require_signer;
use crate::msg::MsgUpdateParams;
use crate::state::{self, StakingRead};

/// The account allowed to change staking params: the governance module.
pub fn authority() -> Address {
    Address::module("gov")
}

/// `MsgUpdateParams`: governance only; params are validated, and the bond denom cannot change
/// (the pools hold it).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<MsgUpdateParamsResponse, StakingError> {
    run(state, ctx, msg)?;
    Ok(MsgUpdateParamsResponse {})
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), StakingError> {
    if msg.authority != authority() {
        return Err(StakingError::Unauthorized(format!(
            "invalid authority; expected {}, got {}",
            authority(),
            msg.authority
        )));
    }
    require_signer(ctx, &msg.authority)?;
    msg.params.validate()?;
    let current = state.staking_params()?;
    if msg.params.bond_denom != current.bond_denom {
        return Err(StakingError::InvalidParams(format!(
            "bond denom cannot be changed from {}",
            current.bond_denom
        )));
    }
    state::set_params(state, &msg.params)?;
    Ok(())
}
