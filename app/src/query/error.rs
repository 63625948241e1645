use openledger_framework::error::sdk;
use openledger_framework::ModuleError;

/// The longest error text a client reads (gRPC status message, ABCI `log`).
pub const MAX_CLIENT_MESSAGE: usize = 256;

/// An error text fit for a client: its first line only (a backtrace or a cause chain printed
/// with `{:?}` starts on the next one), trimmed, at most [`MAX_CLIENT_MESSAGE`] bytes (cut at a
/// character boundary, marked with `...`).
pub fn client_message(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.len() <= MAX_CLIENT_MESSAGE {
        return line.to_string();
    }
    let mut end = MAX_CLIENT_MESSAGE - 3;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &line[..end])
}

/// A gRPC status with a [`client_message`] text.
pub fn status(code: tonic::Code, text: impl AsRef<str>) -> tonic::Status {
    tonic::Status::new(code, client_message(text.as_ref()))
}

/// Module errors (codespace, code) that say an item does not exist: no validator (staking 3),
/// delegation (19), unbonding delegation (26), redelegation (28) or historical info (38); no
/// validator in distribution (12); unknown proposal (gov 2); no signing info (slashing 8).
const MODULE_NOT_FOUND: &[(&str, u32)] = &[
    ("staking", 3),
    ("staking", 19),
    ("staking", 26),
    ("staking", 28),
    ("staking", 38),
    ("distribution", 12),
    ("gov", 2),
    ("slashing", 8),
];

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

    /// Map a module error: a missing item is NOT_FOUND (as the SDK's query servers answer
    /// it), address and request errors are the caller's, the rest internal.
    pub fn module(e: &dyn ModuleError) -> Self {
        let grpc = match (e.codespace(), e.code()) {
            (sdk::CODESPACE, sdk::UNKNOWN_ADDRESS)
            | (sdk::CODESPACE, sdk::KEY_NOT_FOUND)
            | (sdk::CODESPACE, sdk::NOT_FOUND) => tonic::Code::NotFound,
            (space, code) if MODULE_NOT_FOUND.contains(&(space, code)) => tonic::Code::NotFound,
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
        status(self.grpc, &self.message)
    }

    /// The ABCI `log` of this error, bounded as [`client_message`].
    pub fn log(&self) -> String {
        client_message(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_message_keeps_the_first_line_and_caps_the_length() {
        assert_eq!(client_message("tx ABC not found"), "tx ABC not found");
        assert_eq!(
            client_message("boom\n\nStack backtrace:\n 0: x at /src/lib.rs:1"),
            "boom"
        );
        let long = "é".repeat(1000);
        let m = client_message(&long);
        assert!(m.len() <= MAX_CLIENT_MESSAGE && m.ends_with("..."));
        assert_eq!(client_message(""), "");
    }

    #[derive(Debug, thiserror::Error)]
    #[error("{2}")]
    struct E(&'static str, u32, &'static str);
    impl ModuleError for E {
        fn codespace(&self) -> &'static str {
            self.0
        }
        fn code(&self) -> u32 {
            self.1
        }
    }

    #[test]
    fn missing_items_are_not_found_and_bad_requests_invalid() {
        for (space, code) in [
            ("sdk", sdk::NOT_FOUND),
            ("sdk", sdk::KEY_NOT_FOUND),
            ("staking", 3),
        ] {
            let e = QueryError::module(&E(space, code, "validator does not exist: x"));
            assert_eq!(e.grpc, tonic::Code::NotFound, "{space} {code}");
        }
        let e = QueryError::module(&E("staking", 4, "validator already exist"));
        assert_eq!(e.grpc, tonic::Code::InvalidArgument);
    }

    #[test]
    fn statuses_carry_bounded_messages() {
        let s = QueryError::not_found(format!("x{}\nat /src/a.rs:3", "y".repeat(5000))).to_status();
        assert_eq!(s.code(), tonic::Code::NotFound);
        assert!(s.message().len() <= MAX_CLIENT_MESSAGE);
        assert!(!s.message().contains('\n') && !s.message().contains(".rs:"));
    }
}
