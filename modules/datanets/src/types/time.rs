//! Block times and the wire helpers shared by the domain types.

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::Timestamp;
use openledger_framework::coin::parse_amount;
use openledger_framework::{Address, BlockCtx};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::DatanetsError;

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the protobuf `Timestamp` range.
const MIN_SECS: i64 = -62_135_596_800;
const MAX_SECS: i64 = 253_402_300_799;
const NANOS_PER_SEC: u32 = 1_000_000_000;

/// A block time: seconds and nanoseconds since the Unix epoch. JSON form: RFC 3339.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    BorshSerialize,
    BorshDeserialize,
)]
pub struct Time {
    pub secs: i64,
    pub nanos: u32,
}

impl Time {
    pub fn new(secs: i64, nanos: u32) -> Result<Time, DatanetsError> {
        if !(MIN_SECS..=MAX_SECS).contains(&secs) || nanos >= NANOS_PER_SEC {
            return Err(DatanetsError::InvalidField {
                field: "time",
                reason: format!("{secs}s {nanos}ns is out of range"),
            });
        }
        Ok(Time { secs, nanos })
    }

    /// The block time of the header.
    pub fn from_block(ctx: &BlockCtx) -> Time {
        Time {
            secs: ctx.time_unix_secs,
            nanos: ctx.time_nanos.min(NANOS_PER_SEC.saturating_sub(1)),
        }
    }

    pub fn to_proto(self) -> Timestamp {
        Timestamp {
            seconds: self.secs,
            nanos: i32::try_from(self.nanos).unwrap_or(0),
        }
    }

    /// A missing timestamp is the Unix epoch, as protobuf's default.
    pub fn from_proto(t: Option<&Timestamp>) -> Result<Time, DatanetsError> {
        match t {
            None => Ok(Time::default()),
            Some(t) => {
                let nanos = u32::try_from(t.nanos).map_err(|_| DatanetsError::InvalidField {
                    field: "time",
                    reason: format!("negative nanos {}", t.nanos),
                })?;
                Time::new(t.seconds, nanos)
            }
        }
    }
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = prost_types::Timestamp {
            seconds: self.secs,
            nanos: i32::try_from(self.nanos).unwrap_or(0),
        };
        write!(f, "{t}")
    }
}

impl std::str::FromStr for Time {
    type Err = DatanetsError;
    fn from_str(s: &str) -> Result<Time, DatanetsError> {
        let t: prost_types::Timestamp = s.parse().map_err(|_| DatanetsError::InvalidField {
            field: "time",
            reason: format!("{s:?} is not an RFC 3339 time"),
        })?;
        let nanos = u32::try_from(t.nanos).map_err(|_| DatanetsError::InvalidField {
            field: "time",
            reason: s.to_string(),
        })?;
        Time::new(t.seconds, nanos)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// 32-byte hashes as lower-case hex in JSON.
pub mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        let bytes = hex::decode(&s).map_err(serde::de::Error::custom)?;
        bytes
            .try_into()
            .map_err(|_| serde::de::Error::custom("expected 32 bytes of hex"))
    }
}

pub(crate) fn hash32(field: &'static str, bytes: &[u8]) -> Result<[u8; 32], DatanetsError> {
    bytes.try_into().map_err(|_| DatanetsError::InvalidField {
        field,
        reason: format!("must be 32 bytes, got {}", bytes.len()),
    })
}

pub(crate) fn addr(field: &'static str, s: &str) -> Result<Address, DatanetsError> {
    s.parse::<Address>()
        .map_err(|e| DatanetsError::InvalidAddress(format!("{field}: {e}")))
}

pub(crate) fn amount(field: &'static str, s: &str) -> Result<u128, DatanetsError> {
    parse_amount(s).map_err(|e| DatanetsError::InvalidField {
        field,
        reason: e.to_string(),
    })
}

/// An amount that may be empty on the wire (0).
pub(crate) fn amount_or_zero(field: &'static str, s: &str) -> Result<u128, DatanetsError> {
    if s.is_empty() {
        Ok(0)
    } else {
        amount(field, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trips_through_rfc3339_and_proto() {
        let t = Time::new(1_700_000_000, 5).unwrap();
        let s = t.to_string();
        assert_eq!(s, "2023-11-14T22:13:20.000000005Z");
        assert_eq!(s.parse::<Time>().unwrap(), t);
        assert_eq!(Time::from_proto(Some(&t.to_proto())).unwrap(), t);
        assert!(Time::new(MAX_SECS + 1, 0).is_err());
        assert!("yesterday".parse::<Time>().is_err());
    }
}
