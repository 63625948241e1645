use openledger_bank::BankError;
use openledger_framework::error::sdk;
use openledger_framework::{AddressError, CoinError, DecError, ModuleError, StateError};
use thiserror::Error;

/// The codespace of datanets errors.
pub const CODESPACE: &str = "datanets";

/// Errors of the datanets module.
///
/// Codes from 2 on are in the `datanets` codespace; where the meaning is one of the Cosmos SDK's
/// root errors (address, signer, not found, overflow) the root code is used. Codes are public
/// API: never renumber one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DatanetsError {
    #[error("invalid params: {0}")]
    InvalidParams(String),
    #[error("invalid genesis: {0}")]
    InvalidGenesis(String),
    #[error("unknown datanet {0}")]
    UnknownDatanet(u64),
    #[error("unknown contribution {0}")]
    UnknownContribution(u64),
    #[error("datanet {datanet_id} has no version {version}")]
    UnknownVersion { datanet_id: u64, version: u64 },
    #[error("{signer} is not the owner of datanet {datanet_id}")]
    NotOwner { signer: String, datanet_id: u64 },
    #[error("{signer} is neither the owner nor a curator of datanet {datanet_id}")]
    NotCurator { signer: String, datanet_id: u64 },
    #[error("{contributor} is not on the allow list of permissioned datanet {datanet_id}")]
    NotAllowed {
        contributor: String,
        datanet_id: u64,
    },
    #[error("content {hash} is already contribution {existing} of datanet {datanet_id}")]
    DuplicateContent {
        datanet_id: u64,
        hash: String,
        existing: u64,
    },
    #[error("contribution size {size} bytes is outside 1..={max}")]
    InvalidSize { size: u64, max: u64 },
    #[error("contribution bond {given}aopen is below the minimum {min}aopen")]
    BondTooLow { given: u128, min: u128 },
    #[error("fee per byte {given}aopen is below the minimum {min}aopen")]
    FeeTooLow { given: u128, min: u128 },
    #[error("contribution {id} is {status}, not pending")]
    NotPending { id: u64, status: String },
    #[error("nothing new was approved in datanet {datanet_id} since version {version}")]
    NothingToPublish { datanet_id: u64, version: u64 },
    #[error("access to datanet {datanet_id} is not for sale: {reason}")]
    NotForSale { datanet_id: u64, reason: String },
    #[error("{buyer} already bought access to version {version} of datanet {datanet_id}")]
    AlreadyPurchased {
        buyer: String,
        datanet_id: u64,
        version: u64,
    },
    #[error("{contributor} has no bytes in version {version} of datanet {datanet_id}")]
    NotAContributor {
        contributor: String,
        datanet_id: u64,
        version: u64,
    },
    #[error("{contributor} has nothing to claim in version {version} of datanet {datanet_id}")]
    NothingToClaim {
        contributor: String,
        datanet_id: u64,
        version: u64,
    },
    #[error("{field} is too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("too many {field}: {len}, at most {max}")]
    TooMany {
        field: &'static str,
        len: usize,
        max: u64,
    },
    #[error("invalid {field}: {reason}")]
    InvalidField { field: &'static str, reason: String },
    #[error("{field} lists {value} twice")]
    Duplicate { field: &'static str, value: String },
    #[error("invalid curation: {0}")]
    InvalidCuration(String),
    #[error("invariant broken: {0}")]
    Invariant(String),
    #[error("no usable commitment in datanet {datanet_id}: {reason}")]
    NoCommitment { datanet_id: u64, reason: String },
    #[error("{contributor} already holds {open} open commitments, at most {max}")]
    TooManyCommitments {
        contributor: String,
        open: u64,
        max: u32,
    },
    #[error("access to datanet {datanet_id} costs {price}aopen, above the buyer's max_price {max_price}aopen")]
    PriceAboveMax {
        datanet_id: u64,
        price: u128,
        max_price: u128,
    },

    // SDK root codes.
    #[error("invalid address: {0}")]
    InvalidAddress(String),
    #[error("signer {0} did not sign")]
    Unauthorized(String),
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("amount overflow")]
    Overflow,

    /// Funds movement failed in bank (for example insufficient funds).
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<AddressError> for DatanetsError {
    fn from(e: AddressError) -> Self {
        DatanetsError::InvalidAddress(e.to_string())
    }
}

impl From<CoinError> for DatanetsError {
    fn from(e: CoinError) -> Self {
        DatanetsError::InvalidRequest(e.to_string())
    }
}

impl From<DecError> for DatanetsError {
    fn from(e: DecError) -> Self {
        DatanetsError::InvalidParams(e.to_string())
    }
}

impl ModuleError for DatanetsError {
    fn codespace(&self) -> &'static str {
        match self {
            DatanetsError::InvalidAddress(_)
            | DatanetsError::Unauthorized(_)
            | DatanetsError::InvalidRequest(_)
            | DatanetsError::NotFound(_)
            | DatanetsError::Overflow
            | DatanetsError::State(_) => sdk::CODESPACE,
            DatanetsError::Bank(e) => e.codespace(),
            _ => CODESPACE,
        }
    }

    fn code(&self) -> u32 {
        match self {
            DatanetsError::InvalidParams(_) => 2,
            DatanetsError::InvalidGenesis(_) => 3,
            DatanetsError::UnknownDatanet(_) => 4,
            DatanetsError::UnknownContribution(_) => 5,
            DatanetsError::UnknownVersion { .. } => 6,
            DatanetsError::NotOwner { .. } => 7,
            DatanetsError::NotCurator { .. } => 8,
            DatanetsError::NotAllowed { .. } => 9,
            DatanetsError::DuplicateContent { .. } => 10,
            DatanetsError::InvalidSize { .. } => 11,
            DatanetsError::BondTooLow { .. } => 12,
            DatanetsError::FeeTooLow { .. } => 13,
            DatanetsError::NotPending { .. } => 14,
            DatanetsError::NothingToPublish { .. } => 15,
            DatanetsError::NotForSale { .. } => 17,
            DatanetsError::AlreadyPurchased { .. } => 18,
            DatanetsError::NotAContributor { .. } => 19,
            DatanetsError::NothingToClaim { .. } => 20,
            DatanetsError::TooLong { .. } => 21,
            DatanetsError::TooMany { .. } => 22,
            DatanetsError::InvalidField { .. } => 23,
            DatanetsError::Duplicate { .. } => 24,
            DatanetsError::InvalidCuration(_) => 25,
            DatanetsError::Invariant(_) => 26,
            DatanetsError::NoCommitment { .. } => 27,
            DatanetsError::TooManyCommitments { .. } => 28,
            DatanetsError::PriceAboveMax { .. } => 29,
            DatanetsError::InvalidAddress(_) => sdk::INVALID_ADDRESS,
            DatanetsError::Unauthorized(_) => sdk::UNAUTHORIZED,
            DatanetsError::InvalidRequest(_) => sdk::INVALID_REQUEST,
            DatanetsError::NotFound(_) => sdk::NOT_FOUND,
            DatanetsError::Overflow => sdk::LOGIC,
            DatanetsError::Bank(e) => e.code(),
            DatanetsError::State(StateError::OutOfGas { .. }) => sdk::OUT_OF_GAS,
            DatanetsError::State(_) => sdk::INTERNAL,
        }
    }
}
