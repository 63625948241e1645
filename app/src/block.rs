//! What runs around a block's transactions: the modules' begin and end block hooks, in the
//! order of [`BEGIN_BLOCKERS`] and [`END_BLOCKERS`], and the settlement of challenges by the
//! vote extensions a block carries.
//!
//! A block runs: the upgrade step, begin blockers, then challenge settlement from the injected
//! commit (if the block has one), then the transactions, then end blockers.

use openledger_attribution::{AttributionEntry, AttributionRead};
use openledger_framework::error::sdk;
use openledger_framework::module::BeginBlock;
use openledger_framework::{BlockCtx, StateRead, StateWrite, ValidatorUpdate};
use tendermint_proto::v0_38::abci::ExtendedCommitInfo;
use tracing::{debug, info};

use crate::abci::vote_extension as ve;
use crate::app::{AppError, BlockInput};
use crate::modules::attribution::settle_challenge;
use crate::modules::{BEGIN_BLOCKERS, END_BLOCKERS};

fn internal(module: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Protocol(format!("{module} failed in a block hook: {e}"))
}

/// The upgrade step first (a due plan is applied, or the block refused with
/// [`AppError::Upgrade`]; see [`crate::modules::upgrade`]), then the block as a light client
/// of this chain sees it (its header's app hash, `prev_app_hash`, the last commit's; IBC
/// keeps it for counterparties' handshakes), then the begin blockers.
pub fn begin_block<S: StateWrite>(
    mut state: &mut S,
    ctx: &BlockCtx,
    input: &BlockInput,
    prev_app_hash: &[u8],
) -> Result<(), AppError> {
    crate::modules::upgrade::pre_block(&mut state, ctx)?;
    // the first block's header carries InitChain's hash, which no commit recorded: a light
    // client of us starts from a later height anyway
    if !prev_app_hash.is_empty() {
        openledger_ibc::record_block(&mut state, ctx, prev_app_hash, &input.next_validators_hash)
            .map_err(|e| internal("ibc", e))?;
    }
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

/// The ids of the OPEN challenges, in id order, at most the attribution param
/// `max_open_challenges` of them: the challenges ExtendVote gives this node's results for.
pub fn open_challenge_ids(state: &dyn StateRead) -> Result<Vec<u64>, AppError> {
    let limit = state
        .attribution_params()
        .map_err(|e| internal("attribution", e))?
        .max_open_challenges;
    // the index only: ExtendVote must not load the challenged outputs
    crate::modules::attribution::open_challenge_ids(
        state,
        usize::try_from(limit).unwrap_or(usize::MAX),
    )
    .map_err(|e| internal("attribution", e))
}

/// Settles the challenges the injected commit's votes agree on ([`ve::tally`]): in challenge
/// id order, each result backed by more than 2/3 of the commit's total power is handed to the
/// attribution module's `settle_challenge`, which refuses (changing nothing) a challenge that
/// is unknown or no longer OPEN, or weights that are not valid for the receipt; the challenge
/// then stays as it is. Only a storage failure is an error (it stops the node). The work is
/// bounded by the injected commit's size: at most one settlement per challenge id in it.
pub fn settle_challenges<S: StateWrite>(
    state: &mut S,
    ctx: &BlockCtx,
    commit: &ExtendedCommitInfo,
) -> Result<(), AppError> {
    let (ballots, total) = ve::ballots(commit);
    if ballots.is_empty() {
        return Ok(());
    }
    for agreement in ve::tally(&ballots, total) {
        let agreed: Vec<AttributionEntry> = agreement
            .entries
            .iter()
            .map(|e| AttributionEntry {
                contribution_id: e.contribution_id,
                weight_ppm: e.weight_ppm,
            })
            .collect();
        match settle_challenge(
            &mut *state,
            ctx,
            agreement.challenge_id,
            &agreed,
            agreement.power,
            total,
        ) {
            Ok(status) => info!(
                challenge = agreement.challenge_id,
                ?status,
                power = agreement.power,
                total,
                "challenge settled by the validators' vote extensions"
            ),
            Err(e) if e.codespace == sdk::CODESPACE && e.code == sdk::INTERNAL => {
                return Err(internal("attribution", e.log));
            }
            Err(e) => debug!(
                challenge = agreement.challenge_id,
                error = %e.log,
                "challenge not settled by the vote extensions"
            ),
        }
    }
    Ok(())
}
