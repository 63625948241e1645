//! Account addresses: 20 bytes, shown as bech32 with the `open` prefix.

use std::fmt;
use std::str::FromStr;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Hrp};
use borsh::{BorshDeserialize, BorshSerialize};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::ACCOUNT_PREFIX;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddressError {
    #[error("invalid bech32 address {0:?}: {1}")]
    Bech32(String, String),
    #[error("address {address:?} has prefix {found:?}, expected {expected:?}")]
    WrongPrefix {
        address: String,
        found: String,
        expected: String,
    },
    #[error("address must be 20 bytes, got {0}")]
    Length(usize),
}

/// A 20-byte account address.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, BorshSerialize, BorshDeserialize)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// ripemd160(sha256(pubkey)), the Cosmos address of a compressed secp256k1 key.
    pub fn from_secp256k1_pubkey(compressed: &[u8]) -> Self {
        let sha = Sha256::digest(compressed);
        let rip = Ripemd160::digest(sha);
        let mut out = [0u8; 20];
        out.copy_from_slice(&rip);
        Address(out)
    }

    /// The address of a module account: the first 20 bytes of sha256(name), as in the SDK.
    pub fn module(name: &str) -> Self {
        let sha = Sha256::digest(name.as_bytes());
        let mut out = [0u8; 20];
        out.copy_from_slice(&sha[..20]);
        Address(out)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self, AddressError> {
        let arr: [u8; 20] = bytes
            .try_into()
            .map_err(|_| AddressError::Length(bytes.len()))?;
        Ok(Address(arr))
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Parse a bech32 string with the given prefix. Only the classic bech32 checksum (BIP-173)
    /// is accepted, as in the Cosmos SDK: a bech32m checksum (BIP-350) is refused, and so is
    /// padding of more than 4 bits or non-zero padding, so each address has exactly one
    /// (lowercase) string form.
    pub fn from_bech32(s: &str, prefix: &str) -> Result<Self, AddressError> {
        let bad = |e: String| AddressError::Bech32(s.to_string(), e);
        let checked = CheckedHrpstring::new::<Bech32>(s).map_err(|e| bad(e.to_string()))?;
        checked
            .validate_segwit_padding()
            .map_err(|e| bad(e.to_string()))?;
        let hrp = checked.hrp();
        let data: Vec<u8> = checked.byte_iter().collect();
        if hrp.as_str() != prefix {
            return Err(AddressError::WrongPrefix {
                address: s.to_string(),
                found: hrp.as_str().to_string(),
                expected: prefix.to_string(),
            });
        }
        Address::from_slice(&data)
    }

    pub fn to_bech32(&self, prefix: &str) -> String {
        match Hrp::parse(prefix) {
            Ok(hrp) => bech32::encode::<Bech32>(hrp, &self.0).unwrap_or_default(),
            Err(_) => String::new(),
        }
    }
}

impl FromStr for Address {
    type Err = AddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Address::from_bech32(s, ACCOUNT_PREFIX)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_bech32(ACCOUNT_PREFIX))
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}

impl serde::Serialize for Address {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Address {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bech32_round_trip_and_prefix_check() {
        let a = Address([7u8; 20]);
        let s = a.to_string();
        assert!(s.starts_with("open1"));
        assert_eq!(s.parse::<Address>().unwrap(), a);
        let cosmos = a.to_bech32("cosmos");
        assert!(matches!(
            cosmos.parse::<Address>(),
            Err(AddressError::WrongPrefix { .. })
        ));
        assert!("open1notanaddress".parse::<Address>().is_err());
    }

    #[test]
    fn bech32m_and_bad_padding_are_refused() {
        let a = Address([7u8; 20]);
        let hrp = Hrp::parse(ACCOUNT_PREFIX).unwrap();
        // the same bytes with a bech32m checksum: a second string form, refused
        let m = bech32::encode::<bech32::Bech32m>(hrp, &a.0).unwrap();
        assert_ne!(m, a.to_string());
        assert!(matches!(
            Address::from_bech32(&m, ACCOUNT_PREFIX),
            Err(AddressError::Bech32(..))
        ));
        assert!(m.parse::<Address>().is_err());
        assert!(serde_json::from_value::<Address>(serde_json::Value::String(m)).is_err());
        // 33 groups of 5 bits: 5 bits of padding after the 20 bytes, refused (not truncated)
        use bech32::{ByteIterExt, Fe32, Fe32IterExt};
        let padded: String =
            a.0.iter()
                .copied()
                .bytes_to_fes()
                .chain(std::iter::once(Fe32::Q))
                .with_checksum::<Bech32>(&hrp)
                .chars()
                .collect();
        assert!(Address::from_bech32(&padded, ACCOUNT_PREFIX).is_err());
        // the classic form still parses
        assert_eq!(
            Address::from_bech32(&a.to_string(), ACCOUNT_PREFIX).unwrap(),
            a
        );
    }

    #[test]
    fn fee_collector_matches_the_sdk_module_address() {
        // sdk: authtypes.NewModuleAddress("fee_collector") = cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta
        let a = Address::module("fee_collector");
        assert_eq!(
            a.to_bech32("cosmos"),
            "cosmos17xpfvakm2amg962yls6f84z3kell8c5lserqta"
        );
    }
}
