//! The OpenLedger client library behind the `openledger` CLI: the node connection, the keyring,
//! transaction building and signing, and the commands. Other client binaries (the operator
//! gateway) reuse it rather than keep their own copies.

pub mod address;
pub mod amount;
pub mod attribute;
pub mod chain;
pub mod cli;
pub mod context;
pub mod dec;
pub mod keys;
pub mod output;
pub mod prompt;
pub mod query;
pub mod registry;
pub mod rpc;
pub mod schema;
pub mod tx;
