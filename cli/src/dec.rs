//! 18-decimal fixed-point numbers (the Cosmos SDK's `LegacyDec`): commission rates, vote
//! weights, parameter fractions and reward amounts. The number itself is the chain's
//! [`Dec`]; this module adds what the command line needs on top of it.
//!
//! Users and JSON see the decimal form (`0.1`, printed as `0.100000000000000000` by `Dec`'s
//! `Display`). On the wire there are two forms, depending on the field:
//! - `LegacyDec` custom-type fields (commission rates, shares, `DecCoin` amounts, slashing
//!   fractions) carry the integer of value × 10^18 (`Dec::to_proto_string`): 0.1 is
//!   `"100000000000000000"`;
//! - plain `cosmos.Dec` strings (gov v1 quorum, thresholds, vote weights) carry the decimal
//!   itself: `"0.100000000000000000"`.

pub use openledger_framework::Dec;

use crate::amount::format_decimal;

/// Decimal places of a `LegacyDec`.
const DEC_PLACES: u32 = 18;

/// Errors in decimals given by the user, saying what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecError {
    #[error("invalid decimal {0:?}: expected a non-negative number like 0.1, with at most 18 decimal places")]
    Invalid(String),
    #[error("invalid decimal {0:?}: the value must be between 0 and 1")]
    AboveOne(String),
}

/// Parses the decimal form, ignoring surrounding spaces: `0.1`, `1`, `0.100000000000000000`.
pub fn parse(s: &str) -> Result<Dec, DecError> {
    let s = s.trim();
    s.parse().map_err(|_| DecError::Invalid(s.to_owned()))
}

/// Parses the `LegacyDec` wire form: the integer of the atomics (empty means zero).
pub fn from_atomics_str(s: &str) -> Result<Dec, DecError> {
    let s = s.trim();
    Dec::from_proto_str(s).map_err(|_| DecError::Invalid(s.to_owned()))
}

/// The shortest decimal form: `0.1`, `2`.
pub fn short_string(dec: Dec) -> String {
    format_decimal(dec.atomics(), DEC_PLACES)
}

/// A value in `0..=1`, or an error naming the input.
pub fn parse_fraction(s: &str) -> Result<Dec, DecError> {
    let dec = parse(s)?;
    if dec > Dec::ONE {
        return Err(DecError::AboveOne(s.trim().to_owned()));
    }
    Ok(dec)
}

/// Shows a `LegacyDec` wire value as a decimal; a value that already has a decimal point is
/// read as a decimal, anything unreadable is shown as it came.
pub fn display_legacy(wire: &str) -> String {
    if wire.contains('.') {
        return display_decimal(wire);
    }
    match from_atomics_str(wire) {
        Ok(dec) => dec.to_string(),
        Err(_) => wire.to_owned(),
    }
}

/// Shows a plain `cosmos.Dec` wire value (a decimal string) in the 18-place form.
pub fn display_decimal(wire: &str) -> String {
    if wire.trim().is_empty() {
        return Dec::ZERO.to_string();
    }
    match parse(wire) {
        Ok(dec) => dec.to_string(),
        Err(_) => wire.to_owned(),
    }
}

#[cfg(test)]
#[path = "../tests/unit/dec.rs"]
mod tests;
