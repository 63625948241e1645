//! The REST route table, generated from the `google.api.http` annotations of the served
//! services in the descriptor set, and the building of a request message from a matched path,
//! its query string and its JSON body, the way grpc-gateway does it for the Cosmos SDK.

use std::cmp::Ordering;

use prost_reflect::{
    DescriptorPool, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, ReflectMessage, Value,
};

/// Longest request path and query string read.
pub const MAX_PATH_LEN: usize = 2048;
pub const MAX_QUERY_LEN: usize = 8192;
/// Most query-string parameters read.
pub const MAX_QUERY_PARAMS: usize = 128;
/// Deepest dotted field name (`pagination.limit` is 2).
const MAX_FIELD_DEPTH: usize = 8;
/// Most path segments matched.
const MAX_SEGMENTS: usize = 32;

/// The path fields of a matched route and their decoded values.
pub type PathValues = Vec<(String, String)>;

/// HTTP methods routes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `{field}` (one segment) or `{field=**}` (the rest of the path).
    Field {
        name: String,
        rest: bool,
    },
}

/// One REST route: an HTTP method and path template bound to a gRPC method.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: HttpMethod,
    /// The template as annotated, e.g. `/cosmos/bank/v1beta1/balances/{address}`.
    pub template: String,
    segments: Vec<Segment>,
    /// `/package.Service/Method`.
    pub grpc_path: String,
    pub input: MessageDescriptor,
    pub output: MessageDescriptor,
    /// The annotated body: `*` (the whole request), a field name, or none.
    pub body: Option<String>,
    /// The method's leading comment, for the OpenAPI document.
    pub summary: String,
}

impl Route {
    /// The fields bound by the path template.
    pub fn path_fields(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Field { name, .. } => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// Match a request path (without query string); the path fields' values, decoded.
    fn matches(&self, parts: &[&str]) -> Option<PathValues> {
        let mut values = Vec::new();
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Literal(l) => {
                    if parts.get(i) != Some(&l.as_str()) {
                        return None;
                    }
                }
                Segment::Field { name, rest: false } => {
                    let p = parts.get(i).filter(|p| !p.is_empty())?;
                    values.push((name.clone(), decode_segment(p)?));
                }
                Segment::Field { name, rest: true } => {
                    let rest = parts.get(i..).filter(|r| !r.is_empty())?;
                    let decoded: Option<Vec<String>> =
                        rest.iter().map(|p| decode_segment(p)).collect();
                    values.push((name.clone(), decoded?.join("/")));
                    return Some(values);
                }
            }
        }
        (parts.len() == self.segments.len()).then_some(values)
    }

    /// Literals rank above single fields, which rank above `**`: the most specific route wins.
    fn rank(&self) -> Vec<u8> {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(_) => 2,
                Segment::Field { rest: false, .. } => 1,
                Segment::Field { rest: true, .. } => 0,
            })
            .collect()
    }
}

fn decode_segment(p: &str) -> Option<String> {
    percent_encoding::percent_decode_str(p)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Parse a path template; `None` for forms this gateway does not route (`{x=a/*}`, verbs).
fn parse_template(template: &str) -> Option<Vec<Segment>> {
    let t = template.strip_prefix('/')?;
    if t.contains(':') {
        return None;
    }
    let mut out = Vec::new();
    for part in t.split('/') {
        if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            let (name, pattern) = inner.split_once('=').unwrap_or((inner, "*"));
            let rest = match pattern {
                "*" => false,
                "**" => true,
                _ => return None,
            };
            if name.is_empty() {
                return None;
            }
            out.push(Segment::Field {
                name: name.to_string(),
                rest,
            });
        } else if part.is_empty() || part.contains(['{', '}']) {
            return None;
        } else {
            out.push(Segment::Literal(part.to_string()));
        }
    }
    let rest_before_end = out
        .iter()
        .rev()
        .skip(1)
        .any(|s| matches!(s, Segment::Field { rest: true, .. }));
    if out.len() > MAX_SEGMENTS || rest_before_end {
        return None;
    }
    Some(out)
}

/// Why a request matched no route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRoute {
    NotFound,
    MethodNotAllowed,
}

/// The route table.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
}

impl Routes {
    /// The routes of every annotated method of `services` (full names) in `pool`, in a stable
    /// order (template, then method).
    pub fn from_pool(pool: &DescriptorPool, services: &[&str]) -> Routes {
        let mut routes = Vec::new();
        let Some(ext) = pool.get_extension_by_name("google.api.http") else {
            return Routes { routes };
        };
        for service in pool.services() {
            if !services.contains(&service.full_name()) {
                continue;
            }
            for method in service.methods() {
                let options = method.options();
                if !options.has_extension(&ext) {
                    continue;
                }
                let rule = options.get_extension(&ext);
                let Some(rule) = rule.as_message() else {
                    continue;
                };
                let mut rules = vec![rule.clone()];
                if let Some(extra) = rule.get_field_by_name("additional_bindings") {
                    if let Some(list) = extra.as_list() {
                        rules.extend(list.iter().filter_map(|v| v.as_message().cloned()));
                    }
                }
                let summary = method
                    .parent_file()
                    .file_descriptor_proto()
                    .source_code_info
                    .as_ref()
                    .and_then(|info| {
                        info.location
                            .iter()
                            .find(|l| l.path == method.path())
                            .and_then(|l| l.leading_comments.clone())
                    })
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                for rule in rules {
                    for (key, http) in [("get", HttpMethod::Get), ("post", HttpMethod::Post)] {
                        let template = rule
                            .get_field_by_name(key)
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        if template.is_empty() {
                            continue;
                        }
                        let Some(segments) = parse_template(&template) else {
                            continue;
                        };
                        let body = rule
                            .get_field_by_name("body")
                            .and_then(|v| v.as_str().map(str::to_string))
                            .filter(|b| !b.is_empty());
                        routes.push(Route {
                            method: http,
                            template,
                            segments,
                            grpc_path: format!("/{}/{}", service.full_name(), method.name()),
                            input: method.input(),
                            output: method.output(),
                            body,
                            summary: summary.clone(),
                        });
                    }
                }
            }
        }
        routes.sort_by(|a, b| a.template.cmp(&b.template).then(a.method.cmp(&b.method)));
        routes.dedup_by(|a, b| a.template == b.template && a.method == b.method);
        Routes { routes }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    pub fn len(&self) -> usize {
        self.routes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The most specific route for `method` and `path`, with its path fields' values.
    pub fn find(&self, method: HttpMethod, path: &str) -> Result<(&Route, PathValues), NoRoute> {
        if path.len() > MAX_PATH_LEN {
            return Err(NoRoute::NotFound);
        }
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let parts: Vec<&str> = trimmed.split('/').take(MAX_SEGMENTS + 1).collect();
        let mut best: Option<(&Route, PathValues)> = None;
        let mut other_method = false;
        for route in &self.routes {
            let Some(values) = route.matches(&parts) else {
                continue;
            };
            if route.method != method {
                other_method = true;
                continue;
            }
            let better = match &best {
                None => true,
                Some((b, _)) => route.rank().cmp(&b.rank()) == Ordering::Greater,
            };
            if better {
                best = Some((route, values));
            }
        }
        match best {
            Some(b) => Ok(b),
            None if other_method => Err(NoRoute::MethodNotAllowed),
            None => Err(NoRoute::NotFound),
        }
    }
}

/// A request that cannot be made into the method's message: a 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

fn bad(msg: impl Into<String>) -> BadRequest {
    let mut m: String = msg.into();
    if m.len() > 200 {
        let mut end = 200;
        while !m.is_char_boundary(end) {
            end -= 1;
        }
        m.truncate(end);
    }
    BadRequest(m)
}

/// Build the request message: the JSON body (when the route takes one), then the path
/// fields, then the query-string parameters (`a.b=1`, repeated keys for repeated fields).
/// Unknown query parameters are ignored, as grpc-gateway does.
pub fn build_request(
    route: &Route,
    path_values: &[(String, String)],
    query: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Result<DynamicMessage, BadRequest> {
    let mut msg = match (route.body.as_deref(), body) {
        (Some("*"), Some(json)) => {
            let bytes = openledger_proto::json::from_json(route.input.full_name(), json)
                .map_err(|e| bad(format!("invalid body: {e}")))?;
            DynamicMessage::decode(route.input.clone(), bytes.as_slice())
                .map_err(|_| bad("invalid body"))?
        }
        (Some(field), Some(json)) => {
            let mut msg = DynamicMessage::new(route.input.clone());
            let fd = route
                .input
                .get_field_by_name(field)
                .ok_or_else(|| bad("invalid body"))?;
            let Kind::Message(md) = fd.kind() else {
                return Err(bad("invalid body"));
            };
            let bytes = openledger_proto::json::from_json(md.full_name(), json)
                .map_err(|e| bad(format!("invalid body: {e}")))?;
            let inner =
                DynamicMessage::decode(md, bytes.as_slice()).map_err(|_| bad("invalid body"))?;
            msg.set_field(&fd, Value::Message(inner));
            msg
        }
        _ => DynamicMessage::new(route.input.clone()),
    };
    for (field, value) in path_values {
        set_path(&mut msg, field, value, false)?;
    }
    if let Some(q) = query {
        if q.len() > MAX_QUERY_LEN {
            return Err(bad("query string too long"));
        }
        let path_fields: Vec<&str> = route.path_fields().collect();
        for (n, (key, value)) in form_urlencoded::parse(q.as_bytes()).enumerate() {
            if n >= MAX_QUERY_PARAMS {
                return Err(bad("too many query parameters"));
            }
            if path_fields.contains(&key.as_ref()) {
                continue;
            }
            set_path(&mut msg, &key, &value, true)?;
        }
    }
    Ok(msg)
}

fn lookup(md: &MessageDescriptor, name: &str) -> Option<FieldDescriptor> {
    md.get_field_by_name(name)
        .or_else(|| md.get_field_by_json_name(name))
}

/// Set the (dotted) field `path` of `msg` from its text form. `lenient`: an unknown name is
/// skipped (query strings); otherwise it is refused (path fields come from our templates).
fn set_path(
    msg: &mut DynamicMessage,
    path: &str,
    text: &str,
    lenient: bool,
) -> Result<(), BadRequest> {
    let names: Vec<&str> = path.splitn(MAX_FIELD_DEPTH + 1, '.').collect();
    if names.len() > MAX_FIELD_DEPTH {
        return Err(bad("query parameter name too deep"));
    }
    let mut cur = msg;
    let last = names.len() - 1;
    for (i, name) in names.iter().enumerate() {
        let Some(fd) = lookup(&cur.descriptor(), name) else {
            if lenient {
                return Ok(());
            }
            return Err(bad(format!("unknown field {name}")));
        };
        if i < last {
            if fd.is_list() || fd.is_map() || !matches!(fd.kind(), Kind::Message(_)) {
                return Err(bad(format!("{name} has no field {}", names[i + 1])));
            }
            let Some(next) = cur.get_field_mut(&fd).as_message_mut() else {
                return Err(bad(format!("{name} is not a message")));
            };
            cur = next;
            continue;
        }
        if fd.is_map() {
            return Err(bad(format!("{name}: maps cannot be given as parameters")));
        }
        let value = parse_scalar(&fd, text).map_err(|e| bad(format!("{name}: {e}")))?;
        if fd.is_list() {
            if let Some(list) = cur.get_field_mut(&fd).as_list_mut() {
                list.push(value);
            }
        } else {
            cur.set_field(&fd, value);
        }
    }
    Ok(())
}

fn parse_scalar(fd: &FieldDescriptor, s: &str) -> Result<Value, String> {
    fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
        s.trim()
            .parse()
            .map_err(|_| format!("{:?} is not a valid number", truncate(s)))
    }
    Ok(match fd.kind() {
        Kind::String => Value::String(s.to_string()),
        Kind::Bytes => {
            use base64::Engine;
            let e = base64::engine::general_purpose::STANDARD
                .decode(s)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(s))
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(s))
                .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s))
                .map_err(|_| "not valid base64".to_string())?;
            Value::Bytes(e.into())
        }
        Kind::Bool => match s {
            "true" | "1" | "True" | "TRUE" => Value::Bool(true),
            "false" | "0" | "False" | "FALSE" | "" => Value::Bool(false),
            _ => return Err(format!("{:?} is not a boolean", truncate(s))),
        },
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(num(s)?),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(num(s)?),
        Kind::Uint32 | Kind::Fixed32 => Value::U32(num(s)?),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(num(s)?),
        Kind::Float => Value::F32(num(s)?),
        Kind::Double => Value::F64(num(s)?),
        Kind::Enum(e) => match e.get_value_by_name(s) {
            Some(v) => Value::EnumNumber(v.number()),
            None => match s.parse::<i32>() {
                Ok(n) if e.get_value(n).is_some() => Value::EnumNumber(n),
                _ => return Err(format!("{:?} is not a value of {}", truncate(s), e.name())),
            },
        },
        Kind::Message(m) => {
            return Err(format!("a {} cannot be given as a parameter", m.name()));
        }
    })
}

fn truncate(s: &str) -> &str {
    let mut end = s.len().min(40);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::served_routes;

    fn routes() -> Routes {
        served_routes()
    }

    #[test]
    fn templates_parse_and_refuse_unsupported_forms() {
        assert_eq!(
            parse_template("/a/{b}/c/{d=**}"),
            Some(vec![
                Segment::Literal("a".into()),
                Segment::Field {
                    name: "b".into(),
                    rest: false
                },
                Segment::Literal("c".into()),
                Segment::Field {
                    name: "d".into(),
                    rest: true
                },
            ])
        );
        assert_eq!(parse_template("a/b"), None);
        assert_eq!(parse_template("/a/{b=x/*}"), None);
        assert_eq!(parse_template("/a/{b}:verb"), None);
        assert_eq!(parse_template("/a//b"), None);
        assert_eq!(parse_template("/a/{b=**}/c"), None);
    }

    #[test]
    fn the_sdk_routes_resolve() {
        let r = routes();
        let cases = [
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/node_info",
                "GetNodeInfo",
            ),
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/syncing",
                "GetSyncing",
            ),
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/blocks/latest",
                "GetLatestBlock",
            ),
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/blocks/12",
                "GetBlockByHeight",
            ),
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/validatorsets/latest",
                "GetLatestValidatorSet",
            ),
            (
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/validatorsets/7",
                "GetValidatorSetByHeight",
            ),
            (HttpMethod::Post, "/cosmos/tx/v1beta1/txs", "BroadcastTx"),
            (HttpMethod::Post, "/cosmos/tx/v1beta1/simulate", "Simulate"),
            (HttpMethod::Get, "/cosmos/tx/v1beta1/txs", "GetTxsEvent"),
            (HttpMethod::Get, "/cosmos/tx/v1beta1/txs/ABCD", "GetTx"),
            (
                HttpMethod::Get,
                "/cosmos/tx/v1beta1/txs/block/5",
                "GetBlockWithTxs",
            ),
            (
                HttpMethod::Get,
                "/cosmos/bank/v1beta1/balances/open1x",
                "AllBalances",
            ),
            (
                HttpMethod::Get,
                "/cosmos/bank/v1beta1/balances/open1x/by_denom",
                "Balance",
            ),
            (
                HttpMethod::Get,
                "/cosmos/staking/v1beta1/validators",
                "Validators",
            ),
            (HttpMethod::Get, "/cosmos/gov/v1/proposals/1", "Proposal"),
            (
                HttpMethod::Get,
                "/cosmos/auth/v1beta1/accounts/open1x",
                "Account",
            ),
        ];
        for (method, path, name) in cases {
            let (route, _) = r
                .find(method, path)
                .unwrap_or_else(|e| panic!("{path}: {e:?}"));
            assert!(
                route.grpc_path.ends_with(&format!("/{name}")),
                "{path} -> {}",
                route.grpc_path
            );
        }
        assert_eq!(
            r.find(HttpMethod::Get, "/cosmos/nothing").unwrap_err(),
            NoRoute::NotFound
        );
        assert_eq!(
            r.find(
                HttpMethod::Post,
                "/cosmos/base/tendermint/v1beta1/node_info"
            )
            .unwrap_err(),
            NoRoute::MethodNotAllowed
        );
        assert_eq!(
            r.find(HttpMethod::Get, &"/a".repeat(2000)).unwrap_err(),
            NoRoute::NotFound
        );
    }

    #[test]
    #[allow(deprecated)] // GetTxsEventRequest.events: clients still send it
    fn path_and_query_fill_the_request() {
        let r = routes();
        let (route, values) = r
            .find(
                HttpMethod::Get,
                "/cosmos/bank/v1beta1/balances/open1abc%2Fx",
            )
            .unwrap();
        assert_eq!(
            values,
            vec![("address".to_string(), "open1abc/x".to_string())]
        );
        let msg = build_request(
            route,
            &values,
            Some("pagination.limit=5&pagination.count_total=true&pagination.key=AAE%3D&pagination.reverse=1&unknown=1&resolve_denom=true"),
            None,
        )
        .unwrap();
        let bytes = prost::Message::encode_to_vec(&msg);
        let req = <cosmos_sdk_proto::cosmos::bank::v1beta1::QueryAllBalancesRequest as prost::Message>::decode(bytes.as_slice()).unwrap();
        assert_eq!(req.address, "open1abc/x");
        let p = req.pagination.unwrap();
        assert_eq!((p.limit, p.count_total, p.reverse), (5, true, true));
        assert_eq!(p.key, vec![0, 1]);

        // repeated fields and enums by name
        let (route, values) = r.find(HttpMethod::Get, "/cosmos/tx/v1beta1/txs").unwrap();
        let msg = build_request(
            route,
            &values,
            Some("events=message.sender%3D%27open1x%27&events=tx.height%3D3&order_by=ORDER_BY_DESC&page=2&limit=10&query=tx.height%3E1"),
            None,
        )
        .unwrap();
        let bytes = prost::Message::encode_to_vec(&msg);
        let req =
            <cosmos_sdk_proto::cosmos::tx::v1beta1::GetTxsEventRequest as prost::Message>::decode(
                bytes.as_slice(),
            )
            .unwrap();
        assert_eq!(req.events, vec!["message.sender='open1x'", "tx.height=3"]);
        assert_eq!(req.order_by, 2);
        assert_eq!((req.page, req.limit), (2, 10));
        assert_eq!(req.query, "tx.height>1");
    }

    #[test]
    fn malformed_query_values_are_bad_requests() {
        let r = routes();
        let (route, values) = r
            .find(HttpMethod::Get, "/cosmos/staking/v1beta1/validators")
            .unwrap();
        for q in [
            "pagination.limit=abc",
            "pagination.limit=-1",
            "pagination.count_total=maybe",
            "pagination.key=%%%",
            "pagination=1",
            "pagination.limit.x=1",
            "status.x=1",
        ] {
            let e = build_request(route, &values, Some(q), None).unwrap_err();
            assert!(e.0.len() <= 200, "{q}: {e}");
        }
        let long = format!("pagination.limit={}", "9".repeat(MAX_QUERY_LEN));
        assert!(build_request(route, &values, Some(&long), None).is_err());
        let many = vec!["x=1"; MAX_QUERY_PARAMS + 1].join("&");
        assert!(build_request(route, &values, Some(&many), None).is_err());
        // a block height that is not a number
        let (route, values) = r
            .find(
                HttpMethod::Get,
                "/cosmos/base/tendermint/v1beta1/blocks/abc",
            )
            .unwrap();
        assert!(build_request(route, &values, None, None).is_err());
    }

    #[test]
    fn post_body_fills_the_request() {
        let r = routes();
        let (route, values) = r.find(HttpMethod::Post, "/cosmos/tx/v1beta1/txs").unwrap();
        let body = serde_json::json!({"tx_bytes": "AQID", "mode": "BROADCAST_MODE_SYNC"});
        let msg = build_request(route, &values, None, Some(&body)).unwrap();
        let bytes = prost::Message::encode_to_vec(&msg);
        let req =
            <cosmos_sdk_proto::cosmos::tx::v1beta1::BroadcastTxRequest as prost::Message>::decode(
                bytes.as_slice(),
            )
            .unwrap();
        assert_eq!(req.tx_bytes, vec![1, 2, 3]);
        assert_eq!(req.mode, 2);
        let bad_body = serde_json::json!({"tx_bytes": 5});
        assert!(build_request(route, &values, None, Some(&bad_body)).is_err());
    }
}
