use openledger_auth::AuthError;
use openledger_framework::error::sdk;
use openledger_framework::{CoinError, ModuleError, StateError};
use thiserror::Error;

/// Errors of the bank module. Codes in the `bank` codespace follow the SDK's x/bank; where the
/// meaning is one of the SDK's root errors (funds, address, coins) the root code is used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BankError {
    #[error("no inputs to send transaction")]
    NoInputs,
    #[error("no outputs to send transaction")]
    NoOutputs,
    #[error("sum inputs != sum outputs")]
    InputOutputMismatch,
    #[error("multi-send takes exactly one input, got {0}")]
    MultipleInputs(usize),
    #[error("too many outputs: {0}, at most {1}")]
    TooManyOutputs(usize, usize),
    #[error("sends are disabled")]
    SendDisabled,
    #[error(
        "spendable balance {available}{denom} is smaller than {wanted}{denom}: insufficient funds"
    )]
    InsufficientFunds {
        denom: String,
        available: u128,
        wanted: u128,
    },
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("{0} is not allowed to receive funds")]
    BlockedRecipient(String),
    #[error("signer {0} is not the sender")]
    Unauthorized(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("amount overflow")]
    Overflow,
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<CoinError> for BankError {
    fn from(e: CoinError) -> Self {
        BankError::InvalidCoins(e.to_string())
    }
}

impl ModuleError for BankError {
    fn codespace(&self) -> &'static str {
        match self {
            BankError::NoInputs
            | BankError::NoOutputs
            | BankError::InputOutputMismatch
            | BankError::MultipleInputs(_)
            | BankError::TooManyOutputs(..)
            | BankError::SendDisabled
            | BankError::InvalidGenesis(_)
            | BankError::InvalidParams(_)
            | BankError::Invariant(_) => "bank",
            BankError::Auth(e) => e.codespace(),
            _ => sdk::CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            BankError::NoInputs => 2,
            BankError::NoOutputs => 3,
            BankError::InputOutputMismatch => 4,
            BankError::SendDisabled => 5,
            BankError::MultipleInputs(_) => 12,
            BankError::TooManyOutputs(..) => 13,
            BankError::InvalidGenesis(_) => 14,
            BankError::Invariant(_) => 15,
            BankError::InvalidParams(_) => 16,
            BankError::InsufficientFunds { .. } => sdk::INSUFFICIENT_FUNDS,
            BankError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            BankError::InvalidCoins(_) => sdk::INVALID_COINS,
            BankError::BlockedRecipient(_) | BankError::Unauthorized(_) => sdk::UNAUTHORIZED,
            BankError::Overflow => sdk::LOGIC,
            BankError::NotFound(_) => sdk::KEY_NOT_FOUND,
            BankError::Auth(e) => e.code(),
            BankError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            BankError::State(_) => sdk::INTERNAL,
        }
    }
}
