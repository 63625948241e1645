//! Proto3 JSON of any message in [`FILE_DESCRIPTOR_SET`](crate::FILE_DESCRIPTOR_SET), as
//! `gaiad --output json` and the Cosmos REST gateway print it: the `.proto` field names,
//! every field (defaults included), 64-bit integers as strings, enums by name, bytes in
//! base64, `Any` as `{"@type": …, fields}` when its type is in the set, timestamps in RFC 3339.
//! No type is restated: the descriptors are the schema.

use std::sync::OnceLock;

use prost::{Message, Name};
use prost_reflect::{
    DescriptorPool, DynamicMessage, MessageDescriptor, ReflectMessage, SerializeOptions, Value,
};

/// A message that cannot be turned into or read from JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// The full name is not a message of the descriptor set.
    UnknownMessage(String),
    /// The bytes are not that message.
    Decode(String),
    /// The JSON is not that message.
    Json(String),
}

impl std::error::Error for JsonError {}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonError::UnknownMessage(m) => write!(f, "unknown message type {m}"),
            JsonError::Decode(e) => write!(f, "cannot decode: {e}"),
            JsonError::Json(e) => write!(f, "invalid JSON: {e}"),
        }
    }
}

/// The descriptor pool of every file the node serves, decoded once.
pub fn pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        // The set is written by the generator and checked in CI; a set that does not decode
        // is a build defect, and an empty pool only makes every lookup answer "unknown".
        DescriptorPool::decode(crate::FILE_DESCRIPTOR_SET).unwrap_or_default()
    })
}

/// The descriptor of a message by full name (`cosmos.bank.v1beta1.MsgSend`).
pub fn message(full_name: &str) -> Result<MessageDescriptor, JsonError> {
    pool()
        .get_message_by_name(full_name.trim_start_matches('/'))
        .ok_or_else(|| JsonError::UnknownMessage(full_name.to_string()))
}

fn options() -> SerializeOptions {
    SerializeOptions::new()
        .use_proto_field_name(true)
        .skip_default_fields(false)
        .stringify_64_bit_integers(true)
        .use_enum_numbers(false)
}

/// The JSON serializer expands an `Any` only under the `type.googleapis.com/` domain, while
/// Cosmos type URLs are `/package.Type`: such URLs are given the domain for serializing (the
/// nested messages of the payload too) and have it taken off again in the output.
const ANY_DOMAIN: &str = "type.googleapis.com";

/// Depth of `Any` inside `Any` that is expanded; deeper payloads stay encoded.
const MAX_ANY_DEPTH: usize = 8;

/// Give (`qualify`) or take off the domain of every `Any` type URL in `msg`, payloads included.
fn rewrite_any_urls(msg: &mut DynamicMessage, qualify: bool, depth: usize) {
    if msg.descriptor().full_name() == "google.protobuf.Any" {
        rewrite_any(msg, qualify, depth);
        return;
    }
    let fields: Vec<_> = msg.descriptor().fields().collect();
    for field in fields {
        if !msg.has_field(&field) {
            continue;
        }
        match msg.get_field_mut(&field) {
            Value::Message(m) => rewrite_any_urls(m, qualify, depth),
            Value::List(items) => {
                for item in items {
                    if let Value::Message(m) = item {
                        rewrite_any_urls(m, qualify, depth);
                    }
                }
            }
            Value::Map(entries) => {
                for value in entries.values_mut() {
                    if let Value::Message(m) = value {
                        rewrite_any_urls(m, qualify, depth);
                    }
                }
            }
            _ => {}
        }
    }
}

fn rewrite_any(any: &mut DynamicMessage, qualify: bool, depth: usize) {
    let url = match any.get_field_by_name("type_url").as_deref() {
        Some(Value::String(u)) => u.clone(),
        _ => return,
    };
    let cosmos_url = if qualify {
        url.clone()
    } else {
        match url.strip_prefix(ANY_DOMAIN) {
            Some(rest) => rest.to_string(),
            None => return,
        }
    };
    let Some(name) = cosmos_url.strip_prefix('/') else {
        return;
    };
    let Ok(desc) = message(name) else {
        return;
    };
    if depth < MAX_ANY_DEPTH {
        if let Some(Value::Bytes(bytes)) = any.get_field_by_name("value").as_deref() {
            if let Ok(mut inner) = DynamicMessage::decode(desc, bytes.as_ref()) {
                rewrite_any_urls(&mut inner, qualify, depth.saturating_add(1));
                any.set_field_by_name("value", Value::Bytes(inner.encode_to_vec().into()));
            }
        }
    }
    let new_url = if qualify {
        format!("{ANY_DOMAIN}{cosmos_url}")
    } else {
        cosmos_url
    };
    any.set_field_by_name("type_url", Value::String(new_url));
}

/// Give (`qualify`) or take off the domain of every `"@type"` of `json`.
fn rewrite_json_types(json: &mut serde_json::Value, qualify: bool) {
    match json {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(url)) = map.get_mut("@type") {
                if qualify && url.starts_with('/') {
                    *url = format!("{ANY_DOMAIN}{url}");
                } else if let Some(rest) = url.strip_prefix(ANY_DOMAIN).filter(|_| !qualify) {
                    *url = rest.to_string();
                }
            }
            map.values_mut()
                .for_each(|v| rewrite_json_types(v, qualify));
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(|v| rewrite_json_types(v, qualify)),
        _ => {}
    }
}

/// The JSON of `bytes`, an encoded `full_name`.
pub fn to_json(full_name: &str, bytes: &[u8]) -> Result<serde_json::Value, JsonError> {
    let mut msg = DynamicMessage::decode(message(full_name)?, bytes)
        .map_err(|e| JsonError::Decode(e.to_string()))?;
    rewrite_any_urls(&mut msg, true, 0);
    let mut json = msg
        .serialize_with_options(serde_json::value::Serializer, &options())
        .map_err(|e| JsonError::Json(e.to_string()))?;
    rewrite_json_types(&mut json, false);
    Ok(json)
}

/// The JSON of a generated message.
pub fn message_to_json<M: Message + Name>(m: &M) -> Result<serde_json::Value, JsonError> {
    to_json(&M::full_name(), &m.encode_to_vec())
}

/// The protobuf bytes of `full_name` read from its JSON (either field-name form).
pub fn from_json(full_name: &str, json: &serde_json::Value) -> Result<Vec<u8>, JsonError> {
    let mut json = json.clone();
    rewrite_json_types(&mut json, true);
    let mut msg = DynamicMessage::deserialize(message(full_name)?, &json)
        .map_err(|e| JsonError::Json(e.to_string()))?;
    rewrite_any_urls(&mut msg, false, 0);
    Ok(msg.encode_to_vec())
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
    use cosmos_sdk_proto::cosmos::auth::v1beta1::QueryAccountResponse;
    use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
    use serde_json::json;

    use super::*;
    use crate::openledger::attribution::v1::Operator;
    use crate::openledger::attribution::v1::{
        AttributionEntry, MsgRecordInference, OperatorStatus,
    };

    #[test]
    fn prints_as_the_sdk_does() {
        let coin = Coin {
            denom: "aopen".into(),
            amount: "15".into(),
        };
        assert_eq!(
            message_to_json(&coin).unwrap(),
            json!({"denom": "aopen", "amount": "15"})
        );
        let record = MsgRecordInference {
            operator: "open1op".into(),
            model_id: 7,
            output_hash: vec![1, 2, 3],
            attribution: vec![AttributionEntry {
                contribution_id: 3,
                weight_ppm: 1_000_000,
            }],
            ..Default::default()
        };
        let j = message_to_json(&record).unwrap();
        assert_eq!(j["model_id"], json!("7"), "64-bit integers are strings");
        assert_eq!(j["input_tokens"], json!("0"), "defaults are printed");
        assert_eq!(j["output_hash"], json!("AQID"), "bytes are base64");
        assert_eq!(j["prompt_hash"], json!(""));
        assert_eq!(
            j["attribution"],
            json!([{"contribution_id": "3", "weight_ppm": 1000000}])
        );
        let operator = Operator {
            status: OperatorStatus::Active as i32,
            ..Default::default()
        };
        assert_eq!(
            message_to_json(&operator).unwrap()["status"],
            json!("OPERATOR_STATUS_ACTIVE"),
            "enums by name"
        );
    }

    #[test]
    fn any_is_expanded_with_its_type() {
        let account = BaseAccount {
            address: "open1xyz".into(),
            account_number: 4,
            sequence: 2,
            pub_key: None,
        };
        let resp = QueryAccountResponse {
            account: Some(cosmos_sdk_proto::Any {
                type_url: "/cosmos.auth.v1beta1.BaseAccount".into(),
                value: account.encode_to_vec(),
            }),
        };
        let j = message_to_json(&resp).unwrap();
        assert_eq!(
            j["account"]["@type"],
            json!("/cosmos.auth.v1beta1.BaseAccount")
        );
        assert_eq!(j["account"]["account_number"], json!("4"));
    }

    #[test]
    fn reads_back_what_it_prints_and_refuses_the_rest() {
        let record = MsgRecordInference {
            user: "open1user".into(),
            request_id: "r-1".into(),
            output_tokens: 99,
            ..Default::default()
        };
        let j = message_to_json(&record).unwrap();
        let bytes = from_json("openledger.attribution.v1.MsgRecordInference", &j).unwrap();
        assert_eq!(
            MsgRecordInference::decode(bytes.as_slice()).unwrap(),
            record
        );
        assert!(matches!(
            to_json("openledger.nothing.v1.Msg", &[]),
            Err(JsonError::UnknownMessage(_))
        ));
        assert!(matches!(
            to_json("cosmos.base.v1beta1.Coin", &[0xff]),
            Err(JsonError::Decode(_))
        ));
        assert!(matches!(
            from_json("cosmos.base.v1beta1.Coin", &json!({"denom": 5})),
            Err(JsonError::Json(_))
        ));
    }
}
