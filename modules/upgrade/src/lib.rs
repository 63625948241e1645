//! Upgrade: software upgrades passed by governance, in the manner of the Cosmos SDK's
//! x/upgrade and over its wire types (`cosmos.upgrade.v1beta1`), so cosmovisor and other
//! tooling work unchanged.
//!
//! * `MsgSoftwareUpgrade` (governance only) schedules a [`Plan`]: a name and a height in the
//!   future. A new plan replaces the one scheduled before; `MsgCancelUpgrade` clears it.
//! * At the start of the block at the plan's height the app asks [`pre_block`] what to do: a
//!   binary that has a handler for the plan runs it ([`apply_plan`]: migrations, the plan
//!   marked applied at that height, the plan cleared); a binary without one halts (the app
//!   writes `data/upgrade-info.json` for cosmovisor and refuses the block). A binary that
//!   has a handler for a plan that is not due yet refuses to run as well (the SDK's "BINARY
//!   UPDATED BEFORE TRIGGER").
//! * The version of every module's state is stored ([`UpgradeWrite::set_module_version`]) and
//!   served by `ModuleVersions`; the app's upgrade handlers migrate modules whose version in
//!   the binary is above the stored one.
//!
//! Specification: `docs/upgrades.md`.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod error;
mod event;
mod handler;
mod msg;
mod plan;
mod rpc;
mod state;
pub mod state_key;

pub use error::{UpgradeError, CODESPACE};
pub use event::{EVENT_TYPE_CANCEL_UPGRADE, EVENT_TYPE_SOFTWARE_UPGRADE, EVENT_TYPE_UPGRADE};
pub use handler::{apply_plan, execute_cancel_upgrade, execute_software_upgrade, pre_block, Step};
pub use msg::{MsgCancelUpgrade, MsgSoftwareUpgrade};
pub use plan::{Plan, MAX_INFO_LEN, MAX_NAME_LEN};
pub use rpc::{
    query_applied_plan, query_authority, query_current_plan, query_module_versions,
    query_upgraded_consensus_state,
};
pub use state::{UpgradeRead, UpgradeWrite, MAX_MODULES};
