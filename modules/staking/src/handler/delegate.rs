use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgDelegateResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::{require_bond_denom, require_signer};
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator, TokenSource};
use crate::msg::MsgDelegate;
use crate::state::StakingRead;

/// `MsgDelegate`: tokens move from the delegator to the pool of the validator's status and buy
/// shares at the validator's exchange rate (jailed validators accept delegations, as in the SDK).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgDelegate,
) -> Result<MsgDelegateResponse, StakingError> {
    run(state, ctx, hooks, msg)?;
    Ok(MsgDelegateResponse {})
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgDelegate,
) -> Result<(), StakingError> {
    require_signer(ctx, &msg.delegator)?;
    let mut validator = must_validator(state, &msg.validator)?;
    let denom = state.bond_denom()?;
    require_bond_denom(&msg.amount, &denom)?;
    let new_shares = keeper::delegate(
        state,
        hooks,
        &msg.delegator,
        msg.amount.amount,
        TokenSource::Account,
        &mut validator,
    )?;
    state.record(event::delegate(
        &msg.validator,
        &msg.delegator,
        msg.amount.amount,
        &denom,
        new_shares,
    ));
    Ok(())
}
