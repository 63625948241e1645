use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgCancelUnbondingDelegationResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::{require_bond_denom, require_signer};
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator, TokenSource};
use crate::msg::MsgCancelUnbondingDelegation;
use crate::state::{self, StakingRead};
use crate::types::BondStatus;

/// `MsgCancelUnbondingDelegation`: delegate (part of) an immature unbonding entry, found by its
/// creation height, back to its validator.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgCancelUnbondingDelegation,
) -> Result<MsgCancelUnbondingDelegationResponse, StakingError> {
    run(state, ctx, hooks, msg)?;
    Ok(MsgCancelUnbondingDelegationResponse {})
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgCancelUnbondingDelegation,
) -> Result<(), StakingError> {
    require_signer(ctx, &msg.delegator)?;
    let denom = state.bond_denom()?;
    require_bond_denom(&msg.amount, &denom)?;
    let mut validator = must_validator(state, &msg.validator)?;
    if validator.invalid_ex_rate() {
        return Err(StakingError::DelegatorShareExRateInvalid);
    }
    if validator.jailed {
        return Err(StakingError::ValidatorJailed);
    }
    let mut ubd = state
        .unbonding_delegation(&msg.delegator, &msg.validator)?
        .ok_or(StakingError::NoUnbondingDelegation)?;
    let index = ubd
        .entries
        .iter()
        .position(|e| e.creation_height == msg.creation_height)
        .ok_or_else(|| {
            StakingError::NotFound(format!(
                "unbonding delegation entry is not found at block height {}",
                msg.creation_height
            ))
        })?;
    let entry = ubd
        .entries
        .get(index)
        .cloned()
        .ok_or(StakingError::Overflow("entry index"))?;
    if entry.balance < msg.amount.amount {
        return Err(StakingError::InvalidRequest(
            "amount is greater than the unbonding delegation entry balance".into(),
        ));
    }
    if entry.completion_time < ctx.block.time_unix_secs {
        return Err(StakingError::InvalidRequest(
            "unbonding delegation is already processed".into(),
        ));
    }
    keeper::delegate(
        state,
        hooks,
        &msg.delegator,
        msg.amount.amount,
        TokenSource::Pool(BondStatus::Unbonding),
        &mut validator,
    )?;
    let left = entry
        .balance
        .checked_sub(msg.amount.amount)
        .ok_or(StakingError::Overflow("entry balance"))?;
    if left == 0 {
        ubd.entries.remove(index);
    } else if let Some(e) = ubd.entries.get_mut(index) {
        e.balance = left;
        e.initial_balance = e.initial_balance.saturating_sub(msg.amount.amount);
    }
    state::put_ubd(state, &ubd)?;
    state.record(event::cancel_unbonding_delegation(
        &msg.validator,
        &msg.delegator,
        msg.amount.amount,
        &denom,
        msg.creation_height,
    ));
    Ok(())
}
