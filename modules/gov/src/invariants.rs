//! Invariants, checked in tests after every block. They scan whole keyspaces, so they are for
//! tests and audits, never for block execution.
//!
//! * the `gov` module balance equals the total deposit of the proposals in their deposit or
//!   voting period, and each such proposal's total equals the sum of its deposit records;
//! * the `gov_gopen` module balance (aopen) equals total locked plus pending unlocks, and every
//!   unlock entry has its queue key and the other way round;
//! * every address's power equals the locked OPEN of the accounts delegating to it, and the sum
//!   of powers and the sum of locks equal the total locked.

use std::collections::BTreeMap;

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_bank::BankRead;
use openledger_framework::{Address, Coins, StateError, StateRead, BASE_DENOM};

use crate::error::GovError;
use crate::proposal::Proposal;
use crate::state::{self, gopen_address, gov_address, GovRead};
use crate::state_key;

fn broken(m: String) -> GovError {
    GovError::Invariant(m)
}

pub fn deposits_match_escrow<S: StateRead>(state: &S) -> Result<(), GovError> {
    let mut want = Coins::default();
    let mut open = BTreeMap::new();
    for item in state.prefix_raw(&state_key::proposals_prefix(), None) {
        let (k, v) = item?;
        let p: pb::Proposal =
            prost::Message::decode(v.as_slice()).map_err(|e| StateError::decode(&k, e))?;
        let p = Proposal::from_proto(&p)?;
        if p.status.is_open() {
            want = want.checked_add(&p.total_deposit)?;
            open.insert(p.id, (p.total_deposit, Coins::default()));
        }
    }
    for item in state.prefix_raw(&state_key::deposits_prefix(), None) {
        let (k, v) = item?;
        let d: pb::Deposit =
            prost::Message::decode(v.as_slice()).map_err(|e| StateError::decode(&k, e))?;
        let d = crate::proposal::Deposit::from_proto(&d)?;
        let entry = open.get_mut(&d.proposal_id).ok_or_else(|| {
            broken(format!(
                "deposit of {} on proposal {} which is not open",
                d.depositor, d.proposal_id
            ))
        })?;
        entry.1 = entry.1.checked_add(&d.amount)?;
    }
    for (id, (total, sum)) in &open {
        if total != sum {
            return Err(broken(format!(
                "proposal {id}: total deposit {total} but deposits add up to {sum}"
            )));
        }
    }
    let have = Coins::new(state.balances(&gov_address(), None, 1000)?)?;
    if have != want {
        return Err(broken(format!(
            "gov module holds {have} but open proposals' deposits add up to {want}"
        )));
    }
    Ok(())
}

pub fn gopen_escrow_matches<S: StateRead>(state: &S) -> Result<(), GovError> {
    let mut pending: u128 = 0;
    let mut entries = 0usize;
    for item in state.prefix_raw(&state_key::unlockings_prefix(), None) {
        let (k, v) = item?;
        let (owner, time) = state_key::parse_unlocking_key(&k)
            .ok_or_else(|| StateError::decode(&k, "bad unlocking key"))?;
        let amount = state::decode_u128(&k, &v)?;
        let queued = state::get_u128(state, &state_key::unlock_queue(time, &owner))?;
        if amount == 0 || queued != amount {
            return Err(broken(format!(
                "unlock of {owner} at {time}: entry {amount}, queue {queued}"
            )));
        }
        pending = pending.checked_add(amount).ok_or(GovError::Overflow)?;
        entries = entries.saturating_add(1);
    }
    let queued = state
        .prefix_raw(&state_key::unlock_queue_prefix(), None)
        .count();
    if queued != entries {
        return Err(broken(format!(
            "{entries} unlock entries but {queued} queue keys"
        )));
    }
    let total = state.total_power()?;
    let want = total.checked_add(pending).ok_or(GovError::Overflow)?;
    let have = state.balance(&gopen_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "gov_gopen holds {have}aopen but locked {total} + unlocking {pending} = {want}"
        )));
    }
    Ok(())
}

pub fn power_matches_locks<S: StateRead>(state: &S) -> Result<(), GovError> {
    let mut expected: BTreeMap<Address, u128> = BTreeMap::new();
    let mut locked: u128 = 0;
    let prefix = state_key::locks_prefix();
    for item in state.prefix_raw(&prefix, None) {
        let (k, _) = item?;
        let owner = state_key::parse_addr_suffix(&k, &prefix)
            .ok_or_else(|| StateError::decode(&k, "bad lock key"))?;
        let rec = state.gopen_lock(&owner)?;
        if rec == state::LockRecord::empty(&owner) {
            return Err(broken(format!("empty lock record stored for {owner}")));
        }
        locked = locked.checked_add(rec.locked).ok_or(GovError::Overflow)?;
        if rec.locked > 0 {
            let e = expected.entry(rec.delegatee).or_insert(0);
            *e = e.checked_add(rec.locked).ok_or(GovError::Overflow)?;
        }
    }
    let mut powers: BTreeMap<Address, u128> = BTreeMap::new();
    let mut sum: u128 = 0;
    let prefix = state_key::powers_prefix();
    for item in state.prefix_raw(&prefix, None) {
        let (k, v) = item?;
        let addr = state_key::parse_addr_suffix(&k, &prefix)
            .ok_or_else(|| StateError::decode(&k, "bad power key"))?;
        let p = state::decode_u128(&k, &v)?;
        sum = sum.checked_add(p).ok_or(GovError::Overflow)?;
        powers.insert(addr, p);
    }
    if powers != expected {
        return Err(broken(format!(
            "stored powers {powers:?} differ from the locks' delegations {expected:?}"
        )));
    }
    let total = state.total_power()?;
    if sum != total || locked != total {
        return Err(broken(format!(
            "sum of powers {sum}, sum of locks {locked}, total locked {total}"
        )));
    }
    Ok(())
}

/// Every invariant of the module.
pub fn check_all<S: StateRead>(state: &S) -> Result<(), GovError> {
    deposits_match_escrow(state)?;
    gopen_escrow_matches(state)?;
    power_matches_locks(state)
}
