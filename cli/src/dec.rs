//! 18-decimal fixed-point numbers (the Cosmos SDK's `LegacyDec`): commission rates, vote
//! weights, parameter fractions and reward amounts.
//!
//! Users and JSON see the decimal form (`0.1`, printed as `0.100000000000000000`). On the wire
//! there are two forms, depending on the field:
//! - `LegacyDec` custom-type fields (commission rates, shares, `DecCoin` amounts, slashing
//!   fractions) carry the integer of value × 10^18: 0.1 is `"100000000000000000"`;
//! - plain `cosmos.Dec` strings (gov v1 quorum, thresholds, vote weights) carry the decimal
//!   itself: `"0.100000000000000000"`.

use std::fmt;
use std::str::FromStr;

use crate::amount::{format_decimal, parse_decimal};

/// Decimal places of a `LegacyDec`.
pub const DEC_PLACES: u32 = 18;
/// The atomics of 1.
pub const DEC_ONE_ATOMICS: u128 = 1_000_000_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecError {
    #[error("invalid decimal {0:?}: expected a non-negative number like 0.1, with at most 18 decimal places")]
    Invalid(String),
    #[error("invalid decimal {0:?}: the value must be between 0 and 1")]
    AboveOne(String),
}

/// A non-negative decimal with 18 places, stored as its atomics (value × 10^18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
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

    /// Parses the `LegacyDec` wire form: the integer of the atomics (empty means zero).
    pub fn from_atomics_str(s: &str) -> Result<Dec, DecError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Dec::ZERO);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecError::Invalid(s.to_owned()));
        }
        s.parse::<u128>()
            .map(Dec)
            .map_err(|_| DecError::Invalid(s.to_owned()))
    }

    /// The `LegacyDec` wire form: the integer of the atomics.
    pub fn atomics_string(self) -> String {
        self.0.to_string()
    }

    /// The decimal with all 18 places, as the SDK prints it: `0.100000000000000000`.
    pub fn decimal_string(self) -> String {
        let int = self.0 / DEC_ONE_ATOMICS;
        let frac = self.0 % DEC_ONE_ATOMICS;
        format!("{int}.{frac:018}")
    }

    /// The shortest decimal form: `0.1`, `2`.
    pub fn short_string(self) -> String {
        format_decimal(self.0, DEC_PLACES)
    }

    /// A value in `0..=1`, or an error naming the input.
    pub fn parse_fraction(s: &str) -> Result<Dec, DecError> {
        let dec: Dec = s.parse()?;
        if dec > Dec::ONE {
            return Err(DecError::AboveOne(s.trim().to_owned()));
        }
        Ok(dec)
    }
}

impl FromStr for Dec {
    type Err = DecError;

    /// Parses the decimal form: `0.1`, `1`, `0.100000000000000000`.
    fn from_str(s: &str) -> Result<Dec, DecError> {
        parse_decimal(s, DEC_PLACES, DEC_PLACES)
            .map(Dec)
            .map_err(|_| DecError::Invalid(s.trim().to_owned()))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decimal_string())
    }
}

/// Shows a `LegacyDec` wire value as a decimal; a value that already has a decimal point is
/// read as a decimal, anything unreadable is shown as it came.
pub fn display_legacy(wire: &str) -> String {
    if wire.contains('.') {
        return display_decimal(wire);
    }
    match Dec::from_atomics_str(wire) {
        Ok(dec) => dec.decimal_string(),
        Err(_) => wire.to_owned(),
    }
}

/// Shows a plain `cosmos.Dec` wire value (a decimal string) in the 18-place form.
pub fn display_decimal(wire: &str) -> String {
    if wire.trim().is_empty() {
        return Dec::ZERO.decimal_string();
    }
    match wire.parse::<Dec>() {
        Ok(dec) => dec.decimal_string(),
        Err(_) => wire.to_owned(),
    }
}

/// A fraction in `0..=1` given on the command line (commission rates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction(pub Dec);

impl FromStr for Fraction {
    type Err = DecError;

    fn from_str(s: &str) -> Result<Self, DecError> {
        Dec::parse_fraction(s).map(Fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_wire_forms() {
        let tenth: Dec = "0.1".parse().unwrap();
        assert_eq!(tenth.atomics_string(), "100000000000000000");
        assert_eq!(tenth.decimal_string(), "0.100000000000000000");
        assert_eq!(tenth.short_string(), "0.1");
        assert_eq!(
            "0.100000000000000000".parse::<Dec>().unwrap(),
            tenth,
            "the SDK's printed form reads back"
        );
        assert_eq!("1".parse::<Dec>().unwrap(), Dec::ONE);
        assert_eq!(Dec::from_atomics_str("100000000000000000").unwrap(), tenth);
        assert_eq!(Dec::from_atomics_str("").unwrap(), Dec::ZERO);
        assert_eq!(Dec::ONE.atomics_string(), "1000000000000000000");
    }

    #[test]
    fn bad_decimals_are_refused() {
        for bad in [
            "",
            "-0.1",
            "abc",
            ".5",
            "1.",
            "0.1234567890123456789",
            "1e3",
            "0,5",
        ] {
            assert!(bad.parse::<Dec>().is_err(), "{bad:?}");
        }
        assert!(matches!(
            "1.5".parse::<Fraction>(),
            Err(DecError::AboveOne(_))
        ));
        assert_eq!("1".parse::<Fraction>().unwrap().0, Dec::ONE);
        assert!(Dec::from_atomics_str("0.5").is_err());
    }

    #[test]
    fn wire_values_display_as_decimals() {
        assert_eq!(display_legacy("50000000000000000"), "0.050000000000000000");
        assert_eq!(display_legacy("0.05"), "0.050000000000000000");
        assert_eq!(display_legacy("garbage"), "garbage");
        assert_eq!(display_decimal("0.334"), "0.334000000000000000");
        assert_eq!(display_decimal(""), "0.000000000000000000");
    }
}
