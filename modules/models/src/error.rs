use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CallError, CoinError, ModuleError, StateError};
use thiserror::Error;

use crate::model::Stage;
use openledger_framework::time::TimeError;

/// The codespace of models errors.
pub const CODESPACE: &str = "models";

/// Errors of the models module.
///
/// Codes 2.. in the `models` codespace are OpenLedger's own. Where the meaning is one of the
/// SDK's root errors (signer, address, coins, request) the root code is used. Never
/// renumber a code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelsError {
    #[error("unknown model {0}")]
    UnknownModel(u64),
    #[error("model {model_id} has no version {version}")]
    UnknownVersion { model_id: u64, version: u64 },
    #[error("datanet {datanet_id} has no version {version}")]
    UnknownDatanetVersion { datanet_id: u64, version: u64 },
    #[error("creator bond {got}aopen is below the minimum {min}aopen")]
    BondTooSmall { got: u128, min: u128 },
    #[error("the creator bond must be aopen, got {0:?}")]
    InvalidBondDenom(String),
    #[error("invalid authority; expected gov module account {expected}, got {got}")]
    InvalidAuthority { expected: String, got: String },
    #[error("model {model_id} is {stage}, not MODEL_STAGE_PROPOSED")]
    NotProposed { model_id: u64, stage: Stage },
    #[error("model {model_id}: illegal transition from {from} to {to}")]
    IllegalTransition {
        model_id: u64,
        from: Stage,
        to: Stage,
    },
    #[error("model {model_id}: {from} -> {to} requires evidence.{field}")]
    MissingEvidence {
        model_id: u64,
        from: Stage,
        to: Stage,
        field: &'static str,
    },
    #[error("model {model_id} needs a settled feedback round on version {version} to be deployed")]
    NoSettledFeedbackRound { model_id: u64, version: u64 },
    #[error("{actor} is not the creator of model {model_id}{or_gov}")]
    NotCreator {
        model_id: u64,
        actor: String,
        /// ", nor the gov module account" where governance may act too.
        or_gov: &'static str,
    },
    #[error("model {model_id} is {stage}, not MODEL_STAGE_DEPLOYED")]
    NotDeployed { model_id: u64, stage: Stage },
    #[error("model {model_id} is {stage}, a terminal stage")]
    TerminalStage { model_id: u64, stage: Stage },
    #[error("{field} too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("invalid hash in {field}: {reason}")]
    InvalidHash { field: &'static str, reason: String },
    #[error("invalid pricing: {0}")]
    InvalidPricing(String),
    #[error("too many datanet versions: {len}, at most {max}")]
    TooManyDatanetRefs { len: usize, max: u64 },
    #[error("datanet {datanet_id} version {version} is listed twice")]
    DuplicateDatanetRef { datanet_id: u64, version: u64 },
    #[error("model {model_id} already has the most versions allowed ({max})")]
    TooManyVersions { model_id: u64, max: u64 },
    #[error("invalid stage {0}")]
    InvalidStage(i32),
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error(
        "a proposal approving model {model_id} must carry that message only, got {count} messages"
    )]
    ApprovalNotAlone { model_id: u64, count: usize },
    #[error("model {model_id} already has approval proposal {proposal_id} {phase}")]
    ApprovalPending {
        model_id: u64,
        proposal_id: u64,
        phase: &'static str,
    },
    #[error("model {model_id}: datanet {datanet_id} is not one of the datanets governance approved; only a governance proposal may publish on it")]
    DatanetNotApproved { model_id: u64, datanet_id: u64 },

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
    #[error(transparent)]
    State(#[from] StateError),
    /// An error of another module reached through a keeper, with its own codespace and code.
    #[error("{0}")]
    Keeper(CallError),
}

impl From<CallError> for ModelsError {
    fn from(e: CallError) -> Self {
        ModelsError::Keeper(e)
    }
}

impl From<CoinError> for ModelsError {
    fn from(e: CoinError) -> Self {
        ModelsError::InvalidCoins(e.to_string())
    }
}

impl From<AddressError> for ModelsError {
    fn from(e: AddressError) -> Self {
        ModelsError::InvalidAddress(e.to_string())
    }
}

impl From<TimeError> for ModelsError {
    fn from(e: TimeError) -> Self {
        ModelsError::InvalidRequest(e.to_string())
    }
}

impl ModuleError for ModelsError {
    fn codespace(&self) -> &'static str {
        match self {
            ModelsError::Unauthorized(_)
            | ModelsError::InvalidAddress(_)
            | ModelsError::InvalidCoins(_)
            | ModelsError::InvalidRequest(_)
            | ModelsError::Overflow
            | ModelsError::State(_) => sdk::CODESPACE,
            ModelsError::Bank(e) => e.codespace(),
            ModelsError::Keeper(e) => e.codespace,
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            ModelsError::UnknownModel(_) => 2,
            ModelsError::UnknownVersion { .. } => 3,
            ModelsError::UnknownDatanetVersion { .. } => 4,
            ModelsError::BondTooSmall { .. } => 5,
            ModelsError::InvalidBondDenom(_) => 6,
            ModelsError::InvalidAuthority { .. } => 7,
            ModelsError::NotProposed { .. } => 8,
            ModelsError::IllegalTransition { .. } => 9,
            ModelsError::MissingEvidence { .. } => 10,
            ModelsError::NotCreator { .. } => 11,
            ModelsError::NotDeployed { .. } => 12,
            ModelsError::TerminalStage { .. } => 13,
            ModelsError::TooLong { .. } => 14,
            ModelsError::Empty(_) => 15,
            ModelsError::InvalidHash { .. } => 16,
            ModelsError::InvalidPricing(_) => 17,
            ModelsError::TooManyDatanetRefs { .. } => 18,
            ModelsError::DuplicateDatanetRef { .. } => 19,
            ModelsError::TooManyVersions { .. } => 20,
            ModelsError::InvalidStage(_) => 21,
            ModelsError::InvalidParams(_) => 22,
            ModelsError::InvalidGenesis(_) => 23,
            ModelsError::Invariant(_) => 24,
            ModelsError::ApprovalNotAlone { .. } => 25,
            ModelsError::ApprovalPending { .. } => 26,
            ModelsError::DatanetNotApproved { .. } => 27,
            ModelsError::NoSettledFeedbackRound { .. } => 40,
            ModelsError::Unauthorized(_) => sdk::UNAUTHORIZED,
            ModelsError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            ModelsError::InvalidCoins(_) => sdk::INVALID_COINS,
            ModelsError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            ModelsError::Overflow => sdk::LOGIC,
            ModelsError::Bank(e) => e.code(),
            ModelsError::Keeper(e) => e.code,
            ModelsError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            ModelsError::State(_) => sdk::INTERNAL,
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
        let e = ModelsError::from(CallError::new("staking", 3, "validator not found"));
        assert_eq!((e.codespace(), e.code()), ("staking", 3));
        let storage = CallError::from(StateError::Storage("disk".into()));
        let e = ModelsError::from(storage);
        assert_eq!((e.codespace(), e.code()), (sdk::CODESPACE, sdk::INTERNAL));
    }
}
