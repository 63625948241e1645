//! The Merkle commitment of a datanet version, recomputable by anyone from the version's
//! contributions:
//!
//! * leaf = sha256(0x00 ‖ contribution_id (u64 BE) ‖ content_hash (32) ‖ size_bytes (u64 BE) ‖
//!   contributor address (20));
//! * inner node = sha256(0x01 ‖ left ‖ right);
//! * leaves in ascending contribution id; an odd node at the end of a level is carried up
//!   unchanged; the root of zero leaves is sha256 of the empty string.
//!
//! The 0x00/0x01 prefixes keep leaves and inner nodes apart (RFC 6962 style).
//!
//! Carrying odd nodes up gives the same root as RFC 6962's split at the largest power of two
//! below the leaf count, so the root of `n` leaves is a fold of the roots of the perfect
//! subtrees that `n`'s binary digits describe. [`Frontier`] keeps just those (at most 64
//! hashes): appending a leaf costs O(log n) hashes, and the root is available at any count
//! without re-reading a single leaf. This is what lets a datanet publish a version in
//! constant work however many contributions it has.

use openledger_framework::Address;
use sha2::{Digest, Sha256};

const LEAF_PREFIX: u8 = 0x00;
const NODE_PREFIX: u8 = 0x01;

/// The leaf of one contribution.
pub fn leaf_hash(
    contribution_id: u64,
    content_hash: &[u8; 32],
    size_bytes: u64,
    contributor: &Address,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([LEAF_PREFIX]);
    h.update(contribution_id.to_be_bytes());
    h.update(content_hash);
    h.update(size_bytes.to_be_bytes());
    h.update(contributor.as_bytes());
    h.finalize().into()
}

/// An inner node over two children.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([NODE_PREFIX]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root over `leaves` in the given order.
pub fn merkle_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    if leaves.is_empty() {
        return Sha256::digest([]).into();
    }
    let mut level: Vec<[u8; 32]> = leaves.to_vec();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [l, r] => node_hash(l, r),
                [single] => *single,
                _ => unreachable_pair(),
            })
            .collect();
    }
    level.first().copied().unwrap_or_else(unreachable_pair)
}

/// The right edge of the tree: the roots of the perfect subtrees covering the leaves so far,
/// highest first, each with its height. Consecutive entries have strictly decreasing heights,
/// so there are at most 64.
#[derive(Debug, Clone, Default, PartialEq, Eq, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub struct Frontier {
    nodes: Vec<(u8, [u8; 32])>,
}

impl Frontier {
    /// Append one leaf.
    pub fn push(&mut self, leaf: [u8; 32]) {
        let mut node = (0u8, leaf);
        while let Some(&(height, left)) = self.nodes.last() {
            if height != node.0 {
                break;
            }
            self.nodes.pop();
            node = (height.saturating_add(1), node_hash(&left, &node.1));
        }
        self.nodes.push(node);
    }

    /// The root over every leaf pushed, equal to [`merkle_root`] of them.
    pub fn root(&self) -> [u8; 32] {
        let mut nodes = self.nodes.iter().rev();
        let Some(&(_, mut acc)) = nodes.next() else {
            return Sha256::digest([]).into();
        };
        for (_, left) in nodes {
            acc = node_hash(left, &acc);
        }
        acc
    }

    /// How many leaves were pushed.
    pub fn len(&self) -> u128 {
        self.nodes
            .iter()
            .map(|(h, _)| 1u128.checked_shl(u32::from(*h)).unwrap_or(0))
            .fold(0u128, u128::saturating_add)
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

// `chunks(2)` yields slices of one or two elements and the loop keeps at least one node, so
// this is never called; it exists to avoid a panic path.
fn unreachable_pair() -> [u8; 32] {
    [0u8; 32]
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn h(hex_str: &str) -> [u8; 32] {
        hex::decode(hex_str).unwrap().try_into().unwrap()
    }

    /// The test vector of docs/modules/datanets.md.
    fn vector_leaves() -> Vec<[u8; 32]> {
        (1u64..=3)
            .map(|i| {
                let byte = u8::try_from(i).unwrap();
                leaf_hash(
                    i,
                    &Sha256::digest([byte]).into(),
                    i * 100,
                    &Address([0x10 + byte; 20]),
                )
            })
            .collect()
    }

    #[test]
    fn empty_and_single_leaf() {
        assert_eq!(
            hex::encode(merkle_root(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let leaf = [7u8; 32];
        assert_eq!(merkle_root(&[leaf]), leaf);
    }

    #[test]
    fn odd_node_is_carried_up() {
        let (a, b, c) = ([1u8; 32], [2u8; 32], [3u8; 32]);
        assert_eq!(merkle_root(&[a, b, c]), node_hash(&node_hash(&a, &b), &c));
        let d = [4u8; 32];
        let e = [5u8; 32];
        // 5 leaves: ((ab)(cd)) e
        assert_eq!(
            merkle_root(&[a, b, c, d, e]),
            node_hash(&node_hash(&node_hash(&a, &b), &node_hash(&c, &d)), &e)
        );
    }

    #[test]
    fn frontier_root_equals_the_full_root_at_every_count() {
        let mut f = Frontier::default();
        let mut leaves = Vec::new();
        assert_eq!(f.root(), merkle_root(&[]));
        for i in 0u64..300 {
            let leaf: [u8; 32] = Sha256::digest(i.to_be_bytes()).into();
            leaves.push(leaf);
            f.push(leaf);
            assert_eq!(f.root(), merkle_root(&leaves), "{} leaves", leaves.len());
            assert_eq!(f.len(), leaves.len() as u128);
        }
        // 300 = 0b100101100: one stored node per set bit.
        assert_eq!(f.nodes.len(), 4);
    }

    #[test]
    fn documented_test_vector() {
        let leaves = vector_leaves();
        assert_eq!(
            leaves[0],
            h("8651d264daeb118c88fd275cd7234d21380bdf6813d6861099a405c4f6a5d613")
        );
        assert_eq!(
            leaves[1],
            h("666bca54a2561282cd8d4cd76a02768cb0ec426e6acde24b82ee2e43aae723ba")
        );
        assert_eq!(
            leaves[2],
            h("41e89c7ed8d913b0214331afb5d3a6a7f106a67aad520d6eb0928a91fc7d8905")
        );
        assert_eq!(
            node_hash(&leaves[0], &leaves[1]),
            h("cb0ecd3f2861f591a361d11d9fb8eb807b32e4f08b99bf24018ee54c512df768")
        );
        assert_eq!(
            merkle_root(&leaves),
            h("df4474df78668d7ac3d87cdf868a3117388b2c20359bdb02b14244fbd6e18c47")
        );
    }
}
