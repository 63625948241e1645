//! Errors of rate limiting. Codes of the `ratelimit` codespace are those ibc-go's
//! rate-limiting module registers for the same failures (1 to 6); where the meaning is one of
//! the SDK's root errors (signer, address, request) the root code is used. Never renumber.

use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CallError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of rate-limit errors (ibc-go's module name).
pub const CODESPACE: &str = "ratelimit";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RateLimitError {
    #[error("rate limit of {denom} on {channel} already exists")]
    AlreadyExists { denom: String, channel: String },
    #[error("no rate limit of {denom} on {channel}")]
    NotFound { denom: String, channel: String },
    #[error("{0} has no supply (channel value is zero)")]
    ZeroChannelValue(String),
    /// A transfer refused (nothing was recorded): what, where and by how much.
    #[error("rate limit exceeded: {0}")]
    QuotaExceeded(String),
    #[error("unknown channel or client {0}")]
    ChannelNotFound(String),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),

    // SDK root codes.
    #[error("signer {0} did not sign")]
    Unauthorized(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("amount overflow")]
    Overflow,

    #[error(transparent)]
    State(#[from] StateError),
    /// An error of another module reached through a keeper, with its own codespace and code.
    #[error("{0}")]
    Keeper(CallError),
}

impl From<CallError> for RateLimitError {
    fn from(e: CallError) -> Self {
        RateLimitError::Keeper(e)
    }
}

impl From<AddressError> for RateLimitError {
    fn from(e: AddressError) -> Self {
        RateLimitError::InvalidAddress(e.to_string())
    }
}

impl From<RateLimitError> for CallError {
    fn from(e: RateLimitError) -> Self {
        CallError::from_module(&e)
    }
}

impl ModuleError for RateLimitError {
    fn codespace(&self) -> &'static str {
        match self {
            RateLimitError::Unauthorized(_)
            | RateLimitError::InvalidAddress(_)
            | RateLimitError::InvalidRequest(_)
            | RateLimitError::Overflow
            | RateLimitError::State(_) => sdk::CODESPACE,
            RateLimitError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            RateLimitError::AlreadyExists { .. } => 1,
            RateLimitError::NotFound { .. } => 2,
            RateLimitError::ZeroChannelValue(_) => 3,
            RateLimitError::QuotaExceeded(_) => 4,
            RateLimitError::ChannelNotFound(_) => 6,
            RateLimitError::InvalidAuthority { .. } => 20,
            RateLimitError::InvalidGenesis(_) => 21,
            RateLimitError::Invariant(_) => 22,
            RateLimitError::Unauthorized(_) => sdk::UNAUTHORIZED,
            RateLimitError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            RateLimitError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            RateLimitError::Overflow => sdk::LOGIC,
            RateLimitError::Keeper(e) => e.code,
            RateLimitError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            RateLimitError::State(_) => sdk::INTERNAL,
        }
    }
}
