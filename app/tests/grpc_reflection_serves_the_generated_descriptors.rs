//! The routing tables and the descriptor set agree, and a running gateway serves both:
//!
//! * every method path the node routes (the module query table behind ABCI `Query` and gRPC,
//!   and the node's own paths) is a method of a service in the generated descriptor set;
//! * over real gRPC on loopback, reflection lists exactly the served services, and describes
//!   Cosmos and OpenLedger messages with their real field names and types;
//! * every method of every dispatched service is answered when the table routes it, and
//!   refused as UNIMPLEMENTED when it does not.

use std::collections::{BTreeMap, BTreeSet};

use openledger_app::modules::routes;
use openledger_app::query::abci::NODE_ROUTES;
use openledger_app::query::dispatch_grpc::DISPATCHED_SERVICES;
use openledger_app::query::grpc;
use openledger_app::query::reflection::{file_descriptor_set, served_services};
use openledger_testkit::{genesis_with_validators, TestKey, TestNode};
use prost::Message;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, FileDescriptorProto};
use tonic::transport::Channel;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::ServerReflectionRequest;

/// `package.Service` -> its method names, from the generated descriptor set.
fn described_methods() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for file in file_descriptor_set().unwrap().file {
        for s in &file.service {
            out.insert(
                format!("{}.{}", file.package(), s.name()),
                s.method.iter().map(|m| m.name().to_string()).collect(),
            );
        }
    }
    out
}

fn split(path: &str) -> (&str, &str) {
    path.trim_start_matches('/')
        .split_once('/')
        .unwrap_or_else(|| panic!("{path} is not /Service/Method"))
}

/// The query paths the modules route.
fn routed() -> Vec<&'static str> {
    routes().query_paths().collect()
}

#[test]
fn every_routed_method_is_in_the_descriptor_set() {
    let described = described_methods();
    let routes_ = routed();
    let routes_ = routes_.as_slice();
    assert!(routes().duplicates.is_empty(), "{:?}", routes().duplicates);
    assert!(routes_.len() > 50, "{} routes", routes_.len());
    for path in routes_.iter().chain(NODE_ROUTES) {
        let (service, method) = split(path);
        let methods = described
            .get(service)
            .unwrap_or_else(|| panic!("{service} is not in the descriptor set"));
        assert!(
            methods.contains(method),
            "{path} is not in the descriptor set"
        );
    }
    for service in served_services() {
        if service.starts_with("grpc.reflection.") {
            continue; // described by the reflection service itself
        }
        assert!(
            described.contains_key(service),
            "{service} is not described"
        );
    }
    // every dispatched service has at least one routed method
    for service in DISPATCHED_SERVICES {
        assert!(
            routes_.iter().any(|p| split(p).0 == *service),
            "{service} routes nothing"
        );
    }
}

struct Gateway {
    channel: Channel,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    _dir: tempfile::TempDir,
}

/// A chain with two validators, its gRPC gateway on a loopback port (CometBFT absent: its
/// client points at a port nothing listens on), and a channel to it.
async fn gateway() -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1), TestKey::from_seed(2)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 2, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    let state = chain.offline_grpc_state().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(grpc::serve_on(state, listener));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    Gateway {
        channel,
        server,
        _dir: dir,
    }
}

async fn reflect(channel: &Channel, req: MessageRequest) -> MessageResponse {
    let mut client = ServerReflectionClient::new(channel.clone());
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![ServerReflectionRequest {
            host: String::new(),
            message_request: Some(req),
        }]))
        .await
        .unwrap()
        .into_inner();
    stream
        .message()
        .await
        .unwrap()
        .unwrap()
        .message_response
        .unwrap()
}

/// The message `full` as reflection describes it.
async fn describe(channel: &Channel, full: &str) -> DescriptorProto {
    let files = match reflect(channel, MessageRequest::FileContainingSymbol(full.into())).await {
        MessageResponse::FileDescriptorResponse(r) => r.file_descriptor_proto,
        other => panic!("{full}: {other:?}"),
    };
    let file = FileDescriptorProto::decode(files[0].as_slice()).unwrap();
    let name = full.strip_prefix(&format!("{}.", file.package())).unwrap();
    let file_name = file.name().to_string();
    file.message_type
        .into_iter()
        .find(|m| m.name() == name)
        .unwrap_or_else(|| panic!("{full} is not in {file_name}"))
}

/// (name, number, type, label, type name) of each field.
fn fields(m: &DescriptorProto) -> Vec<(String, i32, Type, Label, String)> {
    m.field
        .iter()
        .map(|f| {
            (
                f.name().to_string(),
                f.number(),
                f.r#type(),
                f.label(),
                f.type_name().to_string(),
            )
        })
        .collect()
}

fn field(
    name: &str,
    n: i32,
    t: Type,
    l: Label,
    type_name: &str,
) -> (String, i32, Type, Label, String) {
    (name.into(), n, t, l, type_name.into())
}

#[tokio::test]
async fn reflection_lists_the_served_services_and_describes_real_fields() {
    let gw = gateway().await;
    let listed = match reflect(&gw.channel, MessageRequest::ListServices(String::new())).await {
        MessageResponse::ListServicesResponse(l) => l
            .service
            .into_iter()
            .map(|s| s.name)
            .collect::<BTreeSet<_>>(),
        other => panic!("{other:?}"),
    };
    let served: BTreeSet<String> = served_services().into_iter().map(String::from).collect();
    assert_eq!(listed, served);
    for service in &listed {
        match reflect(
            &gw.channel,
            MessageRequest::FileContainingSymbol(service.clone()),
        )
        .await
        {
            MessageResponse::FileDescriptorResponse(r) => {
                assert!(!r.file_descriptor_proto.is_empty())
            }
            other => panic!("{service}: {other:?}"),
        }
    }

    let balance = describe(&gw.channel, "cosmos.bank.v1beta1.QueryBalanceRequest").await;
    assert_eq!(
        fields(&balance),
        vec![
            field("address", 1, Type::String, Label::Optional, ""),
            field("denom", 2, Type::String, Label::Optional, ""),
        ]
    );
    let record = describe(&gw.channel, "openledger.attribution.v1.MsgRecordInference").await;
    assert_eq!(
        fields(&record),
        vec![
            field("operator", 1, Type::String, Label::Optional, ""),
            field("user", 2, Type::String, Label::Optional, ""),
            field("model_id", 3, Type::Uint64, Label::Optional, ""),
            field("model_version", 4, Type::Uint64, Label::Optional, ""),
            field("input_tokens", 5, Type::Uint64, Label::Optional, ""),
            field("output_tokens", 6, Type::Uint64, Label::Optional, ""),
            field("output_hash", 7, Type::Bytes, Label::Optional, ""),
            field("prompt_hash", 8, Type::Bytes, Label::Optional, ""),
            field("request_id", 9, Type::String, Label::Optional, ""),
            field(
                "attribution",
                10,
                Type::Message,
                Label::Repeated,
                ".openledger.attribution.v1.AttributionEntry"
            ),
            field("engine_version", 11, Type::Uint32, Label::Optional, ""),
            field("engine_params_id", 12, Type::Uint64, Label::Optional, ""),
            field("evidence_hash", 13, Type::Bytes, Label::Optional, ""),
            field("adapter_hash", 14, Type::String, Label::Optional, ""),
        ]
    );
    // a Cosmos message with a nested message and a well-known type, imports resolvable
    let validator = describe(&gw.channel, "cosmos.staking.v1beta1.Validator").await;
    let by_name: BTreeMap<_, _> = fields(&validator)
        .into_iter()
        .map(|f| (f.0.clone(), f))
        .collect();
    assert_eq!(by_name["unbonding_time"].4, ".google.protobuf.Timestamp");
    assert_eq!(by_name["consensus_pubkey"].4, ".google.protobuf.Any");
    assert_eq!(by_name["status"].2, Type::Enum);
    gw.server.abort();
}

#[tokio::test]
async fn dispatched_services_answer_exactly_the_routed_methods() {
    let gw = gateway().await;
    let described = described_methods();
    let routed: BTreeSet<&str> = routed().into_iter().collect();
    let mut answered = 0;
    for service in DISPATCHED_SERVICES {
        for method in &described[*service] {
            let path = format!("/{service}/{method}");
            let mut raw = tonic::client::Grpc::new(gw.channel.clone());
            raw.ready().await.unwrap();
            let r = raw
                .unary(
                    tonic::Request::new(()),
                    tonic::codegen::http::uri::PathAndQuery::try_from(path.clone()).unwrap(),
                    tonic::codec::ProstCodec::<(), ()>::default(),
                )
                .await;
            let unimplemented = matches!(&r, Err(s) if s.code() == tonic::Code::Unimplemented);
            assert_eq!(
                unimplemented,
                !routed.contains(path.as_str()),
                "{path}: {r:?}"
            );
            answered += usize::from(!unimplemented);
        }
    }
    assert_eq!(answered, routed.len());
    gw.server.abort();
}
