//! Amounts and coins. Amounts are `u128` on chain and decimal strings on the wire.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use std::collections::BTreeMap;
use std::fmt;

use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub type Amount = u128;
pub type Denom = String;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoinError {
    #[error("invalid denom {0:?}")]
    Denom(String),
    #[error("invalid amount {0:?}")]
    Amount(String),
    #[error("coins are not sorted by denom or repeat a denom: {0}")]
    Unsorted(String),
    #[error("coin amount must be positive: {0}")]
    Zero(String),
    #[error("too many coins: {0}, at most {1}")]
    TooMany(usize, usize),
    #[error("amount overflow")]
    Overflow,
}

/// At most this many denoms in one coin list of a message.
pub const MAX_COINS: usize = 32;

/// Cosmos denom rule: `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
pub fn validate_denom(denom: &str) -> Result<(), CoinError> {
    let bytes = denom.as_bytes();
    let ok = (3..=128).contains(&bytes.len())
        && bytes.first().is_some_and(|c| c.is_ascii_alphabetic())
        && bytes
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b':' | b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(CoinError::Denom(denom.to_string()))
    }
}

/// Parse a non-negative decimal integer as the SDK writes amounts.
pub fn parse_amount(s: &str) -> Result<Amount, CoinError> {
    if s.is_empty() || s.len() > 39 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(CoinError::Amount(s.to_string()));
    }
    s.parse::<u128>()
        .map_err(|_| CoinError::Amount(s.to_string()))
}

#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    BorshSerialize,
    BorshDeserialize,
    Serialize,
    Deserialize,
)]
pub struct Coin {
    pub denom: Denom,
    #[serde(with = "amount_string")]
    pub amount: Amount,
}

impl Coin {
    pub fn new(denom: impl Into<String>, amount: Amount) -> Self {
        Coin {
            denom: denom.into(),
            amount,
        }
    }
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

impl TryFrom<&ProtoCoin> for Coin {
    type Error = CoinError;
    fn try_from(c: &ProtoCoin) -> Result<Self, CoinError> {
        validate_denom(&c.denom)?;
        Ok(Coin {
            denom: c.denom.clone(),
            amount: parse_amount(&c.amount)?,
        })
    }
}

/// A validated coin list: sorted by denom, no duplicates, every amount positive.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Coins(Vec<Coin>);

impl Coins {
    pub fn new(coins: Vec<Coin>) -> Result<Self, CoinError> {
        if coins.len() > MAX_COINS {
            return Err(CoinError::TooMany(coins.len(), MAX_COINS));
        }
        for c in &coins {
            validate_denom(&c.denom)?;
            if c.amount == 0 {
                return Err(CoinError::Zero(c.to_string()));
            }
        }
        if coins.windows(2).any(|w| w[0].denom >= w[1].denom) {
            return Err(CoinError::Unsorted(Coins(coins).to_string()));
        }
        Ok(Coins(coins))
    }

    /// Build from possibly unsorted coins, summing repeated denoms and dropping zeros.
    pub fn normalize(coins: impl IntoIterator<Item = Coin>) -> Result<Self, CoinError> {
        let mut map: BTreeMap<Denom, Amount> = BTreeMap::new();
        for c in coins {
            validate_denom(&c.denom)?;
            let e = map.entry(c.denom).or_insert(0);
            *e = e.checked_add(c.amount).ok_or(CoinError::Overflow)?;
        }
        Coins::new(
            map.into_iter()
                .filter(|(_, a)| *a > 0)
                .map(|(d, a)| Coin::new(d, a))
                .collect(),
        )
    }

    pub fn single(denom: &str, amount: Amount) -> Result<Self, CoinError> {
        Coins::new(vec![Coin::new(denom, amount)])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Coin> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn amount_of(&self, denom: &str) -> Amount {
        self.0
            .iter()
            .find(|c| c.denom == denom)
            .map(|c| c.amount)
            .unwrap_or(0)
    }

    /// Checked sum of two coin lists.
    pub fn checked_add(&self, other: &Coins) -> Result<Coins, CoinError> {
        Coins::normalize(self.0.iter().chain(other.0.iter()).cloned())
    }

    pub fn into_vec(self) -> Vec<Coin> {
        self.0
    }

    pub fn from_proto(coins: &[ProtoCoin]) -> Result<Self, CoinError> {
        let parsed = coins
            .iter()
            .map(Coin::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Coins::new(parsed)
    }
}

impl fmt::Display for Coins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|c| c.to_string()).collect();
        f.write_str(&parts.join(","))
    }
}

/// Amounts as decimal strings in JSON (they exceed what JSON numbers hold exactly).
pub mod amount_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_amount(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denoms_follow_the_sdk_rule() {
        assert!(validate_denom("aopen").is_ok());
        assert!(validate_denom("ibc/ABCDEF0123").is_ok());
        assert!(validate_denom("ab").is_err());
        assert!(validate_denom("1abc").is_err());
        assert!(validate_denom("ab c").is_err());
    }

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(parse_amount("0").unwrap(), 0);
        assert_eq!(
            parse_amount("340282366920938463463374607431768211455").unwrap(),
            u128::MAX
        );
        assert!(parse_amount("340282366920938463463374607431768211456").is_err());
        assert!(parse_amount("-1").is_err());
        assert!(parse_amount("1.5").is_err());
        assert!(parse_amount("").is_err());
        assert!(parse_amount("+1").is_err());
    }

    #[test]
    fn coins_must_be_sorted_unique_positive() {
        assert!(Coins::new(vec![Coin::new("aopen", 1), Coin::new("bopen", 2)]).is_ok());
        assert!(Coins::new(vec![Coin::new("bopen", 1), Coin::new("aopen", 2)]).is_err());
        assert!(Coins::new(vec![Coin::new("aopen", 1), Coin::new("aopen", 2)]).is_err());
        assert!(Coins::new(vec![Coin::new("aopen", 0)]).is_err());
        let n = Coins::normalize(vec![
            Coin::new("bopen", 1),
            Coin::new("aopen", 2),
            Coin::new("bopen", 3),
        ])
        .unwrap();
        assert_eq!(n.to_string(), "2aopen,4bopen");
    }
}
