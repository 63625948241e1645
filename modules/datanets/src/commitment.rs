//! What a version commits to, computed from its contributions in ascending id: the Merkle
//! root, count, total bytes, highest id and each contributor's bytes. Publishing, genesis
//! validation and the invariants all use this one function.

use std::collections::BTreeMap;

use openledger_framework::Address;

use crate::error::DatanetsError;
use crate::merkle::{leaf_hash, merkle_root};
use crate::types::Contribution;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commitment {
    pub root: [u8; 32],
    pub count: u64,
    pub total_bytes: u128,
    pub max_contribution_id: u64,
    pub bytes_by_contributor: BTreeMap<Address, u128>,
}

/// Fold contributions given in strictly ascending id order.
pub(crate) fn commit<'a>(
    contributions: impl IntoIterator<Item = &'a Contribution>,
) -> Result<Commitment, DatanetsError> {
    let mut leaves = Vec::new();
    let mut total_bytes: u128 = 0;
    let mut max_id: u64 = 0;
    let mut by: BTreeMap<Address, u128> = BTreeMap::new();
    for c in contributions {
        if !leaves.is_empty() && c.id <= max_id {
            return Err(DatanetsError::Invariant(format!(
                "contribution {} after {max_id}: not in ascending order",
                c.id
            )));
        }
        max_id = c.id;
        leaves.push(leaf_hash(
            c.id,
            &c.content_hash,
            c.size_bytes,
            &c.contributor,
        ));
        let size = u128::from(c.size_bytes);
        total_bytes = total_bytes
            .checked_add(size)
            .ok_or(DatanetsError::Overflow)?;
        let e = by.entry(c.contributor).or_insert(0);
        *e = e.checked_add(size).ok_or(DatanetsError::Overflow)?;
    }
    Ok(Commitment {
        root: merkle_root(&leaves),
        count: u64::try_from(leaves.len()).map_err(|_| DatanetsError::Overflow)?,
        total_bytes,
        max_contribution_id: max_id,
        bytes_by_contributor: by,
    })
}
