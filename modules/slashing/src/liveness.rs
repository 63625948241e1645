//! Liveness: one bit per block of the window, jailing for too many missed blocks
//! (SDK `HandleValidatorSignature`).

use openledger_framework::{BlockCtx, StateWrite, VoteInfo};

use crate::component::{with_keeper_fork, BlockParams};
use crate::error::SlashingError;
use crate::event;
use crate::keeper::StakingKeeper;
use crate::signing_info::{SigningInfo, Timestamp};
use crate::state::{SlashingRead, SlashingWrite, STALE_BITS_CLEANED_PER_VOTE};

pub(crate) fn handle_vote<S: StateWrite>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    ctx: &BlockCtx,
    params: &BlockParams,
    vote: &VoteInfo,
) -> Result<(), SlashingError> {
    let cons = vote.consensus_address;
    let Some(validator) = keeper.validator_by_consensus_address(&*state, &cons)? else {
        return Ok(());
    };
    // Jailed validators are not tracked (SDK v0.50); only bonded ones are.
    if validator.jailed || !validator.bonded {
        return Ok(());
    }
    let height = ctx.height;
    let window = params.window;
    let mut info = state
        .signing_info(&cons)?
        .unwrap_or_else(|| SigningInfo::new(height, window));
    if info.window_changed(window) {
        info.reset_bitmap(window);
    }
    let generation = info.bitmap_generation;
    let index = info
        .index_offset
        .checked_rem(window)
        .ok_or(SlashingError::Overflow("window"))?;
    info.index_offset = info
        .index_offset
        .checked_add(1)
        .ok_or(SlashingError::Overflow("index offset"))?;

    let previous = state.missed_bit(&cons, generation, index)?;
    let missed = !vote.signed;
    match (previous, missed) {
        (false, true) => {
            state.set_missed_bit(&cons, generation, index, true)?;
            info.missed_blocks_counter = info
                .missed_blocks_counter
                .checked_add(1)
                .ok_or(SlashingError::Overflow("missed blocks counter"))?;
        }
        (true, false) => {
            state.set_missed_bit(&cons, generation, index, false)?;
            info.missed_blocks_counter =
                info.missed_blocks_counter.checked_sub(1).ok_or_else(|| {
                    SlashingError::Invariant("missed blocks counter below its set bits".into())
                })?;
        }
        _ => {}
    }
    if info.stale_bits_pending {
        info.stale_bits_pending =
            state.delete_stale_bits(&cons, generation, STALE_BITS_CLEANED_PER_VOTE)?;
    }
    if missed {
        state.record(event::liveness(&cons, info.missed_blocks_counter, height));
    }

    let min_height = info
        .start_height
        .checked_add(window)
        .ok_or(SlashingError::Overflow("start height"))?;
    if height > min_height && info.missed_blocks_counter > params.max_missed {
        // The stake that signed the last commit: ValidatorUpdateDelay (1) plus one.
        let distribution_height = height.saturating_sub(2);
        let fraction = params.slash_fraction_downtime;
        let punished = with_keeper_fork(state, |s| {
            keeper.slash(s, &cons, distribution_height, vote.power, fraction)?;
            keeper.jail(s, &cons)
        })?;
        if punished {
            state.record(event::slash_downtime(&cons, vote.power));
            info.jailed_until =
                Timestamp::of_block(ctx).plus_secs(params.downtime_jail_duration_secs);
            // Not slashed again for the same window after rejoining.
            info.reset_bitmap(window);
            info.start_height = height;
        }
    }
    state.set_signing_info(&cons, &info)
}
