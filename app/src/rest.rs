//! The LCD REST gateway: the Cosmos SDK's REST routes (and OpenLedger's `/openledger/...`
//! ones), generated at startup from the `google.api.http` annotations of the served services
//! in the descriptor set ([`routes`]). A request is made into the method's protobuf message
//! (path fields, query string, JSON body), answered by [`crate::query::route::call`] (the same
//! handler as gRPC and ABCI `Query`), and the response printed as proto3 JSON as grpc-gateway
//! prints it for the SDK: `.proto` field names, defaults included, 64-bit integers as strings,
//! enums by name, bytes in base64, `Any` with `@type`.
//!
//! The `x-cosmos-block-height` header asks for the state at a committed height, as over gRPC.
//!
//! Errors are `{"code": <gRPC code>, "message": "...", "details": []}` with the HTTP status
//! grpc-gateway gives that code; messages are bounded. The OpenAPI document of the routes
//! ([`openapi`]) is served at [`OPENAPI_PATH`]. CORS answers preflights for the configured
//! origins.

pub mod content_upload;
pub mod openapi;
pub mod routes;
pub mod static_files;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;
use tracing::debug;

use crate::query::dispatch_grpc::DISPATCHED_SERVICES;
use crate::query::grpc::GrpcState;
use crate::query::reflection::NODE_SERVICES;
use crate::query::route;
use content_upload::{ContentUpload, MAX_UPLOAD_BYTES, UPLOAD_PATH};
use routes::{build_request, HttpMethod, NoRoute, Routes};
use static_files::StaticFiles;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/swagger/openapi.json";
/// Largest request body read (a broadcast carries a base64 transaction).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longest error message a client reads.
pub const MAX_MESSAGE_LEN: usize = 256;
/// Connections served at once; more wait to be accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// Longest wait for a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The services REST routes are generated for: those the gateway serves.
pub fn served_services() -> Vec<&'static str> {
    DISPATCHED_SERVICES
        .iter()
        .chain(NODE_SERVICES)
        .copied()
        .collect()
}

/// The route table of the served services, from the generated descriptor set.
pub fn served_routes() -> Routes {
    Routes::from_pool(openledger_proto::json::pool(), &served_services())
}

/// Which browser origins may call the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cors {
    /// Allowed origins; `*` allows any.
    pub allowed_origins: Vec<String>,
}

impl Cors {
    fn allow(&self, origin: &str) -> Option<HeaderValue> {
        if self.allowed_origins.iter().any(|o| o == "*") {
            return Some(HeaderValue::from_static("*"));
        }
        self.allowed_origins
            .iter()
            .any(|o| o.eq_ignore_ascii_case(origin))
            .then(|| HeaderValue::from_str(origin).ok())
            .flatten()
    }
}

struct Gateway {
    state: GrpcState,
    routes: Routes,
    cors: Cors,
    openapi: Bytes,
    web: WebExtras,
}

/// What the gateway serves beside the query routes for the web dashboard.
#[derive(Default)]
pub struct WebExtras {
    /// The dashboard's built files, at the paths no route takes.
    pub files: Option<StaticFiles>,
    /// The content store's upload route ([`UPLOAD_PATH`]).
    pub content: Option<ContentUpload>,
}

type Reply = Response<Full<Bytes>>;

fn json_reply(status: StatusCode, body: Vec<u8>) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The HTTP status grpc-gateway answers a gRPC code with.
pub fn http_status(code: tonic::Code) -> StatusCode {
    use tonic::Code as C;
    match code {
        C::Ok => StatusCode::OK,
        C::Cancelled => StatusCode::REQUEST_TIMEOUT,
        C::InvalidArgument | C::FailedPrecondition | C::OutOfRange => StatusCode::BAD_REQUEST,
        C::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        C::NotFound => StatusCode::NOT_FOUND,
        C::AlreadyExists | C::Aborted => StatusCode::CONFLICT,
        C::PermissionDenied => StatusCode::FORBIDDEN,
        C::Unauthenticated => StatusCode::UNAUTHORIZED,
        C::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        C::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        C::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        C::Unknown | C::Internal | C::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `message` cut to [`MAX_MESSAGE_LEN`] bytes at a character boundary, on one line.
pub fn bounded_message(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    let mut end = line.len().min(MAX_MESSAGE_LEN);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_string()
}

/// An error body as grpc-gateway writes it for the SDK.
pub fn error_reply(code: tonic::Code, message: &str) -> Reply {
    let body = serde_json::json!({
        "code": code as i32,
        "message": bounded_message(message),
        "details": [],
    });
    json_reply(http_status(code), body.to_string().into_bytes())
}

impl Gateway {
    async fn handle(&self, req: Request<Incoming>) -> Reply {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .map(str::to_string);
        let allowed = origin.as_deref().and_then(|o| self.cors.allow(o));
        if req.method() == Method::OPTIONS {
            return self.preflight(req.headers(), allowed);
        }
        let mut reply = self.answer(req).await;
        if let Some(v) = allowed {
            let h = reply.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        reply
    }

    fn preflight(&self, headers: &HeaderMap, allowed: Option<HeaderValue>) -> Reply {
        let Some(origin) = allowed else {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::FORBIDDEN;
            return r;
        };
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = StatusCode::NO_CONTENT;
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        let asked = headers
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .filter(|v| v.len() <= 1024)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("content-type"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        r
    }

    async fn answer(&self, req: Request<Incoming>) -> Reply {
        let method = match *req.method() {
            Method::GET | Method::HEAD => HttpMethod::Get,
            Method::POST => HttpMethod::Post,
            _ => return error_reply(tonic::Code::Unimplemented, "method not allowed"),
        };
        let path = req.uri().path().to_string();
        let query = req.uri().query().map(str::to_string);
        let height = match req.headers().get(route::HEIGHT_HEADER) {
            None => 0,
            Some(v) => match v.to_str().ok().and_then(|s| s.trim().parse::<u64>().ok()) {
                Some(h) => h,
                None => {
                    return error_reply(
                        tonic::Code::InvalidArgument,
                        "x-cosmos-block-height must be a block height",
                    )
                }
            },
        };
        if method == HttpMethod::Get && path == OPENAPI_PATH {
            return json_reply(StatusCode::OK, self.openapi.to_vec());
        }
        if let (HttpMethod::Post, UPLOAD_PATH, Some(content)) =
            (method, path.as_str(), &self.web.content)
        {
            return match Limited::new(req.into_body(), MAX_UPLOAD_BYTES)
                .collect()
                .await
            {
                Ok(b) => content.put(b.to_bytes()).await,
                Err(_) => {
                    let mut r = error_reply(
                        tonic::Code::InvalidArgument,
                        "upload too large or unreadable",
                    );
                    *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
                    r
                }
            };
        }
        let (route, values) = match self.routes.find(method, &path) {
            Ok(found) => found,
            Err(NoRoute::NotFound) => {
                // Not a query route: the dashboard's files, when served.
                if let (HttpMethod::Get, Some(web)) = (method, &self.web.files) {
                    if let Some(reply) = web.reply(&path).await {
                        return reply;
                    }
                }
                return error_reply(tonic::Code::NotFound, "not found");
            }
            Err(NoRoute::MethodNotAllowed) => {
                let mut r = error_reply(tonic::Code::Unimplemented, "method not allowed");
                *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
                return r;
            }
        };
        let body = if route.body.is_some() {
            let collected = match Limited::new(req.into_body(), MAX_BODY_BYTES)
                .collect()
                .await
            {
                Ok(b) => b.to_bytes(),
                Err(_) => {
                    let mut r = error_reply(
                        tonic::Code::InvalidArgument,
                        "request body too large or unreadable",
                    );
                    *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
                    return r;
                }
            };
            if collected.is_empty() {
                Some(serde_json::Value::Object(Default::default()))
            } else {
                match serde_json::from_slice::<serde_json::Value>(&collected) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        return error_reply(tonic::Code::InvalidArgument, "body is not valid JSON")
                    }
                }
            }
        } else {
            None
        };
        let msg = match build_request(route, &values, query.as_deref(), body.as_ref()) {
            Ok(m) => m,
            Err(e) => return error_reply(tonic::Code::InvalidArgument, &e.0),
        };
        let bytes = prost::Message::encode_to_vec(&msg);
        match route::call_at(&self.state, height, &route.grpc_path, &bytes).await {
            Ok(out) => match openledger_proto::json::to_json(route.output.full_name(), &out) {
                Ok(json) => json_reply(StatusCode::OK, json.to_string().into_bytes()),
                Err(e) => {
                    debug!(path = %route.grpc_path, error = %e, "REST response not printable");
                    error_reply(tonic::Code::Internal, "cannot print the response as JSON")
                }
            },
            Err(status) => error_reply(status.code(), status.message()),
        }
    }
}

/// The OpenAPI document of the served routes, encoded once.
fn openapi_bytes(routes: &Routes) -> Bytes {
    static DOC: OnceLock<Bytes> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc = openapi::document(routes);
        Bytes::from(serde_json::to_vec(&doc).unwrap_or_default())
    })
    .clone()
}

/// Serve the REST gateway on `addr`.
pub async fn serve(state: GrpcState, cors: Cors, addr: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("REST server on {addr}: {e}"))?;
    serve_on(state, cors, listener).await
}

/// Serve the REST gateway on `addr`, with the dashboard's files and upload route of `web`.
pub async fn serve_with_web(
    state: GrpcState,
    cors: Cors,
    web: WebExtras,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("REST server on {addr}: {e}"))?;
    serve_on_with_web(state, cors, web, listener).await
}

/// Serve the REST gateway on a bound listener, until the task is dropped.
pub async fn serve_on(
    state: GrpcState,
    cors: Cors,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    serve_on_with_web(state, cors, WebExtras::default(), listener).await
}

/// [`serve_on`], also serving what `web` holds.
pub async fn serve_on_with_web(
    state: GrpcState,
    cors: Cors,
    web: WebExtras,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    let routes = served_routes();
    let gateway = Arc::new(Gateway {
        openapi: openapi_bytes(&routes),
        state,
        routes,
        cors,
        web,
    });
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = connections
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| anyhow::anyhow!("REST server: {e}"))?;
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                debug!(error = %e, "REST accept");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let gw = gateway.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req| {
                let gw = gw.clone();
                async move { Ok::<_, Infallible>(gw.handle(req).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                debug!(error = %e, "REST connection");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_grpc_gateway() {
        assert_eq!(http_status(tonic::Code::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(
            http_status(tonic::Code::InvalidArgument),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            http_status(tonic::Code::Unimplemented),
            StatusCode::NOT_IMPLEMENTED
        );
        assert_eq!(
            http_status(tonic::Code::ResourceExhausted),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            http_status(tonic::Code::Unavailable),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[test]
    fn error_messages_are_bounded_single_lines() {
        let long = format!("{}\n   at /some/file.rs:1", "é".repeat(1000));
        let m = bounded_message(&long);
        assert!(m.len() <= MAX_MESSAGE_LEN);
        assert!(!m.contains('\n'));
        assert!(!m.contains("file.rs"));
    }

    #[test]
    fn cors_allows_configured_origins() {
        let any = Cors {
            allowed_origins: vec!["*".into()],
        };
        assert_eq!(any.allow("https://x.example").unwrap(), "*");
        let some = Cors {
            allowed_origins: vec!["https://wallet.example".into()],
        };
        assert_eq!(
            some.allow("https://wallet.example").unwrap(),
            "https://wallet.example"
        );
        assert!(some.allow("https://evil.example").is_none());
        let none = Cors {
            allowed_origins: vec![],
        };
        assert!(none.allow("https://wallet.example").is_none());
    }
}
