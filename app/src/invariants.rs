//! Every module's invariants, checked at genesis and after every block in tests: every pool
//! and escrow holds exactly what its module accounts for, and supply equals the sum of
//! balances. They scan whole module states: for tests and audits, never inside block execution.

use openledger_framework::StateRead;

use crate::modules::MODULES;

/// Every invariant of every module; the first broken one, described.
pub fn check_all<S: StateRead>(state: &S) -> Result<(), String> {
    for module in MODULES {
        module
            .check_invariants(state)
            .map_err(|e| format!("{}: {e}", module.name()))?;
    }
    Ok(())
}
