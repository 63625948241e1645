//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * the `models` module balance (aopen) equals the bonds of the models in PROPOSED..DEPLOYED;
//! * every model has exactly one stage index key (its stage) and one creator index key, and
//!   every index key names an existing model with that stage or creator;
//! * every model's versions are exactly 1..=latest_version, its newest history entry is its
//!   current stage, and its pricing is the pricing entry at its effective height;
//! * every datanet version referenced by a model or a model version exists.

use std::collections::BTreeSet;

use openledger_bank::BankRead;
use openledger_framework::{StateRead, BASE_DENOM};

use crate::error::ModelsError;
use crate::keeper::DatanetsKeeper;
use crate::model::Model;
use crate::state::{self, models_address, ModelsRead};
use crate::state_key;

fn broken(m: String) -> ModelsError {
    ModelsError::Invariant(m)
}

fn all_models<S: StateRead + ?Sized>(state: &S) -> Result<Vec<Model>, ModelsError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::models_prefix(), None) {
        let (k, v) = item?;
        out.push(state::decode_model(&k, &v)?);
    }
    Ok(out)
}

pub fn bond_escrow_matches<S: StateRead + ?Sized>(state: &S) -> Result<(), ModelsError> {
    let mut want: u128 = 0;
    for m in all_models(state)? {
        if m.stage.holds_bond() {
            want = want.checked_add(m.bond).ok_or(ModelsError::Overflow)?;
        }
    }
    let have = state.balance(&models_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "models module holds {have}aopen but escrowed bonds add up to {want}aopen"
        )));
    }
    Ok(())
}

pub fn stage_indexes_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), ModelsError> {
    let models = all_models(state)?;
    let mut want_stage = BTreeSet::new();
    let mut want_creator = BTreeSet::new();
    for m in &models {
        want_stage.insert(state_key::by_stage(m.stage, m.id));
        want_creator.insert(state_key::by_creator(&m.creator, m.id));
    }
    let mut have_stage = BTreeSet::new();
    for item in state.prefix_raw(&state_key::by_stage_prefix(), None) {
        let (k, _) = item?;
        have_stage.insert(k);
    }
    let mut have_creator = BTreeSet::new();
    for item in state.prefix_raw(&state_key::by_creator_prefix(), None) {
        let (k, _) = item?;
        have_creator.insert(k);
    }
    if let Some(k) = want_stage.symmetric_difference(&have_stage).next() {
        return Err(broken(format!(
            "stage index and models disagree at {:?}",
            state_key::parse_by_stage(k)
        )));
    }
    if let Some(k) = want_creator.symmetric_difference(&have_creator).next() {
        return Err(broken(format!(
            "creator index and models disagree at {:?}",
            state_key::parse_by_creator(k)
        )));
    }
    Ok(())
}

pub fn model_records_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), ModelsError> {
    let next = state.next_model_id()?;
    for m in all_models(state)? {
        if m.id == 0 || m.id >= next {
            return Err(broken(format!("model {} at or past next id {next}", m.id)));
        }
        let mut count: u64 = 0;
        for item in state.prefix_raw(&state_key::versions_of(m.id), None) {
            let (k, v) = item?;
            let v = state::decode_version(&k, &v)?;
            count = count.checked_add(1).ok_or(ModelsError::Overflow)?;
            if v.number != count || v.model_id != m.id {
                return Err(broken(format!(
                    "model {} has version {} where {count} belongs",
                    m.id, v.number
                )));
            }
        }
        if count != m.latest_version {
            return Err(broken(format!(
                "model {} has {count} versions but latest version {}",
                m.id, m.latest_version
            )));
        }
        let last = state.history_entry(m.id, m.history_count)?.ok_or_else(|| {
            broken(format!(
                "model {} lacks history entry {}",
                m.id, m.history_count
            ))
        })?;
        if last.to_stage != m.stage {
            return Err(broken(format!(
                "model {} is {} but its last history entry is {}",
                m.id, m.stage, last.to_stage
            )));
        }
        if state.pricing_at(m.id, m.pricing_effective_height)? != Some(m.pricing) {
            return Err(broken(format!(
                "model {} pricing differs from its entry at height {}",
                m.id, m.pricing_effective_height
            )));
        }
    }
    Ok(())
}

pub fn datanet_versions_exist<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn DatanetsKeeper,
) -> Result<(), ModelsError> {
    let mut refs = BTreeSet::new();
    for m in all_models(state)? {
        refs.extend(m.datanet_versions.iter().map(|r| (m.id, 0, *r)));
    }
    for item in state.prefix_raw(&state_key::versions_prefix(), None) {
        let (k, v) = item?;
        let v = state::decode_version(&k, &v)?;
        refs.extend(
            v.datanet_versions
                .iter()
                .map(|r| (v.model_id, v.number, *r)),
        );
    }
    let read: &dyn StateRead = &state;
    for (id, number, r) in refs {
        if keeper.version(read, r.datanet_id, r.version)?.is_none() {
            return Err(broken(format!(
                "model {id} version {number} references missing datanet {} version {}",
                r.datanet_id, r.version
            )));
        }
    }
    Ok(())
}

/// Every invariant above.
pub fn check_all<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn DatanetsKeeper,
) -> Result<(), ModelsError> {
    bond_escrow_matches(state)?;
    stage_indexes_consistent(state)?;
    model_records_consistent(state)?;
    datanet_versions_exist(state, keeper)?;
    Ok(())
}
