//! The API the slashing module uses (SDK x/staking keeper `Slash`, `Jail`, `Unjail`).

use openledger_framework::{Address, BlockCtx, ConsAddress, Dec, StateWrite, VALCONS_PREFIX};

use crate::error::StakingError;
use crate::event;
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator, pool_of};
use crate::state::{self, StakingRead};
use crate::state_key;
use crate::types::{not_bonded_pool, BondStatus, Validator, POWER_REDUCTION};

fn cons_string(cons: &ConsAddress) -> String {
    Address(*cons).to_bech32(VALCONS_PREFIX)
}

/// Slash `fraction` of the stake the validator had at `infraction_height`, where `power` is its
/// consensus power then. Unbonding delegations and redelegations created at or after the
/// infraction are slashed first (each by `fraction` of its initial balance, capped at what is
/// left); the rest comes from the validator's tokens, capped at what it has. Slashed tokens are
/// burned from the pool that holds them. Returns the amount burned. An unknown or Unbonded
/// validator is not slashed (Ok(0)).
#[allow(clippy::too_many_arguments)]
pub fn slash<S: StateWrite>(
    state: &mut S,
    hooks: &dyn StakingHooks,
    cons: &ConsAddress,
    infraction_height: u64,
    power: i64,
    fraction: Dec,
    ctx: &BlockCtx,
) -> Result<u128, StakingError> {
    slash_dyn(state, hooks, cons, infraction_height, power, fraction, ctx)
}

fn slash_dyn(
    state: &mut dyn StateWrite,
    hooks: &dyn StakingHooks,
    cons: &ConsAddress,
    infraction_height: u64,
    power: i64,
    fraction: Dec,
    ctx: &BlockCtx,
) -> Result<u128, StakingError> {
    if fraction > Dec::ONE {
        return Err(StakingError::InvalidRequest(format!(
            "slash fraction {fraction} is greater than one"
        )));
    }
    let power_u = u128::try_from(power)
        .map_err(|_| StakingError::InvalidRequest(format!("negative slash power {power}")))?;
    if infraction_height > ctx.height {
        return Err(StakingError::InvalidRequest(format!(
            "impossible attempt to slash future infraction at height {infraction_height} but we are at height {}",
            ctx.height
        )));
    }
    let Some(validator) = state.validator_by_consensus_address(cons)? else {
        return Ok(0);
    };
    if validator.is_unbonded() {
        return Ok(0);
    }
    let op = validator.operator;
    let slash_amount = power_u
        .checked_mul(POWER_REDUCTION)
        .and_then(|t| fraction.mul_floor(t))
        .ok_or(StakingError::Overflow("slash amount"))?;

    let mut remaining = slash_amount;
    let mut burned: u128 = 0;
    if infraction_height < ctx.height {
        let (would, did) =
            slash_unbonding_delegations(state, &op, infraction_height, fraction, ctx)?;
        remaining = remaining.saturating_sub(would);
        burned = burned
            .checked_add(did)
            .ok_or(StakingError::Overflow("burned"))?;
        let (would, did) =
            slash_redelegations(state, hooks, &op, infraction_height, fraction, ctx)?;
        remaining = remaining.saturating_sub(would);
        burned = burned
            .checked_add(did)
            .ok_or(StakingError::Overflow("burned"))?;
    }

    let mut validator: Validator = must_validator(state, &op)?;
    let from_validator = remaining.min(validator.tokens);
    if from_validator > 0 {
        validator.remove_tokens(from_validator)?;
        state::put_validator(state, &validator)?;
        keeper::burn(state, &pool_of(validator.status), from_validator)?;
        burned = burned
            .checked_add(from_validator)
            .ok_or(StakingError::Overflow("burned"))?;
    }
    let denom = state.bond_denom()?;
    state.record(event::slash(&op, cons, power, fraction, burned, &denom));
    Ok(burned)
}

/// SDK `SlashUnbondingDelegation` over every unbonding delegation from the validator.
/// Returns (amount that should have been slashed, amount burned).
fn slash_unbonding_delegations(
    state: &mut dyn StateWrite,
    op: &Address,
    infraction_height: u64,
    fraction: Dec,
    ctx: &BlockCtx,
) -> Result<(u128, u128), StakingError> {
    let prefix = state_key::ubds_by_val(op);
    let mut delegators = Vec::new();
    for item in state.prefix_raw(&prefix, None) {
        let (k, _) = item?;
        let del = k
            .get(prefix.len()..)
            .and_then(|b| Address::from_slice(b).ok())
            .ok_or_else(|| StakingError::Invariant("bad unbonding index key".into()))?;
        delegators.push(del);
    }
    let (mut would, mut burned) = (0u128, 0u128);
    for del in delegators {
        let Some(mut ubd) = state.unbonding_delegation(&del, op)? else {
            continue;
        };
        let mut changed = false;
        for e in ubd.entries.iter_mut() {
            if e.creation_height < infraction_height || e.is_mature(ctx.time_unix_secs) {
                continue;
            }
            let amount = fraction
                .mul_floor(e.initial_balance)
                .ok_or(StakingError::Overflow("slash amount"))?;
            would = would.saturating_add(amount);
            let take = amount.min(e.balance);
            if take == 0 {
                continue;
            }
            e.balance = e.balance.saturating_sub(take);
            burned = burned
                .checked_add(take)
                .ok_or(StakingError::Overflow("burned"))?;
            changed = true;
        }
        if changed {
            state::put_ubd(state, &ubd)?;
        }
    }
    keeper::burn(state, &not_bonded_pool(), burned)?;
    Ok((would, burned))
}

/// SDK `SlashRedelegation` over every redelegation from the validator: the slashed part of the
/// destination delegation is unbonded and its tokens burned from the destination's pool.
/// Returns (amount that should have been slashed, amount burned).
fn slash_redelegations(
    state: &mut dyn StateWrite,
    hooks: &dyn StakingHooks,
    src: &Address,
    infraction_height: u64,
    fraction: Dec,
    ctx: &BlockCtx,
) -> Result<(u128, u128), StakingError> {
    let prefix = state_key::reds_by_src(src);
    let mut pairs = Vec::new();
    for item in state.prefix_raw(&prefix, None) {
        let (k, _) = item?;
        let addrs = state_key::addresses_after(&k, &prefix, 0, 2)
            .ok_or_else(|| StakingError::Invariant("bad redelegation index key".into()))?;
        if let (Some(del), Some(dst)) = (addrs.first().copied(), addrs.get(1).copied()) {
            pairs.push((del, dst));
        }
    }
    let (mut would, mut burned) = (0u128, 0u128);
    for (del, dst) in pairs {
        let Some(red) = state.redelegation(&del, src, &dst)? else {
            continue;
        };
        for e in &red.entries {
            if e.creation_height < infraction_height || e.is_mature(ctx.time_unix_secs) {
                continue;
            }
            let amount = fraction
                .mul_floor(e.initial_balance)
                .ok_or(StakingError::Overflow("slash amount"))?;
            would = would.saturating_add(amount);
            let mut shares = fraction
                .mul_floor(e.shares_dst)
                .ok_or(StakingError::Overflow("slash shares"))?;
            if shares == 0 {
                continue;
            }
            let Some(delegation) = state.delegation(&del, &dst)? else {
                continue;
            };
            shares = shares.min(delegation.shares);
            let Some(dst_validator) = state.validator(&dst)? else {
                continue;
            };
            let status: BondStatus = dst_validator.status;
            let tokens = keeper::unbond(state, hooks, &del, &dst, shares)?;
            keeper::burn(state, &pool_of(status), tokens)?;
            burned = burned
                .checked_add(tokens)
                .ok_or(StakingError::Overflow("burned"))?;
        }
    }
    Ok((would, burned))
}

/// Jail the validator with this consensus address: it leaves the active set at end block.
pub fn jail<S: StateWrite>(state: &mut S, cons: &ConsAddress) -> Result<(), StakingError> {
    let state: &mut dyn StateWrite = state;
    let mut v = state
        .validator_by_consensus_address(cons)?
        .ok_or_else(|| StakingError::NoValidatorFound(cons_string(cons)))?;
    keeper::jail_validator(state, &mut v)
}

/// Unjail a validator. Refused if it is not jailed, or if its operator's self-delegation is
/// worth less than its minimum self-delegation.
pub fn unjail<S: StateWrite>(
    state: &mut S,
    operator: &Address,
    _ctx: &BlockCtx,
) -> Result<(), StakingError> {
    let state: &mut dyn StateWrite = state;
    let mut v = must_validator(state, operator)?;
    if !v.jailed {
        return Err(StakingError::InvalidRequest(
            "cannot unjail already unjailed validator".into(),
        ));
    }
    let self_shares = state
        .delegation(operator, operator)?
        .map(|d| d.shares)
        .unwrap_or(0);
    if v.tokens_from_shares(self_shares) < v.min_self_delegation {
        return Err(StakingError::SelfDelegationBelowMinimum);
    }
    v.jailed = false;
    state::put_validator(state, &v)
}
