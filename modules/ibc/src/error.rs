use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{CallError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of IBC errors.
pub const CODESPACE: &str = "ibc";

/// Errors of the IBC module. Codes 2.. in the `ibc` codespace are OpenLedger's own; never
/// renumber.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IbcError {
    /// ibc-rs refused the message (bad proof, wrong height, replayed packet, ...).
    #[error("{0}")]
    Handler(String),
    /// Our own host state is missing or malformed.
    #[error("ibc host: {0}")]
    Host(String),
    #[error("ICS-20 transfers out of this chain are disabled")]
    SendDisabled,
    #[error("ICS-20 transfers into this chain are disabled")]
    ReceiveDisabled,
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),

    // SDK root codes.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),

    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl ModuleError for IbcError {
    fn codespace(&self) -> &'static str {
        match self {
            IbcError::InvalidRequest(_)
            | IbcError::InvalidAddress(_)
            | IbcError::InvalidCoins(_)
            | IbcError::Unauthorized(_)
            | IbcError::State(_) => sdk::CODESPACE,
            IbcError::Bank(e) => e.codespace(),
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            IbcError::Handler(_) => 2,
            IbcError::Host(_) => 3,
            IbcError::SendDisabled => 4,
            IbcError::ReceiveDisabled => 5,
            IbcError::InvalidGenesis(_) => 6,
            IbcError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            IbcError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            IbcError::InvalidCoins(_) => sdk::INVALID_COINS,
            IbcError::Unauthorized(_) => sdk::UNAUTHORIZED,
            IbcError::Bank(e) => e.code(),
            IbcError::State(_) => sdk::INTERNAL,
        }
    }
}

impl From<IbcError> for CallError {
    fn from(e: IbcError) -> Self {
        CallError::from_module(&e)
    }
}
