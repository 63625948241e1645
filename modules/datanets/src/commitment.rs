//! What a version commits to, recomputed from scratch from its contributions in approval
//! order (`approval_seq` 1, 2, ...): the Merkle root, count, total bytes, highest id and each
//! contributor's bytes. Publishing keeps the same values incrementally (a [`Frontier`] and
//! running totals updated at each approval); genesis validation and the invariants check them
//! against this function.
//!
//! [`Frontier`]: crate::merkle::Frontier

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

/// Fold approved contributions, given in any order, in ascending `approval_seq`, which must
/// run 1, 2, ... without a gap.
pub(crate) fn commit<'a>(
    contributions: impl IntoIterator<Item = &'a Contribution>,
) -> Result<Commitment, DatanetsError> {
    let mut ordered: Vec<&Contribution> = contributions.into_iter().collect();
    ordered.sort_by_key(|c| c.approval_seq);
    let mut leaves = Vec::with_capacity(ordered.len());
    let mut total_bytes: u128 = 0;
    let mut max_id: u64 = 0;
    let mut by: BTreeMap<Address, u128> = BTreeMap::new();
    for c in ordered {
        let expected = u64::try_from(leaves.len())
            .ok()
            .and_then(|n| n.checked_add(1))
            .ok_or(DatanetsError::Overflow)?;
        if c.approval_seq != expected {
            return Err(DatanetsError::Invariant(format!(
                "contribution {} has approval_seq {} where {expected} was expected",
                c.id, c.approval_seq
            )));
        }
        max_id = max_id.max(c.id);
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
