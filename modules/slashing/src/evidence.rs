//! Evidence of misbehaviour decided by CometBFT (SDK x/evidence `handleEquivocationEvidence`).
//! Both kinds (duplicate vote, light client attack) are handled as double signing.

use openledger_framework::{BlockCtx, Misbehavior, StateWrite};

use crate::component::{with_keeper_fork, BlockParams};
use crate::error::SlashingError;
use crate::event;
use crate::keeper::StakingKeeper;
use crate::signing_info::{SigningInfo, DOUBLE_SIGN_JAIL_END_TIME};
use crate::state::{SlashingRead, SlashingWrite};

/// Whether the infraction is older than the max age at the block time.
pub(crate) fn too_old(ctx: &BlockCtx, ev: &Misbehavior, max_age_secs: u64) -> bool {
    let age = i128::from(ctx.time_unix_secs).saturating_sub(i128::from(ev.time_unix_secs));
    let max = i128::from(max_age_secs);
    age > max || (age == max && ctx.time_nanos > 0)
}

pub(crate) fn handle_misbehavior<S: StateWrite>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    ctx: &BlockCtx,
    params: &BlockParams,
    ev: &Misbehavior,
) -> Result<(), SlashingError> {
    let cons = ev.consensus_address;
    let Some(validator) = keeper.validator_by_consensus_address(&*state, &cons)? else {
        return Ok(());
    };
    if too_old(ctx, ev, params.max_evidence_age_secs) {
        return Ok(());
    }
    let mut info = state
        .signing_info(&cons)?
        .unwrap_or_else(|| SigningInfo::new(ctx.height, params.window));
    if info.tombstoned {
        return Ok(());
    }
    // The stake that signed at the infraction height: ValidatorUpdateDelay (1) earlier.
    let distribution_height = ev.height.saturating_sub(1);
    let fraction = params.slash_fraction_double_sign;
    let jail = !validator.jailed;
    let punished = with_keeper_fork(state, |s| {
        keeper.slash(s, &cons, distribution_height, ev.power, fraction)?;
        if jail {
            keeper.jail(s, &cons)?;
        }
        Ok(())
    })?;
    if !punished {
        return Ok(());
    }
    state.record(event::slash_double_sign(&cons, ev.power));
    if jail {
        state.record(event::jailed(&cons));
    }
    info.jailed_until = DOUBLE_SIGN_JAIL_END_TIME;
    info.tombstoned = true;
    state.set_signing_info(&cons, &info)
}
