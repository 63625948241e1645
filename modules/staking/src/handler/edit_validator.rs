use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgEditValidatorResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::require_signer;
use crate::keeper::must_validator;
use crate::msg::MsgEditValidator;
use crate::state::{self, StakingRead};

/// `MsgEditValidator`: description, commission rate (at most once per 24h, within the max
/// change rate, max rate and the minimum commission rate) and minimum self-delegation (may only
/// increase, up to the validator's tokens).
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgEditValidator,
) -> Result<MsgEditValidatorResponse, StakingError> {
    run(state, ctx, msg)?;
    Ok(MsgEditValidatorResponse {})
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    msg: &MsgEditValidator,
) -> Result<(), StakingError> {
    require_signer(ctx, &msg.operator)?;
    let mut validator = must_validator(state, &msg.operator)?;
    let description = validator.description.updated(&msg.description);
    description.validate()?;
    validator.description = description;
    if let Some(rate) = msg.commission_rate {
        let now = ctx.block.time_unix_secs;
        validator.commission.validate_new_rate(rate, now)?;
        let min = state.staking_params()?.min_commission_rate;
        if rate < min {
            return Err(StakingError::CommissionLtMinRate(min.to_string()));
        }
        validator.commission.rate = rate;
        validator.commission.update_time = now;
    }
    if let Some(msd) = msg.min_self_delegation {
        if msd <= validator.min_self_delegation {
            return Err(StakingError::MinSelfDelegationDecreased);
        }
        if msd > validator.tokens {
            return Err(StakingError::SelfDelegationBelowMinimum);
        }
        validator.min_self_delegation = msd;
    }
    state::put_validator(state, &validator)?;
    state.record(event::edit_validator(
        &validator.operator,
        validator.commission.rate,
        validator.min_self_delegation,
    ));
    Ok(())
}
