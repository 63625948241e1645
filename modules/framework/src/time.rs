//! Block-time instants: seconds and nanoseconds since the Unix epoch, as in a
//! `google.protobuf.Timestamp`, with a sort-preserving key encoding for the time queues and the
//! RFC 3339 form used in genesis JSON and event attributes. Shared by the gov and models
//! modules, so both store and print times the same way.

use std::fmt;
use std::str::FromStr;

use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tendermint_proto::google::protobuf::Timestamp;

use crate::context::BlockCtx;

/// 0001-01-01T00:00:00Z, the smallest valid protobuf timestamp.
pub const MIN_SECS: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z, the largest valid protobuf timestamp.
pub const MAX_SECS: i64 = 253_402_300_799;
const NANOS_PER_SEC: u32 = 1_000_000_000;

/// A point in time between year 1 and year 9999 (the protobuf `Timestamp` range).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, BorshSerialize, BorshDeserialize,
)]
pub struct Time {
    pub secs: i64,
    pub nanos: u32,
}

/// Why a time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time: {0}")]
pub struct TimeError(pub String);

impl Time {
    pub const fn new_unchecked(secs: i64, nanos: u32) -> Time {
        Time { secs, nanos }
    }

    pub fn new(secs: i64, nanos: u32) -> Result<Time, TimeError> {
        if !(MIN_SECS..=MAX_SECS).contains(&secs) || nanos >= NANOS_PER_SEC {
            return Err(TimeError(format!("{secs}s {nanos}ns is out of range")));
        }
        Ok(Time { secs, nanos })
    }

    /// The block time of the header, clamped to the protobuf range.
    pub fn from_block(ctx: &BlockCtx) -> Time {
        Time {
            secs: ctx.time_unix_secs.clamp(MIN_SECS, MAX_SECS),
            nanos: ctx.time_nanos.min(NANOS_PER_SEC.saturating_sub(1)),
        }
    }

    /// `self + secs`, or `None` past year 9999.
    pub fn checked_add_secs(self, secs: u64) -> Option<Time> {
        let secs = i64::try_from(secs).ok()?;
        let s = self.secs.checked_add(secs)?;
        Time::new(s, self.nanos).ok()
    }

    pub fn to_proto(self) -> Timestamp {
        Timestamp {
            seconds: self.secs,
            nanos: i32::try_from(self.nanos).unwrap_or(0),
        }
    }

    pub fn from_proto(t: &Timestamp) -> Result<Time, TimeError> {
        let nanos = u32::try_from(t.nanos).map_err(|_| TimeError(format!("nanos {}", t.nanos)))?;
        Time::new(t.seconds, nanos)
    }

    /// 12 bytes that sort like the time: seconds with the sign bit flipped, then nanoseconds,
    /// both big-endian.
    pub fn key_bytes(self) -> [u8; 12] {
        let mut out = [0u8; 12];
        let flipped = (self.secs as u64) ^ (1u64 << 63);
        out[..8].copy_from_slice(&flipped.to_be_bytes());
        out[8..].copy_from_slice(&self.nanos.to_be_bytes());
        out
    }

    pub fn from_key_bytes(bytes: &[u8]) -> Option<Time> {
        let secs: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
        let nanos: [u8; 4] = bytes.get(8..12)?.try_into().ok()?;
        let secs = (u64::from_be_bytes(secs) ^ (1u64 << 63)) as i64;
        Time::new(secs, u32::from_be_bytes(nanos)).ok()
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
// Inputs are bounded (years 1..=9999, months 1..=12, days 1..=31), so no step overflows i64.
#[allow(clippy::arithmetic_side_effects)]
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
// The day number comes from a time within MIN_SECS..=MAX_SECS, so no step overflows i64.
#[allow(clippy::arithmetic_side_effects)]
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            if leap {
                29
            } else {
                28
            }
        }
    }
}

impl fmt::Display for Time {
    /// RFC 3339 in UTC, as protobuf JSON writes a `Timestamp`: `2024-05-01T12:00:00Z`, with
    /// a fraction only when the nanoseconds are not zero.
    // secs is within MIN_SECS..=MAX_SECS, so the divisions and remainders cannot overflow.
    #[allow(clippy::arithmetic_side_effects)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            (rem % 3600) / 60,
            rem % 60
        )?;
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl FromStr for Time {
    type Err = TimeError;

    /// Parse `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC only, 1 to 9 fraction digits).
    fn from_str(s: &str) -> Result<Time, TimeError> {
        let bad = || TimeError(format!("{s:?} is not an RFC 3339 UTC time"));
        let b = s.as_bytes();
        if b.len() < 20 || b.last() != Some(&b'Z') {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, TimeError> {
            let part = s.get(r).ok_or_else(bad)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse::<i64>().map_err(|_| bad())
        };
        let sep = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
            return Err(bad());
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if y < 1 || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
            return Err(bad());
        }
        if h > 23 || mi > 59 || sec > 59 {
            return Err(bad());
        }
        let end = b.len().checked_sub(1).ok_or_else(bad)?;
        let nanos = if end == 19 {
            0
        } else {
            if !sep(19, b'.') {
                return Err(bad());
            }
            let frac = s.get(20..end).ok_or_else(bad)?;
            if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            let padded = format!("{frac:0<9}");
            padded.parse::<u32>().map_err(|_| bad())?
        };
        let days = days_from_civil(y, mo, d);
        let secs = days
            .checked_mul(86_400)
            .and_then(|v| v.checked_add(h.checked_mul(3600)?))
            .and_then(|v| v.checked_add(mi.checked_mul(60)?))
            .and_then(|v| v.checked_add(sec))
            .ok_or_else(bad)?;
        Time::new(secs, nanos)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_and_parses_known_instants() {
        let t = Time::new(0, 0).unwrap();
        assert_eq!(t.to_string(), "1970-01-01T00:00:00Z");
        let t = Time::new(1_714_564_800, 500_000_000).unwrap();
        assert_eq!(t.to_string(), "2024-05-01T12:00:00.5Z");
        assert_eq!("2024-05-01T12:00:00.5Z".parse::<Time>().unwrap(), t);
        assert_eq!(
            "2024-02-29T00:00:00Z".parse::<Time>().unwrap().secs,
            1_709_164_800
        );
        assert_eq!(
            Time::new(MIN_SECS, 0).unwrap().to_string(),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            Time::new(MAX_SECS, 0).unwrap().to_string(),
            "9999-12-31T23:59:59Z"
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-05-01 12:00:00Z",
            "2024-05-01T12:00:00",
            "2024-05-01T12:00:00+01:00",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00.1234567890Z",
        ] {
            assert!(bad.parse::<Time>().is_err(), "{bad}");
        }
        assert!(Time::new(MAX_SECS, 0)
            .unwrap()
            .checked_add_secs(1)
            .is_none());
    }

    #[test]
    fn block_time_is_clamped_to_the_protobuf_range() {
        let ctx = |secs| BlockCtx {
            chain_id: String::new(),
            height: 1,
            time_unix_secs: secs,
            time_nanos: 1_500_000_000,
        };
        assert_eq!(
            Time::from_block(&ctx(7)),
            Time::new(7, 999_999_999).unwrap()
        );
        assert_eq!(Time::from_block(&ctx(i64::MAX)).secs, MAX_SECS);
        assert_eq!(Time::from_block(&ctx(i64::MIN)).secs, MIN_SECS);
    }

    #[test]
    fn key_bytes_sort_like_times() {
        let times = [
            Time::new(-5, 3).unwrap(),
            Time::new(-1, 999_999_999).unwrap(),
            Time::new(0, 0).unwrap(),
            Time::new(0, 1).unwrap(),
            Time::new(7, 0).unwrap(),
        ];
        for w in times.windows(2) {
            assert!(w[0].key_bytes() < w[1].key_bytes());
        }
        for t in times {
            assert_eq!(Time::from_key_bytes(&t.key_bytes()), Some(t));
        }
    }

    proptest! {
        #[test]
        fn rfc3339_round_trips(secs in MIN_SECS..=MAX_SECS, nanos in 0u32..1_000_000_000) {
            let t = Time::new(secs, nanos).unwrap();
            prop_assert_eq!(t.to_string().parse::<Time>().unwrap(), t);
        }
    }
}
