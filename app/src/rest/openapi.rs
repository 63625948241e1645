//! The OpenAPI 3 document of the REST routes, generated from the same descriptors as the
//! routes: one operation per route, its path and query parameters, its body, and a schema per
//! message by full name. `openledgerd openapi` prints it; `docs/openapi.json` is that output,
//! and a test fails when the two differ.

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{json, Map, Value};

use crate::rest::routes::{HttpMethod, Route, Routes};

/// Depth of nested messages whose fields are listed as query parameters (`pagination.limit`).
const MAX_PARAM_DEPTH: usize = 2;

const ERROR_SCHEMA: &str = "rest.Error";

fn schema_ref(full_name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{full_name}") })
}

/// The schema of one value of `kind` (not repeated); message kinds are queued in `needed`.
fn kind_schema(kind: &Kind, needed: &mut BTreeSet<String>) -> Value {
    match kind {
        Kind::String => json!({"type": "string"}),
        Kind::Bytes => json!({"type": "string", "format": "byte"}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => {
            json!({"type": "integer", "format": "int32"})
        }
        Kind::Uint32 | Kind::Fixed32 => json!({"type": "integer", "format": "int64", "minimum": 0}),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => json!({"type": "string", "format": "int64"}),
        Kind::Uint64 | Kind::Fixed64 => json!({"type": "string", "format": "uint64"}),
        Kind::Float => json!({"type": "number", "format": "float"}),
        Kind::Double => json!({"type": "number", "format": "double"}),
        Kind::Enum(e) => {
            let names: Vec<String> = e.values().map(|v| v.name().to_string()).collect();
            json!({"type": "string", "enum": names})
        }
        Kind::Message(m) => match m.full_name() {
            "google.protobuf.Timestamp" => json!({"type": "string", "format": "date-time"}),
            "google.protobuf.Duration" => json!({"type": "string"}),
            "google.protobuf.Any" => json!({
                "type": "object",
                "properties": {"@type": {"type": "string"}},
                "additionalProperties": true,
            }),
            name => {
                needed.insert(name.to_string());
                schema_ref(name)
            }
        },
    }
}

fn field_schema(fd: &FieldDescriptor, needed: &mut BTreeSet<String>) -> Value {
    if fd.is_map() {
        if let Kind::Message(entry) = fd.kind() {
            let value = entry.map_entry_value_field().kind();
            return json!({"type": "object", "additionalProperties": kind_schema(&value, needed)});
        }
        return json!({"type": "object"});
    }
    let one = kind_schema(&fd.kind(), needed);
    if fd.is_list() {
        json!({"type": "array", "items": one})
    } else {
        one
    }
}

fn message_schema(md: &MessageDescriptor, needed: &mut BTreeSet<String>) -> Value {
    let mut props = Map::new();
    for fd in md.fields() {
        props.insert(fd.name().to_string(), field_schema(&fd, needed));
    }
    json!({"type": "object", "properties": props})
}

/// The query parameters of a GET route: every scalar (or repeated scalar) field of the input
/// not bound by the path, nested message fields by dotted name.
fn query_params(
    md: &MessageDescriptor,
    prefix: &str,
    depth: usize,
    bound: &[&str],
    out: &mut Vec<Value>,
    needed: &mut BTreeSet<String>,
) {
    for fd in md.fields() {
        let name = format!("{prefix}{}", fd.name());
        if bound.contains(&name.as_str()) || fd.is_map() {
            continue;
        }
        match fd.kind() {
            Kind::Message(inner) => {
                if !fd.is_list() && depth < MAX_PARAM_DEPTH {
                    query_params(&inner, &format!("{name}."), depth + 1, bound, out, needed);
                }
            }
            _ => {
                let mut p = json!({
                    "name": name,
                    "in": "query",
                    "required": false,
                    "schema": field_schema(&fd, needed),
                });
                if fd.is_list() {
                    p["explode"] = json!(true);
                }
                out.push(p);
            }
        }
    }
}

fn resolve_field(md: &MessageDescriptor, dotted: &str) -> Option<FieldDescriptor> {
    let mut cur = md.clone();
    let mut names = dotted.split('.').peekable();
    while let Some(n) = names.next() {
        let fd = cur.get_field_by_name(n)?;
        if names.peek().is_none() {
            return Some(fd);
        }
        match fd.kind() {
            Kind::Message(m) => cur = m,
            _ => return None,
        }
    }
    None
}

fn operation(route: &Route, needed: &mut BTreeSet<String>) -> Value {
    let bound: Vec<&str> = route.path_fields().collect();
    let mut params = Vec::new();
    for name in &bound {
        let schema = resolve_field(&route.input, name)
            .map(|fd| field_schema(&fd, needed))
            .unwrap_or_else(|| json!({"type": "string"}));
        params.push(json!({"name": name, "in": "path", "required": true, "schema": schema}));
    }
    if route.body.is_none() {
        query_params(&route.input, "", 0, &bound, &mut params, needed);
    }
    let (service, method) = route
        .grpc_path
        .trim_start_matches('/')
        .split_once('/')
        .unwrap_or((route.grpc_path.as_str(), ""));
    let mut op = json!({
        "operationId": format!("{service}.{method}"),
        "tags": [service],
        "parameters": params,
        "responses": {
            "200": {
                "description": "A successful response.",
                "content": {"application/json": {"schema": schema_ref(route.output.full_name())}},
            },
            "default": {
                "description": "An error.",
                "content": {"application/json": {"schema": schema_ref(ERROR_SCHEMA)}},
            },
        },
    });
    needed.insert(route.output.full_name().to_string());
    if !route.summary.is_empty() {
        op["description"] = json!(route.summary);
    }
    if route.body.is_some() {
        needed.insert(route.input.full_name().to_string());
        op["requestBody"] = json!({
            "required": true,
            "content": {"application/json": {"schema": schema_ref(route.input.full_name())}},
        });
    }
    op
}

/// The OpenAPI 3 document of `routes`.
pub fn document(routes: &Routes) -> Value {
    let mut needed = BTreeSet::new();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for route in routes.iter() {
        let method = match route.method {
            HttpMethod::Get => "get",
            HttpMethod::Post => "post",
        };
        let op = operation(route, &mut needed);
        paths
            .entry(route.template.clone())
            .or_default()
            .insert(method.to_string(), op);
    }
    let pool = openledger_proto::json::pool();
    let mut schemas = Map::new();
    let mut done = BTreeSet::new();
    // each pass adds the schemas the previous ones refer to; the pool is finite
    while let Some(name) = needed.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        if let Some(md) = pool.get_message_by_name(&name) {
            let s = message_schema(&md, &mut needed);
            schemas.insert(name, s);
        }
    }
    schemas.insert(
        ERROR_SCHEMA.to_string(),
        json!({
            "type": "object",
            "properties": {
                "code": {"type": "integer", "format": "int32", "description": "The gRPC status code."},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object"}},
            },
        }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "OpenLedger REST (LCD)",
            "description": "The Cosmos SDK REST routes and OpenLedger's own, generated from the google.api.http annotations of the served gRPC services. Responses are proto3 JSON as the Cosmos SDK's gateway prints them.",
            "version": "v1",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// The route table as a markdown table (method, path, gRPC method), for the docs.
pub fn markdown(routes: &Routes) -> String {
    let mut out = String::from("| Method | Path | gRPC method |\n|---|---|---|\n");
    for r in routes.iter() {
        out.push_str(&format!(
            "| {} | `{}` | `{}` |\n",
            r.method.as_str(),
            r.template,
            r.grpc_path.trim_start_matches('/')
        ));
    }
    out
}
