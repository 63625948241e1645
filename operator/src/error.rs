//! Errors as clients see them: `{"error":{"message":..,"type":..,"code":..}}`, in the OpenAI
//! style, with a short message and never an internal detail.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::AuthError;
use crate::chain::{ChainError, ChainRefusal};

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// The OpenAI error `type`.
    pub kind: &'static str,
    pub code: &'static str,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            message: message.into(),
            kind,
            code,
        }
    }

    pub fn invalid_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            code,
            message,
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "internal_error",
            message,
        )
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "message": self.message,
                "type": self.kind,
                "code": self.code,
            }
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body().to_string(),
        )
            .into_response()
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        let message = e.to_string();
        match e {
            AuthError::Replayed => Self::new(
                StatusCode::CONFLICT,
                "invalid_request_error",
                "replayed_request",
                message,
            ),
            AuthError::NonceCacheFull => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server_error",
                "overloaded",
                message,
            ),
            AuthError::Missing(_) | AuthError::Malformed(..) => Self::new(
                StatusCode::UNAUTHORIZED,
                "authentication_error",
                "invalid_signature_headers",
                message,
            ),
            AuthError::AddressMismatch | AuthError::BadSignature => Self::new(
                StatusCode::UNAUTHORIZED,
                "authentication_error",
                "invalid_signature",
                message,
            ),
            AuthError::Expired | AuthError::TooFarAhead => Self::new(
                StatusCode::UNAUTHORIZED,
                "authentication_error",
                "invalid_expiry",
                message,
            ),
        }
    }
}

impl From<ChainError> for ApiError {
    fn from(e: ChainError) -> Self {
        tracing::warn!(error = %e, "chain query failed");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_error",
            "chain_unavailable",
            "the chain cannot be reached; try again shortly",
        )
    }
}

impl From<ChainRefusal> for ApiError {
    fn from(e: ChainRefusal) -> Self {
        let message = e.to_string();
        let payment = |code| {
            Self::new(
                StatusCode::PAYMENT_REQUIRED,
                "insufficient_quota",
                code,
                message.clone(),
            )
        };
        match e {
            ChainRefusal::NoDeposit => payment("no_deposit"),
            ChainRefusal::NoGrant => payment("no_grant"),
            ChainRefusal::Insufficient { .. } => payment("insufficient_funds"),
            ChainRefusal::CannotPay(_) => payment("cannot_pay"),
            ChainRefusal::ModelNotServed(_) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server_error",
                "model_not_served",
                message,
            ),
            ChainRefusal::Chain(e) => e.into(),
        }
    }
}
