//! The OpenLedger attribution engine (docs/attribution-engine.md).
//!
//! A pure function from (model output, corpus of approved contributions, parameters) to
//! verbatim spans and weights: the normalised output is cut into maximal spans that occur
//! verbatim in the corpus, each span is credited to the earliest approved contribution that
//! contains it, and each contribution's weight is its share of the credited bytes, in parts per
//! million. The corpus is held in per-datanet-version suffix-array indexes on disk.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attribute;
mod error;
mod format;
mod index;
mod mmap;
mod normalize;
mod rmq;
mod sa;

pub use attribute::{
    apportion_ppm, attribute, evidence_hash, Attribution, Corpus, Entry, Params, Span, EVIDENCE_TAG,
};
pub use error::EngineError;
pub use index::{ApprovalKey, Document, DocumentInfo, Index};
pub use normalize::{normalize, NORMALIZATION_NFC, UNICODE_VERSION};
pub use rmq::RMQ_BLOCK;
pub use sa::MAX_TEXT_BYTES;

/// The version of the attribution rules implemented here. Any change to what [`attribute`]
/// returns for some input is a new version.
pub const ENGINE_VERSION: u32 = 1;
