//! A bounded in-memory cache of JMT nodes.
//!
//! Tree walks in `prepare` would otherwise read every node on the path from sled. Nodes are
//! immutable once written (a node key names one version of one position), so the cache can
//! never serve a wrong node; it only changes speed, never results.
//!
//! Bounding is two-generational: new entries go to `current`; when `current` reaches half the
//! budget it becomes `previous` and the old `previous` is dropped. A hit in `previous` moves the
//! node back to `current`, so the hot upper levels of each tree survive every rotation.

// A std HashMap is fine here: the cache is never iterated, so its order cannot leak into state.
#[allow(clippy::disallowed_types)]
use std::collections::HashMap;
use std::mem::size_of;
use std::sync::{Mutex, MutexGuard, PoisonError};

use jmt::storage::{Node, NodeKey};

use super::layout::{all_trees, TreeId};

/// Default memory budget of the node cache.
pub(crate) const NODE_CACHE_BYTES: usize = 256 << 20;

#[allow(clippy::disallowed_types)]
type Map = HashMap<NodeKey, Node>;

/// Maps of every tree, indexed by tree id.
struct Generation {
    trees: Vec<Map>,
    bytes: usize,
}

impl Generation {
    fn new() -> Self {
        Generation {
            trees: all_trees().map(|_| Map::default()).collect(),
            bytes: 0,
        }
    }
}

struct Generations {
    current: Generation,
    previous: Generation,
}

pub(crate) struct NodeCache {
    generations: Mutex<Generations>,
    /// Budget of one generation.
    half_budget: usize,
}

impl NodeCache {
    pub(crate) fn new(budget_bytes: usize) -> Self {
        NodeCache {
            generations: Mutex::new(Generations {
                current: Generation::new(),
                previous: Generation::new(),
            }),
            half_budget: budget_bytes / 2,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Generations> {
        // A panic while holding the lock cannot leave a wrong node behind, so keep going.
        self.generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn get(&self, tree: TreeId, key: &NodeKey) -> Option<Node> {
        let mut generations = self.lock();
        let index = usize::from(tree);
        if let Some(node) = generations.current.trees.get(index)?.get(key) {
            return Some(node.clone());
        }
        let node = generations.previous.trees.get_mut(index)?.remove(key)?;
        let size = estimated_size(&node);
        generations.previous.bytes = generations.previous.bytes.saturating_sub(size);
        self.insert_locked(&mut generations, tree, key.clone(), node.clone());
        Some(node)
    }

    pub(crate) fn insert(&self, tree: TreeId, key: NodeKey, node: Node) {
        let mut generations = self.lock();
        self.insert_locked(&mut generations, tree, key, node);
    }

    /// Insert many nodes under one lock.
    pub(crate) fn insert_all<'a>(
        &self,
        tree: TreeId,
        nodes: impl IntoIterator<Item = (&'a NodeKey, &'a Node)>,
    ) {
        let mut generations = self.lock();
        for (key, node) in nodes {
            self.insert_locked(&mut generations, tree, key.clone(), node.clone());
        }
    }

    fn insert_locked(&self, generations: &mut Generations, tree: TreeId, key: NodeKey, node: Node) {
        let size = estimated_size(&node);
        let Some(map) = generations.current.trees.get_mut(usize::from(tree)) else {
            return;
        };
        if map.insert(key, node).is_none() {
            generations.current.bytes = generations.current.bytes.saturating_add(size);
        }
        if generations.current.bytes >= self.half_budget {
            generations.previous = std::mem::replace(&mut generations.current, Generation::new());
        }
    }

    /// Forget nodes that are no longer part of the latest trees.
    pub(crate) fn remove_all<'a>(&self, tree: TreeId, keys: impl IntoIterator<Item = &'a NodeKey>) {
        let mut generations = self.lock();
        let generations = &mut *generations;
        let index = usize::from(tree);
        for key in keys {
            for generation in [&mut generations.current, &mut generations.previous] {
                if let Some(node) = generation.trees.get_mut(index).and_then(|m| m.remove(key)) {
                    generation.bytes = generation.bytes.saturating_sub(estimated_size(&node));
                }
            }
        }
    }
}

/// Approximate heap and table footprint of one cached node.
fn estimated_size(node: &Node) -> usize {
    // Key, value and hash-table overhead, plus the boxed children array of internal nodes.
    const ENTRY: usize = size_of::<NodeKey>() + size_of::<Node>() + 64;
    const CHILDREN: usize = 16 * 48;
    match node {
        Node::Internal(_) => ENTRY + CHILDREN,
        Node::Leaf(_) | Node::Null => ENTRY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(version: u64) -> NodeKey {
        NodeKey::new(version, std::iter::empty().collect())
    }

    #[test]
    fn stays_within_budget_and_keeps_hot_nodes() {
        let per_node = estimated_size(&Node::Null);
        // Room for about 10 nodes per generation.
        let cache = NodeCache::new(per_node * 20);
        cache.insert(1, key(0), Node::Null);
        for version in 1..100 {
            cache.insert(1, key(version), Node::Null);
            // Touching the hot node keeps it alive across rotations.
            assert!(cache.get(1, &key(0)).is_some());
        }
        assert!(cache.get(1, &key(1)).is_none());
        assert!(cache.get(1, &key(99)).is_some());
        cache.remove_all(1, [&key(99)]);
        assert!(cache.get(1, &key(99)).is_none());
        // Unknown tree ids are ignored rather than panicking.
        cache.insert(200, key(1), Node::Null);
        assert!(cache.get(200, &key(1)).is_none());
    }
}
