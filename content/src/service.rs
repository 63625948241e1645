//! The `openledger.content.v1.Content` gRPC service over a [`Store`] and a [`Chain`].
//!
//! * `Put` stores bytes only when a pending or approved contribution names their sha256 as its
//!   `content_hash` and their length as its `size_bytes`; bytes over the datanets
//!   `max_contribution_bytes` are refused before anything else.
//! * `Get` answers the bytes of a hash, re-hashed on the way out; NOT_FOUND otherwise.
//! * `Status` counts the approved contributions held and lists missing ones.
//!
//! [`ContentService::into_server`] gives the tonic service with its message size limits: a
//! request may carry the current `max_contribution_bytes` (read per request, so governance
//! changes apply without a restart) plus framing, and an answer anything the store may hold.
// tonic's `Status` is the error type the generated service trait requires.
#![allow(clippy::result_large_err)]

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use openledger_proto::openledger::content::v1 as pb;
use pb::content_server::{Content, ContentServer};
use tonic::codegen::{http, Body, BoxFuture, Service, StdError};
use tonic::server::NamedService;
use tonic::{Request, Response, Status};

use crate::chain::{self, Chain, ChainError};
use crate::hash::Hash;
use crate::store::Store;
use crate::{message_limit, MAX_CONTENT_BYTES};

/// Contribution ids a Put answer lists at most.
pub const MAX_PUT_CONTRIBUTIONS: usize = 100;
/// Missing contributions a Status answer lists by default, and at most.
pub const DEFAULT_STATUS_LIMIT: u32 = 100;
pub const MAX_STATUS_LIMIT: u32 = 1000;
/// The datanets default `max_contribution_bytes`, used for the request size limit until the
/// parameter has been read once.
const DEFAULT_MAX_CONTRIBUTION_BYTES: u64 = 5_242_880;

/// The content service of one node.
pub struct ContentService<C> {
    inner: Arc<Inner<C>>,
}

struct Inner<C> {
    store: Arc<Store>,
    chain: Arc<C>,
    /// The last `max_contribution_bytes` read from the chain.
    max_bytes: AtomicU64,
}

fn chain_status(e: ChainError) -> Status {
    match e {
        ChainError::UnknownDatanet(id) => Status::not_found(format!("unknown datanet {id}")),
        ChainError::Unavailable(why) => {
            tracing::warn!("content service: chain state: {why}");
            Status::unavailable("the node cannot read chain state right now")
        }
    }
}

fn internal(what: &str, e: impl std::fmt::Display) -> Status {
    tracing::error!("content service: {what}: {e}");
    Status::internal(format!("{what} failed on this node"))
}

/// Run blocking work (store and chain reads) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Status> + Send + 'static,
) -> Result<T, Status> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| internal("a content task", e))?
}

impl<C: Chain> ContentService<C> {
    pub fn new(store: Arc<Store>, chain: Arc<C>) -> Self {
        ContentService {
            inner: Arc::new(Inner {
                store,
                chain,
                max_bytes: AtomicU64::new(DEFAULT_MAX_CONTRIBUTION_BYTES),
            }),
        }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.inner.store
    }

    /// The chain's `max_contribution_bytes` (the last value read when it cannot be read now),
    /// never above [`MAX_CONTENT_BYTES`]. Blocks on a state read.
    pub fn max_contribution_bytes(&self) -> u64 {
        self.inner.max_contribution_bytes()
    }

    /// The tonic service to add to a server.
    pub fn into_server(self) -> ContentGrpc<C> {
        ContentGrpc {
            service: Arc::new(self),
        }
    }
}

impl<C: Chain> Inner<C> {
    fn max_contribution_bytes(&self) -> u64 {
        match self.chain.max_contribution_bytes() {
            Ok(n) => {
                let n = n.min(MAX_CONTENT_BYTES);
                self.max_bytes.store(n, Ordering::Relaxed);
                n
            }
            Err(e) => {
                tracing::debug!("content service: reading max_contribution_bytes: {e}");
                self.max_bytes.load(Ordering::Relaxed)
            }
        }
    }

    fn put(&self, data: &[u8]) -> Result<pb::PutResponse, Status> {
        let size = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if size == 0 {
            return Err(Status::invalid_argument(
                "no data: a contribution has bytes",
            ));
        }
        let max = self.max_contribution_bytes();
        if size > max {
            return Err(Status::invalid_argument(format!(
                "{size} bytes is more than the largest contribution the chain accepts ({max} bytes)"
            )));
        }
        let hash = Hash::of(data);
        let named = self
            .chain
            .contributions_with_hash(&hash, MAX_PUT_CONTRIBUTIONS)
            .map_err(chain_status)?;
        let Some(first) = named.first() else {
            return Err(Status::failed_precondition(format!(
                "no pending or approved contribution has content hash {hash}"
            )));
        };
        let ids: Vec<u64> = named
            .iter()
            .filter(|c| c.size_bytes == size)
            .map(|c| c.id)
            .collect();
        if ids.is_empty() {
            return Err(Status::failed_precondition(format!(
                "contribution {} with content hash {hash} records {} bytes, not {size}",
                first.id, first.size_bytes
            )));
        }
        let inserted = self
            .store
            .insert(data)
            .map_err(|e| internal("storing content", e))?;
        tracing::info!(hash = %hash, size, existed = inserted.existed, contributions = ?ids, "content put");
        Ok(pb::PutResponse {
            hash: hash.0.to_vec(),
            size,
            existed: inserted.existed,
            contribution_ids: ids,
        })
    }
}

#[tonic::async_trait]
impl<C: Chain> Content for ContentService<C> {
    async fn put(&self, req: Request<pb::PutRequest>) -> Result<Response<pb::PutResponse>, Status> {
        let data = req.into_inner().data;
        let inner = self.inner.clone();
        blocking(move || inner.put(&data)).await.map(Response::new)
    }

    async fn get(&self, req: Request<pb::GetRequest>) -> Result<Response<pb::GetResponse>, Status> {
        let hash = Hash::from_slice(&req.get_ref().hash)
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let store = self.inner.store.clone();
        let data = blocking(move || store.get(&hash).map_err(|e| internal("reading content", e)))
            .await?
            .ok_or_else(|| Status::not_found(format!("this node does not hold {hash}")))?;
        Ok(Response::new(pb::GetResponse { data }))
    }

    async fn status(
        &self,
        req: Request<pb::StatusRequest>,
    ) -> Result<Response<pb::StatusResponse>, Status> {
        let r = req.into_inner();
        let limit = match r.limit {
            0 => DEFAULT_STATUS_LIMIT,
            n => n.min(MAX_STATUS_LIMIT),
        };
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let store = self.inner.store.clone();
        let chain = self.inner.chain.clone();
        blocking(move || chain::status(&store, &*chain, r.datanet_id, limit).map_err(chain_status))
            .await
            .map(Response::new)
    }
}

/// The content service as a tonic service, with its message size limits.
pub struct ContentGrpc<C> {
    service: Arc<ContentService<C>>,
}

impl<C> Clone for ContentGrpc<C> {
    fn clone(&self) -> Self {
        ContentGrpc {
            service: self.service.clone(),
        }
    }
}

impl<C> NamedService for ContentGrpc<C> {
    const NAME: &'static str = pb::content_server::SERVICE_NAME;
}

impl<C, B> Service<http::Request<B>> for ContentGrpc<C>
where
    C: Chain,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::BoxBody>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let service = self.service.clone();
        Box::pin(async move {
            let max = {
                let s = service.clone();
                tokio::task::spawn_blocking(move || s.max_contribution_bytes())
                    .await
                    .unwrap_or(DEFAULT_MAX_CONTRIBUTION_BYTES)
            };
            let mut server = ContentServer::from_arc(service)
                .max_decoding_message_size(message_limit(max))
                .max_encoding_message_size(message_limit(MAX_CONTENT_BYTES));
            server.call(req).await
        })
    }
}
