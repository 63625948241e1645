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
