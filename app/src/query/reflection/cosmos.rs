//! Cosmos SDK base, crypto (secp256k1, ed25519, multisig), auth and bank files, as
//! `cosmos-sdk-proto` encodes them.

use super::dsl::{file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![
        coin(),
        pagination(),
        secp256k1(),
        ed25519(),
        multisig(),
        auth_types(),
        auth_query(),
        bank_types(),
        bank_msgs(),
        bank_query(),
    ]
}

fn coin() -> File {
    file("cosmos/base/v1beta1/coin.proto", "cosmos.base.v1beta1")
        .message(message!(Coin {
            string denom = 1;
            string amount = 2;
        }))
        .message(message!(DecCoin {
            string denom = 1;
            string amount = 2;
        }))
}

fn pagination() -> File {
    file(
        "cosmos/base/query/v1beta1/pagination.proto",
        "cosmos.base.query.v1beta1",
    )
    .message(message!(PageRequest {
        bytes key = 1;
        uint64 offset = 2;
        uint64 limit = 3;
        bool count_total = 4;
        bool reverse = 5;
    }))
    .message(message!(PageResponse {
        bytes next_key = 1;
        uint64 total = 2;
    }))
}

fn secp256k1() -> File {
    file(
        "cosmos/crypto/secp256k1/keys.proto",
        "cosmos.crypto.secp256k1",
    )
    .message(message!(
        PubKey {
            bytes key = 1;
        }
    ))
}

fn ed25519() -> File {
    file("cosmos/crypto/ed25519/keys.proto", "cosmos.crypto.ed25519").message(message!(
        PubKey {
            bytes key = 1;
        }
    ))
}

fn multisig() -> File {
    file(
        "cosmos/crypto/multisig/v1beta1/multisig.proto",
        "cosmos.crypto.multisig.v1beta1",
    )
    .message(message!(CompactBitArray {
        uint32 extra_bits_stored = 1;
        bytes elems = 2;
    }))
}

fn auth_types() -> File {
    file("cosmos/auth/v1beta1/auth.proto", "cosmos.auth.v1beta1")
        .message(message!(BaseAccount {
            string address = 1;
            ".google.protobuf.Any" pub_key = 2;
            uint64 account_number = 3;
            uint64 sequence = 4;
        }))
        .message(message!(Params {
            uint64 max_memo_characters = 1;
            uint64 tx_sig_limit = 2;
            uint64 tx_size_cost_per_byte = 3;
            uint64 sig_verify_cost_ed25519 = 4;
            uint64 sig_verify_cost_secp256k1 = 5;
        }))
}

fn auth_query() -> File {
    file("cosmos/auth/v1beta1/query.proto", "cosmos.auth.v1beta1")
        .message(message!(QueryAccountRequest {
            string address = 1;
        }))
        .message(message!(QueryAccountResponse {
            ".google.protobuf.Any" account = 1;
        }))
        .message(message!(QueryParamsRequest {}))
        .message(message!(QueryParamsResponse {
            Params params = 1;
        }))
        .message(message!(Bech32PrefixRequest {}))
        .message(message!(Bech32PrefixResponse {
            string bech32_prefix = 1;
        }))
        .message(message!(AddressBytesToStringRequest {
            bytes address_bytes = 1;
        }))
        .message(message!(AddressBytesToStringResponse {
            string address_string = 1;
        }))
        .message(message!(AddressStringToBytesRequest {
            string address_string = 1;
        }))
        .message(message!(AddressStringToBytesResponse {
            bytes address_bytes = 1;
        }))
        .service(service!(Query {
            Account(QueryAccountRequest) -> QueryAccountResponse;
            Params(QueryParamsRequest) -> QueryParamsResponse;
            Bech32Prefix(Bech32PrefixRequest) -> Bech32PrefixResponse;
            AddressBytesToString(AddressBytesToStringRequest) -> AddressBytesToStringResponse;
            AddressStringToBytes(AddressStringToBytesRequest) -> AddressStringToBytesResponse;
        }))
}

fn bank_types() -> File {
    file("cosmos/bank/v1beta1/bank.proto", "cosmos.bank.v1beta1")
        .message(message!(Input {
            string address = 1;
            repeated ".cosmos.base.v1beta1.Coin" coins = 2;
        }))
        .message(message!(Output {
            string address = 1;
            repeated ".cosmos.base.v1beta1.Coin" coins = 2;
        }))
}

fn bank_msgs() -> File {
    file("cosmos/bank/v1beta1/tx.proto", "cosmos.bank.v1beta1")
        .message(message!(MsgSend {
            string from_address = 1;
            string to_address = 2;
            repeated ".cosmos.base.v1beta1.Coin" amount = 3;
        }))
        .message(message!(MsgSendResponse {}))
        .message(message!(MsgMultiSend {
            repeated Input inputs = 1;
            repeated Output outputs = 2;
        }))
        .message(message!(MsgMultiSendResponse {}))
}

fn bank_query() -> File {
    file("cosmos/bank/v1beta1/query.proto", "cosmos.bank.v1beta1")
        .message(message!(QueryBalanceRequest {
            string address = 1;
            string denom = 2;
        }))
        .message(message!(QueryBalanceResponse {
            ".cosmos.base.v1beta1.Coin" balance = 1;
        }))
        .message(message!(QueryAllBalancesRequest {
            string address = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
            bool resolve_denom = 3;
        }))
        .message(message!(QueryAllBalancesResponse {
            repeated ".cosmos.base.v1beta1.Coin" balances = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QuerySpendableBalancesRequest {
            string address = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QuerySpendableBalancesResponse {
            repeated ".cosmos.base.v1beta1.Coin" balances = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QuerySpendableBalanceByDenomRequest {
            string address = 1;
            string denom = 2;
        }))
        .message(message!(QuerySpendableBalanceByDenomResponse {
            ".cosmos.base.v1beta1.Coin" balance = 1;
        }))
        .message(message!(QueryTotalSupplyRequest {
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 1;
        }))
        .message(message!(QueryTotalSupplyResponse {
            repeated ".cosmos.base.v1beta1.Coin" supply = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QuerySupplyOfRequest {
            string denom = 1;
        }))
        .message(message!(QuerySupplyOfResponse {
            ".cosmos.base.v1beta1.Coin" amount = 1;
        }))
        .service(service!(Query {
            Balance(QueryBalanceRequest) -> QueryBalanceResponse;
            AllBalances(QueryAllBalancesRequest) -> QueryAllBalancesResponse;
            SpendableBalances(QuerySpendableBalancesRequest) -> QuerySpendableBalancesResponse;
            SpendableBalanceByDenom(QuerySpendableBalanceByDenomRequest)
                -> QuerySpendableBalanceByDenomResponse;
            TotalSupply(QueryTotalSupplyRequest) -> QueryTotalSupplyResponse;
            SupplyOf(QuerySupplyOfRequest) -> QuerySupplyOfResponse;
        }))
}
