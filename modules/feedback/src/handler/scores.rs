use openledger_framework::{MsgCtx, StateWrite};

use super::check_signer;
use crate::error::FeedbackError;
use crate::event;
use crate::msg::{commitment_hash, MsgCommitScores, MsgRevealScores};
use crate::state::{self, FeedbackRead};
use crate::types::{Commitment, Round};

fn load_round<S: FeedbackRead + ?Sized>(state: &S, id: u64) -> Result<Round, FeedbackError> {
    state.round(id)?.ok_or(FeedbackError::UnknownRound(id))
}

/// `MsgCommitScores`: a registered validator commits to its scores, up to the commit
/// deadline, at most `max_validators_per_round` per round. Its bond now is its stake in the
/// round, and it cannot unbond until the round settles.
pub fn execute_commit_scores<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCommitScores,
) -> Result<(), FeedbackError> {
    check_signer(ctx, &msg.validator)?;
    let mut round = load_round(state, msg.round_id)?;
    let height = ctx.block.height;
    if round.settled || height > round.commit_deadline_height {
        return Err(FeedbackError::CommitClosed {
            round_id: round.id,
            deadline: round.commit_deadline_height,
            height,
        });
    }
    let mut v = state
        .feedback_validator(&msg.validator)?
        .ok_or_else(|| FeedbackError::UnknownValidator(msg.validator.to_string()))?;
    if state.commitment(round.id, &msg.validator)?.is_some() {
        return Err(FeedbackError::AlreadyCommitted {
            round_id: round.id,
            validator: msg.validator.to_string(),
        });
    }
    let max = state.feedback_params()?.max_validators_per_round;
    if round.commit_count >= max {
        return Err(FeedbackError::RoundFull {
            round_id: round.id,
            max,
        });
    }
    let c = Commitment {
        round_id: round.id,
        validator: msg.validator,
        commitment: msg.commitment,
        stake: v.bond,
        revealed: false,
        scores: Vec::new(),
    };
    state::put_commitment(state, &c)?;
    round.commit_count = round
        .commit_count
        .checked_add(1)
        .ok_or(FeedbackError::Overflow)?;
    state::put_round(state, &round)?;
    v.open_rounds = v
        .open_rounds
        .checked_add(1)
        .ok_or(FeedbackError::Overflow)?;
    state::put_validator(state, &v)?;
    state.record(event::scores_committed(round.id, &msg.validator, c.stake));
    Ok(())
}

/// `MsgRevealScores`: after the commit deadline and up to the reveal deadline, the scores
/// (one per item, each at most `max_score`) and salt that hash to the validator's commitment.
/// A reveal that does not match is refused; one after the deadline too, so it earns nothing.
pub fn execute_reveal_scores<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRevealScores,
) -> Result<(), FeedbackError> {
    check_signer(ctx, &msg.validator)?;
    let mut round = load_round(state, msg.round_id)?;
    let height = ctx.block.height;
    if round.settled
        || height <= round.commit_deadline_height
        || height > round.reveal_deadline_height
    {
        return Err(FeedbackError::RevealNotOpen {
            round_id: round.id,
            from: round.commit_deadline_height.saturating_add(1),
            to: round.reveal_deadline_height,
            height,
        });
    }
    let mut c =
        state
            .commitment(round.id, &msg.validator)?
            .ok_or_else(|| FeedbackError::NotCommitted {
                round_id: round.id,
                validator: msg.validator.to_string(),
            })?;
    if c.revealed {
        return Err(FeedbackError::AlreadyRevealed {
            round_id: round.id,
            validator: msg.validator.to_string(),
        });
    }
    if msg.scores.len() != round.item_hashes.len() {
        return Err(FeedbackError::InvalidScores(format!(
            "{} scores for {} items",
            msg.scores.len(),
            round.item_hashes.len()
        )));
    }
    let max_score = state.feedback_params()?.max_score;
    if let Some(s) = msg.scores.iter().find(|s| **s > max_score) {
        return Err(FeedbackError::InvalidScores(format!(
            "score {s} is above max_score {max_score}"
        )));
    }
    if commitment_hash(round.id, &msg.validator, &msg.scores, &msg.salt) != c.commitment {
        return Err(FeedbackError::RevealMismatch {
            round_id: round.id,
            validator: msg.validator.to_string(),
        });
    }
    c.revealed = true;
    c.scores = msg.scores.clone();
    state::put_commitment(state, &c)?;
    round.reveal_count = round
        .reveal_count
        .checked_add(1)
        .ok_or(FeedbackError::Overflow)?;
    state::put_round(state, &round)?;
    state.record(event::scores_revealed(round.id, &msg.validator));
    Ok(())
}
