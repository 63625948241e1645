//! OpenLedger's models files (`openledger.models.v1`), as `proto/openledger/models/v1/`
//! declares them and `openledger_models::proto` encodes them: the records, params and events
//! of `models.proto`, the Query service and the transaction messages.

use super::dsl::{enumeration, file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![models_types(), models_query(), models_msgs()]
}

fn models_types() -> File {
    file("openledger/models/v1/models.proto", "openledger.models.v1")
        .enumeration(enumeration!(ModelStage {
            MODEL_STAGE_UNSPECIFIED = 0,
            MODEL_STAGE_PROPOSED = 1,
            MODEL_STAGE_APPROVED = 2,
            MODEL_STAGE_REJECTED = 3,
            MODEL_STAGE_DATA_COLLECTION = 4,
            MODEL_STAGE_FINE_TUNING = 5,
            MODEL_STAGE_ALIGNMENT = 6,
            MODEL_STAGE_DEPLOYED = 7,
            MODEL_STAGE_RETIRED = 8,
        }))
        .message(message!(DatanetVersionRef {
            uint64 datanet_id = 1;
            uint64 version = 2;
        }))
        .message(message!(Pricing {
            string rate_in_per_1000 = 1;
            string rate_out_per_1000 = 2;
        }))
        .message(message!(Evidence {
            string training_run_hash = 1;
            string adapter_hash = 2;
            string metrics = 3;
        }))
        .message(message!(Model {
            uint64 id = 1;
            string creator = 2;
            string name = 3;
            string description = 4;
            string base_model = 5;
            string intended_use = 6;
            repeated DatanetVersionRef datanet_versions = 7;
            ".cosmos.base.v1beta1.Coin" bond = 8;
            ModelStage stage = 9;
            Pricing pricing = 10;
            uint64 pricing_effective_height = 11;
            uint64 latest_version = 12;
            uint64 history_count = 13;
            uint64 created_height = 14;
        }))
        .message(message!(ModelVersion {
            uint64 model_id = 1;
            uint64 number = 2;
            string adapter_hash = 3;
            string base_model = 4;
            uint64 parent_version = 5;
            repeated DatanetVersionRef datanet_versions = 6;
            string publisher = 7;
            uint64 height = 8;
            ".google.protobuf.Timestamp" time = 9;
        }))
        .message(message!(HistoryEntry {
            uint64 model_id = 1;
            uint64 seq = 2;
            ModelStage from_stage = 3;
            ModelStage to_stage = 4;
            uint64 height = 5;
            ".google.protobuf.Timestamp" time = 6;
            string actor = 7;
            Evidence evidence = 8;
        }))
        .message(message!(PricingEntry {
            uint64 model_id = 1;
            uint64 effective_height = 2;
            Pricing pricing = 3;
        }))
        .message(message!(Params {
            string min_creator_bond = 1;
            uint64 max_name_len = 2;
            uint64 max_description_len = 3;
            uint64 max_text_len = 4;
            uint64 max_datanet_refs = 5;
            uint64 max_evidence_len = 6;
            uint64 max_history_per_model = 7;
            uint64 max_versions_per_model = 8;
        }))
        .message(message!(EventModelProposed {
            uint64 model_id = 1;
            string creator = 2;
            string name = 3;
            string bond = 4;
            repeated DatanetVersionRef datanet_versions = 5;
        }))
        .message(message!(EventModelStageChanged {
            uint64 model_id = 1;
            uint64 seq = 2;
            ModelStage from_stage = 3;
            ModelStage to_stage = 4;
            string actor = 5;
            Evidence evidence = 6;
        }))
        .message(message!(EventModelBondReleased {
            uint64 model_id = 1;
            string creator = 2;
            string amount = 3;
            bool burned = 4;
        }))
        .message(message!(EventModelVersionPublished {
            uint64 model_id = 1;
            uint64 version = 2;
            uint64 parent_version = 3;
            string adapter_hash = 4;
            string base_model = 5;
            repeated DatanetVersionRef datanet_versions = 6;
            string publisher = 7;
        }))
        .message(message!(EventModelPricingSet {
            uint64 model_id = 1;
            Pricing pricing = 2;
            uint64 effective_height = 3;
        }))
        .message(message!(EventParamsUpdated {
            string authority = 1;
            Params params = 2;
        }))
}

fn models_query() -> File {
    file("openledger/models/v1/query.proto", "openledger.models.v1")
        .message(message!(QueryModelRequest {
            uint64 model_id = 1;
        }))
        .message(message!(QueryModelResponse {
            Model model = 1;
        }))
        .message(message!(QueryModelsRequest {
            ModelStage stage = 1;
            string creator = 2;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 3;
        }))
        .message(message!(QueryModelsResponse {
            repeated Model models = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryVersionsRequest {
            uint64 model_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryVersionsResponse {
            repeated ModelVersion versions = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryVersionRequest {
            uint64 model_id = 1;
            uint64 version = 2;
        }))
        .message(message!(QueryVersionResponse {
            ModelVersion version = 1;
        }))
        .message(message!(QueryLineageRequest {
            uint64 model_id = 1;
            uint64 version = 2;
        }))
        .message(message!(DatanetLineage {
            uint64 datanet_id = 1;
            uint64 version = 2;
            string root = 3;
            uint64 contribution_count = 4;
            string total_bytes = 5;
        }))
        .message(message!(QueryLineageResponse {
            ModelVersion version = 1;
            repeated DatanetLineage datanets = 2;
        }))
        .message(message!(QueryHistoryRequest {
            uint64 model_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryHistoryResponse {
            repeated HistoryEntry entries = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryParamsRequest {}))
        .message(message!(QueryParamsResponse {
            Params params = 1;
        }))
        .service(service!(Query {
            Model(QueryModelRequest) -> QueryModelResponse;
            Models(QueryModelsRequest) -> QueryModelsResponse;
            Versions(QueryVersionsRequest) -> QueryVersionsResponse;
            Version(QueryVersionRequest) -> QueryVersionResponse;
            Lineage(QueryLineageRequest) -> QueryLineageResponse;
            History(QueryHistoryRequest) -> QueryHistoryResponse;
            Params(QueryParamsRequest) -> QueryParamsResponse;
        }))
}

fn models_msgs() -> File {
    file("openledger/models/v1/tx.proto", "openledger.models.v1")
        .message(message!(MsgProposeModel {
            string creator = 1;
            string name = 2;
            string description = 3;
            string base_model = 4;
            string intended_use = 5;
            repeated DatanetVersionRef datanet_versions = 6;
            ".cosmos.base.v1beta1.Coin" bond = 7;
            Pricing pricing = 8;
        }))
        .message(message!(MsgProposeModelResponse {
            uint64 model_id = 1;
        }))
        .message(message!(MsgApproveModel {
            string authority = 1;
            uint64 model_id = 2;
        }))
        .message(message!(MsgApproveModelResponse {}))
        .message(message!(MsgRejectModel {
            string authority = 1;
            uint64 model_id = 2;
        }))
        .message(message!(MsgRejectModelResponse {}))
        .message(message!(MsgAdvanceModel {
            string actor = 1;
            uint64 model_id = 2;
            ModelStage to_stage = 3;
            Evidence evidence = 4;
        }))
        .message(message!(MsgAdvanceModelResponse {}))
        .message(message!(MsgPublishModelVersion {
            string creator = 1;
            uint64 model_id = 2;
            string adapter_hash = 3;
            string base_model = 4;
            uint64 parent_version = 5;
            repeated DatanetVersionRef datanet_versions = 6;
        }))
        .message(message!(MsgPublishModelVersionResponse {
            uint64 version = 1;
        }))
        .message(message!(MsgSetPricing {
            string creator = 1;
            uint64 model_id = 2;
            string rate_in_per_1000 = 3;
            string rate_out_per_1000 = 4;
        }))
        .message(message!(MsgSetPricingResponse {
            uint64 effective_height = 1;
        }))
        .message(message!(MsgUpdateParams {
            string authority = 1;
            Params params = 2;
        }))
        .message(message!(MsgUpdateParamsResponse {}))
}
