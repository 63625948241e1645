//! Invariants, checked in tests after every operation. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * escrow: the `attribution` module balance (aopen) equals Σ inference balances + Σ operator
//!   bonds + Σ claimable rewards + pending stakers + pending community + the held data pools
//!   (`totals.held`) + Σ bonds of OPEN challenges;
//! * totals: `fees_charged = platform + creator + stakers + contributors_credited + withheld +
//!   unattributed + dust + held`;
//! * rewards: Σ claimable + Σ claimed = creator + contributors_credited, and Σ claimed =
//!   totals.claimed;
//! * holds: `totals.held` = Σ data pools of the held receipts, and each address's pending
//!   credits = its credits in the held receipts' splits in force (corrected if corrected);
//!   the release queue holds exactly the held receipts without an unsettled challenge;
//! * challenges: each passes its checks against its receipt; the status index, the deadline
//!   queue (OPEN only) and the OPEN count agree with the challenges; an unsettled challenge's
//!   receipt is held and names it; corrected receipts exist exactly for CORRECTED challenges;
//! * records: every receipt is below the next receipt id and passes its own checks (split
//!   identity, entry sums), and the unbonding queue holds exactly the UNBONDING operators;
//! * requests: the withdrawal queue holds exactly the requested withdrawals (by completion
//!   and user), the revocation queue exactly the requested revocations, and every requested
//!   revocation names an existing grant. A requested withdrawal moves nothing until it is
//!   paid: its aopen is still in the user's balance (escrow above).

use std::collections::{BTreeMap, BTreeSet};

use openledger_bank::BankRead;
use openledger_framework::{Address, StateRead, BASE_DENOM};

use crate::error::AttributionError;
use crate::genesis::{check_challenge, check_corrected, check_receipt};
use crate::state::{self, attribution_address, AttributionRead, HoldRecord};
use crate::state_key;
use crate::types::{ChallengeStatus, OperatorStatus};

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
    add(&mut want, state.attribution_totals()?.held)?;
    for item in state.prefix_raw(&state_key::challenges_prefix(), None) {
        let (k, v) = item?;
        let c = state::decode_challenge(&k, &v)?;
        if c.status == ChallengeStatus::Open {
            add(&mut want, c.bond)?;
        }
    }
    let have = state.balance(&attribution_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "attribution module holds {have}aopen but balances, bonds, claimable rewards, pending amounts, held data pools and open challenge bonds add up to {want}aopen"
        )));
    }
    Ok(())
}

pub fn totals_identity<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let t = state.attribution_totals()?;
    if t.split_sum() != Some(t.fees_charged) {
        return Err(broken(format!(
            "fees charged {} differ from platform + creator + stakers + credited + withheld + unattributed + dust + held {:?}",
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

pub fn holds_match<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let mut held: u128 = 0;
    let mut want_pending: BTreeMap<Address, u128> = BTreeMap::new();
    let mut want_queue = BTreeSet::new();
    for item in state.prefix_raw(&state_key::holds_prefix(), None) {
        let (k, v) = item?;
        let id = state_key::trailing_u64(&k).ok_or_else(|| broken("malformed hold key".into()))?;
        let hold = HoldRecord::decode(&k, &v)?;
        let r = state
            .effective_receipt(id)?
            .ok_or_else(|| broken(format!("hold of missing receipt {id}")))?;
        add(&mut held, r.data_pool)?;
        for e in &r.entries {
            if e.amount > 0 {
                add(want_pending.entry(e.contributor).or_default(), e.amount)?;
            }
        }
        let unsettled = match hold.challenge_id {
            0 => false,
            cid => {
                let c = state.challenge(cid)?.ok_or_else(|| {
                    broken(format!(
                        "hold of receipt {id} names missing challenge {cid}"
                    ))
                })?;
                if c.receipt_id != id {
                    return Err(broken(format!(
                        "hold of receipt {id} names challenge {cid} of another receipt"
                    )));
                }
                c.status.is_unsettled()
            }
        };
        if !unsettled {
            want_queue.insert(state_key::release(hold.release_secs, id));
        }
    }
    let t = state.attribution_totals()?;
    if held != t.held {
        return Err(broken(format!(
            "held receipts' data pools add up to {held}, totals.held is {}",
            t.held
        )));
    }
    let mut have_pending: BTreeMap<Address, u128> = BTreeMap::new();
    for item in state.prefix_raw(&state_key::claimables_prefix(), None) {
        let (k, v) = item?;
        let c = state::decode_claimable(&k, &v)?;
        if c.pending > 0 {
            let a = state_key::trailing_address(&k)
                .ok_or_else(|| broken("malformed claimable key".into()))?;
            have_pending.insert(a, c.pending);
        }
    }
    if have_pending != want_pending {
        return Err(broken(
            "pending credits differ from the held receipts' credits per address".into(),
        ));
    }
    let mut have_queue = BTreeSet::new();
    for item in state.prefix_raw(&state_key::release_queue_prefix(), None) {
        let (k, _) = item?;
        have_queue.insert(k);
    }
    if let Some(k) = want_queue.symmetric_difference(&have_queue).next() {
        return Err(broken(format!(
            "release queue and holds disagree at {:?}",
            state_key::parse_release(k)
        )));
    }
    Ok(())
}

pub fn challenges_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let next = state.next_challenge_id()?;
    let mut want_status = BTreeSet::new();
    let mut want_deadline = BTreeSet::new();
    let mut open: u64 = 0;
    let mut challenged = BTreeSet::new();
    let mut corrected_by_challenge = BTreeSet::new();
    for item in state.prefix_raw(&state_key::challenges_prefix(), None) {
        let (k, v) = item?;
        let c = state::decode_challenge(&k, &v)?;
        if c.id >= next || !challenged.insert(c.receipt_id) {
            return Err(broken(format!(
                "challenge {} is past the next id or its receipt is challenged twice",
                c.id
            )));
        }
        let r = state
            .receipt(c.receipt_id)?
            .ok_or_else(|| broken(format!("challenge {} names a missing receipt", c.id)))?;
        let corrected = state.corrected_receipt(c.receipt_id)?;
        let hold = state.receipt_hold(c.receipt_id)?;
        if let Some(h) = hold {
            if h.challenge_id != c.id {
                return Err(broken(format!(
                    "held receipt {} does not name its challenge {}",
                    c.receipt_id, c.id
                )));
            }
        }
        check_challenge(&c, &r, corrected.as_ref(), hold.is_some())
            .map_err(|e| broken(format!("challenge {}: {e}", c.id)))?;
        if let Some(fixed) = &corrected {
            check_corrected(&r, fixed)
                .map_err(|e| broken(format!("corrected receipt {}: {e}", r.id)))?;
            corrected_by_challenge.insert(r.id);
        }
        want_status.insert(state_key::challenge_status(c.status.tag(), c.id));
        if c.status == ChallengeStatus::Open {
            want_deadline.insert(state_key::challenge_deadline(c.deadline_height, c.id));
            open = open.checked_add(1).ok_or(AttributionError::Overflow)?;
        }
    }
    let keys = |prefix: Vec<u8>| -> Result<BTreeSet<Vec<u8>>, AttributionError> {
        let mut out = BTreeSet::new();
        for item in state.prefix_raw(&prefix, None) {
            out.insert(item?.0);
        }
        Ok(out)
    };
    if keys(state_key::challenge_status_prefix())? != want_status {
        return Err(broken("challenge status index disagrees".into()));
    }
    if keys(state_key::challenge_deadline_prefix())? != want_deadline {
        return Err(broken("challenge deadline queue disagrees".into()));
    }
    if state.open_challenge_count()? != open {
        return Err(broken(format!(
            "open challenge count {} but {open} are OPEN",
            state.open_challenge_count()?
        )));
    }
    let mut corrected = BTreeSet::new();
    for k in keys(state_key::corrected_prefix())? {
        corrected.insert(
            state_key::trailing_u64(&k).ok_or_else(|| broken("malformed corrected key".into()))?,
        );
    }
    if corrected != corrected_by_challenge {
        return Err(broken(
            "corrected receipts differ from the CORRECTED challenges".into(),
        ));
    }
    Ok(())
}

/// Every invariant above.
pub fn check<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    escrow_matches(state)?;
    totals_identity(state)?;
    rewards_match(state)?;
    holds_match(state)?;
    challenges_consistent(state)?;
    records_consistent(state)?;
    requests_consistent(state)?;
    Ok(())
}

pub fn requests_consistent<S: StateRead + ?Sized>(state: &S) -> Result<(), AttributionError> {
    let mut want = BTreeSet::new();
    for item in state.prefix_raw(&state_key::withdrawals_prefix(), None) {
        let (k, _) = item?;
        let user = state_key::trailing_address(&k)
            .ok_or_else(|| broken("malformed withdrawal key".into()))?;
        let w = state
            .pending_withdrawal(&user)?
            .ok_or_else(|| broken(format!("withdrawal of {user} vanished")))?;
        if w.user != user {
            return Err(broken(format!("withdrawal of {user} names {}", w.user)));
        }
        want.insert(state_key::withdrawal_queue(w.completion, &user));
    }
    let mut have = BTreeSet::new();
    for item in state.prefix_raw(&state_key::withdrawal_queue_prefix(), None) {
        have.insert(item?.0);
    }
    if want != have {
        return Err(broken(
            "the withdrawal queue does not match the requested withdrawals".into(),
        ));
    }
    let mut want = BTreeSet::new();
    for item in state.prefix_raw(&state_key::revocations_prefix(), None) {
        let (k, v) = item?;
        let (user, operator, model_id) = state_key::parse_revocation(&k)
            .ok_or_else(|| broken("malformed revocation key".into()))?;
        let completion = state::decode_u64(&k, &v)?;
        if state.inference_grant(&user, &operator, model_id)?.is_none() {
            return Err(broken(format!(
                "revocation of a missing grant ({user}, {operator}, {model_id})"
            )));
        }
        want.insert(state_key::revocation_queue(
            completion, &user, &operator, model_id,
        ));
    }
    let mut have = BTreeSet::new();
    for item in state.prefix_raw(&state_key::revocation_queue_prefix(), None) {
        have.insert(item?.0);
    }
    if want != have {
        return Err(broken(
            "the revocation queue does not match the requested revocations".into(),
        ));
    }
    Ok(())
}
