//! Store errors.

use openledger_framework::StateError;

/// A failure of the state store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled or the Merkle tree failed; the node cannot go on safely.
    #[error("storage backend failure: {0}")]
    Backend(String),
    /// Stored bytes did not decode or contradict each other.
    #[error("corrupt store: {0}")]
    Corrupt(String),
    /// A verifiable key does not start with a known substore name followed by `/`.
    #[error("key {0:?} is not under a known substore (`<substore>/...`)")]
    UnknownSubstore(String),
    /// A key the store cannot commit or prove (for example an empty key inside a substore).
    #[error("invalid key {key:?}: {reason}")]
    InvalidKey { key: String, reason: &'static str },
    /// The requested height was pruned, never committed, or is not committed yet.
    #[error("version {requested} is not available (oldest kept {oldest:?}, latest {latest:?})")]
    VersionNotAvailable {
        requested: u64,
        oldest: Option<u64>,
        latest: Option<u64>,
    },
    /// `prepare` was asked for a height that cannot follow the latest committed one.
    #[error("height {requested} must be above the latest committed height {latest:?}")]
    HeightMismatch { latest: Option<u64>, requested: u64 },
    /// The store moved on between `prepare` and `commit`.
    #[error(
        "prepared on top of height {prepared_on:?} but the latest committed height is {latest:?}"
    )]
    StalePrepare {
        prepared_on: Option<u64>,
        latest: Option<u64>,
    },
    /// A proof could not be produced.
    #[error("cannot build proof: {0}")]
    Proof(String),
    /// A state-sync import was refused; nothing was written.
    #[error("import refused: {0}")]
    Import(String),
}

impl StoreError {
    pub(crate) fn invalid_key(key: &[u8], reason: &'static str) -> Self {
        StoreError::InvalidKey {
            key: String::from_utf8_lossy(key).into_owned(),
            reason,
        }
    }

    pub(crate) fn unknown_substore(key: &[u8]) -> Self {
        StoreError::UnknownSubstore(String::from_utf8_lossy(key).into_owned())
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

impl From<StoreError> for StateError {
    fn from(e: StoreError) -> Self {
        StateError::Storage(e.to_string())
    }
}
