//! Amounts: exact decimal arithmetic between the display unit (OPEN) and the base unit (aopen).
//!
//! Users type `1.5OPEN`, `1OPEN`, `2500aopen` or `0.000001OPEN`; the chain only ever sees
//! integer amounts of a base denomination. Everything here is integer arithmetic on `u128`
//! (the chain's amount type), so no value is ever rounded silently.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::chain::{BASE_DENOM, DISPLAY_DECIMALS, DISPLAY_DENOM};

/// Why an amount string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("empty amount (write e.g. 1.5OPEN or 2500aopen)")]
    Empty,
    #[error("negative amount {0:?}: amounts must be zero or positive")]
    Negative(String),
    #[error("amount {0:?} has no denomination (write e.g. 1.5OPEN or 2500aopen)")]
    MissingDenom(String),
    #[error("amount {0:?} does not start with a number (write e.g. 1.5OPEN or 2500aopen)")]
    MissingNumber(String),
    #[error("invalid number in {0:?}: expected digits with an optional decimal part, like 1.5")]
    InvalidNumber(String),
    #[error(
        "invalid denomination {0:?}: expected a letter followed by 2 to 127 of [a-zA-Z0-9/:._-]"
    )]
    InvalidDenom(String),
    #[error("{amount:?} has more than {max} decimal places ({denom} has {max} decimals)")]
    TooManyDecimals {
        amount: String,
        denom: String,
        max: u32,
    },
    #[error("{amount:?}: {denom} is an indivisible base unit, the amount must be a whole number")]
    FractionalBaseUnit { amount: String, denom: String },
    #[error("{0:?} is too large")]
    Overflow(String),
    #[error("denomination {denom} appears more than once in {list:?}")]
    DuplicateDenom { denom: String, list: String },
    #[error("amount {0:?} must be greater than zero")]
    Zero(String),
}

/// An integer amount of a base denomination, as the chain stores it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Coin {
    pub denom: String,
    #[serde(serialize_with = "serialize_u128_as_string")]
    pub amount: u128,
}

fn serialize_u128_as_string<S: serde::Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl Coin {
    pub fn new(amount: u128, denom: impl Into<String>) -> Self {
        Self {
            denom: denom.into(),
            amount,
        }
    }

    /// `1500000000000000000aopen (1.5 OPEN)` for the native denom, `42uatom` otherwise.
    pub fn display(&self) -> String {
        if self.denom == BASE_DENOM {
            format!(
                "{}{} ({} {})",
                self.amount,
                self.denom,
                format_decimal(self.amount, DISPLAY_DECIMALS),
                DISPLAY_DENOM
            )
        } else {
            format!("{}{}", self.amount, self.denom)
        }
    }
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

impl FromStr for Coin {
    type Err = AmountError;

    /// Parses `1.5OPEN`, `2500aopen`, `7ibc/ABC...`; OPEN is converted to aopen exactly.
    fn from_str(s: &str) -> Result<Self, AmountError> {
        let (number, denom) = split_amount(s)?;
        if is_display_denom(denom) {
            let amount = parse_decimal(number, DISPLAY_DECIMALS, DISPLAY_DECIMALS)
                .map_err(|e| e.with_context(s, DISPLAY_DENOM))?;
            Ok(Self::new(amount, BASE_DENOM))
        } else {
            validate_denom(denom)?;
            if number.contains('.') {
                return Err(AmountError::FractionalBaseUnit {
                    amount: s.trim().to_owned(),
                    denom: denom.to_owned(),
                });
            }
            let amount = parse_integer(number, s)?;
            Ok(Self::new(amount, denom))
        }
    }
}

/// Parses a comma-separated list of coins (`1OPEN,5uatom`) into the chain's canonical form:
/// sorted by denomination, each denomination once.
pub fn parse_coins(s: &str) -> Result<Vec<Coin>, AmountError> {
    if s.trim().is_empty() {
        return Err(AmountError::Empty);
    }
    let mut by_denom = BTreeMap::new();
    for part in s.split(',') {
        let coin: Coin = part.parse()?;
        if by_denom.insert(coin.denom.clone(), coin.amount).is_some() {
            return Err(AmountError::DuplicateDenom {
                denom: coin.denom,
                list: s.to_owned(),
            });
        }
    }
    Ok(by_denom
        .into_iter()
        .map(|(denom, amount)| Coin::new(amount, denom))
        .collect())
}

/// Like [`parse_coins`], but every amount must be positive (what a transfer needs).
pub fn parse_positive_coins(s: &str) -> Result<Vec<Coin>, AmountError> {
    let coins = parse_coins(s)?;
    if let Some(zero) = coins.iter().find(|c| c.amount == 0) {
        return Err(AmountError::Zero(zero.to_string()));
    }
    Ok(coins)
}

/// A price per unit of gas, kept exactly as `price × 10^18` of a base denomination
/// (so `0.025aopen` and `0.000000001OPEN` are both representable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GasPrice {
    denom: String,
    per_gas_e18: u128,
}

/// Fractional precision kept for gas prices, in decimal places of the base unit.
const GAS_PRICE_DECIMALS: u32 = 18;

impl GasPrice {
    pub fn zero(denom: impl Into<String>) -> Self {
        Self {
            denom: denom.into(),
            per_gas_e18: 0,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.per_gas_e18 == 0
    }

    /// `ceil(gas × price)`: the smallest fee that pays for `gas` at this price.
    pub fn fee_for(&self, gas: u64) -> Result<Coin, AmountError> {
        let scale = 10u128.pow(GAS_PRICE_DECIMALS);
        let total = u128::from(gas)
            .checked_mul(self.per_gas_e18)
            .ok_or_else(|| AmountError::Overflow(format!("{gas} gas × {self}")))?;
        let amount = total.div_ceil(scale);
        Ok(Coin::new(amount, self.denom.clone()))
    }

    /// Picks the entry for `preferred_denom` out of a node's `minimum-gas-prices` string
    /// (`"0.025aopen,0.1uatom"`), else the first entry; an empty string is a zero price.
    pub fn from_node_minimum(s: &str, preferred_denom: &str) -> Result<Self, AmountError> {
        let prices = s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<GasPrice>, _>>()?;
        let chosen = prices
            .iter()
            .find(|p| p.denom == preferred_denom)
            .or_else(|| prices.first())
            .cloned();
        Ok(chosen.unwrap_or_else(|| Self::zero(preferred_denom)))
    }
}

impl FromStr for GasPrice {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, AmountError> {
        let (number, denom) = split_amount(s)?;
        if is_display_denom(denom) {
            let decimals = DISPLAY_DECIMALS + GAS_PRICE_DECIMALS;
            let per_gas_e18 = parse_decimal(number, decimals, decimals)
                .map_err(|e| e.with_context(s, DISPLAY_DENOM))?;
            Ok(Self {
                denom: BASE_DENOM.to_owned(),
                per_gas_e18,
            })
        } else {
            validate_denom(denom)?;
            let per_gas_e18 = parse_decimal(number, GAS_PRICE_DECIMALS, GAS_PRICE_DECIMALS)
                .map_err(|e| e.with_context(s, denom))?;
            Ok(Self {
                denom: denom.to_owned(),
                per_gas_e18,
            })
        }
    }
}

impl fmt::Display for GasPrice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            format_decimal(self.per_gas_e18, GAS_PRICE_DECIMALS),
            self.denom
        )
    }
}

/// Formats `value / 10^decimals` without trailing zeros: `1.5`, `0.000001`, `2`.
pub fn format_decimal(value: u128, decimals: u32) -> String {
    let scale = 10u128.pow(decimals);
    let int = value / scale;
    let frac = value % scale;
    if frac == 0 {
        return int.to_string();
    }
    let width = usize::try_from(decimals).unwrap_or(usize::MAX);
    let frac = format!("{frac:0width$}");
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// Parses a non-negative decimal `number` into `number × 10^exponent`, allowing at most
/// `max_fraction_digits` digits after the point (`max_fraction_digits <= exponent <= 38`).
pub fn parse_decimal(
    number: &str,
    max_fraction_digits: u32,
    exponent: u32,
) -> Result<u128, AmountError> {
    let number = number.trim();
    if number.starts_with('-') {
        return Err(AmountError::Negative(number.to_owned()));
    }
    let (int_part, frac_part) = match number.split_once('.') {
        Some((int_part, frac_part)) => {
            if frac_part.is_empty() {
                return Err(AmountError::InvalidNumber(number.to_owned()));
            }
            (int_part, frac_part)
        }
        None => (number, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(AmountError::InvalidNumber(number.to_owned()));
    }
    let frac_len = u32::try_from(frac_part.len()).unwrap_or(u32::MAX);
    if frac_len > max_fraction_digits {
        return Err(AmountError::TooManyDecimals {
            amount: number.to_owned(),
            denom: String::new(),
            max: max_fraction_digits,
        });
    }
    let overflow = || AmountError::Overflow(number.to_owned());
    let scale = 10u128.checked_pow(exponent).ok_or_else(overflow)?;
    let int = parse_integer(int_part, number)?;
    let frac = if frac_part.is_empty() {
        0
    } else {
        let frac_scale = 10u128
            .checked_pow(exponent.saturating_sub(frac_len))
            .ok_or_else(overflow)?;
        parse_integer(frac_part, number)?
            .checked_mul(frac_scale)
            .ok_or_else(overflow)?
    };
    int.checked_mul(scale)
        .and_then(|v| v.checked_add(frac))
        .ok_or_else(overflow)
}

impl AmountError {
    /// Replaces the bare number in an error with the full amount the user typed.
    fn with_context(self, original: &str, denom: &str) -> Self {
        let original = original.trim().to_owned();
        match self {
            Self::TooManyDecimals { max, .. } => Self::TooManyDecimals {
                amount: original,
                denom: denom.to_owned(),
                max,
            },
            Self::Negative(_) => Self::Negative(original),
            Self::InvalidNumber(_) => Self::InvalidNumber(original),
            Self::Overflow(_) => Self::Overflow(original),
            other => other,
        }
    }
}

/// Splits `1.5OPEN` into (`1.5`, `OPEN`); whitespace between the two is allowed.
fn split_amount(s: &str) -> Result<(&str, &str), AmountError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative(s.to_owned()));
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, denom) = s.split_at(split);
    let denom = denom.trim();
    if number.is_empty() {
        return Err(AmountError::MissingNumber(s.to_owned()));
    }
    if denom.is_empty() {
        return Err(AmountError::MissingDenom(s.to_owned()));
    }
    Ok((number, denom))
}

fn is_display_denom(denom: &str) -> bool {
    denom.eq_ignore_ascii_case(DISPLAY_DENOM)
}

/// The Cosmos SDK denomination rule: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
fn validate_denom(denom: &str) -> Result<(), AmountError> {
    let mut chars = denom.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || "/:._-".contains(c));
    if first_ok && rest_ok && (3..=128).contains(&denom.len()) {
        Ok(())
    } else {
        Err(AmountError::InvalidDenom(denom.to_owned()))
    }
}

/// Parses a string of ASCII digits into a `u128`, telling overflow apart from garbage.
fn parse_integer(digits: &str, original: &str) -> Result<u128, AmountError> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::InvalidNumber(original.trim().to_owned()));
    }
    digits
        .parse::<u128>()
        .map_err(|_| AmountError::Overflow(original.trim().to_owned()))
}

#[cfg(test)]
#[path = "../tests/unit/amount.rs"]
mod tests;
