//! Genesis import and export: params, models, versions, stage histories, pricing histories and
//! the next id. The stage and creator indexes are derived on import. Import must run after
//! bank's (the `models` module balance must equal the escrowed bonds) and after datanets'
//! (every referenced datanet version must exist).

use std::collections::{BTreeMap, BTreeSet};

use openledger_bank::BankRead;
use openledger_framework::{StateRead, StateWrite, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::ModelsError;
use crate::keeper::DatanetsKeeper;
use crate::model::{check_refs, DatanetVersionRef, Model, Stage};
use crate::params::Params;
use crate::record::{HistoryEntry, ModelVersion, PricingEntry};
use crate::state::{self, models_address, ModelsRead};
use crate::state_key;

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// The id of the next model; every listed model's id must be below it.
    #[serde(default = "one")]
    pub next_model_id: u64,
    #[serde(default)]
    pub models: Vec<Model>,
    #[serde(default)]
    pub versions: Vec<ModelVersion>,
    #[serde(default)]
    pub histories: Vec<HistoryEntry>,
    #[serde(default)]
    pub pricing_histories: Vec<PricingEntry>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            next_model_id: 1,
            models: Vec::new(),
            versions: Vec::new(),
            histories: Vec::new(),
            pricing_histories: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> ModelsError {
    ModelsError::InvalidGenesis(m.into())
}

/// Whether a history entry describes a transition the module can make.
fn legal_entry(from: Option<Stage>, to: Stage) -> bool {
    match from {
        None => to == Stage::Proposed,
        Some(Stage::Proposed) => matches!(to, Stage::Approved | Stage::Rejected),
        Some(from) => from.can_advance_to(to),
    }
}

impl GenesisState {
    /// aopen the `models` module account must hold: the bonds of models in PROPOSED..DEPLOYED.
    pub fn escrowed_bonds(&self) -> Result<u128, ModelsError> {
        let mut total: u128 = 0;
        for m in self.models.iter().filter(|m| m.stage.holds_bond()) {
            total = total.checked_add(m.bond).ok_or(ModelsError::Overflow)?;
        }
        Ok(total)
    }

    pub fn validate(&self) -> Result<(), ModelsError> {
        self.params
            .validate()
            .map_err(|e| invalid(format!("params: {e}")))?;
        if self.next_model_id == 0 {
            return Err(invalid("next_model_id must be at least 1"));
        }
        let mut models: BTreeMap<u64, &Model> = BTreeMap::new();
        for m in &self.models {
            if m.id == 0 || m.id >= self.next_model_id {
                return Err(invalid(format!(
                    "model id {} is not in 1..{}",
                    m.id, self.next_model_id
                )));
            }
            if models.insert(m.id, m).is_some() {
                return Err(invalid(format!("duplicate model {}", m.id)));
            }
            if m.name.trim().is_empty() || m.base_model.trim().is_empty() {
                return Err(invalid(format!("model {}: empty name or base model", m.id)));
            }
            check_refs(&m.datanet_versions, None)
                .map_err(|e| invalid(format!("model {}: {e}", m.id)))?;
            if m.bond == 0 {
                return Err(invalid(format!("model {}: zero bond", m.id)));
            }
            let versioned = match m.stage {
                Stage::Deployed => m.latest_version >= 1,
                Stage::Retired => true,
                _ => m.latest_version == 0,
            };
            if !versioned {
                return Err(invalid(format!(
                    "model {} is {} with latest version {}",
                    m.id, m.stage, m.latest_version
                )));
            }
            if m.history_count == 0 {
                return Err(invalid(format!("model {} has no history", m.id)));
            }
        }

        let mut versions: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
        for v in &self.versions {
            let m = models
                .get(&v.model_id)
                .ok_or_else(|| invalid(format!("version of unknown model {}", v.model_id)))?;
            if v.number == 0 || v.number > m.latest_version {
                return Err(invalid(format!(
                    "model {} version {} is not in 1..={}",
                    v.model_id, v.number, m.latest_version
                )));
            }
            let parent_ok = if v.number == 1 {
                v.parent_version == 0
            } else {
                v.parent_version >= 1 && v.parent_version < v.number
            };
            if !parent_ok {
                return Err(invalid(format!(
                    "model {} version {} has parent {}",
                    v.model_id, v.number, v.parent_version
                )));
            }
            check_refs(&v.datanet_versions, None)
                .map_err(|e| invalid(format!("model {} version {}: {e}", v.model_id, v.number)))?;
            if !versions.entry(v.model_id).or_default().insert(v.number) {
                return Err(invalid(format!(
                    "duplicate version {} of model {}",
                    v.number, v.model_id
                )));
            }
        }
        for m in models.values() {
            let have = versions.get(&m.id).map(BTreeSet::len).unwrap_or(0);
            if u64::try_from(have).ok() != Some(m.latest_version) {
                return Err(invalid(format!(
                    "model {} has {have} versions but latest version {}",
                    m.id, m.latest_version
                )));
            }
        }

        let mut seqs = BTreeSet::new();
        for h in &self.histories {
            let m = models
                .get(&h.model_id)
                .ok_or_else(|| invalid(format!("history of unknown model {}", h.model_id)))?;
            let oldest_kept = m
                .history_count
                .saturating_sub(self.params.max_history_per_model);
            if h.seq == 0 || h.seq > m.history_count || h.seq <= oldest_kept {
                return Err(invalid(format!(
                    "model {} history entry {} is outside the kept range",
                    h.model_id, h.seq
                )));
            }
            if !legal_entry(h.from_stage, h.to_stage) {
                return Err(invalid(format!(
                    "model {} history entry {}: illegal transition to {}",
                    h.model_id, h.seq, h.to_stage
                )));
            }
            if h.seq == m.history_count && h.to_stage != m.stage {
                return Err(invalid(format!(
                    "model {} is {} but its last history entry is {}",
                    m.id, m.stage, h.to_stage
                )));
            }
            if !seqs.insert((h.model_id, h.seq)) {
                return Err(invalid(format!(
                    "duplicate history entry {} of model {}",
                    h.seq, h.model_id
                )));
            }
        }
        for m in models.values() {
            if !seqs.contains(&(m.id, m.history_count)) {
                return Err(invalid(format!(
                    "model {} lacks its last history entry {}",
                    m.id, m.history_count
                )));
            }
        }

        let mut latest_pricing: BTreeMap<u64, &PricingEntry> = BTreeMap::new();
        let mut heights = BTreeSet::new();
        for p in &self.pricing_histories {
            if !models.contains_key(&p.model_id) {
                return Err(invalid(format!("pricing of unknown model {}", p.model_id)));
            }
            if !heights.insert((p.model_id, p.effective_height)) {
                return Err(invalid(format!(
                    "duplicate pricing of model {} at height {}",
                    p.model_id, p.effective_height
                )));
            }
            let e = latest_pricing.entry(p.model_id).or_insert(p);
            if p.effective_height > e.effective_height {
                *e = p;
            }
        }
        for m in models.values() {
            match latest_pricing.get(&m.id) {
                Some(p)
                    if p.effective_height == m.pricing_effective_height
                        && p.pricing == m.pricing => {}
                _ => {
                    return Err(invalid(format!(
                        "model {}: pricing does not match its latest pricing entry",
                        m.id
                    )))
                }
            }
        }
        self.escrowed_bonds()?;
        Ok(())
    }

    pub fn init<S: StateWrite + ?Sized>(
        &self,
        state: &mut S,
        keeper: &dyn DatanetsKeeper,
    ) -> Result<(), ModelsError> {
        self.validate()?;
        let want = self.escrowed_bonds()?;
        let have = state.balance(&models_address(), BASE_DENOM)?;
        if have != want {
            return Err(invalid(format!(
                "models module account holds {have}aopen but the escrowed bonds add up to {want}aopen"
            )));
        }
        {
            let read: &S = &*state;
            let read: &dyn StateRead = &read;
            let refs = self
                .models
                .iter()
                .flat_map(|m| m.datanet_versions.iter())
                .chain(self.versions.iter().flat_map(|v| v.datanet_versions.iter()))
                .collect::<BTreeSet<&DatanetVersionRef>>();
            for r in refs {
                if keeper.version(read, r.datanet_id, r.version)?.is_none() {
                    return Err(invalid(format!(
                        "datanet {} has no version {}",
                        r.datanet_id, r.version
                    )));
                }
            }
        }
        state::set_params(state, &self.params)?;
        state::set_next_model_id(state, self.next_model_id)?;
        for m in &self.models {
            state::put_model(state, m)?;
            state::index_model(state, m)?;
        }
        for v in &self.versions {
            state::put_version(state, v)?;
        }
        for h in &self.histories {
            state::put_history(state, h)?;
        }
        for p in &self.pricing_histories {
            state::put_pricing(state, p)?;
        }
        Ok(())
    }

    /// The state in genesis form: models, versions and histories by id then number, pricing
    /// by model id then effective height.
    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<Self, ModelsError> {
        let mut models = Vec::new();
        for item in state.prefix_raw(&state_key::models_prefix(), None) {
            let (k, v) = item?;
            models.push(state::decode_model(&k, &v)?);
        }
        let mut versions = Vec::new();
        for item in state.prefix_raw(&state_key::versions_prefix(), None) {
            let (k, v) = item?;
            versions.push(state::decode_version(&k, &v)?);
        }
        let mut histories = Vec::new();
        for item in state.prefix_raw(&state_key::history_prefix(), None) {
            let (k, v) = item?;
            histories.push(state::decode_history(&k, &v)?);
        }
        let mut pricing_histories = Vec::new();
        for item in state.prefix_raw(&state_key::pricing_prefix(), None) {
            let (k, v) = item?;
            pricing_histories.push(state::decode_pricing(&k, &v)?);
        }
        pricing_histories.sort_by_key(|p| (p.model_id, p.effective_height));
        Ok(GenesisState {
            params: state.models_params()?,
            next_model_id: state.next_model_id()?,
            models,
            versions,
            histories,
            pricing_histories,
        })
    }
}
