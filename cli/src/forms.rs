//! JSON forms shared by governance proposal files and query output: module parameters and
//! the messages a proposal can carry.

pub mod messages;
pub mod params;
pub mod scalar;

/// Why a proposal file or a value from the chain could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("{field}: {reason}")]
    Field { field: String, reason: String },
    #[error("messages[{index}]: has no \"@type\" (write e.g. \"@type\": \"/cosmos.staking.v1beta1.MsgUpdateParams\")")]
    MissingType { index: usize },
    #[error("messages[{index}]: unsupported message type {type_url:?}; supported: {supported}")]
    UnknownType {
        index: usize,
        type_url: String,
        supported: String,
    },
    #[error("messages[{index}] ({type_url}): {reason}")]
    Message {
        index: usize,
        type_url: String,
        reason: String,
    },
    #[error("{0}")]
    File(String),
}
