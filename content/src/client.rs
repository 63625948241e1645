//! Calls to a node's content service over gRPC (the node's gRPC port, by default
//! [`DEFAULT_GRPC_URL`]). Every answer is checked: `get` returns only bytes whose sha256 is the
//! hash asked for, `put` only an answer naming the hash and size of the bytes sent.

use std::time::Duration;

use openledger_proto::openledger::content::v1 as pb;
use pb::content_client::ContentClient;
use tonic::transport::{Channel, Endpoint};

use crate::hash::Hash;
use crate::{message_limit, MAX_CONTENT_BYTES};

pub use pb::{MissingContribution, PutResponse, StatusResponse};

/// Where a node serves gRPC unless configured otherwise.
pub const DEFAULT_GRPC_URL: &str = "http://127.0.0.1:9090";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("{0:?} is not a gRPC URL (such as {DEFAULT_GRPC_URL})")]
    BadUrl(String),
    #[error("cannot reach {url}: {reason}")]
    Connect { url: String, reason: String },
    /// The node refused the call; `message` is its text.
    #[error("{message}")]
    Refused { code: tonic::Code, message: String },
    #[error("the node answered with bytes whose sha256 is {got}, not {want}")]
    WrongBytes { want: Hash, got: Hash },
    #[error("the node's answer does not match the request: {0}")]
    BadAnswer(String),
}

impl ClientError {
    /// The gRPC code of a refusal (UNAVAILABLE when the node could not be reached).
    pub fn code(&self) -> tonic::Code {
        match self {
            ClientError::BadUrl(_) => tonic::Code::InvalidArgument,
            ClientError::Connect { .. } => tonic::Code::Unavailable,
            ClientError::Refused { code, .. } => *code,
            ClientError::WrongBytes { .. } | ClientError::BadAnswer(_) => tonic::Code::DataLoss,
        }
    }
}

fn refused(s: tonic::Status) -> ClientError {
    let message = if s.message().is_empty() {
        format!("the node refused the call ({:?})", s.code())
    } else {
        s.message().to_string()
    };
    ClientError::Refused {
        code: s.code(),
        message,
    }
}

/// An endpoint for `grpc_url`; `host:port` alone means `http://host:port`.
fn endpoint(grpc_url: &str, timeout: Option<Duration>) -> Result<Endpoint, ClientError> {
    let url = grpc_url.trim();
    let url = if url.contains("://") {
        url.to_string()
    } else {
        format!("http://{url}")
    };
    let mut ep = Endpoint::from_shared(url.clone())
        .map_err(|_| ClientError::BadUrl(grpc_url.to_string()))?
        .connect_timeout(CONNECT_TIMEOUT);
    if let Some(t) = timeout {
        ep = ep.timeout(t);
    }
    Ok(ep)
}

/// A content client connected to `grpc_url`, accepting answers of up to `max_content` bytes of
/// content, each call bounded by `timeout` when given.
pub async fn connect_with(
    grpc_url: &str,
    max_content: u64,
    timeout: Option<Duration>,
) -> Result<ContentClient<Channel>, ClientError> {
    let channel =
        endpoint(grpc_url, timeout)?
            .connect()
            .await
            .map_err(|e| ClientError::Connect {
                url: grpc_url.to_string(),
                reason: connect_reason(&e),
            })?;
    Ok(ContentClient::new(channel)
        .max_decoding_message_size(message_limit(max_content.min(MAX_CONTENT_BYTES)))
        .max_encoding_message_size(message_limit(MAX_CONTENT_BYTES)))
}

/// The innermost cause of a transport error: "connection refused" rather than "transport
/// error".
fn connect_reason(e: &tonic::transport::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// A content client connected to `grpc_url` that accepts any content a node may hold.
pub async fn connect(grpc_url: &str) -> Result<ContentClient<Channel>, ClientError> {
    connect_with(grpc_url, MAX_CONTENT_BYTES, None).await
}

/// Store `bytes` on the node: accepted only when a pending or approved contribution records
/// their sha256 and length.
pub async fn put(grpc_url: &str, bytes: impl Into<Vec<u8>>) -> Result<PutResponse, ClientError> {
    let data = bytes.into();
    let hash = Hash::of(&data);
    let size = u64::try_from(data.len()).unwrap_or(u64::MAX);
    let r = connect(grpc_url)
        .await?
        .put(pb::PutRequest { data })
        .await
        .map_err(refused)?
        .into_inner();
    if r.hash != hash.0 || r.size != size {
        return Err(ClientError::BadAnswer(format!(
            "stored {} ({} bytes) for {hash} ({size} bytes)",
            hex::encode(&r.hash),
            r.size
        )));
    }
    Ok(r)
}

/// The bytes of `hash` held by the node, checked against `hash`.
pub async fn get(grpc_url: &str, hash: &Hash) -> Result<Vec<u8>, ClientError> {
    get_at_most(grpc_url, hash, MAX_CONTENT_BYTES, None).await
}

/// [`get`], refusing an answer of more than `max_bytes` bytes before reading it whole, each
/// call bounded by `timeout` when given.
pub async fn get_at_most(
    grpc_url: &str,
    hash: &Hash,
    max_bytes: u64,
    timeout: Option<Duration>,
) -> Result<Vec<u8>, ClientError> {
    let data = connect_with(grpc_url, max_bytes, timeout)
        .await?
        .get(pb::GetRequest {
            hash: hash.0.to_vec(),
        })
        .await
        .map_err(refused)?
        .into_inner()
        .data;
    if u64::try_from(data.len()).map_or(true, |n| n > max_bytes) {
        return Err(ClientError::BadAnswer(format!(
            "{} bytes, more than the {max_bytes} expected",
            data.len()
        )));
    }
    let got = Hash::of(&data);
    if got != *hash {
        return Err(ClientError::WrongBytes { want: *hash, got });
    }
    Ok(data)
}

/// How many approved contributions (of `datanet_id`, or all when 0) the node holds, and up to
/// `limit` missing ones (0: the node's default of 100; at most 1000).
pub async fn status(
    grpc_url: &str,
    datanet_id: u64,
    limit: u32,
) -> Result<StatusResponse, ClientError> {
    Ok(connect(grpc_url)
        .await?
        .status(pb::StatusRequest { datanet_id, limit })
        .await
        .map_err(refused)?
        .into_inner())
}
