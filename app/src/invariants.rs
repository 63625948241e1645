//! Cross-module invariants, checked at genesis and after every block in tests: every pool and
//! escrow holds exactly what its module accounts for, and supply equals the sum of balances.
//! They scan whole module states: for tests and audits, never inside block execution.

use std::collections::BTreeMap;

use openledger_framework::{Address, StateRead};

/// Every invariant of every module; the first broken one, described.
pub fn check_all<S: StateRead>(state: &S) -> Result<(), String> {
    openledger_bank::invariants::total_supply_matches_balances(state)
        .map_err(|e| format!("bank: {e}"))?;
    openledger_staking::invariants::all_invariants(state).map_err(|e| format!("staking: {e}"))?;
    openledger_distribution::invariants::module_balance_matches_holdings(state)
        .map_err(|e| format!("distribution: {e}"))?;
    let staking = openledger_staking::GenesisState::export(state)
        .map_err(|e| format!("staking export: {e}"))?;
    let mut by_validator: BTreeMap<Address, Vec<(Address, u128)>> = BTreeMap::new();
    for d in &staking.delegations {
        by_validator
            .entry(d.validator)
            .or_default()
            .push((d.delegator, d.shares));
    }
    for (operator, delegations) in &by_validator {
        openledger_distribution::invariants::delegations_within_outstanding(
            state,
            operator,
            delegations,
        )
        .map_err(|e| format!("distribution: {e}"))?;
    }
    openledger_slashing::invariants::check_all(state).map_err(|e| format!("slashing: {e}"))?;
    openledger_gov::invariants::check_all(state).map_err(|e| format!("gov: {e}"))?;
    openledger_datanets::invariants::check_all(state).map_err(|e| format!("datanets: {e}"))?;
    openledger_models::invariants::check_all(state, &crate::keepers::DatanetsView)
        .map_err(|e| format!("models: {e}"))?;
    openledger_attribution::invariants::check(state).map_err(|e| format!("attribution: {e}"))?;
    Ok(())
}
