//! Bounded in-memory caches in front of sled: JMT nodes, and the latest values of the flat
//! table. Neither changes what any read returns, only how fast it is:
//!
//! * a node key names one version of one tree position, so a node never changes;
//! * the value cache mirrors the flat table at the latest height: commit updates it while it
//!   holds the write lock that also covers the flat-table write, and readers fill it only while
//!   holding the read lock, after checking they read the latest height.
//!
//! Bounding is two-generational: new entries go to `current`; when `current` reaches half the
//! budget it becomes `previous` and the old `previous` is dropped. A hit in `previous` moves the
//! entry back to `current`, so hot entries (the upper levels of each tree, busy accounts)
//! survive every rotation.

use std::borrow::Borrow;
// A std HashMap is fine here: the caches are never iterated, so their order cannot leak into
// state.
#[allow(clippy::disallowed_types)]
use std::collections::HashMap;
use std::hash::Hash;
use std::mem::size_of;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use jmt::storage::{Node, NodeKey};

use super::codec::StoredNode;
use super::layout::{all_trees, TreeId};

/// Memory budget of the node cache.
pub(crate) const NODE_CACHE_BYTES: usize = 256 << 20;
/// Memory budget of the latest-value cache.
pub(crate) const VALUE_CACHE_BYTES: usize = 64 << 20;
/// Hash-table and allocation overhead counted per entry.
const ENTRY_OVERHEAD: usize = 64;

/// One generation: a map per shard, and the bytes it holds.
struct Generation<K, V> {
    #[allow(clippy::disallowed_types)]
    shards: Vec<HashMap<K, (V, usize)>>,
    bytes: usize,
}

impl<K, V> Generation<K, V> {
    fn new(shards: usize) -> Self {
        Generation {
            shards: (0..shards).map(|_| Default::default()).collect(),
            bytes: 0,
        }
    }
}

/// A sharded map bounded to about `budget` bytes (see the module doc).
struct Bounded<K, V> {
    current: Generation<K, V>,
    previous: Generation<K, V>,
    half_budget: usize,
}

impl<K: Hash + Eq, V: Clone> Bounded<K, V> {
    fn new(shards: usize, budget: usize) -> Self {
        Bounded {
            current: Generation::new(shards),
            previous: Generation::new(shards),
            half_budget: budget / 2,
        }
    }

    fn get<Q>(&mut self, shard: usize, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some((value, _)) = self.current.shards.get(shard)?.get(key) {
            return Some(value.clone());
        }
        let (key, (value, size)) = self.previous.shards.get_mut(shard)?.remove_entry(key)?;
        self.previous.bytes = self.previous.bytes.saturating_sub(size);
        self.insert(shard, key, value.clone(), size);
        Some(value)
    }

    fn insert(&mut self, shard: usize, key: K, value: V, size: usize) {
        let Some(map) = self.current.shards.get_mut(shard) else {
            return;
        };
        let replaced = map.insert(key, (value, size)).map_or(0, |(_, old)| old);
        self.current.bytes = self
            .current
            .bytes
            .saturating_sub(replaced)
            .saturating_add(size);
        if self.current.bytes >= self.half_budget {
            let shards = self.current.shards.len();
            self.previous = std::mem::replace(&mut self.current, Generation::new(shards));
        }
    }

    fn remove<Q>(&mut self, shard: usize, key: &Q)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        for generation in [&mut self.current, &mut self.previous] {
            if let Some((_, size)) = generation.shards.get_mut(shard).and_then(|m| m.remove(key)) {
                generation.bytes = generation.bytes.saturating_sub(size);
            }
        }
    }
}

/// Lock a cache; a panic while holding the lock cannot leave a wrong entry behind.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// JMT nodes of every tree, sharded by tree id. Internal nodes, which every walk passes
/// through, have their own share of the budget, so a large set of leaves (each reused only when
/// its key is written again) cannot push them out.
pub(crate) struct NodeCache {
    internal: Mutex<Bounded<NodeKey, Arc<StoredNode>>>,
    leaves: Mutex<Bounded<NodeKey, Arc<StoredNode>>>,
}

impl NodeCache {
    pub(crate) fn new(budget: usize) -> Self {
        let trees = all_trees().count();
        let leaves = budget / 4;
        NodeCache {
            internal: Mutex::new(Bounded::new(trees, budget.saturating_sub(leaves))),
            leaves: Mutex::new(Bounded::new(trees, leaves)),
        }
    }

    fn part(&self, node: &StoredNode) -> &Mutex<Bounded<NodeKey, Arc<StoredNode>>> {
        match node.node {
            Node::Leaf(_) => &self.leaves,
            Node::Internal(_) | Node::Null => &self.internal,
        }
    }

    pub(crate) fn get(&self, tree: TreeId, key: &NodeKey) -> Option<Arc<StoredNode>> {
        let shard = usize::from(tree);
        lock(&self.internal)
            .get(shard, key)
            .or_else(|| lock(&self.leaves).get(shard, key))
    }

    pub(crate) fn insert(&self, tree: TreeId, key: NodeKey, node: Arc<StoredNode>) {
        let size = node_size(&node);
        lock(self.part(&node)).insert(usize::from(tree), key, node, size);
    }

    /// Insert many nodes.
    pub(crate) fn insert_shared(
        &self,
        tree: TreeId,
        nodes: impl IntoIterator<Item = (NodeKey, Arc<StoredNode>)>,
    ) {
        let (mut internal, mut leaves) = (lock(&self.internal), lock(&self.leaves));
        for (key, node) in nodes {
            let size = node_size(&node);
            let part = match node.node {
                Node::Leaf(_) => &mut leaves,
                Node::Internal(_) | Node::Null => &mut internal,
            };
            part.insert(usize::from(tree), key, node, size);
        }
    }

    /// Forget nodes that are no longer part of the latest trees.
    pub(crate) fn remove_all<'a>(&self, tree: TreeId, keys: impl IntoIterator<Item = &'a NodeKey>) {
        let (mut internal, mut leaves) = (lock(&self.internal), lock(&self.leaves));
        for key in keys {
            internal.remove(usize::from(tree), key);
            leaves.remove(usize::from(tree), key);
        }
    }
}

/// Approximate footprint of one cached node.
fn node_size(stored: &StoredNode) -> usize {
    // Key and node, the boxed children array of internal nodes, and the value a leaf carries.
    const ENTRY: usize = size_of::<NodeKey>() + size_of::<StoredNode>() + ENTRY_OVERHEAD;
    const CHILDREN: usize = 16 * 48;
    let value = stored.value.as_ref().map_or(0, Vec::len);
    match stored.node {
        Node::Internal(_) => ENTRY + CHILDREN,
        Node::Leaf(_) | Node::Null => ENTRY.saturating_add(value),
    }
}

/// Latest values of the flat table by full key; `None` records a key known to be absent.
pub(crate) struct ValueCache {
    values: Mutex<Bounded<Vec<u8>, Option<Vec<u8>>>>,
}

impl ValueCache {
    pub(crate) fn new(budget: usize) -> Self {
        ValueCache {
            values: Mutex::new(Bounded::new(1, budget)),
        }
    }

    /// `None` if not cached; `Some(None)` if cached as absent.
    pub(crate) fn get(&self, key: &[u8]) -> Option<Option<Vec<u8>>> {
        lock(&self.values).get(0, key)
    }

    /// Callers hold the latest-version lock (see the module doc).
    pub(crate) fn insert(&self, key: Vec<u8>, value: Option<Vec<u8>>) {
        let size = value_size(&key, value.as_deref());
        lock(&self.values).insert(0, key, value, size);
    }

    /// Record a commit's writes; called with the latest-version write lock held.
    pub(crate) fn insert_all(&self, writes: Vec<(Vec<u8>, Option<Vec<u8>>)>) {
        let mut cache = lock(&self.values);
        for (key, value) in writes {
            let size = value_size(&key, value.as_deref());
            cache.insert(0, key, value, size);
        }
    }
}

fn value_size(key: &[u8], value: Option<&[u8]>) -> usize {
    key.len()
        .saturating_add(value.map_or(0, <[u8]>::len))
        .saturating_add(size_of::<(Vec<u8>, Option<Vec<u8>>, usize)>() + ENTRY_OVERHEAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(version: u64) -> NodeKey {
        NodeKey::new(version, std::iter::empty().collect())
    }

    fn null() -> Arc<StoredNode> {
        Arc::new(StoredNode {
            node: Node::Null,
            value: None,
        })
    }

    #[test]
    fn nodes_stay_within_budget_and_hot_ones_survive() {
        // Room for about 10 nodes per generation.
        let cache = NodeCache::new(node_size(&null()) * 20);
        cache.insert(1, key(0), null());
        for version in 1..100 {
            cache.insert(1, key(version), null());
            // Touching the hot node keeps it alive across rotations.
            assert!(cache.get(1, &key(0)).is_some());
        }
        assert!(cache.get(1, &key(1)).is_none());
        assert!(cache.get(1, &key(99)).is_some());
        cache.remove_all(1, [&key(99)]);
        assert!(cache.get(1, &key(99)).is_none());
        // Unknown tree ids are ignored rather than panicking.
        cache.insert(200, key(1), null());
        assert!(cache.get(200, &key(1)).is_none());
    }

    #[test]
    fn many_leaves_do_not_evict_internal_nodes() {
        let leaf = |i: u8| {
            let (_, batch) = crate::store::tree::Jmt::new(&crate::store::tree::EmptyTree)
                .batch_put_value_sets(vec![vec![(jmt::KeyHash([i; 32]), vec![i])]], None, 1)
                .unwrap();
            let node = batch.node_batch.nodes().values().next().unwrap().clone();
            Arc::new(StoredNode {
                node,
                value: Some(vec![i]),
            })
        };
        let cache = NodeCache::new(node_size(&leaf(0)) * 40);
        cache.insert(1, key(0), null());
        for i in 1..=200u8 {
            cache.insert(1, key(u64::from(i)), leaf(i));
        }
        assert!(cache.get(1, &key(0)).is_some());
        assert!(cache.get(1, &key(200)).is_some());
        assert!(cache.get(1, &key(1)).is_none());
    }

    #[test]
    fn values_record_presence_and_absence() {
        let cache = ValueCache::new(1 << 20);
        assert_eq!(cache.get(b"bank/a"), None);
        cache.insert(b"bank/a".to_vec(), Some(b"1".to_vec()));
        cache.insert_all(vec![(b"bank/b".to_vec(), None)]);
        assert_eq!(cache.get(b"bank/a"), Some(Some(b"1".to_vec())));
        assert_eq!(cache.get(b"bank/b"), Some(None));
        cache.insert(b"bank/a".to_vec(), None);
        assert_eq!(cache.get(b"bank/a"), Some(None));
    }

    #[test]
    fn replacing_an_entry_does_not_inflate_the_size() {
        let mut map: Bounded<u8, u8> = Bounded::new(1, 1000);
        for _ in 0..100 {
            map.insert(0, 1, 1, 10);
        }
        assert_eq!(map.current.bytes, 10);
        map.remove(0, &1);
        assert_eq!(map.current.bytes, 0);
    }
}
