use openledger_framework::error::sdk;
use openledger_framework::ModuleError;

/// A failed query: a gRPC status code for tonic, and code/codespace/log for ABCI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rpc error: code = {grpc:?} desc = {message}")]
pub struct QueryError {
    pub grpc: tonic::Code,
    pub codespace: String,
    pub code: u32,
    pub message: String,
}

impl QueryError {
    pub fn new(grpc: tonic::Code, code: u32, message: impl Into<String>) -> Self {
        QueryError {
            grpc,
            codespace: sdk::CODESPACE.to_string(),
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        QueryError::new(tonic::Code::InvalidArgument, sdk::INVALID_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        QueryError::new(tonic::Code::NotFound, sdk::KEY_NOT_FOUND, message)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        QueryError::new(tonic::Code::Unavailable, sdk::INTERNAL, message)
    }

    /// Map a module error: address and request errors are the caller's, the rest internal.
    pub fn module(e: &dyn ModuleError) -> Self {
        let grpc = match (e.codespace(), e.code()) {
            (sdk::CODESPACE, sdk::UNKNOWN_ADDRESS) | (sdk::CODESPACE, sdk::KEY_NOT_FOUND) => {
                tonic::Code::NotFound
            }
            (sdk::CODESPACE, sdk::INTERNAL) => tonic::Code::Internal,
            _ => tonic::Code::InvalidArgument,
        };
        QueryError {
            grpc,
            codespace: e.codespace().to_string(),
            code: e.code(),
            message: e.to_string(),
        }
    }

    pub fn to_status(&self) -> tonic::Status {
        tonic::Status::new(self.grpc, self.message.clone())
    }
}
