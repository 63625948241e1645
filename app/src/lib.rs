//! openledgerd: the OpenLedger ABCI 2.0 application.
//!
//! * [`store`]: sled + Jellyfish Merkle substores; the app hash is the root of their roots.
//! * [`tx`]: decode -> ante -> route, with fork/apply semantics.
//! * [`app`]: the consensus state machine behind the ABCI methods.
//! * [`abci`]: the tower-abci services CometBFT talks to.
//! * [`query`]: one set of query functions served over ABCI `Query` and gRPC.
#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod abci;
pub mod app;
pub mod block;
pub mod challenge_results;
pub mod challenge_runner;
pub mod check;
pub mod config;
pub mod content;
pub mod genesis;
pub mod invariants;
pub mod keepers;
pub mod metrics;
pub mod modules;
pub mod query;
pub mod rest;
pub mod statesync;
pub mod store;
pub mod tx;

/// Ends the process at a crash point of the `failpoints` feature (docs/faults.md): SIGABRT, no
/// unwinding, no flush, no reply to CometBFT, as a kill -9 would leave the node.
#[cfg(feature = "failpoints")]
pub(crate) fn crash_point(name: &str) -> ! {
    eprintln!("crash point {name}: aborting the process");
    std::process::abort()
}
