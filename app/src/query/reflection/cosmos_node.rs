//! Cosmos SDK node and CometBFT-facing files (`cosmos.base.tendermint`,
//! `cosmos.base.node`), as `cosmos-sdk-proto` encodes them.

use super::dsl::{file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![tendermint_types(), tendermint_query(), node_query()]
}

fn tendermint_types() -> File {
    file(
        "cosmos/base/tendermint/v1beta1/types.proto",
        "cosmos.base.tendermint.v1beta1",
    )
    .message(message!(Block {
        Header header = 1;
        ".tendermint.types.Data" data = 2;
        ".tendermint.types.EvidenceList" evidence = 3;
        ".tendermint.types.Commit" last_commit = 4;
    }))
    .message(message!(Header {
        ".tendermint.version.Consensus" version = 1;
        string chain_id = 2;
        int64 height = 3;
        ".google.protobuf.Timestamp" time = 4;
        ".tendermint.types.BlockID" last_block_id = 5;
        bytes last_commit_hash = 6;
        bytes data_hash = 7;
        bytes validators_hash = 8;
        bytes next_validators_hash = 9;
        bytes consensus_hash = 10;
        bytes app_hash = 11;
        bytes last_results_hash = 12;
        bytes evidence_hash = 13;
        string proposer_address = 14;
    }))
}

fn tendermint_query() -> File {
    file(
        "cosmos/base/tendermint/v1beta1/query.proto",
        "cosmos.base.tendermint.v1beta1",
    )
    .message(message!(GetLatestBlockRequest {}))
    .message(message!(GetLatestBlockResponse {
        ".tendermint.types.BlockID" block_id = 1;
        ".tendermint.types.Block" block = 2;
        Block sdk_block = 3;
    }))
    .message(message!(GetSyncingRequest {}))
    .message(message!(GetSyncingResponse {
        bool syncing = 1;
    }))
    .message(message!(GetNodeInfoRequest {}))
    .message(message!(GetNodeInfoResponse {
        ".tendermint.p2p.DefaultNodeInfo" default_node_info = 1;
        VersionInfo application_version = 2;
    }))
    .message(message!(VersionInfo {
        string name = 1;
        string app_name = 2;
        string version = 3;
        string git_commit = 4;
        string build_tags = 5;
        string go_version = 6;
        repeated Module build_deps = 7;
        string cosmos_sdk_version = 8;
    }))
    .message(message!(Module {
        string path = 1;
        string version = 2;
        string sum = 3;
    }))
    .message(message!(ABCIQueryRequest {
        bytes data = 1;
        string path = 2;
        int64 height = 3;
        bool prove = 4;
    }))
    .message(message!(ABCIQueryResponse {
        uint32 code = 1;
        reserved 2;
        string log = 3;
        string info = 4;
        int64 index = 5;
        bytes key = 6;
        bytes value = 7;
        ProofOps proof_ops = 8;
        int64 height = 9;
        string codespace = 10;
    }))
    .message(message!(ProofOp {
        string type = 1;
        bytes key = 2;
        bytes data = 3;
    }))
    .message(message!(ProofOps {
        repeated ProofOp ops = 1;
    }))
    .service(service!(Service {
        GetNodeInfo(GetNodeInfoRequest) -> GetNodeInfoResponse;
        GetSyncing(GetSyncingRequest) -> GetSyncingResponse;
        GetLatestBlock(GetLatestBlockRequest) -> GetLatestBlockResponse;
        ABCIQuery(ABCIQueryRequest) -> ABCIQueryResponse;
    }))
}

fn node_query() -> File {
    file(
        "cosmos/base/node/v1beta1/query.proto",
        "cosmos.base.node.v1beta1",
    )
    .message(message!(ConfigRequest {}))
    .message(message!(ConfigResponse {
        string minimum_gas_price = 1;
        string pruning_keep_recent = 2;
        string pruning_interval = 3;
        uint64 halt_height = 4;
    }))
    .message(message!(StatusRequest {}))
    .message(message!(StatusResponse {
        uint64 earliest_store_height = 1;
        uint64 height = 2;
        ".google.protobuf.Timestamp" timestamp = 3;
        bytes app_hash = 4;
        bytes validator_hash = 5;
    }))
    .service(service!(Service {
        Config(ConfigRequest) -> ConfigResponse;
        Status(StatusRequest) -> StatusResponse;
    }))
}
