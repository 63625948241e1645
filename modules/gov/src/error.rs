use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

use openledger_framework::time::TimeError;

/// The codespace of governance errors.
pub const CODESPACE: &str = "gov";

/// Errors of the governance module.
///
/// Codes 2..=23 in the `gov` codespace are the Cosmos SDK x/gov codes (v0.50). Codes from 100 on
/// are OpenLedger's own (gOPEN staking and limits the SDK does not have). Where the meaning is
/// one of the SDK's root errors (address, coins, signer) the root code is used. Never renumber.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GovError {
    #[error("unknown proposal {0}")]
    UnknownProposal(u64),
    #[error("inactive proposal {0}")]
    InactiveProposal(u64),
    #[error("invalid proposal content: {0}")]
    InvalidProposalContent(String),
    #[error("invalid vote option: {0}")]
    InvalidVote(String),
    #[error("invalid genesis state: {0}")]
    InvalidGenesis(String),
    #[error("proposal message not recognized by router: {0}")]
    UnroutableProposalMsg(String),
    #[error("no messages proposed: either metadata or messages must be non-empty")]
    NoProposalMsgs,
    #[error("invalid proposal message: {0}")]
    InvalidProposalMsg(String),
    #[error("expected gov account as only signer for proposal message: {0}")]
    InvalidSigner(String),
    #[error("metadata too long: {len} bytes, at most {max}")]
    MetadataTooLong { len: usize, max: u64 },
    #[error("title too long: {len} bytes, at most {max}")]
    TitleTooLong { len: usize, max: u64 },
    #[error("minimum deposit is too small: was ({was}), need ({need})")]
    MinDepositTooSmall { was: String, need: String },
    #[error("invalid proposal: {0}")]
    InvalidProposal(String),
    #[error("summary too long: {len} bytes, at most {max}")]
    SummaryTooLong { len: usize, max: u64 },
    #[error("invalid deposit denom: deposited {deposited}, but gov accepts only {accepted}")]
    InvalidDepositDenom { deposited: String, accepted: String },

    // OpenLedger codes.
    #[error("{0} has no gOPEN voting power")]
    NoVotingPower(String),
    #[error("cannot unlock {wanted}aopen: only {locked}aopen is locked")]
    InsufficientLocked { locked: u128, wanted: u128 },
    #[error("too many unlocking entries for {owner}: at most {max}")]
    TooManyUnlockEntries { owner: String, max: u32 },
    #[error("gOPEN locks only aopen, got {0:?}")]
    InvalidLockDenom(String),
    #[error("expedited proposals are not supported")]
    ExpeditedUnsupported,
    #[error("too many proposal messages: {len}, at most {max}")]
    TooManyMessages { len: usize, max: u32 },
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invariant broken: {0}")]
    Invariant(String),

    // SDK root codes.
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("invalid coins: {0}")]
    InvalidCoins(String),
    #[error("signer {0} did not sign")]
    Unauthorized(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("amount overflow")]
    Overflow,

    /// Funds movement failed in bank (for example insufficient funds).
    #[error(transparent)]
    Bank(#[from] BankError),
    /// An error returned by the proposal executor, kept with its own codespace and code.
    #[error(transparent)]
    Call(#[from] CallError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<CoinError> for GovError {
    fn from(e: CoinError) -> Self {
        GovError::InvalidCoins(e.to_string())
    }
}

impl From<TimeError> for GovError {
    fn from(e: TimeError) -> Self {
        GovError::InvalidRequest(e.to_string())
    }
}

impl From<openledger_framework::AddressError> for GovError {
    fn from(e: openledger_framework::AddressError) -> Self {
        GovError::InvalidAddress(e.to_string())
    }
}

impl ModuleError for GovError {
    fn codespace(&self) -> &'static str {
        match self {
            GovError::InvalidAddress(_)
            | GovError::InvalidCoins(_)
            | GovError::Unauthorized(_)
            | GovError::NotFound(_)
            | GovError::InvalidRequest(_)
            | GovError::Overflow
            | GovError::State(_) => sdk::CODESPACE,
            GovError::Bank(e) => e.codespace(),
            GovError::Call(e) => e.codespace(),
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            GovError::UnknownProposal(_) => 2,
            GovError::InactiveProposal(_) => 3,
            GovError::InvalidProposalContent(_) => 5,
            GovError::InvalidVote(_) => 7,
            GovError::InvalidGenesis(_) => 8,
            GovError::UnroutableProposalMsg(_) => 10,
            GovError::NoProposalMsgs => 11,
            GovError::InvalidProposalMsg(_) => 12,
            GovError::InvalidSigner(_) => 13,
            // The SDK checks the title against the metadata limit and reports code 15 too.
            GovError::MetadataTooLong { .. } | GovError::TitleTooLong { .. } => 15,
            GovError::MinDepositTooSmall { .. } => 16,
            GovError::InvalidProposal(_) => 21,
            GovError::SummaryTooLong { .. } => 22,
            GovError::InvalidDepositDenom { .. } => 23,
            GovError::NoVotingPower(_) => 100,
            GovError::InsufficientLocked { .. } => 101,
            GovError::TooManyUnlockEntries { .. } => 102,
            GovError::InvalidLockDenom(_) => 103,
            GovError::ExpeditedUnsupported => 104,
            GovError::TooManyMessages { .. } => 105,
            GovError::InvalidParams(_) => 106,
            GovError::Invariant(_) => 107,
            GovError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            GovError::InvalidCoins(_) => sdk::INVALID_COINS,
            GovError::Unauthorized(_) => sdk::UNAUTHORIZED,
            GovError::NotFound(_) => sdk::NOT_FOUND,
            GovError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            GovError::Overflow => sdk::LOGIC,
            GovError::Bank(e) => e.code(),
            GovError::Call(e) => e.code(),
            GovError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            GovError::State(_) => sdk::INTERNAL,
        }
    }
}
