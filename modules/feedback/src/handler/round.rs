use openledger_bank::BankWrite;
use openledger_framework::{MsgCtx, StateRead, StateWrite};

use super::{aopen, check_signer};
use crate::error::FeedbackError;
use crate::event;
use crate::keeper::ModelsKeeper;
use crate::msg::{check_items, MsgFundRound};
use crate::state::{self, feedback_address, FeedbackRead};
use crate::types::Round;

/// `MsgFundRound`: the model's creator escrows the reward pool for a round on one version of
/// the model (0: the candidate before version 1). Returns the round id.
pub fn execute_fund_round<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    models: &dyn ModelsKeeper,
    msg: &MsgFundRound,
) -> Result<u64, FeedbackError> {
    check_signer(ctx, &msg.creator)?;
    let params = state.feedback_params()?;
    check_items(&msg.item_hashes, params.max_items_per_round)?;
    if msg.reward < params.min_round_reward {
        return Err(FeedbackError::RewardTooSmall {
            got: msg.reward,
            min: params.min_round_reward,
        });
    }
    let height = ctx.block.height;
    if msg.commit_deadline_height <= height {
        return Err(FeedbackError::InvalidDeadlines(format!(
            "commit deadline {} must be after the current height {height}",
            msg.commit_deadline_height
        )));
    }
    let span = msg.reveal_deadline_height.saturating_sub(height);
    if span > params.max_round_blocks {
        return Err(FeedbackError::InvalidDeadlines(format!(
            "reveal deadline {} is more than {} blocks away",
            msg.reveal_deadline_height, params.max_round_blocks
        )));
    }
    let read: &dyn StateRead = &state;
    let model = models
        .model(read, msg.model_id)?
        .ok_or(FeedbackError::UnknownModel(msg.model_id))?;
    if model.creator != msg.creator {
        return Err(FeedbackError::NotModelCreator {
            model_id: msg.model_id,
            actor: msg.creator.to_string(),
        });
    }
    if model.closed {
        return Err(FeedbackError::ModelClosed(msg.model_id));
    }
    if msg.model_version > model.latest_version {
        return Err(FeedbackError::UnknownModelVersion {
            model_id: msg.model_id,
            version: msg.model_version,
            latest: model.latest_version,
        });
    }
    let id = state.next_round_id()?;
    state::set_next_round_id(state, id.checked_add(1).ok_or(FeedbackError::Overflow)?)?;
    state.send(&msg.creator, &feedback_address(), &aopen(msg.reward)?)?;
    let round = Round {
        id,
        creator: msg.creator,
        model_id: msg.model_id,
        model_version: msg.model_version,
        reward: msg.reward,
        item_hashes: msg.item_hashes.clone(),
        commit_deadline_height: msg.commit_deadline_height,
        reveal_deadline_height: msg.reveal_deadline_height,
        settled: false,
        commit_count: 0,
        reveal_count: 0,
        funded_height: height,
    };
    state::put_round(state, &round)?;
    state::index_round(state, &round)?;
    state.record(event::round_funded(&round));
    Ok(id)
}
