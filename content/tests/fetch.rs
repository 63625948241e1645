//! The fetcher: from an HTTP URI and from a peer's content service, checking every byte, with
//! lying and oversized sources refused, private addresses refused by default, and retries
//! spaced out.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{approved, serve_content, serve_grpc, serve_http, FakeChain, Page};
use openledger_content::fetch::{FetchError, RoundReport, Source};
use openledger_content::{FetchConfig, Fetcher, Hash, Store};
use openledger_proto::openledger::content::v1 as pb;
use tonic::{Request, Response, Status};

fn local(peers: Vec<String>) -> FetchConfig {
    FetchConfig {
        peers,
        allow_private_uris: true, // the test servers are on loopback
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    }
}

fn fetcher(cfg: FetchConfig) -> (tempfile::TempDir, Arc<Fetcher>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    (dir, Arc::new(Fetcher::new(store, cfg).unwrap()))
}

#[tokio::test]
async fn fetches_from_an_http_uri_and_checks_the_bytes() {
    let data = b"bytes served over http".to_vec();
    let mut pages = BTreeMap::new();
    pages.insert("/good".to_string(), Page::ok(&data));
    pages.insert(
        "/wrong".to_string(),
        Page::ok(b"other bytes of the same len"),
    );
    pages.insert(
        "/long".to_string(),
        Page::ok(b"bytes served over http, and then some more"),
    );
    pages.insert(
        "/long-no-length".to_string(),
        Page {
            status: 200,
            body: vec![b'x'; 1 << 20],
            content_length: false,
        },
    );
    let base = serve_http(pages).await;
    let (_dir, f) = fetcher(local(vec![]));

    let want = approved(1, &data, &format!("{base}/good"));
    let source = f.fetch(&want).await.unwrap();
    assert_eq!(source, Source::Uri(format!("{base}/good")));
    assert_eq!(f.store().get(&want.hash).unwrap(), Some(data.clone()));

    // wrong bytes, too many bytes (announced or not), a missing page: nothing stored
    let mut lying = approved(2, b"the real bytes of contrib 2", &format!("{base}/wrong"));
    lying.size_bytes = 27;
    let e = f.fetch(&lying).await.unwrap_err();
    assert!(e.to_string().contains("sha256"), "{e}");
    let mut long = approved(3, &data, &format!("{base}/long"));
    long.hash = Hash::of(b"bytes served over http, and then some more");
    let e = f.fetch(&long).await.unwrap_err();
    assert!(e.to_string().contains("the chain records 22"), "{e}");
    let mut unbounded = approved(4, &[b'x'; 1 << 20], &format!("{base}/long-no-length"));
    unbounded.size_bytes = 1000;
    let e = f.fetch(&unbounded).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("more than the 1000 bytes the chain records"),
        "{e}"
    );
    let missing = approved(5, b"nowhere", &format!("{base}/missing"));
    let e = f.fetch(&missing).await.unwrap_err();
    assert!(e.to_string().contains("HTTP 404"), "{e}");
    assert_eq!(f.store().list().unwrap(), vec![want.hash]);
}

#[tokio::test]
async fn uris_to_private_addresses_and_other_schemes_are_not_followed() {
    let data = b"local only".to_vec();
    let mut pages = BTreeMap::new();
    pages.insert("/x".to_string(), Page::ok(&data));
    let base = serve_http(pages).await;
    let (_dir, f) = fetcher(FetchConfig::default());
    let e = f
        .fetch(&approved(1, &data, &format!("{base}/x")))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not a public address"), "{e}");
    // a name that resolves to loopback is refused too
    let port = base.rsplit(':').next().unwrap();
    let e = f
        .fetch(&approved(1, &data, &format!("http://localhost:{port}/x")))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no public address"), "{e}");
    // file:// (or any non-http scheme) is no source at all
    let e = f
        .fetch(&approved(1, &data, "file:///etc/hostname"))
        .await
        .unwrap_err();
    assert_eq!(e, FetchError::NoSource);
    assert!(f.store().list().unwrap().is_empty());
}

#[tokio::test]
async fn fetches_from_a_peer_and_a_round_fills_what_is_missing() {
    // the peer holds two contributions
    let peer_dir = tempfile::tempdir().unwrap();
    let peer_store = Arc::new(Store::open(peer_dir.path()).unwrap());
    let a = b"held by the peer".to_vec();
    let b = vec![42u8; 300_000];
    peer_store.put(&a).unwrap();
    peer_store.put(&b).unwrap();
    let wanted = vec![
        approved(1, &a, "ipfs://somewhere"),
        approved(2, &b, ""),
        approved(3, b"held by nobody", ""),
    ];
    let peer = serve_content(peer_store, FakeChain::new(wanted.clone())).await;

    let (_dir, f) = fetcher(local(vec![peer.clone()]));
    assert_eq!(f.fetch(&wanted[0]).await.unwrap(), Source::Peer(peer));
    assert_eq!(f.store().get(&wanted[0].hash).unwrap(), Some(a));

    let chain = Arc::new(FakeChain::new(wanted.clone()));
    let report = f.round(&chain, 256).await.unwrap();
    assert_eq!(
        report,
        RoundReport {
            fetched: 1,
            failed: 1,
            skipped: 0
        }
    );
    assert_eq!(f.store().get(&wanted[1].hash).unwrap(), Some(b));
    // the one no source has waits before it is tried again
    assert!(f.waiting(&wanted[2].hash));
    let report = f.round(&chain, 256).await.unwrap();
    assert_eq!(report, RoundReport::default());
    let report = f.fetch_all(&wanted).await;
    assert_eq!(report.skipped, 3);
}

/// A peer that answers every Get with the same bytes, whatever was asked.
struct Liar(Vec<u8>);

#[tonic::async_trait]
impl pb::content_server::Content for Liar {
    async fn put(&self, _: Request<pb::PutRequest>) -> Result<Response<pb::PutResponse>, Status> {
        Err(Status::unimplemented("no"))
    }
    async fn get(&self, _: Request<pb::GetRequest>) -> Result<Response<pb::GetResponse>, Status> {
        Ok(Response::new(pb::GetResponse {
            data: self.0.clone(),
        }))
    }
    async fn status(
        &self,
        _: Request<pb::StatusRequest>,
    ) -> Result<Response<pb::StatusResponse>, Status> {
        Err(Status::unimplemented("no"))
    }
}

#[tokio::test]
async fn a_lying_or_oversized_peer_is_refused_and_the_next_one_asked() {
    let real = b"the real contribution".to_vec();
    let liar = serve_grpc(pb::content_server::ContentServer::new(Liar(
        b"the fake contribution".to_vec(),
    )))
    .await;
    let flood = serve_grpc(
        pb::content_server::ContentServer::new(Liar(vec![0u8; 2 << 20]))
            .max_encoding_message_size(usize::MAX),
    )
    .await;
    let honest_dir = tempfile::tempdir().unwrap();
    let honest_store = Arc::new(Store::open(honest_dir.path()).unwrap());
    honest_store.put(&real).unwrap();
    let want = approved(1, &real, "");
    let honest = serve_content(honest_store, FakeChain::new(vec![want.clone()])).await;

    // only liars: refused, nothing stored
    let (_d1, f) = fetcher(local(vec![liar.clone(), flood.clone()]));
    let e = f.fetch(&want).await.unwrap_err();
    let FetchError::Failed(why) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(why.len(), 2);
    assert!(why[0].1.contains("sha256"), "{}", why[0].1);
    assert!(why[1].1.contains("too large"), "{}", why[1].1);
    assert!(f.store().list().unwrap().is_empty());

    // the honest peer after them gives the bytes
    let (_d2, f) = fetcher(local(vec![liar, flood, honest.clone()]));
    assert_eq!(f.fetch(&want).await.unwrap(), Source::Peer(honest));
    assert_eq!(f.store().get(&want.hash).unwrap(), Some(real));
}

#[tokio::test]
async fn oversized_records_are_not_fetched() {
    let (_dir, f) = fetcher(local(vec!["http://127.0.0.1:1".into()]));
    let mut huge = approved(1, b"x", "");
    huge.size_bytes = openledger_content::MAX_CONTENT_BYTES + 1;
    assert_eq!(
        f.fetch(&huge).await.unwrap_err(),
        FetchError::TooLarge(huge.size_bytes)
    );
}
