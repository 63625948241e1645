//! The gateway end to end: signed requests, the fee pre-check, forwarding, attribution,
//! batching and retries, against a fake chain and a fake backend over HTTP.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use openledger_operator::auth;
use openledger_operator::clock::unix_now;
use openledger_operator::fakes::{FakeBackendOptions, FakeChain};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const CHAT: &str = "/v1/chat/completions";

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn lists_the_configured_models() {
    let h = start().await;
    let v: Value = h
        .http
        .get(format!("{}/v1/models", h.url))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
    assert_eq!(v["object"], "list");
    assert_eq!(v["data"][0]["id"], "openledger/1");
    assert_eq!(v["data"][0]["object"], "model");
    assert_eq!(v["data"][0]["owned_by"], "openledger");
    assert_eq!(v["data"][0]["openledger"]["model_version"], 3);
    assert!(v["data"][0]["created"].as_u64().is_some());
}

#[tokio::test]
async fn non_streaming_happy_path() {
    let h = start().await;
    let user = key(1);
    h.chain.fund(&address(&user), 1_000_000);
    let signed = sign(&user, CHAT, chat_body(false), "n-1");
    let (status, v) = h.send_json(&signed).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["choices"][0]["message"]["content"], REPLY);
    assert_eq!(v["model"], "openledger/1");
    let ol = &v["openledger"];
    assert_eq!(ol["status"], "recorded", "{ol}");
    assert_eq!(ol["receipt_id"], 1);
    assert_eq!(ol["model_id"], 1);
    assert_eq!(ol["model_version"], 3);
    assert_eq!(ol["request_id"], auth::request_id(&address(&user), "n-1"));
    assert_eq!(ol["engine_version"], 1);
    assert_eq!(ol["engine_params_id"], 1);
    assert_eq!(
        ol["entries"],
        json!([{"contribution_id": 7, "weight_ppm": 1_000_000}])
    );
    assert_eq!(ol["spans"][0]["contribution_id"], 7);
    assert_eq!(ol["spans"][0]["start"], REPLY.find(QUOTED).unwrap() as u64);
    assert_eq!(ol["evidence_hash"].as_str().unwrap().len(), 64);
    // the fake backend counts a quarter of the characters
    let (input, output) = (
        ol["input_tokens"].as_u64().unwrap(),
        ol["output_tokens"].as_u64().unwrap(),
    );
    assert_eq!(output, (REPLY.len() as u64).div_ceil(4));
    assert_eq!(ol["fee"], (input + output + 10).to_string());

    // what went to the backend
    let sent = h.backend.received();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["model"], "adapter-one");
    assert_eq!(sent[0]["max_tokens"], 64);
    assert!(sent[0].get("stream_options").is_none());

    // what went to the chain
    let records = h.chain.records();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.user, address(&user));
    assert_eq!((r.model_id, r.model_version), (1, 3));
    assert_eq!(
        r.output_hash,
        <[u8; 32]>::from(Sha256::digest(REPLY.as_bytes()))
    );
    assert_eq!(
        r.prompt_hash,
        <[u8; 32]>::from(Sha256::digest(&signed.body))
    );
    assert_eq!(r.entries.len(), 1);
    assert_eq!(
        h.chain.limit(&address(&user)),
        Some(1_000_000 - (input + output + 10) as u128)
    );
}

#[tokio::test]
async fn completions_endpoint() {
    let h = start().await;
    let user = key(2);
    h.chain.fund(&address(&user), 1_000_000);
    let body =
        serde_json::to_vec(&json!({"model": "openledger/1", "prompt": "Arno", "max_tokens": 100}))
            .unwrap();
    let (status, v) = h
        .send_json(&sign(&user, "/v1/completions", body, "c1"))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["choices"][0]["text"], REPLY);
    assert_eq!(v["openledger"]["status"], "recorded");
    assert_eq!(v["openledger"]["entries"][0]["contribution_id"], 7);
    assert_eq!(h.backend.received()[0]["max_tokens"], 100);
}

#[tokio::test]
async fn streaming_happy_path() {
    let h = start().await;
    let user = key(3);
    h.chain.fund(&address(&user), 1_000_000);
    let r = h.send(&sign(&user, CHAT, chat_body(true), "s-1")).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let body = r.text().await.unwrap();
    let events = sse_events(&body);
    assert_eq!(events.last().unwrap(), "[DONE]");
    let receipt: Value = serde_json::from_str(&events[events.len() - 2]).unwrap();
    assert_eq!(receipt["object"], "openledger.receipt");
    let ol = &receipt["openledger"];
    assert_eq!(ol["status"], "recorded", "{ol}");
    assert_eq!(ol["receipt_id"], 1);
    assert_eq!(ol["entries"][0]["contribution_id"], 7);
    let mut text = String::new();
    for e in &events[..events.len() - 2] {
        let chunk: Value = serde_json::from_str(e).unwrap();
        assert_eq!(chunk["model"], "openledger/1");
        // the client did not ask for usage: the usage chunk is not passed on
        assert!(!chunk["choices"].as_array().unwrap().is_empty(), "{chunk}");
        text.push_str(
            chunk["choices"][0]["delta"]["content"]
                .as_str()
                .unwrap_or_default(),
        );
    }
    assert_eq!(text, REPLY);
    let sent = &h.backend.received()[0];
    assert_eq!(sent["stream_options"]["include_usage"], true);
    assert_eq!(sent["model"], "adapter-one");
    let records = h.chain.records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].output_hash,
        <[u8; 32]>::from(Sha256::digest(REPLY.as_bytes()))
    );
}

#[tokio::test]
async fn streaming_passes_usage_on_when_asked() {
    let h = start().await;
    let user = key(4);
    h.chain.fund(&address(&user), 1_000_000);
    let body = serde_json::to_vec(&json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": true,
        "stream_options": {"include_usage": true},
    }))
    .unwrap();
    let body = h
        .send(&sign(&user, CHAT, body, "s-2"))
        .await
        .text()
        .await
        .unwrap();
    let events = sse_events(&body);
    let usage_chunk: Value = serde_json::from_str(&events[events.len() - 3]).unwrap();
    assert_eq!(usage_chunk["choices"], json!([]));
    assert!(usage_chunk["usage"]["completion_tokens"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn signature_refusals() {
    let h = start().await;
    let user = key(5);
    let addr = address(&user);
    h.chain.fund(&addr, 1_000_000);
    let now = unix_now();

    // a signature over another body
    let mut s = sign(&user, CHAT, chat_body(false), "a1");
    s.body = chat_body(true);
    let (status, v) = h.send_json(&s).await;
    assert_eq!((status, error_code(&v)), (401, "invalid_signature"), "{v}");
    assert_eq!(v["error"]["type"], "authentication_error");

    // another path
    let mut s = sign(&user, CHAT, chat_body(false), "a2");
    s.path = "/v1/completions".into();
    assert_eq!(h.send_json(&s).await.0, 401);

    // a key that is not the address's
    let s = sign_with(&key(6), &addr, CHAT, chat_body(false), "a3", now + 60);
    let (status, v) = h.send_json(&s).await;
    assert_eq!(status, 401);
    assert_eq!(
        v["error"]["message"],
        "the public key does not belong to the address"
    );

    // expired, and too far ahead
    let s = sign_with(&user, &addr, CHAT, chat_body(false), "a4", now - 5);
    let (status, v) = h.send_json(&s).await;
    assert_eq!((status, error_code(&v)), (401, "invalid_expiry"));
    let s = sign_with(&user, &addr, CHAT, chat_body(false), "a5", now + 1000);
    assert_eq!(h.send_json(&s).await.0, 401);

    // malformed or missing headers
    for (name, value) in [
        (auth::HEADER_SIGNATURE, Some("not base64!")),
        (auth::HEADER_PUBKEY, Some("AAAA")),
        (auth::HEADER_NONCE, Some("has space")),
        (auth::HEADER_EXPIRY, Some("soon")),
        (auth::HEADER_ADDRESS, Some("cosmos1xyz")),
        (auth::HEADER_SIGNATURE, None),
        (auth::HEADER_ADDRESS, None),
    ] {
        let mut s = sign(&user, CHAT, chat_body(false), "a6");
        s.headers.retain(|(n, _)| *n != name);
        if let Some(value) = value {
            s.headers.push((name, value.to_string()));
        }
        let (status, v) = h.send_json(&s).await;
        assert_eq!(status, 401, "{name}: {v}");
        assert_eq!(v["error"]["type"], "authentication_error");
    }

    // no refused request reached the backend or the chain
    assert!(h.backend.received().is_empty());
    assert!(h.chain.records().is_empty());

    // a good one still passes
    let (status, _) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "a7"))
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_replayed_request_is_refused_and_recorded_once() {
    let h = start().await;
    let user = key(8);
    h.chain.fund(&address(&user), 1_000_000);
    let s = sign(&user, CHAT, chat_body(false), "once");
    let (status, first) = h.send_json(&s).await;
    assert_eq!(status, 200);
    assert_eq!(first["openledger"]["status"], "recorded");
    let (status, v) = h.send_json(&s).await;
    assert_eq!(status, 409);
    assert_eq!(v["error"]["message"], "replayed request");
    assert_eq!(h.chain.records().len(), 1);
    assert_eq!(h.backend.received().len(), 1);
}

#[tokio::test]
async fn a_replay_to_a_restarted_gateway_is_not_charged_again() {
    // A second gateway (a restart: no nonces remembered) on the same chain.
    let h = start().await;
    let user = key(9);
    h.chain.fund(&address(&user), 1_000_000);
    let s = sign(&user, CHAT, chat_body(false), "restart");
    let (_, first) = h.send_json(&s).await;
    let limit = h.chain.limit(&address(&user));
    let (url, _stop) = start_gateway(config(h.backend.url()), h.chain.clone()).await;
    let r = send_to(&h.http, &url, &s).await;
    assert_eq!(r.status(), 200);
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(v["openledger"]["status"], "already_recorded");
    assert_eq!(
        v["openledger"]["receipt_id"],
        first["openledger"]["receipt_id"]
    );
    assert_eq!(h.chain.records().len(), 1);
    assert_eq!(h.chain.limit(&address(&user)), limit);
}

#[tokio::test]
async fn unfunded_user_gets_402_and_nothing_is_recorded() {
    let h = start().await;
    let (status, v) = h
        .send_json(&sign(&key(10), CHAT, chat_body(false), "u1"))
        .await;
    assert_eq!(status, 402, "{v}");
    assert_eq!(error_code(&v), "no_deposit");
    assert_eq!(v["error"]["message"], "the user has no inference deposit");

    // funded, but less than the ceiling: input estimate + 64 default output tokens + 10
    let poor = key(11);
    h.chain.fund(&address(&poor), 50);
    let (status, v) = h
        .send_json(&sign(&poor, CHAT, chat_body(false), "u2"))
        .await;
    assert_eq!((status, error_code(&v)), (402, "insufficient_funds"), "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("only covers 50"));

    assert!(h.backend.received().is_empty());
    assert!(h.chain.records().is_empty());
    assert_eq!(h.chain.attempts(), 0);
}

#[tokio::test]
async fn unknown_model_is_404() {
    let h = start().await;
    let user = key(12);
    h.chain.fund(&address(&user), 1_000_000);
    let body = serde_json::to_vec(&json!({"model": "gpt-4", "messages": []})).unwrap();
    let (status, v) = h.send_json(&sign(&user, CHAT, body, "m1")).await;
    assert_eq!(status, 404);
    assert_eq!(error_code(&v), "model_not_found");
    assert_eq!(v["error"]["type"], "invalid_request_error");
    assert_eq!(v["error"]["message"], "The model `gpt-4` does not exist");
}

#[tokio::test]
async fn bad_bodies_are_400() {
    let h = start().await;
    let user = key(13);
    h.chain.fund(&address(&user), 1_000_000);
    for (nonce, body) in [
        ("b1", b"not json".to_vec()),
        ("b2", b"[1]".to_vec()),
        ("b3", br#"{"messages":[]}"#.to_vec()),
        ("b4", br#"{"model":"openledger/1","n":2}"#.to_vec()),
        ("b5", br#"{"model":"openledger/1","max_tokens":0}"#.to_vec()),
        ("b6", br#"{"model":"openledger/1","stream":"yes"}"#.to_vec()),
    ] {
        let (status, v) = h.send_json(&sign(&user, CHAT, body, nonce)).await;
        assert_eq!(status, 400, "{nonce}: {v}");
        assert_eq!(v["error"]["type"], "invalid_request_error");
    }
}

#[tokio::test]
async fn body_too_large_is_413() {
    let h = start_with(FakeBackendOptions::default(), |c| c.max_body_bytes = 1000).await;
    let user = key(14);
    h.chain.fund(&address(&user), 1_000_000);
    let body = serde_json::to_vec(&json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": "x".repeat(2000)}],
    }))
    .unwrap();
    let (status, v) = h.send_json(&sign(&user, CHAT, body, "big")).await;
    assert_eq!(status, 413);
    assert_eq!(error_code(&v), "request_too_large");
    assert!(h.backend.received().is_empty());
}

#[tokio::test]
async fn backend_down_is_502() {
    let h = start_with(FakeBackendOptions::default(), |c| {
        c.backend_url = format!("http://{}/v1", closed_port());
    })
    .await;
    let user = key(15);
    h.chain.fund(&address(&user), 1_000_000);
    for (nonce, stream) in [("d1", false), ("d2", true)] {
        let (status, v) = h
            .send_json(&sign(&user, CHAT, chat_body(stream), nonce))
            .await;
        assert_eq!(status, 502, "{v}");
        assert_eq!(error_code(&v), "backend_unavailable");
        assert_eq!(
            v["error"]["message"],
            "the inference backend is unavailable"
        );
        assert!(v.to_string().len() < 200);
    }
    assert!(h.chain.records().is_empty());
}

#[tokio::test]
async fn no_usage_means_nothing_recorded() {
    let h = start_with(
        FakeBackendOptions {
            reply: Some(REPLY.into()),
            send_usage: false,
            ..FakeBackendOptions::default()
        },
        |_| {},
    )
    .await;
    let user = key(16);
    h.chain.fund(&address(&user), 1_000_000);
    let (status, v) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "nu1"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["choices"][0]["message"]["content"], REPLY);
    assert_eq!(v["openledger"]["status"], "unrecorded");
    assert!(v["openledger"]["error"]
        .as_str()
        .unwrap()
        .contains("no token usage"));

    let body = h
        .send(&sign(&user, CHAT, chat_body(true), "nu2"))
        .await
        .text()
        .await
        .unwrap();
    let events = sse_events(&body);
    let receipt: Value = serde_json::from_str(&events[events.len() - 2]).unwrap();
    assert_eq!(receipt["openledger"]["status"], "unrecorded");
    assert!(h.chain.records().is_empty());
}

#[tokio::test]
async fn concurrent_requests_are_batched() {
    let h = start_with(
        FakeBackendOptions {
            reply: Some(REPLY.into()),
            ..FakeBackendOptions::default()
        },
        |c| c.batch_interval_ms = 300,
    )
    .await;
    let h = Arc::new(h);
    let n = 12;
    let mut tasks = Vec::new();
    for i in 0..n {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let user = key(100 + i as u8);
            h.chain.fund(&address(&user), 1_000_000);
            let stream = i % 2 == 0;
            let r = h
                .send(&sign(&user, CHAT, chat_body(stream), &format!("batch-{i}")))
                .await;
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }));
    }
    for t in tasks {
        let body = t.await.unwrap();
        assert!(body.contains("\"status\":\"recorded\""), "{body}");
    }
    assert_eq!(h.chain.records().len(), n);
    let txs = h.chain.txs();
    assert!(txs < n / 2, "{n} requests took {txs} transactions");
}

#[tokio::test]
async fn max_records_per_tx_is_respected() {
    let h = Arc::new(
        start_with(FakeBackendOptions::default(), |c| {
            c.batch_interval_ms = 300;
            c.max_records_per_tx = 2;
        })
        .await,
    );
    let mut tasks = Vec::new();
    for i in 0..6u8 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let user = key(150 + i);
            h.chain.fund(&address(&user), 1_000_000);
            h.send_json(&sign(&user, CHAT, chat_body(false), "mx"))
                .await
        }));
    }
    for t in tasks {
        let (status, v) = t.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(v["openledger"]["status"], "recorded");
    }
    assert_eq!(h.chain.records().len(), 6);
    assert!(h.chain.txs() >= 3);
}

#[tokio::test]
async fn transient_chain_errors_are_retried() {
    let h = start().await;
    let user = key(17);
    h.chain.fund(&address(&user), 1_000_000);
    h.chain.fail_next(2);
    let (status, v) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "retry"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["openledger"]["status"], "recorded", "{v}");
    assert_eq!(h.chain.attempts(), 3);
    assert_eq!(h.chain.txs(), 1);
    assert_eq!(h.chain.records().len(), 1);
}

#[tokio::test]
async fn a_rejected_batch_is_split() {
    let h =
        Arc::new(start_with(FakeBackendOptions::default(), |c| c.batch_interval_ms = 300).await);
    h.chain.reject_next(1);
    let mut tasks = Vec::new();
    for i in 0..3u8 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let user = key(170 + i);
            h.chain.fund(&address(&user), 1_000_000);
            h.send_json(&sign(&user, CHAT, chat_body(false), "rj"))
                .await
        }));
    }
    for t in tasks {
        let (status, v) = t.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(v["openledger"]["status"], "recorded", "{v}");
    }
    // one rejected batch of 3, then 3 single-record transactions
    assert_eq!(h.chain.attempts(), 4);
    assert_eq!(h.chain.records().len(), 3);
}

#[tokio::test]
async fn slow_inclusion_answers_pending() {
    let h = start_with(FakeBackendOptions::default(), |c| {
        c.receipt_timeout_ms = 100
    })
    .await;
    h.chain.set_tx_delay(Duration::from_millis(600));
    let user = key(18);
    h.chain.fund(&address(&user), 1_000_000);
    let (status, v) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "slow"))
        .await;
    assert_eq!(status, 200);
    let ol = &v["openledger"];
    assert_eq!(ol["status"], "pending");
    assert_eq!(ol["request_id"], auth::request_id(&address(&user), "slow"));
    assert!(ol.get("receipt_id").is_none());
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(h.chain.records().len(), 1);
}

#[tokio::test]
async fn model_not_served_on_chain_is_503() {
    let h = start().await;
    let user = key(19);
    h.chain.fund(&address(&user), 1_000_000);
    h.chain.unserve(1);
    let (status, v) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "ns"))
        .await;
    assert_eq!((status, error_code(&v)), (503, "model_not_served"));
}

#[tokio::test]
async fn the_request_client_round_trips() {
    use openledger_operator::client::{send_chat, ChatRequest, ClientError};
    let h = start().await;
    let user = key(20);
    h.chain.fund(&address(&user), 1_000_000);
    let mut req = ChatRequest {
        gateway: h.url.clone(),
        model: "openledger/1".into(),
        message: "hello".into(),
        stream: false,
        max_tokens: Some(50),
        expiry_secs: 60,
        nonce: None,
    };
    let v = send_chat(&user, &req).await.unwrap();
    assert_eq!(v["openledger"]["status"], "recorded");
    req.stream = true;
    let v = send_chat(&user, &req).await.unwrap();
    assert_eq!(v["text"], REPLY);
    assert_eq!(v["openledger"]["status"], "recorded");
    req.nonce = Some("fixed".into());
    send_chat(&user, &req).await.unwrap();
    match send_chat(&user, &req).await {
        Err(ClientError::Refused { status: 409, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(h.chain.records().len(), 3);
}

#[tokio::test]
async fn fake_chain_limits() {
    let chain = FakeChain::new();
    chain.fund("a", 5);
    assert_eq!(chain.limit("a"), Some(5));
    assert_eq!(chain.limit("b"), None);
    chain.fund_everyone(7);
    assert_eq!(chain.limit("b"), Some(7));
}

#[tokio::test]
async fn backend_params_override_the_client() {
    let h = start_with(FakeBackendOptions::default(), |c| {
        c.models[0]
            .backend_params
            .insert("lora".into(), json!([{"id": 1, "scale": 1.0}]));
    })
    .await;
    let user = key(21);
    h.chain.fund(&address(&user), 1_000_000);
    let body = serde_json::to_vec(&json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": "hi"}],
        "lora": [{"id": 0, "scale": 1.0}],
        "temperature": 0.5,
    }))
    .unwrap();
    let (status, _) = h.send_json(&sign(&user, CHAT, body, "lora")).await;
    assert_eq!(status, 200);
    let sent = &h.backend.received()[0];
    assert_eq!(sent["lora"], json!([{"id": 1, "scale": 1.0}]));
    assert_eq!(sent["temperature"], 0.5);
}

#[tokio::test]
async fn over_the_concurrency_cap_is_429() {
    let h = start_with(
        FakeBackendOptions {
            chunk_delay: Duration::from_millis(100),
            ..FakeBackendOptions::default()
        },
        |c| c.max_concurrent_requests = 1,
    )
    .await;
    let user = key(22);
    h.chain.fund(&address(&user), 1_000_000);
    // a slow stream holds the only slot until its end
    let slow = h.send(&sign(&user, CHAT, chat_body(true), "cap-1")).await;
    assert_eq!(slow.status(), 200);
    let (status, v) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "cap-2"))
        .await;
    assert_eq!((status, error_code(&v)), (429, "too_many_requests"));
    let body = slow.text().await.unwrap();
    assert!(body.contains("openledger.receipt"));
    // the slot is released when the stream's task ends, just after its last event
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, _) = h
        .send_json(&sign(&user, CHAT, chat_body(false), "cap-3"))
        .await;
    assert_eq!(status, 200);
}
