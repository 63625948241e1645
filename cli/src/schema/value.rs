//! Command-line values read by the type of the field they go in: numbers, text, enum names,
//! hex bytes, coins and amounts of aopen (`1.5OPEN`, `2500aopen`), decimals, RFC 3339 times,
//! durations (`600s`) and JSON for other messages.

use prost_reflect::{EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor, Value};

use super::{is_amount, kebab, legacy_dec, parse, DecWire};
use crate::amount::{self, Coin};
use crate::chain::BASE_DENOM;
use crate::dec;

/// Reads one command-line value for `field`; a repeated field may take several at once
/// (`1OPEN,5uatom`, `1,2,3`).
pub fn value(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let numeric = !matches!(field.kind(), Kind::String | Kind::Bytes | Kind::Message(_));
    if field.is_list() && numeric && text.contains(',') {
        let items = text.split(',').map(|t| scalar(field, t.trim()));
        return items.collect::<Result<Vec<_>, _>>().map(Value::List);
    }
    scalar(field, text)
}

fn scalar(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let s = text.trim();
    let bad = || format!("{s:?} is not a valid number for {}", field.name());
    Ok(match field.kind() {
        Kind::Message(desc) => message(field, &desc, text)?,
        Kind::Enum(e) => Value::EnumNumber(enum_number(&e, s)?),
        Kind::Bool => Value::Bool(
            s.parse()
                .map_err(|_| format!("expected true or false, got {s:?}"))?,
        ),
        Kind::String => string(field, text)?,
        Kind::Bytes => bytes(field, s)?,
        Kind::Double => Value::F64(s.parse().map_err(|_| bad())?),
        Kind::Float => Value::F32(s.parse().map_err(|_| bad())?),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(s.parse().map_err(|_| bad())?),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(s.parse().map_err(|_| bad())?),
        Kind::Uint32 | Kind::Fixed32 => Value::U32(s.parse().map_err(|_| bad())?),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(s.parse().map_err(|_| bad())?),
    })
}

fn string(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    if legacy_dec(field).is_some() {
        return Ok(Value::String(
            dec::parse(text)
                .map_err(|e| e.to_string())?
                .to_proto_string(),
        ));
    }
    if is_amount(field) {
        return aopen(text).map(|a| Value::String(a.to_string()));
    }
    Ok(Value::String(text.to_owned()))
}

/// An amount of aopen (`2500aopen`, `1.5OPEN`), zero allowed.
pub fn aopen(text: &str) -> Result<u128, String> {
    let coin: Coin = text
        .parse()
        .map_err(|e: amount::AmountError| e.to_string())?;
    if coin.denom != BASE_DENOM {
        return Err(format!(
            "{:?} is not an amount of {BASE_DENOM}: write e.g. 1000aopen or 1.5OPEN",
            text.trim()
        ));
    }
    Ok(coin.amount)
}

/// Hex bytes, `0x` optional.
pub fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let s = text.trim();
    let s = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    hex::decode(s).map_err(|_| format!("invalid hex {text:?}"))
}

fn bytes(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    if legacy_dec(field) == Some(DecWire::AtomicsBytes) {
        let atomics = dec::parse(text)
            .map_err(|e| e.to_string())?
            .to_proto_string();
        return Ok(Value::Bytes(atomics.into_bytes().into()));
    }
    hex_bytes(text).map(|b| Value::Bytes(b.into()))
}

fn message(field: &FieldDescriptor, desc: &MessageDescriptor, text: &str) -> Result<Value, String> {
    let json = match desc.full_name() {
        "cosmos.base.v1beta1.Coin" if field.is_list() => {
            let coins = amount::parse_positive_coins(text).map_err(|e| e.to_string())?;
            let items = coins
                .iter()
                .map(|c| coin_message(desc, c))
                .collect::<Result<_, _>>()?;
            return Ok(Value::List(items));
        }
        "cosmos.base.v1beta1.Coin" => {
            let coin = amount::parse_positive_coins(text).map_err(|e| e.to_string())?;
            let [coin] = coin.as_slice() else {
                return Err(format!("{text:?}: expected one amount, e.g. 1.5OPEN"));
            };
            return coin_message(desc, coin);
        }
        "google.protobuf.Timestamp" | "google.protobuf.Duration" => {
            let text = text.trim();
            let text = if desc.name() == "Duration" && text.bytes().all(|b| b.is_ascii_digit()) {
                format!("{text}s")
            } else {
                text.to_owned()
            };
            serde_json::Value::String(text)
        }
        _ => serde_json::from_str(text).map_err(|e| format!("expected JSON: {e}"))?,
    };
    parse::message(desc, json).map(Value::Message)
}

/// A `cosmos.base.v1beta1.Coin` message.
pub fn coin_message(desc: &MessageDescriptor, coin: &Coin) -> Result<Value, String> {
    let json = serde_json::json!({"denom": coin.denom, "amount": coin.amount.to_string()});
    parse::message(desc, json).map(Value::Message)
}

/// The words of an enum's name: `VoteOption` as `vote option`.
fn enum_words(e: &EnumDescriptor) -> String {
    kebab(e.name()).replace('-', " ")
}

/// The common prefix of an enum's value names (`VOTE_OPTION_`).
fn enum_prefix(e: &EnumDescriptor) -> String {
    let names: Vec<String> = e.values().map(|v| v.name().to_owned()).collect();
    let first = names.first().cloned().unwrap_or_default();
    let mut prefix = first.as_str();
    for name in &names {
        while !name.starts_with(prefix) {
            prefix = &prefix[..prefix.len().saturating_sub(1)];
        }
    }
    match prefix.rfind('_') {
        Some(i) => prefix[..=i].to_owned(),
        None => String::new(),
    }
}

/// The short names of an enum's values (`yes`, `no_with_veto`), without the unspecified one.
pub fn enum_choices(e: &EnumDescriptor) -> Vec<String> {
    let prefix = enum_prefix(e);
    e.values()
        .filter(|v| v.number() != 0)
        .map(|v| {
            v.name()
                .trim_start_matches(prefix.as_str())
                .to_ascii_lowercase()
        })
        .collect()
}

/// An enum value by its full name (`VOTE_OPTION_YES`), short name (`yes`, any case, `-` for
/// `_`), a unique first word (`voting` for `VOTING_PERIOD`), a unique word (`veto`) or number.
pub fn enum_number(e: &EnumDescriptor, text: &str) -> Result<i32, String> {
    let wanted = text.trim().to_ascii_uppercase().replace('-', "_");
    let prefix = enum_prefix(e);
    let short = |name: &str| name.trim_start_matches(prefix.as_str()).to_owned();
    let values: Vec<(String, i32)> = e.values().map(|v| (short(v.name()), v.number())).collect();
    let unique = |pred: &dyn Fn(&str) -> bool| {
        let found: Vec<i32> = values
            .iter()
            .filter(|(n, _)| pred(n))
            .map(|(_, v)| *v)
            .collect();
        (found.len() == 1).then(|| found[0])
    };
    let exact = values
        .iter()
        .find(|(n, _)| *n == wanted || format!("{prefix}{n}") == wanted);
    if let Some((_, number)) = exact {
        return Ok(*number);
    }
    if let Ok(number) = wanted.parse::<i32>() {
        if e.get_value(number).is_some() {
            return Ok(number);
        }
    }
    let by_prefix = unique(&|n| n.starts_with(&format!("{wanted}_")));
    let by_word = || unique(&|n| n.split('_').any(|w| w == wanted));
    by_prefix.or_else(by_word).ok_or_else(|| {
        format!(
            "invalid {} {text:?}: expected {}",
            enum_words(e),
            enum_choices(e).join(", ")
        )
    })
}

#[cfg(test)]
#[path = "../../tests/unit/schema_value.rs"]
mod tests;
