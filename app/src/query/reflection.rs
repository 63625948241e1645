//! Protobuf descriptors for gRPC server reflection, so that tools such as grpcurl can list,
//! describe and call the gateway's services without `.proto` files.
//!
//! The descriptors are declared in Rust, with the macros of the private `dsl` module, from
//! the wire format of the `cosmos-sdk-proto` and `tendermint-proto` types the services use:
//! field names, numbers, types and labels match those generated types exactly. Each message
//! lives in the file and package it has in the Cosmos SDK and CometBFT protobuf trees;
//! annotations that do not change the wire format (gogoproto, amino, cosmos_proto,
//! google.api.http) are left out, and so are the imports that only carried them.
//!
//! Only the methods the gateway serves are listed (see [`super::grpc`]):
//!
//! * `cosmos.auth.v1beta1.Query`: Account, Params, Bech32Prefix, AddressBytesToString,
//!   AddressStringToBytes
//! * `cosmos.bank.v1beta1.Query`: Balance, AllBalances, SpendableBalances,
//!   SpendableBalanceByDenom, TotalSupply, SupplyOf
//! * `cosmos.tx.v1beta1.Service`: Simulate, GetTx, BroadcastTx
//! * `cosmos.base.tendermint.v1beta1.Service`: GetNodeInfo, GetSyncing, GetLatestBlock,
//!   ABCIQuery
//! * `cosmos.base.node.v1beta1.Service`: Config, Status
//!
//! Besides the messages those methods reach, the set describes the types the node packs
//! into `google.protobuf.Any` (BaseAccount, secp256k1 PubKey, MsgSend, MsgMultiSend and their
//! responses, Tx), so that clients can print decoded `Any` values.

mod cosmos;
mod cosmos_node;
mod cosmos_tx;
mod dsl;
mod tendermint;

use prost::Message;
use prost_types::FileDescriptorSet;

/// Every file, each after the files it imports.
pub fn file_descriptor_set() -> FileDescriptorSet {
    let mut files = tendermint::files();
    files.extend(cosmos::files());
    files.extend(cosmos_tx::files());
    files.extend(cosmos_node::files());
    dsl::link(files)
}

/// [`file_descriptor_set`], protobuf-encoded, as the reflection service takes it.
pub fn encoded_file_descriptor_set() -> Vec<u8> {
    file_descriptor_set().encode_to_vec()
}
