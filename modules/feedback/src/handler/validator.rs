use openledger_bank::BankWrite;
use openledger_framework::{MsgCtx, StateWrite};

use super::{aopen, check_signer};
use crate::error::FeedbackError;
use crate::event;
use crate::msg::{MsgAddFeedbackBond, MsgRegisterFeedbackValidator, MsgUnbondFeedbackValidator};
use crate::state::{self, feedback_address, FeedbackRead};
use crate::types::{Unbonding, Validator};

/// `MsgRegisterFeedbackValidator`: escrow a bond of at least `min_validator_bond`.
pub fn execute_register_validator<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRegisterFeedbackValidator,
) -> Result<(), FeedbackError> {
    check_signer(ctx, &msg.validator)?;
    if state.feedback_validator(&msg.validator)?.is_some() {
        return Err(FeedbackError::ValidatorExists(msg.validator.to_string()));
    }
    let min = state.feedback_params()?.min_validator_bond;
    if msg.bond < min {
        return Err(FeedbackError::BondTooSmall { got: msg.bond, min });
    }
    state.send(&msg.validator, &feedback_address(), &aopen(msg.bond)?)?;
    state::put_validator(
        state,
        &Validator {
            address: msg.validator,
            bond: msg.bond,
            open_rounds: 0,
        },
    )?;
    state.record(event::validator_registered(&msg.validator, msg.bond));
    Ok(())
}

/// `MsgAddFeedbackBond`: add to the bond (it weighs in the rounds committed to afterwards).
/// Returns the new bond.
pub fn execute_add_bond<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgAddFeedbackBond,
) -> Result<u128, FeedbackError> {
    check_signer(ctx, &msg.validator)?;
    let mut v = state
        .feedback_validator(&msg.validator)?
        .ok_or_else(|| FeedbackError::UnknownValidator(msg.validator.to_string()))?;
    v.bond = v
        .bond
        .checked_add(msg.amount)
        .ok_or(FeedbackError::Overflow)?;
    state.send(&msg.validator, &feedback_address(), &aopen(msg.amount)?)?;
    state::put_validator(state, &v)?;
    state.record(event::bond_added(&msg.validator, msg.amount, v.bond));
    Ok(v.bond)
}

/// `MsgUnbondFeedbackValidator`: leave. The whole bond returns at the end of block
/// `height + validator_unbonding_blocks`. Refused while the validator has committed to an
/// unsettled round (its bond answers for it). Returns the completion height.
pub fn execute_unbond_validator<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUnbondFeedbackValidator,
) -> Result<u64, FeedbackError> {
    check_signer(ctx, &msg.validator)?;
    let v = state
        .feedback_validator(&msg.validator)?
        .ok_or_else(|| FeedbackError::UnknownValidator(msg.validator.to_string()))?;
    if v.open_rounds > 0 {
        return Err(FeedbackError::ValidatorBusy {
            validator: v.address.to_string(),
            open_rounds: v.open_rounds,
        });
    }
    let completion = ctx
        .block
        .height
        .checked_add(state.feedback_params()?.validator_unbonding_blocks)
        .ok_or(FeedbackError::Overflow)?;
    // A validator that left, came back and leaves again before the first bond returned:
    // both amounts return at the later height.
    let mut amount = v.bond;
    if let Some(earlier) = state.unbonding(&v.address)? {
        state::delete_unbonding(state, &earlier)?;
        amount = amount
            .checked_add(earlier.amount)
            .ok_or(FeedbackError::Overflow)?;
    }
    state.delete(crate::state_key::validator(&v.address))?;
    // A bond slashed to nothing has nothing to return.
    if amount > 0 {
        state::put_unbonding(
            state,
            &Unbonding {
                address: v.address,
                amount,
                completion_height: completion,
            },
        )?;
    }
    state.record(event::validator_unbonding(&v.address, v.bond, completion));
    Ok(completion)
}
