//! End block: settle the rounds whose reveal deadline has passed (at most
//! `max_settlements_per_block`, oldest deadline first; the rest wait for the next blocks) and
//! return the bonds whose unbonding completed (at most [`MAX_UNBONDINGS_PER_BLOCK`]).

use openledger_bank::BankWrite;
use openledger_framework::{BlockCtx, StateWrite};

use crate::error::FeedbackError;
use crate::event;
use crate::handler::aopen;
use crate::keeper::DistributionKeeper;
use crate::settle::{settle, Entry, Rules};
use crate::state::{self, feedback_address, FeedbackRead};
use crate::state_key;
use crate::types::{Outcome, RoundResult};

/// Unbondings completed per block at most; the rest complete in the next blocks.
pub const MAX_UNBONDINGS_PER_BLOCK: usize = 100;

pub fn end_block<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    distribution: &dyn DistributionKeeper,
) -> Result<(), FeedbackError> {
    let params = state.feedback_params()?;
    let limit = usize::try_from(params.max_settlements_per_block).unwrap_or(usize::MAX);
    let prefix = state_key::settle_queue_prefix();
    let mut due = Vec::new();
    for item in state.prefix_raw(&prefix, None).take(limit) {
        let (k, _) = item?;
        let height = state_key::u64_at(&k, prefix.len())
            .ok_or_else(|| FeedbackError::Invariant("malformed settle queue key".into()))?;
        if height > block.height {
            break;
        }
        let id = state_key::trailing_u64(&k)
            .ok_or_else(|| FeedbackError::Invariant("malformed settle queue key".into()))?;
        due.push((k, id));
    }
    for (key, id) in due {
        state.delete(key)?;
        settle_round(state, block, distribution, id)?;
    }

    let prefix = state_key::unbond_queue_prefix();
    let mut matured = Vec::new();
    for item in state
        .prefix_raw(&prefix, None)
        .take(MAX_UNBONDINGS_PER_BLOCK)
    {
        let (k, _) = item?;
        let height = state_key::u64_at(&k, prefix.len())
            .ok_or_else(|| FeedbackError::Invariant("malformed unbond queue key".into()))?;
        if height > block.height {
            break;
        }
        let addr = k
            .get(prefix.len().saturating_add(8)..)
            .and_then(|b| openledger_framework::Address::from_slice(b).ok())
            .ok_or_else(|| FeedbackError::Invariant("malformed unbond queue key".into()))?;
        matured.push(addr);
    }
    for addr in matured {
        if let Some(u) = state.unbonding(&addr)? {
            state::delete_unbonding(state, &u)?;
            if u.amount > 0 {
                state.send(&feedback_address(), &u.address, &aopen(u.amount)?)?;
            }
            state.record(event::unbonding_completed(&u.address, u.amount));
        }
    }
    Ok(())
}

/// Settle round `id` (see [`crate::settle`]): pay the rewards, refund the rest to the
/// creator, slash the far validators' bonds into the community pool, release the
/// validators' commitments and store the result as the version's evidence.
pub fn settle_round<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    distribution: &dyn DistributionKeeper,
    id: u64,
) -> Result<(), FeedbackError> {
    let params = state.feedback_params()?;
    let mut round = state.round(id)?.ok_or(FeedbackError::UnknownRound(id))?;
    if round.settled {
        return Ok(());
    }
    let commitments = state.commitments(id)?;
    let entries: Vec<Entry<'_>> = commitments
        .iter()
        .map(|c| Entry {
            validator: c.validator,
            stake: c.stake,
            scores: c.revealed.then_some(c.scores.as_slice()),
        })
        .collect();
    let rules = Rules {
        max_score: params.max_score,
        reward_distance: params.reward_distance_bps,
        slash_distance: params.slash_distance_bps,
        slash_fraction: params.slash_fraction,
    };
    let s = settle(rules, round.reward, round.item_hashes.len(), &entries)?;
    let escrow = feedback_address();
    let mut outcomes = Vec::with_capacity(s.validators.len());
    let mut slashed_total: u128 = 0;
    for c in &s.validators {
        let mut v = state.feedback_validator(&c.validator)?.ok_or_else(|| {
            FeedbackError::Invariant(format!("committed validator {} is gone", c.validator))
        })?;
        v.open_rounds = v.open_rounds.saturating_sub(1);
        let slashed = c.slash.min(v.bond);
        v.bond = v.bond.checked_sub(slashed).ok_or(FeedbackError::Overflow)?;
        state::put_validator(state, &v)?;
        slashed_total = slashed_total
            .checked_add(slashed)
            .ok_or(FeedbackError::Overflow)?;
        if c.reward > 0 {
            state.send(&escrow, &c.validator, &aopen(c.reward)?)?;
        }
        outcomes.push(Outcome {
            validator: c.validator,
            stake: c.stake,
            revealed: c.revealed,
            distance: c.distance,
            agreement: c.agreement,
            reward: c.reward,
            slashed,
        });
    }
    if s.refunded > 0 {
        state.send(&escrow, &round.creator, &aopen(s.refunded)?)?;
    }
    if slashed_total > 0 {
        let mut dyn_state: &mut S = state;
        distribution.fund_community_pool(&mut dyn_state, &escrow, slashed_total)?;
    }
    round.settled = true;
    state::put_round(state, &round)?;
    state.put_raw(
        state_key::settled(round.model_id, round.model_version, round.id),
        Vec::new(),
    )?;
    let result = RoundResult {
        round_id: round.id,
        model_id: round.model_id,
        model_version: round.model_version,
        consensus: s.consensus,
        validators: outcomes,
        paid: s.paid,
        refunded: s.refunded,
        slashed: slashed_total,
        settled_height: block.height,
    };
    state::put_result(state, &result)?;
    state.record(event::round_settled(&result));
    Ok(())
}
