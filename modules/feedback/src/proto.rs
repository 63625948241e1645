//! Wire types of `openledger.feedback.v1`, generated from `proto/openledger/feedback/v1/`
//! (see the `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::feedback::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.feedback.v1";
