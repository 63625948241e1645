//! Genesis import and export: params, the next round id, validators, unbondings, rounds,
//! commitments and results. The model, settlement, unbonding and settled indexes are derived
//! on import. Import must run after bank's: the `feedback` module balance must equal the
//! bonds, the unbonding bonds and the unsettled reward pools.

use std::collections::{BTreeMap, BTreeSet};

use openledger_bank::BankRead;
use openledger_framework::{Address, StateRead, StateWrite, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::FeedbackError;
use crate::msg::check_items;
use crate::params::{Params, MAX_ITEMS};
use crate::state::{self, feedback_address, FeedbackRead};
use crate::state_key;
use crate::types::{Commitment, Round, RoundResult, Unbonding, Validator};

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default = "one")]
    pub next_round_id: u64,
    #[serde(default)]
    pub validators: Vec<Validator>,
    #[serde(default)]
    pub unbondings: Vec<Unbonding>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    #[serde(default)]
    pub results: Vec<RoundResult>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            next_round_id: 1,
            validators: Vec::new(),
            unbondings: Vec::new(),
            rounds: Vec::new(),
            commitments: Vec::new(),
            results: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> FeedbackError {
    FeedbackError::InvalidGenesis(m.into())
}

fn add(a: u128, b: u128) -> Result<u128, FeedbackError> {
    a.checked_add(b).ok_or(FeedbackError::Overflow)
}

impl GenesisState {
    /// aopen the module account must hold.
    pub fn escrowed(&self) -> Result<u128, FeedbackError> {
        let mut total: u128 = 0;
        for v in &self.validators {
            total = add(total, v.bond)?;
        }
        for u in &self.unbondings {
            total = add(total, u.amount)?;
        }
        for r in self.rounds.iter().filter(|r| !r.settled) {
            total = add(total, r.reward)?;
        }
        Ok(total)
    }

    pub fn validate(&self) -> Result<(), FeedbackError> {
        self.params
            .validate()
            .map_err(|e| invalid(format!("params: {e}")))?;
        if self.next_round_id == 0 {
            return Err(invalid("next_round_id must be at least 1"));
        }
        let mut validators: BTreeMap<Address, &Validator> = BTreeMap::new();
        for v in &self.validators {
            if validators.insert(v.address, v).is_some() {
                return Err(invalid(format!("duplicate validator {}", v.address)));
            }
        }
        let mut unbonding = BTreeSet::new();
        for u in &self.unbondings {
            if !unbonding.insert(u.address) || u.amount == 0 {
                return Err(invalid(format!(
                    "unbonding of {}: duplicate or zero",
                    u.address
                )));
            }
        }
        let mut rounds: BTreeMap<u64, &Round> = BTreeMap::new();
        for r in &self.rounds {
            if r.id == 0 || r.id >= self.next_round_id {
                return Err(invalid(format!(
                    "round id {} is not in 1..{}",
                    r.id, self.next_round_id
                )));
            }
            if rounds.insert(r.id, r).is_some() {
                return Err(invalid(format!("duplicate round {}", r.id)));
            }
            check_items(&r.item_hashes, MAX_ITEMS)
                .map_err(|e| invalid(format!("round {}: {e}", r.id)))?;
            if r.reveal_deadline_height <= r.commit_deadline_height || r.reward == 0 {
                return Err(invalid(format!(
                    "round {}: bad deadlines or zero reward",
                    r.id
                )));
            }
        }
        let mut commits: BTreeMap<u64, (u64, u64)> = BTreeMap::new();
        let mut open: BTreeMap<Address, u64> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for c in &self.commitments {
            let r = rounds
                .get(&c.round_id)
                .ok_or_else(|| invalid(format!("commitment in unknown round {}", c.round_id)))?;
            if !seen.insert((c.round_id, c.validator)) {
                return Err(invalid(format!(
                    "{} committed twice in round {}",
                    c.validator, c.round_id
                )));
            }
            let n = r.item_hashes.len();
            if (c.revealed && c.scores.len() != n) || (!c.revealed && !c.scores.is_empty()) {
                return Err(invalid(format!(
                    "commitment of {} in round {}: scores do not fit",
                    c.validator, c.round_id
                )));
            }
            if c.scores.iter().any(|s| *s > self.params.max_score) {
                return Err(invalid(format!(
                    "round {}: score above max_score",
                    c.round_id
                )));
            }
            let e = commits.entry(c.round_id).or_default();
            e.0 = e.0.saturating_add(1);
            if c.revealed {
                e.1 = e.1.saturating_add(1);
            }
            if !r.settled {
                let o = open.entry(c.validator).or_default();
                *o = o.saturating_add(1);
            }
        }
        for r in &self.rounds {
            let (n, rev) = commits.get(&r.id).copied().unwrap_or_default();
            if (r.commit_count, r.reveal_count) != (n, rev) {
                return Err(invalid(format!(
                    "round {} counts {} commitments and {} reveals, genesis holds {n} and {rev}",
                    r.id, r.commit_count, r.reveal_count
                )));
            }
        }
        for v in &self.validators {
            if open.remove(&v.address).unwrap_or(0) != v.open_rounds {
                return Err(invalid(format!(
                    "validator {}: open_rounds does not match its commitments",
                    v.address
                )));
            }
        }
        if let Some((a, _)) = open.into_iter().next() {
            return Err(invalid(format!(
                "{a} committed to an unsettled round but is not a validator"
            )));
        }
        let mut results = BTreeSet::new();
        for res in &self.results {
            let r = rounds
                .get(&res.round_id)
                .ok_or_else(|| invalid(format!("result of unknown round {}", res.round_id)))?;
            if !r.settled || !results.insert(res.round_id) {
                return Err(invalid(format!(
                    "result of round {}: unsettled or duplicate",
                    res.round_id
                )));
            }
        }
        if let Some(r) = self
            .rounds
            .iter()
            .find(|r| r.settled && !results.contains(&r.id))
        {
            return Err(invalid(format!("settled round {} has no result", r.id)));
        }
        self.escrowed()?;
        Ok(())
    }

    /// Write the state (validated first) and check the escrow against bank.
    pub fn init<S: StateWrite + ?Sized>(&self, state: &mut S) -> Result<(), FeedbackError> {
        self.validate()?;
        state::set_params(state, &self.params)?;
        state::set_next_round_id(state, self.next_round_id)?;
        for v in &self.validators {
            state::put_validator(state, v)?;
        }
        for u in &self.unbondings {
            state::put_unbonding(state, u)?;
        }
        for r in &self.rounds {
            state::put_round(state, r)?;
            state::index_round(state, r)?;
        }
        for c in &self.commitments {
            state::put_commitment(state, c)?;
        }
        for r in &self.results {
            state::put_result(state, r)?;
        }
        let want = self.escrowed()?;
        let have = state.balance(&feedback_address(), BASE_DENOM)?;
        if have != want {
            return Err(invalid(format!(
                "the feedback module account holds {have}aopen but genesis escrows {want}aopen"
            )));
        }
        Ok(())
    }

    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<GenesisState, FeedbackError> {
        fn all<S: StateRead + ?Sized, T: borsh::BorshDeserialize>(
            state: &S,
            prefix: &[u8],
        ) -> Result<Vec<T>, FeedbackError> {
            let mut out = Vec::new();
            for item in state.prefix_raw(prefix, None) {
                let (k, v) = item?;
                out.push(state::decode(&k, &v)?);
            }
            Ok(out)
        }
        Ok(GenesisState {
            params: state.feedback_params()?,
            next_round_id: state.next_round_id()?,
            validators: all(state, &state_key::validators_prefix())?,
            unbondings: all(state, &state_key::unbondings_prefix())?,
            rounds: all(state, &state_key::rounds_prefix())?,
            commitments: all(state, &state_key::commitments_prefix())?,
            results: all(state, &state_key::results_prefix())?,
        })
    }
}
