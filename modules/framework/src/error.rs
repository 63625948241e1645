//! Error codes that reach clients.
//!
//! Every module error has a codespace and a stable numeric code. Codes are part of the public
//! API (wallets and relayers act on them): never renumber one.

/// Implemented by each module's error enum.
pub trait ModuleError: std::error::Error {
    fn codespace(&self) -> &'static str;
    fn code(&self) -> u32;
}

/// The Cosmos SDK's root codespace and the codes OpenLedger reuses from it.
pub mod sdk {
    pub const CODESPACE: &str = "sdk";
    pub const TX_DECODE: u32 = 2;
    pub const INVALID_SEQUENCE: u32 = 3;
    pub const UNAUTHORIZED: u32 = 4;
    pub const INSUFFICIENT_FUNDS: u32 = 5;
    pub const UNKNOWN_REQUEST: u32 = 6;
    pub const INVALID_ADDRESS: u32 = 7;
    pub const INVALID_PUBKEY: u32 = 8;
    pub const UNKNOWN_ADDRESS: u32 = 9;
    pub const INVALID_COINS: u32 = 10;
    pub const OUT_OF_GAS: u32 = 11;
    pub const MEMO_TOO_LARGE: u32 = 12;
    pub const INSUFFICIENT_FEE: u32 = 13;
    pub const TOO_MANY_SIGNATURES: u32 = 14;
    pub const NO_SIGNATURES: u32 = 15;
    pub const INVALID_REQUEST: u32 = 18;
    pub const TX_TOO_LARGE: u32 = 21;
    pub const KEY_NOT_FOUND: u32 = 22;
    pub const INVALID_CHAIN_ID: u32 = 28;
    pub const TX_TIMEOUT_HEIGHT: u32 = 30;
    pub const UNKNOWN_EXTENSION_OPTIONS: u32 = 31;
    pub const WRONG_SEQUENCE: u32 = 32;
    pub const LOGIC: u32 = 35;
    pub const NOT_FOUND: u32 = 38;
    pub const INVALID_GAS_LIMIT: u32 = 41;
    /// Returned for a storage failure. It is not a client error.
    pub const INTERNAL: u32 = 1;
}

/// An error crossing a module boundary through a callback (staking hooks, a keeper another
/// module expects, the executor of governance proposals). It keeps the original codespace and
/// code so clients see the error of the module that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{log}")]
pub struct CallError {
    pub codespace: &'static str,
    pub code: u32,
    pub log: String,
}

impl CallError {
    pub fn new(codespace: &'static str, code: u32, log: impl Into<String>) -> Self {
        CallError {
            codespace,
            code,
            log: log.into(),
        }
    }

    pub fn from_module<E: ModuleError + ?Sized>(e: &E) -> Self {
        CallError::new(e.codespace(), e.code(), e.to_string())
    }
}

/// A module's error as a [`CallError`], keeping its codespace and code (for `map_err`).
pub fn call_error<E: ModuleError>(e: E) -> CallError {
    CallError::from_module(&e)
}

impl ModuleError for CallError {
    fn codespace(&self) -> &'static str {
        self.codespace
    }
    fn code(&self) -> u32 {
        self.code
    }
}

impl From<crate::state::StateError> for CallError {
    fn from(e: crate::state::StateError) -> Self {
        let code = match e {
            crate::state::StateError::OutOfGas { .. } => sdk::OUT_OF_GAS,
            _ => sdk::INTERNAL,
        };
        CallError::new(sdk::CODESPACE, code, e.to_string())
    }
}
