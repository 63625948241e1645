//! JSON scalars of proposal files and parameter output.
//!
//! Reading follows proto3 JSON where it is lenient (64-bit integers as numbers or strings,
//! durations as `"1814400s"`); decimals must be strings (`"0.05"`), never JSON numbers, so no
//! value ever passes through a float. Coins are `[{"denom", "amount"}]` or a string such as
//! `"1000OPEN"`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::amount::{self, Coin};
use crate::dec::{self, Dec};

/// Integers: a JSON number or a string of digits; written as a number.
macro_rules! int_field {
    ($name:ident, $ty:ty) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name(pub $ty);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Serialize::serialize(&self.0, s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct IntVisitor;
                impl Visitor<'_> for IntVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an integer (a JSON number or a string of digits)")
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        <$ty>::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        <$ty>::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.trim()
                            .parse::<$ty>()
                            .map_err(|_| E::custom(format!("invalid integer {v:?}")))
                    }
                }
                d.deserialize_any(IntVisitor).map($name)
            }
        }
    };
}

int_field!(U32, u32);
int_field!(U64, u64);
int_field!(I64, i64);

/// A decimal (`"0.05"`), written with all 18 places (`"0.050000000000000000"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecField(pub Dec);

impl Serialize for DecField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for DecField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DecVisitor;
        impl Visitor<'_> for DecVisitor {
            type Value = Dec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal written as a string, like \"0.05\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
                dec::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(DecVisitor).map(DecField)
    }
}

/// A protobuf `Duration`: `"1814400s"` or `"0.5s"` (seconds, up to 9 decimals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DurationField {
    pub seconds: i64,
    pub nanos: i32,
}

impl DurationField {
    pub fn parse(s: &str) -> Result<Self, String> {
        let invalid = || format!("invalid duration {s:?}: expected seconds like \"1814400s\"");
        let number = s.trim().strip_suffix('s').ok_or_else(invalid)?;
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 9 {
            return Err(invalid());
        }
        if number.contains('.') && frac.is_empty() {
            return Err(invalid());
        }
        let seconds: i64 = int.parse().map_err(|_| invalid())?;
        let nanos: i32 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().map_err(|_| invalid())?
        };
        Ok(Self { seconds, nanos })
    }

    pub fn to_proto(self) -> cosmos_sdk_proto::tendermint::google::protobuf::Duration {
        cosmos_sdk_proto::tendermint::google::protobuf::Duration {
            seconds: self.seconds,
            nanos: self.nanos,
        }
    }

    pub fn from_proto(d: &cosmos_sdk_proto::tendermint::google::protobuf::Duration) -> Self {
        Self {
            seconds: d.seconds,
            nanos: d.nanos,
        }
    }
}

impl fmt::Display for DurationField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nanos == 0 {
            write!(f, "{}s", self.seconds)
        } else {
            let frac = format!("{:09}", self.nanos.unsigned_abs());
            write!(f, "{}.{}s", self.seconds, frac.trim_end_matches('0'))
        }
    }
}

impl Serialize for DurationField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DurationField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(de::Error::custom)
    }
}

/// Coins: `[{"denom": "aopen", "amount": "1000"}]`, or a string like `"1000OPEN,5uatom"`
/// (empty: no coins). Written as the list, in base units.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CoinsField(pub Vec<Coin>);

impl CoinsField {
    pub fn to_proto(&self) -> Vec<cosmos_sdk_proto::cosmos::base::v1beta1::Coin> {
        self.0.iter().map(Coin::to_proto).collect()
    }

    pub fn from_proto(
        coins: &[cosmos_sdk_proto::cosmos::base::v1beta1::Coin],
    ) -> Result<Self, amount::AmountError> {
        coins
            .iter()
            .map(Coin::from_proto)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl Serialize for CoinsField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A non-negative integer of up to 128 bits, written as a string of digits (JSON numbers
/// are accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UintText(pub u128);

impl Serialize for UintText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UintText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = AmountText::deserialize(d)?.0;
        let trimmed = text.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(de::Error::custom(format!(
                "invalid integer {text:?}: expected digits only"
            )));
        }
        trimmed
            .parse::<u128>()
            .map(UintText)
            .map_err(|_| de::Error::custom(format!("{text:?} is too large")))
    }
}

/// One coin object of the list form; the amount may be a string or a number.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoinObject {
    denom: String,
    amount: AmountText,
}

struct AmountText(String);

impl<'de> Deserialize<'de> for AmountText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount (a string of digits or a JSON integer)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
        }
        d.deserialize_any(AmountVisitor).map(AmountText)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CoinsInput {
    Text(String),
    List(Vec<CoinObject>),
}

impl<'de> Deserialize<'de> for CoinsField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match CoinsInput::deserialize(d).map_err(|_| {
            de::Error::custom(
                "expected coins as [{\"denom\": \"aopen\", \"amount\": \"1000\"}] or a string like \"1000OPEN\"",
            )
        })? {
            CoinsInput::Text(text) => text,
            CoinsInput::List(list) => list
                .iter()
                .map(|c| format!("{}{}", c.amount.0.trim(), c.denom.trim()))
                .collect::<Vec<_>>()
                .join(","),
        };
        if text.trim().is_empty() {
            return Ok(Self(Vec::new()));
        }
        amount::parse_coins(&text)
            .map(Self)
            .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    struct Sample {
        n: U64,
        w: I64,
        d: DecField,
        t: DurationField,
        c: CoinsField,
    }

    #[test]
    fn scalars_read_both_json_forms_and_write_one() {
        let a: Sample = serde_json::from_str(
            r#"{"n": 5, "w": "-3", "d": "0.5", "t": "1814400s", "c": "1.5OPEN"}"#,
        )
        .unwrap();
        let b: Sample = serde_json::from_str(
            r#"{"n": "5", "w": -3, "d": "0.500000000000000000", "t": "1814400s",
                "c": [{"denom": "aopen", "amount": "1500000000000000000"}]}"#,
        )
        .unwrap();
        assert_eq!(a.n, b.n);
        assert_eq!(a.w, I64(-3));
        assert_eq!(a.d, b.d);
        assert_eq!(a.c, b.c);
        let out = serde_json::to_value(&a).unwrap();
        assert_eq!(out["n"], 5);
        assert_eq!(out["d"], "0.500000000000000000");
        assert_eq!(out["t"], "1814400s");
        assert_eq!(out["c"][0]["amount"], "1500000000000000000");
    }

    #[test]
    fn bad_scalars_are_refused() {
        let bad = [
            r#"{"n": 1.5, "w": 0, "d": "0.5", "t": "1s", "c": ""}"#,
            r#"{"n": 1, "w": 0, "d": 0.5, "t": "1s", "c": ""}"#,
            r#"{"n": 1, "w": 0, "d": "half", "t": "1s", "c": ""}"#,
            r#"{"n": 1, "w": 0, "d": "0.5", "t": "10m", "c": ""}"#,
            r#"{"n": 1, "w": 0, "d": "0.5", "t": "1s", "c": "-1OPEN"}"#,
            r#"{"n": -1, "w": 0, "d": "0.5", "t": "1s", "c": ""}"#,
        ];
        for json in bad {
            assert!(serde_json::from_str::<Sample>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn durations() {
        let d = DurationField::parse("0.25s").unwrap();
        assert_eq!((d.seconds, d.nanos), (0, 250_000_000));
        assert_eq!(d.to_string(), "0.25s");
        assert_eq!(DurationField::parse("600s").unwrap().to_string(), "600s");
        for bad in ["600", "s", "-1s", "1.s", "1.0000000001s", "1h"] {
            assert!(DurationField::parse(bad).is_err(), "{bad}");
        }
    }
}
