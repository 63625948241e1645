//! Export and import of one committed height, for state-sync snapshots.
//!
//! Export is read-only: the verifiable key/values of a [`Snapshot`] come from its prefix
//! iteration, the tree versions of its height from [`Snapshot::tree_versions`], and the
//! non-verifiable keyspace (latest values only) from [`Storage::nonverifiable_entries`].
//!
//! [`Storage::import`] writes such an export into an empty store as one version: each substore
//! tree is built at the version it had at that height on the exporting node, the root tree at
//! its own, and the height's metadata is the exporter's, so reads, proofs, the app hash and the
//! next blocks' trees are the same as on a node that executed every block. Older heights are
//! simply absent. The app hash is checked before anything is written, so a refused import
//! leaves the store empty.

use borsh::{BorshDeserialize, BorshSerialize};
use std::collections::BTreeMap;

use jmt::storage::{Node, NodeKey};
use jmt::KeyHash;

use super::codec::StoredNode;
use super::error::StoreError;
use super::layout::{self, VersionMeta, ROOT_TREE};
use super::prepare::{PreparedCommit, TreeWrite};
use super::snapshot::Snapshot;
use super::tree::{key_hash, update_tree, TreeUpdate, EMPTY_ROOT};
use super::{commit, split_key_indexed, CommitInfo, Storage, SUBSTORES};

/// Key/value pairs in key order.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// One substore's entries: (key inside the substore, full key, value).
type Group<'a> = Vec<(&'a [u8], &'a Vec<u8>, &'a Vec<u8>)>;

/// The version each tree of the store is at after one height (see `layout::VersionMeta`).
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct TreeVersions {
    /// The root tree's version.
    pub root: u64,
    /// Per substore, in [`SUBSTORES`] order: its tree's version, `None` if never written.
    pub substores: Vec<Option<u64>>,
}

impl Snapshot {
    /// The tree versions of this height; `None` for the empty state of a fresh store.
    pub fn tree_versions(&self) -> Option<TreeVersions> {
        self.meta().map(|meta| TreeVersions {
            root: meta.root_version,
            substores: meta.substores.clone(),
        })
    }
}

impl Storage {
    /// The non-verifiable keyspace (latest values) in key order; an error if it holds more
    /// than `limit` entries.
    pub fn nonverifiable_entries(&self, limit: usize) -> Result<Entries, StoreError> {
        // The version in flight (if any) overrides what is on disk.
        let overlay = self.shared.pipeline.overlay();
        let mut entries: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for entry in self.shared.kv.scan_prefix(layout::nonverifiable_key(&[])) {
            let (key, value) = entry?;
            if entries.len() > limit {
                break;
            }
            let key = key.get(1..).unwrap_or_default().to_vec();
            if overlay
                .as_ref()
                .is_some_and(|o| o.nonverifiable.contains_key(&key))
            {
                continue;
            }
            entries.insert(key, value.to_vec());
        }
        for (key, value) in overlay.iter().flat_map(|o| &o.nonverifiable) {
            if let Some(value) = value {
                entries.insert(key.clone(), value.clone());
            }
        }
        if entries.len() > limit {
            return Err(StoreError::Backend(format!(
                "more than {limit} non-verifiable entries"
            )));
        }
        Ok(entries.into_iter().collect())
    }

    /// Write an exported height into this store, which must be empty. `verifiable` must be in
    /// strictly ascending key order. Refused, with nothing written, unless the resulting app
    /// hash equals `expected_app_hash`.
    pub fn import(
        &self,
        height: u64,
        versions: &TreeVersions,
        verifiable: &[(Vec<u8>, Vec<u8>)],
        nonverifiable: &[(Vec<u8>, Vec<u8>)],
        expected_app_hash: [u8; 32],
    ) -> Result<CommitInfo, StoreError> {
        let refuse = |why: String| Err(StoreError::Import(why));
        let shared = &self.shared;
        if shared.latest().is_some() || shared.kv.first()?.is_some() {
            return refuse("the store is not empty".into());
        }
        if versions.substores.len() != SUBSTORES.len() {
            return refuse(format!(
                "{} substore versions, this build has {} substores",
                versions.substores.len(),
                SUBSTORES.len()
            ));
        }
        if versions.root > height || versions.substores.iter().flatten().any(|v| *v > height) {
            return refuse(format!("a tree version is above height {height}"));
        }

        // Group the entries by substore (keys ascending, so each group is too).
        let mut groups: Vec<Group<'_>> = vec![Vec::new(); SUBSTORES.len()];
        let mut previous: Option<&[u8]> = None;
        for (full, value) in verifiable {
            if previous.is_some_and(|p| p >= full.as_slice()) {
                return refuse("verifiable keys are not in strictly ascending order".into());
            }
            previous = Some(full);
            let (index, inner) =
                split_key_indexed(full).ok_or_else(|| StoreError::unknown_substore(full))?;
            if inner.is_empty() {
                return Err(StoreError::invalid_key(full, "empty key inside a substore"));
            }
            if let Some(group) = groups.get_mut(index) {
                group.push((inner, full, value));
            }
        }

        let mut trees = Vec::new();
        let mut flat = Vec::with_capacity(verifiable.len());
        let mut new_keys = Vec::with_capacity(verifiable.len());
        let mut roots = Vec::with_capacity(SUBSTORES.len());
        for (index, group) in groups.into_iter().enumerate() {
            if group.is_empty() {
                // A tree emptied by deletions has a null root at its version, as jmt leaves it.
                if let Some(version) = versions.substores.get(index).copied().flatten() {
                    trees.push(TreeWrite {
                        tree: layout::substore_tree(index)?,
                        update: null_root(version),
                        preimages: Vec::new(),
                    });
                }
                roots.push(EMPTY_ROOT);
                continue;
            }
            let Some(version) = versions.substores.get(index).copied().flatten() else {
                return refuse(format!(
                    "entries for substore {} without a tree",
                    SUBSTORES[index]
                ));
            };
            let tree = layout::substore_tree(index)?;
            let mut writes: Vec<(KeyHash, Option<Vec<u8>>)> = Vec::with_capacity(group.len());
            let mut preimages = Vec::with_capacity(group.len());
            for (inner, full, value) in group {
                let hash = key_hash(inner);
                writes.push((hash, Some(value.clone())));
                preimages.push((hash, inner.to_vec()));
                flat.push((full.clone(), Some(value.clone())));
                new_keys.push(full.clone());
            }
            let update = update_tree(shared, tree, None, version, writes)?;
            roots.push(update.root);
            trees.push(TreeWrite {
                tree,
                update,
                preimages,
            });
        }

        let mut entries = Vec::with_capacity(SUBSTORES.len());
        let mut preimages = Vec::with_capacity(SUBSTORES.len());
        for (name, root) in SUBSTORES.iter().zip(roots) {
            let hash = key_hash(name.as_bytes());
            preimages.push((hash, name.as_bytes().to_vec()));
            entries.push((hash, Some(root.to_vec())));
        }
        let update = update_tree(shared, ROOT_TREE, None, versions.root, entries)?;
        let app_hash = update.root;
        trees.push(TreeWrite {
            tree: ROOT_TREE,
            update,
            preimages,
        });
        if app_hash != expected_app_hash {
            return refuse(format!(
                "the state's app hash {} is not the trusted {}",
                hex::encode(app_hash),
                hex::encode(expected_app_hash)
            ));
        }

        let prepared = PreparedCommit {
            base: None,
            height,
            meta: VersionMeta {
                app_hash,
                root_version: versions.root,
                substores: versions.substores.clone(),
            },
            trees,
            flat,
            new_keys,
            nonverifiable: nonverifiable
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect(),
        };
        let info = commit::commit(shared, prepared)?;
        self.wait_durable(info.height)
    }
}

/// The version of an empty tree: a null root node.
fn null_root(version: u64) -> TreeUpdate {
    let root = StoredNode {
        node: Node::Null,
        value: None,
    };
    TreeUpdate {
        root: EMPTY_ROOT,
        nodes: vec![(NodeKey::new(version, std::iter::empty().collect()), root)],
        stale_nodes: Vec::new(),
        read_leaves: BTreeMap::new(),
    }
}
