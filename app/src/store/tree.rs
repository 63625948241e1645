//! The Jellyfish Merkle Trees over the store: node, value and preimage reads from sled, and
//! computing one tree's next version.

use anyhow::{anyhow, bail};
use borsh::BorshDeserialize;
use jmt::storage::{HasPreimage, LeafNode, Node, NodeBatch, NodeKey, TreeReader};
use jmt::{KeyHash, OwnedValue, Version};
use sha2::{Digest, Sha256};

use super::db::Shared;
use super::error::StoreError;
use super::layout::{self, TreeId};
use super::SUBSTORES;

pub(crate) type Jmt<'a, R> = jmt::JellyfishMerkleTree<'a, R, Sha256>;

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
    /// Put nodes read from sled into the node cache (only for walks of the latest tree, so
    /// historical queries do not evict the hot nodes).
    fill_cache: bool,
}

impl<'a> TreeStore<'a> {
    pub(crate) fn reading(shared: &'a Shared, tree: TreeId) -> Self {
        TreeStore {
            shared,
            tree,
            fill_cache: false,
        }
    }

    fn updating(shared: &'a Shared, tree: TreeId) -> Self {
        TreeStore {
            shared,
            tree,
            fill_cache: true,
        }
    }
}

impl TreeReader for TreeStore<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        if let Some(node) = self.shared.cache.get(self.tree, node_key) {
            return Ok(Some(node));
        }
        let Some(bytes) = self.shared.kv.get(layout::node_key(self.tree, node_key))? else {
            return Ok(None);
        };
        let node = Node::try_from_slice(&bytes)
            .map_err(|e| anyhow!("corrupt node {node_key:?} of tree {}: {e}", self.tree))?;
        if self.fill_cache {
            self.shared
                .cache
                .insert(self.tree, node_key.clone(), node.clone());
        }
        Ok(Some(node))
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        Ok(self.shared.value_at(self.tree, &key_hash, max_version)?)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        bail!("restoring a tree from chunks is not supported")
    }
}

impl HasPreimage for TreeStore<'_> {
    fn preimage(&self, key_hash: KeyHash) -> anyhow::Result<Option<Vec<u8>>> {
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
        self.inner.get_value_option(max_version, key_hash)
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
    /// New nodes and values, all at the new version.
    pub nodes: NodeBatch,
    /// Nodes that are no longer part of the tree from the new version on.
    pub stale_nodes: Vec<NodeKey>,
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
    // jmt looks for the root before version 0 at its pre-genesis version.
    let previous = version.checked_sub(1).unwrap_or(PRE_GENESIS_VERSION);
    let reader = RebasedReader {
        inner: TreeStore::updating(shared, tree),
        base,
        previous,
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

    let mut has_root = false;
    for key in batch.node_batch.nodes().keys() {
        if key.version() != version {
            return Err(StoreError::Backend(format!(
                "jmt produced node {key:?} outside version {version} of tree {tree}"
            )));
        }
        has_root |= key.nibble_path().is_empty();
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
        nodes: batch.node_batch,
        stale_nodes,
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
    fn empty_state_root_is_fixed() {
        let root = empty_state_root().unwrap();
        assert_ne!(root, EMPTY_ROOT);
        assert_eq!(root, empty_state_root().unwrap());
    }
}
