//! The only way to touch attribution state. [`AttributionRead`] is public for the app and
//! other modules; writes stay inside this crate (handlers, end block and genesis).

use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::AttributionError;
use crate::params::{EngineParams, Params};
use crate::proto;
use crate::state_key;
use crate::types::{
    Challenge, ChallengeStatus, Claimable, ContributorInfluence, DatanetInfluence, Operator,
    Pending, PendingWithdrawal, Receipt, Totals,
};

/// The state of a held data pool (`attribution/held/<receipt id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoldRecord {
    /// Unix seconds from which end block may release it.
    pub release_secs: u64,
    /// The receipt's challenge (0: never challenged). While that challenge is OPEN or
    /// ESCALATED the hold is out of the release queue.
    pub challenge_id: u64,
}

impl HoldRecord {
    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(16);
        v.extend_from_slice(&self.release_secs.to_be_bytes());
        v.extend_from_slice(&self.challenge_id.to_be_bytes());
        v
    }

    pub(crate) fn decode(key: &[u8], bytes: &[u8]) -> Result<HoldRecord, StateError> {
        let bad = || StateError::decode(key, "hold is not 16 bytes");
        let (a, b) = (
            bytes.get(..8).ok_or_else(bad)?,
            bytes.get(8..).ok_or_else(bad)?,
        );
        Ok(HoldRecord {
            release_secs: decode_u64(key, a)?,
            challenge_id: decode_u64(key, b)?,
        })
    }
}

/// Name of the module account that holds deposits, operator bonds, claimable rewards and the
/// per-block pending amounts.
pub const ATTRIBUTION_MODULE: &str = "attribution";

/// `Address::module("attribution")`.
pub fn attribution_address() -> Address {
    Address::module(ATTRIBUTION_MODULE)
}

/// `Address::module("gov")`: the authority of governance-executed messages.
pub fn gov_address() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

fn decode<T: prost::Message + Default>(key: &[u8], bytes: &[u8]) -> Result<T, StateError> {
    T::decode(bytes).map_err(|e| StateError::decode(key, e))
}

/// A stored u128 (16 bytes BE).
pub(crate) fn decode_amount(key: &[u8], bytes: &[u8]) -> Result<u128, StateError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "amount is not 16 bytes"))?;
    Ok(u128::from_be_bytes(arr))
}

/// A stored u64 (8 bytes BE).
pub(crate) fn decode_u64(key: &[u8], bytes: &[u8]) -> Result<u64, StateError> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "not 8 bytes"))?;
    Ok(u64::from_be_bytes(arr))
}

/// A stored record that failed its own checks (the key is named in the message).
fn corrupt(key: &[u8], e: AttributionError) -> AttributionError {
    AttributionError::State(StateError::decode(key, e))
}

pub(crate) fn decode_operator(key: &[u8], bytes: &[u8]) -> Result<Operator, AttributionError> {
    Operator::from_proto(&decode::<proto::Operator>(key, bytes)?).map_err(|e| corrupt(key, e))
}

pub(crate) fn decode_receipt(key: &[u8], bytes: &[u8]) -> Result<Receipt, AttributionError> {
    Receipt::from_proto(&decode::<proto::Receipt>(key, bytes)?).map_err(|e| corrupt(key, e))
}

pub(crate) fn decode_challenge(key: &[u8], bytes: &[u8]) -> Result<Challenge, AttributionError> {
    Challenge::from_proto(&decode::<proto::Challenge>(key, bytes)?).map_err(|e| corrupt(key, e))
}

pub(crate) fn decode_claimable(key: &[u8], bytes: &[u8]) -> Result<Claimable, AttributionError> {
    Claimable::from_proto(&decode::<proto::Claimable>(key, bytes)?).map_err(|e| corrupt(key, e))
}

pub(crate) fn decode_datanet_influence(
    key: &[u8],
    bytes: &[u8],
) -> Result<DatanetInfluence, AttributionError> {
    DatanetInfluence::from_proto(&decode::<proto::DatanetInfluence>(key, bytes)?)
        .map_err(|e| corrupt(key, e))
}

pub(crate) fn decode_contributor_influence(
    key: &[u8],
    bytes: &[u8],
) -> Result<ContributorInfluence, AttributionError> {
    ContributorInfluence::from_proto(&decode::<proto::ContributorInfluence>(key, bytes)?)
        .map_err(|e| corrupt(key, e))
}

fn get_amount<S: StateRead + ?Sized>(state: &S, key: &[u8]) -> Result<Option<u128>, StateError> {
    match state.get_raw(key)? {
        None => Ok(None),
        Some(v) => decode_amount(key, &v).map(Some),
    }
}

/// Attribution state the app and other modules may read.
pub trait AttributionRead: StateRead {
    fn attribution_params(&self) -> Result<Params, AttributionError> {
        let key = state_key::params();
        match self.get_proto::<proto::Params>(&key)? {
            None => Ok(Params::default()),
            Some(p) => Params::from_proto(&p).map_err(|e| corrupt(&key, e)),
        }
    }

    /// The id of the current engine params (0 before genesis wrote them).
    fn engine_params_id(&self) -> Result<u64, AttributionError> {
        let key = state_key::engine_params_id();
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_u64(&key, &v)?),
        }
    }

    /// The engine params of an id, current or past.
    fn engine_params_record(&self, id: u64) -> Result<Option<EngineParams>, AttributionError> {
        let key = state_key::engine_params(id);
        Ok(self
            .get_proto::<proto::EngineParams>(&key)?
            .map(|p| EngineParams::from_proto(&p)))
    }

    /// The id the next receipt gets (1 on a fresh chain).
    fn next_receipt_id(&self) -> Result<u64, AttributionError> {
        let key = state_key::next_receipt_id();
        match self.get_raw(&key)? {
            None => Ok(1),
            Some(v) => Ok(decode_u64(&key, &v)?),
        }
    }

    fn attribution_totals(&self) -> Result<Totals, AttributionError> {
        let key = state_key::totals();
        match self.get_proto::<proto::Totals>(&key)? {
            None => Ok(Totals::default()),
            Some(p) => Totals::from_proto(&p).map_err(|e| corrupt(&key, e)),
        }
    }

    /// Amounts the next end block sends to the fee collector and the community pool.
    fn attribution_pending(&self) -> Result<Pending, AttributionError> {
        let key = state_key::pending();
        match self.get_proto::<proto::Pending>(&key)? {
            None => Ok(Pending::default()),
            Some(p) => Pending::from_proto(&p).map_err(|e| corrupt(&key, e)),
        }
    }

    fn inference_operator(&self, addr: &Address) -> Result<Option<Operator>, AttributionError> {
        let key = state_key::operator(addr);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_operator(&key, &v).map(Some),
        }
    }

    /// How many challenges of the operator's receipts were settled CORRECTED.
    fn challenges_lost(&self, addr: &Address) -> Result<u64, AttributionError> {
        let key = state_key::challenges_lost(addr);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_u64(&key, &v)?),
        }
    }

    /// A user's deposited inference balance.
    fn inference_balance(&self, user: &Address) -> Result<u128, AttributionError> {
        Ok(get_amount(self, &state_key::account(user))?.unwrap_or(0))
    }

    /// The remaining spend limit of the grant `(user, operator, model_id)`, if there is one.
    fn inference_grant(
        &self,
        user: &Address,
        operator: &Address,
        model_id: u64,
    ) -> Result<Option<u128>, AttributionError> {
        Ok(get_amount(
            self,
            &state_key::grant(user, operator, model_id),
        )?)
    }

    /// The user's requested withdrawal, if one is pending.
    fn pending_withdrawal(
        &self,
        user: &Address,
    ) -> Result<Option<PendingWithdrawal>, AttributionError> {
        let key = state_key::withdrawal(user);
        match self.get_proto::<proto::PendingWithdrawal>(&key)? {
            None => Ok(None),
            Some(p) => PendingWithdrawal::from_proto(&p)
                .map(Some)
                .map_err(|e| corrupt(&key, e)),
        }
    }

    /// The completion (unix secs) of a requested revocation of the grant, if one is pending.
    fn grant_revocation(
        &self,
        user: &Address,
        operator: &Address,
        model_id: u64,
    ) -> Result<Option<u64>, AttributionError> {
        let key = state_key::revocation(user, operator, model_id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(decode_u64(&key, &v)?)),
        }
    }

    /// An address's rewards (all zero if it never earned any).
    fn claimable_rewards(&self, addr: &Address) -> Result<Claimable, AttributionError> {
        let key = state_key::claimable(addr);
        match self.get_raw(&key)? {
            None => Ok(Claimable::default()),
            Some(v) => decode_claimable(&key, &v),
        }
    }

    fn receipt(&self, id: u64) -> Result<Option<Receipt>, AttributionError> {
        let key = state_key::receipt(id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_receipt(&key, &v).map(Some),
        }
    }

    /// The receipt as a CORRECTED challenge re-split its data pool, if it was corrected.
    fn corrected_receipt(&self, id: u64) -> Result<Option<Receipt>, AttributionError> {
        let key = state_key::corrected(id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_receipt(&key, &v).map(Some),
        }
    }

    /// The split in force for a receipt: the corrected one if a challenge corrected it.
    fn effective_receipt(&self, id: u64) -> Result<Option<Receipt>, AttributionError> {
        match self.corrected_receipt(id)? {
            Some(r) => Ok(Some(r)),
            None => self.receipt(id),
        }
    }

    /// The receipt's held data pool, while it is held.
    fn receipt_hold(&self, receipt_id: u64) -> Result<Option<HoldRecord>, AttributionError> {
        let key = state_key::held(receipt_id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(HoldRecord::decode(&key, &v)?)),
        }
    }

    /// The id the next challenge gets (1 on a fresh chain).
    fn next_challenge_id(&self) -> Result<u64, AttributionError> {
        let key = state_key::next_challenge_id();
        match self.get_raw(&key)? {
            None => Ok(1),
            Some(v) => Ok(decode_u64(&key, &v)?),
        }
    }

    fn challenge(&self, id: u64) -> Result<Option<Challenge>, AttributionError> {
        let key = state_key::challenge(id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_challenge(&key, &v).map(Some),
        }
    }

    /// The number of OPEN challenges.
    fn open_challenge_count(&self) -> Result<u64, AttributionError> {
        let key = state_key::open_challenge_count();
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_u64(&key, &v)?),
        }
    }

    /// The receipt an operator recorded under `request_id`, if any.
    fn receipt_id_for_request(
        &self,
        operator: &Address,
        request_id: &str,
    ) -> Result<Option<u64>, AttributionError> {
        let key = state_key::request(operator, request_id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(decode_u64(&key, &v)?)),
        }
    }

    /// What a contributor was credited for its contributions to one datanet.
    fn contributor_datanet_earned(
        &self,
        contributor: &Address,
        datanet_id: u64,
    ) -> Result<u128, AttributionError> {
        Ok(get_amount(self, &state_key::contrib_dn(contributor, datanet_id))?.unwrap_or(0))
    }

    /// What a contributor was credited from one model's inferences.
    fn contributor_model_earned(
        &self,
        contributor: &Address,
        model_id: u64,
    ) -> Result<u128, AttributionError> {
        Ok(get_amount(self, &state_key::contrib_model(contributor, model_id))?.unwrap_or(0))
    }

    fn datanet_influence(
        &self,
        model_id: u64,
        datanet_id: u64,
    ) -> Result<Option<DatanetInfluence>, AttributionError> {
        let key = state_key::model_dn(model_id, datanet_id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_datanet_influence(&key, &v).map(Some),
        }
    }

    fn contributor_influence(
        &self,
        model_id: u64,
        contributor: &Address,
    ) -> Result<Option<ContributorInfluence>, AttributionError> {
        let key = state_key::model_contrib(model_id, contributor);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_contributor_influence(&key, &v).map(Some),
        }
    }
}
impl<S: StateRead + ?Sized> AttributionRead for S {}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), AttributionError> {
    params.validate()?;
    state.put_proto(state_key::params(), &params.to_proto())?;
    // A new engine parameter set gets the next id; ids and their params are never reused.
    let current = state.engine_params_id()?;
    let unchanged =
        current > 0 && state.engine_params_record(current)? == Some(params.engine.clone());
    if !unchanged {
        let id = current.checked_add(1).ok_or(AttributionError::Overflow)?;
        put_engine_params_record(state, id, &params.engine)?;
    }
    Ok(())
}

/// Stores the engine params of `id` and makes `id` the current one.
pub(crate) fn put_engine_params_record<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    engine: &EngineParams,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::engine_params(id), &engine.to_proto())?;
    state.put_raw(state_key::engine_params_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn set_next_receipt_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), AttributionError> {
    state.put_raw(state_key::next_receipt_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn put_totals<S: StateWrite + ?Sized>(
    state: &mut S,
    t: &Totals,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::totals(), &t.to_proto())?;
    Ok(())
}

pub(crate) fn put_pending<S: StateWrite + ?Sized>(
    state: &mut S,
    p: &Pending,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::pending(), &p.to_proto())?;
    Ok(())
}

pub(crate) fn put_operator<S: StateWrite + ?Sized>(
    state: &mut S,
    o: &Operator,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::operator(&o.address), &o.to_proto())?;
    Ok(())
}

/// Count one more challenge lost by `operator`.
pub(crate) fn incr_challenges_lost<S: StateWrite + ?Sized>(
    state: &mut S,
    operator: &Address,
) -> Result<(), AttributionError> {
    let n = state
        .challenges_lost(operator)?
        .checked_add(1)
        .ok_or(AttributionError::Overflow)?;
    state.put_raw(
        state_key::challenges_lost(operator),
        n.to_be_bytes().to_vec(),
    )?;
    Ok(())
}

pub(crate) fn enqueue_unbonding<S: StateWrite + ?Sized>(
    state: &mut S,
    completion_secs: u64,
    operator: &Address,
) -> Result<(), AttributionError> {
    state.put_raw(
        state_key::unbonding(completion_secs, operator),
        operator.as_bytes().to_vec(),
    )?;
    Ok(())
}

/// A zero balance is deleted.
pub(crate) fn set_inference_balance<S: StateWrite + ?Sized>(
    state: &mut S,
    user: &Address,
    amount: u128,
) -> Result<(), AttributionError> {
    let key = state_key::account(user);
    if amount == 0 {
        state.delete(key)?;
    } else {
        state.put_raw(key, amount.to_be_bytes().to_vec())?;
    }
    Ok(())
}

/// A grant at 0 is kept (it still names the operator; a new `MsgGrant` refills it).
pub(crate) fn set_grant<S: StateWrite + ?Sized>(
    state: &mut S,
    user: &Address,
    operator: &Address,
    model_id: u64,
    remaining: u128,
) -> Result<(), AttributionError> {
    state.put_raw(
        state_key::grant(user, operator, model_id),
        remaining.to_be_bytes().to_vec(),
    )?;
    Ok(())
}

/// Store a requested withdrawal, replacing the user's previous one (and its queue entry).
pub(crate) fn put_withdrawal<S: StateWrite + ?Sized>(
    state: &mut S,
    w: &PendingWithdrawal,
) -> Result<(), AttributionError> {
    delete_withdrawal(state, &w.user)?;
    state.put_proto(state_key::withdrawal(&w.user), &w.to_proto())?;
    state.put_raw(
        state_key::withdrawal_queue(w.completion, &w.user),
        w.user.as_bytes().to_vec(),
    )?;
    Ok(())
}

/// Delete the user's requested withdrawal and its queue entry, if any.
pub(crate) fn delete_withdrawal<S: StateWrite + ?Sized>(
    state: &mut S,
    user: &Address,
) -> Result<(), AttributionError> {
    if let Some(old) = state.pending_withdrawal(user)? {
        state.delete(state_key::withdrawal_queue(old.completion, user))?;
        state.delete(state_key::withdrawal(user))?;
    }
    Ok(())
}

/// Store a requested revocation of a grant, queued by its completion (unix secs).
pub(crate) fn put_revocation<S: StateWrite + ?Sized>(
    state: &mut S,
    user: &Address,
    operator: &Address,
    model_id: u64,
    completion: u64,
) -> Result<(), AttributionError> {
    delete_revocation(state, user, operator, model_id)?;
    state.put_raw(
        state_key::revocation(user, operator, model_id),
        completion.to_be_bytes().to_vec(),
    )?;
    state.put_raw(
        state_key::revocation_queue(completion, user, operator, model_id),
        model_id.to_be_bytes().to_vec(),
    )?;
    Ok(())
}

/// Delete a grant's requested revocation and its queue entry, if any.
pub(crate) fn delete_revocation<S: StateWrite + ?Sized>(
    state: &mut S,
    user: &Address,
    operator: &Address,
    model_id: u64,
) -> Result<(), AttributionError> {
    if let Some(completion) = state.grant_revocation(user, operator, model_id)? {
        state.delete(state_key::revocation_queue(
            completion, user, operator, model_id,
        ))?;
        state.delete(state_key::revocation(user, operator, model_id))?;
    }
    Ok(())
}

pub(crate) fn put_claimable<S: StateWrite + ?Sized>(
    state: &mut S,
    addr: &Address,
    c: &Claimable,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::claimable(addr), &c.to_proto())?;
    Ok(())
}

/// Write a receipt with its model, user, operator and request indexes.
pub(crate) fn put_receipt<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Receipt,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::receipt(r.id), &r.to_proto())?;
    let id = r.id.to_be_bytes().to_vec();
    state.put_raw(state_key::by_model(r.model_id, r.id), id.clone())?;
    state.put_raw(state_key::by_user(&r.user, r.id), id.clone())?;
    state.put_raw(state_key::by_operator(&r.operator, r.id), id.clone())?;
    state.put_raw(state_key::request(&r.operator, &r.request_id), id)?;
    Ok(())
}

fn add_amount<S: StateWrite + ?Sized>(
    state: &mut S,
    key: Vec<u8>,
    amount: u128,
) -> Result<(), AttributionError> {
    if amount == 0 {
        return Ok(());
    }
    let have = get_amount(&*state, &key)?.unwrap_or(0);
    let new = have.checked_add(amount).ok_or(AttributionError::Overflow)?;
    state.put_raw(key, new.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn add_contrib_dn<S: StateWrite + ?Sized>(
    state: &mut S,
    contributor: &Address,
    datanet_id: u64,
    amount: u128,
) -> Result<(), AttributionError> {
    add_amount(
        state,
        state_key::contrib_dn(contributor, datanet_id),
        amount,
    )
}

pub(crate) fn add_contrib_model<S: StateWrite + ?Sized>(
    state: &mut S,
    contributor: &Address,
    model_id: u64,
    amount: u128,
) -> Result<(), AttributionError> {
    add_amount(
        state,
        state_key::contrib_model(contributor, model_id),
        amount,
    )
}

/// Write a datanet's influence on a model and move its leaderboard key (by earnings) from
/// `old` (absent for a new row).
pub(crate) fn put_datanet_influence<S: StateWrite + ?Sized>(
    state: &mut S,
    model_id: u64,
    old: Option<&DatanetInfluence>,
    new: &DatanetInfluence,
) -> Result<(), AttributionError> {
    if let Some(old) = old {
        state.delete(state_key::top_dn(model_id, old.earned, old.datanet_id))?;
    }
    state.put_raw(
        state_key::top_dn(model_id, new.earned, new.datanet_id),
        new.datanet_id.to_be_bytes().to_vec(),
    )?;
    state.put_proto(
        state_key::model_dn(model_id, new.datanet_id),
        &new.to_proto(),
    )?;
    Ok(())
}

/// Write a contributor's influence on a model and move its leaderboard key from `old`
/// (absent for a new row).
pub(crate) fn put_contributor_influence<S: StateWrite + ?Sized>(
    state: &mut S,
    model_id: u64,
    old: Option<&ContributorInfluence>,
    new: &ContributorInfluence,
) -> Result<(), AttributionError> {
    if let Some(old) = old {
        state.delete(state_key::top_contrib(
            model_id,
            old.earned,
            &old.contributor,
        ))?;
    }
    state.put_raw(
        state_key::top_contrib(model_id, new.earned, &new.contributor),
        new.contributor.as_bytes().to_vec(),
    )?;
    state.put_proto(
        state_key::model_contrib(model_id, &new.contributor),
        &new.to_proto(),
    )?;
    Ok(())
}

/// Hold a receipt's data pool until `release_secs`, queued for release.
pub(crate) fn put_hold<S: StateWrite + ?Sized>(
    state: &mut S,
    receipt_id: u64,
    hold: &HoldRecord,
    queued: bool,
) -> Result<(), AttributionError> {
    state.put_raw(state_key::held(receipt_id), hold.encode())?;
    let q = state_key::release(hold.release_secs, receipt_id);
    if queued {
        state.put_raw(q, receipt_id.to_be_bytes().to_vec())?;
    } else {
        state.delete(q)?;
    }
    Ok(())
}

/// The hold is released: its record and queue entry go.
pub(crate) fn delete_hold<S: StateWrite + ?Sized>(
    state: &mut S,
    receipt_id: u64,
    release_secs: u64,
) -> Result<(), AttributionError> {
    state.delete(state_key::held(receipt_id))?;
    state.delete(state_key::release(release_secs, receipt_id))?;
    Ok(())
}

pub(crate) fn put_corrected_receipt<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Receipt,
) -> Result<(), AttributionError> {
    state.put_proto(state_key::corrected(r.id), &r.to_proto())?;
    Ok(())
}

pub(crate) fn set_next_challenge_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), AttributionError> {
    state.put_raw(state_key::next_challenge_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn set_open_challenge_count<S: StateWrite + ?Sized>(
    state: &mut S,
    n: u64,
) -> Result<(), AttributionError> {
    state.put_raw(state_key::open_challenge_count(), n.to_be_bytes().to_vec())?;
    Ok(())
}

/// Write a challenge and move its status index from `old` (absent for a new challenge); an
/// OPEN challenge is in the deadline queue, any other status is not. The OPEN count follows.
pub(crate) fn put_challenge<S: StateWrite + ?Sized>(
    state: &mut S,
    old: Option<ChallengeStatus>,
    c: &Challenge,
) -> Result<(), AttributionError> {
    let id = c.id.to_be_bytes().to_vec();
    if let Some(old) = old {
        state.delete(state_key::challenge_status(old.tag(), c.id))?;
    }
    state.put_raw(
        state_key::challenge_status(c.status.tag(), c.id),
        id.clone(),
    )?;
    let deadline = state_key::challenge_deadline(c.deadline_height, c.id);
    let was_open = old == Some(ChallengeStatus::Open);
    let is_open = c.status == ChallengeStatus::Open;
    if is_open {
        state.put_raw(deadline, id)?;
    } else {
        state.delete(deadline)?;
    }
    if was_open != is_open {
        let n = state.open_challenge_count()?;
        let n = if is_open {
            n.checked_add(1)
        } else {
            n.checked_sub(1)
        }
        .ok_or(AttributionError::Overflow)?;
        set_open_challenge_count(state, n)?;
    }
    state.put_proto(state_key::challenge(c.id), &c.to_proto())?;
    Ok(())
}
