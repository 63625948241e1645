//! Every key the slashing module owns. Keys are public API: changing one needs a migration.
//!
//! Integers in keys are fixed-width big-endian, so keys sort numerically.

use openledger_framework::ConsAddress;

const SIGNING_INFO: &[u8] = b"slashing/info/";
const MISSED: &[u8] = b"slashing/missed/";

/// `slashing/params`: borsh [`crate::Params`].
pub fn params() -> Vec<u8> {
    b"slashing/params".to_vec()
}

/// Prefix of every signing info.
pub fn signing_info_prefix() -> Vec<u8> {
    SIGNING_INFO.to_vec()
}

/// `slashing/info/<20-byte consensus address>`: borsh [`crate::SigningInfo`].
pub fn signing_info(cons: &ConsAddress) -> Vec<u8> {
    let mut k = signing_info_prefix();
    k.extend_from_slice(cons);
    k
}

pub fn parse_signing_info_key(key: &[u8]) -> Option<ConsAddress> {
    key.strip_prefix(SIGNING_INFO)?.try_into().ok()
}

/// Prefix of every missed-block bit.
pub fn missed_prefix() -> Vec<u8> {
    MISSED.to_vec()
}

/// `slashing/missed/<20-byte consensus address>/`: every bit of one validator, all generations.
pub fn missed_of(cons: &ConsAddress) -> Vec<u8> {
    let mut k = missed_prefix();
    k.extend_from_slice(cons);
    k.push(b'/');
    k
}

/// `slashing/missed/<cons>/<generation u64>/`: the bits of one bitmap generation.
pub fn missed_generation(cons: &ConsAddress, generation: u64) -> Vec<u8> {
    let mut k = missed_of(cons);
    k.extend_from_slice(&generation.to_be_bytes());
    k.push(b'/');
    k
}

/// `slashing/missed/<cons>/<generation u64>/<index u64>`: present iff the validator missed
/// the block at `index` of its window in that generation. The value is `[1]`.
pub fn missed_block(cons: &ConsAddress, generation: u64, index: u64) -> Vec<u8> {
    let mut k = missed_generation(cons, generation);
    k.extend_from_slice(&index.to_be_bytes());
    k
}

/// Split a missed-block key into (consensus address, generation, index).
pub fn parse_missed_key(key: &[u8]) -> Option<(ConsAddress, u64, u64)> {
    let rest = key.strip_prefix(MISSED)?;
    if rest.len() != 20 + 1 + 8 + 1 + 8
        || rest.get(20) != Some(&b'/')
        || rest.get(29) != Some(&b'/')
    {
        return None;
    }
    let cons: ConsAddress = rest.get(..20)?.try_into().ok()?;
    let generation = u64::from_be_bytes(rest.get(21..29)?.try_into().ok()?);
    let index = u64::from_be_bytes(rest.get(30..38)?.try_into().ok()?);
    Some((cons, generation, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_back_and_sort_by_generation_then_index() {
        let cons = [0x2f; 20]; // '/' bytes must not confuse parsing
        let k = missed_block(&cons, 3, 258);
        assert_eq!(parse_missed_key(&k), Some((cons, 3, 258)));
        assert!(missed_block(&cons, 2, 9999) < missed_block(&cons, 3, 0));
        assert!(missed_block(&cons, 3, 1) < missed_block(&cons, 3, 256));
        assert!(k.starts_with(&missed_generation(&cons, 3)));
        assert!(k.starts_with(&missed_of(&cons)));
        assert_eq!(parse_signing_info_key(&signing_info(&cons)), Some(cons));
        assert_eq!(parse_missed_key(b"slashing/missed/short"), None);
    }
}
