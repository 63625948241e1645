//! A gateway on 127.0.0.1 with a fake chain, the stand-in attribution engine and an in-process
//! fake backend.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use openledger_operator::auth;
use openledger_operator::clock::unix_now;
use openledger_operator::fakes::{FakeAttributor, FakeBackend, FakeBackendOptions, FakeChain};
use openledger_operator::{Attributor, Config, Gateway, ModelEntry};
use secp256k1::SecretKey;
use serde_json::Value;

/// The contribution the default reply quotes.
pub const QUOTED: &str = "The river Arno floods Florence about once a century.";
pub const REPLY: &str =
    "Here is what I found. The river Arno floods Florence about once a century. Stay dry.";

pub struct Harness {
    pub url: String,
    pub chain: Arc<FakeChain>,
    pub backend: FakeBackend,
    pub http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub fn model() -> ModelEntry {
    ModelEntry {
        name: "openledger/1".into(),
        model_id: 1,
        model_version: 3,
        backend_model: "adapter-one".into(),
        max_output_tokens: 64,
        backend_params: Default::default(),
    }
}

pub fn config(backend_url: String) -> Config {
    let mut c = Config::new(backend_url, vec![model()]);
    c.batch_interval_ms = 20;
    c.receipt_timeout_ms = 10_000;
    c
}

pub fn attributor() -> Arc<FakeAttributor> {
    Arc::new(FakeAttributor::new(vec![
        (7, format!("Some preamble line here. {QUOTED} More text.")),
        (
            9,
            "An unrelated contribution about the sea and boats.".into(),
        ),
    ]))
}

pub async fn start_gateway(
    config: Config,
    chain: Arc<FakeChain>,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    start_gateway_with(config, chain, attributor()).await
}

pub async fn start_gateway_with(
    config: Config,
    chain: Arc<FakeChain>,
    attributor: Arc<dyn Attributor>,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let gateway = Gateway::new(config, chain, attributor).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gateway.serve_on(
        listener,
        async move {
            let _ = stopped.await;
        },
        Duration::from_secs(1),
    ));
    (format!("http://{addr}"), stop)
}

/// A gateway whose configuration `tweak` may change; the fake chain funds nobody.
pub async fn start_with(options: FakeBackendOptions, tweak: impl FnOnce(&mut Config)) -> Harness {
    let backend = FakeBackend::spawn(options).await.unwrap();
    let chain = Arc::new(FakeChain::new());
    let mut c = config(backend.url());
    tweak(&mut c);
    let (url, stop) = start_gateway(c, chain.clone()).await;
    Harness {
        url,
        chain,
        backend,
        http: reqwest::Client::new(),
        stop: Some(stop),
    }
}

/// A gateway in front of a backend answering [`REPLY`].
pub async fn start() -> Harness {
    start_with(
        FakeBackendOptions {
            reply: Some(REPLY.into()),
            ..FakeBackendOptions::default()
        },
        |_| {},
    )
    .await
}

pub fn key(n: u8) -> SecretKey {
    SecretKey::from_slice(&[n; 32]).unwrap()
}

pub fn address(key: &SecretKey) -> String {
    auth::address_of_secret(key)
}

pub fn chat_body(stream: bool) -> Vec<u8> {
    let mut body = serde_json::json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": "Tell me about the Arno."}],
    });
    if stream {
        body["stream"] = Value::Bool(true);
    }
    serde_json::to_vec(&body).unwrap()
}

/// A signed request as the user would send it.
pub struct Signed {
    pub path: String,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

pub fn sign(key: &SecretKey, path: &str, body: Vec<u8>, nonce: &str) -> Signed {
    sign_with(key, &address(key), path, body, nonce, unix_now() + 60)
}

pub fn sign_with(
    key: &SecretKey,
    address: &str,
    path: &str,
    body: Vec<u8>,
    nonce: &str,
    expiry: u64,
) -> Signed {
    let headers = auth::sign_request(key, address, "POST", path, &body, nonce, expiry);
    Signed {
        path: path.into(),
        body,
        headers,
    }
}

impl Harness {
    pub async fn send(&self, signed: &Signed) -> reqwest::Response {
        send_to(&self.http, &self.url, signed).await
    }

    /// Sends and returns (status, JSON body).
    pub async fn send_json(&self, signed: &Signed) -> (u16, Value) {
        let r = self.send(signed).await;
        let status = r.status().as_u16();
        let bytes = r.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}

pub async fn send_to(http: &reqwest::Client, url: &str, signed: &Signed) -> reqwest::Response {
    let mut req = http
        .post(format!("{url}{}", signed.path))
        .header("content-type", "application/json")
        .body(signed.body.clone());
    for (name, value) in &signed.headers {
        req = req.header(*name, value);
    }
    req.send().await.unwrap()
}

/// The `data` of each SSE event of a body.
pub fn sse_events(body: &str) -> Vec<String> {
    body.split("\n\n")
        .filter_map(|e| e.trim().strip_prefix("data: ").map(str::to_string))
        .collect()
}

/// A port nothing listens on.
pub fn closed_port() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}
