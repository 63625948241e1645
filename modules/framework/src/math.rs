//! Exact integer arithmetic for amounts, shares and rates.
//!
//! * [`mul_div_floor`] computes `a * b / c` with a 256-bit intermediate, so share and reward
//!   conversions never overflow in the middle of a computation.
//! * [`Dec`] is a non-negative fixed-point number with 18 decimals, the Cosmos SDK's
//!   `LegacyDec` for rates and fractions (commission, slash fractions, quorum). Its protobuf
//!   form is the integer of its atomics (`"50000000000000000"` for 0.05), its JSON and display
//!   form the decimal (`"0.050000000000000000"`).

use std::fmt;
use std::str::FromStr;

use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

const LOW_MASK: u128 = u64::MAX as u128;

/// The full 256-bit product of two u128 as `(high, low)`.
// Each partial product of two 64-bit halves is below 2^128, and `mid` is a sum of three values
// below 2^64, so no step can overflow.
#[allow(clippy::arithmetic_side_effects)]
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a1, a0) = (a >> 64, a & LOW_MASK);
    let (b1, b0) = (b >> 64, b & LOW_MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & LOW_MASK) + (p10 & LOW_MASK);
    let lo = (p00 & LOW_MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `(hi * 2^128 + lo) / c`, or `None` if `c` is zero or the quotient does not fit in u128.
// Binary long division: the remainder stays below `c` (tracked with the shifted-out carry), so
// the shifts and the subtraction are exact.
#[allow(clippy::arithmetic_side_effects)]
fn div_wide(hi: u128, lo: u128, c: u128) -> Option<u128> {
    if c == 0 || hi >= c {
        return None;
    }
    let mut rem = hi;
    let mut q: u128 = 0;
    for i in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> i) & 1);
        q <<= 1;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            q |= 1;
        }
    }
    Some(q)
}

/// `floor(a * b / c)`, or `None` if `c` is zero or the result exceeds u128.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
    if c == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return p.checked_div(c);
    }
    let (hi, lo) = mul_wide(a, b);
    div_wide(hi, lo, c)
}

/// `ceil(a * b / c)`, or `None` if `c` is zero or the result exceeds u128.
pub fn mul_div_ceil(a: u128, b: u128, c: u128) -> Option<u128> {
    let q = mul_div_floor(a, b, c)?;
    // The product is exactly q*c when no remainder is left.
    let (hi, lo) = mul_wide(a, b);
    let (qhi, qlo) = mul_wide(q, c);
    if (hi, lo) == (qhi, qlo) {
        Some(q)
    } else {
        q.checked_add(1)
    }
}

/// 10^18: the atomics of [`Dec::ONE`].
pub const DEC_ONE_ATOMICS: u128 = 1_000_000_000_000_000_000;
const DEC_PLACES: usize = 18;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecError {
    #[error("invalid decimal {0:?}")]
    Invalid(String),
    #[error("decimal {0:?} has more than 18 decimal places")]
    TooPrecise(String),
    #[error("decimal {0:?} is too large")]
    Overflow(String),
}

/// A non-negative decimal with 18 places, stored as its atomics (value × 10^18).
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
pub struct Dec(u128);

impl Dec {
    pub const ZERO: Dec = Dec(0);
    pub const ONE: Dec = Dec(DEC_ONE_ATOMICS);

    pub const fn from_atomics(atomics: u128) -> Dec {
        Dec(atomics)
    }

    pub const fn atomics(self) -> u128 {
        self.0
    }

    /// `percent / 100`, exact for whole percents.
    pub fn percent(percent: u64) -> Dec {
        Dec(u128::from(percent).saturating_mul(DEC_ONE_ATOMICS / 100))
    }

    /// `permille / 1000`, for values such as 33.4%.
    pub fn permille(permille: u64) -> Dec {
        Dec(u128::from(permille).saturating_mul(DEC_ONE_ATOMICS / 1000))
    }

    /// `num / den` rounded down, or `None` if `den` is zero or the result overflows.
    pub fn from_ratio(num: u128, den: u128) -> Option<Dec> {
        mul_div_floor(num, DEC_ONE_ATOMICS, den).map(Dec)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `amount × self`, rounded down.
    pub fn mul_floor(self, amount: u128) -> Option<u128> {
        mul_div_floor(amount, self.0, DEC_ONE_ATOMICS)
    }

    /// `amount × self`, rounded up.
    pub fn mul_ceil(self, amount: u128) -> Option<u128> {
        mul_div_ceil(amount, self.0, DEC_ONE_ATOMICS)
    }

    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        self.0.checked_add(other.0).map(Dec)
    }

    pub fn checked_sub(self, other: Dec) -> Option<Dec> {
        self.0.checked_sub(other.0).map(Dec)
    }

    /// `self × other`, rounded down.
    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        mul_div_floor(self.0, other.0, DEC_ONE_ATOMICS).map(Dec)
    }

    /// Parse the protobuf form: the integer of the atomics (`"50000000000000000"` = 0.05).
    pub fn from_proto_str(s: &str) -> Result<Dec, DecError> {
        if s.is_empty() {
            return Ok(Dec::ZERO);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecError::Invalid(s.to_string()));
        }
        s.parse::<u128>()
            .map(Dec)
            .map_err(|_| DecError::Overflow(s.to_string()))
    }

    /// The protobuf form: the integer of the atomics.
    pub fn to_proto_string(self) -> String {
        self.0.to_string()
    }
}

impl FromStr for Dec {
    type Err = DecError;

    /// Parse a decimal such as `"0.05"`, `"1"` or `"0.050000000000000000"`.
    fn from_str(s: &str) -> Result<Dec, DecError> {
        let invalid = || DecError::Invalid(s.to_string());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if s.contains('.') && frac.is_empty() {
            return Err(invalid());
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if frac.len() > DEC_PLACES {
            return Err(DecError::TooPrecise(s.to_string()));
        }
        let overflow = || DecError::Overflow(s.to_string());
        let int: u128 = int.parse().map_err(|_| overflow())?;
        let mut frac_padded = frac.to_string();
        while frac_padded.len() < DEC_PLACES {
            frac_padded.push('0');
        }
        let frac: u128 = frac_padded.parse().map_err(|_| invalid())?;
        int.checked_mul(DEC_ONE_ATOMICS)
            .and_then(|v| v.checked_add(frac))
            .map(Dec)
            .ok_or_else(overflow)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.0 / DEC_ONE_ATOMICS;
        let frac = self.0 % DEC_ONE_ATOMICS;
        write!(f, "{int}.{frac:018}")
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mul_div_handles_wide_products() {
        let a = u128::MAX / 3;
        assert_eq!(mul_div_floor(a, 6, 2), Some(a * 3));
        assert_eq!(
            mul_div_floor(u128::MAX, u128::MAX, u128::MAX),
            Some(u128::MAX)
        );
        assert_eq!(mul_div_floor(u128::MAX, 2, 1), None);
        assert_eq!(mul_div_floor(1, 1, 0), None);
        assert_eq!(mul_div_ceil(10, 1, 3), Some(4));
        assert_eq!(mul_div_ceil(9, 1, 3), Some(3));
    }

    #[test]
    fn dec_parses_and_prints_both_forms() {
        let d: Dec = "0.05".parse().unwrap();
        assert_eq!(d.to_proto_string(), "50000000000000000");
        assert_eq!(d.to_string(), "0.050000000000000000");
        assert_eq!(Dec::from_proto_str("50000000000000000").unwrap(), d);
        assert_eq!(Dec::permille(334).to_string(), "0.334000000000000000");
        assert_eq!(Dec::percent(100), Dec::ONE);
        assert!("1.".parse::<Dec>().is_err());
        assert!(".5".parse::<Dec>().is_err());
        assert!("-1".parse::<Dec>().is_err());
        assert!("0.0000000000000000001".parse::<Dec>().is_err());
        assert!(Dec::from_proto_str("1.5").is_err());
        assert_eq!(Dec::percent(5).mul_floor(1_000), Some(50));
        assert_eq!(Dec::from_ratio(1, 3).unwrap().mul_ceil(3), Some(1));
    }

    proptest! {
        #[test]
        fn mul_div_matches_narrow_arithmetic(a in any::<u64>(), b in any::<u64>(), c in 1u64..) {
            let want = u128::from(a) * u128::from(b) / u128::from(c);
            prop_assert_eq!(mul_div_floor(u128::from(a), u128::from(b), u128::from(c)), Some(want));
        }

        #[test]
        fn mul_div_inverts_wide_multiplication(a in any::<u128>(), b in 1u128..) {
            // (a * b) / b == a whenever the division is exact.
            prop_assert_eq!(mul_div_floor(a, b, b), Some(a));
        }

        #[test]
        fn dec_roundtrips(atomics in any::<u128>()) {
            let d = Dec::from_atomics(atomics);
            prop_assert_eq!(d.to_string().parse::<Dec>().unwrap(), d);
            prop_assert_eq!(Dec::from_proto_str(&d.to_proto_string()).unwrap(), d);
        }
    }
}
