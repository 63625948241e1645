//! `cosmos.tx.v1beta1.Service` TxEncode and TxDecode over gRPC: a signed tx decodes to its
//! parts and encodes back to the same bytes; empty or garbage input is INVALID_ARGUMENT; the
//! amino variants answer UNIMPLEMENTED with a short message.

use cosmos_sdk_proto::cosmos::tx::v1beta1 as txpb;
use openledger_app::query::grpc;
use openledger_testkit::{genesis_with_validators, msg_send, TestKey, TestNode, TxSpec};
use prost::Message;

#[tokio::test]
async fn tx_encode_and_decode_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1), TestKey::from_seed(2)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 1, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    let state = chain.offline_grpc_state().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(grpc::serve_on(state, listener));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = txpb::service_client::ServiceClient::new(channel);

    let bytes = TxSpec::new(
        "openledger-test-1",
        vec![msg_send(&keys[0].address, &keys[1].address, 7)],
        0,
        0,
    )
    .sign(&keys[0]);
    let decoded = client
        .tx_decode(txpb::TxDecodeRequest {
            tx_bytes: bytes.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .tx
        .unwrap();
    let body = decoded.body.clone().unwrap();
    assert_eq!(body.messages.len(), 1);
    assert_eq!(body.messages[0].type_url, "/cosmos.bank.v1beta1.MsgSend");
    assert_eq!(decoded.signatures.len(), 1);
    let encoded = client
        .tx_encode(txpb::TxEncodeRequest {
            tx: Some(decoded.clone()),
        })
        .await
        .unwrap()
        .into_inner()
        .tx_bytes;
    // the same bytes as the signed TxRaw: body and auth info keep their encoding
    assert_eq!(encoded, bytes);
    assert_eq!(txpb::Tx::decode(encoded.as_slice()).unwrap(), decoded);

    let empty = client
        .tx_decode(txpb::TxDecodeRequest::default())
        .await
        .unwrap_err();
    assert_eq!(empty.code(), tonic::Code::InvalidArgument);
    let none = client
        .tx_encode(txpb::TxEncodeRequest::default())
        .await
        .unwrap_err();
    assert_eq!(none.code(), tonic::Code::InvalidArgument);
    let amino = client
        .tx_encode_amino(txpb::TxEncodeAminoRequest::default())
        .await
        .unwrap_err();
    assert_eq!(amino.code(), tonic::Code::Unimplemented);
    assert!(amino.message().len() < 100, "{}", amino.message());
}
