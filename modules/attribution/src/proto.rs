//! Wire types of `openledger.attribution.v1`, written by hand with prost derives. They match
//! `proto/openledger/attribution/v1/{attribution,tx,query}.proto` field for field; those files
//! are the public contract.
//!
//! Amounts are decimal strings of aopen (`""` reads as 0); fractions (`Dec`) are the integer
//! string of their atomics (18 decimals, `"700000000000000000"` = 0.7).

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::Timestamp;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.attribution.v1";

// ---- attribution.proto ----

/// Where an inference operator stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum OperatorStatus {
    Unspecified = 0,
    Active = 1,
    Unbonding = 2,
    Unbonded = 3,
}

impl OperatorStatus {
    /// The name in the `.proto` file (`OPERATOR_STATUS_ACTIVE`).
    pub fn as_str_name(&self) -> &'static str {
        match self {
            OperatorStatus::Unspecified => "OPERATOR_STATUS_UNSPECIFIED",
            OperatorStatus::Active => "OPERATOR_STATUS_ACTIVE",
            OperatorStatus::Unbonding => "OPERATOR_STATUS_UNBONDING",
            OperatorStatus::Unbonded => "OPERATOR_STATUS_UNBONDED",
        }
    }

    pub fn from_str_name(s: &str) -> Option<OperatorStatus> {
        [
            OperatorStatus::Unspecified,
            OperatorStatus::Active,
            OperatorStatus::Unbonding,
            OperatorStatus::Unbonded,
        ]
        .into_iter()
        .find(|v| v.as_str_name() == s)
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Params {
    #[prost(string, tag = "1")]
    pub platform_fee: String,
    #[prost(string, tag = "2")]
    pub creator_share: String,
    #[prost(string, tag = "3")]
    pub stakers_share: String,
    #[prost(string, tag = "4")]
    pub data_share: String,
    #[prost(uint32, tag = "5")]
    pub max_attribution_entries: u32,
    #[prost(string, tag = "6")]
    pub min_operator_bond: String,
    #[prost(uint64, tag = "7")]
    pub operator_unbonding_time: u64,
    #[prost(uint32, tag = "8")]
    pub max_models_per_operator: u32,
    #[prost(uint32, tag = "9")]
    pub max_endpoint_len: u32,
    #[prost(uint32, tag = "10")]
    pub max_request_id_len: u32,
    #[prost(uint64, tag = "11")]
    pub max_tokens_per_inference: u64,
    #[prost(uint32, tag = "12")]
    pub max_unbondings_per_block: u32,
}

/// Cumulative amounts since genesis.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Totals {
    #[prost(string, tag = "1")]
    pub fees_charged: String,
    #[prost(string, tag = "2")]
    pub platform: String,
    #[prost(string, tag = "3")]
    pub creator: String,
    #[prost(string, tag = "4")]
    pub stakers: String,
    #[prost(string, tag = "5")]
    pub contributors_credited: String,
    #[prost(string, tag = "6")]
    pub withheld: String,
    #[prost(string, tag = "7")]
    pub dust: String,
    #[prost(string, tag = "8")]
    pub claimed: String,
    #[prost(uint64, tag = "9")]
    pub inferences: u64,
}

/// Amounts waiting for the end of the block to leave the module account.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Pending {
    #[prost(string, tag = "1")]
    pub stakers: String,
    #[prost(string, tag = "2")]
    pub community: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Operator {
    #[prost(string, tag = "1")]
    pub address: String,
    #[prost(string, tag = "2")]
    pub endpoint: String,
    #[prost(uint64, repeated, tag = "3")]
    pub models: Vec<u64>,
    #[prost(string, tag = "4")]
    pub bond: String,
    #[prost(enumeration = "OperatorStatus", tag = "5")]
    pub status: i32,
    /// Seconds since the Unix epoch; 0 unless UNBONDING.
    #[prost(uint64, tag = "6")]
    pub unbonding_completion: u64,
    #[prost(uint64, tag = "7")]
    pub registered_height: u64,
    #[prost(uint64, tag = "8")]
    pub inferences: u64,
    #[prost(string, tag = "9")]
    pub fees_charged: String,
    #[prost(uint64, tag = "10")]
    pub slash_count: u64,
    #[prost(string, tag = "11")]
    pub slashed_total: String,
}

/// A spend allowance of `user` for `operator` on `model_id` (0: any model).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Grant {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
    /// What the operator may still charge, aopen.
    #[prost(string, tag = "4")]
    pub remaining: String,
}

/// The rewards of one address: model creator shares and contributor credits.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Claimable {
    #[prost(string, tag = "1")]
    pub claimable: String,
    #[prost(string, tag = "2")]
    pub claimed: String,
    #[prost(string, tag = "3")]
    pub creator_earned: String,
    #[prost(string, tag = "4")]
    pub contributor_earned: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AttributionEntry {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
    #[prost(uint32, tag = "2")]
    pub weight_ppm: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ReceiptEntry {
    #[prost(uint64, tag = "1")]
    pub contribution_id: u64,
    #[prost(uint64, tag = "2")]
    pub datanet_id: u64,
    #[prost(string, tag = "3")]
    pub contributor: String,
    #[prost(uint32, tag = "4")]
    pub weight_ppm: u32,
    /// Credited to the contributor.
    #[prost(string, tag = "5")]
    pub amount: String,
    #[prost(string, tag = "6")]
    pub withheld: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetShare {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    /// Σ weights of the datanet's entries.
    #[prost(uint32, tag = "2")]
    pub weight_ppm: u32,
    /// Σ credited to the datanet's entries.
    #[prost(string, tag = "3")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Receipt {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
    #[prost(uint64, tag = "3")]
    pub model_version: u64,
    #[prost(string, tag = "4")]
    pub operator: String,
    #[prost(string, tag = "5")]
    pub user: String,
    #[prost(uint64, tag = "6")]
    pub input_tokens: u64,
    #[prost(uint64, tag = "7")]
    pub output_tokens: u64,
    #[prost(bytes = "vec", tag = "8")]
    pub output_hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "9")]
    pub prompt_hash: Vec<u8>,
    #[prost(string, tag = "10")]
    pub request_id: String,
    #[prost(uint64, tag = "11")]
    pub height: u64,
    #[prost(message, optional, tag = "12")]
    pub time: Option<Timestamp>,
    #[prost(string, tag = "13")]
    pub fee: String,
    #[prost(string, tag = "14")]
    pub platform_fee: String,
    #[prost(string, tag = "15")]
    pub creator_amount: String,
    #[prost(string, tag = "16")]
    pub stakers_amount: String,
    #[prost(string, tag = "17")]
    pub data_pool: String,
    #[prost(string, tag = "18")]
    pub credited: String,
    #[prost(string, tag = "19")]
    pub withheld: String,
    #[prost(string, tag = "20")]
    pub dust: String,
    #[prost(string, tag = "21")]
    pub creator: String,
    #[prost(message, repeated, tag = "22")]
    pub entries: Vec<ReceiptEntry>,
    #[prost(message, repeated, tag = "23")]
    pub datanets: Vec<DatanetShare>,
}

/// A datanet's place in a model's attribution graph.
#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetInfluence {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    /// Σ weights (ppm) of the datanet's entries over every inference of the model.
    #[prost(string, tag = "2")]
    pub influence_ppm: String,
    #[prost(string, tag = "3")]
    pub earned: String,
    #[prost(uint64, tag = "4")]
    pub inferences: u64,
}

/// A contributor's place in a model's attribution graph.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ContributorInfluence {
    #[prost(string, tag = "1")]
    pub contributor: String,
    #[prost(string, tag = "2")]
    pub influence_ppm: String,
    #[prost(string, tag = "3")]
    pub earned: String,
    #[prost(uint64, tag = "4")]
    pub entries: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventOperatorRegistered {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub bond: String,
    #[prost(string, tag = "3")]
    pub endpoint: String,
    #[prost(uint64, repeated, tag = "4")]
    pub models: Vec<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventOperatorUpdated {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub endpoint: String,
    #[prost(uint64, repeated, tag = "3")]
    pub models: Vec<u64>,
    #[prost(string, tag = "4")]
    pub add_bond: String,
    /// The bond after the update.
    #[prost(string, tag = "5")]
    pub bond: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventOperatorUnbonding {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub bond: String,
    #[prost(message, optional, tag = "3")]
    pub completion_time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventOperatorUnbonded {
    #[prost(string, tag = "1")]
    pub operator: String,
    /// The bond paid back.
    #[prost(string, tag = "2")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventOperatorSlashed {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub fraction: String,
    #[prost(string, tag = "3")]
    pub burned: String,
    /// The bond left.
    #[prost(string, tag = "4")]
    pub bond: String,
    #[prost(string, tag = "5")]
    pub reason: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventDeposit {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub amount: String,
    #[prost(string, tag = "3")]
    pub balance: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventWithdraw {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub amount: String,
    #[prost(string, tag = "3")]
    pub balance: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventGrant {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
    #[prost(string, tag = "4")]
    pub spend_limit: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventRevoke {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventInferenceRecorded {
    #[prost(uint64, tag = "1")]
    pub receipt_id: u64,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
    #[prost(uint64, tag = "3")]
    pub model_version: u64,
    #[prost(string, tag = "4")]
    pub operator: String,
    #[prost(string, tag = "5")]
    pub user: String,
    #[prost(string, tag = "6")]
    pub fee: String,
    #[prost(string, tag = "7")]
    pub platform_fee: String,
    #[prost(string, tag = "8")]
    pub creator_amount: String,
    #[prost(string, tag = "9")]
    pub stakers_amount: String,
    #[prost(string, tag = "10")]
    pub data_pool: String,
    #[prost(string, tag = "11")]
    pub credited: String,
    #[prost(string, tag = "12")]
    pub withheld: String,
    #[prost(string, tag = "13")]
    pub dust: String,
    /// Number of attribution entries.
    #[prost(uint32, tag = "14")]
    pub entries: u32,
    #[prost(message, repeated, tag = "15")]
    pub datanets: Vec<DatanetShare>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventRewardsClaimed {
    #[prost(string, tag = "1")]
    pub claimant: String,
    #[prost(string, tag = "2")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventParamsUpdated {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(message, optional, tag = "2")]
    pub params: Option<Params>,
}

// ---- tx.proto ----

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRegisterOperator {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(message, optional, tag = "2")]
    pub bond: Option<Coin>,
    #[prost(string, tag = "3")]
    pub endpoint: String,
    #[prost(uint64, repeated, tag = "4")]
    pub models: Vec<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRegisterOperatorResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateOperator {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub endpoint: String,
    #[prost(uint64, repeated, tag = "3")]
    pub models: Vec<u64>,
    #[prost(message, optional, tag = "4")]
    pub add_bond: Option<Coin>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateOperatorResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUnbondOperator {
    #[prost(string, tag = "1")]
    pub operator: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUnbondOperatorResponse {
    #[prost(message, optional, tag = "1")]
    pub completion_time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgSlashOperator {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    /// Dec atomics.
    #[prost(string, tag = "3")]
    pub fraction: String,
    #[prost(string, tag = "4")]
    pub reason: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgSlashOperatorResponse {
    #[prost(string, tag = "1")]
    pub burned: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgDeposit {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(message, optional, tag = "2")]
    pub amount: Option<Coin>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgDepositResponse {
    #[prost(string, tag = "1")]
    pub balance: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgWithdraw {
    #[prost(string, tag = "1")]
    pub user: String,
    /// Absent or zero: everything.
    #[prost(message, optional, tag = "2")]
    pub amount: Option<Coin>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgWithdrawResponse {
    #[prost(string, tag = "1")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgGrant {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    /// 0: any model.
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
    #[prost(string, tag = "4")]
    pub spend_limit: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgGrantResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRevoke {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(string, tag = "2")]
    pub operator: String,
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRevokeResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRecordInference {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(string, tag = "2")]
    pub user: String,
    #[prost(uint64, tag = "3")]
    pub model_id: u64,
    /// 0: the model's latest version.
    #[prost(uint64, tag = "4")]
    pub model_version: u64,
    #[prost(uint64, tag = "5")]
    pub input_tokens: u64,
    #[prost(uint64, tag = "6")]
    pub output_tokens: u64,
    #[prost(bytes = "vec", tag = "7")]
    pub output_hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "8")]
    pub prompt_hash: Vec<u8>,
    #[prost(string, tag = "9")]
    pub request_id: String,
    #[prost(message, repeated, tag = "10")]
    pub attribution: Vec<AttributionEntry>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRecordInferenceResponse {
    #[prost(uint64, tag = "1")]
    pub receipt_id: u64,
    #[prost(string, tag = "2")]
    pub fee: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgClaimRewards {
    #[prost(string, tag = "1")]
    pub claimant: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgClaimRewardsResponse {
    #[prost(string, tag = "1")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateParams {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(message, optional, tag = "2")]
    pub params: Option<Params>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateParamsResponse {}

// ---- query.proto ----

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsResponse {
    #[prost(message, optional, tag = "1")]
    pub params: Option<Params>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryOperatorRequest {
    #[prost(string, tag = "1")]
    pub address: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryOperatorResponse {
    #[prost(message, optional, tag = "1")]
    pub operator: Option<Operator>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryOperatorsRequest {
    #[prost(message, optional, tag = "1")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryOperatorsResponse {
    #[prost(message, repeated, tag = "1")]
    pub operators: Vec<Operator>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryAccountRequest {
    #[prost(string, tag = "1")]
    pub user: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryAccountResponse {
    #[prost(string, tag = "1")]
    pub balance: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryGrantsRequest {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryGrantsResponse {
    #[prost(message, repeated, tag = "1")]
    pub grants: Vec<Grant>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptRequest {
    #[prost(uint64, tag = "1")]
    pub id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptResponse {
    #[prost(message, optional, tag = "1")]
    pub receipt: Option<Receipt>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByModelRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByModelResponse {
    #[prost(message, repeated, tag = "1")]
    pub receipts: Vec<Receipt>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByUserRequest {
    #[prost(string, tag = "1")]
    pub user: String,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByUserResponse {
    #[prost(message, repeated, tag = "1")]
    pub receipts: Vec<Receipt>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByOperatorRequest {
    #[prost(string, tag = "1")]
    pub operator: String,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryReceiptsByOperatorResponse {
    #[prost(message, repeated, tag = "1")]
    pub receipts: Vec<Receipt>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryEarningsRequest {
    #[prost(string, tag = "1")]
    pub address: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetEarning {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(string, tag = "2")]
    pub earned: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ModelEarning {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(string, tag = "2")]
    pub earned: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryEarningsResponse {
    #[prost(string, tag = "1")]
    pub claimable: String,
    #[prost(string, tag = "2")]
    pub claimed: String,
    #[prost(string, tag = "3")]
    pub creator_earned: String,
    #[prost(string, tag = "4")]
    pub contributor_earned: String,
    #[prost(message, repeated, tag = "5")]
    pub by_datanet: Vec<DatanetEarning>,
    #[prost(message, repeated, tag = "6")]
    pub by_model: Vec<ModelEarning>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryModelInfluenceRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryModelInfluenceResponse {
    #[prost(message, repeated, tag = "1")]
    pub datanets: Vec<DatanetInfluence>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTopContributorsRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    /// 0: 10; at most 100.
    #[prost(uint32, tag = "2")]
    pub limit: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTopContributorsResponse {
    #[prost(message, repeated, tag = "1")]
    pub contributors: Vec<ContributorInfluence>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTopDatanetsRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    /// 0: 10; at most 100.
    #[prost(uint32, tag = "2")]
    pub limit: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTopDatanetsResponse {
    #[prost(message, repeated, tag = "1")]
    pub datanets: Vec<DatanetInfluence>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTotalsRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTotalsResponse {
    #[prost(message, optional, tag = "1")]
    pub totals: Option<Totals>,
    #[prost(message, optional, tag = "2")]
    pub pending: Option<Pending>,
}

openledger_framework::impl_proto_name!(
    PACKAGE;
    Params,
    Totals,
    Pending,
    Operator,
    Grant,
    Claimable,
    AttributionEntry,
    ReceiptEntry,
    DatanetShare,
    Receipt,
    DatanetInfluence,
    ContributorInfluence,
    EventOperatorRegistered,
    EventOperatorUpdated,
    EventOperatorUnbonding,
    EventOperatorUnbonded,
    EventOperatorSlashed,
    EventDeposit,
    EventWithdraw,
    EventGrant,
    EventRevoke,
    EventInferenceRecorded,
    EventRewardsClaimed,
    EventParamsUpdated,
    MsgRegisterOperator,
    MsgRegisterOperatorResponse,
    MsgUpdateOperator,
    MsgUpdateOperatorResponse,
    MsgUnbondOperator,
    MsgUnbondOperatorResponse,
    MsgSlashOperator,
    MsgSlashOperatorResponse,
    MsgDeposit,
    MsgDepositResponse,
    MsgWithdraw,
    MsgWithdrawResponse,
    MsgGrant,
    MsgGrantResponse,
    MsgRevoke,
    MsgRevokeResponse,
    MsgRecordInference,
    MsgRecordInferenceResponse,
    MsgClaimRewards,
    MsgClaimRewardsResponse,
    MsgUpdateParams,
    MsgUpdateParamsResponse,
    QueryParamsRequest,
    QueryParamsResponse,
    QueryOperatorRequest,
    QueryOperatorResponse,
    QueryOperatorsRequest,
    QueryOperatorsResponse,
    QueryAccountRequest,
    QueryAccountResponse,
    QueryGrantsRequest,
    QueryGrantsResponse,
    QueryReceiptRequest,
    QueryReceiptResponse,
    QueryReceiptsByModelRequest,
    QueryReceiptsByModelResponse,
    QueryReceiptsByUserRequest,
    QueryReceiptsByUserResponse,
    QueryReceiptsByOperatorRequest,
    QueryReceiptsByOperatorResponse,
    QueryEarningsRequest,
    DatanetEarning,
    ModelEarning,
    QueryEarningsResponse,
    QueryModelInfluenceRequest,
    QueryModelInfluenceResponse,
    QueryTopContributorsRequest,
    QueryTopContributorsResponse,
    QueryTopDatanetsRequest,
    QueryTopDatanetsResponse,
    QueryTotalsRequest,
    QueryTotalsResponse,
);

/// gRPC method paths of `openledger.attribution.v1.Query` (also the ABCI query paths).
pub mod query_paths {
    pub const PARAMS: &str = "/openledger.attribution.v1.Query/Params";
    pub const OPERATOR: &str = "/openledger.attribution.v1.Query/Operator";
    pub const OPERATORS: &str = "/openledger.attribution.v1.Query/Operators";
    pub const ACCOUNT: &str = "/openledger.attribution.v1.Query/Account";
    pub const GRANTS: &str = "/openledger.attribution.v1.Query/Grants";
    pub const RECEIPT: &str = "/openledger.attribution.v1.Query/Receipt";
    pub const RECEIPTS_BY_MODEL: &str = "/openledger.attribution.v1.Query/ReceiptsByModel";
    pub const RECEIPTS_BY_USER: &str = "/openledger.attribution.v1.Query/ReceiptsByUser";
    pub const RECEIPTS_BY_OPERATOR: &str = "/openledger.attribution.v1.Query/ReceiptsByOperator";
    pub const EARNINGS: &str = "/openledger.attribution.v1.Query/Earnings";
    pub const MODEL_INFLUENCE: &str = "/openledger.attribution.v1.Query/ModelInfluence";
    pub const TOP_CONTRIBUTORS: &str = "/openledger.attribution.v1.Query/TopContributors";
    pub const TOP_DATANETS: &str = "/openledger.attribution.v1.Query/TopDatanets";
    pub const TOTALS: &str = "/openledger.attribution.v1.Query/Totals";
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgRecordInference::type_url(),
            "/openledger.attribution.v1.MsgRecordInference"
        );
        assert_eq!(
            EventInferenceRecorded::full_name(),
            "openledger.attribution.v1.EventInferenceRecorded"
        );
        // MsgRevoke{user="a", operator="b", model_id=3}.
        let bytes = MsgRevoke {
            user: "a".into(),
            operator: "b".into(),
            model_id: 3,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x12, 1, b'b', 0x18, 3]);
        // MsgRecordInference.attribution is field 10, length-delimited; the entry's weight is
        // field 2, a varint.
        let bytes = MsgRecordInference {
            attribution: vec![AttributionEntry {
                contribution_id: 1,
                weight_ppm: 2,
            }],
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x52, 4, 0x08, 1, 0x10, 2]);
        // Receipt.datanets is field 23 (two-byte tag).
        let bytes = Receipt {
            datanets: vec![DatanetShare::default()],
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0xba, 0x01, 0]);
        assert_eq!(
            OperatorStatus::from_str_name("OPERATOR_STATUS_UNBONDING"),
            Some(OperatorStatus::Unbonding)
        );
        assert_eq!(OperatorStatus::Active as i32, 1);
        assert_eq!(OperatorStatus::Unbonded as i32, 3);
    }
}
