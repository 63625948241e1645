use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgBeginRedelegateResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::{require_bond_denom, require_signer};
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator, TokenSource};
use crate::msg::MsgBeginRedelegate;
use crate::state::{self, StakingRead};
use crate::state_key;
use crate::time::timestamp;
use crate::types::{BondStatus, Redelegation, RedelegationEntry};

/// `MsgBeginRedelegate`: move stake from one validator to another without unbonding. The
/// entry stays slashable for the source's infractions until it matures. Transitive
/// redelegation (from a validator with an immature incoming redelegation of this delegator)
/// is refused.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgBeginRedelegate,
) -> Result<MsgBeginRedelegateResponse, StakingError> {
    run(state, ctx, hooks, msg)
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgBeginRedelegate,
) -> Result<MsgBeginRedelegateResponse, StakingError> {
    let (del, src, dst) = (&msg.delegator, &msg.validator_src, &msg.validator_dst);
    require_signer(ctx, del)?;
    let src_validator = must_validator(state, src)?;
    let delegation = state
        .delegation(del, src)?
        .ok_or(StakingError::NoDelegation)?;
    let shares = keeper::validate_unbond_amount(&src_validator, &delegation, msg.amount.amount)?;
    let params = state.staking_params()?;
    require_bond_denom(&msg.amount, &params.bond_denom)?;
    if src == dst {
        return Err(StakingError::SelfRedelegation);
    }
    if state.validator(dst)?.is_none() {
        return Err(StakingError::BadRedelegationDst);
    }
    if state.has_receiving_redelegation(del, src)? {
        return Err(StakingError::TransitiveRedelegation);
    }
    let mut red = state.redelegation(del, src, dst)?.unwrap_or(Redelegation {
        delegator: *del,
        validator_src: *src,
        validator_dst: *dst,
        entries: Vec::new(),
    });
    if red.entries.len() >= usize::try_from(params.max_entries).unwrap_or(usize::MAX) {
        return Err(StakingError::MaxRedelegationEntries);
    }
    let amount = keeper::unbond(state, hooks, del, src, shares)?;
    if amount == 0 {
        return Err(StakingError::TinyRedelegationAmount);
    }
    // Read after unbonding: the source's unbond may have changed the destination (never the
    // same validator, but hooks run in between).
    let mut dst_validator = must_validator(state, dst)?;
    let shares_dst = keeper::delegate(
        state,
        hooks,
        del,
        amount,
        TokenSource::Pool(src_validator.status),
        &mut dst_validator,
    )?;
    let now = ctx.block.time_unix_secs;
    let (completion, height) = match src_validator.status {
        BondStatus::Bonded => {
            let secs = i64::try_from(params.unbonding_time_secs).unwrap_or(i64::MAX);
            let t = now
                .checked_add(secs)
                .ok_or(StakingError::Overflow("completion time"))?;
            (Some(t), ctx.block.height)
        }
        BondStatus::Unbonding => (
            Some(src_validator.unbonding_time),
            src_validator.unbonding_height,
        ),
        // Stake of an Unbonded validator is not slashable: no record is kept.
        BondStatus::Unbonded => (None, ctx.block.height),
    };
    if let Some(t) = completion {
        red.entries.push(RedelegationEntry {
            creation_height: height,
            completion_time: t,
            initial_balance: amount,
            shares_dst,
        });
        state::put_red(state, &red)?;
        state.put_raw(state_key::red_queue(t, del, src, dst), Vec::new())?;
    }
    let completion = completion.unwrap_or(now);
    state.record(event::redelegate(
        src,
        dst,
        del,
        amount,
        &params.bond_denom,
        completion,
    ));
    Ok(MsgBeginRedelegateResponse {
        completion_time: Some(timestamp(completion)),
    })
}
