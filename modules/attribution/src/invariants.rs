//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * escrow: the `attribution` module balance (aopen) equals Σ inference balances + Σ operator
//!   bonds + Σ claimable rewards + pending stakers + pending community;
//! * totals: `fees_charged = platform + creator + stakers + contributors_credited + withheld +
//!   dust`;
//! * rewards: Σ claimable + Σ claimed = creator + contributors_credited, and Σ claimed =
//!   totals.claimed;
//! * records: every receipt is below the next receipt id and passes its own checks (split
//!   identity, entry sums), and the unbonding queue holds exactly the UNBONDING operators.

use std::collections::BTreeSet;

use openledger_bank::BankRead;
use openledger_framework::{StateRead, BASE_DENOM};

use crate::error::AttributionError;
use crate::genesis::check_receipt;
use crate::state::{self, attribution_address, AttributionRead};
use crate::state_key;
use crate::types::OperatorStatus;

fn broken(m: String) -> AttributionError {
    AttributionError::Invariant(m)
}

fn add(acc: &mut u128, v: u128) -> Result<(), AttributionError> {
    *acc = acc.checked_add(v).ok_or(AttributionError::Overflow)?;
    Ok(())
}

pub fn escrow_matches<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let mut want: u128 = 0;
    for item in state.prefix_raw(&state_key::accounts_prefix(), None) {
        let (k, v) = item?;
        add(&mut want, state::decode_amount(&k, &v)?)?;
    }
    for item in state.prefix_raw(&state_key::operators_prefix(), None) {
        let (k, v) = item?;
        add(&mut want, state::decode_operator(&k, &v)?.bond)?;
    }
    for item in state.prefix_raw(&state_key::claimables_prefix(), None) {
        let (k, v) = item?;
        add(&mut want, state::decode_claimable(&k, &v)?.claimable)?;
    }
    let pending = state.attribution_pending()?;
    add(&mut want, pending.stakers)?;
    add(&mut want, pending.community)?;
    let have = state.balance(&attribution_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "attribution module holds {have}aopen but balances, bonds, claimable rewards and pending amounts add up to {want}aopen"
        )));
    }
    Ok(())
}

pub fn totals_identity<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let t = state.attribution_totals()?;
    if t.split_sum() != Some(t.fees_charged) {
        return Err(broken(format!(
            "fees charged {} differ from platform + creator + stakers + credited + withheld + dust {:?}",
            t.fees_charged,
            t.split_sum()
        )));
    }
    Ok(())
}

pub fn rewards_match<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let t = state.attribution_totals()?;
    let (mut claimable, mut claimed) = (0u128, 0u128);
    for item in state.prefix_raw(&state_key::claimables_prefix(), None) {
        let (k, v) = item?;
        let c = state::decode_claimable(&k, &v)?;
        add(&mut claimable, c.claimable)?;
        add(&mut claimed, c.claimed)?;
    }
    let paid = claimable.checked_add(claimed);
    let earned = t.creator.checked_add(t.contributors_credited);
    if paid.is_none() || paid != earned {
        return Err(broken(format!(
            "claimable {claimable} + claimed {claimed} differ from creator {} + contributors credited {}",
            t.creator, t.contributors_credited
        )));
    }
    if claimed != t.claimed {
        return Err(broken(format!(
            "Σ claimed {claimed} differs from totals.claimed {}",
            t.claimed
        )));
    }
    Ok(())
}

pub fn records_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let next = state.next_receipt_id()?;
    for item in state.prefix_raw(&state_key::receipts_prefix(), None) {
        let (k, v) = item?;
        let r = state::decode_receipt(&k, &v)?;
        if r.id == 0 || r.id >= next {
            return Err(broken(format!(
                "receipt {} at or past next id {next}",
                r.id
            )));
        }
        check_receipt(&r).map_err(|e| broken(format!("receipt {}: {e}", r.id)))?;
    }
    let mut want = BTreeSet::new();
    for item in state.prefix_raw(&state_key::operators_prefix(), None) {
        let (k, v) = item?;
        let o = state::decode_operator(&k, &v)?;
        if o.status == OperatorStatus::Unbonding {
            want.insert(state_key::unbonding(o.unbonding_completion, &o.address));
        }
    }
    let mut have = BTreeSet::new();
    for item in state.prefix_raw(&state_key::unbonding_prefix(), None) {
        let (k, _) = item?;
        have.insert(k);
    }
    if let Some(k) = want.symmetric_difference(&have).next() {
        return Err(broken(format!(
            "unbonding queue and operators disagree at {:?}",
            state_key::parse_unbonding(k)
        )));
    }
    Ok(())
}

/// Every invariant above.
pub fn check<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    escrow_matches(state)?;
    totals_identity(state)?;
    rewards_match(state)?;
    records_consistent(state)?;
    Ok(())
}
