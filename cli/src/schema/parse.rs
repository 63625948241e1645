//! JSON into protobuf messages: proto3 JSON (`snake_case` or `camelCase` names, integers as
//! numbers or strings, enums by name, `Any` with `"@type"`), plus what people write by hand and
//! what the classic output prints: coins as `"1000OPEN"`, decimals as `"0.05"`. Unknown fields
//! are refused, and a `params` object must name every field that is not deprecated: a module's
//! params are replaced as a whole, so a forgotten field would silently become zero.

use base64::Engine;
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value as Json};

use super::{legacy_dec, pool, DecWire};
use crate::amount::{self, Coin};
use crate::dec;

/// A message from JSON.
pub fn message(desc: &MessageDescriptor, json: Json) -> Result<DynamicMessage, String> {
    let prepared = prepare(desc, json, "")?;
    DynamicMessage::deserialize(desc.clone(), prepared).map_err(|e| format!("{}: {e}", desc.name()))
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

fn located(at: &str, error: impl std::fmt::Display) -> String {
    if at.is_empty() {
        error.to_string()
    } else {
        format!("{at}: {error}")
    }
}

/// Rewrites the parts of `json` the proto3 parser does not read (coins as text, decimals) and
/// refuses unknown fields, with the path of the offending value.
fn prepare(desc: &MessageDescriptor, json: Json, at: &str) -> Result<Json, String> {
    match (desc.full_name(), json) {
        ("cosmos.base.v1beta1.Coin", Json::String(text)) => {
            let coin: Coin = text.parse().map_err(|e| located(at, e))?;
            Ok(coin_json(&coin))
        }
        ("google.protobuf.Any", Json::Object(map)) => any(map, at),
        (name, Json::Object(map)) if !name.starts_with("google.protobuf.") => {
            let mut out = Map::new();
            for (key, value) in map {
                let field = desc
                    .get_field_by_name(&key)
                    .or_else(|| desc.get_field_by_json_name(&key))
                    .ok_or_else(|| {
                        located(at, format!("unknown field {key:?} in {}", desc.name()))
                    })?;
                let path = join(at, &key);
                out.insert(key, prepare_field(&field, value, &path)?);
            }
            Ok(Json::Object(out))
        }
        (_, other) => Ok(other),
    }
}

fn any(mut map: Map<String, Json>, at: &str) -> Result<Json, String> {
    let Some(Json::String(type_url)) = map.remove("@type") else {
        return Err(located(
            at,
            "a message needs an \"@type\", e.g. \"/cosmos.bank.v1beta1.MsgSend\"",
        ));
    };
    let name = type_url.rsplit('/').next().unwrap_or_default();
    let desc = pool()
        .get_message_by_name(name)
        .ok_or_else(|| located(at, format!("unknown message type {type_url:?}")))?;
    let Json::Object(mut fields) = prepare(&desc, Json::Object(map), at)? else {
        return Err(located(at, "expected an object"));
    };
    fields.insert("@type".to_owned(), Json::String(type_url));
    Ok(Json::Object(fields))
}

fn coin_json(coin: &Coin) -> Json {
    serde_json::json!({"denom": coin.denom, "amount": coin.amount.to_string()})
}

fn prepare_field(field: &FieldDescriptor, value: Json, at: &str) -> Result<Json, String> {
    let coins =
        matches!(field.kind(), Kind::Message(m) if m.full_name() == "cosmos.base.v1beta1.Coin");
    match value {
        Json::Null => Ok(Json::Null),
        Json::String(text) if field.is_list() && coins => {
            let list = amount::parse_coins(&text).map_err(|e| located(at, e))?;
            Ok(Json::Array(list.iter().map(coin_json).collect()))
        }
        Json::Array(items) if field.is_list() => {
            let items = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| prepare_single(field, item, &format!("{at}[{i}]")));
            Ok(Json::Array(items.collect::<Result<_, _>>()?))
        }
        value => prepare_single(field, value, at),
    }
}

fn prepare_single(field: &FieldDescriptor, value: Json, at: &str) -> Result<Json, String> {
    if let Kind::Message(desc) = field.kind() {
        if field.name() == "params" {
            require_every_field(&desc, &value, at)?;
        }
        return prepare(&desc, value, at);
    }
    let Some(wire) = legacy_dec(field) else {
        return Ok(value);
    };
    let Json::String(text) = value else {
        return Err(located(at, "write decimals as strings, e.g. \"0.05\""));
    };
    let atomics = dec::parse(&text)
        .map_err(|e| located(at, e))?
        .to_proto_string();
    Ok(Json::String(match wire {
        DecWire::Atomics => atomics,
        // bytes are base64 in proto3 JSON
        DecWire::AtomicsBytes => base64::engine::general_purpose::STANDARD.encode(atomics),
    }))
}

fn require_every_field(desc: &MessageDescriptor, value: &Json, at: &str) -> Result<(), String> {
    let Json::Object(map) = value else {
        return Ok(());
    };
    let missing: Vec<String> = desc
        .fields()
        .filter(|f| !super::is_deprecated(f))
        .filter(|f| !map.contains_key(f.name()) && !map.contains_key(f.json_name()))
        .map(|f| f.name().to_owned())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(located(
        at,
        format!(
            "missing {} (params are replaced as a whole: copy them from the params query and change what you need)",
            missing.join(", ")
        ),
    ))
}

#[cfg(test)]
#[path = "../../tests/unit/schema_parse.rs"]
mod tests;
