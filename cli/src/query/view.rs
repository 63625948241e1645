//! The conversion of protobuf values into their printed form (decimals as decimals, times as
//! RFC 3339, coins as `{denom, amount}`), plus a readable text layout for any JSON document.

use base64::Engine;
use cosmos_sdk_proto::cosmos::base::v1beta1::{Coin as ProtoCoin, DecCoin};
use cosmos_sdk_proto::tendermint::google::protobuf::Timestamp;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde::Serialize;
use serde_json::{json, Value};

use crate::address;
use crate::amount::{format_decimal, Coin};
use crate::chain::{BASE_DENOM, DISPLAY_DECIMALS, DISPLAY_DENOM};
use crate::dec;
use crate::output::Render;

/// A protobuf timestamp in RFC 3339 (`2026-11-24T10:05:00Z`); `None` when unset.
pub fn time(ts: Option<&Timestamp>) -> Option<String> {
    let ts = ts?;
    let nanos = u32::try_from(ts.nanos).unwrap_or(0);
    Some(
        match tendermint::Time::from_unix_timestamp(ts.seconds, nanos) {
            Ok(t) => t.to_rfc3339(),
            Err(_) => format!("{}s since 1970-01-01", ts.seconds),
        },
    )
}

/// A `DecCoin` (its amount is a `LegacyDec` on the wire), printed as a decimal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecCoinView {
    pub denom: String,
    pub amount: String,
}

pub fn dec_coins(coins: &[DecCoin]) -> Vec<DecCoinView> {
    coins
        .iter()
        .map(|c| DecCoinView {
            denom: c.denom.clone(),
            amount: dec::display_legacy(&c.amount),
        })
        .collect()
}

/// Coins from the chain; an unreadable amount is an error.
pub fn coins(coins: &[ProtoCoin]) -> anyhow::Result<Vec<Coin>> {
    Ok(coins
        .iter()
        .map(Coin::from_proto)
        .collect::<Result<_, _>>()?)
}

/// A consensus public key `Any` as `{"@type", "key"}` (base64), as the SDK prints it.
pub fn pubkey(any: Option<&Any>) -> Value {
    match any {
        None => Value::Null,
        Some(any) => {
            match cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey::decode(any.value.as_slice()) {
                Ok(pk) if any.type_url == "/cosmos.crypto.ed25519.PubKey" => json!({
                    "@type": any.type_url,
                    "key": base64::engine::general_purpose::STANDARD.encode(&pk.key),
                }),
                _ => json!({ "@type": any.type_url, "value_hex": hex::encode(&any.value) }),
            }
        }
    }
}

/// The `openvalcons1...` address of an ed25519 consensus key `Any`.
pub fn consensus_address(any: Option<&Any>) -> Option<String> {
    let any = any?;
    if any.type_url != "/cosmos.crypto.ed25519.PubKey" {
        return None;
    }
    let pk =
        cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey::decode(any.value.as_slice()).ok()?;
    address::consensus_address(&pk.key)
        .ok()
        .map(|a| a.to_string())
}

/// Any serializable document, shown as indented `key: value` text.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Doc<T: Serialize>(pub T);

impl<T: Serialize> Render for Doc<T> {
    fn text(&self) -> String {
        match serde_json::to_value(&self.0) {
            Ok(value) => text(&value),
            Err(err) => format!("(cannot render: {err})"),
        }
    }
}

/// An amount of aopen as `N aopen (x OPEN)`; other denominations as they are.
pub fn amount_text(amount: &str, denom: &str) -> String {
    if denom != BASE_DENOM {
        return format!("{amount}{denom}");
    }
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let frac = frac.trim_end_matches('0');
    let shown = if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    };
    match int.parse::<u128>() {
        Ok(value) => format!(
            "{shown}{denom} ({}{} {DISPLAY_DENOM})",
            if frac.is_empty() { "" } else { "~" },
            format_decimal(value, DISPLAY_DECIMALS)
        ),
        Err(_) => format!("{shown}{denom}"),
    }
}

/// A one-line form of scalars, coins and empty containers.
fn inline(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("none".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(if s.is_empty() {
            "\"\"".to_owned()
        } else {
            s.clone()
        }),
        Value::Array(items) if items.is_empty() => Some("[]".to_owned()),
        Value::Object(map) if map.is_empty() => Some("{}".to_owned()),
        Value::Object(map) if map.len() == 2 => match (map.get("denom"), map.get("amount")) {
            (Some(Value::String(denom)), Some(Value::String(amount))) => {
                Some(amount_text(amount, denom))
            }
            _ => None,
        },
        _ => None,
    }
}

fn write(value: &Value, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match inline(item) {
                    Some(text) => out.push(format!("{pad}{key}: {text}")),
                    None => {
                        out.push(format!("{pad}{key}:"));
                        write(item, indent.saturating_add(2), out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match inline(item) {
                    Some(text) => out.push(format!("{pad}- {text}")),
                    None => {
                        let mut nested = Vec::new();
                        write(item, indent.saturating_add(2), &mut nested);
                        for (i, line) in nested.into_iter().enumerate() {
                            if i == 0 {
                                let rest = line.get(indent.saturating_add(2)..).unwrap_or("");
                                out.push(format!("{pad}- {rest}"));
                            } else {
                                out.push(line);
                            }
                        }
                    }
                }
            }
        }
        other => out.push(format!("{pad}{}", inline(other).unwrap_or_default())),
    }
}

/// Indented `key: value` text of a JSON document (lists as `- item`, keys in alphabetical
/// order).
pub fn text(value: &Value) -> String {
    let mut lines = Vec::new();
    write(value, 0, &mut lines);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_render_as_indented_text() {
        let doc = json!({
            "validator": {
                "operator_address": "openvaloper1x",
                "jailed": false,
                "tokens": [{"denom": "aopen", "amount": "1500000000000000000"}],
                "entries": [{"height": 5, "balance": {"denom": "aopen", "amount": "1"}}],
                "empty": []
            }
        });
        let text = text(&doc);
        assert!(text.contains("validator:\n  "), "{text}");
        assert!(text.contains("  operator_address: openvaloper1x"), "{text}");
        assert!(
            text.contains("  - 1500000000000000000aopen (1.5 OPEN)"),
            "{text}"
        );
        // keys come in alphabetical order
        assert!(
            text.contains("  - balance: 1aopen (0.000000000000000001 OPEN)\n      height: 5"),
            "{text}"
        );
        assert!(text.contains("empty: []"), "{text}");
    }

    #[test]
    fn amounts_show_both_units() {
        assert_eq!(
            amount_text("2000000000000000000", "aopen"),
            "2000000000000000000aopen (2 OPEN)"
        );
        assert_eq!(
            amount_text("1500000000000000000.500000000000000000", "aopen"),
            "1500000000000000000.5aopen (~1.5 OPEN)"
        );
        assert_eq!(amount_text("7", "uatom"), "7uatom");
    }

    #[test]
    fn times_are_rfc3339() {
        let ts = Timestamp {
            seconds: 1_795_000_000,
            nanos: 0,
        };
        assert_eq!(time(Some(&ts)).unwrap(), "2026-11-18T11:06:40Z");
        assert_eq!(time(None), None);
    }
}
