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

/// `label: value` lines, the values aligned.
pub fn labelled(rows: &[(&str, String)]) -> String {
    let width = rows
        .iter()
        .map(|(label, _)| label.len())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let line = |(label, value): &(&str, String)| {
        format!("{:width$} {value}", format!("{label}:"))
            .trim_end()
            .to_owned()
    };
    rows.iter().map(line).collect::<Vec<_>>().join("\n")
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

/// A list of a document as a table, `empty` when it has no rows. One column per `path`
/// (`path~PREFIX` strips an enum name's prefix, `path$` shows an amount of aopen also in
/// OPEN, `#` is the rank), headed by the last word of its path.
pub fn table(doc: &Value, key: &str, empty: &str, columns: &[&str]) -> String {
    let rows = at(doc, key).as_array().cloned().unwrap_or_default();
    if rows.is_empty() {
        return empty.to_owned();
    }
    let heading = |c: &&str| match *c {
        "#" => "RANK".to_owned(),
        c => {
            let path = c.trim_end_matches('$').split('~').next().unwrap_or(c);
            path.rsplit('.').next().unwrap_or(path).to_ascii_uppercase()
        }
    };
    let column = |row: &Value, rank: usize, c: &&str| match (*c, c.split_once('~')) {
        ("#", _) => rank.to_string(),
        (_, Some((path, prefix))) => cell(row, path).trim_start_matches(prefix).to_owned(),
        (c, None) => match c.strip_suffix('$') {
            Some(path) => amount_text(&cell(row, path), BASE_DENOM),
            None => cell(row, c),
        },
    };
    let header = columns.iter().map(heading).collect::<Vec<_>>().join("  ");
    let lines = rows.iter().enumerate().map(|(i, row)| {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| column(row, i.saturating_add(1), c))
            .collect();
        cells.join("  ")
    });
    std::iter::once(header)
        .chain(lines)
        .collect::<Vec<_>>()
        .join("\n")
}
