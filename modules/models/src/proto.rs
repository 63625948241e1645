//! Wire types of `openledger.models.v1`, written by hand with prost derives. They match
//! `proto/openledger/models/v1/{models,tx,query}.proto` field for field; those files are the
//! public contract.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::Timestamp;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.models.v1";

// ---- models.proto ----

/// The lifecycle of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum ModelStage {
    Unspecified = 0,
    Proposed = 1,
    Approved = 2,
    Rejected = 3,
    DataCollection = 4,
    FineTuning = 5,
    Alignment = 6,
    Deployed = 7,
    Retired = 8,
}

impl ModelStage {
    /// The name in the `.proto` file (`MODEL_STAGE_PROPOSED`).
    pub fn as_str_name(&self) -> &'static str {
        match self {
            ModelStage::Unspecified => "MODEL_STAGE_UNSPECIFIED",
            ModelStage::Proposed => "MODEL_STAGE_PROPOSED",
            ModelStage::Approved => "MODEL_STAGE_APPROVED",
            ModelStage::Rejected => "MODEL_STAGE_REJECTED",
            ModelStage::DataCollection => "MODEL_STAGE_DATA_COLLECTION",
            ModelStage::FineTuning => "MODEL_STAGE_FINE_TUNING",
            ModelStage::Alignment => "MODEL_STAGE_ALIGNMENT",
            ModelStage::Deployed => "MODEL_STAGE_DEPLOYED",
            ModelStage::Retired => "MODEL_STAGE_RETIRED",
        }
    }

    pub fn from_str_name(s: &str) -> Option<ModelStage> {
        [
            ModelStage::Unspecified,
            ModelStage::Proposed,
            ModelStage::Approved,
            ModelStage::Rejected,
            ModelStage::DataCollection,
            ModelStage::FineTuning,
            ModelStage::Alignment,
            ModelStage::Deployed,
            ModelStage::Retired,
        ]
        .into_iter()
        .find(|m| m.as_str_name() == s)
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetVersionRef {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
}

/// aopen per 1000 input and output tokens.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Pricing {
    #[prost(string, tag = "1")]
    pub rate_in_per_1000: String,
    #[prost(string, tag = "2")]
    pub rate_out_per_1000: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Evidence {
    #[prost(string, tag = "1")]
    pub training_run_hash: String,
    #[prost(string, tag = "2")]
    pub adapter_hash: String,
    #[prost(string, tag = "3")]
    pub metrics: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Model {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(string, tag = "2")]
    pub creator: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(string, tag = "4")]
    pub description: String,
    #[prost(string, tag = "5")]
    pub base_model: String,
    #[prost(string, tag = "6")]
    pub intended_use: String,
    #[prost(message, repeated, tag = "7")]
    pub datanet_versions: Vec<DatanetVersionRef>,
    #[prost(message, optional, tag = "8")]
    pub bond: Option<Coin>,
    #[prost(enumeration = "ModelStage", tag = "9")]
    pub stage: i32,
    #[prost(message, optional, tag = "10")]
    pub pricing: Option<Pricing>,
    #[prost(uint64, tag = "11")]
    pub pricing_effective_height: u64,
    #[prost(uint64, tag = "12")]
    pub latest_version: u64,
    #[prost(uint64, tag = "13")]
    pub history_count: u64,
    #[prost(uint64, tag = "14")]
    pub created_height: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ModelVersion {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub number: u64,
    #[prost(string, tag = "3")]
    pub adapter_hash: String,
    #[prost(string, tag = "4")]
    pub base_model: String,
    #[prost(uint64, tag = "5")]
    pub parent_version: u64,
    #[prost(message, repeated, tag = "6")]
    pub datanet_versions: Vec<DatanetVersionRef>,
    #[prost(string, tag = "7")]
    pub publisher: String,
    #[prost(uint64, tag = "8")]
    pub height: u64,
    #[prost(message, optional, tag = "9")]
    pub time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct HistoryEntry {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub seq: u64,
    #[prost(enumeration = "ModelStage", tag = "3")]
    pub from_stage: i32,
    #[prost(enumeration = "ModelStage", tag = "4")]
    pub to_stage: i32,
    #[prost(uint64, tag = "5")]
    pub height: u64,
    #[prost(message, optional, tag = "6")]
    pub time: Option<Timestamp>,
    #[prost(string, tag = "7")]
    pub actor: String,
    #[prost(message, optional, tag = "8")]
    pub evidence: Option<Evidence>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PricingEntry {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub effective_height: u64,
    #[prost(message, optional, tag = "3")]
    pub pricing: Option<Pricing>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Params {
    #[prost(string, tag = "1")]
    pub min_creator_bond: String,
    #[prost(uint64, tag = "2")]
    pub max_name_len: u64,
    #[prost(uint64, tag = "3")]
    pub max_description_len: u64,
    #[prost(uint64, tag = "4")]
    pub max_text_len: u64,
    #[prost(uint64, tag = "5")]
    pub max_datanet_refs: u64,
    #[prost(uint64, tag = "6")]
    pub max_evidence_len: u64,
    #[prost(uint64, tag = "7")]
    pub max_history_per_model: u64,
    #[prost(uint64, tag = "8")]
    pub max_versions_per_model: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventModelProposed {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(string, tag = "2")]
    pub creator: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(string, tag = "4")]
    pub bond: String,
    #[prost(message, repeated, tag = "5")]
    pub datanet_versions: Vec<DatanetVersionRef>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventModelStageChanged {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub seq: u64,
    #[prost(enumeration = "ModelStage", tag = "3")]
    pub from_stage: i32,
    #[prost(enumeration = "ModelStage", tag = "4")]
    pub to_stage: i32,
    #[prost(string, tag = "5")]
    pub actor: String,
    #[prost(message, optional, tag = "6")]
    pub evidence: Option<Evidence>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventModelBondReleased {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(string, tag = "2")]
    pub creator: String,
    #[prost(string, tag = "3")]
    pub amount: String,
    #[prost(bool, tag = "4")]
    pub burned: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventModelVersionPublished {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(uint64, tag = "3")]
    pub parent_version: u64,
    #[prost(string, tag = "4")]
    pub adapter_hash: String,
    #[prost(string, tag = "5")]
    pub base_model: String,
    #[prost(message, repeated, tag = "6")]
    pub datanet_versions: Vec<DatanetVersionRef>,
    #[prost(string, tag = "7")]
    pub publisher: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventModelPricingSet {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pricing: Option<Pricing>,
    #[prost(uint64, tag = "3")]
    pub effective_height: u64,
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
pub struct MsgProposeModel {
    #[prost(string, tag = "1")]
    pub creator: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub description: String,
    #[prost(string, tag = "4")]
    pub base_model: String,
    #[prost(string, tag = "5")]
    pub intended_use: String,
    #[prost(message, repeated, tag = "6")]
    pub datanet_versions: Vec<DatanetVersionRef>,
    #[prost(message, optional, tag = "7")]
    pub bond: Option<Coin>,
    #[prost(message, optional, tag = "8")]
    pub pricing: Option<Pricing>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgProposeModelResponse {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgApproveModel {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgApproveModelResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRejectModel {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgRejectModelResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgAdvanceModel {
    #[prost(string, tag = "1")]
    pub actor: String,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
    #[prost(enumeration = "ModelStage", tag = "3")]
    pub to_stage: i32,
    #[prost(message, optional, tag = "4")]
    pub evidence: Option<Evidence>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgAdvanceModelResponse {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPublishModelVersion {
    #[prost(string, tag = "1")]
    pub creator: String,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
    #[prost(string, tag = "3")]
    pub adapter_hash: String,
    #[prost(string, tag = "4")]
    pub base_model: String,
    #[prost(uint64, tag = "5")]
    pub parent_version: u64,
    #[prost(message, repeated, tag = "6")]
    pub datanet_versions: Vec<DatanetVersionRef>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgPublishModelVersionResponse {
    #[prost(uint64, tag = "1")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgSetPricing {
    #[prost(string, tag = "1")]
    pub creator: String,
    #[prost(uint64, tag = "2")]
    pub model_id: u64,
    #[prost(string, tag = "3")]
    pub rate_in_per_1000: String,
    #[prost(string, tag = "4")]
    pub rate_out_per_1000: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgSetPricingResponse {
    #[prost(uint64, tag = "1")]
    pub effective_height: u64,
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
pub struct QueryModelRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryModelResponse {
    #[prost(message, optional, tag = "1")]
    pub model: Option<Model>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryModelsRequest {
    #[prost(enumeration = "ModelStage", tag = "1")]
    pub stage: i32,
    #[prost(string, tag = "2")]
    pub creator: String,
    #[prost(message, optional, tag = "3")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryModelsResponse {
    #[prost(message, repeated, tag = "1")]
    pub models: Vec<Model>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionsRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionsResponse {
    #[prost(message, repeated, tag = "1")]
    pub versions: Vec<ModelVersion>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryVersionResponse {
    #[prost(message, optional, tag = "1")]
    pub version: Option<ModelVersion>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryLineageRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DatanetLineage {
    #[prost(uint64, tag = "1")]
    pub datanet_id: u64,
    #[prost(uint64, tag = "2")]
    pub version: u64,
    #[prost(string, tag = "3")]
    pub root: String,
    #[prost(uint64, tag = "4")]
    pub contribution_count: u64,
    #[prost(string, tag = "5")]
    pub total_bytes: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryLineageResponse {
    #[prost(message, optional, tag = "1")]
    pub version: Option<ModelVersion>,
    #[prost(message, repeated, tag = "2")]
    pub datanets: Vec<DatanetLineage>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryHistoryRequest {
    #[prost(uint64, tag = "1")]
    pub model_id: u64,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageRequest>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryHistoryResponse {
    #[prost(message, repeated, tag = "1")]
    pub entries: Vec<HistoryEntry>,
    #[prost(message, optional, tag = "2")]
    pub pagination: Option<PageResponse>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryParamsResponse {
    #[prost(message, optional, tag = "1")]
    pub params: Option<Params>,
}

openledger_framework::impl_proto_name!(
    PACKAGE;
    DatanetVersionRef,
    Pricing,
    Evidence,
    Model,
    ModelVersion,
    HistoryEntry,
    PricingEntry,
    Params,
    EventModelProposed,
    EventModelStageChanged,
    EventModelBondReleased,
    EventModelVersionPublished,
    EventModelPricingSet,
    EventParamsUpdated,
    MsgProposeModel,
    MsgProposeModelResponse,
    MsgApproveModel,
    MsgApproveModelResponse,
    MsgRejectModel,
    MsgRejectModelResponse,
    MsgAdvanceModel,
    MsgAdvanceModelResponse,
    MsgPublishModelVersion,
    MsgPublishModelVersionResponse,
    MsgSetPricing,
    MsgSetPricingResponse,
    MsgUpdateParams,
    MsgUpdateParamsResponse,
    QueryModelRequest,
    QueryModelResponse,
    QueryModelsRequest,
    QueryModelsResponse,
    QueryVersionsRequest,
    QueryVersionsResponse,
    QueryVersionRequest,
    QueryVersionResponse,
    QueryLineageRequest,
    DatanetLineage,
    QueryLineageResponse,
    QueryHistoryRequest,
    QueryHistoryResponse,
    QueryParamsRequest,
    QueryParamsResponse,
);

/// gRPC method paths of `openledger.models.v1.Query` (also the ABCI query paths).
pub mod query_paths {
    pub const MODEL: &str = "/openledger.models.v1.Query/Model";
    pub const MODELS: &str = "/openledger.models.v1.Query/Models";
    pub const VERSIONS: &str = "/openledger.models.v1.Query/Versions";
    pub const VERSION: &str = "/openledger.models.v1.Query/Version";
    pub const LINEAGE: &str = "/openledger.models.v1.Query/Lineage";
    pub const HISTORY: &str = "/openledger.models.v1.Query/History";
    pub const PARAMS: &str = "/openledger.models.v1.Query/Params";
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgProposeModel::type_url(),
            "/openledger.models.v1.MsgProposeModel"
        );
        assert_eq!(
            EventModelStageChanged::full_name(),
            "openledger.models.v1.EventModelStageChanged"
        );
        // MsgApproveModel{authority="a", model_id=3}: field 1 length-delimited, field 2 varint.
        let bytes = MsgApproveModel {
            authority: "a".into(),
            model_id: 3,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x10, 3]);
        // MsgAdvanceModel.to_stage is field 3, a varint enum.
        let bytes = MsgAdvanceModel {
            actor: String::new(),
            model_id: 0,
            to_stage: ModelStage::Deployed as i32,
            evidence: None,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x18, 7]);
        assert_eq!(
            ModelStage::from_str_name("MODEL_STAGE_FINE_TUNING"),
            Some(ModelStage::FineTuning)
        );
        assert_eq!(ModelStage::Retired.as_str_name(), "MODEL_STAGE_RETIRED");
    }
}
