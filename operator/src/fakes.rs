//! In-memory stand-ins for the chain, the attribution engine and an OpenAI-compatible backend:
//! for tests, examples and `serve --dev-fake-chain`. Nothing here talks to a real chain.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures::StreamExt as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::chain::{
    AttributeError, AttributionEntry, AttributionResult, Attributor, BoxFuture, Chain, ChainError,
    ChainRefusal, InferenceRecord, Receipt, RecordOutcome, Span,
};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A chain in memory. Each user has a spending limit (deposit and grant in one); the fee is
/// `(input_tokens + output_tokens) × price_per_token + platform_fee`.
pub struct FakeChain {
    pub price_per_token: u128,
    pub platform_fee: u128,
    state: Mutex<FakeState>,
}

#[derive(Default)]
struct FakeState {
    limits: BTreeMap<String, u128>,
    default_limit: Option<u128>,
    recorded: BTreeMap<String, (InferenceRecord, Receipt)>,
    order: Vec<String>,
    next_receipt: u64,
    txs: usize,
    attempts: usize,
    fail_next: usize,
    reject_next: usize,
    tx_delay: Duration,
    unserved: Vec<u64>,
}

impl Default for FakeChain {
    fn default() -> Self {
        Self::new()
    }
}

impl FakeChain {
    /// Price 1 per token, platform fee 10, nobody funded.
    pub fn new() -> Self {
        Self {
            price_per_token: 1,
            platform_fee: 10,
            state: Mutex::new(FakeState {
                next_receipt: 1,
                ..FakeState::default()
            }),
        }
    }

    /// Gives `user` a spending limit of `amount`.
    pub fn fund(&self, user: &str, amount: u128) {
        lock(&self.state).limits.insert(user.to_string(), amount);
    }

    /// Gives every user not funded explicitly a limit of `amount`.
    pub fn fund_everyone(&self, amount: u128) {
        lock(&self.state).default_limit = Some(amount);
    }

    /// What `user` may still spend.
    pub fn limit(&self, user: &str) -> Option<u128> {
        let s = lock(&self.state);
        s.limits.get(user).copied().or(s.default_limit)
    }

    /// The next `n` record transactions fail transiently.
    pub fn fail_next(&self, n: usize) {
        lock(&self.state).fail_next = n;
    }

    /// The next `n` record transactions are rejected as a whole.
    pub fn reject_next(&self, n: usize) {
        lock(&self.state).reject_next = n;
    }

    /// Each record transaction takes `delay` (a block time).
    pub fn set_tx_delay(&self, delay: Duration) {
        lock(&self.state).tx_delay = delay;
    }

    /// This operator no longer serves `model_id`.
    pub fn unserve(&self, model_id: u64) {
        lock(&self.state).unserved.push(model_id);
    }

    /// Records written, in order.
    pub fn records(&self) -> Vec<InferenceRecord> {
        let s = lock(&self.state);
        s.order
            .iter()
            .filter_map(|id| s.recorded.get(id).map(|(r, _)| r.clone()))
            .collect()
    }

    /// Record transactions included.
    pub fn txs(&self) -> usize {
        lock(&self.state).txs
    }

    /// Record transactions submitted, failed ones included.
    pub fn attempts(&self) -> usize {
        lock(&self.state).attempts
    }

    fn fee(&self, input_tokens: u64, output_tokens: u64) -> u128 {
        (u128::from(input_tokens) + u128::from(output_tokens))
            .saturating_mul(self.price_per_token)
            .saturating_add(self.platform_fee)
    }
}

impl Chain for FakeChain {
    fn check_payable<'a>(
        &'a self,
        user: &'a str,
        model_id: u64,
        max_fee: u128,
    ) -> BoxFuture<'a, Result<(), ChainRefusal>> {
        Box::pin(async move {
            if lock(&self.state).unserved.contains(&model_id) {
                return Err(ChainRefusal::ModelNotServed(model_id));
            }
            match self.limit(user) {
                None => Err(ChainRefusal::NoDeposit),
                Some(available) if available < max_fee => Err(ChainRefusal::Insufficient {
                    what: "grant",
                    needed: max_fee,
                    available,
                }),
                Some(_) => Ok(()),
            }
        })
    }

    fn quote(
        &self,
        _model_id: u64,
        _model_version: u64,
        input_tokens: u64,
        output_tokens: u64,
    ) -> BoxFuture<'_, Result<u128, ChainError>> {
        Box::pin(async move { Ok(self.fee(input_tokens, output_tokens)) })
    }

    fn record_batch(
        &self,
        records: Vec<InferenceRecord>,
    ) -> BoxFuture<'_, Result<Vec<RecordOutcome>, ChainError>> {
        Box::pin(async move {
            let delay = {
                let mut s = lock(&self.state);
                s.attempts += 1;
                s.tx_delay
            };
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let mut s = lock(&self.state);
            if s.fail_next > 0 {
                s.fail_next -= 1;
                return Err(ChainError::Transient("node unreachable (fake)".into()));
            }
            if s.reject_next > 0 {
                s.reject_next -= 1;
                return Err(ChainError::Rejected("tx rejected (fake)".into()));
            }
            let mut outcomes = Vec::with_capacity(records.len());
            for record in records {
                if let Some((_, receipt)) = s.recorded.get(&record.request_id) {
                    outcomes.push(RecordOutcome::AlreadyRecorded(Some(*receipt)));
                    continue;
                }
                let fee = self.fee(record.input_tokens, record.output_tokens);
                let limit = s.limits.get(&record.user).copied().or(s.default_limit);
                match limit {
                    Some(l) if l >= fee => {
                        s.limits.insert(record.user.clone(), l - fee);
                        let receipt = Receipt {
                            receipt_id: s.next_receipt,
                            fee,
                        };
                        s.next_receipt += 1;
                        s.order.push(record.request_id.clone());
                        s.recorded
                            .insert(record.request_id.clone(), (record, receipt));
                        outcomes.push(RecordOutcome::Recorded(receipt));
                    }
                    _ => outcomes.push(RecordOutcome::Refused("insufficient grant".into())),
                }
            }
            s.txs += 1;
            Ok(outcomes)
        })
    }
}

/// An attribution engine stand-in: a span wherever a sentence (20 bytes or more) of a known
/// contribution appears verbatim in the output; weights by matched bytes.
pub struct FakeAttributor {
    pub engine_version: u32,
    pub engine_params_id: u64,
    contributions: Vec<(u64, String)>,
}

impl FakeAttributor {
    /// `contributions`: (contribution id, text).
    pub fn new(contributions: Vec<(u64, String)>) -> Self {
        Self {
            engine_version: 1,
            engine_params_id: 1,
            contributions,
        }
    }

    /// The `.txt` and `.md` files of `dir`, sorted by name, as contributions 1, 2, ...
    pub fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let mut files: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .collect();
        files.sort();
        let mut contributions = Vec::new();
        for (i, path) in files.iter().enumerate() {
            contributions.push((i as u64 + 1, std::fs::read_to_string(path)?));
        }
        Ok(Self::new(contributions))
    }

    /// The sentences of a text: (byte offset, sentence), trimmed, 20 bytes or more.
    fn sentences(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if matches!(c, '.' | '!' | '?' | '\n') {
                let end = i + c.len_utf8();
                push_sentence(text, start, if c == '\n' { i } else { end }, &mut out);
                start = end;
            }
        }
        push_sentence(text, start, text.len(), &mut out);
        out
    }
}

fn push_sentence<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(usize, &'t str)>) {
    let Some(raw) = text.get(start..end) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let s = raw.trim();
    if s.len() >= 20 {
        out.push((start + lead, s));
    }
}

impl Attributor for FakeAttributor {
    fn attribute(
        &self,
        _model_id: u64,
        _model_version: u64,
        output: &str,
    ) -> Result<AttributionResult, AttributeError> {
        let mut spans: Vec<Span> = Vec::new();
        for (id, text) in &self.contributions {
            for (offset, sentence) in Self::sentences(text) {
                for (start, _) in output.match_indices(sentence) {
                    let (start, len) = (start as u64, sentence.len() as u64);
                    let overlaps = spans
                        .iter()
                        .any(|s| start < s.start + s.len && s.start < start + len);
                    if !overlaps {
                        spans.push(Span {
                            start,
                            len,
                            contribution_id: *id,
                            source_offset: offset as u64,
                        });
                    }
                }
            }
        }
        spans.sort_by_key(|s| (s.start, s.contribution_id));
        let mut bytes: BTreeMap<u64, u64> = BTreeMap::new();
        for s in &spans {
            *bytes.entry(s.contribution_id).or_default() += s.len;
        }
        let total: u64 = bytes.values().sum();
        let mut entries: Vec<AttributionEntry> = bytes
            .iter()
            .map(|(&contribution_id, &b)| AttributionEntry {
                contribution_id,
                weight_ppm: u32::try_from(u128::from(b) * 1_000_000 / u128::from(total.max(1)))
                    .unwrap_or(0),
            })
            .filter(|e| e.weight_ppm > 0)
            .collect();
        let sum: u32 = entries.iter().map(|e| e.weight_ppm).sum();
        if let Some(top) = entries
            .iter_mut()
            .max_by_key(|e| (e.weight_ppm, u64::MAX - e.contribution_id))
        {
            top.weight_ppm += 1_000_000 - sum;
        }
        let mut h = Sha256::new();
        for s in &spans {
            for v in [s.start, s.len, s.contribution_id, s.source_offset] {
                h.update(v.to_be_bytes());
            }
        }
        Ok(AttributionResult {
            engine_version: self.engine_version,
            engine_params_id: self.engine_params_id,
            entries,
            spans,
            evidence_hash: h.finalize().into(),
        })
    }
}

/// How a [`FakeBackend`] answers.
#[derive(Debug, Clone)]
pub struct FakeBackendOptions {
    /// The answer text; by default `"You said: "` and the prompt.
    pub reply: Option<String>,
    /// Whether `usage` is reported (streaming: only when `stream_options.include_usage`).
    pub send_usage: bool,
    /// Pause before each streamed chunk.
    pub chunk_delay: Duration,
}

impl Default for FakeBackendOptions {
    fn default() -> Self {
        Self {
            reply: None,
            send_usage: true,
            chunk_delay: Duration::ZERO,
        }
    }
}

/// An OpenAI-compatible backend on 127.0.0.1 with deterministic answers. Token counts are a
/// quarter of the characters, rounded up; answers are cut to `max_tokens × 4` characters.
pub struct FakeBackend {
    pub addr: SocketAddr,
    /// The JSON bodies received, in order.
    pub requests: Arc<Mutex<Vec<Value>>>,
    handle: tokio::task::JoinHandle<()>,
}

impl FakeBackend {
    pub async fn spawn(options: FakeBackendOptions) -> std::io::Result<FakeBackend> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state = (Arc::new(options), requests.clone());
        let app = Router::new()
            .route("/v1/models", get(fake_models))
            .route("/v1/chat/completions", post(fake_chat))
            .route("/v1/completions", post(fake_completions))
            .with_state(state);
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, app).tcp_nodelay(true).await;
        });
        Ok(FakeBackend {
            addr,
            requests,
            handle,
        })
    }

    /// The OpenAI base URL (with `/v1`).
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The bodies received so far.
    pub fn received(&self) -> Vec<Value> {
        lock(&self.requests).clone()
    }
}

impl Drop for FakeBackend {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

type BackendState = (Arc<FakeBackendOptions>, Arc<Mutex<Vec<Value>>>);

fn json_body(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

async fn fake_models() -> Response {
    json_body(
        StatusCode::OK,
        &json!({"object": "list", "data": [{"id": "fake", "object": "model"}]}),
    )
}

async fn fake_chat(State(state): State<BackendState>, body: Bytes) -> Response {
    fake_answer(state, body, true).await
}

async fn fake_completions(State(state): State<BackendState>, body: Bytes) -> Response {
    fake_answer(state, body, false).await
}

fn tokens(chars: usize) -> u64 {
    (chars as u64).div_ceil(4)
}

async fn fake_answer((options, requests): BackendState, body: Bytes, chat: bool) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return json_body(
            StatusCode::BAD_REQUEST,
            &json!({"error": {"message": "bad json"}}),
        );
    };
    lock(&requests).push(request.clone());
    let prompt = if chat {
        request["messages"]
            .as_array()
            .and_then(|m| m.last())
            .and_then(|m| m["content"].as_str())
            .unwrap_or_default()
            .to_string()
    } else {
        request["prompt"].as_str().unwrap_or_default().to_string()
    };
    let model = request["model"].as_str().unwrap_or("fake").to_string();
    let mut reply = options
        .reply
        .clone()
        .unwrap_or_else(|| format!("You said: {prompt}"));
    if let Some(max) = request["max_tokens"].as_u64() {
        let cut: String = reply
            .chars()
            .take((max as usize).saturating_mul(4))
            .collect();
        reply = cut;
    }
    let usage = json!({
        "prompt_tokens": tokens(prompt.chars().count()),
        "completion_tokens": tokens(reply.chars().count()),
        "total_tokens": tokens(prompt.chars().count()) + tokens(reply.chars().count()),
    });
    let object = if chat {
        "chat.completion"
    } else {
        "text_completion"
    };
    if request["stream"].as_bool() != Some(true) {
        let choice = if chat {
            json!({"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"})
        } else {
            json!({"index": 0, "text": reply, "finish_reason": "stop"})
        };
        let mut answer = json!({"id": "fake-1", "object": object, "created": 0, "model": model, "choices": [choice]});
        if options.send_usage {
            answer["usage"] = usage;
        }
        return json_body(StatusCode::OK, &answer);
    }
    let include_usage = options.send_usage
        && request
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            == Some(true);
    let object = if chat {
        "chat.completion.chunk"
    } else {
        "text_completion"
    };
    let mut events = Vec::new();
    let words: Vec<String> = reply.split_inclusive(' ').map(str::to_string).collect();
    let last = words.len();
    for (i, word) in words.into_iter().enumerate() {
        let finish = if i + 1 == last {
            json!("stop")
        } else {
            Value::Null
        };
        let choice = if chat {
            json!({"index": 0, "delta": {"content": word}, "finish_reason": finish})
        } else {
            json!({"index": 0, "text": word, "finish_reason": finish})
        };
        events.push(json!({"id": "fake-1", "object": object, "created": 0, "model": model, "choices": [choice]}));
    }
    if include_usage {
        events.push(json!({"id": "fake-1", "object": object, "created": 0, "model": model, "choices": [], "usage": usage}));
    }
    let delay = options.chunk_delay;
    let stream = futures::stream::iter(
        events
            .into_iter()
            .map(|e| format!("data: {e}\n\n"))
            .chain(std::iter::once("data: [DONE]\n\n".to_string())),
    )
    .then(move |chunk| async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        Ok::<_, std::convert::Infallible>(Bytes::from(chunk))
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
