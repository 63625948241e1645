//! Cosmos SDK transaction files (`cosmos.tx.*`, `cosmos.base.abci`), as `cosmos-sdk-proto`
//! encodes them.

use super::dsl::{enumeration, file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![signing(), abci(), tx(), tx_service()]
}

fn signing() -> File {
    file(
        "cosmos/tx/signing/v1beta1/signing.proto",
        "cosmos.tx.signing.v1beta1",
    )
    .enumeration(enumeration!(SignMode {
        SIGN_MODE_UNSPECIFIED = 0,
        SIGN_MODE_DIRECT = 1,
        SIGN_MODE_TEXTUAL = 2,
        SIGN_MODE_DIRECT_AUX = 3,
        SIGN_MODE_LEGACY_AMINO_JSON = 127,
        SIGN_MODE_EIP_191 = 191,
    }))
}

fn abci() -> File {
    file(
        "cosmos/base/abci/v1beta1/abci.proto",
        "cosmos.base.abci.v1beta1",
    )
    .message(message!(TxResponse {
        int64 height = 1;
        string txhash = 2;
        string codespace = 3;
        uint32 code = 4;
        string data = 5;
        string raw_log = 6;
        repeated ABCIMessageLog logs = 7;
        string info = 8;
        int64 gas_wanted = 9;
        int64 gas_used = 10;
        ".google.protobuf.Any" tx = 11;
        string timestamp = 12;
        repeated ".tendermint.abci.Event" events = 13;
    }))
    .message(message!(ABCIMessageLog {
        uint32 msg_index = 1;
        string log = 2;
        repeated StringEvent events = 3;
    }))
    .message(message!(StringEvent {
        string type = 1;
        repeated Attribute attributes = 2;
    }))
    .message(message!(Attribute {
        string key = 1;
        string value = 2;
    }))
    .message(message!(GasInfo {
        uint64 gas_wanted = 1;
        uint64 gas_used = 2;
    }))
    .message(message!(Result {
        bytes data = 1 [deprecated];
        string log = 2;
        repeated ".tendermint.abci.Event" events = 3;
        repeated ".google.protobuf.Any" msg_responses = 4;
    }))
}

fn tx() -> File {
    file("cosmos/tx/v1beta1/tx.proto", "cosmos.tx.v1beta1")
        .message(message!(Tx {
            TxBody body = 1;
            AuthInfo auth_info = 2;
            repeated bytes signatures = 3;
        }))
        .message(message!(TxBody {
            repeated ".google.protobuf.Any" messages = 1;
            string memo = 2;
            uint64 timeout_height = 3;
            repeated ".google.protobuf.Any" extension_options = 1023;
            repeated ".google.protobuf.Any" non_critical_extension_options = 2047;
        }))
        .message(message!(AuthInfo {
            repeated SignerInfo signer_infos = 1;
            Fee fee = 2;
            Tip tip = 3 [deprecated];
        }))
        .message(message!(SignerInfo {
            ".google.protobuf.Any" public_key = 1;
            ModeInfo mode_info = 2;
            uint64 sequence = 3;
        }))
        .message(message!(ModeInfo {
            oneof sum {
                Single single = 1;
                Multi multi = 2;
            }
            message Single {
                ".cosmos.tx.signing.v1beta1.SignMode" mode = 1;
            }
            message Multi {
                ".cosmos.crypto.multisig.v1beta1.CompactBitArray" bitarray = 1;
                repeated ModeInfo mode_infos = 2;
            }
        }))
        .message(message!(Fee {
            repeated ".cosmos.base.v1beta1.Coin" amount = 1;
            uint64 gas_limit = 2;
            string payer = 3;
            string granter = 4;
        }))
        .message(message!(Tip {
            repeated ".cosmos.base.v1beta1.Coin" amount = 1;
            string tipper = 2;
        }))
}

fn tx_service() -> File {
    file("cosmos/tx/v1beta1/service.proto", "cosmos.tx.v1beta1")
        .enumeration(enumeration!(BroadcastMode {
            BROADCAST_MODE_UNSPECIFIED = 0,
            BROADCAST_MODE_BLOCK = 1,
            BROADCAST_MODE_SYNC = 2,
            BROADCAST_MODE_ASYNC = 3,
        }))
        .message(message!(SimulateRequest {
            Tx tx = 1 [deprecated];
            bytes tx_bytes = 2;
        }))
        .message(message!(SimulateResponse {
            ".cosmos.base.abci.v1beta1.GasInfo" gas_info = 1;
            ".cosmos.base.abci.v1beta1.Result" result = 2;
        }))
        .message(message!(GetTxRequest {
            string hash = 1;
        }))
        .message(message!(GetTxResponse {
            Tx tx = 1;
            ".cosmos.base.abci.v1beta1.TxResponse" tx_response = 2;
        }))
        .message(message!(BroadcastTxRequest {
            bytes tx_bytes = 1;
            BroadcastMode mode = 2;
        }))
        .message(message!(BroadcastTxResponse {
            ".cosmos.base.abci.v1beta1.TxResponse" tx_response = 1;
        }))
        .service(service!(Service {
            Simulate(SimulateRequest) -> SimulateResponse;
            GetTx(GetTxRequest) -> GetTxResponse;
            BroadcastTx(BroadcastTxRequest) -> BroadcastTxResponse;
        }))
}
