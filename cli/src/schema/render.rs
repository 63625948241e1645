//! Protobuf messages as JSON documents, in one of two styles:
//! - proto3 JSON as the Cosmos SDK prints it (`gaiad --output json`): original field names,
//!   every default field, 64-bit integers as strings, bytes in base64, enums by name, times in
//!   RFC 3339, durations as `"600s"`, `LegacyDec` values as decimals;
//! - the classic form of the commands that predate the generated ones (and of proposal files):
//!   the same, but 64-bit integers as numbers, OpenLedger's hashes and roots in hex and its
//!   empty amounts as "0".

use base64::Engine;
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MapKey, ReflectMessage, Value};
use serde_json::{Map, Value as Json};

use super::{is_amount, legacy_dec, pool, DecWire};
use crate::dec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Proto3,
    Classic,
}

/// A message as a JSON document.
pub fn message(msg: &DynamicMessage, style: Style) -> Json {
    let desc = msg.descriptor();
    match desc.full_name() {
        "google.protobuf.Timestamp" => timestamp(msg),
        "google.protobuf.Duration" => duration(msg),
        "google.protobuf.Any" => any(msg, style),
        _ => {
            let mut out = Map::new();
            for field in desc.fields() {
                let unset_message = matches!(field.kind(), Kind::Message(_))
                    && !field.is_list()
                    && !field.is_map()
                    && !msg.has_field(&field);
                let value = if unset_message {
                    Json::Null
                } else {
                    field_value(&field, &msg.get_field(&field), style)
                };
                out.insert(field.name().to_owned(), value);
            }
            Json::Object(out)
        }
    }
}

/// `{"@type": ..., fields...}` for a message type of the descriptor set, else the type and its
/// bytes (base64 `value`, or `value_hex` in the classic form).
fn any(msg: &DynamicMessage, style: Style) -> Json {
    let type_url = match msg.get_field_by_name("type_url").as_deref() {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let bytes = match msg.get_field_by_name("value").as_deref() {
        Some(Value::Bytes(b)) => b.to_vec(),
        _ => Vec::new(),
    };
    let name = type_url.rsplit('/').next().unwrap_or_default();
    let inner = pool()
        .get_message_by_name(name)
        .and_then(|desc| DynamicMessage::decode(desc, bytes.as_slice()).ok());
    let mut out = Map::new();
    out.insert("@type".to_owned(), Json::String(type_url));
    match (inner.map(|m| message(&m, style)), style) {
        (Some(Json::Object(fields)), _) => out.extend(fields),
        (_, Style::Proto3) => {
            out.insert("value".to_owned(), Json::String(base64(&bytes)));
        }
        (_, Style::Classic) => {
            out.insert("value_hex".to_owned(), Json::String(hex::encode(&bytes)));
        }
    }
    Json::Object(out)
}

fn int_field(msg: &DynamicMessage, name: &str) -> i64 {
    match msg.get_field_by_name(name).as_deref() {
        Some(Value::I64(n)) => *n,
        Some(Value::I32(n)) => i64::from(*n),
        _ => 0,
    }
}

/// RFC 3339 (`2026-11-24T10:05:00Z`).
fn timestamp(msg: &DynamicMessage) -> Json {
    let (seconds, nanos) = (int_field(msg, "seconds"), int_field(msg, "nanos"));
    let nanos = u32::try_from(nanos).unwrap_or(0);
    Json::String(
        match tendermint::Time::from_unix_timestamp(seconds, nanos) {
            Ok(t) => t.to_rfc3339(),
            Err(_) => format!("{seconds}s since 1970-01-01"),
        },
    )
}

/// `"600s"`, `"1.5s"`.
fn duration(msg: &DynamicMessage) -> Json {
    let (seconds, nanos) = (int_field(msg, "seconds"), int_field(msg, "nanos"));
    if nanos == 0 {
        return Json::String(format!("{seconds}s"));
    }
    let fraction = format!("{:09}", nanos.unsigned_abs());
    Json::String(format!("{seconds}.{}s", fraction.trim_end_matches('0')))
}

fn field_value(field: &FieldDescriptor, value: &Value, style: Style) -> Json {
    match value {
        Value::List(items) => Json::Array(items.iter().map(|v| single(field, v, style)).collect()),
        Value::Map(entries) => {
            let value_field = field
                .kind()
                .as_message()
                .map(|entry| entry.map_entry_value_field());
            let mut out = Map::new();
            for (key, v) in entries {
                let json = match &value_field {
                    Some(vf) => single(vf, v, style),
                    None => Json::Null,
                };
                out.insert(map_key(key), json);
            }
            Json::Object(out)
        }
        v => single(field, v, style),
    }
}

fn map_key(key: &MapKey) -> String {
    match key {
        MapKey::Bool(b) => b.to_string(),
        MapKey::I32(n) => n.to_string(),
        MapKey::I64(n) => n.to_string(),
        MapKey::U32(n) => n.to_string(),
        MapKey::U64(n) => n.to_string(),
        MapKey::String(s) => s.clone(),
    }
}

fn single(field: &FieldDescriptor, value: &Value, style: Style) -> Json {
    match value {
        Value::Bool(b) => Json::Bool(*b),
        Value::I32(n) => Json::from(*n),
        Value::U32(n) => Json::from(*n),
        Value::I64(n) if style == Style::Classic => Json::from(*n),
        Value::U64(n) if style == Style::Classic => Json::from(*n),
        Value::I64(n) => Json::String(n.to_string()),
        Value::U64(n) => Json::String(n.to_string()),
        Value::F32(f) => Json::from(*f),
        Value::F64(f) => Json::from(*f),
        Value::String(s) => string(field, s, style),
        Value::Bytes(b) => bytes(field, b, style),
        Value::EnumNumber(n) => enum_name(field, *n),
        Value::Message(m) => message(m, style),
        Value::List(_) | Value::Map(_) => Json::Null,
    }
}

fn string(field: &FieldDescriptor, s: &str, style: Style) -> Json {
    if legacy_dec(field) == Some(DecWire::Atomics) {
        return Json::String(dec::display_legacy(s));
    }
    if style == Style::Classic && s.is_empty() && is_amount(field) {
        return Json::String("0".to_owned());
    }
    Json::String(s.to_owned())
}

fn bytes(field: &FieldDescriptor, b: &[u8], style: Style) -> Json {
    if legacy_dec(field) == Some(DecWire::AtomicsBytes) {
        return Json::String(dec::display_legacy(&String::from_utf8_lossy(b)));
    }
    let openledger = field
        .parent_message()
        .package_name()
        .starts_with("openledger.");
    if style == Style::Classic && openledger {
        return Json::String(hex::encode(b));
    }
    Json::String(base64(b))
}

fn base64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn enum_name(field: &FieldDescriptor, number: i32) -> Json {
    let name = field
        .kind()
        .as_enum()
        .and_then(|e| e.get_value(number))
        .map(|v| v.name().to_owned());
    match name {
        Some(name) => Json::String(name),
        None => Json::from(number),
    }
}

#[cfg(test)]
#[path = "../../tests/unit/schema_render.rs"]
mod tests;
