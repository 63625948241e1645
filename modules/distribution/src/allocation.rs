//! Block reward allocation: the fee collector's balance is split by the voting power of the
//! last commit, commission to operators and the rest into each validator's reward index.

use openledger_auth::FEE_COLLECTOR;
use openledger_bank::{BankRead, BankWrite};
use openledger_framework::{Address, Coin, Coins, StateRead, StateWrite, VoteInfo, BASE_DENOM};

use crate::error::DistributionError;
use crate::event;
use crate::keeper::StakingKeeper;
use crate::rewards::index_increment;
use crate::state::{DistributionRead, DistributionWrite};

/// At most this many denoms (the base denom included) are swept from the fee collector per
/// block; any further denoms follow in later blocks.
pub const MAX_FEE_DENOMS_PER_BLOCK: usize = 32;

/// Sweep the fee collector into the distribution module account and allocate it.
///
/// Called by the app at the start of every block with `decided_last_commit` votes. Base-denom
/// fees: `community_tax` to the community pool, the rest split by `power / total power` over all
/// votes (signed or not); each validator's share pays `commission_rate` (rounded down) as
/// commission and the remainder into its reward index. Whatever cannot be placed (unknown
/// validator, no delegator shares, zero total power, rounding remainders) goes to the community
/// pool, so the fees equal the increase of pool + commission + outstanding exactly. Other denoms
/// go to the community pool whole. Work is bounded by the number of votes.
pub fn allocate_tokens<S: StateWrite + ?Sized>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    votes: &[VoteInfo],
) -> Result<(), DistributionError> {
    let fee_collector = Address::module(FEE_COLLECTOR);
    let module = crate::module_address();

    let fees = state.balance(&fee_collector, BASE_DENOM)?;
    let mut swept: Vec<Coin> = Vec::new();
    if fees > 0 {
        swept.push(Coin::new(BASE_DENOM, fees));
    }
    let others: Vec<Coin> = state
        .balances(&fee_collector, None, MAX_FEE_DENOMS_PER_BLOCK)?
        .into_iter()
        .filter(|c| c.denom != BASE_DENOM && c.amount > 0)
        .take(MAX_FEE_DENOMS_PER_BLOCK.saturating_sub(1))
        .collect();
    swept.extend(others.iter().cloned());
    if swept.is_empty() {
        return Ok(());
    }
    let swept = Coins::normalize(swept)?;
    state.send(&fee_collector, &module, &swept)?;
    for c in &others {
        state.add_to_community_pool(&c.denom, c.amount)?;
    }
    if fees == 0 {
        return Ok(());
    }

    let params = state.distribution_params()?;
    let tax = params
        .community_tax
        .mul_floor(fees)
        .ok_or(DistributionError::Overflow)?
        .min(fees);
    let for_validators = fees.checked_sub(tax).ok_or(DistributionError::Overflow)?;

    let mut total_power: u128 = 0;
    for v in votes {
        let p = u128::try_from(v.power).unwrap_or(0);
        total_power = total_power
            .checked_add(p)
            .ok_or(DistributionError::Overflow)?;
    }

    let mut to_pool = tax;
    let mut placed: u128 = 0;
    if total_power > 0 {
        for vote in votes {
            let power = u128::try_from(vote.power).unwrap_or(0);
            let share = openledger_framework::mul_div_floor(for_validators, power, total_power)
                .ok_or(DistributionError::Overflow)?;
            if share == 0 {
                continue;
            }
            placed = placed
                .checked_add(share)
                .ok_or(DistributionError::Overflow)?;
            let unplaced = allocate_to_validator(state, keeper, &vote.consensus_address, share)?;
            to_pool = to_pool
                .checked_add(unplaced)
                .ok_or(DistributionError::Overflow)?;
        }
    }
    let remainder = for_validators
        .checked_sub(placed)
        .ok_or_else(|| DistributionError::Invariant("allocated more than collected".into()))?;
    to_pool = to_pool
        .checked_add(remainder)
        .ok_or(DistributionError::Overflow)?;
    state.add_to_community_pool(BASE_DENOM, to_pool)?;
    Ok(())
}

/// Credit one validator's share; returns the part that could not be placed.
fn allocate_to_validator<S: StateWrite + ?Sized>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    cons: &openledger_framework::ConsAddress,
    share: u128,
) -> Result<u128, DistributionError> {
    let view = {
        let read: &S = state;
        let read: &dyn StateRead = &read;
        keeper.validator_by_consensus_address(read, cons)?
    };
    let Some(validator) = view else {
        return Ok(share);
    };
    let commission = validator
        .commission_rate
        .mul_floor(share)
        .ok_or(DistributionError::Overflow)?
        .min(share);
    let for_delegators = share
        .checked_sub(commission)
        .ok_or(DistributionError::Overflow)?;
    let mut record = state
        .validator_record(&validator.operator)?
        .unwrap_or_default();
    record.commission = record
        .commission
        .checked_add(commission)
        .ok_or(DistributionError::Overflow)?;

    let mut unplaced = 0;
    let new_index = index_increment(for_delegators, validator.delegator_shares)
        .and_then(|inc| record.reward_index.checked_add(inc));
    let new_outstanding = record.outstanding.checked_add(for_delegators);
    match (new_index, new_outstanding) {
        (Some(index), Some(outstanding)) if validator.delegator_shares > 0 => {
            record.reward_index = index;
            record.outstanding = outstanding;
        }
        // No shares to pay, or an index that would overflow: the delegators' part goes to
        // the community pool instead.
        _ => unplaced = for_delegators,
    }
    state.set_validator_record(&validator.operator, &record)?;
    state.record(event::commission(&validator.operator, commission));
    let received = share
        .checked_sub(unplaced)
        .ok_or(DistributionError::Overflow)?;
    state.record(event::rewards(&validator.operator, received));
    Ok(unplaced)
}

/// Pay stakers from another module (for example attribution): the funds go to the fee
/// collector and are allocated with the next block's fees.
pub fn fund_rewards<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    amount: &Coins,
) -> Result<(), DistributionError> {
    if amount.is_empty() {
        return Ok(());
    }
    state.send(from, &Address::module(FEE_COLLECTOR), amount)?;
    Ok(())
}

/// Add to the community pool from another module or account: the coins move to the
/// distribution module account and are credited to the pool.
pub fn fund_community_pool<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    amount: &Coins,
) -> Result<(), DistributionError> {
    if amount.is_empty() {
        return Ok(());
    }
    state.send(from, &crate::module_address(), amount)?;
    for c in amount.iter() {
        state.add_to_community_pool(&c.denom, c.amount)?;
    }
    Ok(())
}
