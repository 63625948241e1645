use openledger_framework::error::sdk;
use openledger_framework::{CallError, ModuleError, StateError};
use thiserror::Error;

/// Codespace of the slashing module (the SDK's x/slashing module name).
pub const CODESPACE: &str = "slashing";

/// Errors of the slashing module. Codes in the `slashing` codespace are the SDK's x/slashing
/// codes (`x/slashing/types/errors.go`); never renumber one. Where the meaning is one of the
/// SDK's root errors (address, authorization, request) the root code is used. Errors of the
/// staking keeper keep the codespace and code staking gave them.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SlashingError {
    #[error("address is not associated with any known validator: {0}")]
    NoValidatorForAddress(String),
    /// Still inside the jail period, or tombstoned (the SDK's `ErrValidatorJailed` in both cases).
    #[error("validator still jailed; cannot be unjailed: {0}")]
    ValidatorJailed(String),
    #[error("validator not jailed; cannot be unjailed")]
    ValidatorNotJailed,
    #[error("no validator signing info found: {0}")]
    NoSigningInfoFound(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("arithmetic overflow: {0}")]
    Overflow(&'static str),
    /// An error returned by the staking keeper, with staking's codespace and code.
    #[error(transparent)]
    Keeper(CallError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<CallError> for SlashingError {
    fn from(e: CallError) -> Self {
        SlashingError::Keeper(e)
    }
}

impl ModuleError for SlashingError {
    fn codespace(&self) -> &'static str {
        match self {
            SlashingError::NoValidatorForAddress(_)
            | SlashingError::ValidatorJailed(_)
            | SlashingError::ValidatorNotJailed
            | SlashingError::NoSigningInfoFound(_) => CODESPACE,
            SlashingError::Keeper(e) => e.codespace,
            _ => sdk::CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            SlashingError::NoValidatorForAddress(_) => 2,
            SlashingError::ValidatorJailed(_) => 4,
            SlashingError::ValidatorNotJailed => 5,
            SlashingError::NoSigningInfoFound(_) => 8,
            SlashingError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            SlashingError::Unauthorized(_) => sdk::UNAUTHORIZED,
            SlashingError::InvalidParams(_)
            | SlashingError::InvalidGenesis(_)
            | SlashingError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            SlashingError::Invariant(_) | SlashingError::Overflow(_) => sdk::LOGIC,
            SlashingError::Keeper(e) => e.code,
            SlashingError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            SlashingError::State(_) => sdk::INTERNAL,
        }
    }
}

/// Whether a keeper error is a failure of the store (the block cannot be executed) rather
/// than a refusal by staking. `CallError::from(StateError)` produces exactly these codes.
pub(crate) fn is_storage_failure(e: &CallError) -> bool {
    e.codespace == sdk::CODESPACE && (e.code == sdk::INTERNAL || e.code == sdk::OUT_OF_GAS)
}
