//! What runs around a block's transactions, in the Cosmos SDK's module order.
//!
//! * begin: distribution pays the previous block's fees by last-commit power, then slashing
//!   handles evidence and liveness;
//! * (transactions);
//! * end: governance (unlocks, deposit and voting periods, proposal execution), attribution
//!   (the block's stakers' share to the fee collector, platform fees and dust to the community
//!   pool, matured operator unbondings), then staking (queues and the validator set), whose
//!   updates go to CometBFT.

use openledger_framework::{BlockCtx, StateRead, StateWrite, ValidatorUpdate};

use crate::app::{AppError, BlockInput};
use crate::keepers::{
    AppStakingHooks, AttributionKeepers, DistrStakingView, GovExecutor, SlashingStakingView,
};

fn internal(module: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Protocol(format!("{module} failed in a block hook: {e}"))
}

pub fn begin_block<S: StateWrite>(
    state: &mut S,
    ctx: &BlockCtx,
    input: &BlockInput,
) -> Result<(), AppError> {
    openledger_distribution::allocate_tokens(state, &DistrStakingView, &input.votes)
        .map_err(|e| internal("distribution", e))?;
    openledger_slashing::begin_block(
        state,
        &SlashingStakingView { ctx },
        ctx,
        &input.votes,
        &input.misbehavior,
    )
    .map_err(|e| internal("slashing", e))?;
    Ok(())
}

pub fn end_block<S: StateWrite>(
    state: &mut S,
    ctx: &BlockCtx,
) -> Result<Vec<ValidatorUpdate>, AppError> {
    openledger_gov::end_block(state, ctx, &GovExecutor).map_err(|e| internal("gov", e))?;
    openledger_attribution::end_block(state, ctx, &AttributionKeepers.keepers())
        .map_err(|e| internal("attribution", e))?;
    openledger_staking::end_block(state, ctx, &AppStakingHooks { ctx })
        .map_err(|e| internal("staking", e))
}

/// The validator set InitChain answers with: the bonded validators of the staking genesis.
pub fn genesis_validators<S: StateRead>(state: &S) -> Result<Vec<ValidatorUpdate>, AppError> {
    openledger_staking::genesis_validator_updates(state).map_err(|e| internal("staking", e))
}
