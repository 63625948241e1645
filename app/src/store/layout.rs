//! Byte layout of everything the store keeps in its single sled tree.
//!
//! Everything lives in one sled tree (not one tree per column) so that a commit is a single
//! atomic `apply_batch`. Every key starts with a one-byte column tag; integers are big-endian so
//! keys sort by number, and the nodes of one version are contiguous (few pages dirtied per
//! commit).
//!
//! | column | key | value |
//! |---|---|---|
//! | latest | `L` | height (u64) |
//! | metadata | `M` height | borsh [`VersionMeta`] |
//! | JMT nodes | `N` tree version nibble-count nibbles | node (`codec.rs`; leaves carry their value) |
//! | pruning records | `S` tree version | borsh [`StaleRecord`] |
//! | key preimages | `P` tree key-hash | key (inner key, or substore name in the root tree) |
//! | key index | `K` full key | empty |
//! | latest values | `F` full key | value |
//! | non-verifiable | `X` key | value |

use borsh::{BorshDeserialize, BorshSerialize};
use jmt::storage::NodeKey;
use jmt::KeyHash;

use super::error::StoreError;
use super::SUBSTORES;

pub(crate) const LATEST: &[u8] = b"L";
pub(crate) const META: u8 = b'M';
const NODE: u8 = b'N';
const STALE: u8 = b'S';
const PREIMAGE: u8 = b'P';
pub(crate) const KEY_INDEX: u8 = b'K';
pub(crate) const FLAT: u8 = b'F';
const NONVERIFIABLE: u8 = b'X';

/// Identifies one JMT: [`ROOT_TREE`] or `1 + index` of a substore in [`SUBSTORES`].
pub(crate) type TreeId = u8;
pub(crate) const ROOT_TREE: TreeId = 0;

/// Tree id of the substore at `index` in [`SUBSTORES`].
pub(crate) fn substore_tree(index: usize) -> Result<TreeId, StoreError> {
    u8::try_from(index)
        .ok()
        .and_then(|i| i.checked_add(1))
        .ok_or_else(|| StoreError::Corrupt(format!("substore index {index} out of range")))
}

/// Every tree id: the root tree, then each substore.
pub(crate) fn all_trees() -> impl Iterator<Item = TreeId> {
    (0..=SUBSTORES.len()).filter_map(|i| u8::try_from(i).ok())
}

/// Which version each tree is at after a committed height, and that height's app hash.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub(crate) struct VersionMeta {
    pub app_hash: [u8; 32],
    /// Version of the root tree (the last height at which any substore root changed).
    pub root_version: u64,
    /// Per substore, in [`SUBSTORES`] order: the last height at which its tree was written.
    pub substores: Vec<Option<u64>>,
}

impl VersionMeta {
    /// The version of `tree` at this height; `None` for a substore never written.
    pub fn tree_version(&self, tree: TreeId) -> Option<u64> {
        match tree.checked_sub(1) {
            None => Some(self.root_version),
            Some(index) => self.substores.get(usize::from(index)).copied().flatten(),
        }
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, StoreError> {
        let mut meta = VersionMeta::try_from_slice(bytes)
            .map_err(|e| StoreError::Corrupt(format!("version metadata: {e}")))?;
        if meta.substores.len() > SUBSTORES.len() {
            return Err(StoreError::Corrupt(format!(
                "version metadata lists {} substores, this build knows {}",
                meta.substores.len(),
                SUBSTORES.len()
            )));
        }
        // A substore appended to SUBSTORES after this version was written has no tree yet.
        meta.substores.resize(SUBSTORES.len(), None);
        Ok(meta)
    }
}

/// Storage keys to delete once the version a record belongs to leaves the kept window: the
/// JMT nodes that stopped being part of the tree at that version.
#[derive(Debug, Default, Clone, BorshSerialize, BorshDeserialize)]
pub(crate) struct StaleRecord {
    pub keys: Vec<Vec<u8>>,
}

pub(crate) fn encode_height(height: u64) -> [u8; 8] {
    height.to_be_bytes()
}

pub(crate) fn decode_height(bytes: &[u8]) -> Result<u64, StoreError> {
    let array: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt(format!("height of {} bytes", bytes.len())))?;
    Ok(u64::from_be_bytes(array))
}

pub(crate) fn meta_key(height: u64) -> [u8; 9] {
    let mut key = [META; 9];
    key[1..].copy_from_slice(&height.to_be_bytes());
    key
}

/// The height of a metadata key.
pub(crate) fn meta_key_height(key: &[u8]) -> Result<u64, StoreError> {
    match key.split_first() {
        Some((&META, rest)) => decode_height(rest),
        _ => Err(StoreError::Corrupt("not a metadata key".into())),
    }
}

/// The sled key of a JMT node: nodes of one tree and version are contiguous.
pub(crate) fn node_key(tree: TreeId, key: &NodeKey) -> Vec<u8> {
    let path = key.nibble_path();
    let num_nibbles = path.num_nibbles();
    let mut out = Vec::with_capacity(11 + num_nibbles.div_ceil(2));
    out.push(NODE);
    out.push(tree);
    out.extend_from_slice(&key.version().to_be_bytes());
    // At most 64 nibbles, so this never saturates.
    out.push(u8::try_from(num_nibbles).unwrap_or(u8::MAX));
    let mut nibbles = path.nibbles();
    while let Some(high) = nibbles.next() {
        let low = nibbles.next().map(u8::from).unwrap_or(0);
        out.push((u8::from(high) << 4) | low);
    }
    out
}

pub(crate) fn stale_key(tree: TreeId, version: u64) -> [u8; 10] {
    let mut out = [0u8; 10];
    out[0] = STALE;
    out[1] = tree;
    out[2..].copy_from_slice(&version.to_be_bytes());
    out
}

pub(crate) fn preimage_key(tree: TreeId, key_hash: &KeyHash) -> [u8; 34] {
    let mut out = [0u8; 34];
    out[0] = PREIMAGE;
    out[1] = tree;
    out[2..].copy_from_slice(&key_hash.0);
    out
}

/// `tag` followed by `key`.
pub(crate) fn tagged(tag: u8, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len().saturating_add(1));
    out.push(tag);
    out.extend_from_slice(key);
    out
}

pub(crate) fn flat_key(full_key: &[u8]) -> Vec<u8> {
    tagged(FLAT, full_key)
}

pub(crate) fn key_index_key(full_key: &[u8]) -> Vec<u8> {
    tagged(KEY_INDEX, full_key)
}

pub(crate) fn nonverifiable_key(key: &[u8]) -> Vec<u8> {
    tagged(NONVERIFIABLE, key)
}

/// The column a key belongs to, for statistics.
pub(crate) enum Column {
    Latest,
    Meta,
    Node,
    Stale,
    Preimage,
    KeyIndex,
    Flat,
    NonVerifiable,
    Unknown,
}

pub(crate) fn column(key: &[u8]) -> Column {
    match key.first() {
        Some(b'L') => Column::Latest,
        Some(&META) => Column::Meta,
        Some(&NODE) => Column::Node,
        Some(&STALE) => Column::Stale,
        Some(&PREIMAGE) => Column::Preimage,
        Some(&KEY_INDEX) => Column::KeyIndex,
        Some(&FLAT) => Column::Flat,
        Some(&NONVERIFIABLE) => Column::NonVerifiable,
        _ => Column::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_sort_numerically() {
        assert!(meta_key(255) < meta_key(256));
        assert!(stale_key(1, 9) < stale_key(1, 10));
        let node = |version| node_key(1, &NodeKey::new(version, std::iter::empty().collect()));
        assert!(node(255) < node(256));
        assert_eq!(meta_key_height(&meta_key(42)).unwrap(), 42);
    }

    #[test]
    fn metadata_of_an_older_build_gains_new_substores() {
        let meta = VersionMeta {
            app_hash: [1; 32],
            root_version: 3,
            substores: vec![Some(2)],
        };
        let decoded = VersionMeta::decode(&borsh::to_vec(&meta).unwrap()).unwrap();
        assert_eq!(decoded.substores.len(), SUBSTORES.len());
        assert_eq!(decoded.tree_version(1), Some(2));
        assert_eq!(decoded.tree_version(2), None);
        assert_eq!(decoded.tree_version(ROOT_TREE), Some(3));
    }
}
