//! What runs around a block's transactions: the modules' begin and end block hooks, in the
//! order of [`BEGIN_BLOCKERS`] and [`END_BLOCKERS`].

use openledger_framework::module::BeginBlock;
use openledger_framework::{BlockCtx, StateRead, StateWrite, ValidatorUpdate};

use crate::app::{AppError, BlockInput};
use crate::modules::{BEGIN_BLOCKERS, END_BLOCKERS};

fn internal(module: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Protocol(format!("{module} failed in a block hook: {e}"))
}

pub fn begin_block<S: StateWrite>(
    mut state: &mut S,
    ctx: &BlockCtx,
    input: &BlockInput,
) -> Result<(), AppError> {
    let block = BeginBlock {
        ctx,
        votes: &input.votes,
        misbehavior: &input.misbehavior,
    };
    for module in BEGIN_BLOCKERS {
        module
            .begin_block(&mut state, &block)
            .map_err(|e| internal(module.name(), e))?;
    }
    Ok(())
}

/// The validator updates for CometBFT, from every end blocker in order.
pub fn end_block<S: StateWrite>(
    mut state: &mut S,
    ctx: &BlockCtx,
) -> Result<Vec<ValidatorUpdate>, AppError> {
    let mut updates = Vec::new();
    for module in END_BLOCKERS {
        let mut u = module
            .end_block(&mut state, ctx)
            .map_err(|e| internal(module.name(), e))?;
        updates.append(&mut u);
    }
    Ok(updates)
}

/// The validator set InitChain answers with: the bonded validators of the staking genesis.
pub fn genesis_validators<S: StateRead>(state: &S) -> Result<Vec<ValidatorUpdate>, AppError> {
    openledger_staking::genesis_validator_updates(state).map_err(|e| internal("staking", e))
}
