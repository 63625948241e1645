//! The node's content store over real chain state: a datanet receives contributions by real
//! transactions, and the node's gRPC gateway (with the content service) then
//!
//! * accepts Put for bytes a pending or approved contribution records, and refuses bytes no
//!   contribution names, bytes whose contribution records another size, and bytes of a
//!   rejected contribution;
//! * answers Get with the bytes it holds (NOT_FOUND otherwise);
//! * counts approved contributions held and missing in Status, per datanet or all;
//! * lists the content service in reflection;
//!
//! and a second node's fetcher, with the first as its peer, fills its own store.

use std::collections::BTreeSet;

use cosmos_sdk_proto::Any;
use openledger_app::config::AppConfig;
use openledger_app::content::ContentNode;
use openledger_app::query::grpc;
use openledger_content::client;
use openledger_content::fetch::RoundReport;
use openledger_content::Hash;
use openledger_datanets::proto as dn;
use openledger_datanets::{ContributionStatus, DatanetsRead};
use openledger_testkit::{any, genesis_with_validators, TestKey, TestNode};
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::ServerReflectionRequest;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

const ALPHA: &[u8] = b"alpha: an approved contribution";
const BETA: &[u8] = b"beta: another approved contribution";
const GAMMA: &[u8] = b"gamma: still pending";
const DELTA: &[u8] = b"delta: recorded with the wrong size";
const SPAM: &[u8] = b"spam: rejected by the curator";
const OTHER: &[u8] = b"in the second datanet";

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn contribute(key: &TestKey, datanet: u64, data: &[u8], size: u64) -> Any {
    any(&dn::MsgContribute {
        contributor: key.address.to_string(),
        datanet_id: datanet,
        content_hash: Hash::of(data).0.to_vec(),
        size_bytes: size,
        content_uri: "ipfs://not-followed".into(),
        licence: "CC-BY-4.0".into(),
        metadata: String::new(),
        salt: Vec::new(),
    })
}

fn curate(owner: &TestKey, id: u64, approve: bool, reason: dn::CurationReason) -> Any {
    any(&dn::MsgCurate {
        curator: owner.address.to_string(),
        contribution_id: id,
        approve,
        reason: reason as i32,
        note: String::new(),
    })
}

fn create_datanet(owner: &TestKey, name: &str) -> Any {
    any(&dn::MsgCreateDatanet {
        owner: owner.address.to_string(),
        name: name.into(),
        summary: "content store test".into(),
        description: String::new(),
        tags: vec![],
        licence: "CC-BY-4.0".into(),
        visibility: dn::Visibility::Public as i32,
        curators: vec![],
        allow_list: vec![],
        contribution_bond: OPEN.to_string(),
        fee_per_byte: "1000".into(),
        access_price: "0".into(),
    })
}

/// Datanet 1: ALPHA (1) and BETA (2) approved, GAMMA (3) pending, DELTA (4) pending with its
/// size off by one, SPAM (5) rejected. Datanet 2: OTHER (6) approved.
fn chain(dir: &std::path::Path) -> TestNode {
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    let (owner, a, b) = (&keys[1], &keys[2], &keys[3]);
    ok(&mut node, owner, vec![create_datanet(owner, "texts")]);
    ok(&mut node, owner, vec![create_datanet(owner, "more-texts")]);
    ok(
        &mut node,
        a,
        vec![contribute(a, 1, ALPHA, ALPHA.len() as u64)],
    );
    ok(
        &mut node,
        b,
        vec![contribute(b, 1, BETA, BETA.len() as u64)],
    );
    ok(
        &mut node,
        a,
        vec![contribute(a, 1, GAMMA, GAMMA.len() as u64)],
    );
    ok(
        &mut node,
        b,
        vec![contribute(b, 1, DELTA, DELTA.len() as u64 + 1)],
    );
    ok(
        &mut node,
        a,
        vec![contribute(a, 1, SPAM, SPAM.len() as u64)],
    );
    ok(
        &mut node,
        b,
        vec![contribute(b, 2, OTHER, OTHER.len() as u64)],
    );
    ok(
        &mut node,
        owner,
        vec![
            curate(owner, 1, true, dn::CurationReason::None),
            curate(owner, 2, true, dn::CurationReason::None),
            curate(owner, 5, false, dn::CurationReason::Spam),
            curate(owner, 6, true, dn::CurationReason::None),
        ],
    );
    let s = node.state();
    assert_eq!(
        s.contribution(5).unwrap().unwrap().status,
        ContributionStatus::Rejected
    );
    assert_eq!(
        s.contribution(3).unwrap().unwrap().status,
        ContributionStatus::Pending
    );
    node
}

/// Serve the node's gRPC gateway with its content service on a loopback port; its URL.
async fn serve(node: &TestNode, content: &ContentNode) -> String {
    let state = node.offline_grpc_state().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(grpc::serve_on_with(
        state,
        Some(content.service()),
        listener,
    ));
    format!("http://{addr}")
}

async fn listed_services(url: &str) -> BTreeSet<String> {
    let channel = tonic::transport::Endpoint::from_shared(url.to_string())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = ServerReflectionClient::new(channel);
    let mut stream = client
        .server_reflection_info(futures::stream::iter(vec![ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        }]))
        .await
        .unwrap()
        .into_inner();
    match stream.message().await.unwrap().unwrap().message_response {
        Some(MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_store_serves_contributions() {
    let dir = tempfile::tempdir().unwrap();
    let node = chain(dir.path());
    let home = dir.path().join("node-a");
    let cfg = AppConfig {
        content_fetch_interval_secs: 0,
        ..AppConfig::default()
    };
    let a = ContentNode::open(&home, &cfg, node.app.storage().clone()).unwrap();
    assert_eq!(a.store.root(), home.join("data").join("content"));
    let url = serve(&node, &a).await;

    assert!(listed_services(&url)
        .await
        .contains("openledger.content.v1.Content"));

    // Put: bytes an approved or pending contribution records
    let r = client::put(&url, ALPHA).await.unwrap();
    assert_eq!(r.contribution_ids, vec![1]);
    assert_eq!(r.size, ALPHA.len() as u64);
    assert!(!r.existed);
    assert!(client::put(&url, ALPHA).await.unwrap().existed);
    assert_eq!(
        client::put(&url, GAMMA).await.unwrap().contribution_ids,
        vec![3]
    );

    // refused: unknown bytes, a size mismatch, a rejected contribution
    let e = client::put(&url, b"nobody contributed this".to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::FailedPrecondition);
    assert!(
        e.to_string()
            .starts_with("no pending or approved contribution has content hash"),
        "{e}"
    );
    let e = client::put(&url, DELTA).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::FailedPrecondition);
    assert_eq!(
        e.to_string(),
        format!(
            "contribution 4 with content hash {} records {} bytes, not {}",
            Hash::of(DELTA),
            DELTA.len() + 1,
            DELTA.len()
        )
    );
    let e = client::put(&url, SPAM).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::FailedPrecondition);
    for refused in [DELTA, SPAM] {
        assert!(!a.store.has(&Hash::of(refused)).unwrap());
    }

    // Get
    assert_eq!(client::get(&url, &Hash::of(ALPHA)).await.unwrap(), ALPHA);
    let e = client::get(&url, &Hash::of(BETA)).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound);

    // Status: approved are 1, 2 (datanet 1) and 6 (datanet 2); ALPHA is held
    let s = client::status(&url, 0, 0).await.unwrap();
    assert_eq!((s.approved, s.held), (3, 1));
    assert_eq!(s.held_bytes, ALPHA.len() as u64);
    let missing: Vec<u64> = s.missing.iter().map(|m| m.contribution_id).collect();
    assert_eq!(missing, vec![2, 6]);
    assert_eq!(s.missing[0].content_hash, Hash::of(BETA).0.to_vec());
    assert_eq!(s.missing[0].size_bytes, BETA.len() as u64);
    assert_eq!(s.missing[0].content_uri, "ipfs://not-followed");
    let s = client::status(&url, 2, 0).await.unwrap();
    assert_eq!((s.approved, s.held, s.missing.len()), (1, 0, 1));
    let s = client::status(&url, 0, 1).await.unwrap();
    assert_eq!(s.missing.len(), 1);
    let e = client::status(&url, 99, 0).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound);

    client::put(&url, BETA).await.unwrap();
    client::put(&url, OTHER).await.unwrap();
    let s = client::status(&url, 0, 0).await.unwrap();
    assert_eq!((s.approved, s.held, s.missing.len()), (3, 3, 0));

    // A second node with the first as its peer fetches every approved contribution (the
    // contributions' ipfs:// URIs are not followed); the pending one is not fetched.
    let cfg_b = AppConfig {
        content_peers: vec![url.clone()],
        content_dir: Some("blobs".into()),
        ..AppConfig::default()
    };
    let b = ContentNode::open(
        &dir.path().join("node-b"),
        &cfg_b,
        node.app.storage().clone(),
    )
    .unwrap();
    assert_eq!(b.store.root(), dir.path().join("node-b").join("blobs"));
    let report = b.fetcher.round(&b.chain, 256).await.unwrap();
    assert_eq!(
        report,
        RoundReport {
            fetched: 3,
            failed: 0,
            skipped: 0
        }
    );
    for held in [ALPHA, BETA, OTHER] {
        assert_eq!(b.store.get(&Hash::of(held)).unwrap().as_deref(), Some(held));
    }
    assert!(!b.store.has(&Hash::of(GAMMA)).unwrap());
    assert_eq!(
        b.fetcher.round(&b.chain, 256).await.unwrap(),
        RoundReport::default()
    );
}
