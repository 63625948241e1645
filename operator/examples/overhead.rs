//! Gateway overhead per request: the same chat completions sent straight to a backend and
//! through the gateway (signature check, fee pre-check, forwarding, attribution, record
//! batching), with an in-process fake backend, fake chain and stand-in engine.
//!
//!     cargo run --release -p openledger-operator --example overhead -- --requests 500
//!
//! Prints p50/p99 latencies in microseconds, as JSON. The batch interval defaults to 0 so that
//! the figures are the gateway's own work; with a real chain each response also waits for its
//! record's inclusion (up to batch_interval_ms plus a block), unless receipt_timeout_ms is low.

#![allow(clippy::disallowed_methods)] // a benchmark reads the clock

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use openledger_operator::auth;
use openledger_operator::clock::unix_now;
use openledger_operator::fakes::{FakeAttributor, FakeBackend, FakeBackendOptions, FakeChain};
use openledger_operator::{Config, Gateway, ModelEntry};
use secp256k1::SecretKey;
use serde_json::json;

#[derive(Parser)]
struct Args {
    /// Requests measured per case.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// The gateway's batch_interval_ms.
    #[arg(long, default_value_t = 0)]
    batch_interval_ms: u64,
}

const QUOTE: &str = "Lighthouse keepers kept the lamp burning from sunset to sunrise and wound the clockwork that turned the lens every few hours.";

fn percentile(sorted: &[Duration], p: f64) -> u128 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_micros()
}

fn summary(mut samples: Vec<Duration>) -> serde_json::Value {
    samples.sort();
    json!({"p50_us": percentile(&samples, 0.50), "p99_us": percentile(&samples, 0.99), "n": samples.len()})
}

fn body(stream: bool, i: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": format!("question number {i} about lighthouses")}],
        "stream": stream,
        "max_tokens": 128,
    }))
    .unwrap()
}

async fn time_requests(
    http: &reqwest::Client,
    url: &str,
    n: usize,
    stream: bool,
    key: Option<&SecretKey>,
    salt: &str,
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let path = "/v1/chat/completions";
        let body = body(stream, i);
        let mut req = http
            .post(format!("{url}{path}"))
            .header("content-type", "application/json");
        if let Some(key) = key {
            let nonce = format!("{salt}-{i}");
            let address = auth::address_of_secret(key);
            for (name, value) in
                auth::sign_request(key, &address, "POST", path, &body, &nonce, unix_now() + 120)
            {
                req = req.header(name, value);
            }
        }
        let start = Instant::now();
        let response = req.body(body).send().await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let bytes = response.bytes().await.unwrap();
        samples.push(start.elapsed());
        assert!(!bytes.is_empty());
    }
    samples
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let backend = FakeBackend::spawn(FakeBackendOptions {
        reply: Some(format!(
            "Here is an answer. {QUOTE} And a short closing line."
        )),
        ..FakeBackendOptions::default()
    })
    .await
    .unwrap();
    let chain = Arc::new(FakeChain::new());
    chain.fund_everyone(u128::MAX / 4);
    let attributor = Arc::new(FakeAttributor::new(vec![
        (1, QUOTE.to_string()),
        (
            2,
            "Olive harvest in the hills usually starts in late October.".into(),
        ),
    ]));
    let mut config = Config::new(
        backend.url(),
        vec![ModelEntry {
            name: "openledger/1".into(),
            model_id: 1,
            model_version: 1,
            backend_model: "base".into(),
            max_output_tokens: 256,
            backend_params: Default::default(),
        }],
    );
    config.batch_interval_ms = args.batch_interval_ms;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway_url = format!("http://{}", listener.local_addr().unwrap());
    let gateway = Gateway::new(config, chain.clone(), attributor).unwrap();
    tokio::spawn(gateway.serve_on(listener, std::future::pending(), Duration::ZERO));

    let http = reqwest::Client::new();
    let key = SecretKey::from_slice(&[42; 32]).unwrap();
    let backend_url = format!("http://{}", backend.addr);
    let n = args.requests;

    // warm up both paths
    time_requests(&http, &backend_url, 20, false, None, "w").await;
    time_requests(&http, &gateway_url, 20, false, Some(&key), "w").await;

    let sign_start = Instant::now();
    for i in 0..n {
        let body = body(false, i);
        std::hint::black_box(auth::sign_request(
            &key,
            "open1x",
            "POST",
            "/v1/chat/completions",
            &body,
            "n",
            1,
        ));
    }
    let sign_us = sign_start.elapsed().as_micros() as f64 / n as f64;

    let mut report = serde_json::Map::new();
    for (label, stream) in [("non_streamed", false), ("streamed", true)] {
        let direct = time_requests(&http, &backend_url, n, stream, None, label).await;
        let through = time_requests(&http, &gateway_url, n, stream, Some(&key), label).await;
        let (d, g) = (summary(direct), summary(through));
        let overhead = json!({
            "p50_us": g["p50_us"].as_u64().unwrap_or(0) as i64 - d["p50_us"].as_u64().unwrap_or(0) as i64,
            "p99_us": g["p99_us"].as_u64().unwrap_or(0) as i64 - d["p99_us"].as_u64().unwrap_or(0) as i64,
        });
        report.insert(
            label.into(),
            json!({"direct": d, "gateway": g, "overhead": overhead}),
        );
    }
    report.insert(
        "client_signing_us_per_request".into(),
        json!(sign_us.round()),
    );
    report.insert("requests_per_case".into(), json!(n));
    report.insert("batch_interval_ms".into(), json!(args.batch_interval_ms));
    report.insert("records".into(), json!(chain.records().len()));
    report.insert("record_txs".into(), json!(chain.txs()));
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::Value::Object(report)).unwrap()
    );
}
