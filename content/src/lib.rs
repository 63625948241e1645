//! The content store of contribution bytes (docs/content-store.md).
//!
//! The chain records, for each datanet contribution, only the sha256 of its bytes
//! (`content_hash`), their length (`size_bytes`) and where they may be found (`content_uri`).
//! A node keeps the bytes themselves here, outside consensus, and checks every byte it stores,
//! serves or fetches against those records:
//!
//! * [`Store`]: a content-addressed directory. Files are named by their sha256, written
//!   atomically, and re-hashed on every read.
//! * [`service`]: the `openledger.content.v1.Content` gRPC service (Put, Get, Status) over a
//!   [`Store`] and a read-only view of the chain ([`Chain`]).
//! * [`client`]: calls to that service, as the CLI and the operator gateway make them.
//! * [`fetch`]: fills the store with the approved contributions it misses, from the
//!   contributions' `http(s)` URIs and from peers' content services.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod chain;
pub mod client;
pub mod fetch;
mod hash;
pub mod service;
pub mod store;

pub use chain::{Chain, ChainError, Contribution};
pub use fetch::{FetchConfig, Fetcher};
pub use hash::{Hash, HashError};
pub use service::ContentService;
pub use store::{Inserted, Store, StoreError, VerifyReport};

/// The largest content a node stores, serves or fetches: the hard upper bound of the datanets
/// `max_contribution_bytes` parameter (1 GiB), whatever governance sets it to.
pub const MAX_CONTENT_BYTES: u64 = 1 << 30;

/// Room for a gRPC message's framing around its `bytes` field (tag and length varint), so that
/// a message carrying `n` content bytes fits a limit of `n + MESSAGE_OVERHEAD`.
pub const MESSAGE_OVERHEAD: usize = 1024;

/// The gRPC message size limit that fits `content_bytes` of content.
pub fn message_limit(content_bytes: u64) -> usize {
    usize::try_from(content_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(MESSAGE_OVERHEAD)
}
