//! gRPC server reflection, so that tools such as grpcurl can list, describe and call the
//! gateway's services without `.proto` files. It serves the descriptor set the proto generator
//! writes from `proto/` (`openledger_proto::FILE_DESCRIPTOR_SET`): the real files, with their
//! field names, types, options and comments, Cosmos SDK and CometBFT ones included.
//!
//! `list` shows exactly the services the gateway answers ([`SERVED_SERVICES`]); the `Msg`
//! services are described (their messages are what transactions carry) but not listed, since
//! transactions go through `cosmos.tx.v1beta1.Service/BroadcastTx`.

use openledger_proto::methods as m;
use prost::Message;
use prost_types::FileDescriptorSet;

use crate::query::dispatch_grpc::DISPATCHED_SERVICES;

/// The services answered by typed tonic servers (they need CometBFT's RPC, not only state).
pub const NODE_SERVICES: &[&str] = &[
    m::cosmos::tx::v1beta1::service::SERVICE,
    m::cosmos::base::tendermint::v1beta1::service::SERVICE,
    m::cosmos::base::node::v1beta1::service::SERVICE,
];

/// The reflection services themselves.
pub const REFLECTION_SERVICES: &[&str] = &[
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// Every service the gateway serves, as reflection lists them.
pub fn served_services() -> Vec<&'static str> {
    DISPATCHED_SERVICES
        .iter()
        .chain(NODE_SERVICES)
        .chain(REFLECTION_SERVICES)
        .copied()
        .collect()
}

/// The descriptor set reflection serves, decoded.
pub fn file_descriptor_set() -> Result<FileDescriptorSet, prost::DecodeError> {
    FileDescriptorSet::decode(openledger_proto::FILE_DESCRIPTOR_SET)
}

/// A reflection server builder over the generated descriptor set that lists exactly
/// [`served_services`].
pub fn builder() -> tonic_reflection::server::Builder<'static> {
    let mut b = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(openledger_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET)
        .include_reflection_service(false);
    for service in served_services() {
        b = b.with_service_name(service);
    }
    b
}
