use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

/// Errors of the distribution module. Codes in the `distribution` codespace are the Cosmos SDK
/// x/distribution codes; where the meaning is one of the SDK's root errors the root code is used.
/// Codes are public API: never renumber one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DistributionError {
    #[error("no delegation distribution info")]
    EmptyDelegationDistInfo,
    #[error("no validator distribution info")]
    NoValidatorDistInfo,
    #[error("no validator commission to withdraw")]
    NoValidatorCommission,
    #[error("set withdraw address disabled")]
    SetWithdrawAddrDisabled,
    #[error("community pool does not have sufficient coins to distribute: {0}")]
    BadDistribution(String),
    #[error("validator does not exist: {0}")]
    NoValidatorExists(String),
    #[error("delegation does not exist")]
    NoDelegationExists,
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    /// The SDK's `govtypes.ErrInvalidSigner` (codespace `gov`, code 12).
    #[error("invalid authority; expected {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("amount overflow")]
    Overflow,
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    State(#[from] StateError),
    /// An error of another module reached through a keeper, with its own codespace and code.
    #[error("{0}")]
    Keeper(CallError),
}

pub const CODESPACE: &str = "distribution";

impl From<CallError> for DistributionError {
    fn from(e: CallError) -> Self {
        DistributionError::Keeper(e)
    }
}

impl From<CoinError> for DistributionError {
    fn from(e: CoinError) -> Self {
        DistributionError::InvalidCoins(e.to_string())
    }
}

impl ModuleError for DistributionError {
    fn codespace(&self) -> &'static str {
        match self {
            DistributionError::EmptyDelegationDistInfo
            | DistributionError::NoValidatorDistInfo
            | DistributionError::NoValidatorCommission
            | DistributionError::SetWithdrawAddrDisabled
            | DistributionError::BadDistribution(_)
            | DistributionError::NoValidatorExists(_)
            | DistributionError::NoDelegationExists
            | DistributionError::InvalidGenesis(_)
            | DistributionError::Invariant(_) => CODESPACE,
            DistributionError::InvalidAuthority { .. } => "gov",
            DistributionError::Bank(e) => e.codespace(),
            DistributionError::Keeper(e) => e.codespace,
            _ => sdk::CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            DistributionError::EmptyDelegationDistInfo => 5,
            DistributionError::NoValidatorDistInfo => 6,
            DistributionError::NoValidatorCommission => 7,
            DistributionError::SetWithdrawAddrDisabled => 8,
            DistributionError::BadDistribution(_) => 9,
            DistributionError::NoValidatorExists(_) => 12,
            DistributionError::NoDelegationExists => 13,
            DistributionError::InvalidGenesis(_) => 14,
            DistributionError::Invariant(_) => 15,
            DistributionError::InvalidAuthority { .. } => 12,
            DistributionError::Unauthorized(_) => sdk::UNAUTHORIZED,
            DistributionError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            DistributionError::InvalidCoins(_) => sdk::INVALID_COINS,
            DistributionError::InvalidParams(_) | DistributionError::InvalidRequest(_) => {
                sdk::INVALID_REQUEST
            }
            DistributionError::Overflow => sdk::LOGIC,
            DistributionError::Bank(e) => e.code(),
            DistributionError::Keeper(e) => e.code,
            DistributionError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            DistributionError::State(_) => sdk::INTERNAL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A keeper's refusal keeps its own codespace and code: it is never turned into an internal
    /// error, which would stop the node.
    #[test]
    fn keeper_errors_keep_their_codes() {
        let e = DistributionError::from(CallError::new("staking", 3, "validator not found"));
        assert_eq!((e.codespace(), e.code()), ("staking", 3));
        let storage = CallError::from(StateError::Storage("disk".into()));
        let e = DistributionError::from(storage);
        assert_eq!((e.codespace(), e.code()), (sdk::CODESPACE, sdk::INTERNAL));
    }
}
