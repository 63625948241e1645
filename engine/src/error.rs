//! Errors of the engine.

use std::path::PathBuf;

/// Everything that can go wrong while building or opening an index.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done.
        op: &'static str,
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `Index::build` never replaces an existing directory.
    #[error("index directory {0} already exists")]
    AlreadyExists(PathBuf),
    /// A document given to `Index::build` belongs to another datanet.
    #[error("contribution {contribution_id} belongs to datanet {found}, the index is for datanet {expected}")]
    DatanetMismatch {
        /// The offending contribution.
        contribution_id: u64,
        /// The datanet of the index.
        expected: u64,
        /// The datanet of the document.
        found: u64,
    },
    /// The same contribution id was given twice to `Index::build`.
    #[error("contribution {0} appears more than once")]
    DuplicateContribution(u64),
    /// The index text (normalised documents plus one separator byte each) is too large.
    #[error("the index text would be {bytes} bytes; one index holds at most {max} bytes")]
    TooLarge {
        /// Size the text would have.
        bytes: u64,
        /// The limit (2^32 - 1).
        max: u64,
    },
    /// The suffix-array library reported an error.
    #[error("suffix array construction failed: {0}")]
    SuffixArray(String),
    /// A worker thread of `Index::build` panicked.
    #[error("a build thread failed")]
    Thread,
    /// The files of an index are not what this engine writes.
    #[error("invalid index {path}: {reason}")]
    Corrupt {
        /// The index directory or file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl EngineError {
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        EngineError::Io {
            op,
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        EngineError::Corrupt {
            path: path.into(),
            reason: reason.into(),
        }
    }
}
