//! Readers of command-line values for the hand-written forms of some messages: positive
//! amounts, ids that start at 1, strict addresses, hashes. Each gives the protobuf value of the
//! field it is bound to; what is wrong is a usage error, reported before anything else runs.

use prost_reflect::Value;
use serde_json::{json, Value as Json};

use crate::address;
use crate::amount;
use crate::chain::BASE_DENOM;
use crate::dec;
use crate::schema::value::{aopen, hex_bytes};
use crate::schema::{parse, pool};

/// A message of the descriptor set from JSON.
pub fn message(name: &str, json: Json) -> Result<Value, String> {
    let desc = pool()
        .get_message_by_name(name)
        .ok_or_else(|| format!("{name} is not in the descriptor set"))?;
    parse::message(&desc, json).map(Value::Message)
}

/// An amount of aopen greater than zero, as the integer string of an amount field.
pub fn positive_aopen(s: &str) -> Result<Value, String> {
    match aopen(s)? {
        0 => Err(amount::AmountError::Zero(s.trim().to_owned()).to_string()),
        n => Ok(Value::String(n.to_string())),
    }
}

/// An amount of aopen greater than zero, as a coin.
pub fn aopen_coin(s: &str) -> Result<Value, String> {
    match aopen(s)? {
        0 => Err(amount::AmountError::Zero(s.trim().to_owned()).to_string()),
        n => message(
            "cosmos.base.v1beta1.Coin",
            json!({"denom": BASE_DENOM, "amount": n.to_string()}),
        ),
    }
}

/// An id or number that starts at 1.
pub fn positive(s: &str) -> Result<Value, String> {
    match s.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(Value::U64(n)),
        Err(_) => Err(format!("{s:?} is not a number")),
    }
}

/// A block height (a signed field) that starts at 1.
pub fn positive_height(s: &str) -> Result<Value, String> {
    match positive(s)? {
        Value::U64(n) => i64::try_from(n)
            .map(Value::I64)
            .map_err(|_| "too large".to_owned()),
        other => Ok(other),
    }
}

/// An `open1...` address (no key names).
pub fn account(s: &str) -> Result<Value, String> {
    let id = address::parse_account(s).map_err(|e| e.to_string())?;
    Ok(Value::String(id.to_string()))
}

/// An `openvaloper1...` address (no key names).
pub fn valoper(s: &str) -> Result<Value, String> {
    let id = address::parse_validator(s).map_err(|e| e.to_string())?;
    Ok(Value::String(id.to_string()))
}

/// A decimal from 0 to 1 (commission rates), as `LegacyDec` atomics.
pub fn fraction(s: &str) -> Result<Value, String> {
    let rate = dec::parse_fraction(s).map_err(|e| e.to_string())?;
    Ok(Value::String(rate.to_proto_string()))
}

/// The minimum self-delegation: an integer of aopen, or an amount of aopen; at least 1.
pub fn min_self_delegation(s: &str) -> Result<Value, String> {
    let t = s.trim();
    let amount = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse::<u128>()
            .map_err(|_| format!("{s:?} is too large"))?
    } else {
        aopen(t)?
    };
    if amount == 0 {
        return Err("the minimum self-delegation must be at least 1aopen".to_owned());
    }
    Ok(Value::String(amount.to_string()))
}

/// A sha256 digest: 64 hex characters (`0x` optional).
pub fn hash32(s: &str) -> Result<Value, String> {
    let bytes = hex_bytes(s)
        .map_err(|_| format!("invalid hash {s:?}: expected 64 hex characters (a sha256)"))?;
    if bytes.len() != 32 {
        return Err(format!(
            "invalid hash {s:?}: a sha256 has 32 bytes (64 hex characters), this has {}",
            bytes.len()
        ));
    }
    Ok(Value::Bytes(bytes.into()))
}

/// A hash in hex (`0x` optional) of 1 to 64 bytes, as lowercase hex text.
pub fn hex_hash(s: &str) -> Result<Value, String> {
    let bytes = hex_bytes(s)
        .map_err(|_| format!("invalid hash {s:?}: expected hex, e.g. a sha256 digest"))?;
    if bytes.is_empty() || bytes.len() > 64 {
        return Err(format!(
            "invalid hash {s:?}: expected 1 to 64 bytes, got {}",
            bytes.len()
        ));
    }
    Ok(Value::String(hex::encode(bytes)))
}

/// A datanet version `ID:VERSION` (both from 1), as a `DatanetVersionRef`.
pub fn datanet_ref(s: &str) -> Result<Value, String> {
    let bad = |why: &str| format!("invalid datanet version {s:?}: {why}");
    let (id, version) = s
        .trim()
        .split_once(':')
        .ok_or_else(|| bad("expected DATANET_ID:VERSION, e.g. 1:2"))?;
    let number = |text: &str, what: &str| match text.parse::<u64>() {
        Ok(0) => Err(bad(&format!("the {what} starts at 1"))),
        Ok(n) => Ok(n),
        Err(_) => Err(bad(&format!("the {what} is not a number"))),
    };
    let json =
        json!({"datanet_id": number(id, "datanet id")?, "version": number(version, "version")?});
    message("openledger.models.v1.DatanetVersionRef", json)
}

/// A datanet tag, as the datanets module accepts it.
pub fn tag(s: &str) -> Result<Value, String> {
    openledger_datanets::validate_tag(s).map_err(|e| e.to_string())?;
    Ok(Value::String(s.to_owned()))
}

/// A value of the enum `name` by one of its names.
pub fn enum_value(name: &str, value: &str) -> anyhow::Result<Value> {
    let e = pool()
        .get_enum_by_name(name)
        .ok_or_else(|| anyhow::anyhow!("no enum {name}"))?;
    crate::schema::value::enum_number(&e, value)
        .map(Value::EnumNumber)
        .map_err(anyhow::Error::msg)
}
