//! The text form of JSON documents: indented `key: value` lines (keys in alphabetical order,
//! amounts of aopen also in OPEN), and tables for lists.

use serde_json::Value;

use crate::amount::format_decimal;
use crate::chain::{BASE_DENOM, DISPLAY_DECIMALS, DISPLAY_DENOM};

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
        Value::String(s) if s.is_empty() => Some("\"\"".to_owned()),
        Value::String(s) => Some(s.clone()),
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

/// Indented `key: value` text of a JSON document (lists as `- item`).
pub fn document(value: &Value) -> String {
    let mut lines = Vec::new();
    write(value, 0, &mut lines);
    lines.join("\n")
}

/// The value at a dotted path (`description.moniker`), `Null` when absent.
pub fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(value, |v, key| v.get(key).unwrap_or(&Value::Null))
}

/// A table cell: strings as they are, lists joined with commas (`-` when empty).
pub fn cell(value: &Value, path: &str) -> String {
    match at(value, path) {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "-".to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|i| cell(i, ""))
            .collect::<Vec<_>>()
            .join(","),
        Value::Null if !path.is_empty() => "-".to_owned(),
        Value::Null => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
        other => other.to_string(),
    }
}

/// A cell of an enum name without its prefix (`BOND_STATUS_BONDED` as `BONDED`).
pub fn short(value: &Value, path: &str, prefix: &str) -> String {
    cell(value, path).trim_start_matches(prefix).to_owned()
}

/// A cell of an integer amount of aopen, also in OPEN.
pub fn aopen(value: &Value, path: &str) -> String {
    amount_text(&cell(value, path), BASE_DENOM)
}

/// The list at `key` of a document as a table: `empty` when it has no rows, else `header`
/// and one line per row.
pub fn table(
    doc: &Value,
    key: &str,
    empty: &str,
    header: &str,
    row: fn(&Value) -> String,
) -> String {
    let rows = at(doc, key).as_array().cloned().unwrap_or_default();
    if rows.is_empty() {
        return empty.to_owned();
    }
    std::iter::once(header.to_owned())
        .chain(rows.iter().map(row))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_render_as_indented_text() {
        let doc = json!({
            "validator": {
                "operator_address": "openvaloper1x",
                "tokens": [{"denom": "aopen", "amount": "1500000000000000000"}],
                "entries": [{"height": 5, "balance": {"denom": "aopen", "amount": "1"}}],
                "empty": []
            }
        });
        let text = document(&doc);
        assert!(text.contains("  operator_address: openvaloper1x"), "{text}");
        assert!(
            text.contains("  - 1500000000000000000aopen (1.5 OPEN)"),
            "{text}"
        );
        assert!(
            text.contains("  - balance: 1aopen (0.000000000000000001 OPEN)\n      height: 5"),
            "{text}"
        );
        assert!(text.contains("empty: []"), "{text}");
    }

    #[test]
    fn amounts_and_cells() {
        assert_eq!(
            amount_text("1500000000000000000.500000000000000000", "aopen"),
            "1500000000000000000.5aopen (~1.5 OPEN)"
        );
        assert_eq!(amount_text("7", "uatom"), "7uatom");
        let row = json!({"tags": ["a", "b"], "d": {"m": "x"}, "n": 3, "none": []});
        assert_eq!(cell(&row, "tags"), "a,b");
        assert_eq!(cell(&row, "d.m"), "x");
        assert_eq!(cell(&row, "n"), "3");
        assert_eq!(cell(&row, "none"), "-");
    }
}
