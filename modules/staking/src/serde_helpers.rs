//! JSON forms used by genesis: operator addresses as `openvaloper...`, keys as hex, amounts
//! and share counts as decimal strings.

/// An [`Address`](openledger_framework::Address) as an `openvaloper` bech32 string.
pub mod valoper {
    use openledger_framework::{Address, VALOPER_PREFIX};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Address, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&a.to_bech32(VALOPER_PREFIX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
        let s = String::deserialize(d)?;
        Address::from_bech32(&s, VALOPER_PREFIX).map_err(serde::de::Error::custom)
    }
}

/// A 32-byte key as lowercase hex.
pub mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(k: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(k))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        let bytes = hex::decode(&s).map_err(serde::de::Error::custom)?;
        bytes
            .as_slice()
            .try_into()
            .map_err(|_| serde::de::Error::custom(format!("key must be 32 bytes: {s}")))
    }
}

pub use openledger_framework::coin::amount_string;

/// A share count as `n.000000000000000000` (the SDK's LegacyDec JSON); plain integers are
/// accepted too. Fractional shares are refused.
pub mod shares_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::types::shares_to_display(*v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        let int = match s.split_once('.') {
            Some((int, frac)) => {
                if frac.is_empty() || !frac.bytes().all(|b| b == b'0') {
                    return Err(serde::de::Error::custom(format!(
                        "shares must be whole: {s}"
                    )));
                }
                int
            }
            None => s.as_str(),
        };
        openledger_framework::coin::parse_amount(int).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct S {
        #[serde(with = "super::shares_string")]
        n: u128,
    }

    #[test]
    fn shares_parse_whole_values_only() {
        let s: S = serde_json::from_str(r#"{"n":"12.000000000000000000"}"#).unwrap();
        assert_eq!(s.n, 12);
        let s: S = serde_json::from_str(r#"{"n":"7"}"#).unwrap();
        assert_eq!(s.n, 7);
        assert!(serde_json::from_str::<S>(r#"{"n":"1.5"}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"n":"1."}"#).is_err());
        assert_eq!(
            serde_json::to_string(&S { n: 3 }).unwrap(),
            r#"{"n":"3.000000000000000000"}"#
        );
    }
}
