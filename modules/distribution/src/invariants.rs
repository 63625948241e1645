//! Invariants checked in tests (they scan whole prefixes; not for block execution).
//!
//! * The distribution module account holds exactly the community pool plus every validator's
//!   commission and outstanding rewards.
//! * The pending rewards of a validator's delegations never exceed its outstanding rewards.

use std::collections::BTreeMap;

use openledger_bank::BankRead;
use openledger_framework::{Address, StateRead, BASE_DENOM};

use crate::error::DistributionError;
use crate::rewards::pending_reward;
use crate::state::{DistributionRead, ValidatorRecord};
use crate::state_key;

fn broken(msg: String) -> DistributionError {
    DistributionError::Invariant(msg)
}

/// Module balance of every denom == community pool + (base denom) Σ commission + Σ outstanding.
pub fn module_balance_matches_holdings<S: StateRead + ?Sized>(
    state: &S,
) -> Result<(), DistributionError> {
    let mut want: BTreeMap<String, u128> = BTreeMap::new();
    for c in state.community_pool(None, usize::MAX)? {
        want.insert(c.denom, c.amount);
    }
    let prefix = state_key::validator_prefix();
    for item in state.prefix_raw(&prefix, None) {
        let (k, v) = item?;
        let r: ValidatorRecord = borsh::from_slice(&v)
            .map_err(|e| broken(format!("bad validator record at {k:?}: {e}")))?;
        let e = want.entry(BASE_DENOM.to_string()).or_insert(0);
        *e = e
            .checked_add(r.commission)
            .and_then(|x| x.checked_add(r.outstanding))
            .ok_or(DistributionError::Overflow)?;
    }
    let module = crate::module_address();
    let mut have: BTreeMap<String, u128> = BTreeMap::new();
    for c in state.balances(&module, None, usize::MAX)? {
        have.insert(c.denom, c.amount);
    }
    want.retain(|_, a| *a > 0);
    if have != want {
        return Err(broken(format!(
            "distribution module balance {have:?} differs from its holdings {want:?}"
        )));
    }
    Ok(())
}

/// Σ pending rewards of the given delegations (delegator, shares) of one validator ≤ its
/// outstanding rewards. The caller lists the delegations (distribution cannot enumerate them).
pub fn delegations_within_outstanding<S: StateRead + ?Sized>(
    state: &S,
    operator: &Address,
    delegations: &[(Address, u128)],
) -> Result<(), DistributionError> {
    let record = state.validator_record(operator)?.unwrap_or_default();
    let mut total: u128 = 0;
    for (delegator, shares) in delegations {
        let start = state.start_index(operator, delegator)?.unwrap_or(0);
        let pending = pending_reward(*shares, start, record.reward_index)?;
        total = total
            .checked_add(pending)
            .ok_or(DistributionError::Overflow)?;
    }
    if total > record.outstanding {
        return Err(broken(format!(
            "delegations of {operator} are owed {total} but only {} is outstanding",
            record.outstanding
        )));
    }
    Ok(())
}
