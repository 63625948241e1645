//! The only way to touch governance state. [`GovRead`] is public for other modules and the
//! app; writes stay inside this crate (handlers, end block and genesis).

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::GovError;
use crate::params::Params;
use crate::proposal::{Deposit, Proposal, ProposalStatus, Vote};
use crate::state_key;
use openledger_framework::time::Time;

/// Name of the module account that escrows proposal deposits and signs proposal messages.
pub const GOV_MODULE: &str = "gov";
/// Name of the module account that holds locked OPEN (gOPEN) and pending unlocks.
pub const GOPEN_MODULE: &str = "gov_gopen";

/// `Address::module("gov")`: the authority of governance-executed messages.
pub fn gov_address() -> Address {
    Address::module(GOV_MODULE)
}

/// `Address::module("gov_gopen")`.
pub fn gopen_address() -> Address {
    Address::module(GOPEN_MODULE)
}

/// An owner's gOPEN: how much OPEN is locked and who votes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct LockRecord {
    pub locked: u128,
    /// The owner itself unless the votes are delegated.
    pub delegatee: Address,
}

impl LockRecord {
    pub fn empty(owner: &Address) -> Self {
        LockRecord {
            locked: 0,
            delegatee: *owner,
        }
    }
}

pub(crate) fn decode_u128(key: &[u8], bytes: &[u8]) -> Result<u128, StateError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "amount is not 16 bytes"))?;
    Ok(u128::from_be_bytes(arr))
}

pub(crate) fn get_u128<S: StateRead + ?Sized>(state: &S, key: &[u8]) -> Result<u128, StateError> {
    match state.get_raw(key)? {
        None => Ok(0),
        Some(v) => decode_u128(key, &v),
    }
}

/// Zero is stored as absence.
pub(crate) fn put_u128<S: StateWrite + ?Sized>(
    state: &mut S,
    key: Vec<u8>,
    v: u128,
) -> Result<(), StateError> {
    if v == 0 {
        state.delete(key)
    } else {
        state.put_raw(key, v.to_be_bytes().to_vec())
    }
}

/// Governance state other modules and the app may read.
pub trait GovRead: StateRead {
    /// gOPEN voting power of `addr`: the locked OPEN of every account whose delegatee it is.
    fn voting_power(&self, addr: &Address) -> Result<u128, GovError> {
        Ok(get_u128(self, &state_key::power(addr))?)
    }

    /// Total gOPEN power, equal to the total locked OPEN.
    fn total_power(&self) -> Result<u128, GovError> {
        Ok(get_u128(self, &state_key::total_locked())?)
    }

    fn gov_params(&self) -> Result<Params, GovError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    fn proposal(&self, id: u64) -> Result<Option<Proposal>, GovError> {
        match self.get_proto::<pb::Proposal>(&state_key::proposal(id))? {
            None => Ok(None),
            Some(p) => Proposal::from_proto(&p).map(Some),
        }
    }

    /// The owner's lock (zero and self-delegated if it never locked).
    fn gopen_lock(&self, owner: &Address) -> Result<LockRecord, GovError> {
        Ok(self
            .get_borsh(&state_key::lock(owner))?
            .unwrap_or_else(|| LockRecord::empty(owner)))
    }

    fn deposit(&self, id: u64, depositor: &Address) -> Result<Option<Deposit>, GovError> {
        match self.get_proto::<pb::Deposit>(&state_key::deposit(id, depositor))? {
            None => Ok(None),
            Some(d) => Deposit::from_proto(&d).map(Some),
        }
    }

    fn vote(&self, id: u64, voter: &Address) -> Result<Option<Vote>, GovError> {
        match self.get_proto::<pb::Vote>(&state_key::vote(id, voter))? {
            None => Ok(None),
            Some(v) => Vote::from_proto(&v).map(Some),
        }
    }

    /// The id the next submitted proposal gets (1 on a fresh chain).
    fn next_proposal_id(&self) -> Result<u64, GovError> {
        match self.get_raw(&state_key::next_proposal_id())? {
            None => Ok(1),
            Some(v) => {
                let arr: [u8; 8] = v.as_slice().try_into().map_err(|_| {
                    StateError::decode(&state_key::next_proposal_id(), "not 8 bytes")
                })?;
                Ok(u64::from_be_bytes(arr))
            }
        }
    }
}
impl<S: StateRead + ?Sized> GovRead for S {}

/// Raw `(key, value)` pairs.
pub(crate) type KvList = Vec<(Vec<u8>, Vec<u8>)>;

/// Up to `limit` items of `prefix`, starting at `start`.
pub(crate) fn scan<S: StateRead + ?Sized>(
    state: &S,
    prefix: &[u8],
    start: Option<&[u8]>,
    limit: usize,
) -> Result<KvList, StateError> {
    state.prefix_raw(prefix, start).take(limit).collect()
}

/// Every deposit of one proposal, by depositor address.
pub(crate) fn deposits_of<S: StateRead + ?Sized>(
    state: &S,
    id: u64,
) -> Result<Vec<Deposit>, GovError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::deposits_of(id), None) {
        let (k, v) = item?;
        let d = <pb::Deposit as prost::Message>::decode(v.as_slice())
            .map_err(|e| StateError::decode(&k, e))?;
        out.push(Deposit::from_proto(&d)?);
    }
    Ok(out)
}

/// Every vote of one proposal, by voter address.
pub(crate) fn votes_of<S: StateRead + ?Sized>(state: &S, id: u64) -> Result<Vec<Vote>, GovError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::votes_of(id), None) {
        let (k, v) = item?;
        let vote = <pb::Vote as prost::Message>::decode(v.as_slice())
            .map_err(|e| StateError::decode(&k, e))?;
        out.push(Vote::from_proto(&vote)?);
    }
    Ok(out)
}

/// Pending unlocks of an owner, by completion time (at most `limit`).
pub(crate) fn unlockings_of<S: StateRead + ?Sized>(
    state: &S,
    owner: &Address,
    limit: usize,
) -> Result<Vec<(Time, u128)>, GovError> {
    let mut out = Vec::new();
    for (k, v) in scan(state, &state_key::unlockings_of(owner), None, limit)? {
        let (_, time) = state_key::parse_unlocking_key(&k)
            .ok_or_else(|| StateError::decode(&k, "bad unlocking key"))?;
        out.push((time, decode_u128(&k, &v)?));
    }
    Ok(out)
}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), GovError> {
    params.validate()?;
    state.put_borsh(state_key::params(), params)?;
    Ok(())
}

pub(crate) fn set_next_proposal_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), GovError> {
    state.put_raw(state_key::next_proposal_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn set_proposal<S: StateWrite + ?Sized>(
    state: &mut S,
    p: &Proposal,
) -> Result<(), GovError> {
    state.put_proto(state_key::proposal(p.id), &p.to_proto())?;
    Ok(())
}

pub(crate) fn set_deposit<S: StateWrite + ?Sized>(
    state: &mut S,
    d: &Deposit,
) -> Result<(), GovError> {
    state.put_proto(
        state_key::deposit(d.proposal_id, &d.depositor),
        &d.to_proto(),
    )?;
    Ok(())
}

pub(crate) fn set_vote<S: StateWrite + ?Sized>(state: &mut S, v: &Vote) -> Result<(), GovError> {
    state.put_proto(state_key::vote(v.proposal_id, &v.voter), &v.to_proto())?;
    Ok(())
}

/// Put the proposal in the queue of its current period.
pub(crate) fn enqueue<S: StateWrite + ?Sized>(state: &mut S, p: &Proposal) -> Result<(), GovError> {
    let id = p.id.to_be_bytes().to_vec();
    match p.status {
        ProposalStatus::DepositPeriod => {
            state.put_raw(state_key::inactive_queue(p.deposit_end_time, p.id), id)?
        }
        ProposalStatus::VotingPeriod => {
            let end = p
                .voting_end_time
                .ok_or_else(|| GovError::InvalidProposal(format!("{}: no voting end", p.id)))?;
            state.put_raw(state_key::active_queue(end, p.id), id)?
        }
        _ => {}
    }
    Ok(())
}

pub(crate) fn set_lock<S: StateWrite + ?Sized>(
    state: &mut S,
    owner: &Address,
    rec: &LockRecord,
) -> Result<(), GovError> {
    if *rec == LockRecord::empty(owner) {
        state.delete(state_key::lock(owner))?;
    } else {
        state.put_borsh(state_key::lock(owner), rec)?;
    }
    Ok(())
}

pub(crate) fn add_power<S: StateWrite + ?Sized>(
    state: &mut S,
    addr: &Address,
    amount: u128,
) -> Result<(), GovError> {
    let have = get_u128(state, &state_key::power(addr))?;
    let new = have.checked_add(amount).ok_or(GovError::Overflow)?;
    put_u128(state, state_key::power(addr), new)?;
    Ok(())
}

pub(crate) fn sub_power<S: StateWrite + ?Sized>(
    state: &mut S,
    addr: &Address,
    amount: u128,
) -> Result<(), GovError> {
    let have = get_u128(state, &state_key::power(addr))?;
    let new = have
        .checked_sub(amount)
        .ok_or_else(|| GovError::Invariant(format!("power of {addr} below zero")))?;
    put_u128(state, state_key::power(addr), new)?;
    Ok(())
}

pub(crate) fn add_total<S: StateWrite + ?Sized>(
    state: &mut S,
    amount: u128,
) -> Result<(), GovError> {
    let have = get_u128(state, &state_key::total_locked())?;
    let new = have.checked_add(amount).ok_or(GovError::Overflow)?;
    put_u128(state, state_key::total_locked(), new)?;
    Ok(())
}

pub(crate) fn sub_total<S: StateWrite + ?Sized>(
    state: &mut S,
    amount: u128,
) -> Result<(), GovError> {
    let have = get_u128(state, &state_key::total_locked())?;
    let new = have
        .checked_sub(amount)
        .ok_or_else(|| GovError::Invariant("total locked below zero".into()))?;
    put_u128(state, state_key::total_locked(), new)?;
    Ok(())
}

/// Add `amount` to the owner's unlock entry completing at `completion` (both the entry and its
/// queue key).
pub(crate) fn add_unlocking<S: StateWrite + ?Sized>(
    state: &mut S,
    owner: &Address,
    completion: Time,
    amount: u128,
) -> Result<u128, GovError> {
    let key = state_key::unlocking(owner, completion);
    let new = get_u128(state, &key)?
        .checked_add(amount)
        .ok_or(GovError::Overflow)?;
    put_u128(state, key, new)?;
    put_u128(state, state_key::unlock_queue(completion, owner), new)?;
    Ok(new)
}

pub(crate) fn remove_unlocking<S: StateWrite + ?Sized>(
    state: &mut S,
    owner: &Address,
    completion: Time,
) -> Result<(), GovError> {
    state.delete(state_key::unlocking(owner, completion))?;
    state.delete(state_key::unlock_queue(completion, owner))?;
    Ok(())
}
