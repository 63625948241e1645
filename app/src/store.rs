//! Versioned, Merkle-committed state over sled.
//!
//! * One Jellyfish Merkle Tree per module substore ([`SUBSTORES`]), keyed by the key without its
//!   `<substore>/` prefix, plus a root tree mapping each substore name to that substore's root.
//!   The app hash is the root of the root tree and the JMT version is the block height.
//!   The root tree always holds every substore; an empty substore maps to the JMT empty root.
//! * A substore that a block does not touch is not rewritten: per-height metadata records the
//!   version each tree is at, so reads and proofs work at every kept height.
//! * [`Storage::prepare`] computes the roots of a block's [`Changes`] without writing anything;
//!   [`Storage::commit`] makes the version the latest from memory, then writes nodes, values,
//!   key preimages, the non-verifiable writes, the flat latest-value index and the height
//!   metadata in one atomic sled batch, flushes, and prunes versions that fell out of the
//!   [`StoreConfig::keep_recent`] window in that same batch, in a background writer thread
//!   (`pipeline.rs`; at most one version in flight) or inline ([`Storage::set_pipelined`]).
//! * JMT leaves are stored with their values, so a value at an older height is read by walking
//!   that height's tree (mostly from an in-memory node cache); there is no second, versioned
//!   copy of every value to write and prune.
//! * Reads at the latest height go to a flat table keyed by the full key (ordered, so it also
//!   serves prefix iteration), behind a bounded cache of latest values. Historical prefix
//!   iteration walks an index of every key ever written and reads each at the snapshot's height.
//!   Keys deleted long ago stay in that index (one small entry each).
//! * The non-verifiable keyspace keeps latest values only: every [`Snapshot`], whatever its
//!   height, reads the latest non-verifiable values.
//! * A [`Snapshot`] never sees a later version: the flat table and its cache are read under a
//!   lock that commit holds while it applies its batch, and only while the snapshot's height is
//!   the latest; otherwise reads walk the snapshot's own trees. Pruning raises the oldest
//!   readable height before it deletes anything, and historical reads check it after reading,
//!   so a pruned snapshot fails with [`StoreError::VersionNotAvailable`] instead of returning
//!   wrong data.
//! * Crash safety: `prepare` writes nothing, and a commit is one sled batch (atomic) followed by
//!   a flush, so a crash leaves the previous or the new version; [`Storage::open`] reads back
//!   what is durable ([`Storage::durable`]), which may be one version behind the last commit
//!   when pipelined: CometBFT's handshake replays it.
//! * Exception: the first version of a store (the genesis state, possibly millions of entries)
//!   is written in key-ordered batches of about a thousand entries, since sled's memory grows
//!   with the size of one batch; its metadata and the latest-height marker go in the last
//!   batch. A crash before that leaves entries without a latest height, and
//!   [`Storage::open`] clears them, so the store is fresh again.
//!
//! Byte layout: `layout.rs`; node encoding: `codec.rs`; caches: `cache.rs`.

mod bulk;
mod cache;
mod codec;
mod commit;
mod db;
mod error;
mod export;
mod layout;
mod pipeline;
mod prepare;
mod proof;
mod snapshot;
mod tree;

use std::path::Path;
use std::sync::Arc;

use openledger_framework::Changes;

use db::Shared;

pub use error::StoreError;
pub use export::TreeVersions;
pub use prepare::PreparedCommit;
pub use proof::verify_proof;
pub use snapshot::Snapshot;

/// The module substores, each committed in its own tree. Their order fixes the on-disk tree
/// ids: only ever append to this list.
pub const SUBSTORES: &[&str] = &[
    "auth",
    "bank",
    "staking",
    "distribution",
    "slashing",
    "gov",
    "datanets",
    "models",
    "attribution",
    "services",
    "ibc",
    "upgrade",
];

/// Split a full key `"bank/balance/..."` into `("bank", b"balance/...")`; `None` if the key does
/// not start with a known substore followed by `/`.
pub fn split_key(key: &[u8]) -> Option<(&'static str, &[u8])> {
    split_key_indexed(key).map(|(index, inner)| (SUBSTORES[index], inner))
}

/// The substore position and inner key of a verifiable write; refuses a key outside the
/// substores and an empty key inside one (ICS-23 cannot prove anything about an empty key).
fn split_verifiable_key(full: &[u8]) -> Result<(usize, &[u8]), StoreError> {
    let (index, inner) =
        split_key_indexed(full).ok_or_else(|| StoreError::unknown_substore(full))?;
    if inner.is_empty() {
        return Err(StoreError::invalid_key(
            full,
            "the key inside a substore must not be empty",
        ));
    }
    Ok((index, inner))
}

/// Like [`split_key`], with the substore's position in [`SUBSTORES`].
fn split_key_indexed(key: &[u8]) -> Option<(usize, &[u8])> {
    SUBSTORES.iter().enumerate().find_map(|(index, name)| {
        let rest = key.strip_prefix(name.as_bytes())?;
        let inner = rest.strip_prefix(b"/")?;
        Some((index, inner))
    })
}

/// Store settings.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// Historical versions kept for reads and proofs: after committing height `h`, heights
    /// below `h - keep_recent` become unreadable and their data is deleted. 0 keeps everything.
    pub keep_recent: u64,
}

/// What a commit persisted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitInfo {
    pub height: u64,
    pub app_hash: [u8; 32],
}

/// Entry counts of the store, for diagnostics and tests. Computed by a full scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// JMT nodes (leaves with their values) of all trees and kept versions.
    pub nodes: u64,
    /// Pending pruning records.
    pub stale_records: u64,
    /// Heights whose metadata is kept (readable heights).
    pub versions: u64,
    /// Keys in the latest verifiable state.
    pub latest_keys: u64,
    /// Keys ever written and still indexed for historical iteration.
    pub indexed_keys: u64,
    /// Keys in the non-verifiable keyspace.
    pub nonverifiable_keys: u64,
    /// sled's own figure for its files on disk.
    pub size_on_disk: u64,
}

/// The node's state store. Cheap to clone; all clones share one database.
#[derive(Clone)]
pub struct Storage {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("latest", &self.latest())
            .finish_non_exhaustive()
    }
}

impl Storage {
    /// Open (or create) the store at `path` and read back what the last commit persisted.
    pub fn open(path: &Path, config: StoreConfig) -> Result<Storage, StoreError> {
        Ok(Storage {
            shared: Arc::new(Shared::open(path, config)?),
        })
    }

    /// What the last commit persisted; `None` on a fresh store.
    pub fn latest(&self) -> Option<CommitInfo> {
        self.shared.latest().map(|latest| CommitInfo {
            height: latest.height,
            app_hash: latest.meta.app_hash,
        })
    }

    /// The state after the last commit (the empty state at height 0 on a fresh store).
    pub fn latest_snapshot(&self) -> Snapshot {
        match self.shared.latest() {
            Some(latest) => Snapshot::new(self.shared.clone(), latest.height, Some(latest.meta)),
            None => Snapshot::new(self.shared.clone(), 0, None),
        }
    }

    /// The state at `height`; an error if that height was pruned, never committed or is in
    /// the future.
    pub fn snapshot_at(&self, height: u64) -> Result<Snapshot, StoreError> {
        let meta = self.shared.meta_at(height)?;
        Ok(Snapshot::new(self.shared.clone(), height, Some(meta)))
    }

    /// The oldest height that can still be read, if anything was committed.
    pub fn oldest_height(&self) -> Option<u64> {
        self.shared.oldest_height()
    }

    /// sled's figure for its files on disk: cheap, unlike [`Storage::stats`] (for metrics).
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.shared.size_on_disk()
    }

    /// Compute the roots of `changes` applied on top of the latest committed version, as
    /// version `height`, without writing anything to disk.
    pub fn prepare(&self, height: u64, changes: &Changes) -> Result<PreparedCommit, StoreError> {
        prepare::prepare(&self.shared, height, changes)
    }

    /// The app hash of `changes` applied to the empty state: what [`Storage::prepare`] gives
    /// them on a fresh store, computed from the sorted key hashes without building the trees
    /// (64 bytes per key instead of jmt's whole first version in memory). For InitChain.
    pub fn fresh_app_hash(changes: &Changes) -> Result<[u8; 32], StoreError> {
        bulk::fresh_app_hash(changes)
    }

    /// Make a prepared version the latest for every reader at once, then persist it and the
    /// pruning of versions that fell out of the kept window in one atomic sled batch (the
    /// store's first version: in several, see the module doc) and flush: in the background when pipelined (the default; this returns once the write is
    /// queued), inline otherwise. Waits first for the previous version's background write.
    /// Refused if another version was committed since `prepare`. An error before the version
    /// is published leaves the store unchanged; a write or flush error (returned inline, or by
    /// the next commit when pipelined) means the new version may not be durable, and the node
    /// must stop.
    pub fn commit(&self, prepared: PreparedCommit) -> Result<CommitInfo, StoreError> {
        commit::commit(&self.shared, prepared)
    }

    /// The latest version durably on disk: what [`Storage::open`] would read back after a
    /// crash now. Behind [`Storage::latest`] by the version in flight, if any.
    pub fn durable(&self) -> Option<CommitInfo> {
        self.shared.pipeline.durable()
    }

    /// Wait until `height` (or a later one) is durable. An error if a background write failed
    /// or `height` was not committed.
    pub fn wait_durable(&self, height: u64) -> Result<CommitInfo, StoreError> {
        self.shared.pipeline.wait_durable(height)
    }

    /// Whether commits write in the background (see [`Storage::commit`]).
    pub fn pipelined(&self) -> bool {
        self.shared.pipelined()
    }

    /// Switch background writes on or off (on by default), for every handle of this store.
    /// Switching off waits for the version in flight; an error if its write failed.
    pub fn set_pipelined(&self, on: bool) -> Result<(), StoreError> {
        self.shared.set_pipelined(on);
        if !on {
            self.shared.pipeline.wait_idle()?;
        }
        Ok(())
    }

    /// Test hook: while held, the background writer writes nothing (reads must still see
    /// the version in flight). A commit waits for the previous write, so do not commit the
    /// next version while holding it.
    #[doc(hidden)]
    pub fn hold_background_writes(&self, hold: bool) {
        self.shared.pipeline.set_paused(hold);
    }

    /// Test hook: simulate a crash. Dropping this handle (the last one of the store) then
    /// discards a version whose background write has not started, as a killed process would.
    #[doc(hidden)]
    pub fn crash_on_drop(&self) {
        self.shared.pipeline.set_discard();
    }

    /// Test hook: stop writing the store's first version (written in batches, see
    /// [`Storage::commit`]) after `batches` batches, as a crash would; the write then fails.
    /// 0 removes the limit.
    #[doc(hidden)]
    pub fn interrupt_first_write_after(&self, batches: usize) {
        self.shared.pipeline.set_chunk_limit(batches);
    }

    /// Test hook: write the store's first version in batches of `entries` entries (0 restores
    /// the default; `usize::MAX` writes it in one batch).
    #[doc(hidden)]
    pub fn set_first_write_batch_size(&self, entries: usize) {
        self.shared.pipeline.set_chunk_size(entries);
    }

    /// Count the store's entries (a full scan: for diagnostics and tests, not the hot path).
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        self.shared.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_key_needs_a_known_substore_and_a_slash() {
        assert_eq!(
            split_key(b"bank/balance/x"),
            Some(("bank", &b"balance/x"[..]))
        );
        assert_eq!(split_key(b"ibc/"), Some(("ibc", &b""[..])));
        assert_eq!(split_key(b"bank"), None);
        assert_eq!(split_key(b"bankx/a"), None);
        assert_eq!(split_key(b"unknown/a"), None);
        assert_eq!(split_key(b""), None);
    }

    #[test]
    fn substore_names_are_unique_and_fit_a_tree_id() {
        let mut names = SUBSTORES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SUBSTORES.len());
        assert!(SUBSTORES.len() < usize::from(u8::MAX));
    }
}
