use openledger_framework::error::sdk;
use openledger_framework::{ModuleError, StateError};
use thiserror::Error;

/// Codespace of the upgrade module (the SDK's x/upgrade module name).
pub const CODESPACE: &str = "upgrade";

/// Errors of the upgrade module. Codes in the `upgrade` codespace are the SDK's x/upgrade codes
/// (`x/upgrade/types/errors.go`); never renumber one. Malformed input uses the SDK's root codes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UpgradeError {
    #[error("upgrade cannot be scheduled in the past: {0}")]
    InPast(String),
    #[error("upgrade has already been completed: {0}")]
    Completed(String),
    #[error("module version not found: {0}")]
    NoModuleVersion(String),
    #[error("expected gov account as only signer for proposal message: {0}")]
    InvalidSigner(String),
    #[error("invalid plan: {0}")]
    InvalidPlan(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error(transparent)]
    State(#[from] StateError),
}

impl ModuleError for UpgradeError {
    fn codespace(&self) -> &'static str {
        match self {
            UpgradeError::InPast(_)
            | UpgradeError::Completed(_)
            | UpgradeError::NoModuleVersion(_)
            | UpgradeError::InvalidSigner(_) => CODESPACE,
            _ => sdk::CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            UpgradeError::InPast(_) => 2,
            UpgradeError::Completed(_) => 3,
            UpgradeError::NoModuleVersion(_) => 4,
            UpgradeError::InvalidSigner(_) => 8,
            UpgradeError::InvalidPlan(_) | UpgradeError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            UpgradeError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            UpgradeError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            UpgradeError::State(_) => sdk::INTERNAL,
        }
    }
}
