//! The content gRPC service over a fixed chain, through the client functions: Put accepts only
//! bytes a live contribution records (hash and size), Get answers checked bytes, Status counts
//! held and missing approved contributions, and message sizes follow the chain's limit.

mod common;

use std::sync::Arc;

use common::{approved, serve_content, FakeChain};
use openledger_content::client::{self, ClientError};
use openledger_content::{Contribution, Hash, Store};
use openledger_proto::openledger::content::v1 as pb;

fn chain() -> FakeChain {
    let mut pending = approved(3, b"pending bytes", "");
    pending.approved = false;
    let mut other_datanet = approved(4, b"datanet two", "");
    other_datanet.datanet_id = 2;
    let mut wrong_size = approved(5, b"declared too long", "");
    wrong_size.size_bytes += 1;
    FakeChain::new(vec![
        approved(1, b"first", ""),
        approved(2, b"second", "https://example.org/second"),
        pending,
        other_datanet,
        wrong_size,
    ])
}

async fn node() -> (tempfile::TempDir, Arc<Store>, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let url = serve_content(store.clone(), chain()).await;
    (dir, store, url)
}

#[tokio::test]
async fn put_stores_only_what_a_live_contribution_records() {
    let (_dir, store, url) = node().await;

    let r = client::put(&url, b"first".to_vec()).await.unwrap();
    assert_eq!(r.hash, Hash::of(b"first").0.to_vec());
    assert_eq!(r.size, 5);
    assert!(!r.existed);
    assert_eq!(r.contribution_ids, vec![1]);
    assert!(store.has(&Hash::of(b"first")).unwrap());
    let again = client::put(&url, b"first".to_vec()).await.unwrap();
    assert!(again.existed);

    // pending contributions are accepted too
    let r = client::put(&url, b"pending bytes".to_vec()).await.unwrap();
    assert_eq!(r.contribution_ids, vec![3]);

    // bytes no contribution names
    let e = client::put(&url, b"unknown".to_vec()).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::FailedPrecondition);
    assert!(
        e.to_string()
            .contains("no pending or approved contribution has content hash"),
        "{e}"
    );
    // the right hash but not the recorded size
    let e = client::put(&url, b"declared too long".to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::FailedPrecondition);
    assert!(e.to_string().contains("records 18 bytes, not 17"), "{e}");
    // empty
    let e = client::put(&url, Vec::new()).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::InvalidArgument);
    assert!(!store.has(&Hash::of(b"unknown")).unwrap());
    assert!(!store.has(&Hash::of(b"declared too long")).unwrap());
}

#[tokio::test]
async fn get_answers_held_bytes_checked() {
    let (_dir, store, url) = node().await;
    store.put(b"second").unwrap();
    assert_eq!(
        client::get(&url, &Hash::of(b"second")).await.unwrap(),
        b"second"
    );
    let e = client::get(&url, &Hash::of(b"first")).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound);
    assert!(e.to_string().contains("does not hold"), "{e}");

    // a file corrupted on disk is not served
    let h = Hash::of(b"second");
    std::fs::write(store.path_of(&h), b"SECOND").unwrap();
    let e = client::get(&url, &h).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound);

    // a malformed hash
    let mut c = client::connect(&url).await.unwrap();
    let e = c
        .get(pb::GetRequest {
            hash: vec![1, 2, 3],
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::InvalidArgument);
    assert_eq!(e.message(), "a content hash has 32 bytes, not 3");
}

#[tokio::test]
async fn status_counts_held_and_lists_missing() {
    let (_dir, store, url) = node().await;
    store.put(b"first").unwrap();
    let s = client::status(&url, 0, 0).await.unwrap();
    assert_eq!(s.approved, 4); // 1, 2, 4 and 5 (3 is pending)
    assert_eq!(s.held, 1);
    assert_eq!(s.held_bytes, 5);
    let ids: Vec<u64> = s.missing.iter().map(|m| m.contribution_id).collect();
    assert_eq!(ids, vec![2, 4, 5]);
    let m = &s.missing[0];
    assert_eq!(m.content_hash, Hash::of(b"second").0.to_vec());
    assert_eq!(m.size_bytes, 6);
    assert_eq!(m.content_uri, "https://example.org/second");
    assert_eq!(
        Contribution::from_missing(m).unwrap(),
        approved(2, b"second", "https://example.org/second")
    );

    let s = client::status(&url, 0, 1).await.unwrap();
    assert_eq!(s.missing.len(), 1);
    assert_eq!(s.missing[0].contribution_id, 2);

    let s = client::status(&url, 2, 0).await.unwrap();
    assert_eq!((s.approved, s.held, s.missing.len()), (1, 0, 1));

    let e = client::status(&url, 9, 0).await.unwrap_err();
    assert_eq!(e.code(), tonic::Code::NotFound);
    assert_eq!(e.to_string(), "unknown datanet 9");
}

#[tokio::test]
async fn requests_over_the_chain_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let big = vec![1u8; 64 * 1024];
    let mut chain = FakeChain::new(vec![approved(1, &big, "")]);
    chain.max_contribution_bytes = 60 * 1024;
    let url = serve_content(store.clone(), chain).await;
    // more than max_contribution_bytes but within the framing slack: the service refuses it
    let e = client::put(&url, big[..60 * 1024 + 100].to_vec())
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::InvalidArgument);
    assert!(e.to_string().contains("more than the largest contribution"));
    // past the message size limit: refused before it is decoded
    let e = client::put(&url, big.clone()).await.unwrap_err();
    assert_ne!(e.code(), tonic::Code::Ok);
    assert!(!store.has(&Hash::of(&big)).unwrap());
}

#[tokio::test]
async fn the_client_refuses_a_bad_url_or_an_absent_node() {
    let e = client::status("http://exa mple", 0, 0).await.unwrap_err();
    assert!(matches!(e, ClientError::BadUrl(_)), "{e:?}");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // host:port alone is taken as http://host:port
    let e = client::status(&format!("127.0.0.1:{port}"), 0, 0)
        .await
        .unwrap_err();
    assert_eq!(e.code(), tonic::Code::Unavailable);
    assert!(e.to_string().starts_with("cannot reach"), "{e}");
}
