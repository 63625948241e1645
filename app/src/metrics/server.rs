//! `GET /metrics` over HTTP/1 (hyper, as the REST gateway), in the Prometheus text format.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;
use tracing::debug;

use super::Metrics;
use crate::store::Storage;

/// Scrapers served at once; more wait for a slot.
pub const MAX_CONNECTIONS: usize = 16;
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The content type of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Serve `metrics` (and the store's figures, when given) on `addr` until the task is dropped.
pub async fn serve(
    metrics: &'static Metrics,
    storage: Option<Storage>,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("metrics server on {addr}: {e}"))?;
    serve_on(metrics, storage, listener).await
}

/// [`serve`] on a bound listener.
pub async fn serve_on(
    metrics: &'static Metrics,
    storage: Option<Storage>,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    let storage = Arc::new(storage);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = connections
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| anyhow::anyhow!("metrics server: {e}"))?;
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                debug!(error = %e, "metrics accept");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let storage = storage.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let storage = storage.clone();
                async move { Ok::<_, Infallible>(handle(metrics, storage.as_ref().as_ref(), &req)) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(16 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                debug!(error = %e, "metrics connection");
            }
        });
    }
}

fn reply(status: StatusCode, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn handle(
    metrics: &Metrics,
    storage: Option<&Storage>,
    req: &Request<Incoming>,
) -> Response<Full<Bytes>> {
    let text = "text/plain; charset=utf-8";
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/metrics") => reply(StatusCode::OK, CONTENT_TYPE, metrics.render(storage)),
        (_, "/metrics") => reply(
            StatusCode::METHOD_NOT_ALLOWED,
            text,
            "only GET /metrics\n".into(),
        ),
        _ => reply(StatusCode::NOT_FOUND, text, "see /metrics\n".into()),
    }
}
