//! The LCD REST gateway over real TCP on loopback: a balance as proto3 JSON (64-bit integers as
//! strings, `.proto` field names), node_info answered with the SDK's error body when CometBFT is
//! absent, an unknown route as a short 404 body, malformed parameters as 400, a CORS preflight,
//! the OpenAPI document, and `docs/openapi.json` equal to what `openledgerd openapi` writes.

use openledger_app::rest::{self, Cors};
use openledger_testkit::{genesis_with_validators, TestKey, TestNode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Gateway {
    addr: std::net::SocketAddr,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    address: String,
    _dir: tempfile::TempDir,
}

async fn gateway() -> Gateway {
    let dir = tempfile::tempdir().unwrap();
    let keys = [TestKey::from_seed(1), TestKey::from_seed(2)];
    let genesis = genesis_with_validators(&keys, 10u128.pow(24), 2, 10u128.pow(21)).unwrap();
    let mut chain = TestNode::new(dir.path(), "openledger-test-1", &genesis).unwrap();
    chain.block(Vec::new()).unwrap();
    let state = chain.offline_grpc_state().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let cors = Cors {
        allowed_origins: vec!["https://wallet.example".into()],
    };
    let server = tokio::spawn(rest::serve_on(state, cors, listener));
    Gateway {
        addr,
        server,
        address: keys[0]
            .address
            .to_bech32(openledger_framework::ACCOUNT_PREFIX),
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request on a fresh connection, read to the end.
async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    target: &str,
    extra: &str,
    body: &str,
) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

async fn get(addr: std::net::SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, "", "").await
}

#[tokio::test]
async fn rest_gateway_answers_over_tcp() {
    let gw = gateway().await;
    let a = gw.addr;

    // a balance, as the SDK's gateway prints it
    let r = get(
        a,
        &format!(
            "/cosmos/bank/v1beta1/balances/{}/by_denom?denom=aopen",
            gw.address
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.contains("content-type: application/json"));
    let j = r.json();
    assert_eq!(j["balance"]["denom"], "aopen");
    let amount = j["balance"]["amount"].as_str().unwrap();
    assert!(amount.parse::<u128>().unwrap() > 0, "{amount}");

    // all balances, with pagination: the response's 64-bit `total` is a string
    let r = get(
        a,
        &format!(
            "/cosmos/bank/v1beta1/balances/{}?pagination.count_total=true",
            gw.address
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    assert!(j["pagination"]["total"].is_string(), "{j}");
    assert!(
        j["pagination"].get("next_key").is_some(),
        "proto field names: {j}"
    );

    // a query at a committed height (the header the SDK reads), and a bad one
    let target = format!(
        "/cosmos/bank/v1beta1/balances/{}/by_denom?denom=aopen",
        gw.address
    );
    let r = request(a, "GET", &target, "x-cosmos-block-height: 1\r\n", "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["balance"]["amount"].as_str(), Some(amount));
    let r = request(a, "GET", &target, "x-cosmos-block-height: soon\r\n", "").await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = request(a, "GET", &target, "x-cosmos-block-height: 999999\r\n", "").await;
    assert_eq!(r.json()["code"], 3, "{}", r.body);

    // validators: enums by name, int64 as strings, Any with @type
    let r = get(a, "/cosmos/staking/v1beta1/validators").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    let v = &j["validators"][0];
    assert_eq!(v["status"], "BOND_STATUS_BONDED", "{v}");
    assert!(v["unbonding_height"].is_string(), "{v}");
    assert_eq!(
        v["consensus_pubkey"]["@type"], "/cosmos.crypto.ed25519.PubKey",
        "{v}"
    );

    // an account: Any with @type and the account's fields
    let r = get(a, &format!("/cosmos/auth/v1beta1/accounts/{}", gw.address)).await;
    if r.status == 200 {
        let j = r.json();
        assert_eq!(
            j["account"]["@type"], "/cosmos.auth.v1beta1.BaseAccount",
            "{j}"
        );
        assert_eq!(j["account"]["address"], gw.address.as_str());
    }

    // our own routes
    let r = get(a, "/openledger/attribution/v1/params").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json()["params"].is_object());

    // node_info needs CometBFT, absent here: the SDK's error body, a 503
    let r = get(a, "/cosmos/base/tendermint/v1beta1/node_info").await;
    assert_eq!(r.status, 503, "{}", r.body);
    let j = r.json();
    assert_eq!(j["code"], 14);
    assert!(j["details"].as_array().unwrap().is_empty());
    assert!(j["message"].as_str().unwrap().len() <= rest::MAX_MESSAGE_LEN);

    // an unknown route: a short JSON 404
    let r = get(a, "/cosmos/nothing/here").await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        serde_json::json!({"code": 5, "message": "not found", "details": []})
    );
    assert!(r.body.len() < 100);

    // malformed parameters: 400 with a short message
    for target in [
        "/cosmos/staking/v1beta1/validators?pagination.limit=abc".to_string(),
        "/cosmos/base/tendermint/v1beta1/blocks/notanumber".to_string(),
        format!(
            "/cosmos/staking/v1beta1/validators?pagination.limit={}",
            "9".repeat(5000)
        ),
    ] {
        let r = get(a, &target).await;
        assert_eq!(r.status, 400, "{target}: {}", r.body);
        assert_eq!(r.json()["code"], 3);
        assert!(r.body.len() < 400, "{}", r.body);
    }

    // a POST with a body that is not JSON
    let r = request(
        a,
        "POST",
        "/cosmos/tx/v1beta1/simulate",
        "Content-Type: application/json\r\n",
        "{nope",
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);

    // the wrong method
    let r = request(a, "POST", "/cosmos/staking/v1beta1/validators", "", "{}").await;
    assert_eq!(r.status, 405, "{}", r.body);

    // CORS: a preflight from an allowed origin, a refused one, and the header on answers
    let r = request(
        a,
        "OPTIONS",
        "/cosmos/tx/v1beta1/txs",
        "Origin: https://wallet.example\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n",
        "",
    )
    .await;
    assert_eq!(r.status, 204);
    assert!(r
        .headers
        .contains("access-control-allow-origin: https://wallet.example"));
    assert!(r
        .headers
        .contains("access-control-allow-methods: get, post, options"));
    let r = request(
        a,
        "OPTIONS",
        "/cosmos/tx/v1beta1/txs",
        "Origin: https://evil.example\r\n",
        "",
    )
    .await;
    assert_eq!(r.status, 403);
    assert!(!r.headers.contains("access-control-allow-origin"));
    let r = request(
        a,
        "GET",
        "/openledger/attribution/v1/params",
        "Origin: https://wallet.example\r\n",
        "",
    )
    .await;
    assert!(r
        .headers
        .contains("access-control-allow-origin: https://wallet.example"));

    // the OpenAPI document
    let r = get(a, rest::OPENAPI_PATH).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/cosmos/bank/v1beta1/balances/{address}"]["get"].is_object());
    assert!(doc["paths"]["/cosmos/tx/v1beta1/txs"]["post"]["requestBody"].is_object());

    gw.server.abort();
}

#[test]
fn committed_openapi_document_is_what_the_generator_writes() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let doc = rest::openapi::document(&rest::served_routes());
    let generated = format!("{}\n", serde_json::to_string_pretty(&doc).unwrap());
    assert!(
        committed == generated,
        "docs/openapi.json is stale: run `openledgerd openapi > docs/openapi.json`"
    );
}

#[test]
fn every_annotated_route_of_our_services_resolves() {
    let routes = rest::served_routes();
    let ours: Vec<_> = routes
        .iter()
        .filter(|r| r.template.starts_with("/openledger/"))
        .collect();
    assert!(ours.len() >= 30, "{} openledger routes", ours.len());
    for r in ours {
        assert!(r.grpc_path.starts_with("/openledger."), "{}", r.grpc_path);
    }
}

#[test]
fn route_table_in_the_docs_is_what_the_generator_writes() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/clients.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let table = doc
        .split_once("<!-- routes:begin -->\n")
        .and_then(|(_, rest)| rest.split_once("<!-- routes:end -->"))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    assert!(
        table == rest::openapi::markdown(&rest::served_routes()),
        "the route table of docs/clients.md is stale: run `openledgerd openapi --markdown`"
    );
}
