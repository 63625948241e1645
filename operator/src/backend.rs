//! The OpenAI-compatible backend the gateway forwards to.

use std::time::Duration;

use axum::http::StatusCode;

use crate::error::ApiError;

/// A client of the backend.
#[derive(Clone)]
pub struct Backend {
    client: reqwest::Client,
    base_url: String,
    api_key: Option<String>,
    timeout: Duration,
}

/// Why the backend did not answer as hoped.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BackendError {
    #[error("the backend cannot be reached")]
    Unreachable,
    #[error("the backend did not answer in time")]
    Timeout,
    #[error("the backend answered HTTP {status}: {message}")]
    Status { status: u16, message: String },
    #[error("the backend's answer is not valid: {0}")]
    Invalid(&'static str),
}

impl From<BackendError> for ApiError {
    fn from(e: BackendError) -> Self {
        match e {
            BackendError::Unreachable => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "server_error",
                "backend_unavailable",
                "the inference backend is unavailable",
            ),
            BackendError::Timeout => ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "server_error",
                "backend_timeout",
                "the inference backend did not answer in time",
            ),
            BackendError::Status { status, message }
                if (400..500).contains(&status) && status != 401 && status != 403 =>
            {
                ApiError::new(
                    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                    "invalid_request_error",
                    "backend_refused",
                    message,
                )
            }
            BackendError::Status { status, .. } => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "server_error",
                "backend_error",
                format!("the inference backend failed (HTTP {status})"),
            ),
            BackendError::Invalid(what) => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "server_error",
                "backend_invalid_response",
                format!("the inference backend's answer is not valid: {what}"),
            ),
        }
    }
}

impl Backend {
    /// `base_url` is the OpenAI base URL with its `/v1`; `timeout` bounds the wait for the
    /// response headers (and the whole of a non-streamed response, see [`Backend::timeout`]).
    pub fn new(base_url: &str, api_key: Option<String>, timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10).min(timeout))
            .pool_idle_timeout(Duration::from_secs(60))
            // the backend is reached directly, whatever proxy the environment names
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot build the backend client: {e}"))?;
        Ok(Self {
            client,
            base_url: base_url.trim().trim_end_matches('/').to_string(),
            api_key: api_key.filter(|k| !k.is_empty()),
            timeout,
        })
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// POSTs a JSON body to `path` (`/chat/completions`), waiting for the response headers.
    /// A non-2xx answer is an error carrying the backend's message.
    pub async fn post(&self, path: &str, body: Vec<u8>) -> Result<reqwest::Response, BackendError> {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        let response = match tokio::time::timeout(self.timeout, request.send()).await {
            Err(_) => return Err(BackendError::Timeout),
            Ok(Err(e)) if e.is_timeout() => return Err(BackendError::Timeout),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "backend request failed");
                return Err(BackendError::Unreachable);
            }
            Ok(Ok(r)) => r,
        };
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = tokio::time::timeout(Duration::from_secs(10), response.bytes())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let message = error_message(&body);
        tracing::warn!(status = status.as_u16(), %message, "backend refused a request");
        Err(BackendError::Status {
            status: status.as_u16(),
            message,
        })
    }
}

/// A short message out of a backend's error body.
fn error_message(body: &[u8]) -> String {
    let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let text = value
        .as_ref()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("message"))
                .or_else(|| v.get("detail"))
                .or_else(|| v.get("error"))
                .and_then(|m| m.as_str())
        })
        .unwrap_or("the backend refused the request");
    let mut text: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
    if text.is_empty() {
        text = "the backend refused the request".into();
    }
    text
}
