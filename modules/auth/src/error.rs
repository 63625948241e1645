use openledger_framework::error::sdk;
use openledger_framework::{ModuleError, StateError};
use thiserror::Error;

/// Errors of the auth module. Codes are in the SDK root codespace where the meaning matches.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    #[error("account {0} not found")]
    AccountNotFound(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid public key: {0}")]
    InvalidPubKey(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("account number overflow")]
    Overflow,
    #[error(transparent)]
    State(#[from] StateError),
}

impl ModuleError for AuthError {
    fn codespace(&self) -> &'static str {
        sdk::CODESPACE
    }
    fn code(&self) -> u32 {
        match self {
            AuthError::AccountNotFound(_) => sdk::UNKNOWN_ADDRESS,
            AuthError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            AuthError::InvalidPubKey(_) => sdk::INVALID_PUBKEY,
            AuthError::InvalidParams(_) | AuthError::InvalidGenesis(_) => sdk::INVALID_REQUEST,
            AuthError::Unauthorized(_) => sdk::UNAUTHORIZED,
            AuthError::Overflow => sdk::LOGIC,
            AuthError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            AuthError::State(_) => sdk::INTERNAL,
        }
    }
}
