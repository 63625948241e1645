//! Recorded inferences as people write them: an attribution as `ID:PPM,ID:PPM` or its JSON
//! list, and `record-batch` files (a JSON array of `MsgRecordInference` records without the
//! operator, hashes in hex, the user an address or key name). These are input formats: a list
//! names each contribution once with a weight of at least 1 ppm, the weights sum to one
//! million (a record with no list is an unattributed output), a record has tokens, a request
//! id and the engine's evidence hash, and a batch names each request id once.

use std::collections::BTreeSet;

use openledger_attribution::PPM;
use prost_reflect::{DynamicMessage, Value};
use serde_json::{json, Value as Json};

use super::values;
use crate::schema::{parse, pool};

/// Most records a batch puts in one transaction.
pub const MAX_BATCH_RECORDS: usize = 100;

const ENTRY: &str = "openledger.attribution.v1.AttributionEntry";
const RECORD: &str = "openledger.attribution.v1.MsgRecordInference";

/// 1 or more `(contribution id, weight)`, ids from 1 and each once, weights from 1 summing
/// to [`PPM`].
pub fn check(entries: &[(u64, u64)]) -> Result<(), String> {
    if entries.is_empty() {
        return Err("the attribution needs at least one entry".to_owned());
    }
    let mut seen = BTreeSet::new();
    for &(id, weight) in entries {
        if id == 0 {
            return Err("contribution ids start at 1".to_owned());
        }
        if !seen.insert(id) {
            return Err(format!("contribution {id} is listed more than once"));
        }
        if weight == 0 {
            return Err(format!(
                "contribution {id} has weight 0; every weight is at least 1 ppm"
            ));
        }
    }
    let total: u64 = entries.iter().map(|e| e.1).fold(0, u64::saturating_add);
    if total != u64::from(PPM) {
        return Err(format!(
            "the weights sum to {total} ppm; they must sum to exactly {PPM}"
        ));
    }
    Ok(())
}

fn number(msg: &DynamicMessage, field: &str) -> u64 {
    match msg.get_field_by_name(field).as_deref() {
        Some(Value::U64(n)) => *n,
        Some(Value::U32(n)) => u64::from(*n),
        _ => 0,
    }
}

/// The `(contribution id, weight)` pairs of a list of `AttributionEntry` values.
fn pairs(list: &[Value]) -> Vec<(u64, u64)> {
    let pair = |v: &Value| match v {
        Value::Message(m) => (number(m, "contribution_id"), number(m, "weight_ppm")),
        _ => (0, 0),
    };
    list.iter().map(pair).collect()
}

/// `--attribution 12:250000,13:750000`.
pub fn list(s: &str) -> Result<Value, String> {
    let bad = |why: String| format!("invalid attribution {s:?}: {why}");
    let entry = |item: &str| {
        let (id, weight) = item.trim().split_once(':').ok_or_else(|| {
            bad(format!(
                "{item:?} is not CONTRIBUTION_ID:WEIGHT_PPM, e.g. 12:250000"
            ))
        })?;
        let json = json!({"contribution_id": id.trim(), "weight_ppm": weight.trim()});
        values::message(ENTRY, json).map_err(|_| bad(format!("{item:?} is not ID:PPM in numbers")))
    };
    let items = s.split(',').map(entry).collect::<Result<Vec<_>, _>>()?;
    check(&pairs(&items)).map_err(bad)?;
    Ok(Value::List(items))
}

/// The JSON form: `[{"contribution_id": 12, "weight_ppm": 250000}, ...]`.
pub fn json_list(text: &str) -> Result<Value, String> {
    let expected = "expected [{\"contribution_id\": N, \"weight_ppm\": N}, ...]";
    let items: Vec<Json> = serde_json::from_str(text).map_err(|e| format!("{expected}: {e}"))?;
    let items = items
        .into_iter()
        .map(|item| values::message(ENTRY, item).map_err(|e| format!("{expected}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    check(&pairs(&items))?;
    Ok(Value::List(items))
}

/// Tokens: an inference has at least one.
pub fn check_tokens(input: u64, output: u64) -> Result<(), String> {
    if input.saturating_add(output) == 0 {
        return Err("input_tokens + output_tokens must be at least 1".to_owned());
    }
    Ok(())
}

/// A hash of a record in hex, as base64 for proto3 JSON; absent, `null` or `""` for none.
fn hash(record: &mut Json, field: &str) -> Result<(), String> {
    use base64::Engine;
    match record.get(field).and_then(Json::as_str).map(str::trim) {
        None | Some("") => {
            record.as_object_mut().map(|r| r.remove(field));
        }
        Some(text) => {
            let Value::Bytes(bytes) = values::hash32(text).map_err(|e| format!("{field}: {e}"))?
            else {
                return Err(format!("{field}: not a hash"));
            };
            record[field] = Json::String(base64::engine::general_purpose::STANDARD.encode(bytes));
        }
    }
    Ok(())
}

/// One record of a batch as a message of `operator`; `user` turns its user into an address.
fn record(
    mut json: Json,
    operator: &str,
    user: &dyn Fn(&str) -> anyhow::Result<String>,
) -> Result<DynamicMessage, String> {
    if !json.is_object() {
        return Err("expected a record object".to_owned());
    }
    let name = json["user"].as_str().unwrap_or_default().to_owned();
    json["user"] = Json::String(user(&name).map_err(|e| format!("user: {e:#}"))?);
    json["operator"] = Json::String(operator.to_owned());
    hash(&mut json, "output_hash")?;
    hash(&mut json, "prompt_hash")?;
    hash(&mut json, "evidence_hash")?;
    let desc = pool()
        .get_message_by_name(RECORD)
        .ok_or("no MsgRecordInference")?;
    let msg = parse::message(&desc, json)?;
    if number(&msg, "model_id") == 0 {
        return Err("model_id: model ids start at 1".to_owned());
    }
    check_tokens(number(&msg, "input_tokens"), number(&msg, "output_tokens"))?;
    if !matches!(msg.get_field_by_name("evidence_hash").as_deref(), Some(Value::Bytes(b)) if b.len() == 32)
    {
        return Err(
            "evidence_hash: the engine's evidence hash (64 hex digits) is required".to_owned(),
        );
    }
    let attribution = msg.get_field_by_name("attribution").map(|v| v.into_owned());
    let attribution = attribution
        .as_ref()
        .and_then(Value::as_list)
        .unwrap_or_default();
    // no entries: an unattributed output
    if !attribution.is_empty() {
        check(&pairs(attribution)).map_err(|e| format!("attribution: {e}"))?;
    }
    Ok(msg)
}

/// A `record-batch` file: 1 to [`MAX_BATCH_RECORDS`] records, each request id once.
pub fn batch(
    text: &str,
    operator: &str,
    user: &dyn Fn(&str) -> anyhow::Result<String>,
) -> Result<Vec<DynamicMessage>, String> {
    let values: Vec<Json> =
        serde_json::from_str(text).map_err(|e| format!("expected a JSON array of records: {e}"))?;
    if values.is_empty() {
        return Err("the file has no records".to_owned());
    }
    if values.len() > MAX_BATCH_RECORDS {
        return Err(format!(
            "the file has {} records; at most {MAX_BATCH_RECORDS} go in one transaction (split it)",
            values.len()
        ));
    }
    let mut request_ids = BTreeSet::new();
    let mut messages = Vec::with_capacity(values.len());
    for (i, value) in values.into_iter().enumerate() {
        let msg = record(value, operator, user).map_err(|e| format!("records[{i}]: {e}"))?;
        let id = match msg.get_field_by_name("request_id").as_deref() {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            _ => return Err(format!("records[{i}]: request_id: must not be empty")),
        };
        if !request_ids.insert(id.clone()) {
            return Err(format!(
                "records[{i}]: request_id {id:?} appears more than once"
            ));
        }
        messages.push(msg);
    }
    Ok(messages)
}

#[cfg(test)]
#[path = "../../tests/unit/tx_records.rs"]
mod tests;
