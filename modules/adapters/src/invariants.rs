//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution. The module holds no funds, so there is
//! no escrow to check.
//!
//! * every adapter has exactly its model index key, and every model index key names an
//!   existing adapter of that model and version;
//! * every serving entry names an existing adapter and a registered operator, and has its
//!   operator index key; every operator index key names a serving entry;
//! * the per-operator and per-adapter counts equal the numbers of serving entries.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, StateRead};

use crate::error::AdaptersError;
use crate::genesis::GenesisState;
use crate::keeper::AttributionKeeper;
use crate::state::AdaptersRead;
use crate::state_key;

fn broken(m: String) -> AdaptersError {
    AdaptersError::Invariant(m)
}

fn keys<S: StateRead + ?Sized>(
    state: &S,
    prefix: &[u8],
) -> Result<BTreeSet<Vec<u8>>, AdaptersError> {
    let mut out = BTreeSet::new();
    for item in state.prefix_raw(prefix, None) {
        out.insert(item?.0);
    }
    Ok(out)
}

pub fn indexes_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), AdaptersError> {
    let g = GenesisState::export(state)?;
    let want: BTreeSet<Vec<u8>> = g
        .adapters
        .iter()
        .map(|a| state_key::by_model(a.model_id, a.model_version, &a.hash))
        .collect();
    if keys(state, &state_key::by_model_prefix())? != want {
        return Err(broken("model index does not match the adapters".into()));
    }
    let want: BTreeSet<Vec<u8>> = g
        .serving
        .iter()
        .map(|s| state_key::by_operator(&s.operator, &s.adapter_hash))
        .collect();
    if keys(state, &state_key::by_operator_prefix())? != want {
        return Err(broken(
            "operator index does not match the serving entries".into(),
        ));
    }
    Ok(())
}

pub fn serving_consistent<S: StateRead + ?Sized>(
    state: &S,
    attribution: &dyn AttributionKeeper,
) -> Result<(), AdaptersError> {
    let g = GenesisState::export(state)?;
    let mut per_op: BTreeMap<Address, u64> = BTreeMap::new();
    let mut per_adapter: BTreeMap<String, u64> = BTreeMap::new();
    let read: &dyn StateRead = &state;
    for s in &g.serving {
        if state.adapter(&s.adapter_hash)?.is_none() {
            return Err(broken(format!(
                "{} serves missing adapter {}",
                s.operator, s.adapter_hash
            )));
        }
        if attribution.operator(read, &s.operator)?.is_none() {
            return Err(broken(format!(
                "{} serves {} but is not a registered operator",
                s.operator, s.adapter_hash
            )));
        }
        let n = per_op.entry(s.operator).or_default();
        *n = n.checked_add(1).ok_or(AdaptersError::Overflow)?;
        let n = per_adapter.entry(s.adapter_hash.clone()).or_default();
        *n = n.checked_add(1).ok_or(AdaptersError::Overflow)?;
    }
    for (op, n) in &per_op {
        if state.operator_adapter_count(op)? != *n {
            return Err(broken(format!("{op}: count does not match {n} entries")));
        }
    }
    for (hash, n) in &per_adapter {
        if state.adapter_server_count(hash)? != *n {
            return Err(broken(format!("{hash}: count does not match {n} entries")));
        }
    }
    // no stale counts of operators or adapters without entries
    let op_counts = keys(state, &state_key::operator_count_prefix())?.len();
    let adapter_counts = keys(state, &state_key::server_count_prefix())?.len();
    if op_counts != per_op.len() || adapter_counts != per_adapter.len() {
        return Err(broken("stale serving counts".into()));
    }
    Ok(())
}

pub fn check_all<S: StateRead + ?Sized>(
    state: &S,
    attribution: &dyn AttributionKeeper,
) -> Result<(), AdaptersError> {
    indexes_consistent(state)?;
    serving_consistent(state, attribution)
}
