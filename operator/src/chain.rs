//! The two seams of the gateway: the chain it records on and the attribution engine.
//!
//! The gateway only talks to the chain and to the engine through [`Chain`] and [`Attributor`],
//! so that they can be implemented with the chain client library and the attribution engine
//! without the HTTP side knowing either. [`crate::fakes`] has in-memory implementations for
//! tests, examples and `serve --dev-fake-chain`.

use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future: what the [`Chain`] methods return, so that the trait is usable as
/// `Arc<dyn Chain>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The chain, as seen by one operator (the account that signs the record transactions).
pub trait Chain: Send + Sync + 'static {
    /// Fails with a clear reason when `user` cannot pay up to `max_fee` for model `model_id`
    /// through this operator: no deposit, no grant, a grant or deposit too small, or the model
    /// not served by this operator.
    fn check_payable<'a>(
        &'a self,
        user: &'a str,
        model_id: u64,
        max_fee: u128,
    ) -> BoxFuture<'a, Result<(), ChainRefusal>>;

    /// The fee the chain charges (token fee + platform fee) for these token counts on this
    /// model version, in the chain's base unit.
    fn quote(
        &self,
        model_id: u64,
        model_version: u64,
        input_tokens: u64,
        output_tokens: u64,
    ) -> BoxFuture<'_, Result<u128, ChainError>>;

    /// Submits one transaction with one `MsgRecordInference` per record and waits for its
    /// inclusion. Returns one outcome per record, in the order of `records`.
    ///
    /// Must be idempotent by `request_id`: a request id this operator already recorded is
    /// reported as [`RecordOutcome::AlreadyRecorded`], never charged again. A failure of the
    /// whole transaction is an `Err`: [`ChainError::Transient`] when the same records may be
    /// submitted again (node unreachable, not included in time, account sequence mismatch),
    /// [`ChainError::Rejected`] when they may not as they are.
    fn record_batch(
        &self,
        records: Vec<InferenceRecord>,
    ) -> BoxFuture<'_, Result<Vec<RecordOutcome>, ChainError>>;
}

/// The attribution engine.
pub trait Attributor: Send + Sync + 'static {
    /// Attributes an output text of model `model_id` at version `model_version` (an explicit
    /// version, never 0). Called on a blocking thread.
    fn attribute(
        &self,
        model_id: u64,
        model_version: u64,
        output: &str,
    ) -> Result<AttributionResult, AttributeError>;
}

/// One contribution's weight in an output, in parts per million.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttributionEntry {
    pub contribution_id: u64,
    pub weight_ppm: u32,
}

/// A span of the output that the engine matched in a contribution: `len` bytes from byte
/// `start` of the output, found at byte `source_offset` of contribution `contribution_id`.
/// Offsets are the engine's (the attribution engine counts in its normalised texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: u64,
    pub len: u64,
    pub contribution_id: u64,
    pub source_offset: u64,
}

/// What the engine says about one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionResult {
    pub engine_version: u32,
    pub engine_params_id: u64,
    /// Weights adding up to exactly 1 000 000, or empty for an unattributed output.
    pub entries: Vec<AttributionEntry>,
    pub spans: Vec<Span>,
    /// sha256 of the engine's span list, as the chain expects it.
    pub evidence_hash: [u8; 32],
}

/// The engine could not attribute an output.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AttributeError {
    /// The engine has no index for this model version.
    #[error("no attribution index for model {model_id} version {model_version}")]
    UnknownModel { model_id: u64, model_version: u64 },
    #[error("attribution failed: {0}")]
    Failed(String),
}

/// The content of one `MsgRecordInference` (the operator is the signer of the transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferenceRecord {
    /// bech32 account address of the user who signed the request.
    pub user: String,
    pub model_id: u64,
    /// An explicit version (the gateway's configuration never uses 0, "latest").
    pub model_version: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// sha256 of the output text's UTF-8 bytes.
    pub output_hash: [u8; 32],
    /// sha256 of the request body exactly as the user signed it.
    pub prompt_hash: [u8; 32],
    /// 32 lowercase hex characters, see [`crate::auth::request_id`].
    pub request_id: String,
    pub entries: Vec<AttributionEntry>,
    pub engine_version: u32,
    pub engine_params_id: u64,
    pub evidence_hash: [u8; 32],
}

/// A receipt written by the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub receipt_id: u64,
    /// What the user paid, in the chain's base unit.
    pub fee: u128,
}

/// What became of one record of a [`Chain::record_batch`] transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordOutcome {
    Recorded(Receipt),
    /// The request id was already recorded by this operator; the receipt when known.
    AlreadyRecorded(Option<Receipt>),
    /// The chain refused this record (and will refuse it again): the reason.
    Refused(String),
}

/// Why a user cannot be served.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ChainRefusal {
    #[error("the user has no inference deposit")]
    NoDeposit,
    #[error("the user has granted this operator no spending limit for this model")]
    NoGrant,
    #[error("the request may cost up to {needed}, but the user's {what} only covers {available}")]
    Insufficient {
        /// "grant" or "deposit".
        what: &'static str,
        needed: u128,
        available: u128,
    },
    #[error("model {0} is not served by this operator on chain")]
    ModelNotServed(u64),
    /// Any other reason the user cannot pay.
    #[error("{0}")]
    CannotPay(String),
    /// The chain could not be asked.
    #[error(transparent)]
    Chain(#[from] ChainError),
}

/// A failure to talk to the chain.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ChainError {
    /// Worth retrying as it is.
    #[error("chain unavailable: {0}")]
    Transient(String),
    /// The chain rejected the request as a whole; retrying it unchanged cannot succeed.
    #[error("chain rejected the request: {0}")]
    Rejected(String),
}
