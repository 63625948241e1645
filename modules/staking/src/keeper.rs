//! Operations shared by the message handlers, the end blocker and the slashing API, with the
//! Cosmos SDK x/staking keeper semantics (`Delegate`, `Unbond`, `RemoveValidator`, ...).

use openledger_bank::{BankRead, BankWrite};
use openledger_framework::{Address, Coins, StateWrite};

use crate::error::StakingError;
use crate::hooks::StakingHooks;
use crate::state::{self, StakingRead};
use crate::types::{
    bonded_pool, not_bonded_pool, tokens_to_power, BondStatus, Delegation, Validator,
    MAX_TOTAL_POWER, POWER_REDUCTION,
};

/// Where the tokens of a delegation come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenSource {
    /// The delegator's account (MsgDelegate, MsgCreateValidator).
    Account,
    /// Tokens already staked, currently held by the pool of a validator with this status
    /// (redelegation, cancelled unbonding).
    Pool(BondStatus),
}

pub(crate) fn pool_of(status: BondStatus) -> Address {
    match status {
        BondStatus::Bonded => bonded_pool(),
        BondStatus::Unbonding | BondStatus::Unbonded => not_bonded_pool(),
    }
}

pub(crate) fn coins(denom: &str, amount: u128) -> Result<Coins, StakingError> {
    Coins::single(denom, amount).map_err(|e| StakingError::InvalidRequest(e.to_string()))
}

/// Move `amount` of the bond denom between two accounts; nothing happens for zero.
pub(crate) fn transfer(
    state: &mut dyn StateWrite,
    from: &Address,
    to: &Address,
    amount: u128,
) -> Result<(), StakingError> {
    if amount == 0 || from == to {
        return Ok(());
    }
    let denom = state.bond_denom()?;
    state.send(from, to, &coins(&denom, amount)?)?;
    Ok(())
}

/// Burn `amount` of the bond denom from a pool; nothing happens for zero.
pub(crate) fn burn(
    state: &mut dyn StateWrite,
    pool: &Address,
    amount: u128,
) -> Result<(), StakingError> {
    if amount == 0 {
        return Ok(());
    }
    let denom = state.bond_denom()?;
    openledger_bank::burn(state, pool, &coins(&denom, amount)?)?;
    Ok(())
}

/// Refuse new stake that would let the total consensus power exceed CometBFT's limit. Both
/// pools together bound every validator's tokens, so the active set can never exceed it.
pub(crate) fn check_power_limit(state: &dyn StateWrite) -> Result<(), StakingError> {
    let denom = state.bond_denom()?;
    let total = state
        .balance(&bonded_pool(), &denom)?
        .checked_add(state.balance(&not_bonded_pool(), &denom)?)
        .ok_or(StakingError::Overflow("pool balances"))?;
    let power = total.checked_div(POWER_REDUCTION).unwrap_or(0);
    if power > u128::try_from(MAX_TOTAL_POWER).unwrap_or(0) {
        return Err(StakingError::PowerLimit {
            limit: MAX_TOTAL_POWER,
            reason: format!("staked tokens would be {total}"),
        });
    }
    Ok(())
}

pub(crate) fn must_validator(
    state: &dyn StateWrite,
    op: &Address,
) -> Result<Validator, StakingError> {
    state.validator(op)?.ok_or_else(|| {
        StakingError::NoValidatorFound(op.to_bech32(openledger_framework::VALOPER_PREFIX))
    })
}

/// SDK `Keeper.Delegate`: move the tokens, issue shares, update the delegation, with hooks.
/// Returns the new shares. `validator` is updated in place and written.
pub(crate) fn delegate(
    state: &mut dyn StateWrite,
    hooks: &dyn StakingHooks,
    delegator: &Address,
    amount: u128,
    source: TokenSource,
    validator: &mut Validator,
) -> Result<u128, StakingError> {
    if validator.invalid_ex_rate() {
        return Err(StakingError::DelegatorShareExRateInvalid);
    }
    let existing = state.delegation(delegator, &validator.operator)?;
    if existing.is_some() {
        hooks.before_delegation_shares_modified(state, delegator, &validator.operator)?;
    }
    let target_pool = pool_of(validator.status);
    match source {
        TokenSource::Account => transfer(state, delegator, &target_pool, amount)?,
        TokenSource::Pool(status) => transfer(state, &pool_of(status), &target_pool, amount)?,
    }
    let new_shares = validator.add_tokens_from_del(amount)?;
    state::put_validator(state, validator)?;
    if source == TokenSource::Account {
        check_power_limit(state)?;
    }
    let mut delegation = existing.unwrap_or(Delegation {
        delegator: *delegator,
        validator: validator.operator,
        shares: 0,
    });
    delegation.shares = delegation
        .shares
        .checked_add(new_shares)
        .ok_or(StakingError::Overflow("delegation shares"))?;
    state::put_delegation(state, &delegation)?;
    hooks.after_delegation_modified(state, delegator, &validator.operator)?;
    Ok(new_shares)
}

/// SDK `Keeper.Unbond`: remove shares from a delegation and the validator, returning the
/// tokens they were worth (still in the validator's pool). Jails an operator whose
/// self-delegation falls below its minimum; removes an Unbonded validator left without shares.
pub(crate) fn unbond(
    state: &mut dyn StateWrite,
    hooks: &dyn StakingHooks,
    delegator: &Address,
    operator: &Address,
    shares: u128,
) -> Result<u128, StakingError> {
    let mut delegation = state
        .delegation(delegator, operator)?
        .ok_or(StakingError::NoDelegatorForAddress)?;
    hooks.before_delegation_shares_modified(state, delegator, operator)?;
    if delegation.shares < shares {
        return Err(StakingError::NotEnoughDelegationShares(
            delegation.shares.to_string(),
        ));
    }
    let mut validator = must_validator(state, operator)?;
    delegation.shares = delegation
        .shares
        .checked_sub(shares)
        .ok_or(StakingError::Overflow("delegation shares"))?;
    if delegator == operator
        && !validator.jailed
        && validator.tokens_from_shares(delegation.shares) < validator.min_self_delegation
    {
        validator.jailed = true;
        state::put_validator(state, &validator)?;
    }
    if delegation.shares == 0 {
        hooks.before_delegation_removed(state, delegator, operator)?;
        state::delete_delegation(state, delegator, operator)?;
    } else {
        state::put_delegation(state, &delegation)?;
        hooks.after_delegation_modified(state, delegator, operator)?;
    }
    let amount = validator.remove_del_shares(shares)?;
    state::put_validator(state, &validator)?;
    if validator.delegator_shares == 0 && validator.is_unbonded() {
        remove_validator(state, hooks, &validator)?;
    }
    Ok(amount)
}

/// SDK `RemoveValidator`: only for a validator that is not Bonded and holds no tokens.
pub(crate) fn remove_validator(
    state: &mut dyn StateWrite,
    hooks: &dyn StakingHooks,
    validator: &Validator,
) -> Result<(), StakingError> {
    if validator.is_bonded() {
        return Err(StakingError::BadRemoveValidator(
            "cannot call RemoveValidator on bonded validators".into(),
        ));
    }
    if validator.tokens != 0 {
        return Err(StakingError::BadRemoveValidator(
            "attempting to remove a validator which still contains tokens".into(),
        ));
    }
    state::delete_validator_record(state, validator)?;
    hooks.after_validator_removed(state, &validator.operator)?;
    Ok(())
}

/// SDK `ValidateUnbondAmount`: the shares to remove for `amount` tokens. Shares are rounded
/// up so the delegator never receives more than its shares are worth, then capped at the
/// delegation's shares so a full withdrawal always works.
pub(crate) fn validate_unbond_amount(
    validator: &Validator,
    delegation: &Delegation,
    amount: u128,
) -> Result<u128, StakingError> {
    if validator.tokens == 0 {
        return Err(StakingError::InsufficientShares);
    }
    let floor = validator
        .shares_from_tokens_floor(amount)
        .ok_or(StakingError::Overflow("shares"))?;
    if floor > delegation.shares {
        return Err(StakingError::InvalidRequest("invalid shares amount".into()));
    }
    let ceil = validator
        .shares_from_tokens_ceil(amount)
        .ok_or(StakingError::Overflow("shares"))?;
    let shares = ceil.min(delegation.shares);
    if shares == 0 {
        return Err(StakingError::InvalidRequest("invalid shares amount".into()));
    }
    Ok(shares)
}

/// Jail a validator: it leaves the power index and so the active set at the next end block.
pub(crate) fn jail_validator(
    state: &mut dyn StateWrite,
    validator: &mut Validator,
) -> Result<(), StakingError> {
    if validator.jailed {
        return Err(StakingError::InvalidRequest(
            "cannot jail already jailed validator".into(),
        ));
    }
    validator.jailed = true;
    state::put_validator(state, validator)
}

/// Add the consensus power of `tokens` to a running total, refusing CometBFT's limit.
pub(crate) fn add_power(total: i64, tokens: u128) -> Result<i64, StakingError> {
    total
        .checked_add(tokens_to_power(tokens))
        .filter(|t| *t <= MAX_TOTAL_POWER)
        .ok_or_else(|| StakingError::PowerLimit {
            limit: MAX_TOTAL_POWER,
            reason: "active set".into(),
        })
}
