//! A refusal or failure of a transaction, as it reaches the client.

use openledger_framework::error::sdk;
use openledger_framework::{ModuleError, StateError};

/// Code, codespace and log of a failed transaction (SDK-compatible numbering).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{log}")]
pub struct TxError {
    pub codespace: &'static str,
    pub code: u32,
    pub log: String,
}

impl TxError {
    pub fn sdk(code: u32, log: impl Into<String>) -> Self {
        TxError {
            codespace: sdk::CODESPACE,
            code,
            log: log.into(),
        }
    }

    pub fn module(e: &dyn ModuleError) -> Self {
        TxError {
            codespace: e.codespace(),
            code: e.code(),
            log: e.to_string(),
        }
    }

    /// A storage failure is not the client's fault: it must stop the node rather than be
    /// recorded as a result, since another node would not see it.
    pub fn is_internal(&self) -> bool {
        self.codespace == sdk::CODESPACE && self.code == sdk::INTERNAL
    }
}

impl From<StateError> for TxError {
    fn from(e: StateError) -> Self {
        match e {
            StateError::OutOfGas { limit, wanted } => TxError::sdk(
                sdk::OUT_OF_GAS,
                format!("out of gas: gasWanted: {limit}, gasUsed: {wanted}: out of gas"),
            ),
            other => TxError::sdk(sdk::INTERNAL, other.to_string()),
        }
    }
}
