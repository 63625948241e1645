//! Info connection: Info (handshake) and Query. Reads only committed snapshots, so it never
//! waits for block execution. Queries run on the blocking pool behind the gateway's limiter
//! ([`crate::query::limits`]), never on the workers serving consensus.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tendermint::abci::response;
use tendermint::v0_38::abci::{InfoRequest, InfoResponse};
use tower_abci::BoxError;

use crate::query::abci::QueryGateway;

/// Reported as `app_version` in Info; bump on a state-machine-breaking change.
pub const APP_VERSION: u64 = 1;

#[derive(Clone)]
pub struct InfoService {
    gateway: QueryGateway,
}

impl InfoService {
    pub fn new(gateway: QueryGateway) -> Self {
        InfoService { gateway }
    }
}

impl tower::Service<InfoRequest> for InfoService {
    type Response = InfoResponse;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<InfoResponse, BoxError>> + Send + 'static>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: InfoRequest) -> Self::Future {
        let resp = match req {
            InfoRequest::Query(q) => {
                let gateway = self.gateway.clone();
                return Box::pin(async move {
                    let r = gateway
                        .query_limited(q.path, q.data.to_vec(), q.height.value(), q.prove)
                        .await;
                    Ok(InfoResponse::Query(r))
                });
            }
            InfoRequest::Info(_) => {
                // What is durably on disk, not the version still being written in the
                // background: after a crash, the handshake then replays what was lost.
                let (height, app_hash) = match self.gateway.storage().durable() {
                    Some(c) => (c.height, c.app_hash.to_vec()),
                    None => (0, Vec::new()),
                };
                InfoResponse::Info(response::Info {
                    data: "openledger".to_string(),
                    version: env!("CARGO_PKG_VERSION").to_string(),
                    app_version: APP_VERSION,
                    last_block_height: height.try_into().unwrap_or_default(),
                    last_block_app_hash: app_hash.try_into().unwrap_or_default(),
                })
            }
            InfoRequest::Echo(e) => InfoResponse::Echo(response::Echo { message: e.message }),
        };
        Box::pin(async move { Ok(resp) })
    }
}
