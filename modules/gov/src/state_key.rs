//! Every key the governance module owns (substore `gov`). Keys are public API: changing one
//! needs a migration. Integers are big-endian so keys sort numerically; times use
//! [`Time::key_bytes`] (12 bytes) so queues sort by time.

use openledger_framework::Address;

use openledger_framework::time::Time;

pub const PREFIX: &str = "gov/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

pub fn params() -> Vec<u8> {
    b"gov/params".to_vec()
}

/// The id the next proposal gets (u64 BE).
pub fn next_proposal_id() -> Vec<u8> {
    b"gov/next_proposal_id".to_vec()
}

pub fn proposals_prefix() -> Vec<u8> {
    b"gov/proposal/".to_vec()
}

/// `cosmos.gov.v1.Proposal`.
pub fn proposal(id: u64) -> Vec<u8> {
    key(&[b"gov/proposal/", &id.to_be_bytes()])
}

pub fn deposits_prefix() -> Vec<u8> {
    b"gov/deposit/".to_vec()
}

pub fn deposits_of(id: u64) -> Vec<u8> {
    key(&[b"gov/deposit/", &id.to_be_bytes()])
}

/// `cosmos.gov.v1.Deposit`.
pub fn deposit(id: u64, depositor: &Address) -> Vec<u8> {
    key(&[b"gov/deposit/", &id.to_be_bytes(), depositor.as_bytes()])
}

pub fn votes_prefix() -> Vec<u8> {
    b"gov/vote/".to_vec()
}

pub fn votes_of(id: u64) -> Vec<u8> {
    key(&[b"gov/vote/", &id.to_be_bytes()])
}

/// `cosmos.gov.v1.Vote`.
pub fn vote(id: u64, voter: &Address) -> Vec<u8> {
    key(&[b"gov/vote/", &id.to_be_bytes(), voter.as_bytes()])
}

/// Proposals in their deposit period, by deposit end time (value: id BE).
pub fn inactive_queue_prefix() -> Vec<u8> {
    b"gov/inactive_queue/".to_vec()
}

pub fn inactive_queue(end: Time, id: u64) -> Vec<u8> {
    key(&[b"gov/inactive_queue/", &end.key_bytes(), &id.to_be_bytes()])
}

/// Proposals in their voting period, by voting end time (value: id BE).
pub fn active_queue_prefix() -> Vec<u8> {
    b"gov/active_queue/".to_vec()
}

pub fn active_queue(end: Time, id: u64) -> Vec<u8> {
    key(&[b"gov/active_queue/", &end.key_bytes(), &id.to_be_bytes()])
}

pub fn locks_prefix() -> Vec<u8> {
    b"gov/gopen/lock/".to_vec()
}

/// borsh `LockRecord { locked, delegatee }` of an owner.
pub fn lock(owner: &Address) -> Vec<u8> {
    key(&[b"gov/gopen/lock/", owner.as_bytes()])
}

pub fn powers_prefix() -> Vec<u8> {
    b"gov/gopen/power/".to_vec()
}

/// Voting power of an address (u128 BE; absent = 0).
pub fn power(addr: &Address) -> Vec<u8> {
    key(&[b"gov/gopen/power/", addr.as_bytes()])
}

/// Total locked aopen (u128 BE).
pub fn total_locked() -> Vec<u8> {
    b"gov/gopen/total_locked".to_vec()
}

pub fn unlockings_prefix() -> Vec<u8> {
    b"gov/gopen/unlocking/".to_vec()
}

pub fn unlockings_of(owner: &Address) -> Vec<u8> {
    key(&[b"gov/gopen/unlocking/", owner.as_bytes()])
}

/// A pending unlock of an owner completing at a time (u128 BE amount).
pub fn unlocking(owner: &Address, completion: Time) -> Vec<u8> {
    key(&[
        b"gov/gopen/unlocking/",
        owner.as_bytes(),
        &completion.key_bytes(),
    ])
}

pub fn unlock_queue_prefix() -> Vec<u8> {
    b"gov/gopen/unlock_queue/".to_vec()
}

/// The same pending unlock, ordered by completion time (u128 BE amount).
pub fn unlock_queue(completion: Time, owner: &Address) -> Vec<u8> {
    key(&[
        b"gov/gopen/unlock_queue/",
        &completion.key_bytes(),
        owner.as_bytes(),
    ])
}

/// The part of `key` after `prefix`.
pub fn suffix<'a>(key: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    key.strip_prefix(prefix)
}

/// `(time, id)` of a proposal queue key.
pub fn parse_queue_key(key: &[u8], prefix: &[u8]) -> Option<(Time, u64)> {
    let rest = suffix(key, prefix)?;
    if rest.len() != 20 {
        return None;
    }
    let time = Time::from_key_bytes(rest.get(..12)?)?;
    let id = u64::from_be_bytes(rest.get(12..20)?.try_into().ok()?);
    Some((time, id))
}

/// `(time, owner)` of an unlock queue key.
pub fn parse_unlock_queue_key(key: &[u8]) -> Option<(Time, Address)> {
    let rest = suffix(key, &unlock_queue_prefix())?;
    if rest.len() != 32 {
        return None;
    }
    let time = Time::from_key_bytes(rest.get(..12)?)?;
    let owner = Address::from_slice(rest.get(12..32)?).ok()?;
    Some((time, owner))
}

/// `(owner, time)` of an unlocking entry key.
pub fn parse_unlocking_key(key: &[u8]) -> Option<(Address, Time)> {
    let rest = suffix(key, &unlockings_prefix())?;
    if rest.len() != 32 {
        return None;
    }
    let owner = Address::from_slice(rest.get(..20)?).ok()?;
    let time = Time::from_key_bytes(rest.get(20..32)?)?;
    Some((owner, time))
}

/// The address at the end of a 20-byte-suffixed key.
pub fn parse_addr_suffix(key: &[u8], prefix: &[u8]) -> Option<Address> {
    let rest = suffix(key, prefix)?;
    Address::from_slice(rest).ok()
}

/// `(id, address)` of a deposit or vote key.
pub fn parse_id_addr(key: &[u8], prefix: &[u8]) -> Option<(u64, Address)> {
    let rest = suffix(key, prefix)?;
    if rest.len() != 28 {
        return None;
    }
    let id = u64::from_be_bytes(rest.get(..8)?.try_into().ok()?);
    Some((id, Address::from_slice(rest.get(8..28)?).ok()?))
}
