//! State-sync snapshots: a committed height written as a deterministic stream of its
//! key/values, cut into fixed-size chunks, served to and restored from other nodes through
//! CometBFT's snapshot ABCI calls.
//!
//! * [`format`]: the metadata, the record stream and the bounds on what comes from the wire.
//! * [`writer`]: writing a snapshot after a commit (in the background) and the on-disk store
//!   under `<home>/data/snapshots/<height>/`.
//! * [`restore`]: checking an offered snapshot and its chunks and importing it into an empty
//!   store.

pub mod format;
pub mod restore;
pub mod writer;

pub use format::{SnapshotMeta, FORMAT};
pub use restore::Restore;
pub use writer::{SnapshotStore, Snapshotter};

/// Why writing, reading or restoring a snapshot failed.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("snapshot file: {0}")]
    Io(#[from] std::io::Error),
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("state: {0}")]
    State(#[from] openledger_framework::StateError),
    /// Bytes from the wire or disk that do not decode or break a bound.
    #[error("invalid snapshot: {0}")]
    Invalid(String),
}

#[cfg(test)]
mod tests;
