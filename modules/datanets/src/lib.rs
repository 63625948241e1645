//! Datanets: domain datasets, contributions, curation, versions and access sales
//! (`openledger.datanets.v1`).
//!
//! * [`execute_create_datanet`] / [`execute_update_datanet`]: an owner creates a datanet
//!   (public or permissioned, with curators, an allow list, a contribution bond, a fee per byte
//!   and an access price) and later updates its metadata.
//! * [`execute_contribute`]: a contributor submits data by content hash, posts the bond
//!   (escrowed in the `datanets` module account) and pays the fee to the owner; optionally it
//!   reveals an earlier [`execute_commit_contribution`], whose height decides who holds
//!   content two contributors sent ([`contribution_commitment`]).
//! * [`execute_curate`]: the owner or a curator approves (bond returned) or rejects (bond
//!   returned, or partly burned for adversarial and spam content, with a penalty).
//! * [`execute_publish_version`]: an immutable version commits to every approved contribution
//!   with a Merkle root anyone can recompute ([`merkle_root`], [`leaf_hash`]).
//! * [`execute_purchase_access`] / [`execute_claim_revenue`]: access to a permissioned version
//!   is sold and its price split among the version's contributors by approved bytes
//!   ([`revenue`]).
//!
//! Other modules (models, attribution) read datanets state through [`DatanetsRead`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod commitment;
mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
pub mod merkle;
mod msg;
mod params;
pub mod proto;
pub mod revenue;
mod rpc;
mod state;
pub mod state_key;
mod types;

pub use error::{DatanetsError, CODESPACE};
pub use genesis::{
    ContributorBytes, GenesisClaim, GenesisCommitment, GenesisDatanet, GenesisStanding,
    GenesisState, GenesisVersion,
};
pub use handler::{
    charge_access, execute_claim_revenue, execute_commit_contribution, execute_contribute,
    execute_create_datanet, execute_curate, execute_publish_version, execute_purchase_access,
    execute_update_datanet, execute_update_params, CurateResult,
};
pub use merkle::{leaf_hash, merkle_root, node_hash};
pub use msg::{
    contribution_commitment, validate_tag, MsgClaimRevenue, MsgCommitContribution, MsgContribute,
    MsgCreateDatanet, MsgCurate, MsgPublishVersion, MsgPurchaseAccess, MsgUpdateDatanet,
    MsgUpdateParams,
};
pub use msg::{MAX_SALT_LEN, MIN_SALT_LEN};
pub use params::{Params, MAX_TAG_LEN};
pub use rpc::{
    query_access, query_claimable, query_contribution, query_contributions_by_contributor,
    query_contributions_by_datanet, query_datanet, query_datanets, query_params, query_standing,
    query_version, query_versions, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT,
};
pub use state::{datanets_address, DatanetsRead, DATANETS_MODULE};
pub use types::{
    AccessRecord, Contribution, ContributionStatus, Curation, CurationReason, Datanet,
    DatanetStats, RevenuePool, Standing, Time, Version, Visibility,
};
