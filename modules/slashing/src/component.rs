//! Begin block: liveness from the last commit, then evidence of misbehaviour (the SDK's
//! order: x/slashing's BeginBlocker runs before x/evidence's).

use openledger_framework::{
    BlockCtx, CallError, ConsAddress, Dec, Misbehavior, StateDelta, StateWrite, VoteInfo,
};

use crate::error::{is_storage_failure, SlashingError};
use crate::evidence;
use crate::keeper::StakingKeeper;
use crate::liveness;
use crate::params::Params;
use crate::signing_info::SigningInfo;
use crate::state::{SlashingRead, SlashingWrite};

/// The params of one block, converted once.
pub(crate) struct BlockParams {
    pub window: u64,
    pub max_missed: u64,
    pub downtime_jail_duration_secs: u64,
    pub slash_fraction_downtime: Dec,
    pub slash_fraction_double_sign: Dec,
    pub max_evidence_age_secs: u64,
}

impl BlockParams {
    pub fn new(p: &Params) -> Result<Self, SlashingError> {
        Ok(BlockParams {
            window: p.window()?,
            max_missed: p.max_missed_blocks()?,
            downtime_jail_duration_secs: p.downtime_jail_duration_secs,
            slash_fraction_downtime: p.slash_fraction_downtime,
            slash_fraction_double_sign: p.slash_fraction_double_sign,
            max_evidence_age_secs: p.max_evidence_age_secs,
        })
    }
}

/// Called by the app for every block, before transactions, with the block's
/// `decided_last_commit` votes and `misbehavior`.
///
/// Work is O(votes + evidence): each vote touches one bit, one signing info and at most
/// [`crate::STALE_BITS_CLEANED_PER_VOTE`] stale bits; each piece of evidence one signing info.
/// A refusal by the staking keeper while punishing one validator drops that punishment (its
/// fork) and the block goes on; only storage failures are returned as errors.
pub fn begin_block<S: StateWrite>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    ctx: &BlockCtx,
    votes: &[VoteInfo],
    misbehavior: &[Misbehavior],
) -> Result<(), SlashingError> {
    let params = BlockParams::new(&state.slashing_params()?)?;
    for vote in votes {
        liveness::handle_vote(state, keeper, ctx, &params, vote)?;
    }
    for ev in misbehavior {
        evidence::handle_misbehavior(state, keeper, ctx, &params, ev)?;
    }
    Ok(())
}

/// Optional staking hook (the SDK's `AfterValidatorBonded`): liveness tracking of a validator
/// (re)starts at `height` when it enters the active set. Creates the signing info if missing.
pub fn after_validator_bonded<S: StateWrite>(
    state: &mut S,
    cons: &ConsAddress,
    height: u64,
) -> Result<(), SlashingError> {
    let window = state.slashing_params()?.window()?;
    let info = match state.signing_info(cons)? {
        Some(mut info) => {
            info.start_height = height;
            info
        }
        None => SigningInfo::new(height, window),
    };
    state.set_signing_info(cons, &info)
}

/// Run keeper calls in a fork of `state` and apply it if they all succeed. `Ok(false)` means
/// staking refused and nothing was written; storage failures are returned.
pub(crate) fn with_keeper_fork<S: StateWrite>(
    state: &mut S,
    f: impl FnOnce(&mut dyn StateWrite) -> Result<(), CallError>,
) -> Result<bool, SlashingError> {
    let changes = {
        let mut fork = StateDelta::new(&*state);
        match f(&mut fork) {
            Ok(()) => fork.into_changes(),
            Err(e) if is_storage_failure(&e) => return Err(SlashingError::Keeper(e)),
            Err(_) => return Ok(false),
        }
    };
    changes.apply_to(state)?;
    Ok(true)
}
