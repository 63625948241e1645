//! Genesis import and export: params, adapters, serving declarations and uptime claims. The
//! model, operator and count indexes are derived on import. Import must run after the
//! attribution module's: every serving operator must be registered there.

use std::collections::BTreeSet;

use openledger_framework::{StateRead, StateWrite};
use serde::{Deserialize, Serialize};

use crate::adapter::{check_hash, check_licence, Adapter, ServingEntry, UptimeClaim};
use crate::error::AdaptersError;
use crate::keeper::AttributionKeeper;
use crate::params::{check_len, Params};
use crate::proto;
use crate::state::{self, AdaptersRead};
use crate::state_key;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// By hash.
    #[serde(default)]
    pub adapters: Vec<Adapter>,
    /// By adapter hash, then operator.
    #[serde(default)]
    pub serving: Vec<ServingEntry>,
    /// Each operator's latest claim.
    #[serde(default)]
    pub uptime_claims: Vec<UptimeClaim>,
}

fn invalid(m: impl Into<String>) -> AdaptersError {
    AdaptersError::InvalidGenesis(m.into())
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), AdaptersError> {
        let p = &self.params;
        p.validate().map_err(|e| invalid(format!("params: {e}")))?;
        let mut hashes = BTreeSet::new();
        for a in &self.adapters {
            let bad = |e: AdaptersError| invalid(format!("adapter {}: {e}", a.hash));
            check_hash(&a.hash).map_err(bad)?;
            if !hashes.insert(a.hash.as_str()) {
                return Err(invalid(format!("duplicate adapter {}", a.hash)));
            }
            if a.model_id == 0 || a.rank == 0 || a.size_bytes == 0 || a.base_model.trim().is_empty()
            {
                return Err(invalid(format!(
                    "adapter {}: zero model id, rank or size, or empty base model",
                    a.hash
                )));
            }
            check_len("base_model", &a.base_model, p.max_base_model_len).map_err(bad)?;
            check_licence(&a.licence, p.max_licence_len).map_err(bad)?;
        }
        let mut pairs = BTreeSet::new();
        for s in &self.serving {
            if !hashes.contains(s.adapter_hash.as_str()) {
                return Err(invalid(format!(
                    "{} serves unknown adapter {}",
                    s.operator, s.adapter_hash
                )));
            }
            if !pairs.insert((s.adapter_hash.as_str(), s.operator)) {
                return Err(invalid(format!(
                    "{} serves {} twice",
                    s.operator, s.adapter_hash
                )));
            }
        }
        let mut claimants = BTreeSet::new();
        for c in &self.uptime_claims {
            c.check()
                .map_err(|e| invalid(format!("uptime claim of {}: {e}", c.operator)))?;
            if !claimants.insert(c.operator) {
                return Err(invalid(format!("two uptime claims of {}", c.operator)));
            }
        }
        Ok(())
    }

    pub fn init<S: StateWrite + ?Sized>(
        &self,
        state: &mut S,
        attribution: &dyn AttributionKeeper,
    ) -> Result<(), AdaptersError> {
        self.validate()?;
        {
            let read: &S = &*state;
            let read: &dyn StateRead = &read;
            let operators: BTreeSet<_> = self
                .serving
                .iter()
                .map(|s| s.operator)
                .chain(self.uptime_claims.iter().map(|c| c.operator))
                .collect();
            for op in operators {
                if attribution.operator(read, &op)?.is_none() {
                    return Err(invalid(format!("{op} is not a registered operator")));
                }
            }
        }
        state::set_params(state, &self.params)?;
        for a in &self.adapters {
            state::put_adapter(state, a)?;
        }
        for s in &self.serving {
            state::put_serving(state, s, true)?;
        }
        for c in &self.uptime_claims {
            state::put_uptime(state, c)?;
        }
        Ok(())
    }

    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<Self, AdaptersError> {
        let mut adapters = Vec::new();
        for item in state.prefix_raw(&state_key::adapters_prefix(), None) {
            let (k, v) = item?;
            let p = <proto::Adapter as prost::Message>::decode(v.as_slice())
                .map_err(|e| openledger_framework::StateError::decode(&k, e))?;
            adapters.push(Adapter::from_proto(&p)?);
        }
        let mut serving = Vec::new();
        for item in state.prefix_raw(&state_key::serving_prefix(), None) {
            let (k, v) = item?;
            serving.push(state::decode_serving(&k, &v)?);
        }
        let mut uptime_claims = Vec::new();
        for item in state.prefix_raw(&state_key::uptime_prefix(), None) {
            let (k, v) = item?;
            let p = <proto::UptimeClaim as prost::Message>::decode(v.as_slice())
                .map_err(|e| openledger_framework::StateError::decode(&k, e))?;
            uptime_claims.push(UptimeClaim::from_proto(&p)?);
        }
        Ok(GenesisState {
            params: state.adapters_params()?,
            adapters,
            serving,
            uptime_claims,
        })
    }
}
