//! Settling a delegation's rewards and a validator's commission.

use openledger_bank::BankWrite;
use openledger_framework::{Address, Coins, StateWrite, BASE_DENOM};

use crate::error::DistributionError;
use crate::event;
use crate::rewards::pending_reward;
use crate::state::{DistributionRead, DistributionWrite};

/// What to do with the delegation's start index after settling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterWithdraw {
    /// The delegation stays: restart it at the current index.
    Restart,
    /// The delegation is being removed: delete its start index.
    Remove,
}

/// Pay the delegation's pending reward (`shares` at the validator's current index since its
/// start index; a missing start index counts as 0, the index of a validator's first
/// allocation) to the delegator's withdraw address. Returns the amount paid.
pub(crate) fn withdraw_delegation_rewards<S: StateWrite + ?Sized>(
    state: &mut S,
    delegator: &Address,
    operator: &Address,
    shares: u128,
    after: AfterWithdraw,
    emit_zero: bool,
) -> Result<u128, DistributionError> {
    let mut record = state.validator_record(operator)?.unwrap_or_default();
    let start = state.start_index(operator, delegator)?.unwrap_or(0);
    let pending = pending_reward(shares, start, record.reward_index)?;
    if pending > 0 {
        record.outstanding = record.outstanding.checked_sub(pending).ok_or_else(|| {
            DistributionError::Invariant(format!(
                "reward {pending} of a delegation to {operator} exceeds outstanding {}",
                record.outstanding
            ))
        })?;
        state.set_validator_record(operator, &record)?;
        let to = state.withdraw_address(delegator)?;
        state.send(
            &crate::module_address(),
            &to,
            &Coins::single(BASE_DENOM, pending)?,
        )?;
    }
    match after {
        AfterWithdraw::Restart => {
            state.set_start_index(operator, delegator, record.reward_index)?
        }
        AfterWithdraw::Remove => state.delete_start_index(operator, delegator)?,
    }
    if pending > 0 || emit_zero {
        state.record(event::withdraw_rewards(delegator, operator, pending));
    }
    Ok(pending)
}

/// Pay the validator's accumulated commission to the operator account's withdraw address.
/// Returns the amount paid (zero if there was none).
pub(crate) fn pay_commission<S: StateWrite + ?Sized>(
    state: &mut S,
    operator: &Address,
) -> Result<u128, DistributionError> {
    let Some(mut record) = state.validator_record(operator)? else {
        return Ok(0);
    };
    let amount = record.commission;
    if amount == 0 {
        return Ok(0);
    }
    record.commission = 0;
    state.set_validator_record(operator, &record)?;
    let to = state.withdraw_address(operator)?;
    state.send(
        &crate::module_address(),
        &to,
        &Coins::single(BASE_DENOM, amount)?,
    )?;
    Ok(amount)
}
