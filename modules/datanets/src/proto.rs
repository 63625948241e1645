//! Wire types of `openledger.datanets.v1`, written by hand with prost derives. They match
//! `proto/openledger/datanets/v1/{datanets,tx,query}.proto` field for field; those files are the
//! public contract. Amounts are decimal integer strings of aopen; decimals (`Dec`) are the
//! integer of their atomics (value × 10^18), as the Cosmos SDK encodes `LegacyDec`.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::Timestamp;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.datanets.v1";

// ---------------------------------------------------------------------------------------------
// datanets.proto: state records, params, events
// ---------------------------------------------------------------------------------------------

/// Who may contribute to a datanet and whether access to it is sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum Visibility {
    Unspecified = 0,
    /// Anyone may contribute; access is free.
    Public = 1,
    /// Only the allow list, the owner and curators may contribute; access may be sold.
    Permissioned = 2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ContributionStatus {
    Unspecified = 0,
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// Why a contribution was rejected (`None` for an approval).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum CurationReason {
    None = 0,
    LowQuality = 1,
    Duplicate = 2,
    /// Slashes `reject_slash_fraction` of the bond and adds to the penalty score.
    Adversarial = 3,
    /// Slashes `reject_slash_fraction` of the bond and adds to the penalty score.
    Spam = 4,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Params {
    #[prost(string, tag = "1")]
    pub min_contribution_bond: String,
    #[prost(string, tag = "2")]
    pub min_fee_per_byte: String,
    #[prost(uint64, tag = "3")]
    pub max_contribution_bytes: u64,
    #[prost(uint64, tag = "4")]
    pub max_uri_len: u64,
    #[prost(uint64, tag = "5")]
    pub max_metadata_len: u64,
    #[prost(uint64, tag = "6")]
    pub max_name_len: u64,
    #[prost(uint64, tag = "7")]
    pub max_summary_len: u64,
    #[prost(uint64, tag = "8")]
    pub max_description_len: u64,
    #[prost(uint32, tag = "9")]
    pub max_tags: u32,
    #[prost(uint32, tag = "10")]
    pub max_curators: u32,
    #[prost(uint32, tag = "11")]
    pub max_allow_list: u32,
    #[prost(string, tag = "12")]
    pub reject_slash_fraction: String,
    #[prost(uint64, tag = "13")]
    pub penalty_per_rejection: u64,
    #[prost(uint64, tag = "14")]
    pub penalty_threshold: u64,
    #[prost(string, tag = "15")]
    pub penalty_reward_multiplier: String,
    #[prost(uint64, tag = "16")]
    pub max_contributions_per_version: u64,
}

/// A datanet (stored at `datanets/datanet/<id>`). The allow list and the counters are stored
/// under their own keys.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Datanet {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(string, tag = "2")]
    pub owner: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(string, tag = "4")]
    pub summary: String,
    #[prost(string, tag = "5")]
    pub description: String,
    #[prost(string, repeated, tag = "6")]
    pub tags: Vec<String>,
    #[prost(string, tag = "7")]
    pub licence: String,
    #[prost(enumeration = "Visibility", tag = "8")]
    pub visibility: i32,
    #[prost(string, repeated, tag = "9")]
    pub curators: Vec<String>,
    #[prost(string, tag = "10")]
    pub contribution_bond: String,
    #[prost(string, tag = "11")]
    pub fee_per_byte: String,
    #[prost(string, tag = "12")]
    pub access_price: String,
    #[prost(uint64, tag = "13")]
    pub created_height: u64,
    #[prost(message, optional, tag = "14")]
    pub created_time: Option<Timestamp>,
}

/// Counters of a datanet (stored at `datanets/stats/<id>`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetStats {
    #[prost(uint64, tag = "1")]
    pub contributions: u64,
    #[prost(uint64, tag = "2")]
    pub pending: u64,
    #[prost(uint64, tag = "3")]
    pub approved: u64,
    #[prost(uint64, tag = "4")]
    pub rejected: u64,
    #[prost(string, tag = "5")]
    pub approved_bytes: String,
    /// 0 before the first version.
    #[prost(uint64, tag = "6")]
    pub latest_version: u64,
}

/// A contribution (stored at `datanets/contribution/<id>`). The curation fields are set once
/// the contribution is approved or rejected.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Contribution {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub contributor: String,
    /// sha256 of the content, 32 bytes.
    #[prost(bytes = "vec", tag = "4")]
    pub content_hash: Vec<u8>,
    #[prost(uint64, tag = "5")]
    pub size_bytes: u64,
    #[prost(string, tag = "6")]
    pub content_uri: String,
    #[prost(string, tag = "7")]
    pub licence: String,
    #[prost(string, tag = "8")]
    pub metadata: String,
    /// Bond posted (escrowed while pending).
    #[prost(string, tag = "9")]
    pub bond: String,
    /// Fee paid to the datanet owner.
    #[prost(string, tag = "10")]
    pub fee: String,
    #[prost(enumeration = "ContributionStatus", tag = "11")]
    pub status: i32,
    /// 1-based order of approval within the datanet; 0 unless approved.
    #[prost(uint64, tag = "12")]
    pub approval_seq: u64,
    #[prost(uint64, tag = "13")]
    pub height: u64,
    #[prost(message, optional, tag = "14")]
    pub time: Option<Timestamp>,
    #[prost(string, tag = "15")]
    pub curator: String,
    #[prost(enumeration = "CurationReason", tag = "16")]
    pub reason: i32,
    #[prost(string, tag = "17")]
    pub note: String,
    #[prost(uint64, tag = "18")]
    pub curated_height: u64,
    #[prost(message, optional, tag = "19")]
    pub curated_time: Option<Timestamp>,
    /// Part of the bond burned on an adversarial or spam rejection.
    #[prost(string, tag = "20")]
    pub bond_burned: String,
}

/// A published version (stored at `datanets/version/<datanet>/<number>`), immutable.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Version {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub number: u64,
    /// Merkle root over the version's contributions (32 bytes).
    #[prost(bytes = "vec", tag = "3")]
    pub root: Vec<u8>,
    #[prost(uint64, tag = "4")]
    pub contribution_count: u64,
    #[prost(string, tag = "5")]
    pub total_bytes: String,
    #[prost(uint64, tag = "6")]
    pub max_contribution_id: u64,
    #[prost(uint64, tag = "7")]
    pub height: u64,
    #[prost(message, optional, tag = "8")]
    pub time: Option<Timestamp>,
    #[prost(string, tag = "9")]
    pub publisher: String,
    #[prost(string, tag = "10")]
    pub note: String,
}

/// Approved bytes of one contributor included in a version.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ContributorBytes {
    #[prost(string, tag = "1")]
    pub contributor: String,
    #[prost(string, tag = "2")]
    pub bytes: String,
}

/// Access revenue of a version (stored at `datanets/revenue/<datanet>/<number>`).
/// `paid = Σ claimable + claimed + dust` exactly.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RevenuePool {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    /// Total access payments.
    #[prost(string, tag = "3")]
    pub paid: String,
    /// floor(paid × 10^18 / total_bytes).
    #[prost(string, tag = "4")]
    pub revenue_per_byte: String,
    /// Total paid out to contributors.
    #[prost(string, tag = "5")]
    pub claimed: String,
    /// paid − Σ floor(bytes × revenue_per_byte / 10^18): credited to nobody yet.
    #[prost(string, tag = "6")]
    pub dust: String,
}

/// A purchase of access to one version (stored at `datanets/access/<datanet>/<number>/<buyer>`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct AccessRecord {
    #[prost(string, tag = "1")]
    pub buyer: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "3")]
    pub version: u64,
    #[prost(string, tag = "4")]
    pub price: String,
    #[prost(uint64, tag = "5")]
    pub height: u64,
    #[prost(message, optional, tag = "6")]
    pub time: Option<Timestamp>,
}

/// A contributor's record in one datanet.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Standing {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(string, tag = "2")]
    pub contributor: String,
    #[prost(uint64, tag = "3")]
    pub approved: u64,
    #[prost(uint64, tag = "4")]
    pub rejected: u64,
    #[prost(string, tag = "5")]
    pub approved_bytes: String,
    #[prost(uint64, tag = "6")]
    pub penalty_score: u64,
    /// Share of future rewards the contributor keeps (Dec atomics).
    #[prost(string, tag = "7")]
    pub reward_multiplier: String,
}

/// Events (the kind is the full message name; each field is an attribute whose value is the
/// field as JSON, attributes sorted by key).
#[derive(Clone, PartialEq, prost::Message)]
pub struct EventCreateDatanet {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(string, tag = "2")]
    pub owner: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(enumeration = "Visibility", tag = "4")]
    pub visibility: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventUpdateDatanet {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(string, tag = "2")]
    pub owner: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventContribute {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub contributor: String,
    /// Lower-case hex.
    #[prost(string, tag = "4")]
    pub content_hash: String,
    #[prost(uint64, tag = "5")]
    pub size_bytes: u64,
    #[prost(string, tag = "6")]
    pub bond: String,
    #[prost(string, tag = "7")]
    pub fee: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventCurate {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub curator: String,
    #[prost(string, tag = "4")]
    pub contributor: String,
    #[prost(bool, tag = "5")]
    pub approved: bool,
    #[prost(enumeration = "CurationReason", tag = "6")]
    pub reason: i32,
    #[prost(string, tag = "7")]
    pub bond_returned: String,
    #[prost(string, tag = "8")]
    pub bond_burned: String,
    /// The contributor's penalty score in the datanet after this curation.
    #[prost(uint64, tag = "9")]
    pub penalty_score: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventPublishVersion {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    /// Lower-case hex.
    #[prost(string, tag = "3")]
    pub root: String,
    #[prost(uint64, tag = "4")]
    pub contribution_count: u64,
    #[prost(string, tag = "5")]
    pub total_bytes: String,
    #[prost(uint64, tag = "6")]
    pub max_contribution_id: u64,
    #[prost(string, tag = "7")]
    pub publisher: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventPurchaseAccess {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(string, tag = "3")]
    pub buyer: String,
    #[prost(string, tag = "4")]
    pub price: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventClaimRevenue {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(string, tag = "3")]
    pub contributor: String,
    #[prost(string, tag = "4")]
    pub amount: String,
}

// ---------------------------------------------------------------------------------------------
// tx.proto
// ---------------------------------------------------------------------------------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgCreateDatanet {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub summary: String,
    #[prost(string, tag = "4")]
    pub description: String,
    #[prost(string, repeated, tag = "5")]
    pub tags: Vec<String>,
    #[prost(string, tag = "6")]
    pub licence: String,
    #[prost(enumeration = "Visibility", tag = "7")]
    pub visibility: i32,
    #[prost(string, repeated, tag = "8")]
    pub curators: Vec<String>,
    #[prost(string, repeated, tag = "9")]
    pub allow_list: Vec<String>,
    #[prost(string, tag = "10")]
    pub contribution_bond: String,
    #[prost(string, tag = "11")]
    pub fee_per_byte: String,
    #[prost(string, tag = "12")]
    pub access_price: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgCreateDatanetResponse {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateDatanet {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub summary: String,
    #[prost(string, tag = "4")]
    pub description: String,
    #[prost(string, repeated, tag = "5")]
    pub tags: Vec<String>,
    #[prost(string, tag = "6")]
    pub licence: String,
    #[prost(string, repeated, tag = "7")]
    pub curators: Vec<String>,
    #[prost(string, repeated, tag = "8")]
    pub allow_list: Vec<String>,
    #[prost(string, tag = "9")]
    pub access_price: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateDatanetResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgContribute {
    #[prost(string, tag = "1")]
    pub contributor: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(bytes = "vec", tag = "3")]
    pub content_hash: Vec<u8>,
    #[prost(uint64, tag = "4")]
    pub size_bytes: u64,
    #[prost(string, tag = "5")]
    pub content_uri: String,
    #[prost(string, tag = "6")]
    pub licence: String,
    #[prost(string, tag = "7")]
    pub metadata: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgContributeResponse {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgCurate {
    #[prost(string, tag = "1")]
    pub curator: String,
    #[prost(uint64, tag = "2")]
    pub contribution_id: u64,
    #[prost(bool, tag = "3")]
    pub approve: bool,
    #[prost(enumeration = "CurationReason", tag = "4")]
    pub reason: i32,
    #[prost(string, tag = "5")]
    pub note: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgCurateResponse {
    #[prost(string, tag = "1")]
    pub bond_returned: String,
    #[prost(string, tag = "2")]
    pub bond_burned: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPublishVersion {
    /// The datanet's owner or one of its curators.
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub note: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPublishVersionResponse {
    #[prost(uint64, tag = "1")]
    pub version: u64,
    #[prost(bytes = "vec", tag = "2")]
    pub root: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPurchaseAccess {
    #[prost(string, tag = "1")]
    pub buyer: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "3")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPurchaseAccessResponse {
    #[prost(string, tag = "1")]
    pub price: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgClaimRevenue {
    #[prost(string, tag = "1")]
    pub contributor: String,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "3")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgClaimRevenueResponse {
    #[prost(string, tag = "1")]
    pub amount: String,
}

/// Set every datanets param. Signed by the gov module account (a passed proposal).
#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateParams {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(message, optional, tag = "2")]
    pub params: Option<Params>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateParamsResponse {}

// ---------------------------------------------------------------------------------------------
// query.proto
// ---------------------------------------------------------------------------------------------

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsResponse {
    #[prost(message, optional, tag = "1")]
    pub params: Option<Params>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryDatanetRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryDatanetResponse {
    #[prost(message, optional, tag = "1")]
    pub datanet: Option<Datanet>,
    #[prost(message, optional, tag = "2")]
    pub stats: Option<DatanetStats>,
    /// Addresses allowed to contribute to a permissioned datanet.
    #[prost(string, repeated, tag = "3")]
    pub allow_list: Vec<String>,
}

/// At most one of `owner` and `tag` narrows the list; both may be set.
#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryDatanetsRequest {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub tag: String,
    #[prost(message, optional, tag = "3")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryDatanetsResponse {
    #[prost(message, repeated, tag = "1")]
    pub datanets: Vec<Datanet>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionRequest {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionResponse {
    #[prost(message, optional, tag = "1")]
    pub contribution: Option<Contribution>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionsByDatanetRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    /// 0 (unspecified) for every status.
    #[prost(enumeration = "ContributionStatus", tag = "2")]
    pub status: i32,
    #[prost(message, optional, tag = "3")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionsByDatanetResponse {
    #[prost(message, repeated, tag = "1")]
    pub contributions: Vec<Contribution>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionsByContributorRequest {
    #[prost(string, tag = "1")]
    pub contributor: String,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryContributionsByContributorResponse {
    #[prost(message, repeated, tag = "1")]
    pub contributions: Vec<Contribution>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionsRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionsResponse {
    #[prost(message, repeated, tag = "1")]
    pub versions: Vec<Version>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    /// 0 for the latest version.
    #[prost(uint64, tag = "2")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionResponse {
    #[prost(message, optional, tag = "1")]
    pub version: Option<Version>,
    #[prost(message, optional, tag = "2")]
    pub revenue: Option<RevenuePool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryStandingRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(string, tag = "2")]
    pub contributor: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryStandingResponse {
    #[prost(message, optional, tag = "1")]
    pub standing: Option<Standing>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryAccessRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(string, tag = "3")]
    pub buyer: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryAccessResponse {
    #[prost(bool, tag = "1")]
    pub has_access: bool,
    /// The purchase, if access was bought.
    #[prost(message, optional, tag = "2")]
    pub record: Option<AccessRecord>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryClaimableRequest {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(string, tag = "3")]
    pub contributor: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryClaimableResponse {
    /// The contributor's approved bytes in the version.
    #[prost(string, tag = "1")]
    pub bytes: String,
    #[prost(string, tag = "2")]
    pub claimable: String,
    #[prost(string, tag = "3")]
    pub claimed: String,
}

openledger_framework::impl_proto_name!(
    PACKAGE;
    Params,
    Datanet,
    DatanetStats,
    Contribution,
    Version,
    ContributorBytes,
    RevenuePool,
    AccessRecord,
    Standing,
    EventCreateDatanet,
    EventUpdateDatanet,
    EventContribute,
    EventCurate,
    EventPublishVersion,
    EventPurchaseAccess,
    EventClaimRevenue,
    MsgCreateDatanet,
    MsgCreateDatanetResponse,
    MsgUpdateDatanet,
    MsgUpdateDatanetResponse,
    MsgContribute,
    MsgContributeResponse,
    MsgCurate,
    MsgCurateResponse,
    MsgPublishVersion,
    MsgPublishVersionResponse,
    MsgPurchaseAccess,
    MsgPurchaseAccessResponse,
    MsgClaimRevenue,
    MsgClaimRevenueResponse,
    MsgUpdateParams,
    MsgUpdateParamsResponse,
    QueryParamsRequest,
    QueryParamsResponse,
    QueryDatanetRequest,
    QueryDatanetResponse,
    QueryDatanetsRequest,
    QueryDatanetsResponse,
    QueryContributionRequest,
    QueryContributionResponse,
    QueryContributionsByDatanetRequest,
    QueryContributionsByDatanetResponse,
    QueryContributionsByContributorRequest,
    QueryContributionsByContributorResponse,
    QueryVersionsRequest,
    QueryVersionsResponse,
    QueryVersionRequest,
    QueryVersionResponse,
    QueryStandingRequest,
    QueryStandingResponse,
    QueryAccessRequest,
    QueryAccessResponse,
    QueryClaimableRequest,
    QueryClaimableResponse,
);

/// gRPC method paths of `openledger.datanets.v1.Query` (also the ABCI query paths).
pub mod query_paths {
    pub const PARAMS: &str = "/openledger.datanets.v1.Query/Params";
    pub const DATANET: &str = "/openledger.datanets.v1.Query/Datanet";
    pub const DATANETS: &str = "/openledger.datanets.v1.Query/Datanets";
    pub const CONTRIBUTION: &str = "/openledger.datanets.v1.Query/Contribution";
    pub const CONTRIBUTIONS_BY_DATANET: &str =
        "/openledger.datanets.v1.Query/ContributionsByDatanet";
    pub const CONTRIBUTIONS_BY_CONTRIBUTOR: &str =
        "/openledger.datanets.v1.Query/ContributionsByContributor";
    pub const VERSIONS: &str = "/openledger.datanets.v1.Query/Versions";
    pub const VERSION: &str = "/openledger.datanets.v1.Query/Version";
    pub const STANDING: &str = "/openledger.datanets.v1.Query/Standing";
    pub const ACCESS: &str = "/openledger.datanets.v1.Query/Access";
    pub const CLAIMABLE: &str = "/openledger.datanets.v1.Query/Claimable";
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgContribute::type_url(),
            "/openledger.datanets.v1.MsgContribute"
        );
        assert_eq!(
            EventCurate::full_name(),
            "openledger.datanets.v1.EventCurate"
        );
        // MsgPurchaseAccess{buyer="a", datanet_id=2, version=3}.
        let bytes = MsgPurchaseAccess {
            buyer: "a".into(),
            datanet_id: 2,
            version: 3,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x10, 2, 0x18, 3]);
        // Enums are varints: MsgCurate.reason = SPAM (4) at field 4.
        let bytes = MsgCurate {
            reason: CurationReason::Spam as i32,
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x20, 4]);
    }
}
