use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgUndelegateResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::{require_bond_denom, require_signer};
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator};
use crate::msg::MsgUndelegate;
use crate::state::{self, StakingRead};
use crate::state_key;
use crate::time::timestamp;
use crate::types::{bonded_pool, not_bonded_pool, UnbondingDelegation};

/// `MsgUndelegate`: remove the shares worth `amount` and start an unbonding entry for the
/// tokens they are worth. From a Bonded or Unbonding validator the entry matures after the
/// unbonding time; from an Unbonded validator at once (paid at this block's end).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgUndelegate,
) -> Result<MsgUndelegateResponse, StakingError> {
    run(state, ctx, hooks, msg)
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgUndelegate,
) -> Result<MsgUndelegateResponse, StakingError> {
    require_signer(ctx, &msg.delegator)?;
    let validator = must_validator(state, &msg.validator)?;
    let delegation = state
        .delegation(&msg.delegator, &msg.validator)?
        .ok_or(StakingError::NoDelegation)?;
    let shares = keeper::validate_unbond_amount(&validator, &delegation, msg.amount.amount)?;
    let params = state.staking_params()?;
    require_bond_denom(&msg.amount, &params.bond_denom)?;
    let mut ubd = state
        .unbonding_delegation(&msg.delegator, &msg.validator)?
        .unwrap_or(UnbondingDelegation {
            delegator: msg.delegator,
            validator: msg.validator,
            entries: Vec::new(),
        });
    if ubd.entries.len() >= usize::try_from(params.max_entries).unwrap_or(usize::MAX) {
        return Err(StakingError::MaxUnbondingDelegationEntries);
    }
    let amount = keeper::unbond(state, hooks, &msg.delegator, &msg.validator, shares)?;
    if validator.is_bonded() {
        keeper::transfer(state, &bonded_pool(), &not_bonded_pool(), amount)?;
    }
    let now = ctx.block.time_unix_secs;
    let completion = if validator.is_unbonded() {
        now
    } else {
        let secs = i64::try_from(params.unbonding_time_secs).unwrap_or(i64::MAX);
        now.checked_add(secs)
            .ok_or(StakingError::Overflow("completion time"))?
    };
    if amount > 0 {
        ubd.add_entry(ctx.block.height, completion, amount)?;
        state::put_ubd(state, &ubd)?;
        state.put_raw(
            state_key::ubd_queue(completion, &msg.delegator, &msg.validator),
            Vec::new(),
        )?;
    }
    state.record(event::unbond(
        &msg.validator,
        &msg.delegator,
        amount,
        &params.bond_denom,
        completion,
    ));
    Ok(MsgUndelegateResponse {
        completion_time: Some(timestamp(completion)),
        amount: Some(PbCoin {
            denom: params.bond_denom,
            amount: amount.to_string(),
        }),
    })
}
