use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

use crate::types::JobStatus;

/// The codespace of finetune errors.
pub const CODESPACE: &str = "finetune";

/// Errors of the finetune module. Codes 2.. in the `finetune` codespace are its own; SDK root
/// codes where the meaning is one of theirs. Never renumber a code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FinetuneError {
    #[error("unknown provider {0}")]
    UnknownProvider(String),
    #[error("provider {0} is already registered")]
    AlreadyRegistered(String),
    #[error("provider {0} is not active")]
    ProviderNotActive(String),
    #[error("provider {provider} holds {jobs} claimed job(s)")]
    ProviderBusy { provider: String, jobs: u64 },
    #[error("bond {got}aopen is below the minimum {min}aopen")]
    BondTooSmall { got: u128, min: u128 },
    #[error("budget {got}aopen is below the minimum {min}aopen")]
    BudgetTooSmall { got: u128, min: u128 },
    #[error("coins must be aopen, got {0:?}")]
    InvalidDenom(String),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("unknown job {0}")]
    UnknownJob(u64),
    #[error("job {job_id} is {status}, not {expected}")]
    WrongStatus {
        job_id: u64,
        status: JobStatus,
        expected: JobStatus,
    },
    #[error("{actor} is not the creator of {what}")]
    NotCreator { what: String, actor: String },
    #[error("{actor} is not the provider of job {job_id}")]
    NotJobProvider { job_id: u64, actor: String },
    #[error("job {job_id}: deadline height {deadline} has passed")]
    DeadlinePassed { job_id: u64, deadline: u64 },
    #[error("deadline height {deadline} must be after {height} and at most {max} blocks ahead")]
    InvalidDeadline {
        deadline: u64,
        height: u64,
        max: u64,
    },
    #[error("job {job_id}: the dispute window closed at height {deadline}")]
    DisputeWindowClosed { job_id: u64, deadline: u64 },
    #[error("unknown model {0}")]
    UnknownModel(u64),
    #[error("model {model_id} is {stage}; jobs need FINE_TUNING, ALIGNMENT or DEPLOYED")]
    ModelNotFineTunable { model_id: u64, stage: String },
    #[error("datanet {datanet_id} version {version} is not one of model {model_id}'s")]
    DatanetNotOfModel {
        model_id: u64,
        datanet_id: u64,
        version: u64,
    },
    #[error("too many {field}: {len}, at most {max}")]
    TooMany {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("{field}: {value} is listed twice")]
    Duplicate { field: &'static str, value: String },
    #[error("{field} too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("invalid hash in {field}: {reason}")]
    InvalidHash { field: &'static str, reason: String },
    #[error("invalid settlement outcome {0}")]
    InvalidOutcome(i32),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),

    // SDK root codes.
    #[error("signer {0} did not sign")]
    Unauthorized(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("amount overflow")]
    Overflow,

    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    State(#[from] StateError),
    /// An error of another module reached through a keeper, with its own codespace and code.
    #[error("{0}")]
    Keeper(CallError),
}

impl From<CallError> for FinetuneError {
    fn from(e: CallError) -> Self {
        FinetuneError::Keeper(e)
    }
}

impl From<CoinError> for FinetuneError {
    fn from(e: CoinError) -> Self {
        FinetuneError::InvalidCoins(e.to_string())
    }
}

impl From<AddressError> for FinetuneError {
    fn from(e: AddressError) -> Self {
        FinetuneError::InvalidAddress(e.to_string())
    }
}

impl ModuleError for FinetuneError {
    fn codespace(&self) -> &'static str {
        match self {
            FinetuneError::Unauthorized(_)
            | FinetuneError::InvalidAddress(_)
            | FinetuneError::InvalidCoins(_)
            | FinetuneError::InvalidRequest(_)
            | FinetuneError::Overflow
            | FinetuneError::State(_) => sdk::CODESPACE,
            FinetuneError::Bank(e) => e.codespace(),
            FinetuneError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            FinetuneError::UnknownProvider(_) => 2,
            FinetuneError::AlreadyRegistered(_) => 3,
            FinetuneError::ProviderNotActive(_) => 4,
            FinetuneError::ProviderBusy { .. } => 5,
            FinetuneError::BondTooSmall { .. } => 6,
            FinetuneError::BudgetTooSmall { .. } => 7,
            FinetuneError::InvalidDenom(_) => 8,
            FinetuneError::InvalidAuthority { .. } => 9,
            FinetuneError::UnknownJob(_) => 10,
            FinetuneError::WrongStatus { .. } => 11,
            FinetuneError::NotCreator { .. } => 12,
            FinetuneError::NotJobProvider { .. } => 13,
            FinetuneError::DeadlinePassed { .. } => 14,
            FinetuneError::InvalidDeadline { .. } => 15,
            FinetuneError::DisputeWindowClosed { .. } => 16,
            FinetuneError::UnknownModel(_) => 17,
            FinetuneError::ModelNotFineTunable { .. } => 18,
            FinetuneError::DatanetNotOfModel { .. } => 19,
            FinetuneError::TooMany { .. } => 20,
            FinetuneError::Duplicate { .. } => 21,
            FinetuneError::TooLong { .. } => 22,
            FinetuneError::Empty(_) => 23,
            FinetuneError::InvalidHash { .. } => 24,
            FinetuneError::InvalidOutcome(_) => 25,
            FinetuneError::InvalidParams(_) => 26,
            FinetuneError::InvalidGenesis(_) => 27,
            FinetuneError::Invariant(_) => 28,
            FinetuneError::Unauthorized(_) => sdk::UNAUTHORIZED,
            FinetuneError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            FinetuneError::InvalidCoins(_) => sdk::INVALID_COINS,
            FinetuneError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            FinetuneError::Overflow => sdk::LOGIC,
            FinetuneError::Bank(e) => e.code(),
            FinetuneError::Keeper(e) => e.code,
            FinetuneError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            FinetuneError::State(_) => sdk::INTERNAL,
        }
    }
}
