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
        let result = write_version(&kv, &cache, &overlay);
        pipeline.finish(&overlay, result);
    }
}

fn encode<T: borsh::BorshSerialize>(value: &T, what: &str) -> Result<Vec<u8>, StoreError> {
    borsh::to_vec(value).map_err(|e| StoreError::Backend(format!("encode {what}: {e}")))
}

/// Write one version and the pruning it makes due in one atomic sled batch, flush, and move
/// its nodes into the node cache. Every earlier version is already written, so the pruning
/// reads the same records a synchronous commit would.
pub(crate) fn write_version(
    kv: &sled::Tree,
    cache: &NodeCache,
    overlay: &Overlay,
) -> Result<(), StoreError> {
    let height = overlay.height;
    let mut batch = sled::Batch::default();
    for (tree, nodes) in all_trees().zip(&overlay.nodes) {
        for (key, node) in nodes {
            batch.insert(layout::node_key(tree, key), codec::encode(node)?);
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
            Some(value) => batch.insert(layout::flat_key(key), value.as_slice()),
            None => batch.remove(layout::flat_key(key)),
        }
    }
    for key in &overlay.new_keys {
        batch.insert(layout::key_index_key(key), &[][..]);
    }
    for (key, value) in &overlay.nonverifiable {
        match value {
            Some(value) => batch.insert(layout::nonverifiable_key(key), value.as_slice()),
            None => batch.remove(layout::nonverifiable_key(key)),
        }
    }
    batch.insert(
        &layout::meta_key(height)[..],
        encode(&*overlay.meta, "metadata")?,
    );
    batch.insert(layout::LATEST, &layout::encode_height(height)[..]);

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
                encode(record, "pruning record")?,
            );
        }
    }

    fail::fail_point!("commit-before-background-write", |_| crate::crash_point(
        "commit-before-background-write"
    ));
    kv.apply_batch(batch)?;
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
    batch: &mut sled::Batch,
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
                batch.remove(stale);
            }
            batch.remove(key);
        }
        if boundary >= height {
            // No kept height needs what this very version replaces.
            for (_, record) in records.iter_mut().filter(|(t, _)| *t == tree) {
                for stale in record.keys.drain(..) {
                    batch.remove(stale);
                }
            }
        }
    }
    for entry in kv.range(layout::meta_key(0)..layout::meta_key(plan.oldest)) {
        batch.remove(entry?.0);
    }
    Ok(())
}
