//! OpenLedger's attribution files (`openledger.attribution.v1`), as
//! `proto/openledger/attribution/v1/` declares them and `openledger_attribution::proto` encodes
//! them: the records and params of `attribution.proto`, the typed events of `events.proto`,
//! the Query service and the transaction messages.

use super::dsl::{enumeration, file, message, service, File};

const PACKAGE: &str = "openledger.attribution.v1";

pub(super) fn files() -> Vec<File> {
    vec![
        attribution_types(),
        attribution_events(),
        attribution_query(),
        attribution_msgs(),
    ]
}

fn attribution_types() -> File {
    file("openledger/attribution/v1/attribution.proto", PACKAGE)
        .enumeration(enumeration!(OperatorStatus {
            OPERATOR_STATUS_UNSPECIFIED = 0,
            OPERATOR_STATUS_ACTIVE = 1,
            OPERATOR_STATUS_UNBONDING = 2,
            OPERATOR_STATUS_UNBONDED = 3,
        }))
        .message(message!(Params {
            string platform_fee = 1;
            string creator_share = 2;
            string stakers_share = 3;
            string data_share = 4;
            uint32 max_attribution_entries = 5;
            string min_operator_bond = 6;
            uint64 operator_unbonding_time = 7;
            uint32 max_models_per_operator = 8;
            uint32 max_endpoint_len = 9;
            uint32 max_request_id_len = 10;
            uint64 max_tokens_per_inference = 11;
            uint32 max_unbondings_per_block = 12;
        }))
        .message(message!(Totals {
            string fees_charged = 1;
            string platform = 2;
            string creator = 3;
            string stakers = 4;
            string contributors_credited = 5;
            string withheld = 6;
            string dust = 7;
            string claimed = 8;
            uint64 inferences = 9;
        }))
        .message(message!(Pending {
            string stakers = 1;
            string community = 2;
        }))
        .message(message!(Operator {
            string address = 1;
            string endpoint = 2;
            repeated uint64 models = 3;
            string bond = 4;
            OperatorStatus status = 5;
            uint64 unbonding_completion = 6;
            uint64 registered_height = 7;
            uint64 inferences = 8;
            string fees_charged = 9;
            uint64 slash_count = 10;
            string slashed_total = 11;
        }))
        .message(message!(Grant {
            string user = 1;
            string operator = 2;
            uint64 model_id = 3;
            string remaining = 4;
        }))
        .message(message!(Claimable {
            string claimable = 1;
            string claimed = 2;
            string creator_earned = 3;
            string contributor_earned = 4;
        }))
        .message(message!(AttributionEntry {
            uint64 contribution_id = 1;
            uint32 weight_ppm = 2;
        }))
        .message(message!(ReceiptEntry {
            uint64 contribution_id = 1;
            uint64 datanet_id = 2;
            string contributor = 3;
            uint32 weight_ppm = 4;
            string amount = 5;
            string withheld = 6;
        }))
        .message(message!(DatanetShare {
            uint64 datanet_id = 1;
            uint32 weight_ppm = 2;
            string amount = 3;
        }))
        .message(message!(Receipt {
            uint64 id = 1;
            uint64 model_id = 2;
            uint64 model_version = 3;
            string operator = 4;
            string user = 5;
            uint64 input_tokens = 6;
            uint64 output_tokens = 7;
            bytes output_hash = 8;
            bytes prompt_hash = 9;
            string request_id = 10;
            uint64 height = 11;
            ".google.protobuf.Timestamp" time = 12;
            string fee = 13;
            string platform_fee = 14;
            string creator_amount = 15;
            string stakers_amount = 16;
            string data_pool = 17;
            string credited = 18;
            string withheld = 19;
            string dust = 20;
            string creator = 21;
            repeated ReceiptEntry entries = 22;
            repeated DatanetShare datanets = 23;
        }))
        .message(message!(DatanetInfluence {
            uint64 datanet_id = 1;
            string influence_ppm = 2;
            string earned = 3;
            uint64 inferences = 4;
        }))
        .message(message!(ContributorInfluence {
            string contributor = 1;
            string influence_ppm = 2;
            string earned = 3;
            uint64 entries = 4;
        }))
}

fn attribution_events() -> File {
    file("openledger/attribution/v1/events.proto", PACKAGE)
        .message(message!(EventOperatorRegistered {
            string operator = 1;
            string bond = 2;
            string endpoint = 3;
            repeated uint64 models = 4;
        }))
        .message(message!(EventOperatorUpdated {
            string operator = 1;
            string endpoint = 2;
            repeated uint64 models = 3;
            string add_bond = 4;
            string bond = 5;
        }))
        .message(message!(EventOperatorUnbonding {
            string operator = 1;
            string bond = 2;
            ".google.protobuf.Timestamp" completion_time = 3;
        }))
        .message(message!(EventOperatorUnbonded {
            string operator = 1;
            string amount = 2;
        }))
        .message(message!(EventOperatorSlashed {
            string operator = 1;
            string fraction = 2;
            string burned = 3;
            string bond = 4;
            string reason = 5;
        }))
        .message(message!(EventDeposit {
            string user = 1;
            string amount = 2;
            string balance = 3;
        }))
        .message(message!(EventWithdraw {
            string user = 1;
            string amount = 2;
            string balance = 3;
        }))
        .message(message!(EventGrant {
            string user = 1;
            string operator = 2;
            uint64 model_id = 3;
            string spend_limit = 4;
        }))
        .message(message!(EventRevoke {
            string user = 1;
            string operator = 2;
            uint64 model_id = 3;
        }))
        .message(message!(EventInferenceRecorded {
            uint64 receipt_id = 1;
            uint64 model_id = 2;
            uint64 model_version = 3;
            string operator = 4;
            string user = 5;
            string fee = 6;
            string platform_fee = 7;
            string creator_amount = 8;
            string stakers_amount = 9;
            string data_pool = 10;
            string credited = 11;
            string withheld = 12;
            string dust = 13;
            uint32 entries = 14;
            repeated DatanetShare datanets = 15;
        }))
        .message(message!(EventRewardsClaimed {
            string claimant = 1;
            string amount = 2;
        }))
        .message(message!(EventParamsUpdated {
            string authority = 1;
            Params params = 2;
        }))
}

fn attribution_query() -> File {
    file("openledger/attribution/v1/query.proto", PACKAGE)
        .message(message!(QueryParamsRequest {}))
        .message(message!(QueryParamsResponse {
            Params params = 1;
        }))
        .message(message!(QueryOperatorRequest {
            string address = 1;
        }))
        .message(message!(QueryOperatorResponse {
            Operator operator = 1;
        }))
        .message(message!(QueryOperatorsRequest {
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 1;
        }))
        .message(message!(QueryOperatorsResponse {
            repeated Operator operators = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryAccountRequest {
            string user = 1;
        }))
        .message(message!(QueryAccountResponse {
            string balance = 1;
        }))
        .message(message!(QueryGrantsRequest {
            string user = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryGrantsResponse {
            repeated Grant grants = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryReceiptRequest {
            uint64 id = 1;
        }))
        .message(message!(QueryReceiptResponse {
            Receipt receipt = 1;
        }))
        .message(message!(QueryReceiptsByModelRequest {
            uint64 model_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryReceiptsByModelResponse {
            repeated Receipt receipts = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryReceiptsByUserRequest {
            string user = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryReceiptsByUserResponse {
            repeated Receipt receipts = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryReceiptsByOperatorRequest {
            string operator = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryReceiptsByOperatorResponse {
            repeated Receipt receipts = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryEarningsRequest {
            string address = 1;
        }))
        .message(message!(DatanetEarning {
            uint64 datanet_id = 1;
            string earned = 2;
        }))
        .message(message!(ModelEarning {
            uint64 model_id = 1;
            string earned = 2;
        }))
        .message(message!(QueryEarningsResponse {
            string claimable = 1;
            string claimed = 2;
            string creator_earned = 3;
            string contributor_earned = 4;
            repeated DatanetEarning by_datanet = 5;
            repeated ModelEarning by_model = 6;
        }))
        .message(message!(QueryModelInfluenceRequest {
            uint64 model_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryModelInfluenceResponse {
            repeated DatanetInfluence datanets = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryTopContributorsRequest {
            uint64 model_id = 1;
            uint32 limit = 2;
        }))
        .message(message!(QueryTopContributorsResponse {
            repeated ContributorInfluence contributors = 1;
        }))
        .message(message!(QueryTopDatanetsRequest {
            uint64 model_id = 1;
            uint32 limit = 2;
        }))
        .message(message!(QueryTopDatanetsResponse {
            repeated DatanetInfluence datanets = 1;
        }))
        .message(message!(QueryTotalsRequest {}))
        .message(message!(QueryTotalsResponse {
            Totals totals = 1;
            Pending pending = 2;
        }))
        .service(service!(Query {
            Params(QueryParamsRequest) -> QueryParamsResponse;
            Operator(QueryOperatorRequest) -> QueryOperatorResponse;
            Operators(QueryOperatorsRequest) -> QueryOperatorsResponse;
            Account(QueryAccountRequest) -> QueryAccountResponse;
            Grants(QueryGrantsRequest) -> QueryGrantsResponse;
            Receipt(QueryReceiptRequest) -> QueryReceiptResponse;
            ReceiptsByModel(QueryReceiptsByModelRequest) -> QueryReceiptsByModelResponse;
            ReceiptsByUser(QueryReceiptsByUserRequest) -> QueryReceiptsByUserResponse;
            ReceiptsByOperator(QueryReceiptsByOperatorRequest) -> QueryReceiptsByOperatorResponse;
            Earnings(QueryEarningsRequest) -> QueryEarningsResponse;
            ModelInfluence(QueryModelInfluenceRequest) -> QueryModelInfluenceResponse;
            TopContributors(QueryTopContributorsRequest) -> QueryTopContributorsResponse;
            TopDatanets(QueryTopDatanetsRequest) -> QueryTopDatanetsResponse;
            Totals(QueryTotalsRequest) -> QueryTotalsResponse;
        }))
}

fn attribution_msgs() -> File {
    file("openledger/attribution/v1/tx.proto", PACKAGE)
        .message(message!(MsgRegisterOperator {
            string operator = 1;
            ".cosmos.base.v1beta1.Coin" bond = 2;
            string endpoint = 3;
            repeated uint64 models = 4;
        }))
        .message(message!(MsgRegisterOperatorResponse {}))
        .message(message!(MsgUpdateOperator {
            string operator = 1;
            string endpoint = 2;
            repeated uint64 models = 3;
            ".cosmos.base.v1beta1.Coin" add_bond = 4;
        }))
        .message(message!(MsgUpdateOperatorResponse {}))
        .message(message!(MsgUnbondOperator {
            string operator = 1;
        }))
        .message(message!(MsgUnbondOperatorResponse {
            ".google.protobuf.Timestamp" completion_time = 1;
        }))
        .message(message!(MsgSlashOperator {
            string authority = 1;
            string operator = 2;
            string fraction = 3;
            string reason = 4;
        }))
        .message(message!(MsgSlashOperatorResponse {
            string burned = 1;
        }))
        .message(message!(MsgDeposit {
            string user = 1;
            ".cosmos.base.v1beta1.Coin" amount = 2;
        }))
        .message(message!(MsgDepositResponse {
            string balance = 1;
        }))
        .message(message!(MsgWithdraw {
            string user = 1;
            ".cosmos.base.v1beta1.Coin" amount = 2;
        }))
        .message(message!(MsgWithdrawResponse {
            string amount = 1;
        }))
        .message(message!(MsgGrant {
            string user = 1;
            string operator = 2;
            uint64 model_id = 3;
            string spend_limit = 4;
        }))
        .message(message!(MsgGrantResponse {}))
        .message(message!(MsgRevoke {
            string user = 1;
            string operator = 2;
            uint64 model_id = 3;
        }))
        .message(message!(MsgRevokeResponse {}))
        .message(message!(MsgRecordInference {
            string operator = 1;
            string user = 2;
            uint64 model_id = 3;
            uint64 model_version = 4;
            uint64 input_tokens = 5;
            uint64 output_tokens = 6;
            bytes output_hash = 7;
            bytes prompt_hash = 8;
            string request_id = 9;
            repeated AttributionEntry attribution = 10;
        }))
        .message(message!(MsgRecordInferenceResponse {
            uint64 receipt_id = 1;
            string fee = 2;
        }))
        .message(message!(MsgClaimRewards {
            string claimant = 1;
        }))
        .message(message!(MsgClaimRewardsResponse {
            string amount = 1;
        }))
        .message(message!(MsgUpdateParams {
            string authority = 1;
            Params params = 2;
        }))
        .message(message!(MsgUpdateParamsResponse {}))
}
