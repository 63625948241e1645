//! The Jellyfish Merkle Trees over the store: nodes (leaves with their values) read from the
//! node cache or sled, value lookups at a version, and computing one tree's next version.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::bail;
use jmt::storage::{HasPreimage, LeafNode, Node, NodeKey, TreeReader};
use jmt::{KeyHash, OwnedValue, Version};
use sha2::{Digest, Sha256};

use super::codec::{self, StoredNode};
use super::db::Shared;
use super::error::StoreError;
use super::layout::{self, TreeId};
use super::SUBSTORES;

pub(crate) type Jmt<'a, R> = jmt::JellyfishMerkleTree<'a, R, Sha256>;

/// Nibbles in a key hash: a walk from the root visits at most one more node than this.
const KEY_HASH_NIBBLES: usize = 64;

/// The version jmt reads the previous root from when writing version 0.
const PRE_GENESIS_VERSION: Version = u64::MAX;

/// Root hash of an empty JMT (the sparse Merkle placeholder).
pub(crate) const EMPTY_ROOT: [u8; 32] = Jmt::<'static, EmptyTree>::EMPTY_ROOT.0;

/// The JMT key of `key`: its SHA-256, as `KeyHash::with::<Sha256>` computes it (without the
/// debug event jmt emits per call, which would be noise on the hot path).
pub(crate) fn key_hash(key: &[u8]) -> KeyHash {
    KeyHash(Sha256::digest(key).into())
}

fn backend(e: anyhow::Error) -> StoreError {
    StoreError::Backend(format!("{e:#}"))
}

/// Reads one tree of the store.
pub(crate) struct TreeStore<'a> {
    shared: &'a Shared,
    tree: TreeId,
    /// When updating: put nodes read from sled into the node cache (only for walks of the
    /// latest tree, so historical queries do not evict the hot nodes), and remember the value
    /// of every leaf served, for leaves jmt moves without rewriting their value.
    leaf_values: Option<RefCell<BTreeMap<KeyHash, Vec<u8>>>>,
}

impl<'a> TreeStore<'a> {
    pub(crate) fn reading(shared: &'a Shared, tree: TreeId) -> Self {
        TreeStore {
            shared,
            tree,
            leaf_values: None,
        }
    }

    fn updating(shared: &'a Shared, tree: TreeId) -> Self {
        TreeStore {
            shared,
            tree,
            leaf_values: Some(RefCell::default()),
        }
    }

    fn load(&self, key: &NodeKey) -> Result<Option<Arc<StoredNode>>, StoreError> {
        // Nodes of the latest version may not be on disk yet.
        if let Some(overlay) = self.shared.pipeline.overlay() {
            if overlay.height == key.version() {
                if let Some(stored) = overlay.node(self.tree, key) {
                    return Ok(Some(stored));
                }
            }
        }
        if let Some(stored) = self.shared.cache.get(self.tree, key) {
            return Ok(Some(stored));
        }
        let Some(bytes) = self.shared.kv.get(layout::node_key(self.tree, key))? else {
            return Ok(None);
        };
        let stored = Arc::new(codec::decode(&bytes)?);
        if self.leaf_values.is_some() {
            self.shared
                .cache
                .insert(self.tree, key.clone(), Arc::clone(&stored));
        }
        Ok(Some(stored))
    }

    /// The value of `key_hash` in the tree at `version` (which must be a version the tree was
    /// written at).
    pub(crate) fn value(
        &self,
        key_hash: &KeyHash,
        version: Version,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let mut key = NodeKey::new(version, std::iter::empty().collect());
        for depth in 0..=KEY_HASH_NIBBLES {
            let Some(stored) = self.load(&key)? else {
                return Err(StoreError::Corrupt(format!(
                    "missing node {key:?} of tree {}",
                    self.tree
                )));
            };
            match &stored.node {
                Node::Null => return Ok(None),
                Node::Leaf(leaf) => {
                    let found = leaf.key_hash() == *key_hash;
                    return Ok(stored.value.clone().filter(|_| found));
                }
                Node::Internal(internal) => {
                    let Some(nibble) = nibble_at(key_hash, depth) else {
                        break;
                    };
                    // Descends to the child at `nibble`, or to the only leaf of that part of the
                    // node (whose key then differs), or nowhere if it is empty.
                    match internal.get_only_child_without_siblings(&key, nibble.into()) {
                        Some(child) => key = child,
                        None => return Ok(None),
                    }
                }
            }
        }
        Err(StoreError::Corrupt(format!(
            "tree {} deeper than a key hash",
            self.tree
        )))
    }
}

/// The `depth`-th nibble of a key hash.
fn nibble_at(key_hash: &KeyHash, depth: usize) -> Option<u8> {
    let byte = key_hash.0.get(depth / 2)?;
    Some(if depth & 1 == 0 {
        byte >> 4
    } else {
        byte & 0x0f
    })
}

impl TreeReader for TreeStore<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        let Some(stored) = self.load(node_key)? else {
            return Ok(None);
        };
        if let (Some(values), Node::Leaf(leaf), Some(value)) =
            (&self.leaf_values, &stored.node, &stored.value)
        {
            values.borrow_mut().insert(leaf.key_hash(), value.clone());
        }
        Ok(Some(stored.node.clone()))
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        Ok(self.value(&key_hash, max_version)?)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        bail!("restoring a tree from chunks is not supported")
    }
}

impl HasPreimage for TreeStore<'_> {
    fn preimage(&self, key_hash: KeyHash) -> anyhow::Result<Option<Vec<u8>>> {
        if let Some(overlay) = self.shared.pipeline.overlay() {
            if let Some(preimage) = overlay.preimages.get(&(self.tree, key_hash.0)) {
                return Ok(Some(preimage.clone()));
            }
        }
        let key = layout::preimage_key(self.tree, &key_hash);
        Ok(self.shared.kv.get(key)?.map(|v| v.to_vec()))
    }
}

/// Presents a tree to jmt as if its last version were `new version - 1`.
///
/// jmt looks for the previous root at exactly `version - 1`, but a tree is only written at the
/// heights that change it, so its latest root is at `base`. This reader answers the lookup of
/// that one root with the root at `base` (or an empty root for a tree never written).
struct RebasedReader<'a> {
    inner: TreeStore<'a>,
    base: Option<Version>,
    previous: Version,
}

impl TreeReader for RebasedReader<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        if node_key.version() == self.previous && node_key.nibble_path().is_empty() {
            return match self.base {
                Some(base) => self
                    .inner
                    .get_node_option(&NodeKey::new(base, node_key.nibble_path().clone())),
                None => Ok(Some(Node::Null)),
            };
        }
        self.inner.get_node_option(node_key)
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        match self.base {
            Some(base) if max_version == self.previous => {
                self.inner.get_value_option(base, key_hash)
            }
            None if max_version == self.previous => Ok(None),
            _ => self.inner.get_value_option(max_version, key_hash),
        }
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        self.inner.get_rightmost_leaf()
    }
}

/// A tree with nothing in it, for computing the empty state's root.
pub(crate) struct EmptyTree;

impl TreeReader for EmptyTree {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        Ok(node_key.nibble_path().is_empty().then_some(Node::Null))
    }

    fn get_value_option(&self, _: Version, _: KeyHash) -> anyhow::Result<Option<OwnedValue>> {
        Ok(None)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        Ok(None)
    }
}

/// The next version of one tree, not yet written.
pub(crate) struct TreeUpdate {
    pub root: [u8; 32],
    /// New nodes, all at the new version, leaves with their values.
    pub nodes: Vec<(NodeKey, StoredNode)>,
    /// Nodes that are no longer part of the tree from the new version on.
    pub stale_nodes: Vec<NodeKey>,
    /// Keys whose leaves jmt read on the way: exactly the written keys that existed before
    /// (jmt reaches a key's old leaf to replace or delete it), plus some neighbours.
    pub read_leaves: BTreeMap<KeyHash, Vec<u8>>,
}

/// Apply `writes` (`None` deletes) to `tree`, whose latest version is `base`, as `version`.
/// Every write must change the tree (no deletion of an absent key), so that a new root
/// exists at `version`.
pub(crate) fn update_tree(
    shared: &Shared,
    tree: TreeId,
    base: Option<Version>,
    version: Version,
    writes: Vec<(KeyHash, Option<OwnedValue>)>,
) -> Result<TreeUpdate, StoreError> {
    let reader = RebasedReader {
        inner: TreeStore::updating(shared, tree),
        base,
        // jmt looks for the root before version 0 at its pre-genesis version.
        previous: version.checked_sub(1).unwrap_or(PRE_GENESIS_VERSION),
    };
    let jmt = Jmt::new(&reader);
    let (root, batch) = if writes.iter().all(|(_, value)| value.is_some()) {
        // The batch path builds each new node once; the general one rebuilds the upper nodes
        // for every key. Both give the same tree.
        let set = writes
            .into_iter()
            .filter_map(|(key, value)| value.map(|v| (key, v)))
            .collect();
        let (roots, batch) = jmt
            .batch_put_value_sets(vec![set], None, version)
            .map_err(backend)?;
        let root = roots
            .first()
            .copied()
            .ok_or_else(|| StoreError::Backend("jmt returned no root".into()))?;
        (root, batch)
    } else {
        jmt.put_value_set(writes, version).map_err(backend)?
    };

    let leaf_values = reader
        .inner
        .leaf_values
        .map(RefCell::into_inner)
        .unwrap_or_default();
    let new_values = batch.node_batch.values();
    let mut has_root = false;
    let mut nodes = Vec::with_capacity(batch.node_batch.nodes().len());
    for (key, node) in batch.node_batch.nodes() {
        if key.version() != version {
            return Err(StoreError::Backend(format!(
                "jmt produced node {key:?} outside version {version} of tree {tree}"
            )));
        }
        has_root |= key.nibble_path().is_empty();
        let value = match node {
            Node::Leaf(leaf) => {
                let key_hash = leaf.key_hash();
                let value = match new_values.get(&(version, key_hash)) {
                    Some(Some(value)) => value.clone(),
                    // A leaf jmt moved without changing it: its value was read on the way.
                    _ => leaf_values.get(&key_hash).cloned().ok_or_else(|| {
                        StoreError::Backend(format!(
                            "value of moved leaf {key_hash:?} of tree {tree} was not read"
                        ))
                    })?,
                };
                Some(value)
            }
            Node::Internal(_) | Node::Null => None,
        };
        let node = node.clone();
        nodes.push((key.clone(), StoredNode { node, value }));
    }
    if !has_root {
        return Err(StoreError::Backend(format!(
            "jmt produced no root for version {version} of tree {tree}"
        )));
    }
    // jmt names the old root by the version it assumed; the real old root is at `base`.
    let mut stale_nodes: Vec<NodeKey> = batch
        .stale_node_index_batch
        .into_iter()
        .map(|index| index.node_key)
        .filter(|key| !key.nibble_path().is_empty())
        .collect();
    if let Some(base) = base {
        stale_nodes.push(NodeKey::new(base, std::iter::empty().collect()));
    }
    Ok(TreeUpdate {
        root: root.0,
        nodes,
        stale_nodes,
        read_leaves: leaf_values,
    })
}

/// The app hash of the empty state: the root tree holding every substore's empty root.
pub(crate) fn empty_state_root() -> Result<[u8; 32], StoreError> {
    let entries = SUBSTORES
        .iter()
        .map(|name| (key_hash(name.as_bytes()), EMPTY_ROOT.to_vec()))
        .collect();
    let (roots, _) = Jmt::new(&EmptyTree)
        .batch_put_value_sets(vec![entries], None, 1)
        .map_err(backend)?;
    roots
        .first()
        .map(|root| root.0)
        .ok_or_else(|| StoreError::Backend("jmt returned no root".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hash_is_jmt_sha256_key_hash() {
        assert_eq!(
            key_hash(b"balance/x"),
            KeyHash::with::<Sha256>(b"balance/x")
        );
    }

    #[test]
    fn nibbles_read_high_then_low() {
        let mut hash = KeyHash([0; 32]);
        hash.0[0] = 0xab;
        hash.0[31] = 0xcd;
        assert_eq!(nibble_at(&hash, 0), Some(0xa));
        assert_eq!(nibble_at(&hash, 1), Some(0xb));
        assert_eq!(nibble_at(&hash, 63), Some(0xd));
        assert_eq!(nibble_at(&hash, 64), None);
    }

    #[test]
    fn empty_state_root_is_fixed() {
        let root = empty_state_root().unwrap();
        assert_ne!(root, EMPTY_ROOT);
        assert_eq!(root, empty_state_root().unwrap());
    }
}
