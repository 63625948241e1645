use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CallError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of adapters errors.
pub const CODESPACE: &str = "adapters";

/// Errors of the adapters module.
///
/// Codes 2.. in the `adapters` codespace are OpenLedger's own; where the meaning is one of the
/// SDK's root errors the root code is used. Never renumber a code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AdaptersError {
    #[error("invalid adapter hash: {0}")]
    InvalidHash(String),
    #[error("adapter {hash} is already registered by {owner}")]
    AdapterExists { hash: String, owner: String },
    #[error("unknown adapter {0}")]
    UnknownAdapter(String),
    #[error("unknown model {0}")]
    UnknownModel(u64),
    #[error("model {model_id} has no version {version}")]
    UnknownModelVersion { model_id: u64, version: u64 },
    #[error("base model {got:?} is not the model's base model {expected:?}")]
    BaseModelMismatch { expected: String, got: String },
    #[error("rank {rank} is not in 1..={max}")]
    InvalidRank { rank: u32, max: u32 },
    #[error("size_bytes must be positive")]
    ZeroSize,
    #[error("invalid SPDX licence {0:?}")]
    InvalidLicence(String),
    #[error("{field} too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{actor} is not the creator of model {model_id}")]
    NotCreator { model_id: u64, actor: String },
    #[error("{0} is not a registered inference operator")]
    NotOperator(String),
    #[error("operator {operator} does not serve model {model_id}")]
    ModelNotServed { operator: String, model_id: u64 },
    #[error("operator {operator} already serves the most adapters allowed ({max})")]
    TooManyAdapters { operator: String, max: u64 },
    #[error("adapter {hash} already has the most servers allowed ({max})")]
    TooManyServers { hash: String, max: u64 },
    #[error("operator {operator} does not serve adapter {hash}")]
    NotServing { operator: String, hash: String },
    #[error("invalid price ceiling: {0}")]
    InvalidCeiling(String),
    #[error("invalid uptime window: {0}")]
    InvalidWindow(String),
    #[error("uptime_bps {0} is above 10000")]
    InvalidUptime(u32),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
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
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("overflow")]
    Overflow,
    #[error(transparent)]
    State(#[from] StateError),
    /// An error of another module reached through a keeper, with its own codespace and code.
    #[error("{0}")]
    Keeper(CallError),
}

impl From<CallError> for AdaptersError {
    fn from(e: CallError) -> Self {
        AdaptersError::Keeper(e)
    }
}

impl From<AddressError> for AdaptersError {
    fn from(e: AddressError) -> Self {
        AdaptersError::InvalidAddress(e.to_string())
    }
}

impl ModuleError for AdaptersError {
    fn codespace(&self) -> &'static str {
        match self {
            AdaptersError::Unauthorized(_)
            | AdaptersError::InvalidAddress(_)
            | AdaptersError::InvalidRequest(_)
            | AdaptersError::Overflow
            | AdaptersError::State(_) => sdk::CODESPACE,
            AdaptersError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            AdaptersError::InvalidHash(_) => 2,
            AdaptersError::AdapterExists { .. } => 3,
            AdaptersError::UnknownAdapter(_) => 4,
            AdaptersError::UnknownModel(_) => 5,
            AdaptersError::UnknownModelVersion { .. } => 6,
            AdaptersError::BaseModelMismatch { .. } => 7,
            AdaptersError::InvalidRank { .. } => 8,
            AdaptersError::ZeroSize => 9,
            AdaptersError::InvalidLicence(_) => 10,
            AdaptersError::TooLong { .. } => 11,
            AdaptersError::Empty(_) => 12,
            AdaptersError::NotCreator { .. } => 13,
            AdaptersError::NotOperator(_) => 14,
            AdaptersError::ModelNotServed { .. } => 15,
            AdaptersError::TooManyAdapters { .. } => 16,
            AdaptersError::TooManyServers { .. } => 17,
            AdaptersError::NotServing { .. } => 18,
            AdaptersError::InvalidCeiling(_) => 19,
            AdaptersError::InvalidWindow(_) => 20,
            AdaptersError::InvalidUptime(_) => 21,
            // 22 and 23 are reserved.
            AdaptersError::InvalidAuthority { .. } => 24,
            AdaptersError::InvalidParams(_) => 25,
            AdaptersError::InvalidGenesis(_) => 26,
            AdaptersError::Invariant(_) => 27,
            AdaptersError::Unauthorized(_) => sdk::UNAUTHORIZED,
            AdaptersError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            AdaptersError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            AdaptersError::Overflow => sdk::LOGIC,
            AdaptersError::Keeper(e) => e.code,
            AdaptersError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            AdaptersError::State(_) => sdk::INTERNAL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeper_errors_keep_their_codes() {
        let e = AdaptersError::from(CallError::new("attribution", 3, "no"));
        assert_eq!((e.codespace(), e.code()), ("attribution", 3));
        assert_eq!(
            (
                AdaptersError::ZeroSize.codespace(),
                AdaptersError::ZeroSize.code()
            ),
            (CODESPACE, 9)
        );
    }
}
