//! The sha256 that names content.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// The sha256 of some content: its name in the store and its `content_hash` on chain.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash(pub [u8; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("a content hash has 32 bytes, not {0}")]
    Length(usize),
    #[error("a content hash is 64 hexadecimal characters")]
    Hex,
}

impl Hash {
    /// The sha256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Hash {
        Hash(Sha256::digest(bytes).into())
    }

    /// A hash from its 32 bytes (as a protobuf `bytes` field carries it).
    pub fn from_slice(bytes: &[u8]) -> Result<Hash, HashError> {
        <[u8; 32]>::try_from(bytes)
            .map(Hash)
            .map_err(|_| HashError::Length(bytes.len()))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lowercase hexadecimal, as files are named.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

/// 64 hexadecimal characters, either case.
impl FromStr for Hash {
    type Err = HashError;

    fn from_str(s: &str) -> Result<Hash, HashError> {
        if s.len() != 64 {
            return Err(HashError::Hex);
        }
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| HashError::Hex)?;
        Ok(Hash(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_refusals() {
        let h = Hash::of(b"abc");
        assert_eq!(
            h.to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(h.to_string().parse::<Hash>(), Ok(h));
        assert_eq!(h.to_string().to_uppercase().parse::<Hash>(), Ok(h));
        assert_eq!("ab".parse::<Hash>(), Err(HashError::Hex));
        assert_eq!("zz".repeat(32).parse::<Hash>(), Err(HashError::Hex));
        assert_eq!(Hash::from_slice(&[0; 31]), Err(HashError::Length(31)));
        assert_eq!(Hash::from_slice(&h.0), Ok(h));
    }
}
