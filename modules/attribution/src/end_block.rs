//! End block: escalate challenges past their deadline, release held data pools whose window
//! passed, pay out the block's pending amounts and the bonds whose unbonding completed.

use openledger_framework::error::sdk;
use openledger_framework::{Address, BlockCtx, CallError, StateDelta, StateWrite};

use crate::challenge;
use crate::error::AttributionError;
use crate::event;
use crate::handler::send_aopen;
use crate::keeper::Keepers;
use crate::state::{self, attribution_address, AttributionRead};
use crate::state_key;
use crate::types::OperatorStatus;

/// Whether a keeper error is a failure of the store (the block can not be executed) rather
/// than a refusal. `CallError::from(StateError)` produces exactly these codes.
fn is_storage_failure(e: &CallError) -> bool {
    e.codespace == sdk::CODESPACE && (e.code == sdk::INTERNAL || e.code == sdk::OUT_OF_GAS)
}

/// Run one keeper call on a fork, applied if it succeeds. `Ok(false)`: the keeper refused and
/// nothing was written.
fn with_fork<S: StateWrite + ?Sized>(
    state: &mut S,
    f: impl FnOnce(&mut dyn StateWrite) -> Result<(), CallError>,
) -> Result<bool, AttributionError> {
    let changes = {
        let mut fork = StateDelta::new(&*state);
        match f(&mut fork) {
            Ok(()) => fork.into_changes(),
            Err(e) if is_storage_failure(&e) => return Err(AttributionError::Keeper(e)),
            Err(_) => return Ok(false),
        }
    };
    changes.apply_to(state)?;
    Ok(true)
}

/// Once per block, after the block's messages:
///
/// 1. OPEN challenges whose deadline height is below this block's height become ESCALATED
///    (the bond is refunded; the hold stays until governance settles the challenge), at most
///    `max_open_challenges` per block;
/// 2. up to `max_releases_per_block` held data pools whose release time has come (release
///    secs ≤ block time; receipts with an OPEN or ESCALATED challenge are not queued) are
///    released, earliest first: credits move from pending to claimable, withheld +
///    unattributed + entry dust are added to the pending community amount, the attribution
///    graph is applied, `EventCreditsReleased`;
/// 3. the pending stakers' amount goes to the fee collector (`fund_rewards`: rewards for
///    bonded stake) and the pending community amount to the community pool
///    (`fund_community_pool`), both from the `attribution` module account. An amount the
///    distribution keeper refuses stays pending and is tried again next block;
/// 4. up to `max_unbondings_per_block` operators whose unbonding completed (completion ≤
///    block time) get their bond back and become UNBONDED with bond 0, oldest completion
///    first; the rest wait for the next block;
/// 5. up to `max_unbondings_per_block` requested withdrawals whose delay has passed are paid
///    (the amount requested, or what is left of the balance if less), oldest first;
/// 6. up to `max_unbondings_per_block` requested revocations whose delay has passed delete
///    their grants, oldest first.
pub fn end_block<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
    keepers: &Keepers,
) -> Result<(), AttributionError> {
    challenge::escalate_due(state, ctx)?;
    challenge::release_due(state, ctx)?;
    flush_pending(state, keepers)?;
    complete_unbondings(state, ctx)?;
    complete_withdrawals(state, ctx)?;
    complete_revocations(state, ctx)?;
    Ok(())
}

fn flush_pending<S: StateWrite + ?Sized>(
    state: &mut S,
    keepers: &Keepers,
) -> Result<(), AttributionError> {
    let before = state.attribution_pending()?;
    let mut pending = before;
    let module = attribution_address();
    if pending.stakers > 0 {
        let amount = pending.stakers;
        if with_fork(state, |s| {
            keepers.distribution.fund_rewards(s, &module, amount)
        })? {
            pending.stakers = 0;
        }
    }
    if pending.community > 0 {
        let amount = pending.community;
        if with_fork(state, |s| {
            keepers.distribution.fund_community_pool(s, &module, amount)
        })? {
            pending.community = 0;
        }
    }
    if pending != before {
        state::put_pending(state, &pending)?;
    }
    Ok(())
}

fn complete_unbondings<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
) -> Result<(), AttributionError> {
    let Ok(now) = u64::try_from(ctx.time_unix_secs) else {
        return Ok(());
    };
    let limit =
        usize::try_from(state.attribution_params()?.max_unbondings_per_block).unwrap_or(usize::MAX);
    let end = state_key::unbonding_after(now);
    let mut due: Vec<(Vec<u8>, u64, Address)> = Vec::new();
    {
        let read: &S = &*state;
        for item in read.prefix_raw(&state_key::unbonding_prefix(), None) {
            if due.len() >= limit {
                break;
            }
            let (k, _) = item?;
            if end.as_ref().is_some_and(|end| k >= *end) {
                break;
            }
            let (secs, operator) = state_key::parse_unbonding(&k).ok_or_else(|| {
                AttributionError::Invariant("malformed unbonding queue key".into())
            })?;
            due.push((k, secs, operator));
        }
    }
    for (key, secs, addr) in due {
        state.delete(key)?;
        let Some(mut operator) = state.inference_operator(&addr)? else {
            continue;
        };
        if operator.status != OperatorStatus::Unbonding || operator.unbonding_completion != secs {
            continue;
        }
        let amount = operator.bond;
        send_aopen(state, &attribution_address(), &addr, amount)?;
        operator.bond = 0;
        operator.status = OperatorStatus::Unbonded;
        operator.unbonding_completion = 0;
        state::put_operator(state, &operator)?;
        state.record(event::operator_unbonded(&addr, amount));
    }
    Ok(())
}

/// Up to `limit` keys of a queue whose entries are ordered by completion secs, those due at
/// `now` (before `end`).
fn due_keys<S: StateWrite + ?Sized>(
    state: &S,
    prefix: &[u8],
    end: Option<Vec<u8>>,
    limit: usize,
) -> Result<Vec<Vec<u8>>, AttributionError> {
    let mut due = Vec::new();
    for item in state.prefix_raw(prefix, None) {
        if due.len() >= limit {
            break;
        }
        let (k, _) = item?;
        if end.as_ref().is_some_and(|end| k >= *end) {
            break;
        }
        due.push(k);
    }
    Ok(due)
}

fn queue_limit<S: StateWrite + ?Sized>(state: &S) -> Result<usize, AttributionError> {
    Ok(usize::try_from(state.attribution_params()?.max_unbondings_per_block).unwrap_or(usize::MAX))
}

/// Pay the requested withdrawals whose completion has come: the amount requested (0: the
/// whole balance), capped by what is left of the balance after the inferences recorded
/// meanwhile. A payment bank refuses is dropped with the request (the balance stays).
fn complete_withdrawals<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
) -> Result<(), AttributionError> {
    let Ok(now) = u64::try_from(ctx.time_unix_secs) else {
        return Ok(());
    };
    let limit = queue_limit(&*state)?;
    let due = due_keys(
        &*state,
        &state_key::withdrawal_queue_prefix(),
        state_key::withdrawal_queue_after(now),
        limit,
    )?;
    for key in due {
        let (secs, user) = state_key::parse_withdrawal_queue(&key)
            .ok_or_else(|| AttributionError::Invariant("malformed withdrawal queue key".into()))?;
        state.delete(key)?;
        let Some(request) = state.pending_withdrawal(&user)? else {
            continue;
        };
        if request.completion != secs {
            continue;
        }
        state.delete(state_key::withdrawal(&user))?;
        let balance = state.inference_balance(&user)?;
        let amount = if request.amount == 0 {
            balance
        } else {
            request.amount.min(balance)
        };
        let left = balance
            .checked_sub(amount)
            .ok_or(AttributionError::Overflow)?;
        let paid = {
            let mut fork = StateDelta::new(&*state);
            match send_aopen(&mut fork, &attribution_address(), &user, amount) {
                Ok(()) => Some(fork.into_changes()),
                Err(e @ AttributionError::State(_))
                | Err(e @ AttributionError::Bank(openledger_bank::BankError::State(_))) => {
                    return Err(e)
                }
                Err(_) => None,
            }
        };
        let Some(changes) = paid else {
            continue;
        };
        changes.apply_to(state)?;
        state::set_inference_balance(state, &user, left)?;
        state.record(event::withdraw(&user, amount, left));
    }
    Ok(())
}

/// Delete the grants whose requested revocation has come.
fn complete_revocations<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &BlockCtx,
) -> Result<(), AttributionError> {
    let Ok(now) = u64::try_from(ctx.time_unix_secs) else {
        return Ok(());
    };
    let limit = queue_limit(&*state)?;
    let due = due_keys(
        &*state,
        &state_key::revocation_queue_prefix(),
        state_key::revocation_queue_after(now),
        limit,
    )?;
    for key in due {
        let (secs, user, operator, model_id) = state_key::parse_revocation_queue(&key)
            .ok_or_else(|| AttributionError::Invariant("malformed revocation queue key".into()))?;
        state.delete(key)?;
        if state.grant_revocation(&user, &operator, model_id)? != Some(secs) {
            continue;
        }
        state.delete(state_key::revocation(&user, &operator, model_id))?;
        state.delete(state_key::grant(&user, &operator, model_id))?;
        state.record(event::revoke(&user, &operator, model_id));
    }
    Ok(())
}
