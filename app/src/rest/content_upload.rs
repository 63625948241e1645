//! `POST /openledger/content/v1/put`: the content store's `Put` for browsers, which cannot speak
//! gRPC. The request body is the raw bytes (any content type); the answer is
//! `{"hash": "<64 hex>", "size": "<n>", "existed": bool, "contribution_ids": ["<id>", ...]}`.
//! The same rules as the gRPC `Put` apply (a pending or approved contribution must record the
//! bytes' sha256 and length; at most the chain's `max_contribution_bytes`), since this calls
//! the same service. Served only with the dashboard (`web_dir`), on the REST address.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, StatusCode};
use openledger_content::ContentService;
use openledger_proto::openledger::content::v1 as pb;
use openledger_proto::openledger::content::v1::content_server::Content;

use crate::content::{ChainState, ContentNode};

/// The upload route.
pub const UPLOAD_PATH: &str = "/openledger/content/v1/put";
/// Largest body read; the chain's `max_contribution_bytes` (5 MiB by default) is checked after.
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// The node's content service, as the upload route calls it.
pub struct ContentUpload {
    service: ContentService<ChainState>,
}

impl ContentUpload {
    /// The upload route over the node's store and chain.
    pub fn of(node: &ContentNode) -> Self {
        ContentUpload {
            service: ContentService::new(node.store.clone(), node.chain.clone()),
        }
    }

    /// Store `data` as the gRPC `Put` does, answering JSON or a gRPC-style error.
    pub async fn put(&self, data: Bytes) -> Response<Full<Bytes>> {
        let req = tonic::Request::new(pb::PutRequest {
            data: data.to_vec(),
        });
        match self.service.put(req).await {
            Ok(r) => {
                let r = r.into_inner();
                let body = serde_json::json!({
                    "hash": hex::encode(&r.hash),
                    "size": r.size.to_string(),
                    "existed": r.existed,
                    "contribution_ids": r.contribution_ids.iter().map(u64::to_string).collect::<Vec<_>>(),
                });
                super::json_reply(StatusCode::OK, body.to_string().into_bytes())
            }
            Err(status) => super::error_reply(status.code(), status.message()),
        }
    }
}
