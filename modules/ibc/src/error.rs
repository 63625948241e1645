use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{CallError, ModuleError, StateError};
use thiserror::Error;

/// The first line of a message, at most 240 bytes: ibc-rs' decoding errors carry a
/// traceback (source locations, a backtrace when enabled) after their first line, which must
/// never reach a client.
pub fn short(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim();
    let mut end = line.len().min(240);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_string()
}

/// The codespace of IBC errors.
pub const CODESPACE: &str = "ibc";

/// Errors of the IBC module. Codes 2.. in the `ibc` codespace are OpenLedger's own; never
/// renumber.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IbcError {
    /// ibc-rs refused the message (bad proof, wrong height, replayed packet, ...).
    #[error("{}", short(.0))]
    Handler(String),
    /// Our own host state is missing or malformed.
    #[error("ibc host: {}", short(.0))]
    Host(String),
    #[error("ICS-20 transfers out of this chain are disabled")]
    SendDisabled,
    #[error("ICS-20 transfers into this chain are disabled")]
    ReceiveDisabled,
    #[error("invalid genesis: {}", short(.0))]
    InvalidGenesis(String),

    // SDK root codes.
    #[error("invalid request: {}", short(.0))]
    InvalidRequest(String),
    #[error("invalid address: {}", short(.0))]
    InvalidAddress(String),
    #[error("invalid coins: {}", short(.0))]
    InvalidCoins(String),
    #[error("unauthorized: {}", short(.0))]
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
