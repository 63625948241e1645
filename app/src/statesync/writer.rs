//! Writing snapshots and the on-disk snapshot store.
//!
//! `<home>/data/snapshots/<height>/` holds `metadata` (borsh [`SnapshotMeta`]) and
//! `chunk-<index>` files. A snapshot is written into `.tmp-<height>` and renamed when complete,
//! so a listed snapshot is always whole.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use openledger_framework::StateRead;
use tracing::{info, warn};

use super::format::{
    encode_record, sha256, SnapshotMeta, CHUNK_BYTES, FORMAT, KIND_NONVERIFIABLE, KIND_VERIFIABLE,
    MAX_CHUNKS, MAX_NONVERIFIABLE,
};
use super::SnapshotError;
use crate::store::{Snapshot, Storage};

const METADATA_FILE: &str = "metadata";
/// The most snapshot directories ListSnapshots looks at.
const MAX_LISTED: usize = 64;

fn chunk_file(index: u32) -> String {
    format!("chunk-{index:05}")
}

/// Cuts the record stream into chunks of exactly `chunk_bytes` and writes each one.
struct ChunkSink<'a> {
    dir: &'a Path,
    chunk_bytes: usize,
    buffer: Vec<u8>,
    hashes: Vec<[u8; 32]>,
    total: u64,
}

impl ChunkSink<'_> {
    fn push(&mut self, kind: u8, key: &[u8], value: &[u8]) -> Result<(), SnapshotError> {
        encode_record(&mut self.buffer, kind, key, value)?;
        while self.buffer.len() >= self.chunk_bytes {
            let rest = self.buffer.split_off(self.chunk_bytes);
            let chunk = std::mem::replace(&mut self.buffer, rest);
            self.write_chunk(&chunk)?;
        }
        Ok(())
    }

    fn write_chunk(&mut self, chunk: &[u8]) -> Result<(), SnapshotError> {
        if self.hashes.len() >= MAX_CHUNKS as usize {
            return Err(SnapshotError::Invalid(format!(
                "the state needs more than {MAX_CHUNKS} chunks"
            )));
        }
        let index = u32::try_from(self.hashes.len()).unwrap_or(u32::MAX);
        std::fs::write(self.dir.join(chunk_file(index)), chunk)?;
        self.hashes.push(sha256(chunk));
        self.total = self.total.saturating_add(chunk.len() as u64);
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<[u8; 32]>, u64), SnapshotError> {
        let last = std::mem::take(&mut self.buffer);
        if !last.is_empty() || self.hashes.is_empty() {
            self.write_chunk(&last)?;
        }
        Ok((self.hashes, self.total))
    }
}

/// Write the snapshot of `state` (a committed height) with the non-verifiable entries of that
/// height into `dir`, which must exist and be empty. Returns its metadata (also written).
pub fn write_to_dir(
    dir: &Path,
    state: &Snapshot,
    nonverifiable: &[(Vec<u8>, Vec<u8>)],
    chunk_bytes: u32,
) -> Result<SnapshotMeta, SnapshotError> {
    let versions = state
        .tree_versions()
        .ok_or_else(|| SnapshotError::Invalid("nothing committed".into()))?;
    let mut sink = ChunkSink {
        dir,
        chunk_bytes: chunk_bytes.max(1) as usize,
        buffer: Vec::new(),
        hashes: Vec::new(),
        total: 0,
    };
    let mut verifiable_entries = 0u64;
    for entry in state.prefix_raw(b"", None) {
        let (key, value) = entry?;
        sink.push(KIND_VERIFIABLE, &key, &value)?;
        verifiable_entries = verifiable_entries.saturating_add(1);
    }
    for (key, value) in nonverifiable {
        sink.push(KIND_NONVERIFIABLE, key, value)?;
    }
    let (chunk_hashes, total_bytes) = sink.finish()?;
    let meta = SnapshotMeta {
        format: FORMAT,
        height: state.height(),
        app_hash: state.app_hash(),
        versions,
        chunk_bytes,
        total_bytes,
        verifiable_entries,
        nonverifiable_entries: nonverifiable.len() as u64,
        chunk_hashes,
    };
    std::fs::write(dir.join(METADATA_FILE), meta.encode()?)?;
    Ok(meta)
}

/// The snapshots a node keeps under `<home>/data/snapshots`.
#[derive(Debug, Clone)]
pub struct SnapshotStore {
    root: PathBuf,
}

impl SnapshotStore {
    pub fn new(root: PathBuf) -> Self {
        SnapshotStore { root }
    }

    /// `<home>/data/snapshots`.
    pub fn in_home(home: &Path) -> Self {
        SnapshotStore::new(home.join("data").join("snapshots"))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Heights of the complete snapshots, ascending.
    pub fn heights(&self) -> Vec<u64> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut heights: Vec<u64> = entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect();
        heights.sort_unstable();
        heights
    }

    /// The newest snapshots' metadata (at most a fixed number).
    pub fn list(&self) -> Vec<SnapshotMeta> {
        let heights = self.heights();
        let skip = heights.len().saturating_sub(MAX_LISTED);
        heights
            .into_iter()
            .skip(skip)
            .filter_map(|h| self.meta(h))
            .collect()
    }

    pub fn meta(&self, height: u64) -> Option<SnapshotMeta> {
        let bytes = std::fs::read(self.root.join(height.to_string()).join(METADATA_FILE)).ok()?;
        SnapshotMeta::decode(&bytes).ok()
    }

    /// Chunk `index` of the snapshot at `height`; `None` if unknown.
    pub fn chunk(&self, height: u64, format: u32, index: u32) -> Option<Vec<u8>> {
        let meta = self.meta(height)?;
        if format != meta.format || index >= meta.chunks() {
            return None;
        }
        let path = self.root.join(height.to_string()).join(chunk_file(index));
        std::fs::read(path).ok()
    }

    /// Write the snapshot of `state` into a temporary directory, rename it into place, then
    /// delete all but the `keep` newest.
    pub fn write(
        &self,
        state: &Snapshot,
        nonverifiable: &[(Vec<u8>, Vec<u8>)],
        chunk_bytes: u32,
        keep: u32,
    ) -> Result<SnapshotMeta, SnapshotError> {
        let height = state.height();
        std::fs::create_dir_all(&self.root)?;
        // Snapshots are written one at a time: any temporary directory is a crash's leftover.
        for entry in std::fs::read_dir(&self.root)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(".tmp-") {
                std::fs::remove_dir_all(entry.path())?;
            }
        }
        let tmp = self.root.join(format!(".tmp-{height}"));
        std::fs::create_dir_all(&tmp)?;
        let meta = match write_to_dir(&tmp, state, nonverifiable, chunk_bytes) {
            Ok(meta) => meta,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        let target = self.root.join(height.to_string());
        if target.exists() {
            std::fs::remove_dir_all(&target)?;
        }
        std::fs::rename(&tmp, &target)?;
        self.prune(keep)?;
        Ok(meta)
    }

    /// Delete all but the `keep` newest snapshots (at least one is kept).
    pub fn prune(&self, keep: u32) -> Result<(), SnapshotError> {
        let heights = self.heights();
        let excess = heights.len().saturating_sub(keep.max(1) as usize);
        for height in heights.into_iter().take(excess) {
            std::fs::remove_dir_all(self.root.join(height.to_string()))?;
        }
        Ok(())
    }
}

/// Takes a snapshot every `interval` heights after Commit, in a background thread.
#[derive(Debug, Clone)]
pub struct Snapshotter {
    store: SnapshotStore,
    interval: u64,
    keep: u32,
    /// One snapshot at a time: a height due while the previous one is still being written is
    /// skipped.
    busy: Arc<AtomicBool>,
}

impl Snapshotter {
    /// `None` when `interval` is 0 (snapshots off).
    pub fn new(store: SnapshotStore, interval: u64, keep: u32) -> Option<Self> {
        (interval > 0).then(|| Snapshotter {
            store,
            interval,
            keep,
            busy: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Call right after a commit, before the next one can start: reads the non-verifiable
    /// entries of this height now (they only have latest values) and writes the rest from an
    /// immutable view of the height in a background thread. Returns the thread if one started.
    pub fn after_commit(&self, storage: &Storage) -> Option<std::thread::JoinHandle<()>> {
        let height = storage.latest()?.height;
        if height == 0 || height % self.interval != 0 {
            return None;
        }
        if self.busy.swap(true, Ordering::SeqCst) {
            warn!(
                height,
                "skipping a state-sync snapshot: the previous one is still being written"
            );
            return None;
        }
        let prepared = storage
            .snapshot_at(height)
            .and_then(|state| Ok((state, storage.nonverifiable_entries(MAX_NONVERIFIABLE)?)));
        let (state, nonverifiable) = match prepared {
            Ok(p) => p,
            Err(e) => {
                warn!(height, error = %e, "cannot take a state-sync snapshot");
                self.busy.store(false, Ordering::SeqCst);
                return None;
            }
        };
        let this = self.clone();
        let storage = storage.clone();
        let spawned = std::thread::Builder::new()
            .name("state-sync-snapshot".into())
            .spawn(move || {
                // Offer only a height that is on disk: the commit may still be writing it.
                if let Err(e) = storage.wait_durable(height) {
                    warn!(height, error = %e, "not writing a state-sync snapshot");
                    this.busy.store(false, Ordering::SeqCst);
                    return;
                }
                match this
                    .store
                    .write(&state, &nonverifiable, CHUNK_BYTES, this.keep)
                {
                    Ok(meta) => info!(
                        height,
                        chunks = meta.chunks(),
                        bytes = meta.total_bytes,
                        hash = %hex::encode(meta.hash()),
                        "wrote state-sync snapshot"
                    ),
                    Err(e) => warn!(height, error = %e, "writing a state-sync snapshot failed"),
                }
                this.busy.store(false, Ordering::SeqCst);
            });
        match spawned {
            Ok(handle) => Some(handle),
            Err(e) => {
                warn!(height, error = %e, "cannot start the snapshot thread");
                self.busy.store(false, Ordering::SeqCst);
                None
            }
        }
    }
}
