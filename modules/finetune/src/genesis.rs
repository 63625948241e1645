//! Genesis import and export: params, providers, jobs and the next job id. Indexes and the
//! end-block queues are derived from the records on import. Import must run after bank's (the
//! `finetune` module balance must equal the escrow).

use std::collections::BTreeSet;

use openledger_framework::{StateRead, StateReadExt, StateWrite};
use serde::{Deserialize, Serialize};

use crate::error::FinetuneError;
use crate::invariants;
use crate::params::Params;
use crate::state::{self, FinetuneRead};
use crate::state_key;
use crate::types::{Job, Provider, ProviderStatus};

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// The id of the next job; every listed job's id must be below it.
    #[serde(default = "one")]
    pub next_job_id: u64,
    #[serde(default)]
    pub providers: Vec<Provider>,
    #[serde(default)]
    pub jobs: Vec<Job>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            next_job_id: 1,
            providers: Vec::new(),
            jobs: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> FinetuneError {
    FinetuneError::InvalidGenesis(m.into())
}

impl GenesisState {
    /// Checks without state: valid params, unique ids and addresses, ids below
    /// `next_job_id`, held jobs naming a provider whose `active_jobs` counts them.
    pub fn validate(&self) -> Result<(), FinetuneError> {
        self.params.validate()?;
        if self.next_job_id == 0 {
            return Err(invalid("next_job_id must be at least 1"));
        }
        let mut addrs = BTreeSet::new();
        for p in &self.providers {
            if !addrs.insert(p.address) {
                return Err(invalid(format!("provider {} listed twice", p.address)));
            }
            if p.status == ProviderStatus::Unbonded && p.bond != 0 {
                return Err(invalid(format!(
                    "unbonded provider {} has a bond",
                    p.address
                )));
            }
        }
        let mut ids = BTreeSet::new();
        for j in &self.jobs {
            if j.id == 0 || j.id >= self.next_job_id || !ids.insert(j.id) {
                return Err(invalid(format!("job id {} repeated or out of range", j.id)));
            }
            if j.status.held_by_provider() || j.provider.is_some() {
                let p = j
                    .provider
                    .ok_or_else(|| invalid(format!("job {} has no provider", j.id)))?;
                if !addrs.contains(&p) {
                    return Err(invalid(format!("job {}: unknown provider {p}", j.id)));
                }
            }
        }
        for p in &self.providers {
            let held = self
                .jobs
                .iter()
                .filter(|j| j.status.held_by_provider() && j.provider == Some(p.address))
                .count();
            if u64::try_from(held).ok() != Some(p.active_jobs) {
                return Err(invalid(format!(
                    "provider {} holds {held} jobs but active_jobs is {}",
                    p.address, p.active_jobs
                )));
            }
        }
        Ok(())
    }

    /// Write the state; then the module account must hold exactly the escrow.
    pub fn init<S: StateWrite + ?Sized>(&self, state: &mut S) -> Result<(), FinetuneError> {
        self.validate()?;
        state::set_params(state, &self.params)?;
        state::set_next_job_id(state, self.next_job_id)?;
        for p in &self.providers {
            state::save_provider(state, None, p)?;
        }
        for j in &self.jobs {
            state::save_job(state, None, j)?;
        }
        invariants::escrow_matches(state).map_err(|e| invalid(e.to_string()))
    }

    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<GenesisState, FinetuneError> {
        let mut providers = Vec::new();
        for item in state.prefix_raw(&state_key::providers_prefix(), None) {
            let (k, _) = item?;
            providers.push(
                state
                    .get_borsh::<Provider>(&k)?
                    .ok_or_else(|| invalid("provider vanished"))?,
            );
        }
        let mut jobs = Vec::new();
        for item in state.prefix_raw(&state_key::jobs_prefix(), None) {
            let (k, _) = item?;
            jobs.push(
                state
                    .get_borsh::<Job>(&k)?
                    .ok_or_else(|| invalid("job vanished"))?,
            );
        }
        Ok(GenesisState {
            params: state.finetune_params()?,
            next_job_id: state.next_job_id()?,
            providers,
            jobs,
        })
    }
}
