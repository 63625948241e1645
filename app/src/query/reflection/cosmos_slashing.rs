//! Cosmos SDK slashing files (`cosmos.slashing.v1beta1`), as `cosmos-sdk-proto` encodes them:
//! the types the Query service reaches, the Query service and the messages the chain accepts.

use super::dsl::{file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![slashing_types(), slashing_query(), slashing_msgs()]
}

fn slashing_types() -> File {
    file(
        "cosmos/slashing/v1beta1/slashing.proto",
        "cosmos.slashing.v1beta1",
    )
    .message(message!(ValidatorSigningInfo {
        string address = 1;
        int64 start_height = 2;
        int64 index_offset = 3;
        ".google.protobuf.Timestamp" jailed_until = 4;
        bool tombstoned = 5;
        int64 missed_blocks_counter = 6;
    }))
    .message(message!(Params {
        int64 signed_blocks_window = 1;
        bytes min_signed_per_window = 2;
        ".google.protobuf.Duration" downtime_jail_duration = 3;
        bytes slash_fraction_double_sign = 4;
        bytes slash_fraction_downtime = 5;
    }))
}

fn slashing_query() -> File {
    file(
        "cosmos/slashing/v1beta1/query.proto",
        "cosmos.slashing.v1beta1",
    )
    .message(message!(QueryParamsRequest {}))
    .message(message!(QueryParamsResponse {
        Params params = 1;
    }))
    .message(message!(QuerySigningInfoRequest {
        string cons_address = 1;
    }))
    .message(message!(QuerySigningInfoResponse {
        ValidatorSigningInfo val_signing_info = 1;
    }))
    .message(message!(QuerySigningInfosRequest {
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 1;
    }))
    .message(message!(QuerySigningInfosResponse {
        repeated ValidatorSigningInfo info = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .service(service!(Query {
        Params(QueryParamsRequest) -> QueryParamsResponse;
        SigningInfo(QuerySigningInfoRequest) -> QuerySigningInfoResponse;
        SigningInfos(QuerySigningInfosRequest) -> QuerySigningInfosResponse;
    }))
}

fn slashing_msgs() -> File {
    file(
        "cosmos/slashing/v1beta1/tx.proto",
        "cosmos.slashing.v1beta1",
    )
    .message(message!(MsgUnjail {
        string validator_addr = 1;
    }))
    .message(message!(MsgUnjailResponse {}))
    .message(message!(MsgUpdateParams {
        string authority = 1;
        Params params = 2;
    }))
    .message(message!(MsgUpdateParamsResponse {}))
}
