//! The HTTP side: routes, the request pipeline, and the `openledger` response field.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures::StreamExt as _;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::auth::{self, NonceCache};
use crate::backend::{Backend, BackendError};
use crate::batcher::{BatchConfig, Batcher, Settlement};
use crate::chain::{Attributor, Chain, InferenceRecord};
use crate::clock::unix_now;
use crate::config::{Config, ModelEntry};
use crate::error::ApiError;
use crate::sse::{self, SseReader};

/// The gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Backend(String),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// A gateway: its routes and its batcher. Must be made inside a tokio runtime.
pub struct Gateway {
    state: AppState,
}

#[derive(Clone)]
struct AppState(Arc<Inner>);

struct Inner {
    config: Config,
    chain: Arc<dyn Chain>,
    attributor: Arc<dyn Attributor>,
    backend: Backend,
    nonces: NonceCache,
    batcher: Batcher,
    limiter: Arc<Semaphore>,
    started: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Chat,
    Completions,
}

impl Endpoint {
    fn backend_path(self) -> &'static str {
        match self {
            Endpoint::Chat => "/chat/completions",
            Endpoint::Completions => "/completions",
        }
    }
}

/// Token counts reported by the backend.
#[derive(Debug, Clone, Copy)]
struct Usage {
    input_tokens: u64,
    output_tokens: u64,
}

/// What a request is recorded under.
struct RequestCtx {
    user: String,
    model: ModelEntry,
    request_id: String,
    prompt_hash: [u8; 32],
    endpoint: Endpoint,
}

impl Gateway {
    pub fn new(
        config: Config,
        chain: Arc<dyn Chain>,
        attributor: Arc<dyn Attributor>,
    ) -> Result<Gateway, GatewayError> {
        config.validate()?;
        let backend = Backend::new(
            &config.backend_url,
            config.backend_api_key.clone(),
            Duration::from_secs(config.backend_timeout_secs),
        )
        .map_err(GatewayError::Backend)?;
        let batcher = Batcher::start(
            chain.clone(),
            BatchConfig {
                interval: Duration::from_millis(config.batch_interval_ms),
                max_records_per_tx: config.max_records_per_tx,
            },
        );
        let inner = Inner {
            nonces: NonceCache::new(config.max_tracked_nonces),
            limiter: Arc::new(Semaphore::new(config.max_concurrent_requests)),
            started: unix_now(),
            config,
            chain,
            attributor,
            backend,
            batcher,
        };
        Ok(Gateway {
            state: AppState(Arc::new(inner)),
        })
    }

    /// The routes.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/health", get(health))
            .route("/v1/models", get(list_models))
            .route("/v1/models/*id", get(get_model))
            .route("/v1/chat/completions", post(chat_completions))
            .route("/v1/completions", post(completions))
            .fallback(not_found)
            .with_state(self.state.clone())
    }

    /// Records queued or being submitted.
    pub fn pending_records(&self) -> usize {
        self.state.0.batcher.pending()
    }

    /// Serves on `listener` until `shutdown` resolves, then waits up to `drain` for queued
    /// records to be included.
    pub async fn serve_on(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
        drain: Duration,
    ) -> Result<(), GatewayError> {
        axum::serve(listener, self.router())
            .tcp_nodelay(true)
            .with_graceful_shutdown(shutdown)
            .await?;
        let deadline = tokio::time::Instant::now() + drain;
        while self.pending_records() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let left = self.pending_records();
        if left > 0 {
            tracing::warn!(records = left, "stopping with records not yet included");
        }
        Ok(())
    }
}

/// Serves `config` on its `listen` address until ctrl-c or SIGTERM: the gateway's entry point.
pub async fn serve(
    config: Config,
    chain: Arc<dyn Chain>,
    attributor: Arc<dyn Attributor>,
) -> Result<(), GatewayError> {
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(listen = %config.listen, backend = %config.backend_url, models = config.models.len(), "gateway listening");
    let drain = Duration::from_millis(config.receipt_timeout_ms.max(10_000));
    Gateway::new(config, chain, attributor)?
        .serve_on(listener, shutdown_signal(), drain)
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

fn json_response(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

async fn health() -> Response {
    json_response(StatusCode::OK, &json!({"status": "ok"}))
}

async fn not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invalid_request_error",
        "unknown_endpoint",
        "unknown endpoint",
    )
    .into_response()
}

fn model_object(m: &ModelEntry, created: u64) -> Value {
    json!({
        "id": m.name,
        "object": "model",
        "created": created,
        "owned_by": "openledger",
        "root": m.name,
        "parent": null,
        "openledger": {
            "model_id": m.model_id,
            "model_version": m.model_version,
            "max_output_tokens": m.max_output_tokens,
        },
    })
}

async fn list_models(State(st): State<AppState>) -> Response {
    let data: Vec<Value> =
        st.0.config
            .models
            .iter()
            .map(|m| model_object(m, st.0.started))
            .collect();
    json_response(StatusCode::OK, &json!({"object": "list", "data": data}))
}

async fn get_model(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    match st.0.config.model(&id) {
        Some(m) => json_response(StatusCode::OK, &model_object(m, st.0.started)),
        None => model_not_found(&id).into_response(),
    }
}

fn model_not_found(name: &str) -> ApiError {
    let shown: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        "invalid_request_error",
        "model_not_found",
        format!("The model `{shown}` does not exist"),
    )
}

async fn chat_completions(State(st): State<AppState>, req: Request) -> Response {
    handle(st, req, Endpoint::Chat)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn completions(State(st): State<AppState>, req: Request) -> Response {
    handle(st, req, Endpoint::Completions)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "invalid_request_error",
        "request_too_large",
        format!("the request body is larger than {max} bytes"),
    )
}

async fn read_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large(max));
    }
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(max)),
        Err(_) => Err(ApiError::invalid_request(
            "unreadable_body",
            "the request body could not be read",
        )),
    }
}

/// The `max_tokens` of a request (the larger of `max_tokens` and `max_completion_tokens`).
fn requested_max_tokens(obj: &Map<String, Value>) -> Result<Option<u64>, ApiError> {
    let mut max = None;
    for key in ["max_tokens", "max_completion_tokens"] {
        match obj.get(key) {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(n) if n >= 1 => max = Some(max.map_or(n, |m: u64| m.max(n))),
                _ => {
                    return Err(ApiError::invalid_request(
                        "invalid_max_tokens",
                        format!("{key} must be a positive integer"),
                    ))
                }
            },
        }
    }
    Ok(max)
}

async fn handle(st: AppState, req: Request, endpoint: Endpoint) -> Result<Response, ApiError> {
    let st0 = &st.0;
    let permit = st0.limiter.clone().try_acquire_owned().map_err(|_| {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_error",
            "too_many_requests",
            "too many requests in progress; try again shortly",
        )
    })?;
    let (parts, body) = req.into_parts();

    // 1. the signature
    let signed = auth::parse_headers(|name| parts.headers.get(name).and_then(|v| v.to_str().ok()))?;
    let body = read_body(&parts.headers, body, st0.config.max_body_bytes).await?;
    let now = unix_now();
    let user = auth::verify(&signed, parts.method.as_str(), parts.uri.path(), &body, now)?;
    st0.nonces
        .check_and_insert(&user, &signed.nonce, signed.expiry, now)?;
    let request_id = auth::request_id(&user, &signed.nonce);
    if st0.batcher.knows(&request_id) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "invalid_request_error",
            "replayed_request",
            "replayed request: this nonce was already used",
        ));
    }

    // 2. the body and the model
    let mut request: Value = serde_json::from_slice(&body).map_err(|_| {
        ApiError::invalid_request("invalid_json", "the request body is not valid JSON")
    })?;
    let Some(obj) = request.as_object_mut() else {
        return Err(ApiError::invalid_request(
            "invalid_json",
            "the request body must be a JSON object",
        ));
    };
    let Some(model_name) = obj.get("model").and_then(Value::as_str) else {
        return Err(ApiError::invalid_request(
            "missing_model",
            "the request has no model",
        ));
    };
    let model = st0
        .config
        .model(model_name)
        .cloned()
        .ok_or_else(|| model_not_found(model_name))?;
    if obj
        .get("n")
        .is_some_and(|n| !n.is_null() && n.as_u64() != Some(1))
    {
        return Err(ApiError::invalid_request(
            "unsupported_n",
            "only n = 1 is supported",
        ));
    }
    let stream = match obj.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::invalid_request(
                "invalid_stream",
                "stream must be true or false",
            ))
        }
    };
    let max_tokens = match requested_max_tokens(obj)? {
        Some(n) => n,
        None => {
            obj.insert("max_tokens".into(), json!(model.max_output_tokens));
            model.max_output_tokens
        }
    };

    // 3. the fee ceiling
    if st0.batcher.pending() >= st0.config.max_pending_records {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_error",
            "overloaded",
            "too many inferences waiting to be recorded; try again shortly",
        ));
    }
    let input_estimate = (body.len() as u64).div_ceil(4);
    let ceiling = st0
        .chain
        .quote(
            model.model_id,
            model.model_version,
            input_estimate,
            max_tokens,
        )
        .await?;
    st0.chain
        .check_payable(&user, model.model_id, ceiling)
        .await?;

    // 4. forward
    obj.insert("model".into(), json!(model.backend_model));
    for (field, value) in &model.backend_params {
        obj.insert(field.clone(), value.clone());
    }
    let client_wants_usage = stream
        && obj
            .get("stream_options")
            .and_then(|o| o.get("include_usage"))
            .and_then(Value::as_bool)
            == Some(true);
    if stream {
        let options = obj.entry("stream_options").or_insert_with(|| json!({}));
        if !options.is_object() {
            *options = json!({});
        }
        if let Some(o) = options.as_object_mut() {
            o.insert("include_usage".into(), Value::Bool(true));
        }
    }
    let forwarded = serde_json::to_vec(&request)
        .map_err(|_| ApiError::internal("the request could not be forwarded"))?;
    let ctx = RequestCtx {
        user,
        model,
        request_id,
        prompt_hash: Sha256::digest(&body).into(),
        endpoint,
    };
    tracing::debug!(request_id = %ctx.request_id, user = %ctx.user, model = %ctx.model.name, stream, "forwarding");
    let response = st0
        .backend
        .post(endpoint.backend_path(), forwarded)
        .await
        .map_err(|e| backend_error(e, &ctx.model))?;
    if stream {
        Ok(stream_response(
            st.clone(),
            ctx,
            response,
            client_wants_usage,
            permit,
        ))
    } else {
        let result = complete(&st, &ctx, response).await;
        drop(permit);
        result
    }
}

/// A backend error for the client, with the backend's model name replaced by the client's.
fn backend_error(e: BackendError, model: &ModelEntry) -> ApiError {
    let mut api: ApiError = e.into();
    api.message = api.message.replace(&model.backend_model, &model.name);
    api
}

fn choice_zero(value: &Value) -> Option<&Value> {
    let choices = value.get("choices")?.as_array()?;
    choices
        .iter()
        .find(|c| c.get("index").and_then(Value::as_u64) == Some(0))
        .or_else(|| choices.first().filter(|c| c.get("index").is_none()))
}

fn output_text(value: &Value, endpoint: Endpoint) -> String {
    let Some(choice) = choice_zero(value) else {
        return String::new();
    };
    let text = match endpoint {
        Endpoint::Chat => choice.pointer("/message/content"),
        Endpoint::Completions => choice.get("text"),
    };
    text.and_then(Value::as_str).unwrap_or_default().to_string()
}

fn delta_text(value: &Value, endpoint: Endpoint) -> Option<&str> {
    let choice = choice_zero(value)?;
    match endpoint {
        Endpoint::Chat => choice.pointer("/delta/content"),
        Endpoint::Completions => choice.get("text"),
    }
    .and_then(Value::as_str)
}

fn usage_of(value: &Value) -> Option<Usage> {
    let u = value.get("usage")?;
    Some(Usage {
        input_tokens: u.get("prompt_tokens")?.as_u64()?,
        output_tokens: u.get("completion_tokens")?.as_u64()?,
    })
}

const NO_USAGE: &str = "the backend reported no token usage";

/// The non-streamed answer.
async fn complete(
    st: &AppState,
    ctx: &RequestCtx,
    response: reqwest::Response,
) -> Result<Response, ApiError> {
    let bytes = match tokio::time::timeout(st.0.backend.timeout(), response.bytes()).await {
        Err(_) => return Err(backend_error(BackendError::Timeout, &ctx.model)),
        Ok(Err(_)) => return Err(backend_error(BackendError::Unreachable, &ctx.model)),
        Ok(Ok(b)) => b,
    };
    let mut value: Value = serde_json::from_slice(&bytes)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| backend_error(BackendError::Invalid("not a JSON object"), &ctx.model))?;
    let text = output_text(&value, ctx.endpoint);
    let usage = usage_of(&value).ok_or_else(|| NO_USAGE.to_string());
    let ledger = settle(st, ctx, usage, text).await;
    if let Some(obj) = value.as_object_mut() {
        if obj.contains_key("model") {
            obj.insert("model".into(), json!(ctx.model.name));
        }
        obj.insert("openledger".into(), ledger);
    }
    Ok(json_response(StatusCode::OK, &value))
}

/// Attributes and records one answer; returns the `openledger` field.
async fn settle(
    st: &AppState,
    ctx: &RequestCtx,
    usage: Result<Usage, String>,
    text: String,
) -> Value {
    let st0 = &st.0;
    let mut ledger = json!({
        "request_id": ctx.request_id,
        "model_id": ctx.model.model_id,
        "model_version": ctx.model.model_version,
    });
    let unrecorded = |mut ledger: Value, why: &str| {
        ledger["status"] = json!("unrecorded");
        ledger["error"] = json!(format!("{why}; nothing was recorded or charged"));
        tracing::warn!(request_id = %ctx.request_id, reason = why, "inference not recorded");
        ledger
    };
    let usage = match usage {
        Ok(u) => u,
        Err(why) => return unrecorded(ledger, &why),
    };
    ledger["input_tokens"] = json!(usage.input_tokens);
    ledger["output_tokens"] = json!(usage.output_tokens);
    let output_hash: [u8; 32] = Sha256::digest(text.as_bytes()).into();
    let attributor = st0.attributor.clone();
    let (model_id, model_version) = (ctx.model.model_id, ctx.model.model_version);
    let attribution =
        tokio::task::spawn_blocking(move || attributor.attribute(model_id, model_version, &text))
            .await;
    let attribution = match attribution {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => {
            tracing::warn!(request_id = %ctx.request_id, error = %e, "attribution failed");
            return unrecorded(ledger, "the output could not be attributed");
        }
        Err(_) => return unrecorded(ledger, "the output could not be attributed"),
    };
    ledger["engine_version"] = json!(attribution.engine_version);
    ledger["engine_params_id"] = json!(attribution.engine_params_id);
    ledger["evidence_hash"] = json!(hex::encode(attribution.evidence_hash));
    ledger["output_hash"] = json!(hex::encode(output_hash));
    ledger["entries"] = json!(attribution.entries);
    ledger["spans"] = json!(attribution.spans);
    let record = InferenceRecord {
        user: ctx.user.clone(),
        model_id,
        model_version,
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        output_hash,
        prompt_hash: ctx.prompt_hash,
        request_id: ctx.request_id.clone(),
        entries: attribution.entries,
        engine_version: attribution.engine_version,
        engine_params_id: attribution.engine_params_id,
        evidence_hash: attribution.evidence_hash,
    };
    let settled = st0.batcher.submit(record);
    let wait = Duration::from_millis(st0.config.receipt_timeout_ms);
    match tokio::time::timeout(wait, settled).await {
        Ok(Ok(Settlement::Recorded(r))) => {
            ledger["status"] = json!("recorded");
            ledger["receipt_id"] = json!(r.receipt_id);
            ledger["fee"] = json!(r.fee.to_string());
        }
        Ok(Ok(Settlement::AlreadyRecorded(r))) => {
            ledger["status"] = json!("already_recorded");
            if let Some(r) = r {
                ledger["receipt_id"] = json!(r.receipt_id);
                ledger["fee"] = json!(r.fee.to_string());
            }
        }
        Ok(Ok(Settlement::Refused(reason))) => {
            let reason: String = reason
                .chars()
                .filter(|c| !c.is_control())
                .take(300)
                .collect();
            ledger["status"] = json!("refused");
            ledger["error"] = json!(format!("the chain refused the record: {reason}"));
        }
        Ok(Err(_)) | Err(_) => {
            ledger["status"] = json!("pending");
        }
    }
    tracing::info!(request_id = %ctx.request_id, user = %ctx.user, model = %ctx.model.name, input_tokens = usage.input_tokens, output_tokens = usage.output_tokens, status = ledger["status"].as_str().unwrap_or_default(), "inference");
    ledger
}

/// The streamed answer: chunks are passed through as they arrive; the receipt event goes
/// before `data: [DONE]`.
fn stream_response(
    st: AppState,
    ctx: RequestCtx,
    response: reqwest::Response,
    client_wants_usage: bool,
    permit: OwnedSemaphorePermit,
) -> Response {
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    tokio::spawn(async move {
        pump(&st, &ctx, response, client_wants_usage, tx).await;
        drop(permit);
    });
    let body = Body::from_stream(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<Bytes, Infallible>(b), rx))
    }));
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .header("x-accel-buffering", "no")
        .body(body)
        .unwrap_or_else(|_| ApiError::internal("the response could not be built").into_response())
}

/// Where streamed events go; a client that went away is noted and no longer written to (the
/// backend is still read to the end, so that what was generated is recorded).
struct Out {
    tx: mpsc::Sender<Bytes>,
    gone: bool,
}

impl Out {
    async fn send(&mut self, event: String) {
        if !self.gone && self.tx.send(Bytes::from(event)).await.is_err() {
            self.gone = true;
        }
    }
}

async fn pump(
    st: &AppState,
    ctx: &RequestCtx,
    response: reqwest::Response,
    client_wants_usage: bool,
    tx: mpsc::Sender<Bytes>,
) {
    let mut out = Out { tx, gone: false };
    let mut chunks = response.bytes_stream();
    let mut reader = SseReader::new();
    let mut text = String::new();
    let mut usage = None;
    let mut failure: Option<&'static str> = None;
    let idle = st.0.backend.timeout();
    let mut done = false;
    while !done {
        let (events, end) = match tokio::time::timeout(idle, chunks.next()).await {
            Err(_) => {
                failure = Some("the backend stream timed out");
                break;
            }
            Ok(Some(Err(_))) => {
                failure = Some("the backend stream broke off");
                break;
            }
            Ok(Some(Ok(bytes))) => (reader.push(&bytes), false),
            Ok(None) => (reader.finish(), true),
        };
        let events = match events {
            Ok(e) => e,
            Err(_) => {
                failure = Some("the backend stream is not valid");
                break;
            }
        };
        for data in events {
            if data.trim() == "[DONE]" {
                done = true;
                break;
            }
            let Ok(mut value) = serde_json::from_str::<Value>(&data) else {
                out.send(sse::event(&data)).await;
                continue;
            };
            if let Some(delta) = delta_text(&value, ctx.endpoint) {
                text.push_str(delta);
            }
            if let Some(u) = usage_of(&value) {
                usage = Some(u);
            }
            let usage_only = value
                .get("choices")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
                && value.get("usage").is_some_and(|u| !u.is_null());
            if usage_only && !client_wants_usage {
                continue;
            }
            if let Some(obj) = value.as_object_mut() {
                if obj.contains_key("model") {
                    obj.insert("model".into(), json!(ctx.model.name));
                }
            }
            out.send(sse::event(&value.to_string())).await;
        }
        done |= end;
    }
    if out.gone {
        tracing::debug!(request_id = %ctx.request_id, "client went away during the stream");
    }
    let usage = match (usage, failure) {
        (Some(u), _) => Ok(u),
        (None, Some(f)) => Err(f.to_string()),
        (None, None) => Err(NO_USAGE.to_string()),
    };
    let ledger = settle(st, ctx, usage, text).await;
    let receipt = json!({"object": "openledger.receipt", "choices": [], "openledger": ledger});
    out.send(sse::event(&receipt.to_string())).await;
    out.send(sse::event("[DONE]")).await;
}
