//! Challenges of receipts and the held data pools they protect.
//!
//! A recorded receipt's data pool is held for `challenge_window_secs`. Within the window
//! anyone may challenge the receipt (`MsgChallengeReceipt`), posting a bond and the output.
//! The validators re-run the attribution engine on the output and the app settles the
//! challenge with the weights more than 2/3 of the voting power agreed on
//! ([`settle_challenge`]): the receipt's own weights uphold it (the challenger's bond goes to
//! the operator); other weights correct it (the held pool is re-split, the operator slashed,
//! the challenger rewarded from the slash and its bond returned). Without agreement by the
//! deadline, end block escalates the challenge (bond refunded) and governance settles it
//! (`MsgSettleChallenge`). A hold whose receipt has an unsettled challenge is not released.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, BlockCtx, Dec, StateDelta, StateRead, StateWrite};

use crate::error::AttributionError;
use crate::event;
use crate::fee::split_pool;
use crate::graph::GraphBatch;
use crate::handler::record_inference::{credits_by_address, receipt_entries, resolve_entries};
use crate::handler::{add, burn_aopen, incr, load_operator, send_aopen, sub};
use crate::keeper::Keepers;
use crate::state::{self, attribution_address, AttributionRead, HoldRecord};
use crate::state_key;
use crate::types::{AttributionEntry, Challenge, ChallengeStatus, OpenChallenge, Receipt};

fn broken(m: impl Into<String>) -> AttributionError {
    AttributionError::Invariant(m.into())
}

/// The ids of the OPEN challenges by ascending id, at most `limit`: the index only (no
/// challenge or receipt is read), for callers that must be cheap (ExtendVote).
pub fn open_challenge_ids<S: StateRead + ?Sized>(
    state: &S,
    limit: usize,
) -> Result<Vec<u64>, AttributionError> {
    let prefix = state_key::challenge_status_of(ChallengeStatus::Open.tag());
    let mut out = Vec::new();
    for item in state.prefix_raw(&prefix, None).take(limit) {
        let (k, _) = item?;
        out.push(
            state_key::trailing_u64(&k).ok_or_else(|| broken("malformed challenge status key"))?,
        );
    }
    Ok(out)
}

/// OPEN challenges by ascending id, at most `limit`, with what a validator needs to re-run
/// the engine: the receipt's model version and engine params id, and the output.
pub fn open_challenges<S: StateRead + ?Sized>(
    state: &S,
    limit: usize,
) -> Result<Vec<OpenChallenge>, AttributionError> {
    let mut out = Vec::new();
    let prefix = state_key::challenge_status_of(ChallengeStatus::Open.tag());
    for item in state.prefix_raw(&prefix, None) {
        if out.len() >= limit {
            break;
        }
        let (k, _) = item?;
        let id =
            state_key::trailing_u64(&k).ok_or_else(|| broken("malformed challenge status key"))?;
        let c = state
            .challenge(id)?
            .ok_or_else(|| broken(format!("status index names missing challenge {id}")))?;
        let r = state.receipt(c.receipt_id)?.ok_or_else(|| {
            broken(format!(
                "challenge {id} names missing receipt {}",
                c.receipt_id
            ))
        })?;
        out.push(OpenChallenge {
            id,
            receipt_id: r.id,
            model_id: r.model_id,
            model_version: r.model_version,
            engine_params_id: r.engine_params_id,
            output: c.output,
            deadline_height: c.deadline_height,
        });
    }
    Ok(out)
}

/// Whether `agreeing` is more than 2/3 of `total` (and `total` is not 0).
pub fn is_supermajority(agreeing: u64, total: u64) -> bool {
    total > 0
        && agreeing <= total
        && u128::from(agreeing).saturating_mul(3) > u128::from(total).saturating_mul(2)
}

/// Settles an OPEN challenge with the weights more than 2/3 of the voting power agreed on
/// (`agreed`: entries by contribution id, in any order; empty = unattributed), at the block
/// `block` (the app calls it while executing the block that carries the validators' votes).
///
/// * The receipt's own weights: UPHELD. The challenger's bond is paid to the operator; the
///   hold is released at its release time (at once if that has passed).
/// * Other weights: CORRECTED. `agreed` must pass the checks of a record's attribution (31 to
///   37, against the receipt's model version); the held data pool is re-split by it with the
///   contributors' current reward multipliers (the formulas of [`crate::split_pool`]) and
///   the old split's pending credits are replaced by the new ones. The operator's bond is
///   slashed by `false_receipt_slash_fraction` (floor); `floor(slashed ×
///   challenger_reward_share)` is paid to the challenger and the rest burned; the
///   challenger's bond is returned. The hold is released at its release time.
///
/// Returns the new status. Refusals change nothing: not more than 2/3 of the power (59),
/// an unknown challenge (57), a challenge that is not OPEN (58), invalid weights (31 to 37).
/// The work runs on a fork applied only on success.
pub fn settle_challenge<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    keepers: &Keepers,
    challenge_id: u64,
    agreed: &[AttributionEntry],
    agreeing_power: u64,
    total_power: u64,
) -> Result<ChallengeStatus, AttributionError> {
    if !is_supermajority(agreeing_power, total_power) {
        return Err(AttributionError::NoSupermajority {
            agreeing: agreeing_power,
            total: total_power,
        });
    }
    let (status, changes) = {
        let mut fork = StateDelta::new(&*state);
        let c = fork
            .challenge(challenge_id)?
            .ok_or(AttributionError::UnknownChallenge(challenge_id))?;
        if c.status != ChallengeStatus::Open {
            return Err(AttributionError::ChallengeNotOpen {
                id: challenge_id,
                status: c.status,
            });
        }
        let status = settle(
            &mut fork,
            block,
            keepers,
            c,
            agreed,
            agreeing_power,
            total_power,
        )?;
        (status, fork.into_changes())
    };
    changes.apply_to(state)?;
    Ok(status)
}

/// Settle an OPEN or ESCALATED challenge (the callers check which they accept). The bond of
/// an OPEN challenge is in the module account; an ESCALATED one's was refunded. May fail
/// midway: callers run it on a fork.
pub(crate) fn settle<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    keepers: &Keepers,
    mut c: Challenge,
    agreed: &[AttributionEntry],
    agreeing_power: u64,
    total_power: u64,
) -> Result<ChallengeStatus, AttributionError> {
    let old_status = c.status;
    if !old_status.is_unsettled() {
        return Err(AttributionError::ChallengeNotOpen {
            id: c.id,
            status: old_status,
        });
    }
    let escrowed = old_status == ChallengeStatus::Open;
    let params = state.attribution_params()?;
    let receipt = state
        .receipt(c.receipt_id)?
        .ok_or_else(|| broken(format!("challenge {} names a missing receipt", c.id)))?;
    let hold = state.receipt_hold(c.receipt_id)?.ok_or_else(|| {
        broken(format!(
            "challenge {} is unsettled but receipt {} is not held",
            c.id, c.receipt_id
        ))
    })?;
    let mut sorted = agreed.to_vec();
    sorted.sort_by_key(|e| (e.contribution_id, e.weight_ppm));
    let weights: Vec<(u64, u32)> = sorted
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    let module = attribution_address();

    let status = if weights == receipt.weights() {
        if escrowed {
            send_aopen(state, &module, &receipt.operator, c.bond)?;
        }
        ChallengeStatus::Upheld
    } else {
        correct(state, keepers, &receipt, &sorted)?;
        let mut operator = load_operator(state, &receipt.operator)?;
        let fraction = params.false_receipt_slash_fraction;
        let slashed = fraction
            .mul_floor(operator.bond)
            .ok_or(AttributionError::Overflow)?;
        let reward = params
            .challenger_reward_share
            .mul_floor(slashed)
            .ok_or(AttributionError::Overflow)?;
        let burned = sub(slashed, reward)?;
        operator.bond = sub(operator.bond, slashed)?;
        operator.slash_count = incr(operator.slash_count)?;
        operator.slashed_total = add(operator.slashed_total, slashed)?;
        state::put_operator(state, &operator)?;
        state::incr_challenges_lost(state, &operator.address)?;
        send_aopen(state, &module, &c.challenger, reward)?;
        burn_aopen(state, &module, burned)?;
        if escrowed {
            send_aopen(state, &module, &c.challenger, c.bond)?;
        }
        state.record(event::operator_slashed(
            &operator.address,
            fraction,
            burned,
            operator.bond,
            &format!("false receipt {} (challenge {})", receipt.id, c.id),
        ));
        c.slashed = slashed;
        c.reward = reward;
        ChallengeStatus::Corrected
    };

    // Settled: the hold goes back to the release queue at its release time.
    state::put_hold(state, receipt.id, &hold, true)?;
    c.status = status;
    c.settled_height = block.height;
    c.agreed = sorted;
    state::put_challenge(state, Some(old_status), &c)?;
    state.record(event::challenge_settled(&c, agreeing_power, total_power));
    Ok(status)
}

/// Re-split a held data pool by `agreed` (checked like a record's attribution) and store the
/// corrected receipt; the pending credits of the old split are replaced by the new ones.
fn correct<S: StateWrite + ?Sized>(
    state: &mut S,
    keepers: &Keepers,
    receipt: &Receipt,
    agreed: &[AttributionEntry],
) -> Result<(), AttributionError> {
    let params = state.attribution_params()?;
    let refs = {
        let read: &dyn StateRead = &state;
        keepers
            .models
            .version_datanets(read, receipt.model_id, receipt.model_version)?
            .ok_or(AttributionError::UnknownModelVersion {
                model_id: receipt.model_id,
                version: receipt.model_version,
            })?
    };
    let resolved = resolve_entries(
        &*state,
        keepers,
        &params,
        receipt.model_id,
        receipt.model_version,
        &refs,
        agreed,
    )?;
    let pairs: Vec<(u32, Dec)> = agreed
        .iter()
        .zip(&resolved)
        .map(|(e, (_, m))| (e.weight_ppm, *m))
        .collect();
    let split = split_pool(receipt.data_pool, &pairs)?;
    let (entries, datanets) = receipt_entries(agreed, &resolved, &split.entries)?;
    let split_dust = receipt.split_dust().ok_or(AttributionError::Overflow)?;
    let corrected = Receipt {
        entries,
        datanets,
        credited: split.credited_total,
        withheld: split.withheld_total,
        unattributed: split.unattributed,
        dust: add(split_dust, split.entry_dust)?,
        ..receipt.clone()
    };
    let old = credits_by_address(&receipt.entries)?;
    let new = credits_by_address(&corrected.entries)?;
    let addresses: BTreeSet<Address> = old.keys().chain(new.keys()).copied().collect();
    for a in addresses {
        let mut cl = state.claimable_rewards(&a)?;
        let plus = new.get(&a).copied().unwrap_or(0);
        let minus = old.get(&a).copied().unwrap_or(0);
        cl.pending = sub(add(cl.pending, plus)?, minus)?;
        state::put_claimable(state, &a, &cl)?;
    }
    state::put_corrected_receipt(state, &corrected)?;
    Ok(())
}

/// End block: OPEN challenges whose deadline height is below the block's height become
/// ESCALATED (bond refunded to the challenger; the hold stays until governance settles),
/// at most `max_open_challenges` per block, earliest deadline first.
pub(crate) fn escalate_due<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
) -> Result<(), AttributionError> {
    let limit =
        usize::try_from(state.attribution_params()?.max_open_challenges).unwrap_or(usize::MAX);
    let end = state_key::challenge_deadline_from(block.height);
    let mut due: Vec<(Vec<u8>, u64)> = Vec::new();
    {
        let read: &S = &*state;
        for item in read.prefix_raw(&state_key::challenge_deadline_prefix(), None) {
            if due.len() >= limit {
                break;
            }
            let (k, _) = item?;
            if k >= end {
                break;
            }
            let id = state_key::trailing_u64(&k).ok_or_else(|| broken("malformed deadline key"))?;
            due.push((k, id));
        }
    }
    let module = attribution_address();
    for (key, id) in due {
        let Some(mut c) = state.challenge(id)? else {
            state.delete(key)?;
            continue;
        };
        if c.status != ChallengeStatus::Open {
            state.delete(key)?;
            continue;
        }
        send_aopen(state, &module, &c.challenger, c.bond)?;
        c.status = ChallengeStatus::Escalated;
        state::put_challenge(state, Some(ChallengeStatus::Open), &c)?;
        state.record(event::challenge_settled(&c, 0, 0));
    }
    Ok(())
}

/// End block: release up to `max_releases_per_block` held data pools whose release time has
/// come (release secs ≤ block time), earliest first; the rest wait for the next block. A
/// receipt with an unsettled challenge is not in the queue.
pub(crate) fn release_due<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
) -> Result<(), AttributionError> {
    let Ok(now) = u64::try_from(block.time_unix_secs) else {
        return Ok(());
    };
    let limit =
        usize::try_from(state.attribution_params()?.max_releases_per_block).unwrap_or(usize::MAX);
    let end = state_key::release_after(now);
    let mut due: Vec<(Vec<u8>, u64)> = Vec::new();
    {
        let read: &S = &*state;
        for item in read.prefix_raw(&state_key::release_queue_prefix(), None) {
            if due.len() >= limit {
                break;
            }
            let (k, _) = item?;
            if end.as_ref().is_some_and(|end| k >= *end) {
                break;
            }
            let (_, receipt_id) =
                state_key::parse_release(&k).ok_or_else(|| broken("malformed release key"))?;
            due.push((k, receipt_id));
        }
    }
    if due.is_empty() {
        return Ok(());
    }
    let mut totals = state.attribution_totals()?;
    let mut pending = state.attribution_pending()?;
    // credits and graph rows summed over the released receipts, written once each below
    let mut credits: BTreeMap<Address, u128> = BTreeMap::new();
    let mut batch = GraphBatch::default();
    for (key, receipt_id) in due {
        let Some(hold) = state.receipt_hold(receipt_id)? else {
            state.delete(key)?;
            continue;
        };
        if hold.challenge_id != 0 {
            let unsettled = state
                .challenge(hold.challenge_id)?
                .is_some_and(|c| c.status.is_unsettled());
            if unsettled {
                state.delete(key)?;
                continue;
            }
        }
        let r = state
            .effective_receipt(receipt_id)?
            .ok_or_else(|| broken(format!("held receipt {receipt_id} is missing")))?;
        release(state, &r, &hold, &mut totals, &mut pending.community)?;
        for (a, amount) in credits_by_address(&r.entries)? {
            let c = credits.entry(a).or_default();
            *c = add(*c, amount)?;
        }
        batch.add(&r)?;
    }
    for (a, amount) in credits {
        let mut cl = state.claimable_rewards(&a)?;
        cl.pending = sub(cl.pending, amount)?;
        cl.claimable = add(cl.claimable, amount)?;
        cl.contributor_earned = add(cl.contributor_earned, amount)?;
        state::put_claimable(state, &a, &cl)?;
    }
    batch.write(state)?;
    state::put_totals(state, &totals)?;
    state::put_pending(state, &pending)?;
    Ok(())
}

/// Release one held data pool with the split in force: withheld + unattributed + entry dust
/// go to the community pool, the totals count the parts in their own terms, the hold goes.
/// The caller moves the credits from pending to claimable and applies the attribution graph,
/// summed over all the receipts it releases.
fn release<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Receipt,
    hold: &HoldRecord,
    totals: &mut crate::types::Totals,
    community: &mut u128,
) -> Result<(), AttributionError> {
    let entry_dust = r.entry_dust().ok_or(AttributionError::Overflow)?;
    *community = add(*community, sub(r.data_pool, r.credited)?)?;
    totals.held = sub(totals.held, r.data_pool)?;
    totals.contributors_credited = add(totals.contributors_credited, r.credited)?;
    totals.withheld = add(totals.withheld, r.withheld)?;
    totals.unattributed = add(totals.unattributed, r.unattributed)?;
    totals.dust = add(totals.dust, entry_dust)?;
    state::delete_hold(state, r.id, hold.release_secs)?;
    state.record(event::credits_released(r.id, r.credited));
    Ok(())
}
