//! The state shared by a [`Storage`](super::Storage) and its snapshots.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::JoinHandle;

use super::cache::{NodeCache, ValueCache, NODE_CACHE_BYTES, VALUE_CACHE_BYTES};
use super::error::StoreError;
use super::layout::{self, Column, VersionMeta};
use super::pipeline::{self, Pipeline};
use super::tree;
use super::{CommitInfo, StoreConfig, StoreStats};

/// Name of the sled tree holding all state.
const STATE_TREE: &[u8] = b"openledger-state-v1";

/// The latest committed version.
#[derive(Debug, Clone)]
pub(crate) struct Latest {
    pub height: u64,
    pub meta: Arc<VersionMeta>,
}

pub(crate) struct Shared {
    /// Kept so the database outlives every handle to its tree.
    _db: sled::Db,
    pub kv: sled::Tree,
    pub cache: Arc<NodeCache>,
    /// Latest values of the flat table; updated only under the `latest` write lock.
    pub values: ValueCache,
    pub keep_recent: u64,
    /// The latest committed version. Commit holds the write lock while it applies its batch,
    /// so a reader holding the read lock sees the flat table exactly at `Latest::height`.
    latest: RwLock<Option<Latest>>,
    /// Oldest readable height plus one (0 when nothing was committed). Raised before pruning
    /// deletes anything, so a historical read that finds it unchanged afterwards read intact
    /// data.
    floor: AtomicU64,
    /// Serialises commits.
    pub commit_lock: Mutex<()>,
    /// App hash of the empty state (every substore empty).
    pub empty_app_hash: [u8; 32],
    /// The latest version while it is not known to be on disk, and the background writer.
    pub pipeline: Arc<Pipeline>,
    /// Commits hand their write to the background writer (otherwise they write inline).
    pipelined: AtomicBool,
    writer: Option<JoinHandle<()>>,
}

impl Drop for Shared {
    /// Waits for the version in flight to be written (a clean shutdown loses nothing).
    fn drop(&mut self) {
        self.pipeline.shut_down();
        if let Some(writer) = self.writer.take() {
            if writer.join().is_err() {
                tracing::error!("the state store's writer thread panicked");
            }
        }
    }
}

impl Shared {
    pub fn open(path: &Path, config: StoreConfig) -> Result<Self, StoreError> {
        let db = sled::Config::new().path(path).open()?;
        let kv = db.open_tree(STATE_TREE)?;
        let latest = match kv.get(layout::LATEST)? {
            None => {
                // The first version is written in several batches, the latest-height marker
                // in the last one (see `pipeline::write_version`): entries without a marker
                // are an interrupted first write. Start fresh again.
                if kv.first()?.is_some() {
                    let entries = kv.len();
                    tracing::info!(
                        path = %path.display(),
                        entries,
                        "clearing the state store: its first version was not completely written"
                    );
                    kv.clear()?;
                    kv.flush()?;
                }
                None
            }
            Some(bytes) => {
                let height = layout::decode_height(&bytes)?;
                let meta = kv.get(layout::meta_key(height))?.ok_or_else(|| {
                    StoreError::Corrupt(format!("no metadata for latest height {height}"))
                })?;
                Some(Latest {
                    height,
                    meta: Arc::new(VersionMeta::decode(&meta)?),
                })
            }
        };
        let oldest = match kv.scan_prefix([layout::META]).next() {
            Some(entry) => Some(layout::meta_key_height(&entry?.0)?),
            None => None,
        };
        tracing::info!(
            path = %path.display(),
            latest = ?latest.as_ref().map(|l| l.height),
            oldest = ?oldest,
            keep_recent = config.keep_recent,
            "opened state store"
        );
        let durable = latest.as_ref().map(|l| CommitInfo {
            height: l.height,
            app_hash: l.meta.app_hash,
        });
        let empty_app_hash = tree::empty_state_root()?;
        let pipeline = Arc::new(Pipeline::new(durable));
        let cache = Arc::new(NodeCache::new(NODE_CACHE_BYTES));
        let writer = {
            let (pipeline, kv, cache) = (pipeline.clone(), kv.clone(), cache.clone());
            std::thread::Builder::new()
                .name("state-writer".into())
                .spawn(move || pipeline::run_writer(pipeline, kv, cache))
                .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?
        };
        Ok(Shared {
            _db: db,
            kv,
            cache,
            values: ValueCache::new(VALUE_CACHE_BYTES),
            keep_recent: config.keep_recent,
            latest: RwLock::new(latest),
            floor: AtomicU64::new(oldest.map_or(0, |h| h.saturating_add(1))),
            commit_lock: Mutex::new(()),
            empty_app_hash,
            pipeline,
            pipelined: AtomicBool::new(true),
            writer: Some(writer),
        })
    }

    pub fn pipelined(&self) -> bool {
        self.pipelined.load(Ordering::SeqCst)
    }

    pub fn set_pipelined(&self, on: bool) {
        self.pipelined.store(on, Ordering::SeqCst);
    }

    /// Read access to the latest version. The guard also pins the flat table to it.
    pub fn read_latest(&self) -> RwLockReadGuard<'_, Option<Latest>> {
        // The write section only swaps in a new value after a successful batch; a poisoned
        // lock still holds a consistent (old) version.
        self.latest.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write_latest(&self) -> Result<RwLockWriteGuard<'_, Option<Latest>>, StoreError> {
        self.latest
            .write()
            .map_err(|_| StoreError::Backend("a previous commit panicked".into()))
    }

    pub fn latest(&self) -> Option<Latest> {
        self.read_latest().clone()
    }

    pub fn latest_height(&self) -> Option<u64> {
        self.read_latest().as_ref().map(|l| l.height)
    }

    /// Whether a full key has a value at the latest height: the version in flight, the value
    /// cache, then the flat table. Callers make sure no commit runs meanwhile.
    pub fn latest_has(&self, key: &[u8]) -> Result<bool, StoreError> {
        if let Some(value) = self
            .pipeline
            .overlay()
            .and_then(|o| o.flat.get(key).cloned())
        {
            return Ok(value.is_some());
        }
        if let Some(value) = self.values.get(key) {
            return Ok(value.is_some());
        }
        Ok(self.kv.get(layout::flat_key(key))?.is_some())
    }

    pub fn oldest_height(&self) -> Option<u64> {
        self.floor.load(Ordering::SeqCst).checked_sub(1)
    }

    /// Raise the oldest readable height before deleting what lies below it.
    pub fn raise_floor(&self, height: u64) {
        self.floor
            .fetch_max(height.saturating_add(1), Ordering::SeqCst);
    }

    /// Record the first height ever committed as the oldest readable one.
    pub fn init_floor(&self, height: u64) {
        // Fails harmlessly when a floor is already set.
        let _ = self.floor.compare_exchange(
            0,
            height.saturating_add(1),
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
    }

    pub fn not_available(&self, requested: u64) -> StoreError {
        StoreError::VersionNotAvailable {
            requested,
            oldest: self.oldest_height(),
            latest: self.latest_height(),
        }
    }

    /// Fails if `height` was pruned. Historical reads call this after reading: if it still
    /// passes, pruning had not started deleting that version's data.
    pub fn ensure_readable(&self, height: u64) -> Result<(), StoreError> {
        if height.saturating_add(1) < self.floor.load(Ordering::SeqCst) {
            return Err(self.not_available(height));
        }
        Ok(())
    }

    /// The metadata of a committed, still readable height.
    pub fn meta_at(&self, height: u64) -> Result<Arc<VersionMeta>, StoreError> {
        let latest = self.latest().ok_or_else(|| self.not_available(height))?;
        if height == latest.height {
            return Ok(latest.meta);
        }
        if height > latest.height {
            return Err(self.not_available(height));
        }
        self.ensure_readable(height)?;
        let bytes = self
            .kv
            .get(layout::meta_key(height))?
            .ok_or_else(|| self.not_available(height))?;
        Ok(Arc::new(VersionMeta::decode(&bytes)?))
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self._db.size_on_disk()?)
    }

    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        self.pipeline.wait_idle()?;
        let mut stats = StoreStats {
            size_on_disk: self._db.size_on_disk()?,
            ..StoreStats::default()
        };
        for entry in self.kv.iter() {
            let (key, _) = entry?;
            let counter = match layout::column(&key) {
                Column::Node => &mut stats.nodes,
                Column::Stale => &mut stats.stale_records,
                Column::Meta => &mut stats.versions,
                Column::Flat => &mut stats.latest_keys,
                Column::KeyIndex => &mut stats.indexed_keys,
                Column::NonVerifiable => &mut stats.nonverifiable_keys,
                Column::Latest | Column::Preimage | Column::Unknown => continue,
            };
            *counter = counter.saturating_add(1);
        }
        Ok(stats)
    }
}
