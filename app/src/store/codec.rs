//! Compact encoding of JMT nodes as stored.
//!
//! sled's cost per write grows with the value size and full internal nodes are most of what a
//! commit writes, so an internal node is stored as two child bitmaps plus, per child, its hash
//! and varint version (and leaf count for internal children): about 600 bytes for a full node
//! instead of borsh's 817.
//!
//! ```text
//! null      0
//! leaf      1  key-hash(32) value-hash(32)  value
//! internal  2  existence(u16) leaves(u16)  { hash(32) varint(version) [varint(leaf_count)] }*
//! ```
//!
//! jmt does not export its internal-node types, so decoding rebuilds a node through jmt's own
//! borsh layout (the one its `NodeBatch` uses); the round-trip tests pin that layout.

use borsh::BorshDeserialize;
use jmt::storage::{LeafNode, Node};

use super::error::StoreError;

const NULL: u8 = 0;
const LEAF: u8 = 1;
const INTERNAL: u8 = 2;

/// Variant indexes of `Node` and `NodeType` in jmt's borsh encoding.
const BORSH_NODE_INTERNAL: u8 = 1;
const BORSH_NODE_TYPE_LEAF: u8 = 0;
const BORSH_NODE_TYPE_INTERNAL: u8 = 1;

/// A JMT node as stored. A leaf carries its value, so a value at any kept version is found by
/// walking that version's tree, and there is no separate versioned value store to write and
/// prune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredNode {
    pub node: Node,
    /// The value of a leaf; `None` for internal and null nodes.
    pub value: Option<Vec<u8>>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("stored node: {what}"))
}

pub(crate) fn encode(stored: &StoredNode) -> Result<Vec<u8>, StoreError> {
    match (&stored.node, &stored.value) {
        (Node::Null, None) => Ok(vec![NULL]),
        (Node::Leaf(leaf), Some(value)) => {
            let mut out = Vec::with_capacity(value.len().saturating_add(65));
            out.push(LEAF);
            borsh::to_writer(&mut out, leaf).map_err(|e| corrupt(&e.to_string()))?;
            out.extend_from_slice(value);
            Ok(out)
        }
        (Node::Internal(internal), None) => {
            let (existence, leaves) = internal.generate_bitmaps();
            let mut out = Vec::with_capacity(5 + 40 * existence.count_ones() as usize);
            out.push(INTERNAL);
            out.extend_from_slice(&existence.to_be_bytes());
            out.extend_from_slice(&leaves.to_be_bytes());
            for (_, child) in internal.children_sorted() {
                out.extend_from_slice(&child.hash);
                put_varint(&mut out, child.version);
                if !child.is_leaf() {
                    put_varint(
                        &mut out,
                        u64::try_from(child.leaf_count()).unwrap_or(u64::MAX),
                    );
                }
            }
            Ok(out)
        }
        _ => Err(corrupt("a leaf needs a value and only a leaf has one")),
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<StoredNode, StoreError> {
    let (&kind, rest) = bytes.split_first().ok_or_else(|| corrupt("empty"))?;
    match kind {
        NULL if rest.is_empty() => Ok(StoredNode {
            node: Node::Null,
            value: None,
        }),
        LEAF => {
            let (leaf, value) = rest
                .split_at_checked(64)
                .ok_or_else(|| corrupt("short leaf"))?;
            let leaf = LeafNode::try_from_slice(leaf).map_err(|e| corrupt(&e.to_string()))?;
            Ok(StoredNode {
                node: Node::Leaf(leaf),
                value: Some(value.to_vec()),
            })
        }
        INTERNAL => Ok(StoredNode {
            node: decode_internal(rest)?,
            value: None,
        }),
        _ => Err(corrupt("unknown kind")),
    }
}

fn decode_internal(mut rest: &[u8]) -> Result<Node, StoreError> {
    let existence = take_u16(&mut rest)?;
    let leaves = take_u16(&mut rest)?;
    // jmt never builds an empty internal node or one whose only child is a leaf.
    let lone_leaf = existence.count_ones() == 1 && leaves == existence;
    if existence == 0 || leaves & !existence != 0 || lone_leaf {
        return Err(corrupt("bad child bitmaps"));
    }
    // borsh of Node::Internal(InternalNode { children: Children { children: [Option<Child>; 16],
    // num_children }, leaf_count }), Child being { hash, version, node_type }.
    let mut borsh = Vec::with_capacity(16 * 50 + 17);
    borsh.push(BORSH_NODE_INTERNAL);
    let mut total_leaves: u64 = 0;
    for nibble in 0..16u8 {
        let bit = 1u16 << nibble;
        if existence & bit == 0 {
            borsh.push(0);
            continue;
        }
        let (hash, tail) = rest
            .split_at_checked(32)
            .ok_or_else(|| corrupt("short child hash"))?;
        rest = tail;
        let version = take_varint(&mut rest)?;
        borsh.push(1);
        borsh.extend_from_slice(hash);
        borsh.extend_from_slice(&version.to_le_bytes());
        let child_leaves = if leaves & bit != 0 {
            borsh.push(BORSH_NODE_TYPE_LEAF);
            1
        } else {
            let count = take_varint(&mut rest)?;
            borsh.push(BORSH_NODE_TYPE_INTERNAL);
            borsh.extend_from_slice(&count.to_le_bytes());
            count
        };
        total_leaves = total_leaves
            .checked_add(child_leaves)
            .ok_or_else(|| corrupt("leaf count"))?;
    }
    if !rest.is_empty() {
        return Err(corrupt("trailing bytes"));
    }
    borsh.extend_from_slice(&u64::from(existence.count_ones()).to_le_bytes());
    borsh.extend_from_slice(&total_leaves.to_le_bytes());
    Node::try_from_slice(&borsh).map_err(|e| corrupt(&e.to_string()))
}

fn take_u16(rest: &mut &[u8]) -> Result<u16, StoreError> {
    let (head, tail) = rest.split_at_checked(2).ok_or_else(|| corrupt("short"))?;
    *rest = tail;
    let head: [u8; 2] = head.try_into().map_err(|_| corrupt("short"))?;
    Ok(u16::from_be_bytes(head))
}

/// LEB128.
fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn take_varint(rest: &mut &[u8]) -> Result<u64, StoreError> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first().ok_or_else(|| corrupt("short varint"))?;
        *rest = tail;
        if shift == 63 && byte > 1 {
            return Err(corrupt("varint overflows 64 bits"));
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(corrupt("varint too long"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tree::{key_hash, EmptyTree, Jmt};

    /// Real nodes: the batch of a tree of `keys` keys built by jmt.
    fn nodes(keys: u32, version: u64) -> Vec<StoredNode> {
        let set = (0..keys)
            .map(|i| (key_hash(&i.to_be_bytes()), i.to_string().into_bytes()))
            .collect();
        let (_, batch) = Jmt::new(&EmptyTree)
            .batch_put_value_sets(vec![set], None, version)
            .unwrap();
        batch
            .node_batch
            .nodes()
            .values()
            .map(|node| StoredNode {
                value: matches!(node, Node::Leaf(_)).then(|| b"v".to_vec()),
                node: node.clone(),
            })
            .collect()
    }

    #[test]
    fn nodes_round_trip() {
        let mut all = nodes(3000, 1);
        all.extend(nodes(5, u64::MAX - 1));
        all.push(StoredNode {
            node: Node::Null,
            value: None,
        });
        assert!(all.iter().any(|n| matches!(n.node, Node::Internal(_))));
        for stored in all {
            let bytes = encode(&stored).unwrap();
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded, stored);
            // Same node, same hash, same borsh: nothing jmt relies on changed.
            assert_eq!(
                borsh::to_vec(&decoded.node).unwrap(),
                borsh::to_vec(&stored.node).unwrap()
            );
        }
    }

    #[test]
    fn full_internal_nodes_are_smaller_than_borsh() {
        let root = nodes(3000, 1_000_000)
            .into_iter()
            .find(|n| matches!(&n.node, Node::Internal(i) if i.leaf_count() == 3000))
            .unwrap();
        let compact = encode(&root).unwrap().len();
        let borsh = borsh::to_vec(&root.node).unwrap().len();
        assert!(compact < borsh * 4 / 5, "{compact} vs {borsh}");
    }

    #[test]
    fn malformed_bytes_are_errors_not_panics() {
        for bytes in [
            &[][..],
            &[9],
            &[NULL, 0],
            &[LEAF, 1, 2],
            &[INTERNAL, 0, 0, 0, 0],
            // A lone leaf child.
            &[INTERNAL, 0, 1, 0, 1],
            // A leaf bit without the child.
            &[INTERNAL, 0, 1, 0, 2],
            // Missing child data.
            &[INTERNAL, 0, 3, 0, 3],
        ] {
            assert!(decode(bytes).is_err(), "{bytes:?}");
        }
        let leaf = nodes(1, 1).remove(0);
        assert!(encode(&StoredNode {
            node: leaf.node,
            value: None
        })
        .is_err());
    }

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, value);
            let mut rest = &out[..];
            assert_eq!(take_varint(&mut rest).unwrap(), value);
            assert!(rest.is_empty());
        }
        assert!(take_varint(&mut &[0x80u8; 11][..]).is_err());
    }
}
