//! The pieces every OpenLedger module is built from.
//!
//! * [`state`]: synchronous, fallible state access ([`StateRead`], [`StateWrite`]) with a
//!   verifiable keyspace (committed in the Merkle tree) and a non-verifiable one (indexes).
//! * [`delta`]: a copy-on-write overlay ([`StateDelta`]) so a transaction or message runs in a
//!   fork that is applied on success and dropped on failure.
//! * [`gas`]: the gas meter and the per-byte costs charged for state access.
//! * [`address`], [`coin`]: the account identity and amounts of the chain.
//! * [`event`], [`error`], [`context`]: typed events, stable error codes and block/message context.
//! * [`time`]: block-time instants with RFC 3339 text and sort-preserving key bytes.
//! * [`query`]: pagination limits of the gRPC queries.
//! * [`module`]: the [`Module`] trait the app runs every module through, with its message and
//!   query routes.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

pub mod address;
pub mod coin;
pub mod context;
pub mod delta;
pub mod error;
pub mod event;
pub mod gas;
pub mod math;
pub mod module;
pub mod query;
pub mod state;
pub mod time;

pub use address::{Address, AddressError};
pub use coin::{Amount, Coin, CoinError, Coins, Denom};
pub use context::{
    consensus_address, BlockCtx, ConsAddress, Misbehavior, MisbehaviorKind, MsgCtx,
    ValidatorUpdate, VoteInfo,
};
pub use delta::{Changes, StateDelta};
pub use error::{CallError, ModuleError};
pub use event::{Event, EventAttribute};
pub use gas::{GasConfig, GasMeter, GasMeteredState};
pub use math::{mul_div_ceil, mul_div_floor, Dec, DecError};
pub use module::{BeginBlock, Module, MsgRoute, QueryRoute};
pub use state::{KvIter, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt};
pub use time::{Time, TimeError};

/// Bech32 prefix of account addresses.
pub const ACCOUNT_PREFIX: &str = "open";
/// Bech32 prefix of validator operator addresses.
pub const VALOPER_PREFIX: &str = "openvaloper";
/// Bech32 prefix of validator consensus addresses.
pub const VALCONS_PREFIX: &str = "openvalcons";
/// The base denomination of OPEN: 1 OPEN = 10^18 aopen.
pub const BASE_DENOM: &str = "aopen";
/// The display denomination.
pub const DISPLAY_DENOM: &str = "OPEN";
/// Decimals between [`BASE_DENOM`] and [`DISPLAY_DENOM`].
pub const DECIMALS: u32 = 18;
