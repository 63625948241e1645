//! The four tower-abci services CometBFT connects to. They only translate requests and
//! responses; the state machine is [`crate::app::App`].

pub mod consensus;
pub mod events;
pub mod info;
pub mod mempool;
pub mod server;
pub mod snapshot;
pub mod vote_extension;

pub use server::serve;
