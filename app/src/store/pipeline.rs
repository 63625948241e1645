//! Pipelined commits: a committed version becomes the latest for every reader at once from an
//! in-memory overlay, and a background writer thread then writes it to sled, prunes, flushes
//! and drops the overlay (the model of Cronos' memiavl: latest state in memory, writes behind).
//!
//! * At most one version is in flight: a commit first waits for the previous version's write,
//!   so the overlay holds exactly the latest version (or nothing) and memory stays bounded.
//!   Every height below the latest is therefore on disk, and only reads of the latest height
//!   (flat values, its new nodes and key preimages, non-verifiable values) consult the overlay.
//! * The overlay is not a cache: nothing evicts it before the write is durable.
//! * A failed write or flush is kept: the next commit, [`Pipeline::wait_idle`] and
//!   [`Pipeline::wait_durable`] return it, and the node stops. The overlay stays, so readers
//!   still see the version that was published.
//! * Reopening a store reads back only what is durable ([`super::Storage::durable`]); CometBFT
//!   replays the blocks a crash lost.

use std::collections::BTreeMap;
// A std HashMap is fine here: the overlay's node maps are only looked up, and iterated only
// to fill a sled batch (an ordered map) and the node cache, so their order cannot leak.
#[allow(clippy::disallowed_types)]
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock};

use borsh::BorshDeserialize;
use jmt::storage::NodeKey;

use super::cache::NodeCache;
use super::codec::{self, StoredNode};
use super::error::StoreError;
use super::layout::{self, all_trees, StaleRecord, TreeId, VersionMeta};
use super::CommitInfo;

/// New nodes of one tree.
#[allow(clippy::disallowed_types)]
pub(crate) type NodeMap = HashMap<NodeKey, Arc<StoredNode>>;

/// What pruning a version makes due: heights below `oldest` become unreadable.
pub(crate) struct PrunePlan {
    pub oldest: u64,
    pub oldest_meta: VersionMeta,
}

/// One committed version not yet (known to be) on disk: what readers of the latest height
/// need, and what the writer writes.
pub(crate) struct Overlay {
    pub height: u64,
    pub meta: Arc<VersionMeta>,
    /// New nodes of each tree, indexed by tree id.
    pub nodes: Vec<NodeMap>,
    /// Key preimages written by this version, by (tree, key hash).
    pub preimages: BTreeMap<(TreeId, [u8; 32]), Vec<u8>>,
    /// Flat-table writes (`None` deletes).
    pub flat: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    pub nonverifiable: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    /// Keys to add to the key index.
    pub new_keys: Vec<Vec<u8>>,
    /// Per written tree: the nodes this version makes stale.
    pub stale: Vec<(TreeId, Vec<NodeKey>)>,
    pub prune: Option<PrunePlan>,
}

impl Overlay {
    pub fn node(&self, tree: TreeId, key: &NodeKey) -> Option<Arc<StoredNode>> {
        self.nodes.get(usize::from(tree))?.get(key).cloned()
    }

    fn info(&self) -> CommitInfo {
        CommitInfo {
            height: self.height,
            app_hash: self.meta.app_hash,
        }
    }
}

#[derive(Default)]
struct WriterState {
    /// Handed to the writer, not taken yet.
    queued: Option<Arc<Overlay>>,
    /// The writer is writing a version.
    busy: bool,
    durable: Option<CommitInfo>,
    /// The first failed background write; sticky.
    error: Option<String>,
    /// Test hook: the writer takes nothing while set (unless shutting down).
    paused: bool,
    /// Test hook: shutting down drops a queued version instead of writing it (a crash).
    discard: bool,
    shutdown: bool,
}

/// The overlay slot and the writer's state, shared by the store and its writer thread.
#[derive(Default)]
pub(crate) struct Pipeline {
    overlay: RwLock<Option<Arc<Overlay>>>,
    /// Test hook: batches a first-version write applies before it stops (0 = no limit).
    chunk_limit: AtomicUsize,
    /// Test hook: entries per batch of a first-version write (0 = [`FIRST_VERSION_CHUNK`]).
    chunk_size: AtomicUsize,
    state: Mutex<WriterState>,
    changed: Condvar,
}

impl Pipeline {
    pub fn new(durable: Option<CommitInfo>) -> Self {
        Pipeline {
            state: Mutex::new(WriterState {
                durable,
                ..WriterState::default()
            }),
            ..Pipeline::default()
        }
    }

    fn state(&self) -> MutexGuard<'_, WriterState> {
        // Every update of the state is a few plain assignments: a poisoned lock is consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, WriterState>) -> MutexGuard<'a, WriterState> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The version in memory that may not be on disk yet.
    pub fn overlay(&self) -> Option<Arc<Overlay>> {
        self.overlay
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Publish `overlay`; callers hold the latest-version write lock.
    pub fn install(&self, overlay: Arc<Overlay>) {
        *self.overlay.write().unwrap_or_else(PoisonError::into_inner) = Some(overlay);
    }

    fn remove(&self, written: &Arc<Overlay>) {
        let mut slot = self.overlay.write().unwrap_or_else(PoisonError::into_inner);
        if slot.as_ref().is_some_and(|o| Arc::ptr_eq(o, written)) {
            *slot = None;
        }
    }

    /// Wait until no version is queued or being written; the background error if one failed.
    pub fn wait_idle(&self) -> Result<(), StoreError> {
        let mut state = self.state();
        while state.queued.is_some() || state.busy {
            state = self.wait(state);
        }
        match &state.error {
            Some(e) => Err(StoreError::Backend(e.clone())),
            None => Ok(()),
        }
    }

    /// Wait until `height` (or a later one) is durable. An error if a background write failed
    /// or if `height` was never handed to the writer.
    pub fn wait_durable(&self, height: u64) -> Result<CommitInfo, StoreError> {
        let mut state = self.state();
        loop {
            if let Some(e) = &state.error {
                return Err(StoreError::Backend(e.clone()));
            }
            if let Some(durable) = state.durable.filter(|d| d.height >= height) {
                return Ok(durable);
            }
            if state.queued.is_none() && !state.busy {
                return Err(StoreError::VersionNotAvailable {
                    requested: height,
                    oldest: None,
                    latest: state.durable.map(|d| d.height),
                });
            }
            state = self.wait(state);
        }
    }

    pub fn durable(&self) -> Option<CommitInfo> {
        self.state().durable
    }

    /// Hand an installed version to the writer thread.
    pub fn queue(&self, overlay: Arc<Overlay>) {
        self.state().queued = Some(overlay);
        self.changed.notify_all();
    }

    /// Record the outcome of writing `overlay` (by the writer thread, or inline).
    pub fn finish(&self, overlay: &Arc<Overlay>, result: Result<(), StoreError>) {
        if result.is_ok() {
            self.remove(overlay);
        }
        let mut state = self.state();
        match result {
            Ok(()) => state.durable = Some(overlay.info()),
            Err(e) => {
                tracing::error!(
                    height = overlay.height,
                    error = %e,
                    "writing a committed state version failed: the node must stop"
                );
                state.error.get_or_insert_with(|| {
                    format!("writing height {} failed: {e}", overlay.height)
                });
            }
        }
        state.busy = false;
        drop(state);
        self.changed.notify_all();
    }

    /// Mark a version as being written inline (synchronous commits).
    pub fn start_inline(&self) {
        self.state().busy = true;
    }

    pub fn set_paused(&self, paused: bool) {
        self.state().paused = paused;
        self.changed.notify_all();
    }

    /// Test hook: stop first-version writes after `limit` batches (see [`write_version`]).
    pub fn set_chunk_limit(&self, limit: usize) {
        self.chunk_limit.store(limit, Ordering::SeqCst);
    }

    /// Test hook: entries per batch of a first-version write (0 restores the default).
    pub fn set_chunk_size(&self, entries: usize) {
        self.chunk_size.store(entries, Ordering::SeqCst);
    }

    /// Entries per batch of a first-version write.
    pub fn chunk_size(&self) -> usize {
        match self.chunk_size.load(Ordering::SeqCst) {
            0 => FIRST_VERSION_CHUNK,
            size => size,
        }
    }

    /// How a first-version write is split (see [`write_version`]).
    pub fn chunks(&self) -> Chunks {
        Chunks {
            size: self.chunk_size(),
            limit: match self.chunk_limit.load(Ordering::SeqCst) {
                0 => usize::MAX,
                limit => limit,
            },
        }
    }

    pub fn set_discard(&self) {
        self.state().discard = true;
    }

    pub fn shut_down(&self) {
        self.state().shutdown = true;
        self.changed.notify_all();
    }

    /// The next version to write, or `None` when shutting down.
    fn take(&self) -> Option<Arc<Overlay>> {
        let mut state = self.state();
        loop {
            if state.shutdown && (state.discard || state.queued.is_none()) {
                return None;
            }
            if state.queued.is_some() && (!state.paused || state.shutdown) {
                state.busy = true;
                return state.queued.take();
            }
            state = self.wait(state);
        }
    }
}

/// The writer thread: writes queued versions in order until the store is dropped (a version
/// queued then is still written, so dropping a store loses nothing).
pub(crate) fn run_writer(pipeline: Arc<Pipeline>, kv: sled::Tree, cache: Arc<NodeCache>) {
    while let Some(overlay) = pipeline.take() {
        let result = write_version(&kv, &cache, &overlay, pipeline.chunks());
        pipeline.finish(&overlay, result);
    }
}

fn encode<T: borsh::BorshSerialize>(value: &T, what: &str) -> Result<Vec<u8>, StoreError> {
    borsh::to_vec(value).map_err(|e| StoreError::Backend(format!("encode {what}: {e}")))
}

/// Entries per sled batch when the first version of a store is written in chunks: sled's
/// memory grows with the size of one batch (tens of KB per entry of a huge batch of new keys),
/// not with the entries of many small ones.
pub(crate) const FIRST_VERSION_CHUNK: usize = 1000;

/// How the first version of a store is split into batches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunks {
    /// Entries per batch.
    pub size: usize,
    /// Test hook: batches applied before the write stops as a crash would (`usize::MAX`
    /// otherwise).
    pub limit: usize,
}

/// The writes of one version: one sled batch, or (for the first version of a store) every
/// entry in key order, to be applied in chunks.
enum Writes {
    One(sled::Batch),
    Sorted(BTreeMap<Vec<u8>, Option<Vec<u8>>>),
}

impl Writes {
    fn insert(&mut self, key: &[u8], value: &[u8]) {
        match self {
            Writes::One(batch) => batch.insert(key, value),
            Writes::Sorted(map) => {
                map.insert(key.to_vec(), Some(value.to_vec()));
            }
        }
    }

    fn remove(&mut self, key: &[u8]) {
        match self {
            Writes::One(batch) => batch.remove(key),
            Writes::Sorted(map) => {
                map.insert(key.to_vec(), None);
            }
        }
    }
}

/// Write one version and the pruning it makes due, flush, and move its nodes into the node
/// cache. Every earlier version is already written, so the pruning reads the same records a
/// synchronous commit would.
///
/// A later version is one atomic sled batch. The first version of a store (no latest height
/// on disk; the genesis state, often every account) is written in key-ordered batches of
/// `chunks.size` entries (normally [`FIRST_VERSION_CHUNK`]), its metadata and the
/// latest-height marker in the last one: a crash before that leaves entries without a marker,
/// which [`super::db::Shared::open`] clears.
pub(crate) fn write_version(
    kv: &sled::Tree,
    cache: &NodeCache,
    overlay: &Overlay,
    chunks: Chunks,
) -> Result<(), StoreError> {
    let height = overlay.height;
    let mut batch = if kv.get(layout::LATEST)?.is_none() {
        Writes::Sorted(BTreeMap::new())
    } else {
        Writes::One(sled::Batch::default())
    };
    for (tree, nodes) in all_trees().zip(&overlay.nodes) {
        for (key, node) in nodes {
            batch.insert(&layout::node_key(tree, key), &codec::encode(node)?);
        }
    }
    for ((tree, key_hash), preimage) in &overlay.preimages {
        batch.insert(
            &layout::preimage_key(*tree, &jmt::KeyHash(*key_hash))[..],
            preimage.as_slice(),
        );
    }
    for (key, value) in &overlay.flat {
        match value {
            Some(value) => batch.insert(&layout::flat_key(key), value.as_slice()),
            None => batch.remove(&layout::flat_key(key)),
        }
    }
    for key in &overlay.new_keys {
        batch.insert(&layout::key_index_key(key), &[][..]);
    }
    for (key, value) in &overlay.nonverifiable {
        match value {
            Some(value) => batch.insert(&layout::nonverifiable_key(key), value.as_slice()),
            None => batch.remove(&layout::nonverifiable_key(key)),
        }
    }

    let mut records: Vec<(TreeId, StaleRecord)> = overlay
        .stale
        .iter()
        .map(|(tree, stale)| {
            let keys = stale
                .iter()
                .map(|key| layout::node_key(*tree, key))
                .collect();
            (*tree, StaleRecord { keys })
        })
        .collect();
    if let Some(plan) = &overlay.prune {
        prune(kv, height, plan, &mut records, &mut batch)?;
    }
    for (tree, record) in &records {
        if !record.keys.is_empty() {
            batch.insert(
                &layout::stale_key(*tree, height)[..],
                &encode(record, "pruning record")?,
            );
        }
    }
    let meta = encode(&*overlay.meta, "metadata")?;

    fail::fail_point!("commit-before-background-write", |_| crate::crash_point(
        "commit-before-background-write"
    ));
    match batch {
        Writes::One(mut batch) => {
            batch.insert(&layout::meta_key(height)[..], meta);
            batch.insert(layout::LATEST, &layout::encode_height(height)[..]);
            kv.apply_batch(batch)?;
        }
        Writes::Sorted(entries) => write_in_chunks(kv, height, entries, meta, chunks)?,
    }
    kv.flush().map_err(|e| {
        tracing::error!(height, error = %e, "flushing a committed state version failed");
        StoreError::from(e)
    })?;
    fail::fail_point!("commit-after-write", |_| crate::crash_point(
        "commit-after-write"
    ));

    // Keep the latest trees hot: drop what they no longer use, add what they now do.
    for (tree, stale) in &overlay.stale {
        cache.remove_all(*tree, stale);
    }
    for (tree, nodes) in all_trees().zip(&overlay.nodes) {
        cache.insert_shared(tree, nodes.iter().map(|(k, n)| (k.clone(), Arc::clone(n))));
    }
    tracing::debug!(
        height,
        app_hash = %hex::encode(overlay.meta.app_hash),
        oldest = ?overlay.prune.as_ref().map(|p| p.oldest),
        "wrote state version"
    );
    Ok(())
}

/// Apply `entries` in key order, `chunks.size` per batch, then the metadata and the
/// latest-height marker in the last batch (see [`write_version`]).
fn write_in_chunks(
    kv: &sled::Tree,
    height: u64,
    entries: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    meta: Vec<u8>,
    split: Chunks,
) -> Result<(), StoreError> {
    let total = entries.len();
    let mut chunks = 0usize;
    let mut batch = sled::Batch::default();
    let mut in_batch = 0usize;
    for (key, value) in entries {
        match value {
            Some(value) => batch.insert(key, value),
            None => batch.remove(key),
        }
        in_batch = in_batch.saturating_add(1);
        if in_batch >= split.size {
            if chunks >= split.limit {
                return Err(interrupted(kv, chunks));
            }
            kv.apply_batch(std::mem::take(&mut batch))?;
            chunks = chunks.saturating_add(1);
            in_batch = 0;
        }
    }
    if chunks >= split.limit {
        return Err(interrupted(kv, chunks));
    }
    batch.insert(&layout::meta_key(height)[..], meta);
    batch.insert(layout::LATEST, &layout::encode_height(height)[..]);
    kv.apply_batch(batch)?;
    tracing::info!(
        height,
        entries = total,
        batches = chunks.saturating_add(1),
        "wrote the store's first version in batches"
    );
    Ok(())
}

/// The test hook's stop: what was applied is flushed (as a crash after sled persisted it
/// would leave it) and the write fails.
fn interrupted(kv: &sled::Tree, chunks: usize) -> StoreError {
    if let Err(e) = kv.flush() {
        return StoreError::from(e);
    }
    StoreError::Backend(format!(
        "first version write interrupted after {chunks} batches (test hook)"
    ))
}

/// Add to `batch` the deletion of everything that only heights below `plan.oldest` need.
///
/// A tree's data stale since version `s` is needed only by versions below `s`. The oldest kept
/// height sees each tree at some version `b`, and every kept height sees it at `b` or later,
/// so everything stale since `b` or earlier can go.
fn prune(
    kv: &sled::Tree,
    height: u64,
    plan: &PrunePlan,
    records: &mut [(TreeId, StaleRecord)],
    batch: &mut Writes,
) -> Result<(), StoreError> {
    for tree in all_trees() {
        let Some(boundary) = plan.oldest_meta.tree_version(tree) else {
            continue;
        };
        let range = layout::stale_key(tree, 0)..=layout::stale_key(tree, boundary);
        for entry in kv.range(range) {
            let (key, value) = entry?;
            let record = StaleRecord::try_from_slice(&value)
                .map_err(|e| StoreError::Corrupt(format!("pruning record: {e}")))?;
            for stale in record.keys {
                batch.remove(&stale);
            }
            batch.remove(&key);
        }
        if boundary >= height {
            // No kept height needs what this very version replaces.
            for (_, record) in records.iter_mut().filter(|(t, _)| *t == tree) {
                for stale in record.keys.drain(..) {
                    batch.remove(&stale);
                }
            }
        }
    }
    for entry in kv.range(layout::meta_key(0)..layout::meta_key(plan.oldest)) {
        batch.remove(&entry?.0);
    }
    Ok(())
}
