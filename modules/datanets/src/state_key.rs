//! Every key the datanets module owns (substore `datanets`). Keys are public API: changing one
//! needs a migration. Integers are big-endian so keys sort numerically; addresses are their 20
//! raw bytes; a tag is its length (one byte) followed by its bytes, so no tag's keys are a
//! prefix of another's.

use openledger_framework::Address;

use crate::types::ContributionStatus;

pub const PREFIX: &str = "datanets/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

fn be(v: u64) -> [u8; 8] {
    v.to_be_bytes()
}

/// borsh `Params`.
pub fn params() -> Vec<u8> {
    b"datanets/params".to_vec()
}

/// The id the next datanet gets (u64 BE; absent = 1).
pub fn next_datanet_id() -> Vec<u8> {
    b"datanets/next_datanet_id".to_vec()
}

/// The id the next contribution gets (u64 BE; absent = 1).
pub fn next_contribution_id() -> Vec<u8> {
    b"datanets/next_contribution_id".to_vec()
}

pub fn datanets_prefix() -> Vec<u8> {
    b"datanets/datanet/".to_vec()
}

/// protobuf `Datanet`.
pub fn datanet(id: u64) -> Vec<u8> {
    key(&[b"datanets/datanet/", &be(id)])
}

pub fn stats_prefix() -> Vec<u8> {
    b"datanets/stats/".to_vec()
}

/// protobuf `DatanetStats`.
pub fn stats(id: u64) -> Vec<u8> {
    key(&[b"datanets/stats/", &be(id)])
}

pub fn allow_prefix() -> Vec<u8> {
    b"datanets/allow/".to_vec()
}

pub fn allow_list_of(id: u64) -> Vec<u8> {
    key(&[b"datanets/allow/", &be(id)])
}

/// Empty value: `addr` may contribute to permissioned datanet `id`.
pub fn allow(id: u64, addr: &Address) -> Vec<u8> {
    key(&[b"datanets/allow/", &be(id), addr.as_bytes()])
}

pub fn by_owner_prefix() -> Vec<u8> {
    b"datanets/by_owner/".to_vec()
}

pub fn by_owner_of(owner: &Address) -> Vec<u8> {
    key(&[b"datanets/by_owner/", owner.as_bytes()])
}

/// Empty value: index of datanets by owner.
pub fn by_owner(owner: &Address, id: u64) -> Vec<u8> {
    key(&[b"datanets/by_owner/", owner.as_bytes(), &be(id)])
}

pub fn by_tag_prefix() -> Vec<u8> {
    b"datanets/by_tag/".to_vec()
}

/// Tags are at most 32 bytes (checked before any key is built), so the length fits a byte.
pub fn by_tag_of(tag: &str) -> Vec<u8> {
    let len = u8::try_from(tag.len()).unwrap_or(u8::MAX);
    key(&[b"datanets/by_tag/", &[len], tag.as_bytes()])
}

/// Empty value: index of datanets by tag.
pub fn by_tag(tag: &str, id: u64) -> Vec<u8> {
    let mut k = by_tag_of(tag);
    k.extend_from_slice(&be(id));
    k
}

pub fn contributions_prefix() -> Vec<u8> {
    b"datanets/contribution/".to_vec()
}

/// protobuf `Contribution`.
pub fn contribution(id: u64) -> Vec<u8> {
    key(&[b"datanets/contribution/", &be(id)])
}

pub fn hash_prefix() -> Vec<u8> {
    b"datanets/hash/".to_vec()
}

/// Contribution id (u64 BE) holding `hash` in datanet `datanet_id`.
pub fn content_hash(datanet_id: u64, hash: &[u8; 32]) -> Vec<u8> {
    key(&[b"datanets/hash/", &be(datanet_id), b"/", hash])
}

pub fn commitments_prefix() -> Vec<u8> {
    b"datanets/commit/".to_vec()
}

pub fn commitments_of(contributor: &Address) -> Vec<u8> {
    key(&[b"datanets/commit/", contributor.as_bytes()])
}

/// u64 BE: the height of a contribution commitment (`MsgCommitContribution`).
pub fn commitment(contributor: &Address, datanet_id: u64, commitment: &[u8; 32]) -> Vec<u8> {
    key(&[
        b"datanets/commit/",
        contributor.as_bytes(),
        &be(datanet_id),
        commitment,
    ])
}

pub fn by_datanet_prefix() -> Vec<u8> {
    b"datanets/by_datanet/".to_vec()
}

pub fn by_datanet_of(datanet_id: u64) -> Vec<u8> {
    key(&[b"datanets/by_datanet/", &be(datanet_id)])
}

/// Empty value: every contribution of a datanet, by id.
pub fn by_datanet(datanet_id: u64, contribution_id: u64) -> Vec<u8> {
    key(&[
        b"datanets/by_datanet/",
        &be(datanet_id),
        &be(contribution_id),
    ])
}

pub fn by_status_prefix() -> Vec<u8> {
    b"datanets/by_status/".to_vec()
}

pub fn by_status_of(datanet_id: u64, status: ContributionStatus) -> Vec<u8> {
    key(&[
        b"datanets/by_status/",
        &be(datanet_id),
        &[status.key_byte()],
    ])
}

/// Empty value: contributions of a datanet by status, by id. Publishing reads the approved ones.
pub fn by_status(datanet_id: u64, status: ContributionStatus, contribution_id: u64) -> Vec<u8> {
    let mut k = by_status_of(datanet_id, status);
    k.extend_from_slice(&be(contribution_id));
    k
}

pub fn by_contributor_prefix() -> Vec<u8> {
    b"datanets/by_contributor/".to_vec()
}

pub fn by_contributor_of(contributor: &Address) -> Vec<u8> {
    key(&[b"datanets/by_contributor/", contributor.as_bytes()])
}

/// Empty value: contributions of an address, by id.
pub fn by_contributor(contributor: &Address, contribution_id: u64) -> Vec<u8> {
    key(&[
        b"datanets/by_contributor/",
        contributor.as_bytes(),
        &be(contribution_id),
    ])
}

pub fn standing_prefix() -> Vec<u8> {
    b"datanets/standing/".to_vec()
}

/// borsh `StandingRecord`.
pub fn standing(datanet_id: u64, contributor: &Address) -> Vec<u8> {
    key(&[
        b"datanets/standing/",
        &be(datanet_id),
        contributor.as_bytes(),
    ])
}

pub fn versions_prefix() -> Vec<u8> {
    b"datanets/version/".to_vec()
}

pub fn versions_of(datanet_id: u64) -> Vec<u8> {
    key(&[b"datanets/version/", &be(datanet_id)])
}

/// protobuf `Version`.
pub fn version(datanet_id: u64, number: u64) -> Vec<u8> {
    key(&[b"datanets/version/", &be(datanet_id), &be(number)])
}

pub fn contributor_bytes_prefix() -> Vec<u8> {
    b"datanets/contributor_bytes/".to_vec()
}

pub fn contributor_bytes_of(datanet_id: u64) -> Vec<u8> {
    key(&[b"datanets/contributor_bytes/", &be(datanet_id)])
}

pub fn contributor_bytes_of_contributor(datanet_id: u64, contributor: &Address) -> Vec<u8> {
    key(&[
        b"datanets/contributor_bytes/",
        &be(datanet_id),
        contributor.as_bytes(),
    ])
}

/// u128 BE: the approved bytes of `contributor` in the datanet from `version` on (a checkpoint
/// written at each approval, for the version that will next be published). The version is
/// stored inverted (`u64::MAX - version`) so that seeking to a version's key finds, first, the
/// contributor's latest checkpoint at or before it: one read, whatever the datanet's history.
pub fn contributor_bytes(datanet_id: u64, contributor: &Address, version: u64) -> Vec<u8> {
    key(&[
        b"datanets/contributor_bytes/",
        &be(datanet_id),
        contributor.as_bytes(),
        &be(u64::MAX.saturating_sub(version)),
    ])
}

/// The version of a [`contributor_bytes`] key.
pub fn contributor_bytes_version(key: &[u8]) -> Option<u64> {
    trailing_u64(key).map(|inv| u64::MAX.saturating_sub(inv))
}

/// borsh `Accumulator`: the approved contributions' Merkle frontier and highest id.
pub fn accumulator(datanet_id: u64) -> Vec<u8> {
    key(&[b"datanets/accumulator/", &be(datanet_id)])
}

pub fn revenue_prefix() -> Vec<u8> {
    b"datanets/revenue/".to_vec()
}

/// protobuf `RevenuePool` (absent until the first purchase).
pub fn revenue(datanet_id: u64, number: u64) -> Vec<u8> {
    key(&[b"datanets/revenue/", &be(datanet_id), &be(number)])
}

pub fn claimed_prefix() -> Vec<u8> {
    b"datanets/claimed/".to_vec()
}

/// u128 BE: access revenue of the version paid out to `contributor`.
pub fn claimed(datanet_id: u64, number: u64, contributor: &Address) -> Vec<u8> {
    key(&[
        b"datanets/claimed/",
        &be(datanet_id),
        &be(number),
        contributor.as_bytes(),
    ])
}

pub fn access_prefix() -> Vec<u8> {
    b"datanets/access/".to_vec()
}

/// protobuf `AccessRecord`.
pub fn access(datanet_id: u64, number: u64, buyer: &Address) -> Vec<u8> {
    key(&[
        b"datanets/access/",
        &be(datanet_id),
        &be(number),
        buyer.as_bytes(),
    ])
}

/// The u64 at `at` of a key.
pub fn u64_at(key: &[u8], at: usize) -> Option<u64> {
    let end = at.checked_add(8)?;
    let bytes: [u8; 8] = key.get(at..end)?.try_into().ok()?;
    Some(u64::from_be_bytes(bytes))
}

/// The address at `at` of a key.
pub fn addr_at(key: &[u8], at: usize) -> Option<Address> {
    let end = at.checked_add(20)?;
    Address::from_slice(key.get(at..end)?).ok()
}

/// The u64 that ends a key (the id of an index key).
pub fn trailing_u64(key: &[u8]) -> Option<u64> {
    let at = key.len().checked_sub(8)?;
    u64_at(key, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_the_documented_layout() {
        assert_eq!(
            content_hash(1, &[0xaa; 32]),
            [
                b"datanets/hash/".as_slice(),
                &[0, 0, 0, 0, 0, 0, 0, 1],
                b"/",
                &[0xaa; 32]
            ]
            .concat()
        );
        assert_eq!(
            by_tag("ai", 5),
            [
                b"datanets/by_tag/".as_slice(),
                &[2],
                b"ai",
                &[0, 0, 0, 0, 0, 0, 0, 5]
            ]
            .concat()
        );
        // "ai" and "ai2" do not share a prefix.
        assert!(!by_tag("ai2", 1).starts_with(&by_tag_of("ai")));
        assert!(!contributor_bytes(1, &Address([1; 20]), 1).starts_with(&accumulator(1)));
        assert_eq!(trailing_u64(&by_owner(&Address([3; 20]), 77)), Some(77));
        let k = contributor_bytes(4, &Address([5; 20]), 9);
        let at = contributor_bytes_prefix().len();
        assert_eq!(u64_at(&k, at), Some(4));
        assert_eq!(addr_at(&k, at + 8), Some(Address([5; 20])));
        assert_eq!(contributor_bytes_version(&k), Some(9));
        // A later version sorts first: a seek to version 9 finds 9, then 8, ...
        assert!(contributor_bytes(4, &Address([5; 20]), 10) < k);
        assert!(k.starts_with(&contributor_bytes_of_contributor(4, &Address([5; 20]))));
    }
}
