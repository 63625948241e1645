//! Test support: a chain of fixed contributions, a gRPC server for a content service, and a
//! minimal HTTP server on loopback.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use openledger_content::{Chain, ChainError, ContentService, Contribution, Hash, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A chain whose contributions are a fixed list.
pub struct FakeChain {
    pub max_contribution_bytes: u64,
    pub datanets: Vec<u64>,
    pub contributions: Vec<Contribution>,
}

impl FakeChain {
    pub fn new(contributions: Vec<Contribution>) -> FakeChain {
        let mut datanets: Vec<u64> = contributions.iter().map(|c| c.datanet_id).collect();
        datanets.sort();
        datanets.dedup();
        FakeChain {
            max_contribution_bytes: 5_242_880,
            datanets,
            contributions,
        }
    }
}

impl Chain for FakeChain {
    fn max_contribution_bytes(&self) -> Result<u64, ChainError> {
        Ok(self.max_contribution_bytes)
    }

    fn contributions_with_hash(
        &self,
        hash: &Hash,
        limit: usize,
    ) -> Result<Vec<Contribution>, ChainError> {
        Ok(self
            .contributions
            .iter()
            .filter(|c| c.hash == *hash)
            .take(limit)
            .cloned()
            .collect())
    }

    fn approved_contributions(
        &self,
        datanet_id: u64,
        visit: &mut dyn FnMut(Contribution) -> ControlFlow<()>,
    ) -> Result<(), ChainError> {
        if datanet_id != 0 && !self.datanets.contains(&datanet_id) {
            return Err(ChainError::UnknownDatanet(datanet_id));
        }
        for c in &self.contributions {
            let in_scope = c.approved && (datanet_id == 0 || c.datanet_id == datanet_id);
            if in_scope && visit(c.clone()).is_break() {
                break;
            }
        }
        Ok(())
    }
}

/// An approved contribution of `bytes` in datanet 1.
pub fn approved(id: u64, bytes: &[u8], uri: &str) -> Contribution {
    Contribution {
        id,
        datanet_id: 1,
        hash: Hash::of(bytes),
        size_bytes: bytes.len() as u64,
        content_uri: uri.to_string(),
        approved: true,
    }
}

/// Serve a tonic service on a loopback port; its URL.
pub async fn serve_grpc<S>(svc: S) -> String
where
    S: tonic::codegen::Service<
            tonic::codegen::http::Request<tonic::body::BoxBody>,
            Response = tonic::codegen::http::Response<tonic::body::BoxBody>,
            Error = std::convert::Infallible,
        > + tonic::server::NamedService
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let incoming =
        tonic::transport::server::TcpIncoming::from_listener(listener, true, None).unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(svc)
            .serve_with_incoming(incoming),
    );
    format!("http://{addr}")
}

/// A content service over `store` and `chain`, served on loopback; its URL.
pub async fn serve_content(store: Arc<Store>, chain: FakeChain) -> String {
    serve_grpc(ContentService::new(store, Arc::new(chain)).into_server()).await
}

/// One HTTP answer: status, body, and whether to send a Content-Length header.
#[derive(Clone)]
pub struct Page {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_length: bool,
}

impl Page {
    pub fn ok(body: &[u8]) -> Page {
        Page {
            status: 200,
            body: body.to_vec(),
            content_length: true,
        }
    }
}

/// A minimal HTTP/1.1 server on loopback answering GETs by path (404 otherwise), closing each
/// connection after one answer. Its base URL (`http://127.0.0.1:port`).
pub async fn serve_http(pages: BTreeMap<String, Page>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let pages = Arc::new(pages);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let pages = pages.clone();
            tokio::spawn(async move {
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 65536 {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&req);
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
                let page = pages.get(&path).cloned().unwrap_or(Page {
                    status: 404,
                    body: b"not found".to_vec(),
                    content_length: true,
                });
                let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", page.status);
                if page.content_length {
                    head.push_str(&format!("Content-Length: {}\r\n", page.body.len()));
                }
                head.push_str("\r\n");
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(&page.body).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}
