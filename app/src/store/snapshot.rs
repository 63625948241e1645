//! Immutable read views of one committed height.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;
use std::sync::Arc;

use openledger_framework::{KvIter, StateError, StateRead};

use super::db::Shared;
use super::error::StoreError;
use super::layout::{self, VersionMeta};
use super::proof;
use super::split_key_indexed;
use super::tree::{key_hash, TreeStore};

/// The state at one committed height. Cheap to clone, `Send + Sync + 'static`, and immutable:
/// commits that land while it is alive do not change what it reads (the non-verifiable
/// keyspace excepted, which only has latest values). Reads fail with
/// [`StoreError::VersionNotAvailable`] once its height is pruned.
#[derive(Clone)]
pub struct Snapshot {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    height: u64,
    /// `None` for the empty state of a store that never committed.
    meta: Option<Arc<VersionMeta>>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("height", &self.height())
            .field("app_hash", &hex::encode(self.app_hash()))
            .finish()
    }
}

impl Snapshot {
    pub(crate) fn new(shared: Arc<Shared>, height: u64, meta: Option<Arc<VersionMeta>>) -> Self {
        Snapshot {
            inner: Arc::new(Inner {
                shared,
                height,
                meta,
            }),
        }
    }

    pub fn height(&self) -> u64 {
        self.inner.height
    }

    /// The tree versions of this height (`None` for the empty state of a fresh store).
    pub(crate) fn meta(&self) -> Option<&VersionMeta> {
        self.inner.meta.as_deref()
    }

    pub fn app_hash(&self) -> [u8; 32] {
        match &self.inner.meta {
            Some(meta) => meta.app_hash,
            None => self.inner.shared.empty_app_hash,
        }
    }

    /// The value of a full key and its two-level ICS-23 proof `[proof of the inner key in its
    /// substore tree, proof of the substore name in the root tree]` (existence or
    /// non-existence), verifying against [`Snapshot::app_hash`] with [`verify_proof`].
    ///
    /// When the whole substore is empty the proof is the root-level proof alone (the substore
    /// maps to the empty-tree root), since ICS-23 cannot prove absence in an empty tree.
    /// Empty values cannot be expressed in ICS-23 either: proofs that would contain one fail.
    ///
    /// [`verify_proof`]: super::verify_proof
    pub fn get_with_proof(
        &self,
        key: &[u8],
    ) -> Result<(Option<Vec<u8>>, Vec<ics23::CommitmentProof>), StoreError> {
        proof::get_with_proof(
            &self.inner.shared,
            self.inner.height,
            self.inner.meta.as_deref(),
            key,
        )
    }

    /// The value of a full verifiable key at this height.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(meta) = &self.inner.meta else {
            return Ok(None);
        };
        let Some((index, inner)) = split_key_indexed(key) else {
            return Ok(None);
        };
        if let Some(found) = self.flat_get(key)? {
            return Ok(found);
        }
        self.versioned_get(meta, index, inner)
    }

    /// Read the flat table if it still holds this snapshot's height; `None` if a newer version
    /// was committed since.
    fn flat_get(&self, key: &[u8]) -> Result<Option<Option<Vec<u8>>>, StoreError> {
        let shared = &self.inner.shared;
        // The read lock keeps a commit from changing the flat table during the read.
        let latest = shared.read_latest();
        if latest.as_ref().map(|l| l.height) != Some(self.inner.height) {
            return Ok(None);
        }
        // The version in flight is always the latest one (see `pipeline.rs`).
        if let Some(value) = shared
            .pipeline
            .overlay()
            .and_then(|o| o.flat.get(key).cloned())
        {
            return Ok(Some(value));
        }
        if let Some(value) = shared.values.get(key) {
            return Ok(Some(value));
        }
        let value = shared.kv.get(layout::flat_key(key))?.map(|v| v.to_vec());
        // Still under the read lock, so this is the latest height's value.
        shared.values.insert(key.to_vec(), value.clone());
        Ok(Some(value))
    }

    /// Read by walking the substore's tree at this height.
    fn versioned_get(
        &self,
        meta: &VersionMeta,
        index: usize,
        inner: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let tree = layout::substore_tree(index)?;
        let Some(version) = meta.tree_version(tree) else {
            return Ok(None);
        };
        let shared = &self.inner.shared;
        shared.ensure_readable(self.inner.height)?;
        let value = TreeStore::reading(shared, tree).value(&key_hash(inner), version);
        // Pruning raises the floor before deleting: if it is still below us, the walk was intact
        // (and if it failed, being pruned is the reason to report).
        shared.ensure_readable(self.inner.height)?;
        value
    }
}

impl StateRead for Snapshot {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self.get(key)?)
    }

    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a> {
        Box::new(PrefixIter::new(self.clone(), prefix, start))
    }

    /// The latest non-verifiable value, whatever this snapshot's height.
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        let shared = &self.inner.shared;
        if let Some(value) = shared
            .pipeline
            .overlay()
            .and_then(|o| o.nonverifiable.get(key).cloned())
        {
            return Ok(value);
        }
        let value = self
            .inner
            .shared
            .kv
            .get(layout::nonverifiable_key(key))
            .map_err(StoreError::from)?;
        Ok(value.map(|v| v.to_vec()))
    }
}

/// Full keys and values, in key order.
type KeyValues = Vec<(Vec<u8>, Vec<u8>)>;

const FIRST_CHUNK: usize = 8;
const MAX_CHUNK: usize = 512;

/// Ascending iteration over the keys with a prefix, read in growing chunks so a commit never
/// waits on a slow consumer. Reads the flat table while this snapshot is the latest version and
/// continues from the key index and versioned values once a newer version is committed.
struct PrefixIter {
    snapshot: Snapshot,
    prefix: Vec<u8>,
    /// The smallest full key not looked at yet.
    next: Vec<u8>,
    from_flat: bool,
    done: bool,
    chunk: usize,
    buffer: VecDeque<(Vec<u8>, Vec<u8>)>,
}

impl PrefixIter {
    fn new(snapshot: Snapshot, prefix: &[u8], start: Option<&[u8]>) -> Self {
        let next = match start {
            Some(start) if start > prefix => start.to_vec(),
            _ => prefix.to_vec(),
        };
        PrefixIter {
            done: snapshot.inner.meta.is_none(),
            snapshot,
            prefix: prefix.to_vec(),
            next,
            from_flat: true,
            chunk: FIRST_CHUNK,
            buffer: VecDeque::new(),
        }
    }

    /// Read the next chunk into the buffer.
    fn fill(&mut self) -> Result<(), StoreError> {
        let limit = self.chunk;
        self.chunk = self.chunk.saturating_mul(2).min(MAX_CHUNK);
        if self.from_flat {
            if self.fill_from_flat(limit)? {
                return Ok(());
            }
            // A newer version was committed: go on from the versioned store.
            self.from_flat = false;
        }
        self.fill_from_history(limit)
    }

    /// Returns false (reading nothing) if the flat table moved past this snapshot.
    fn fill_from_flat(&mut self, limit: usize) -> Result<bool, StoreError> {
        let keys = {
            let shared = &self.snapshot.inner.shared;
            let latest = shared.read_latest();
            if latest.as_ref().map(|l| l.height) != Some(self.snapshot.inner.height) {
                return Ok(false);
            }
            // The version in flight is the latest one: its writes override the flat table.
            let overlay = shared.pipeline.overlay();
            let pending = overlay.as_ref().map(|o| &o.flat);
            scan(
                &shared.kv,
                layout::FLAT,
                pending,
                &self.prefix,
                &self.next,
                limit,
            )?
        };
        self.advance(&keys, limit);
        self.buffer.extend(keys);
        Ok(true)
    }

    fn fill_from_history(&mut self, limit: usize) -> Result<(), StoreError> {
        let Some(meta) = self.snapshot.inner.meta.clone() else {
            self.done = true;
            return Ok(());
        };
        // A height that is no longer the latest is on disk, key index included.
        let keys = scan(
            &self.snapshot.inner.shared.kv,
            layout::KEY_INDEX,
            None,
            &self.prefix,
            &self.next,
            limit,
        )?;
        self.advance(&keys, limit);
        for (full, _) in keys {
            let Some((index, inner)) = split_key_indexed(&full) else {
                continue;
            };
            if let Some(value) = self.snapshot.versioned_get(&meta, index, inner)? {
                self.buffer.push_back((full, value));
            }
        }
        Ok(())
    }

    /// Move `next` past the keys just read; a short chunk means the prefix is exhausted.
    fn advance(&mut self, keys: &[(Vec<u8>, Vec<u8>)], limit: usize) {
        match keys.last() {
            Some((last, _)) if keys.len() >= limit => {
                self.next.clear();
                self.next.extend_from_slice(last);
                self.next.push(0);
            }
            _ => self.done = true,
        }
    }
}

/// Up to `limit` entries of column `tag` whose full key starts with `prefix`, from `from` on,
/// with `pending` writes (`None` deletes) overriding what sled holds.
fn scan(
    kv: &sled::Tree,
    tag: u8,
    pending: Option<&BTreeMap<Vec<u8>, Option<Vec<u8>>>>,
    prefix: &[u8],
    from: &[u8],
    limit: usize,
) -> Result<KeyValues, StoreError> {
    let mut stored = kv
        .range(layout::tagged(tag, from)..)
        .map_while(|entry| match entry {
            Ok((key, value)) => match key.split_first() {
                Some((&t, full)) if t == tag && full.starts_with(prefix) => {
                    Some(Ok((full.to_vec(), value.to_vec())))
                }
                _ => None,
            },
            Err(e) => Some(Err(StoreError::from(e))),
        });
    let mut pending = pending
        .into_iter()
        .flat_map(|p| p.range::<[u8], _>((Bound::Included(from), Bound::Unbounded)))
        .take_while(|(key, _)| key.starts_with(prefix))
        .peekable();
    let mut out = Vec::new();
    let mut next_stored = stored.next().transpose()?;
    while out.len() < limit {
        let take_pending = match (&next_stored, pending.peek()) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some((stored_key, _)), Some((pending_key, _))) => *pending_key <= stored_key,
        };
        if take_pending {
            let Some((key, value)) = pending.next() else {
                break;
            };
            if next_stored.as_ref().is_some_and(|(k, _)| k == key) {
                next_stored = stored.next().transpose()?;
            }
            if let Some(value) = value {
                out.push((key.clone(), value.clone()));
            }
        } else if let Some(entry) = next_stored.take() {
            out.push(entry);
            next_stored = stored.next().transpose()?;
        }
    }
    Ok(out)
}

impl Iterator for PrefixIter {
    type Item = Result<(Vec<u8>, Vec<u8>), StateError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e.into()));
            }
        }
    }
}
