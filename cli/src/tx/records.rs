//! Recorded inferences as people write them: an attribution as `ID:PPM,ID:PPM` or its JSON
//! list, and `record-batch` files (a JSON array of records). These are input formats: a list
//! names each contribution once with a weight of at least 1 ppm, the weights sum to one
//! million, a record has tokens and a request id, and a batch names each request id once.

use std::collections::BTreeSet;

use openledger_attribution::PPM;
use prost_reflect::Value;
use serde::{Deserialize, Deserializer};
use serde_json::json;

use super::values;

/// Most records a batch puts in one transaction.
pub const MAX_BATCH_RECORDS: usize = 100;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(alias = "contributionId", deserialize_with = "integer")]
    contribution_id: u64,
    #[serde(alias = "weightPpm", deserialize_with = "integer")]
    weight_ppm: u32,
}

/// An integer written as a JSON number or a string.
fn integer<'de, D: Deserializer<'de>, T: std::str::FromStr + TryFrom<u64>>(
    d: D,
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let parsed = match &value {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| T::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| serde::de::Error::custom(format!("expected an integer, got {value}")))
}

/// 1 or more entries, contribution ids from 1 and each once, weights from 1 summing to [`PPM`].
pub fn check(entries: &[Entry]) -> Result<(), String> {
    if entries.is_empty() {
        return Err("the attribution needs at least one entry".to_owned());
    }
    let mut seen = BTreeSet::new();
    let mut total: u64 = 0;
    for e in entries {
        if e.contribution_id == 0 {
            return Err("contribution ids start at 1".to_owned());
        }
        if !seen.insert(e.contribution_id) {
            return Err(format!(
                "contribution {} is listed more than once",
                e.contribution_id
            ));
        }
        if e.weight_ppm == 0 {
            return Err(format!(
                "contribution {} has weight 0; every weight is at least 1 ppm",
                e.contribution_id
            ));
        }
        total = total.saturating_add(u64::from(e.weight_ppm));
    }
    if total != u64::from(PPM) {
        return Err(format!(
            "the weights sum to {total} ppm; they must sum to exactly {PPM}"
        ));
    }
    Ok(())
}

fn to_value(entries: &[Entry]) -> Result<Value, String> {
    let entry = |e: &Entry| {
        let json = json!({"contribution_id": e.contribution_id, "weight_ppm": e.weight_ppm});
        values::message("openledger.attribution.v1.AttributionEntry", json)
    };
    entries
        .iter()
        .map(entry)
        .collect::<Result<_, _>>()
        .map(Value::List)
}

/// `--attribution 12:250000,13:750000`.
pub fn list(s: &str) -> Result<Value, String> {
    let bad = |why: String| format!("invalid attribution {s:?}: {why}");
    let entries = s
        .split(',')
        .map(|item| {
            let item = item.trim();
            let (id, weight) = item.split_once(':').ok_or_else(|| {
                bad(format!(
                    "{item:?} is not CONTRIBUTION_ID:WEIGHT_PPM, e.g. 12:250000"
                ))
            })?;
            Ok(Entry {
                contribution_id: id
                    .trim()
                    .parse()
                    .map_err(|_| bad(format!("{id:?} is not a contribution id")))?,
                weight_ppm: weight
                    .trim()
                    .parse()
                    .map_err(|_| bad(format!("{weight:?} is not a weight in ppm")))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    check(&entries).map_err(bad)?;
    to_value(&entries)
}

/// The JSON form: `[{"contribution_id": 12, "weight_ppm": 250000}, ...]`.
pub fn json_list(text: &str) -> Result<Value, String> {
    let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| {
        format!("expected [{{\"contribution_id\": N, \"weight_ppm\": N}}, ...]: {e}")
    })?;
    check(&entries)?;
    to_value(&entries)
}

/// One record of a `record-batch` file, with its user not resolved yet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub user: String,
    #[serde(alias = "modelId", deserialize_with = "integer")]
    model_id: u64,
    #[serde(default, alias = "modelVersion", deserialize_with = "integer")]
    model_version: u64,
    #[serde(alias = "inputTokens", deserialize_with = "integer")]
    input_tokens: u64,
    #[serde(alias = "outputTokens", deserialize_with = "integer")]
    output_tokens: u64,
    #[serde(alias = "outputHash")]
    output_hash: String,
    #[serde(default, alias = "promptHash")]
    prompt_hash: Option<String>,
    #[serde(alias = "requestId")]
    request_id: String,
    attribution: Vec<Entry>,
}

/// Tokens: an inference has at least one.
pub fn check_tokens(input: u64, output: u64) -> Result<(), String> {
    if input.saturating_add(output) == 0 {
        return Err("input_tokens + output_tokens must be at least 1".to_owned());
    }
    Ok(())
}

impl Record {
    /// The record as the JSON of `MsgRecordInference` (hashes in base64, as proto3 JSON has
    /// bytes), signed by `operator` for `user`.
    pub fn message(&self, operator: &str, user: &str) -> Result<serde_json::Value, String> {
        use base64::Engine;
        let hash = |field: &str, text: &str| match values::hash32(text) {
            Ok(Value::Bytes(b)) => Ok(base64::engine::general_purpose::STANDARD.encode(b)),
            Ok(_) => Ok(String::new()),
            Err(e) => Err(format!("{field}: {e}")),
        };
        let prompt = match self.prompt_hash.as_deref().map(str::trim) {
            None | Some("") => String::new(),
            Some(text) => hash("prompt_hash", text)?,
        };
        Ok(json!({
            "operator": operator, "user": user, "model_id": self.model_id,
            "model_version": self.model_version, "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens, "output_hash": hash("output_hash", &self.output_hash)?,
            "prompt_hash": prompt, "request_id": self.request_id,
            "attribution": self.attribution.iter().map(|e| json!({
                "contribution_id": e.contribution_id, "weight_ppm": e.weight_ppm,
            })).collect::<Vec<_>>(),
        }))
    }

    fn check(&self) -> Result<(), String> {
        if self.user.trim().is_empty() {
            return Err("user: missing".to_owned());
        }
        if self.model_id == 0 {
            return Err("model_id: model ids start at 1".to_owned());
        }
        check_tokens(self.input_tokens, self.output_tokens)?;
        if self.request_id.is_empty() {
            return Err("request_id: must not be empty".to_owned());
        }
        self.message("", "")?;
        check(&self.attribution).map_err(|e| format!("attribution: {e}"))
    }
}

/// A `record-batch` file: 1 to [`MAX_BATCH_RECORDS`] records, each request id once.
pub fn batch(text: &str) -> Result<Vec<Record>, String> {
    let values: Vec<serde_json::Value> =
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
    let mut records = Vec::with_capacity(values.len());
    let mut request_ids = BTreeSet::new();
    for (i, value) in values.into_iter().enumerate() {
        let record: Record =
            serde_json::from_value(value).map_err(|e| format!("records[{i}]: {e}"))?;
        record.check().map_err(|e| format!("records[{i}]: {e}"))?;
        if !request_ids.insert(record.request_id.clone()) {
            return Err(format!(
                "records[{i}]: request_id {:?} appears more than once",
                record.request_id
            ));
        }
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_lists() {
        assert!(list("12:250000,13:750000").is_ok());
        for (bad, why) in [
            ("12:500000", "sum to 500000"),
            ("12:500000,12:500000", "more than once"),
            ("12", "CONTRIBUTION_ID:WEIGHT_PPM"),
            ("0:1000000", "start at 1"),
            ("1:0,2:1000000", "weight 0"),
        ] {
            assert!(list(bad).unwrap_err().contains(why), "{bad}");
        }
        assert!(json_list(r#"[{"contribution_id": "7", "weight_ppm": 1000000}]"#).is_ok());
        assert!(json_list("[]").unwrap_err().contains("at least one entry"));
    }

    #[test]
    fn batches() {
        let record = |id: &str| {
            json!({"user": "u", "model_id": 2, "input_tokens": 1, "output_tokens": "2",
                   "output_hash": "ab".repeat(32), "prompt_hash": null, "request_id": id,
                   "attribution": [{"contribution_id": 1, "weight_ppm": 1000000}]})
        };
        let ok = json!([record("a"), record("b")]).to_string();
        assert_eq!(batch(&ok).unwrap().len(), 2);
        let dup = json!([record("a"), record("a")]).to_string();
        assert!(batch(&dup)
            .unwrap_err()
            .contains("records[1]: request_id \"a\" appears more than once"));
        let mut extra = record("a");
        extra["colour"] = json!("red");
        assert!(batch(&json!([extra]).to_string())
            .unwrap_err()
            .starts_with("records[0]: unknown field"));
    }
}
