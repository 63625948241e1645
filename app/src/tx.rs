//! The transaction pipeline: decode -> ante steps -> route each message, with fork/apply
//! semantics (ante writes persist when a message fails; message writes do not).

pub mod ante;
pub mod decode;
pub mod error;
pub mod execute;
pub mod msg;
pub mod preverify;
pub mod result;
pub mod sig_cache;

pub use decode::{decode_tx, DecodedTx};
pub use error::TxError;
pub use execute::{execute_tx, execute_tx_cached, ExecMode, TxOutcome};
pub use msg::Msg;
pub use sig_cache::SigCache;
