use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::time::TimeError;
use openledger_framework::{AddressError, CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

use crate::types::{ChallengeStatus, OperatorStatus};

/// The codespace of attribution errors.
pub const CODESPACE: &str = "attribution";

/// Errors of the attribution module.
///
/// Codes 2.. in the `attribution` codespace are OpenLedger's own. Where the meaning is one of
/// the SDK's root errors (signer, address, coins, request, overflow) the root code is used.
/// Errors of bank and of the app's keepers keep their own codespace and code. Never renumber a
/// code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttributionError {
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("amounts must be aopen, got {0:?}")]
    InvalidDenom(String),
    #[error("operator {operator} is already registered ({status})")]
    OperatorExists {
        operator: String,
        status: OperatorStatus,
    },
    #[error("unknown operator {0}")]
    UnknownOperator(String),
    #[error("operator {operator} is {status}, not OPERATOR_STATUS_ACTIVE")]
    OperatorNotActive {
        operator: String,
        status: OperatorStatus,
    },
    #[error("operator bond {got}aopen is below the minimum {min}aopen")]
    BondTooSmall { got: u128, min: u128 },
    #[error("invalid endpoint: {0}")]
    InvalidEndpoint(String),
    #[error("an operator must serve at least one model")]
    NoModels,
    #[error("too many models: {len}, at most {max}")]
    TooManyModels { len: usize, max: u32 },
    #[error("model {0} is listed twice")]
    DuplicateModel(u64),
    #[error("unknown model {0}")]
    UnknownModel(u64),
    #[error("invalid slash fraction: {0}")]
    InvalidFraction(String),
    #[error("operator {0} is unbonded and holds no bond")]
    OperatorUnbonded(String),
    #[error("inference balance {balance}aopen is less than {wanted}aopen")]
    InsufficientBalance { balance: u128, wanted: u128 },
    #[error("{0} has nothing to withdraw")]
    NothingToWithdraw(String),
    #[error("a user can not grant to itself")]
    SelfGrant,
    #[error("no grant from {user} to {operator} for model {model_id}")]
    UnknownGrant {
        user: String,
        operator: String,
        model_id: u64,
    },
    #[error(
        "operator {operator} bond {bond}aopen is below the minimum {min}aopen; add bond to record"
    )]
    BondBelowMinimum {
        operator: String,
        bond: u128,
        min: u128,
    },
    #[error("operator {operator} does not serve model {model_id}")]
    ModelNotServed { operator: String, model_id: u64 },
    #[error("invalid adapter: {0}")]
    InvalidAdapter(String),
    #[error("operator {operator} has not declared serving adapter {adapter_hash}")]
    AdapterNotServed {
        operator: String,
        adapter_hash: String,
    },
    #[error("adapter {adapter_hash} is an adapter of model {adapter_model}, not {model_id}")]
    AdapterOfOtherModel {
        adapter_hash: String,
        adapter_model: u64,
        model_id: u64,
    },
    #[error("model {model_id} rates ({rate_in}, {rate_out} per 1000 tokens) exceed the operator's ceiling {ceiling} for adapter {adapter_hash}")]
    AboveAdapterCeiling {
        adapter_hash: String,
        model_id: u64,
        rate_in: u128,
        rate_out: u128,
        ceiling: u128,
    },
    #[error("model {0} is not deployed")]
    ModelNotDeployed(u64),
    #[error("model {model_id} has no version {version}")]
    UnknownModelVersion { model_id: u64, version: u64 },
    #[error("invalid request id: {0}")]
    InvalidRequestId(String),
    #[error("request id {request_id:?} was already recorded as receipt {receipt_id}")]
    DuplicateRequest { request_id: String, receipt_id: u64 },
    #[error("{field} must be {expected}, got {len} bytes")]
    InvalidHash {
        field: &'static str,
        expected: &'static str,
        len: usize,
    },
    #[error("{field} {got} is above the maximum {max}")]
    TooManyTokens {
        field: &'static str,
        got: u64,
        max: u64,
    },
    #[error("an inference must have at least one input or output token")]
    NoTokens,
    /// No longer returned: since the attribution engine, an output with no span is recorded as
    /// unattributed. Kept so that code 30 is never reused.
    #[error("an inference must attribute at least one contribution")]
    NoAttribution,
    #[error("too many attribution entries: {len}, at most {max}")]
    TooManyEntries { len: usize, max: u32 },
    #[error("contribution {0} is attributed twice")]
    DuplicateContribution(u64),
    #[error("contribution {0} has weight 0")]
    ZeroWeight(u64),
    #[error("attribution weights add up to {0} ppm, not 1000000")]
    WeightSum(u64),
    #[error("unknown contribution {0}")]
    UnknownContribution(u64),
    #[error("contribution {0} is not approved")]
    ContributionNotApproved(u64),
    #[error(
        "contribution {contribution_id} is not in the data of model {model_id} version {version}"
    )]
    ContributionNotInModel {
        contribution_id: u64,
        model_id: u64,
        version: u64,
    },
    #[error("model {model_id} has no pricing at height {height}")]
    NoPricing { model_id: u64, height: u64 },
    #[error("inference fee overflows")]
    FeeOverflow,
    #[error("no grant from {user} to {operator} for model {model_id} or any model")]
    NoGrant {
        user: String,
        operator: String,
        model_id: u64,
    },
    #[error("fee {fee}aopen exceeds the grant's remaining {remaining}aopen")]
    GrantExceeded { fee: u128, remaining: u128 },
    #[error("fee {fee}aopen exceeds the user's inference balance {balance}aopen")]
    InsufficientDeposit { fee: u128, balance: u128 },
    #[error("{0} has nothing to claim")]
    NothingToClaim(String),
    #[error("{field} too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("unknown receipt {0}")]
    UnknownReceipt(u64),
    #[error("unknown attribution engine version {got}; this chain runs version {current}")]
    UnknownEngineVersion { got: u32, current: u32 },
    #[error("engine params id {got} is not the current one ({current}); re-run the engine with the current params")]
    StaleEngineParams { got: u64, current: u64 },
    #[error("unknown engine params id {0}")]
    UnknownEngineParams(u64),
    #[error("receipt {0} was recorded before the attribution engine and can not be challenged")]
    ReceiptBeforeEngine(u64),
    #[error("receipt {0} is out of its challenge window (its data pool was released or is due)")]
    ChallengeTooLate(u64),
    #[error("receipt {receipt_id} was already challenged (challenge {challenge_id})")]
    ChallengeExists { receipt_id: u64, challenge_id: u64 },
    #[error("challenge output of {len} bytes is above the maximum {max}")]
    ChallengeOutputTooLarge { len: usize, max: u64 },
    #[error("the output's sha256 is not receipt {0}'s output_hash")]
    WrongOutput(u64),
    #[error("challenge bond {got}aopen is below the minimum {min}aopen")]
    ChallengeBondTooSmall { got: u128, min: u128 },
    #[error("{0} challenges are open, the most allowed; try again later")]
    TooManyOpenChallenges(u64),
    #[error("unknown challenge {0}")]
    UnknownChallenge(u64),
    #[error("challenge {id} is {status}, it can not be settled")]
    ChallengeNotOpen { id: u64, status: ChallengeStatus },
    #[error("voting power {agreeing} of {total} is not more than 2/3")]
    NoSupermajority { agreeing: u64, total: u64 },

    // SDK root codes.
    #[error("signer {0} did not sign")]
    Unauthorized(String),
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("amount overflow")]
    Overflow,

    /// Funds movement failed in bank (for example insufficient funds).
    #[error(transparent)]
    Bank(#[from] BankError),
    /// An error of a keeper the app supplies, with its codespace and code.
    #[error(transparent)]
    Keeper(CallError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<CallError> for AttributionError {
    fn from(e: CallError) -> Self {
        AttributionError::Keeper(e)
    }
}

impl From<CoinError> for AttributionError {
    fn from(e: CoinError) -> Self {
        AttributionError::InvalidCoins(e.to_string())
    }
}

impl From<AddressError> for AttributionError {
    fn from(e: AddressError) -> Self {
        AttributionError::InvalidAddress(e.to_string())
    }
}

impl From<TimeError> for AttributionError {
    fn from(e: TimeError) -> Self {
        AttributionError::InvalidRequest(e.to_string())
    }
}

impl ModuleError for AttributionError {
    fn codespace(&self) -> &'static str {
        match self {
            AttributionError::Unauthorized(_)
            | AttributionError::InvalidAddress(_)
            | AttributionError::InvalidCoins(_)
            | AttributionError::InvalidRequest(_)
            | AttributionError::Overflow
            | AttributionError::State(_) => sdk::CODESPACE,
            AttributionError::Bank(e) => e.codespace(),
            AttributionError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            AttributionError::InvalidParams(_) => 2,
            AttributionError::InvalidGenesis(_) => 3,
            AttributionError::InvalidAuthority { .. } => 4,
            AttributionError::InvalidDenom(_) => 5,
            AttributionError::OperatorExists { .. } => 6,
            AttributionError::UnknownOperator(_) => 7,
            AttributionError::OperatorNotActive { .. } => 8,
            AttributionError::BondTooSmall { .. } => 9,
            AttributionError::InvalidEndpoint(_) => 10,
            AttributionError::NoModels => 11,
            AttributionError::TooManyModels { .. } => 12,
            AttributionError::DuplicateModel(_) => 13,
            AttributionError::UnknownModel(_) => 14,
            AttributionError::InvalidFraction(_) => 15,
            AttributionError::OperatorUnbonded(_) => 16,
            AttributionError::InsufficientBalance { .. } => 17,
            AttributionError::NothingToWithdraw(_) => 18,
            AttributionError::SelfGrant => 19,
            AttributionError::UnknownGrant { .. } => 20,
            AttributionError::BondBelowMinimum { .. } => 21,
            AttributionError::ModelNotServed { .. } => 22,
            AttributionError::ModelNotDeployed(_) => 23,
            AttributionError::UnknownModelVersion { .. } => 24,
            AttributionError::InvalidRequestId(_) => 25,
            AttributionError::DuplicateRequest { .. } => 26,
            AttributionError::InvalidHash { .. } => 27,
            AttributionError::TooManyTokens { .. } => 28,
            AttributionError::NoTokens => 29,
            AttributionError::NoAttribution => 30,
            AttributionError::TooManyEntries { .. } => 31,
            AttributionError::DuplicateContribution(_) => 32,
            AttributionError::ZeroWeight(_) => 33,
            AttributionError::WeightSum(_) => 34,
            AttributionError::UnknownContribution(_) => 35,
            AttributionError::ContributionNotApproved(_) => 36,
            AttributionError::ContributionNotInModel { .. } => 37,
            AttributionError::NoPricing { .. } => 38,
            AttributionError::FeeOverflow => 39,
            AttributionError::NoGrant { .. } => 40,
            AttributionError::GrantExceeded { .. } => 41,
            AttributionError::InsufficientDeposit { .. } => 42,
            AttributionError::NothingToClaim(_) => 43,
            AttributionError::TooLong { .. } => 44,
            AttributionError::Invariant(_) => 45,
            AttributionError::UnknownReceipt(_) => 46,
            AttributionError::UnknownEngineVersion { .. } => 47,
            AttributionError::StaleEngineParams { .. } => 48,
            AttributionError::UnknownEngineParams(_) => 49,
            AttributionError::ReceiptBeforeEngine(_) => 50,
            AttributionError::ChallengeTooLate(_) => 51,
            AttributionError::ChallengeExists { .. } => 52,
            AttributionError::ChallengeOutputTooLarge { .. } => 53,
            AttributionError::WrongOutput(_) => 54,
            AttributionError::ChallengeBondTooSmall { .. } => 55,
            AttributionError::TooManyOpenChallenges(_) => 56,
            AttributionError::UnknownChallenge(_) => 57,
            AttributionError::ChallengeNotOpen { .. } => 58,
            AttributionError::NoSupermajority { .. } => 59,
            AttributionError::InvalidAdapter(_) => 60,
            AttributionError::AdapterNotServed { .. } => 61,
            AttributionError::AdapterOfOtherModel { .. } => 62,
            AttributionError::AboveAdapterCeiling { .. } => 63,
            AttributionError::Unauthorized(_) => sdk::UNAUTHORIZED,
            AttributionError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            AttributionError::InvalidCoins(_) => sdk::INVALID_COINS,
            AttributionError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            AttributionError::Overflow => sdk::LOGIC,
            AttributionError::Bank(e) => e.code(),
            AttributionError::Keeper(e) => e.code,
            AttributionError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            AttributionError::State(_) => sdk::INTERNAL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_root_codes_keep_their_codespace() {
        let e = AttributionError::NoGrant {
            user: "u".into(),
            operator: "o".into(),
            model_id: 1,
        };
        assert_eq!((e.codespace(), e.code()), (CODESPACE, 40));
        let e = AttributionError::Unauthorized("x".into());
        assert_eq!((e.codespace(), e.code()), ("sdk", 4));
        let e = AttributionError::from(CallError::new("distribution", 9, "no"));
        assert_eq!((e.codespace(), e.code()), ("distribution", 9));
        let e = AttributionError::State(StateError::OutOfGas {
            limit: 1,
            wanted: 2,
        });
        assert_eq!((e.codespace(), e.code()), ("sdk", 11));
    }

    #[test]
    fn challenge_codes_follow_the_engine_codes() {
        let errors = [
            AttributionError::ReceiptBeforeEngine(1),
            AttributionError::ChallengeTooLate(1),
            AttributionError::ChallengeExists {
                receipt_id: 1,
                challenge_id: 1,
            },
            AttributionError::ChallengeOutputTooLarge { len: 2, max: 1 },
            AttributionError::WrongOutput(1),
            AttributionError::ChallengeBondTooSmall { got: 1, min: 2 },
            AttributionError::TooManyOpenChallenges(1),
            AttributionError::UnknownChallenge(1),
            AttributionError::ChallengeNotOpen {
                id: 1,
                status: ChallengeStatus::Upheld,
            },
            AttributionError::NoSupermajority {
                agreeing: 2,
                total: 3,
            },
        ];
        let codes: Vec<u32> = errors.iter().map(|e| e.code()).collect();
        assert_eq!(codes, (50..=59).collect::<Vec<u32>>());
        assert!(errors.iter().all(|e| e.codespace() == CODESPACE));
    }
}
