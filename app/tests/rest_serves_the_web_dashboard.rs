//! The REST gateway with the web dashboard (`web_dir`): the built files at the paths no route
//! takes (`/` is index.html), query routes unchanged, unknown paths still the JSON 404, no
//! traversal out of the directory; and the content upload route (`POST
//! /openledger/content/v1/put`), which stores bytes a pending contribution names and refuses
//! others, as the gRPC `Put` does. Without `web_dir` neither is served.

use cosmos_sdk_proto::Any;
use openledger_app::config::AppConfig;
use openledger_app::content::ContentNode;
use openledger_app::rest::content_upload::ContentUpload;
use openledger_app::rest::static_files::StaticFiles;
use openledger_app::rest::{self, Cors, WebExtras};
use openledger_content::Hash;
use openledger_datanets::proto as dn;
use openledger_testkit::{any, genesis_with_validators, TestKey, TestNode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const OPEN: u128 = 1_000_000_000_000_000_000;
const DATA: &[u8] = b"a contribution uploaded from a browser";

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

async fn request(addr: std::net::SocketAddr, method: &str, target: &str, body: &[u8]) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&out[..split]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head,
        body: out[split + 4..].to_vec(),
    }
}

fn chain(dir: &std::path::Path) -> (TestNode, TestKey) {
    let keys: Vec<TestKey> = (0..3).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.join("db"), "openledger-test-1", &genesis).unwrap();
    node.block(vec![]).unwrap();
    let (owner, a) = (&keys[1], &keys[2]);
    let create = any(&dn::MsgCreateDatanet {
        owner: owner.address.to_string(),
        name: "uploads".into(),
        summary: "web upload test".into(),
        description: String::new(),
        tags: vec![],
        licence: "CC-BY-4.0".into(),
        visibility: dn::Visibility::Public as i32,
        curators: vec![],
        allow_list: vec![],
        contribution_bond: OPEN.to_string(),
        fee_per_byte: "1000".into(),
        access_price: "0".into(),
    });
    ok(&mut node, owner, vec![create]);
    let contribute = any(&dn::MsgContribute {
        contributor: a.address.to_string(),
        datanet_id: 1,
        content_hash: Hash::of(DATA).0.to_vec(),
        size_bytes: DATA.len() as u64,
        content_uri: String::new(),
        licence: "CC-BY-4.0".into(),
        metadata: String::new(),
        salt: Vec::new(),
    });
    ok(&mut node, a, vec![contribute]);
    let a = keys[2].clone();
    (node, a)
}

#[tokio::test]
async fn the_gateway_serves_the_dashboard_and_its_upload_route() {
    let dir = tempfile::tempdir().unwrap();
    let (node, _a) = chain(dir.path());
    let web = dir.path().join("web");
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(
        web.join("index.html"),
        "<!doctype html><title>OpenLedger</title>",
    )
    .unwrap();
    std::fs::write(web.join("assets/index-abc.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
    let home = dir.path().join("home");
    let content = ContentNode::open(
        &home,
        &AppConfig {
            content_fetch_interval_secs: 0,
            ..AppConfig::default()
        },
        node.app.storage().clone(),
    )
    .unwrap();
    let extras = WebExtras {
        files: Some(StaticFiles::new(&web).unwrap()),
        content: Some(ContentUpload::of(&content)),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a = listener.local_addr().unwrap();
    let cors = Cors {
        allowed_origins: vec!["*".into()],
    };
    tokio::spawn(rest::serve_on_with_web(
        node.offline_grpc_state().unwrap(),
        cors,
        extras,
        listener,
    ));

    let r = request(a, "GET", "/", b"").await;
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/html"));
    assert!(r.text().contains("<title>OpenLedger</title>"));
    let r = request(a, "GET", "/assets/index-abc.js", b"").await;
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/javascript"));
    assert!(r.headers.contains("immutable"));

    // query routes are unchanged; unknown paths and traversal get the JSON 404
    let r = request(a, "GET", "/openledger/datanets/v1/datanet/1", b"").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["datanet"]["name"], "uploads");
    for p in [
        "/nope.js",
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/.hidden",
    ] {
        let r = request(a, "GET", p, b"").await;
        assert_eq!(r.status, 404, "{p}");
        assert_eq!(r.json()["message"], "not found", "{p}");
    }

    // upload: bytes a contribution names are stored; others refused with nothing stored
    let r = request(a, "POST", "/openledger/content/v1/put", DATA).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["hash"], Hash::of(DATA).to_string());
    assert_eq!(j["size"], DATA.len().to_string());
    assert_eq!(j["existed"], false);
    assert_eq!(j["contribution_ids"], serde_json::json!(["1"]));
    assert_eq!(content.store.get(&Hash::of(DATA)).unwrap().unwrap(), DATA);
    let r = request(a, "POST", "/openledger/content/v1/put", DATA).await;
    assert_eq!(r.json()["existed"], true);
    let stray = b"bytes no contribution names";
    let r = request(a, "POST", "/openledger/content/v1/put", stray).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("no pending or approved contribution"));
    assert!(content.store.get(&Hash::of(stray)).unwrap().is_none());
    let r = request(a, "POST", "/openledger/content/v1/put", b"").await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn without_web_dir_neither_files_nor_uploads_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let (node, _a) = chain(dir.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a = listener.local_addr().unwrap();
    let cors = Cors {
        allowed_origins: vec![],
    };
    tokio::spawn(rest::serve_on(
        node.offline_grpc_state().unwrap(),
        cors,
        listener,
    ));
    assert_eq!(request(a, "GET", "/", b"").await.status, 404);
    let r = request(a, "POST", "/openledger/content/v1/put", DATA).await;
    assert_eq!(r.status, 404, "{}", r.text());
}
