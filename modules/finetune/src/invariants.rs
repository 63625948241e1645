//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * the `finetune` module balance (aopen) equals the bonds of ACTIVE and UNBONDING providers
//!   plus the budgets of jobs not yet paid, refunded or cancelled;
//! * every provider's `active_jobs` is the number of jobs it holds;
//! * every job has exactly its index and queue keys.

use std::collections::BTreeMap;

use openledger_bank::BankRead;
use openledger_framework::{Address, StateRead, StateReadExt, BASE_DENOM};

use crate::error::FinetuneError;
use crate::state::{finetune_address, job_index_keys};
use crate::state_key;
use crate::types::{Job, Provider};

fn broken(m: String) -> FinetuneError {
    FinetuneError::Invariant(m)
}

fn all<S: StateRead + ?Sized, T: borsh::BorshDeserialize>(
    state: &S,
    prefix: &[u8],
) -> Result<Vec<T>, FinetuneError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(prefix, None) {
        let (_, v) = item?;
        out.push(
            T::try_from_slice(&v)
                .map_err(|e| openledger_framework::StateError::decode(prefix, e))?,
        );
    }
    Ok(out)
}

pub fn escrow_matches<S: StateRead + ?Sized>(state: &S) -> Result<(), FinetuneError> {
    let mut want: u128 = 0;
    for p in all::<S, Provider>(state, &state_key::providers_prefix())? {
        want = want
            .checked_add(p.escrowed())
            .ok_or(FinetuneError::Overflow)?;
    }
    for j in all::<S, Job>(state, &state_key::jobs_prefix())? {
        want = want
            .checked_add(j.escrowed())
            .ok_or(FinetuneError::Overflow)?;
    }
    let have = state.balance(&finetune_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "finetune module holds {have}aopen but bonds and budgets add up to {want}aopen"
        )));
    }
    Ok(())
}

pub fn records_match_indexes<S: StateRead + ?Sized>(state: &S) -> Result<(), FinetuneError> {
    let jobs = all::<S, Job>(state, &state_key::jobs_prefix())?;
    let mut held: BTreeMap<Address, u64> = BTreeMap::new();
    let mut expected_keys = 0usize;
    for j in &jobs {
        for k in job_index_keys(j) {
            if state.get_raw(&k)?.is_none() {
                return Err(broken(format!("job {} misses an index key", j.id)));
            }
            expected_keys = expected_keys.saturating_add(1);
        }
        if let (true, Some(p)) = (j.status.held_by_provider(), j.provider) {
            let n = held.entry(p).or_default();
            *n = n.saturating_add(1);
        }
    }
    let mut index_keys = 0usize;
    for prefix in [
        b"services/finetune/by_creator/".as_slice(),
        b"services/finetune/by_provider/",
        b"services/finetune/by_model/",
        b"services/finetune/by_status/",
        b"services/finetune/job_due/",
    ] {
        index_keys = index_keys.saturating_add(state.prefix_raw(prefix, None).count());
    }
    if index_keys != expected_keys {
        return Err(broken(format!(
            "{index_keys} job index keys, expected {expected_keys}"
        )));
    }
    for p in all::<S, Provider>(state, &state_key::providers_prefix())? {
        let n = held.get(&p.address).copied().unwrap_or(0);
        if n != p.active_jobs {
            return Err(broken(format!(
                "provider {} holds {n} jobs but active_jobs is {}",
                p.address, p.active_jobs
            )));
        }
        if state
            .get_borsh::<Provider>(&state_key::provider(&p.address))?
            .is_none()
        {
            return Err(broken(format!("provider {} is not at its key", p.address)));
        }
    }
    Ok(())
}

pub fn check<S: StateRead + ?Sized>(state: &S) -> Result<(), FinetuneError> {
    escrow_matches(state)?;
    records_match_indexes(state)
}
