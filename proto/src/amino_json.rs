//! Amino JSON (SIGN_MODE_LEGACY_AMINO_JSON) of any message in
//! [`FILE_DESCRIPTOR_SET`](crate::FILE_DESCRIPTOR_SET), and the `StdSignDoc` bytes a Ledger or
//! an amino signer (cosmjs `Secp256k1HdWallet`, Keplr) signs.
//!
//! The rules are those of the Cosmos SDK v0.50 amino JSON encoder, read from the descriptors'
//! options, so no message is restated here:
//! * a message in an `Any` (and each message of the sign doc) is `{"type": amino name,
//!   "value": …}`, the name being the message's `(amino.name)`; a message without one cannot be
//!   signed this way;
//! * fields are named by `(amino.field_name)`, else by their `.proto` name;
//! * a field holding its default value (empty string, 0, false, empty list, absent message) is
//!   left out unless it has `(amino.dont_omitempty)`; with it, an empty list is `[]`, an absent
//!   message is `{}`, a `cosmos.Int`/`cosmos.Dec` scalar is `"0"`;
//! * 64-bit integers are strings, 32-bit integers and enums are numbers, bytes are base64,
//!   `Timestamp` is RFC 3339 (`2024-01-02T03:04:05.5Z`), `Duration` is nanoseconds as a string;
//! * `(amino.message_encoding) = "key_field"` (public keys) is the base64 of the key bytes;
//! * a `cosmossdk.io/math.LegacyDec` string (commission rates) is written as the decimal
//!   (`"0.100000000000000000"`), not as the 18-decimal atomics it travels as;
//! * the document is canonical JSON: keys sorted, no whitespace, `<`, `>`, `&`, U+2028 and
//!   U+2029 escaped as Go's `json.Marshal` writes them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{Fee, TxBody};
use cosmos_sdk_proto::Any;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, ReflectMessage, Value,
};

use crate::json::pool;

/// Nesting beyond this depth (messages inside messages or `Any`) is refused.
const MAX_DEPTH: usize = 32;

/// A message that has no amino JSON form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AminoError {
    /// The type is not a message of the descriptor set.
    #[error("unknown message type {0}")]
    UnknownMessage(String),
    /// The message declares no `(amino.name)`.
    #[error("{0} has no amino name and cannot be signed with SIGN_MODE_LEGACY_AMINO_JSON")]
    NoAminoName(String),
    /// The bytes are not that message.
    #[error("cannot decode {0}")]
    Decode(String),
    /// A feature the legacy amino JSON sign mode does not carry.
    #[error("not supported in amino JSON: {0}")]
    Unsupported(String),
    /// Messages nested beyond the limit.
    #[error("amino JSON nesting too deep")]
    TooDeep,
}

/// A JSON value whose objects keep their keys sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum J {
    Str(String),
    /// A number, already in its textual form.
    Num(String),
    Bool(bool),
    Arr(Vec<J>),
    Obj(BTreeMap<String, J>),
}

fn string_option(options: &DynamicMessage, extension: &str) -> Option<String> {
    let ext = pool().get_extension_by_name(extension)?;
    if !options.has_extension(&ext) {
        return None;
    }
    match options.get_extension(&ext).as_ref() {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn bool_option(options: &DynamicMessage, extension: &str) -> bool {
    let Some(ext) = pool().get_extension_by_name(extension) else {
        return false;
    };
    options.has_extension(&ext) && matches!(options.get_extension(&ext).as_ref(), Value::Bool(true))
}

/// The `(amino.name)` of a message descriptor.
pub fn amino_name_of(desc: &MessageDescriptor) -> Option<String> {
    string_option(&desc.options(), "amino.name")
}

/// The `(amino.name)` of a message by full name or type URL (`/cosmos.bank.v1beta1.MsgSend`).
pub fn amino_name(type_url: &str) -> Option<String> {
    let desc = pool().get_message_by_name(type_url.trim_start_matches('/'))?;
    amino_name_of(&desc)
}

fn field_name(field: &FieldDescriptor) -> String {
    string_option(&field.options(), "amino.field_name").unwrap_or_else(|| field.name().to_string())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `{"type": amino name, "value": amino JSON}` of a message packed in an `Any`.
fn any_json(type_url: &str, value: &[u8], depth: usize) -> Result<J, AminoError> {
    let desc = pool()
        .get_message_by_name(type_url.trim_start_matches('/'))
        .ok_or_else(|| AminoError::UnknownMessage(type_url.to_string()))?;
    let name = amino_name_of(&desc).ok_or_else(|| AminoError::NoAminoName(type_url.to_string()))?;
    let msg = DynamicMessage::decode(desc, value)
        .map_err(|_| AminoError::Decode(type_url.to_string()))?;
    let mut obj = BTreeMap::new();
    obj.insert("type".to_string(), J::Str(name));
    obj.insert("value".to_string(), message_json(&msg, depth)?);
    Ok(J::Obj(obj))
}

fn message_json(msg: &DynamicMessage, depth: usize) -> Result<J, AminoError> {
    let depth = depth.saturating_add(1);
    if depth > MAX_DEPTH {
        return Err(AminoError::TooDeep);
    }
    let desc = msg.descriptor();
    match desc.full_name() {
        "google.protobuf.Any" => {
            let url = match msg.get_field_by_name("type_url").as_deref() {
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let value = match msg.get_field_by_name("value").as_deref() {
                Some(Value::Bytes(b)) => b.to_vec(),
                _ => Vec::new(),
            };
            return any_json(&url, &value, depth);
        }
        "google.protobuf.Timestamp" => return Ok(J::Str(timestamp(msg)?)),
        "google.protobuf.Duration" => {
            let (secs, nanos) = seconds_nanos(msg);
            let total = i128::from(secs)
                .checked_mul(1_000_000_000)
                .and_then(|n| n.checked_add(i128::from(nanos)))
                .and_then(|n| i64::try_from(n).ok())
                .ok_or_else(|| AminoError::Unsupported("duration out of range".into()))?;
            return Ok(J::Str(total.to_string()));
        }
        _ => {}
    }
    if let Some(encoding) = string_option(&desc.options(), "amino.message_encoding") {
        if encoding == "key_field" {
            let key = desc.fields().next().map(|f| msg.get_field(&f).into_owned());
            return match key {
                Some(Value::Bytes(b)) => Ok(J::Str(b64(&b))),
                _ => Err(AminoError::Unsupported(format!(
                    "{} key_field encoding",
                    desc.full_name()
                ))),
            };
        }
        return Err(AminoError::Unsupported(format!(
            "{} message encoding {encoding}",
            desc.full_name()
        )));
    }
    let mut obj = BTreeMap::new();
    for field in desc.fields() {
        let options = field.options();
        let dont_omit = bool_option(&options, "amino.dont_omitempty");
        let encoding = string_option(&options, "amino.encoding");
        if let Some(e) = encoding.as_deref().filter(|e| *e != "legacy_coins") {
            return Err(AminoError::Unsupported(format!(
                "{} field encoding {e}",
                field.full_name()
            )));
        }
        let scalar = string_option(&options, "cosmos_proto.scalar");
        if !msg.has_field(&field) {
            if !dont_omit {
                continue;
            }
            let zero = if field.is_list() {
                J::Arr(Vec::new())
            } else if field.is_map() {
                J::Obj(BTreeMap::new())
            } else if let Kind::Message(m) = field.kind() {
                message_json(&DynamicMessage::new(m), depth)?
            } else if matches!(scalar.as_deref(), Some("cosmos.Int" | "cosmos.Dec")) {
                J::Str("0".into())
            } else {
                value_json(&field, &msg.get_field(&field), depth)?
            };
            obj.insert(field_name(&field), zero);
            continue;
        }
        let value = msg.get_field(&field);
        let legacy_dec = string_option(&options, "gogoproto.customtype").as_deref()
            == Some("cosmossdk.io/math.LegacyDec");
        let json = match value.as_ref() {
            Value::String(s) if legacy_dec => J::Str(legacy_dec_json(s)),
            Value::List(items) => J::Arr(
                items
                    .iter()
                    .map(|v| value_json(&field, v, depth))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(_) => {
                return Err(AminoError::Unsupported(format!(
                    "map field {}",
                    field.full_name()
                )))
            }
            v => value_json(&field, v, depth)?,
        };
        obj.insert(field_name(&field), json);
    }
    Ok(J::Obj(obj))
}

/// A `LegacyDec` travels in protobuf as its 18-decimal atomics (`"100000000000000000"`) and
/// is written in amino JSON as the decimal (`"0.100000000000000000"`); a value that already
/// has a decimal point is written as it is.
fn legacy_dec_json(s: &str) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let padded = format!("{digits:0>19}");
    let (whole, frac) = padded.split_at(padded.len() - 18);
    let whole = whole.trim_start_matches('0');
    format!(
        "{sign}{}.{frac}",
        if whole.is_empty() { "0" } else { whole }
    )
}

fn value_json(field: &FieldDescriptor, value: &Value, depth: usize) -> Result<J, AminoError> {
    Ok(match value {
        Value::Bool(b) => J::Bool(*b),
        Value::I32(n) => J::Num(n.to_string()),
        Value::U32(n) => J::Num(n.to_string()),
        Value::I64(n) => J::Str(n.to_string()),
        Value::U64(n) => J::Str(n.to_string()),
        Value::EnumNumber(n) => J::Num(n.to_string()),
        Value::String(s) => J::Str(s.clone()),
        Value::Bytes(b) => J::Str(b64(b)),
        Value::Message(m) => message_json(m, depth)?,
        Value::F32(_) | Value::F64(_) | Value::List(_) | Value::Map(_) => {
            return Err(AminoError::Unsupported(format!(
                "field {}",
                field.full_name()
            )))
        }
    })
}

fn seconds_nanos(msg: &DynamicMessage) -> (i64, i32) {
    let secs = match msg.get_field_by_name("seconds").as_deref() {
        Some(Value::I64(s)) => *s,
        _ => 0,
    };
    let nanos = match msg.get_field_by_name("nanos").as_deref() {
        Some(Value::I32(n)) => *n,
        _ => 0,
    };
    (secs, nanos)
}

/// Go's `time.Time` JSON: RFC 3339 in UTC with the fraction's trailing zeros dropped.
fn timestamp(msg: &DynamicMessage) -> Result<String, AminoError> {
    let (secs, nanos) = seconds_nanos(msg);
    // 0001-01-01 .. 9999-12-31, as the protobuf Timestamp allows.
    if !(-62_135_596_800..=253_402_300_799).contains(&secs) || !(0..1_000_000_000).contains(&nanos)
    {
        return Err(AminoError::Unsupported("timestamp out of range".into()));
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut out = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    );
    if nanos > 0 {
        let frac = format!("{nanos:09}");
        let _ = write!(out, ".{}", frac.trim_end_matches('0'));
    }
    out.push('Z');
    Ok(out)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(out: &mut String, j: &J) {
    match j {
        J::Str(s) => write_str(out, s),
        J::Num(n) => out.push_str(n),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        J::Obj(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

/// The canonical amino JSON of one message packed in an `Any`: `{"type":…,"value":…}`.
pub fn msg_json(any: &Any) -> Result<String, AminoError> {
    let j = any_json(&any.type_url, &any.value, 0)?;
    let mut out = String::new();
    write_json(&mut out, &j);
    Ok(out)
}

/// What a signer's amino `StdSignDoc` binds besides the body and the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignerData<'a> {
    pub chain_id: &'a str,
    pub account_number: u64,
    pub sequence: u64,
}

/// The SIGN_MODE_LEGACY_AMINO_JSON bytes: the canonical JSON of
/// `{account_number, chain_id, fee: {amount, gas[, payer][, granter]}, memo, msgs,
/// sequence[, timeout_height]}`, `timeout_height` only when it is not zero.
pub fn std_sign_bytes(
    signer: SignerData<'_>,
    body: &TxBody,
    fee: Option<&Fee>,
) -> Result<Vec<u8>, AminoError> {
    if !body.extension_options.is_empty() || !body.non_critical_extension_options.is_empty() {
        return Err(AminoError::Unsupported("extension options".into()));
    }
    let mut fee_obj = BTreeMap::new();
    let coins = fee
        .map(|f| {
            f.amount
                .iter()
                .map(|c| {
                    let mut coin = BTreeMap::new();
                    coin.insert("amount".to_string(), J::Str(c.amount.clone()));
                    coin.insert("denom".to_string(), J::Str(c.denom.clone()));
                    J::Obj(coin)
                })
                .collect()
        })
        .unwrap_or_default();
    fee_obj.insert("amount".to_string(), J::Arr(coins));
    fee_obj.insert(
        "gas".to_string(),
        J::Str(fee.map_or(0, |f| f.gas_limit).to_string()),
    );
    if let Some(f) = fee {
        if !f.payer.is_empty() {
            fee_obj.insert("payer".to_string(), J::Str(f.payer.clone()));
        }
        if !f.granter.is_empty() {
            fee_obj.insert("granter".to_string(), J::Str(f.granter.clone()));
        }
    }
    let msgs = body
        .messages
        .iter()
        .map(|m| any_json(&m.type_url, &m.value, 0))
        .collect::<Result<Vec<_>, _>>()?;
    let mut doc = BTreeMap::new();
    doc.insert(
        "account_number".to_string(),
        J::Str(signer.account_number.to_string()),
    );
    doc.insert("chain_id".to_string(), J::Str(signer.chain_id.to_string()));
    doc.insert("fee".to_string(), J::Obj(fee_obj));
    doc.insert("memo".to_string(), J::Str(body.memo.clone()));
    doc.insert("msgs".to_string(), J::Arr(msgs));
    doc.insert("sequence".to_string(), J::Str(signer.sequence.to_string()));
    if body.timeout_height != 0 {
        doc.insert(
            "timeout_height".to_string(),
            J::Str(body.timeout_height.to_string()),
        );
    }
    let mut out = String::new();
    write_json(&mut out, &J::Obj(doc));
    Ok(out.into_bytes())
}

#[cfg(test)]
#[path = "amino_json_tests.rs"]
mod tests;
