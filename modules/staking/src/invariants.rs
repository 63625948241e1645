//! Invariants checked in tests after every operation and block. They scan the whole staking
//! state, so they are for tests and audits, not for block execution.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, StateRead};

use crate::state::{power_index_key, StakingRead};
use crate::state_key;
use crate::types::{Delegation, UnbondingDelegation, Validator};

type Check = Result<(), String>;

fn all<T: borsh::BorshDeserialize, S: StateRead>(
    state: &S,
    prefix: &[u8],
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for item in state.prefix_raw(prefix, None) {
        let (k, v) = item.map_err(|e| e.to_string())?;
        out.push(borsh::from_slice(&v).map_err(|e| format!("{k:?}: {e}"))?);
    }
    Ok(out)
}

fn keys<S: StateRead>(state: &S, prefix: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    state
        .prefix_raw(prefix, None)
        .map(|i| i.map(|(k, _)| k).map_err(|e| e.to_string()))
        .collect()
}

fn sum(mut values: impl Iterator<Item = u128>) -> Result<u128, String> {
    values.try_fold(0u128, |a, b| {
        a.checked_add(b).ok_or_else(|| "overflow".to_string())
    })
}

/// Bonded pool balance == sum of the tokens of Bonded validators.
pub fn bonded_pool_matches<S: StateRead>(state: &S) -> Check {
    let validators: Vec<Validator> = all(state, &state_key::validators_prefix())?;
    let want = sum(validators
        .iter()
        .filter(|v| v.is_bonded())
        .map(|v| v.tokens))?;
    let have = state.bonded_pool_balance().map_err(|e| e.to_string())?;
    if have != want {
        return Err(format!(
            "bonded pool holds {have}, bonded validators have {want}"
        ));
    }
    Ok(())
}

/// Not-bonded pool balance == tokens of non-Bonded validators + unbonding entry balances.
pub fn not_bonded_pool_matches<S: StateRead>(state: &S) -> Check {
    let validators: Vec<Validator> = all(state, &state_key::validators_prefix())?;
    let ubds: Vec<UnbondingDelegation> = all(state, &state_key::ubds_prefix())?;
    let tokens = sum(validators
        .iter()
        .filter(|v| !v.is_bonded())
        .map(|v| v.tokens))?;
    let entries = sum(ubds
        .iter()
        .flat_map(|u| u.entries.iter().map(|e| e.balance)))?;
    let want = tokens.checked_add(entries).ok_or("overflow")?;
    let have = state.not_bonded_pool_balance().map_err(|e| e.to_string())?;
    if have != want {
        return Err(format!(
            "not-bonded pool holds {have}, want {tokens} (validators) + {entries} (unbonding)"
        ));
    }
    Ok(())
}

/// Each validator's delegator shares == the sum of its delegations' shares; every delegation
/// is positive, indexed, and points at an existing validator.
pub fn delegator_shares_match<S: StateRead>(state: &S) -> Check {
    let validators: Vec<Validator> = all(state, &state_key::validators_prefix())?;
    let delegations: Vec<Delegation> = all(state, &state_key::delegations_prefix())?;
    let mut sums: BTreeMap<Address, u128> = BTreeMap::new();
    for d in &delegations {
        if d.shares == 0 {
            return Err(format!(
                "zero-share delegation {} -> {}",
                d.delegator, d.validator
            ));
        }
        let idx = state_key::delegation_by_val(&d.validator, &d.delegator);
        if state.get_raw(&idx).map_err(|e| e.to_string())?.is_none() {
            return Err(format!(
                "delegation {} -> {} not indexed",
                d.delegator, d.validator
            ));
        }
        let s = sums.entry(d.validator).or_insert(0);
        *s = s.checked_add(d.shares).ok_or("overflow")?;
    }
    for v in &validators {
        let s = sums.remove(&v.operator).unwrap_or(0);
        if s != v.delegator_shares {
            return Err(format!(
                "validator {} has {} shares, its delegations {s}",
                v.operator, v.delegator_shares
            ));
        }
        if v.delegator_shares == 0 && v.tokens != 0 {
            return Err(format!("validator {} has tokens but no shares", v.operator));
        }
    }
    if let Some((op, _)) = sums.into_iter().next() {
        return Err(format!("delegations to missing validator {op}"));
    }
    let idx_count = keys(state, b"staking/delegation_by_val/")?.len();
    if idx_count != delegations.len() {
        return Err(format!(
            "{idx_count} delegation index entries for {} delegations",
            delegations.len()
        ));
    }
    Ok(())
}

/// The power index holds exactly the non-jailed validators with tokens, at their current
/// power; the consensus-address index is complete; the last set is exactly the Bonded
/// validators and its total is the last total power.
pub fn power_index_consistent<S: StateRead>(state: &S) -> Check {
    let validators: Vec<Validator> = all(state, &state_key::validators_prefix())?;
    let want: BTreeSet<Vec<u8>> = validators.iter().filter_map(power_index_key).collect();
    let have: BTreeSet<Vec<u8>> = keys(state, &state_key::power_prefix())?
        .into_iter()
        .collect();
    if want != have {
        return Err(format!(
            "power index has {} entries, want {}",
            have.len(),
            want.len()
        ));
    }
    for v in &validators {
        let by_cons = state
            .validator_by_consensus_address(&v.consensus_address())
            .map_err(|e| e.to_string())?;
        if by_cons.as_ref().map(|c| c.operator) != Some(v.operator) {
            return Err(format!("consensus index of {} is wrong", v.operator));
        }
    }
    if keys(state, b"staking/cons/")?.len() != validators.len() {
        return Err("stale consensus index entries".into());
    }
    let last = state.last_validator_powers().map_err(|e| e.to_string())?;
    let last_ops: BTreeSet<Address> = last.iter().map(|(a, _)| *a).collect();
    let bonded: BTreeSet<Address> = validators
        .iter()
        .filter(|v| v.is_bonded())
        .map(|v| v.operator)
        .collect();
    if last_ops != bonded {
        return Err(format!(
            "last set has {} validators, {} are bonded",
            last_ops.len(),
            bonded.len()
        ));
    }
    let total = last
        .iter()
        .try_fold(0i64, |a, (_, p)| a.checked_add(*p))
        .ok_or("overflow")?;
    let stored = state.last_total_power().map_err(|e| e.to_string())?;
    if total != stored {
        return Err(format!(
            "last total power {stored}, last powers sum to {total}"
        ));
    }
    Ok(())
}

/// Every invariant above.
pub fn all_invariants<S: StateRead>(state: &S) -> Check {
    bonded_pool_matches(state)?;
    not_bonded_pool_matches(state)?;
    delegator_shares_match(state)?;
    power_index_consistent(state)
}
