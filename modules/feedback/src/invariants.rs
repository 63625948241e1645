//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * the `feedback` module balance (aopen) equals the validators' bonds, plus the unbonding
//!   bonds, plus the reward pools of the unsettled rounds;
//! * a validator's `open_rounds` is the number of unsettled rounds it committed to;
//! * every unsettled round is in the settlement queue, every settled one has a result.

use std::collections::BTreeMap;

use openledger_bank::BankRead;
use openledger_framework::{Address, StateRead, BASE_DENOM};

use crate::error::FeedbackError;
use crate::genesis::GenesisState;
use crate::state::feedback_address;
use crate::state_key;

fn broken(m: String) -> FeedbackError {
    FeedbackError::Invariant(m)
}

pub fn escrow_matches<S: StateRead + ?Sized>(state: &S) -> Result<(), FeedbackError> {
    let g = GenesisState::export(state)?;
    let want = g.escrowed()?;
    let have = state.balance(&feedback_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "feedback module holds {have}aopen but bonds, unbondings and open pools add up to {want}aopen"
        )));
    }
    Ok(())
}

pub fn records_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), FeedbackError> {
    let g = GenesisState::export(state)?;
    let settled: BTreeMap<u64, bool> = g.rounds.iter().map(|r| (r.id, r.settled)).collect();
    let mut open: BTreeMap<Address, u64> = BTreeMap::new();
    for c in &g.commitments {
        if settled.get(&c.round_id) == Some(&false) {
            let o = open.entry(c.validator).or_default();
            *o = o.saturating_add(1);
        }
    }
    for v in &g.validators {
        if open.remove(&v.address).unwrap_or(0) != v.open_rounds {
            return Err(broken(format!(
                "validator {} counts {} open rounds",
                v.address, v.open_rounds
            )));
        }
    }
    if let Some((a, _)) = open.into_iter().next() {
        return Err(broken(format!("{a} is committed but not a validator")));
    }
    for r in &g.rounds {
        let queued = state
            .get_raw(&state_key::settle_queue(r.reveal_deadline_height, r.id))?
            .is_some();
        let has_result = state.get_raw(&state_key::result(r.id))?.is_some();
        if r.settled != has_result || r.settled == queued {
            return Err(broken(format!(
                "round {}: settled {}, queued {queued}, result {has_result}",
                r.id, r.settled
            )));
        }
    }
    Ok(())
}

pub fn check_all<S: StateRead + ?Sized>(state: &S) -> Result<(), FeedbackError> {
    escrow_matches(state)?;
    records_consistent(state)
}
