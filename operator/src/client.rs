//! A client of the gateway: signs and sends a chat completion (the `request` command).

use std::time::Duration;

use futures::StreamExt as _;
use rand_core::{OsRng, RngCore as _};
use secp256k1::SecretKey;
use serde_json::{json, Value};

use crate::auth;
use crate::clock::unix_now;
use crate::sse::SseReader;

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot reach the gateway: {0}")]
    Http(String),
    /// The gateway answered with an error status: its JSON body.
    #[error("the gateway answered HTTP {status}")]
    Refused { status: u16, body: Value },
    #[error("the gateway's answer is not valid: {0}")]
    Invalid(String),
}

/// One chat completion to send.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    /// The gateway's base URL (`http://127.0.0.1:8088`).
    pub gateway: String,
    pub model: String,
    pub message: String,
    pub stream: bool,
    pub max_tokens: Option<u64>,
    /// Seconds until the request expires (at most 300).
    pub expiry_secs: u64,
    /// The nonce; random when `None`.
    pub nonce: Option<String>,
}

/// A secret key from hex (64 characters, `0x` allowed).
pub fn parse_secret_key_hex(text: &str) -> Result<SecretKey, ClientError> {
    let text = text.trim();
    let text = text.strip_prefix("0x").unwrap_or(text);
    let bytes =
        hex::decode(text).map_err(|_| ClientError::Usage("the secret key is not hex".into()))?;
    SecretKey::from_slice(&bytes)
        .map_err(|_| ClientError::Usage("the secret key is not a 32-byte secp256k1 key".into()))
}

/// A random nonce: 32 hex characters.
pub fn random_nonce() -> Result<String, ClientError> {
    let mut bytes = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| ClientError::Usage("no randomness for a nonce".into()))?;
    Ok(hex::encode(bytes))
}

/// The JSON body of a chat completion request.
pub fn chat_body(model: &str, message: &str, stream: bool, max_tokens: Option<u64>) -> Value {
    let mut body = json!({
        "model": model,
        "messages": [{"role": "user", "content": message}],
    });
    if stream {
        body["stream"] = json!(true);
    }
    if let Some(n) = max_tokens {
        body["max_tokens"] = json!(n);
    }
    body
}

/// Signs and sends a chat completion. Returns the gateway's JSON; for a stream,
/// `{"text": the concatenated deltas, "openledger": the receipt event's field, "chunks": n}`.
pub async fn send_chat(secret_key: &SecretKey, req: &ChatRequest) -> Result<Value, ClientError> {
    let path = "/v1/chat/completions";
    let body = serde_json::to_vec(&chat_body(
        &req.model,
        &req.message,
        req.stream,
        req.max_tokens,
    ))
    .map_err(|e| ClientError::Usage(e.to_string()))?;
    let nonce = match &req.nonce {
        Some(n) if auth::valid_nonce(n) => n.clone(),
        Some(_) => {
            return Err(ClientError::Usage(
                "a nonce is 1 to 64 characters of A-Z a-z 0-9 _ -".into(),
            ))
        }
        None => random_nonce()?,
    };
    let expiry = unix_now() + req.expiry_secs.clamp(1, auth::MAX_EXPIRY_AHEAD_SECS);
    let address = auth::address_of_secret(secret_key);
    let headers = auth::sign_request(secret_key, &address, "POST", path, &body, &nonce, expiry);
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let mut request = client
        .post(format!(
            "{}{path}",
            req.gateway.trim().trim_end_matches('/')
        ))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request
        .send()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        let bytes = response.bytes().await.unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            json!({"error": {"message": String::from_utf8_lossy(&bytes).chars().take(300).collect::<String>()}})
        });
        return Err(ClientError::Refused {
            status: status.as_u16(),
            body,
        });
    }
    if !req.stream {
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Http(e.to_string()))?;
        return serde_json::from_slice(&bytes).map_err(|e| ClientError::Invalid(e.to_string()));
    }
    let mut reader = SseReader::new();
    let mut text = String::new();
    let mut receipt = Value::Null;
    let mut chunks = 0usize;
    let mut done = false;
    let mut stream = response.bytes_stream();
    let mut events = Vec::new();
    while !done {
        match stream.next().await {
            Some(Ok(bytes)) => events.extend(
                reader
                    .push(&bytes)
                    .map_err(|e| ClientError::Invalid(e.to_string()))?,
            ),
            Some(Err(e)) => return Err(ClientError::Http(e.to_string())),
            None => {
                events.extend(
                    reader
                        .finish()
                        .map_err(|e| ClientError::Invalid(e.to_string()))?,
                );
                done = true;
            }
        }
        for data in events.drain(..) {
            if data.trim() == "[DONE]" {
                done = true;
                break;
            }
            let value: Value =
                serde_json::from_str(&data).map_err(|e| ClientError::Invalid(e.to_string()))?;
            if value["object"] == "openledger.receipt" {
                receipt = value["openledger"].clone();
                continue;
            }
            chunks += 1;
            if let Some(delta) = value
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
                text.push_str(delta);
            }
        }
    }
    Ok(json!({"text": text, "openledger": receipt, "chunks": chunks}))
}
