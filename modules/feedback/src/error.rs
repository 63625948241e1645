use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of feedback errors.
pub const CODESPACE: &str = "feedback";

/// Errors of the feedback module.
///
/// Codes 2.. in the `feedback` codespace are OpenLedger's own; where the meaning is one of the
/// SDK's root errors (signer, address, coins, request) the root code is used. Never renumber.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FeedbackError {
    #[error("{0} is not a feedback validator")]
    UnknownValidator(String),
    #[error("{0} is already a feedback validator")]
    ValidatorExists(String),
    #[error("bond {got}aopen is below the minimum {min}aopen")]
    BondTooSmall { got: u128, min: u128 },
    #[error("amounts must be aopen, got {0:?}")]
    InvalidDenom(String),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("{validator} has committed to {open_rounds} unsettled round(s) and cannot unbond")]
    ValidatorBusy { validator: String, open_rounds: u64 },
    #[error("unknown model {0}")]
    UnknownModel(u64),
    #[error("{actor} is not the creator of model {model_id}")]
    NotModelCreator { model_id: u64, actor: String },
    #[error("model {model_id} has no version {version} (latest {latest})")]
    UnknownModelVersion {
        model_id: u64,
        version: u64,
        latest: u64,
    },
    #[error("reward {got}aopen is below the minimum {min}aopen")]
    RewardTooSmall { got: u128, min: u128 },
    #[error("invalid items: {0}")]
    InvalidItems(String),
    #[error("invalid deadlines: {0}")]
    InvalidDeadlines(String),
    #[error("unknown round {0}")]
    UnknownRound(u64),
    #[error("round {round_id} took commitments up to height {deadline}; this is height {height}")]
    CommitClosed {
        round_id: u64,
        deadline: u64,
        height: u64,
    },
    #[error("{validator} has already committed to round {round_id}")]
    AlreadyCommitted { round_id: u64, validator: String },
    #[error("round {round_id} has its {max} commitments already")]
    RoundFull { round_id: u64, max: u64 },
    #[error("invalid commitment: {0}")]
    InvalidCommitment(String),
    #[error("round {round_id} takes reveals at heights {from}..={to}; this is height {height}")]
    RevealNotOpen {
        round_id: u64,
        from: u64,
        to: u64,
        height: u64,
    },
    #[error("{validator} has not committed to round {round_id}")]
    NotCommitted { round_id: u64, validator: String },
    #[error("{validator} has already revealed in round {round_id}")]
    AlreadyRevealed { round_id: u64, validator: String },
    #[error("the scores and salt do not match the commitment of {validator} in round {round_id}")]
    RevealMismatch { round_id: u64, validator: String },
    #[error("invalid scores: {0}")]
    InvalidScores(String),
    #[error("invalid salt: {0}")]
    InvalidSalt(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("round {0} is not settled")]
    NotSettled(u64),
    #[error("model {0} is rejected or retired")]
    ModelClosed(u64),

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

impl From<CallError> for FeedbackError {
    fn from(e: CallError) -> Self {
        FeedbackError::Keeper(e)
    }
}

impl From<CoinError> for FeedbackError {
    fn from(e: CoinError) -> Self {
        FeedbackError::InvalidCoins(e.to_string())
    }
}

impl From<AddressError> for FeedbackError {
    fn from(e: AddressError) -> Self {
        FeedbackError::InvalidAddress(e.to_string())
    }
}

impl ModuleError for FeedbackError {
    fn codespace(&self) -> &'static str {
        match self {
            FeedbackError::Unauthorized(_)
            | FeedbackError::InvalidAddress(_)
            | FeedbackError::InvalidCoins(_)
            | FeedbackError::InvalidRequest(_)
            | FeedbackError::Overflow
            | FeedbackError::State(_) => sdk::CODESPACE,
            FeedbackError::Bank(e) => e.codespace(),
            FeedbackError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            FeedbackError::UnknownValidator(_) => 2,
            FeedbackError::ValidatorExists(_) => 3,
            FeedbackError::BondTooSmall { .. } => 4,
            FeedbackError::InvalidDenom(_) => 5,
            FeedbackError::InvalidAuthority { .. } => 6,
            FeedbackError::ValidatorBusy { .. } => 7,
            FeedbackError::UnknownModel(_) => 8,
            FeedbackError::NotModelCreator { .. } => 9,
            FeedbackError::UnknownModelVersion { .. } => 10,
            FeedbackError::RewardTooSmall { .. } => 11,
            FeedbackError::InvalidItems(_) => 12,
            FeedbackError::InvalidDeadlines(_) => 13,
            FeedbackError::UnknownRound(_) => 14,
            FeedbackError::CommitClosed { .. } => 15,
            FeedbackError::AlreadyCommitted { .. } => 16,
            FeedbackError::RoundFull { .. } => 17,
            FeedbackError::InvalidCommitment(_) => 18,
            FeedbackError::RevealNotOpen { .. } => 19,
            FeedbackError::NotCommitted { .. } => 20,
            FeedbackError::AlreadyRevealed { .. } => 21,
            FeedbackError::RevealMismatch { .. } => 22,
            FeedbackError::InvalidScores(_) => 23,
            FeedbackError::InvalidSalt(_) => 24,
            FeedbackError::InvalidParams(_) => 25,
            FeedbackError::InvalidGenesis(_) => 26,
            FeedbackError::Invariant(_) => 27,
            FeedbackError::NotSettled(_) => 28,
            FeedbackError::ModelClosed(_) => 29,
            FeedbackError::Unauthorized(_) => sdk::UNAUTHORIZED,
            FeedbackError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            FeedbackError::InvalidCoins(_) => sdk::INVALID_COINS,
            FeedbackError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            FeedbackError::Overflow => sdk::LOGIC,
            FeedbackError::Bank(e) => e.code(),
            FeedbackError::Keeper(e) => e.code,
            FeedbackError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            FeedbackError::State(_) => sdk::INTERNAL,
        }
    }
}
