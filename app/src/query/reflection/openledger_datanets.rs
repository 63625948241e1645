//! OpenLedger's datanets files (`openledger.datanets.v1`), as `proto/openledger/datanets/v1/`
//! declares them and `openledger_datanets::proto` encodes them: the state records, params and
//! events of `datanets.proto`, the Query service and the transaction messages.

use super::dsl::{enumeration, file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![datanets_types(), datanets_query(), datanets_msgs()]
}

fn datanets_types() -> File {
    file(
        "openledger/datanets/v1/datanets.proto",
        "openledger.datanets.v1",
    )
    .enumeration(enumeration!(Visibility {
        VISIBILITY_UNSPECIFIED = 0,
        VISIBILITY_PUBLIC = 1,
        VISIBILITY_PERMISSIONED = 2,
    }))
    .enumeration(enumeration!(ContributionStatus {
        CONTRIBUTION_STATUS_UNSPECIFIED = 0,
        CONTRIBUTION_STATUS_PENDING = 1,
        CONTRIBUTION_STATUS_APPROVED = 2,
        CONTRIBUTION_STATUS_REJECTED = 3,
    }))
    .enumeration(enumeration!(CurationReason {
        CURATION_REASON_NONE = 0,
        CURATION_REASON_LOW_QUALITY = 1,
        CURATION_REASON_DUPLICATE = 2,
        CURATION_REASON_ADVERSARIAL = 3,
        CURATION_REASON_SPAM = 4,
    }))
    .message(message!(Params {
        string min_contribution_bond = 1;
        string min_fee_per_byte = 2;
        uint64 max_contribution_bytes = 3;
        uint64 max_uri_len = 4;
        uint64 max_metadata_len = 5;
        uint64 max_name_len = 6;
        uint64 max_summary_len = 7;
        uint64 max_description_len = 8;
        uint32 max_tags = 9;
        uint32 max_curators = 10;
        uint32 max_allow_list = 11;
        string reject_slash_fraction = 12;
        uint64 penalty_per_rejection = 13;
        uint64 penalty_threshold = 14;
        string penalty_reward_multiplier = 15;
        uint64 max_contributions_per_version = 16;
    }))
    .message(message!(Datanet {
        uint64 id = 1;
        string owner = 2;
        string name = 3;
        string summary = 4;
        string description = 5;
        repeated string tags = 6;
        string licence = 7;
        Visibility visibility = 8;
        repeated string curators = 9;
        string contribution_bond = 10;
        string fee_per_byte = 11;
        string access_price = 12;
        uint64 created_height = 13;
        ".google.protobuf.Timestamp" created_time = 14;
    }))
    .message(message!(DatanetStats {
        uint64 contributions = 1;
        uint64 pending = 2;
        uint64 approved = 3;
        uint64 rejected = 4;
        string approved_bytes = 5;
        uint64 latest_version = 6;
    }))
    .message(message!(Contribution {
        uint64 id = 1;
        uint64 datanet_id = 2;
        string contributor = 3;
        bytes content_hash = 4;
        uint64 size_bytes = 5;
        string content_uri = 6;
        string licence = 7;
        string metadata = 8;
        string bond = 9;
        string fee = 10;
        ContributionStatus status = 11;
        uint64 approval_seq = 12;
        uint64 height = 13;
        ".google.protobuf.Timestamp" time = 14;
        string curator = 15;
        CurationReason reason = 16;
        string note = 17;
        uint64 curated_height = 18;
        ".google.protobuf.Timestamp" curated_time = 19;
        string bond_burned = 20;
    }))
    .message(message!(Version {
        uint64 datanet_id = 1;
        uint64 number = 2;
        bytes root = 3;
        uint64 contribution_count = 4;
        string total_bytes = 5;
        uint64 max_contribution_id = 6;
        uint64 height = 7;
        ".google.protobuf.Timestamp" time = 8;
        string publisher = 9;
        string note = 10;
    }))
    .message(message!(ContributorBytes {
        string contributor = 1;
        string bytes = 2;
    }))
    .message(message!(RevenuePool {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string paid = 3;
        string revenue_per_byte = 4;
        string claimed = 5;
        string dust = 6;
    }))
    .message(message!(AccessRecord {
        string buyer = 1;
        uint64 datanet_id = 2;
        uint64 version = 3;
        string price = 4;
        uint64 height = 5;
        ".google.protobuf.Timestamp" time = 6;
    }))
    .message(message!(Standing {
        uint64 datanet_id = 1;
        string contributor = 2;
        uint64 approved = 3;
        uint64 rejected = 4;
        string approved_bytes = 5;
        uint64 penalty_score = 6;
        string reward_multiplier = 7;
    }))
    .message(message!(EventCreateDatanet {
        uint64 datanet_id = 1;
        string owner = 2;
        string name = 3;
        Visibility visibility = 4;
    }))
    .message(message!(EventUpdateDatanet {
        uint64 datanet_id = 1;
        string owner = 2;
    }))
    .message(message!(EventContribute {
        uint64 contribution_id = 1;
        uint64 datanet_id = 2;
        string contributor = 3;
        string content_hash = 4;
        uint64 size_bytes = 5;
        string bond = 6;
        string fee = 7;
    }))
    .message(message!(EventCurate {
        uint64 contribution_id = 1;
        uint64 datanet_id = 2;
        string curator = 3;
        string contributor = 4;
        bool approved = 5;
        CurationReason reason = 6;
        string bond_returned = 7;
        string bond_burned = 8;
        uint64 penalty_score = 9;
    }))
    .message(message!(EventPublishVersion {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string root = 3;
        uint64 contribution_count = 4;
        string total_bytes = 5;
        uint64 max_contribution_id = 6;
        string publisher = 7;
    }))
    .message(message!(EventPurchaseAccess {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string buyer = 3;
        string price = 4;
    }))
    .message(message!(EventClaimRevenue {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string contributor = 3;
        string amount = 4;
    }))
}

fn datanets_query() -> File {
    file(
        "openledger/datanets/v1/query.proto",
        "openledger.datanets.v1",
    )
    .message(message!(QueryParamsRequest {}))
    .message(message!(QueryParamsResponse {
        Params params = 1;
    }))
    .message(message!(QueryDatanetRequest {
        uint64 datanet_id = 1;
    }))
    .message(message!(QueryDatanetResponse {
        Datanet datanet = 1;
        DatanetStats stats = 2;
        repeated string allow_list = 3;
    }))
    .message(message!(QueryDatanetsRequest {
        string owner = 1;
        string tag = 2;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 3;
    }))
    .message(message!(QueryDatanetsResponse {
        repeated Datanet datanets = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryContributionRequest {
        uint64 contribution_id = 1;
    }))
    .message(message!(QueryContributionResponse {
        Contribution contribution = 1;
    }))
    .message(message!(QueryContributionsByDatanetRequest {
        uint64 datanet_id = 1;
        ContributionStatus status = 2;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 3;
    }))
    .message(message!(QueryContributionsByDatanetResponse {
        repeated Contribution contributions = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryContributionsByContributorRequest {
        string contributor = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryContributionsByContributorResponse {
        repeated Contribution contributions = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryVersionsRequest {
        uint64 datanet_id = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryVersionsResponse {
        repeated Version versions = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryVersionRequest {
        uint64 datanet_id = 1;
        uint64 version = 2;
    }))
    .message(message!(QueryVersionResponse {
        Version version = 1;
        RevenuePool revenue = 2;
    }))
    .message(message!(QueryStandingRequest {
        uint64 datanet_id = 1;
        string contributor = 2;
    }))
    .message(message!(QueryStandingResponse {
        Standing standing = 1;
    }))
    .message(message!(QueryAccessRequest {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string buyer = 3;
    }))
    .message(message!(QueryAccessResponse {
        bool has_access = 1;
        AccessRecord record = 2;
    }))
    .message(message!(QueryClaimableRequest {
        uint64 datanet_id = 1;
        uint64 version = 2;
        string contributor = 3;
    }))
    .message(message!(QueryClaimableResponse {
        string bytes = 1;
        string claimable = 2;
        string claimed = 3;
    }))
    .service(service!(Query {
        Params(QueryParamsRequest) -> QueryParamsResponse;
        Datanet(QueryDatanetRequest) -> QueryDatanetResponse;
        Datanets(QueryDatanetsRequest) -> QueryDatanetsResponse;
        Contribution(QueryContributionRequest) -> QueryContributionResponse;
        ContributionsByDatanet(QueryContributionsByDatanetRequest)
            -> QueryContributionsByDatanetResponse;
        ContributionsByContributor(QueryContributionsByContributorRequest)
            -> QueryContributionsByContributorResponse;
        Versions(QueryVersionsRequest) -> QueryVersionsResponse;
        Version(QueryVersionRequest) -> QueryVersionResponse;
        Standing(QueryStandingRequest) -> QueryStandingResponse;
        Access(QueryAccessRequest) -> QueryAccessResponse;
        Claimable(QueryClaimableRequest) -> QueryClaimableResponse;
    }))
}

fn datanets_msgs() -> File {
    file("openledger/datanets/v1/tx.proto", "openledger.datanets.v1")
        .message(message!(MsgCreateDatanet {
            string owner = 1;
            string name = 2;
            string summary = 3;
            string description = 4;
            repeated string tags = 5;
            string licence = 6;
            Visibility visibility = 7;
            repeated string curators = 8;
            repeated string allow_list = 9;
            string contribution_bond = 10;
            string fee_per_byte = 11;
            string access_price = 12;
        }))
        .message(message!(MsgCreateDatanetResponse {
            uint64 datanet_id = 1;
        }))
        .message(message!(MsgUpdateDatanet {
            string owner = 1;
            uint64 datanet_id = 2;
            string summary = 3;
            string description = 4;
            repeated string tags = 5;
            string licence = 6;
            repeated string curators = 7;
            repeated string allow_list = 8;
            string access_price = 9;
        }))
        .message(message!(MsgUpdateDatanetResponse {}))
        .message(message!(MsgContribute {
            string contributor = 1;
            uint64 datanet_id = 2;
            bytes content_hash = 3;
            uint64 size_bytes = 4;
            string content_uri = 5;
            string licence = 6;
            string metadata = 7;
        }))
        .message(message!(MsgContributeResponse {
            uint64 contribution_id = 1;
        }))
        .message(message!(MsgCurate {
            string curator = 1;
            uint64 contribution_id = 2;
            bool approve = 3;
            CurationReason reason = 4;
            string note = 5;
        }))
        .message(message!(MsgCurateResponse {
            string bond_returned = 1;
            string bond_burned = 2;
        }))
        .message(message!(MsgPublishVersion {
            string owner = 1;
            uint64 datanet_id = 2;
            string note = 3;
        }))
        .message(message!(MsgPublishVersionResponse {
            uint64 version = 1;
            bytes root = 2;
        }))
        .message(message!(MsgPurchaseAccess {
            string buyer = 1;
            uint64 datanet_id = 2;
            uint64 version = 3;
        }))
        .message(message!(MsgPurchaseAccessResponse {
            string price = 1;
        }))
        .message(message!(MsgClaimRevenue {
            string contributor = 1;
            uint64 datanet_id = 2;
            uint64 version = 3;
        }))
        .message(message!(MsgClaimRevenueResponse {
            string amount = 1;
        }))
        .message(message!(MsgUpdateParams {
            string authority = 1;
            Params params = 2;
        }))
        .message(message!(MsgUpdateParamsResponse {}))
}
