//! End block: the validator set CometBFT follows, and the matured queues.

use std::collections::BTreeMap;

use openledger_framework::{Address, BlockCtx, StateError, StateRead, StateWrite, ValidatorUpdate};

use crate::error::StakingError;
use crate::event;
use crate::hooks::StakingHooks;
use crate::keeper::{self, must_validator};
use crate::state::{self, StakingRead};
use crate::state_key;
use crate::types::{bonded_pool, not_bonded_pool, BondStatus};

/// Most matured items of each queue processed in one block; the rest wait for the next block.
pub const MAX_MATURED_PER_BLOCK: usize = 10_000;

/// Run at the end of every block. Returns the validator updates for CometBFT: one per
/// validator whose power changed (0 for a validator that left the set), sorted by public key.
pub fn end_block<S: StateWrite>(
    state: &mut S,
    ctx: &BlockCtx,
    hooks: &dyn StakingHooks,
) -> Result<Vec<ValidatorUpdate>, StakingError> {
    track_historical_info(state, ctx)?;
    let updates = apply_validator_set_updates(state, ctx, hooks)?;
    complete_unbonding_validators(state, ctx, hooks)?;
    complete_unbonding_delegations(state, ctx)?;
    complete_redelegations(state, ctx)?;
    Ok(updates)
}

/// Most historical entries pruned in one block (more wait for the next blocks, as after a
/// large cut of `historical_entries`).
pub const MAX_HISTORICAL_PRUNE_PER_BLOCK: usize = 1_000;

/// SDK `TrackHistoricalInfo`: keep this height's header (chain id, height, time: what the
/// app knows of it) and bonded validator set, for `historical_entries` heights; older entries
/// are deleted.
fn track_historical_info<S: StateWrite>(state: &mut S, ctx: &BlockCtx) -> Result<(), StakingError> {
    use prost::Message;
    let params = state.staking_params()?;
    let entries = u64::from(params.historical_entries);
    if let Some(last_pruned) = ctx.height.checked_sub(entries) {
        let mut old = Vec::new();
        for item in state
            .prefix_raw(&state_key::historical_info_prefix(), None)
            .take(MAX_HISTORICAL_PRUNE_PER_BLOCK)
        {
            let (k, _) = item?;
            match state_key::parse_historical_info_key(&k) {
                Some(h) if h <= last_pruned => old.push(k),
                _ => break,
            }
        }
        for k in old {
            state.delete(k)?;
        }
    }
    if entries == 0 {
        return Ok(());
    }
    let max = usize::try_from(params.max_validators).unwrap_or(usize::MAX);
    let valset = state
        .bonded_validators_by_power(max)?
        .iter()
        .map(|v| v.to_proto())
        .collect();
    let info = cosmos_sdk_proto::cosmos::staking::v1beta1::HistoricalInfo {
        header: Some(cosmos_sdk_proto::tendermint::types::Header {
            chain_id: ctx.chain_id.clone(),
            height: i64::try_from(ctx.height).unwrap_or(i64::MAX),
            time: Some(cosmos_sdk_proto::Timestamp {
                seconds: ctx.time_unix_secs,
                nanos: i32::try_from(ctx.time_nanos).unwrap_or(0),
            }),
            ..Default::default()
        }),
        valset,
    };
    state.put_raw(state_key::historical_info(ctx.height), info.encode_to_vec())?;
    Ok(())
}

/// The CometBFT validator set after genesis init (for `InitChain`), sorted by public key.
pub fn genesis_validator_updates<S: StateRead>(
    state: &S,
) -> Result<Vec<ValidatorUpdate>, StakingError> {
    let mut out = Vec::new();
    for (op, power) in state.last_validator_powers()? {
        let v = state.validator(&op)?.ok_or_else(|| {
            StakingError::Invariant(format!("last power of a missing validator {op}"))
        })?;
        out.push(ValidatorUpdate {
            ed25519_pubkey: v.consensus_pubkey,
            power,
        });
    }
    out.sort();
    Ok(out)
}

/// SDK `ApplyAndReturnValidatorSetUpdates`: the first `max_validators` entries of the power
/// index with positive power are the new set. Entering validators become Bonded (tokens move to
/// the bonded pool); validators of the last set that are not in the new one start unbonding.
fn apply_validator_set_updates(
    state: &mut dyn StateWrite,
    ctx: &BlockCtx,
    hooks: &dyn StakingHooks,
) -> Result<Vec<ValidatorUpdate>, StakingError> {
    let params = state.staking_params()?;
    let max = usize::try_from(params.max_validators).unwrap_or(usize::MAX);
    let mut last: BTreeMap<Address, i64> = state.last_validator_powers()?.into_iter().collect();

    let mut candidates = Vec::with_capacity(max);
    for item in state.prefix_raw(&state_key::power_prefix(), None).take(max) {
        let (k, _) = item?;
        let (power, op) = state_key::parse_power_key(&k)
            .ok_or_else(|| StateError::decode(&k, "bad power key"))?;
        if power == 0 {
            break;
        }
        candidates.push(op);
    }

    let mut updates = Vec::new();
    let mut total: i64 = 0;
    let mut to_bonded: u128 = 0;
    let mut to_not_bonded: u128 = 0;
    for op in candidates {
        let mut v = must_validator(state, &op)?;
        if v.jailed {
            return Err(StakingError::Invariant(format!(
                "jailed validator {op} in the power index"
            )));
        }
        if !v.is_bonded() {
            if v.is_unbonding() {
                state.delete(state_key::val_queue(v.unbonding_time, &op))?;
            }
            v.status = BondStatus::Bonded;
            state::put_validator(state, &v)?;
            to_bonded = to_bonded
                .checked_add(v.tokens)
                .ok_or(StakingError::Overflow("pool transfer"))?;
            hooks.after_validator_bonded(state, &v.consensus_address(), &op)?;
        }
        let power = v.consensus_power();
        if last.remove(&op) != Some(power) {
            updates.push(ValidatorUpdate {
                ed25519_pubkey: v.consensus_pubkey,
                power,
            });
            state::set_last_power(state, &op, power)?;
        }
        total = keeper::add_power(total, v.tokens)?;
    }

    let unbonding_secs = i64::try_from(params.unbonding_time_secs).unwrap_or(i64::MAX);
    let unbonding_time = ctx
        .time_unix_secs
        .checked_add(unbonding_secs)
        .ok_or(StakingError::Overflow("unbonding time"))?;
    for op in last.keys() {
        let mut v = must_validator(state, op)?;
        if !v.is_bonded() {
            return Err(StakingError::Invariant(format!(
                "validator {op} in the last set is not bonded"
            )));
        }
        v.status = BondStatus::Unbonding;
        v.unbonding_time = unbonding_time;
        v.unbonding_height = ctx.height;
        state::put_validator(state, &v)?;
        state.put_raw(state_key::val_queue(unbonding_time, op), Vec::new())?;
        to_not_bonded = to_not_bonded
            .checked_add(v.tokens)
            .ok_or(StakingError::Overflow("pool transfer"))?;
        state.delete(state_key::last_power(op))?;
        updates.push(ValidatorUpdate {
            ed25519_pubkey: v.consensus_pubkey,
            power: 0,
        });
    }

    if to_bonded > to_not_bonded {
        let net = to_bonded.saturating_sub(to_not_bonded);
        keeper::transfer(state, &not_bonded_pool(), &bonded_pool(), net)?;
    } else {
        let net = to_not_bonded.saturating_sub(to_bonded);
        keeper::transfer(state, &bonded_pool(), &not_bonded_pool(), net)?;
    }

    if total != state.last_total_power()? {
        state::set_last_total_power(state, total)?;
    }
    updates.sort();
    updates.dedup_by(|a, b| a.ed25519_pubkey == b.ed25519_pubkey);
    Ok(updates)
}

/// Matured items of a time queue: keys with time <= now, at most [`MAX_MATURED_PER_BLOCK`].
fn matured(state: &dyn StateWrite, prefix: &[u8], now: i64) -> Result<Vec<Vec<u8>>, StakingError> {
    let now = u64::try_from(now).unwrap_or(0);
    let mut out = Vec::new();
    for item in state.prefix_raw(prefix, None).take(MAX_MATURED_PER_BLOCK) {
        let (k, _) = item?;
        let t = state_key::queue_time(&k, prefix)
            .ok_or_else(|| StateError::decode(&k, "bad queue key"))?;
        if t > now {
            break;
        }
        out.push(k);
    }
    Ok(out)
}

fn queue_addresses(k: &[u8], prefix: &[u8], n: usize) -> Result<Vec<Address>, StakingError> {
    state_key::addresses_after(k, prefix, 9, n)
        .ok_or_else(|| StakingError::State(StateError::decode(k, "bad queue key")))
}

/// SDK `UnbondAllMatureValidators`: Unbonding → Unbonded; removed if no shares are left.
fn complete_unbonding_validators(
    state: &mut dyn StateWrite,
    ctx: &BlockCtx,
    hooks: &dyn StakingHooks,
) -> Result<(), StakingError> {
    let prefix = state_key::val_queue_prefix();
    for k in matured(state, &prefix, ctx.time_unix_secs)? {
        state.delete(k.clone())?;
        let op = queue_addresses(&k, &prefix, 1)?
            .first()
            .copied()
            .ok_or(StakingError::Overflow("queue key"))?;
        let Some(mut v) = state.validator(&op)? else {
            continue;
        };
        if !v.is_unbonding() || v.unbonding_time > ctx.time_unix_secs {
            continue;
        }
        v.status = BondStatus::Unbonded;
        state::put_validator(state, &v)?;
        if v.delegator_shares == 0 {
            keeper::remove_validator(state, hooks, &v)?;
        }
    }
    Ok(())
}

/// SDK `CompleteUnbonding` for every matured (delegator, validator) pair: mature entries are
/// paid from the not-bonded pool to the delegator.
fn complete_unbonding_delegations(
    state: &mut dyn StateWrite,
    ctx: &BlockCtx,
) -> Result<(), StakingError> {
    let prefix = state_key::ubd_queue_prefix();
    let now = ctx.time_unix_secs;
    let denom = state.bond_denom()?;
    for k in matured(state, &prefix, now)? {
        state.delete(k.clone())?;
        let addrs = queue_addresses(&k, &prefix, 2)?;
        let (Some(del), Some(op)) = (addrs.first().copied(), addrs.get(1).copied()) else {
            continue;
        };
        let Some(mut ubd) = state.unbonding_delegation(&del, &op)? else {
            continue;
        };
        let mut paid: u128 = 0;
        let mut completed = false;
        let mut kept = Vec::with_capacity(ubd.entries.len());
        for e in ubd.entries {
            if e.is_mature(now) {
                completed = true;
                paid = paid
                    .checked_add(e.balance)
                    .ok_or(StakingError::Overflow("unbonding payout"))?;
            } else {
                kept.push(e);
            }
        }
        ubd.entries = kept;
        state::put_ubd(state, &ubd)?;
        keeper::transfer(state, &not_bonded_pool(), &del, paid)?;
        if completed {
            state.record(event::complete_unbonding(&op, &del, paid, &denom));
        }
    }
    Ok(())
}

/// SDK `CompleteRedelegation` for every matured triplet: mature entries are dropped (their
/// tokens already sit with the destination validator).
fn complete_redelegations(state: &mut dyn StateWrite, ctx: &BlockCtx) -> Result<(), StakingError> {
    let prefix = state_key::red_queue_prefix();
    let now = ctx.time_unix_secs;
    let denom = state.bond_denom()?;
    for k in matured(state, &prefix, now)? {
        state.delete(k.clone())?;
        let addrs = queue_addresses(&k, &prefix, 3)?;
        let (Some(del), Some(src), Some(dst)) = (
            addrs.first().copied(),
            addrs.get(1).copied(),
            addrs.get(2).copied(),
        ) else {
            continue;
        };
        let Some(mut red) = state.redelegation(&del, &src, &dst)? else {
            continue;
        };
        let mut total: u128 = 0;
        let mut completed = false;
        let mut kept = Vec::with_capacity(red.entries.len());
        for e in red.entries {
            if e.is_mature(now) {
                completed = true;
                total = total
                    .checked_add(e.initial_balance)
                    .ok_or(StakingError::Overflow("redelegation balance"))?;
            } else {
                kept.push(e);
            }
        }
        red.entries = kept;
        state::put_red(state, &red)?;
        if completed {
            state.record(event::complete_redelegation(
                &del, &src, &dst, total, &denom,
            ));
        }
    }
    Ok(())
}
