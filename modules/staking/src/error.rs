use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{CallError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of the staking module's own errors.
pub const CODESPACE: &str = "staking";

/// Errors of the staking module.
///
/// Codes in the `staking` codespace are the Cosmos SDK x/staking codes (v0.50); the codes from
/// 100 up are OpenLedger's own. Where the meaning is one of the SDK's root errors (address,
/// request, authorization) the root code is used. Never renumber a code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StakingError {
    #[error("empty validator address")]
    EmptyValidatorAddr,
    #[error("validator does not exist: {0}")]
    NoValidatorFound(String),
    #[error("validator already exist for this operator address; must use new validator operator address")]
    ValidatorOwnerExists,
    #[error("validator already exist for this pubkey; must use new validator pubkey")]
    ValidatorPubKeyExists,
    #[error("validator pubkey type is not supported: {0}")]
    ValidatorPubKeyTypeNotSupported(String),
    #[error("validator for this address is currently jailed")]
    ValidatorJailed,
    #[error("failed to remove validator: {0}")]
    BadRemoveValidator(String),
    #[error("commission cannot be more than 100%")]
    CommissionHuge,
    #[error("commission cannot be more than the max rate")]
    CommissionGtMaxRate,
    #[error("commission cannot be changed more than once in 24h")]
    CommissionUpdateTime,
    #[error("commission change rate cannot be more than the max rate")]
    CommissionChangeRateGtMaxRate,
    #[error("commission cannot be changed more than max change rate")]
    CommissionGtMaxChangeRate,
    #[error("validator's self delegation must be greater than their minimum self delegation")]
    SelfDelegationBelowMinimum,
    #[error("minimum self delegation cannot be decrease")]
    MinSelfDelegationDecreased,
    #[error("empty delegator address")]
    EmptyDelegatorAddr,
    #[error("no delegation for (address, validator) tuple")]
    NoDelegation,
    #[error("delegator does not contain delegation")]
    NoDelegatorForAddress,
    #[error("insufficient delegation shares")]
    InsufficientShares,
    #[error("not enough delegation shares: have {0}")]
    NotEnoughDelegationShares(String),
    #[error("no unbonding delegation found")]
    NoUnbondingDelegation,
    #[error("too many unbonding delegation entries for (delegator, validator) tuple")]
    MaxUnbondingDelegationEntries,
    #[error("no redelegation found")]
    NoRedelegation,
    #[error("cannot redelegate to the same validator")]
    SelfRedelegation,
    #[error("too few tokens to redelegate (truncates to zero tokens)")]
    TinyRedelegationAmount,
    #[error("redelegation destination validator not found")]
    BadRedelegationDst,
    #[error("redelegation to this validator already in progress; first redelegation to this validator must complete before next redelegation")]
    TransitiveRedelegation,
    #[error("too many redelegation entries for (delegator, src-validator, dst-validator) tuple")]
    MaxRedelegationEntries,
    #[error("cannot delegate to validators with invalid (zero) ex-rate")]
    DelegatorShareExRateInvalid,
    #[error("no historical info found")]
    NoHistoricalInfo,
    #[error("empty validator public key")]
    EmptyValidatorPubKey,
    #[error("commission cannot be less than min rate: cannot set validator commission to less than minimum rate of {0}")]
    CommissionLtMinRate(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("total consensus power would exceed {limit}: {reason}")]
    PowerLimit { limit: i64, reason: String },
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid pubkey: {0}")]
    InvalidPubKey(String),
    #[error("{0}: invalid request")]
    InvalidRequest(String),
    #[error("{0}: unauthorized")]
    Unauthorized(String),
    #[error("{0}: not found")]
    NotFound(String),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("arithmetic overflow: {0}")]
    Overflow(&'static str),
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    Hook(#[from] CallError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<openledger_auth::AuthError> for StakingError {
    fn from(e: openledger_auth::AuthError) -> Self {
        StakingError::Bank(BankError::Auth(e))
    }
}

impl ModuleError for StakingError {
    fn codespace(&self) -> &'static str {
        match self {
            StakingError::InvalidAddress(_)
            | StakingError::InvalidPubKey(_)
            | StakingError::InvalidRequest(_)
            | StakingError::Unauthorized(_)
            | StakingError::NotFound(_)
            | StakingError::InvalidParams(_)
            | StakingError::Overflow(_)
            | StakingError::State(_) => sdk::CODESPACE,
            StakingError::Bank(e) => e.codespace(),
            StakingError::Hook(e) => e.codespace(),
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            StakingError::EmptyValidatorAddr => 2,
            StakingError::NoValidatorFound(_) => 3,
            StakingError::ValidatorOwnerExists => 4,
            StakingError::ValidatorPubKeyExists => 5,
            StakingError::ValidatorPubKeyTypeNotSupported(_) => 6,
            StakingError::ValidatorJailed => 7,
            StakingError::BadRemoveValidator(_) => 8,
            StakingError::CommissionHuge => 10,
            StakingError::CommissionGtMaxRate => 11,
            StakingError::CommissionUpdateTime => 12,
            StakingError::CommissionChangeRateGtMaxRate => 14,
            StakingError::CommissionGtMaxChangeRate => 15,
            StakingError::SelfDelegationBelowMinimum => 16,
            StakingError::MinSelfDelegationDecreased => 17,
            StakingError::EmptyDelegatorAddr => 18,
            StakingError::NoDelegation => 19,
            StakingError::NoDelegatorForAddress => 21,
            StakingError::InsufficientShares => 22,
            StakingError::NotEnoughDelegationShares(_) => 24,
            StakingError::NoUnbondingDelegation => 26,
            StakingError::MaxUnbondingDelegationEntries => 27,
            StakingError::NoRedelegation => 28,
            StakingError::SelfRedelegation => 29,
            StakingError::TinyRedelegationAmount => 30,
            StakingError::BadRedelegationDst => 31,
            StakingError::TransitiveRedelegation => 32,
            StakingError::MaxRedelegationEntries => 33,
            StakingError::DelegatorShareExRateInvalid => 34,
            StakingError::NoHistoricalInfo => 38,
            StakingError::EmptyValidatorPubKey => 39,
            StakingError::CommissionLtMinRate(_) => 40,
            StakingError::InvalidGenesis(_) => 100,
            StakingError::Invariant(_) => 101,
            StakingError::PowerLimit { .. } => 102,
            StakingError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            StakingError::InvalidPubKey(_) => sdk::INVALID_PUBKEY,
            StakingError::InvalidRequest(_) | StakingError::InvalidParams(_) => {
                sdk::INVALID_REQUEST
            }
            StakingError::Unauthorized(_) => sdk::UNAUTHORIZED,
            StakingError::NotFound(_) => sdk::NOT_FOUND,
            StakingError::Overflow(_) => sdk::LOGIC,
            StakingError::Bank(e) => e.code(),
            StakingError::Hook(e) => e.code(),
            StakingError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            StakingError::State(_) => sdk::INTERNAL,
        }
    }
}

impl StakingError {
    /// The error as it crosses a module boundary (the slashing keeper, governance).
    pub fn to_call_error(&self) -> CallError {
        CallError::from_module(self)
    }
}
