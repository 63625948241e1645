//! Entry points the app calls from staking's hooks, at the places the SDK's x/distribution
//! hooks run.

use openledger_framework::{Address, StateRead, StateWrite, BASE_DENOM};

use crate::error::DistributionError;
use crate::keeper::StakingKeeper;
use crate::state::{DistributionRead, DistributionWrite};
use crate::withdraw::{pay_commission, withdraw_delegation_rewards, AfterWithdraw};

fn delegation_shares<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn StakingKeeper,
    delegator: &Address,
    operator: &Address,
) -> Result<Option<u128>, DistributionError> {
    let read: &dyn StateRead = &state;
    Ok(keeper.delegation_shares(read, delegator, operator)?)
}

/// A new validator: start its record at a zero index.
pub fn on_validator_created<S: StateWrite + ?Sized>(
    state: &mut S,
    operator: &Address,
) -> Result<(), DistributionError> {
    if state.validator_record(operator)?.is_none() {
        state.set_validator_record(operator, &Default::default())?;
    }
    Ok(())
}

/// Before an existing delegation's shares change: pay its pending rewards to the withdraw
/// address (the keeper still reports the old shares) and restart it at the current index.
pub fn before_delegation_shares_modified<S: StateWrite + ?Sized>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    delegator: &Address,
    operator: &Address,
) -> Result<(), DistributionError> {
    let Some(shares) = delegation_shares(state, keeper, delegator, operator)? else {
        return Ok(());
    };
    withdraw_delegation_rewards(
        state,
        delegator,
        operator,
        shares,
        AfterWithdraw::Restart,
        true,
    )?;
    Ok(())
}

/// After a delegation was created or its shares written: it starts at the current index.
pub fn after_delegation_modified<S: StateWrite + ?Sized>(
    state: &mut S,
    _keeper: &dyn StakingKeeper,
    delegator: &Address,
    operator: &Address,
) -> Result<(), DistributionError> {
    let index = state
        .validator_record(operator)?
        .map(|r| r.reward_index)
        .unwrap_or(0);
    state.set_start_index(operator, delegator, index)
}

/// Before a delegation is deleted: pay anything still pending and delete its start index.
pub fn before_delegation_removed<S: StateWrite + ?Sized>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    delegator: &Address,
    operator: &Address,
) -> Result<(), DistributionError> {
    let shares = delegation_shares(state, keeper, delegator, operator)?.unwrap_or(0);
    withdraw_delegation_rewards(
        state,
        delegator,
        operator,
        shares,
        AfterWithdraw::Remove,
        false,
    )?;
    Ok(())
}

/// After a validator was removed: pay its accumulated commission to the operator account's
/// withdraw address, move what is left of its outstanding rewards (rounding dust) to the
/// community pool and delete its record.
pub fn on_validator_removed<S: StateWrite + ?Sized>(
    state: &mut S,
    operator: &Address,
) -> Result<(), DistributionError> {
    pay_commission(state, operator)?;
    let Some(record) = state.validator_record(operator)? else {
        return Ok(());
    };
    state.add_to_community_pool(BASE_DENOM, record.outstanding)?;
    state.delete_validator_record(operator)?;
    Ok(())
}
