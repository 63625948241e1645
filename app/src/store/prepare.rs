//! Computing the next version's roots without writing anything.

use std::collections::BTreeMap;

use jmt::KeyHash;
use openledger_framework::Changes;

use super::db::Shared;
use super::error::StoreError;
use super::layout::{self, TreeId, VersionMeta, ROOT_TREE};
use super::tree::{key_hash, update_tree, TreeUpdate, EMPTY_ROOT};
use super::{split_verifiable_key, SUBSTORES};

/// A version whose roots are computed but which is not written yet. Commit it with
/// [`Storage::commit`](super::Storage::commit), or drop it to discard it.
pub struct PreparedCommit {
    /// The latest committed height this version builds on.
    pub(super) base: Option<u64>,
    pub(super) height: u64,
    pub(super) meta: VersionMeta,
    pub(super) trees: Vec<TreeWrite>,
    /// Full key -> new latest value, or `None` to delete it.
    pub(super) flat: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Keys written for the first time (or again after a deletion), for the key index.
    pub(super) new_keys: Vec<Vec<u8>>,
    pub(super) nonverifiable: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

/// What one tree's new version writes.
pub(super) struct TreeWrite {
    pub tree: TreeId,
    pub update: TreeUpdate,
    pub preimages: Vec<(KeyHash, Vec<u8>)>,
}

impl PreparedCommit {
    pub fn height(&self) -> u64 {
        self.height
    }

    pub fn app_hash(&self) -> [u8; 32] {
        self.meta.app_hash
    }
}

impl std::fmt::Debug for PreparedCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedCommit")
            .field("height", &self.height)
            .field("app_hash", &hex::encode(self.meta.app_hash))
            .field("base", &self.base)
            .field("trees", &self.trees.len())
            .finish_non_exhaustive()
    }
}

/// A write to one substore key.
struct Write<'a> {
    inner: &'a [u8],
    full: &'a Vec<u8>,
    value: Option<&'a Vec<u8>>,
}

pub(crate) fn prepare(
    shared: &Shared,
    height: u64,
    changes: &Changes,
) -> Result<PreparedCommit, StoreError> {
    let latest = shared.latest();
    let base = latest.as_ref().map(|l| l.height);
    // Height 0 is allowed on a fresh store (the genesis state before block 1).
    if base.is_some_and(|b| height <= b) {
        return Err(StoreError::HeightMismatch {
            latest: base,
            requested: height,
        });
    }
    let base_meta = latest.map(|l| l.meta);

    let mut by_substore: BTreeMap<usize, Vec<Write<'_>>> = BTreeMap::new();
    for (full, value) in &changes.verifiable {
        let (index, inner) = split_verifiable_key(full)?;
        by_substore.entry(index).or_default().push(Write {
            inner,
            full,
            value: value.as_ref(),
        });
    }

    let mut substores = match &base_meta {
        Some(meta) => meta.substores.clone(),
        None => vec![None; SUBSTORES.len()],
    };
    let mut trees = Vec::new();
    let mut flat = Vec::new();
    let mut new_keys = Vec::new();
    let mut new_roots = BTreeMap::new();
    for (index, writes) in by_substore {
        let tree = layout::substore_tree(index)?;
        let mut tree_writes = Vec::with_capacity(writes.len());
        let mut puts = Vec::with_capacity(writes.len());
        for Write { inner, full, value } in writes {
            let hash = key_hash(inner);
            match value {
                Some(value) => {
                    flat.push((full.clone(), Some(value.clone())));
                    tree_writes.push((hash, Some(value.clone())));
                    puts.push((hash, inner, full));
                }
                // Deleting an absent key changes nothing (and jmt needs every write to count).
                None if !shared.latest_has(full)? => {}
                None => {
                    flat.push((full.clone(), None));
                    tree_writes.push((hash, None));
                }
            }
        }
        if tree_writes.is_empty() {
            continue;
        }
        let version = substores
            .get_mut(index)
            .ok_or_else(|| StoreError::Corrupt(format!("no version slot for substore {index}")))?;
        let update = update_tree(shared, tree, *version, height, tree_writes)?;
        // A put whose old leaf jmt did not read is a new key: index it and keep its preimage.
        let mut preimages = Vec::new();
        for (hash, inner, full) in puts {
            if !update.read_leaves.contains_key(&hash) {
                preimages.push((hash, inner.to_vec()));
                new_keys.push(full.clone());
            }
        }
        *version = Some(height);
        new_roots.insert(index, update.root);
        trees.push(TreeWrite {
            tree,
            update,
            preimages,
        });
    }

    let (app_hash, root_version) = match &base_meta {
        // Nothing verifiable changed: the root tree stays where it is.
        Some(meta) if new_roots.is_empty() => (meta.app_hash, meta.root_version),
        _ => {
            let root_base = base_meta.as_ref().map(|m| m.root_version);
            let root = update_root_tree(shared, root_base, height, &new_roots, &mut trees)?;
            (root, height)
        }
    };

    Ok(PreparedCommit {
        base,
        height,
        meta: VersionMeta {
            app_hash,
            root_version,
            substores,
        },
        trees,
        flat,
        new_keys,
        nonverifiable: changes
            .nonverifiable
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    })
}

/// Write the changed substore roots into the root tree; returns the new app hash.
fn update_root_tree(
    shared: &Shared,
    root_base: Option<u64>,
    height: u64,
    new_roots: &BTreeMap<usize, [u8; 32]>,
    trees: &mut Vec<TreeWrite>,
) -> Result<[u8; 32], StoreError> {
    let mut entries = Vec::new();
    let mut preimages = Vec::new();
    for (index, name) in SUBSTORES.iter().enumerate() {
        let root = match (new_roots.get(&index), root_base) {
            (Some(root), _) => *root,
            // The first version lists every substore, so the root tree always holds them all.
            (None, None) => EMPTY_ROOT,
            (None, Some(_)) => continue,
        };
        let hash = key_hash(name.as_bytes());
        // Preimages are idempotent: a name is (re)written only with its substore's root.
        preimages.push((hash, name.as_bytes().to_vec()));
        entries.push((hash, Some(root.to_vec())));
    }
    let update = update_tree(shared, ROOT_TREE, root_base, height, entries)?;
    let app_hash = update.root;
    trees.push(TreeWrite {
        tree: ROOT_TREE,
        update,
        preimages,
    });
    Ok(app_hash)
}
