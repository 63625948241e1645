//! Wire types of `openledger.finetune.v1`, generated from `proto/openledger/finetune/v1/` (see
//! the `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::finetune::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.finetune.v1";
