//! Every key the distribution module owns. Keys are public API: changing one needs a migration.

use openledger_framework::Address;

pub fn params() -> Vec<u8> {
    b"distribution/params".to_vec()
}

/// `distribution/community_pool/<denom>`: u128 big-endian, zero amounts deleted.
pub fn community_pool(denom: &str) -> Vec<u8> {
    let mut k = community_pool_prefix();
    k.extend_from_slice(denom.as_bytes());
    k
}

pub fn community_pool_prefix() -> Vec<u8> {
    b"distribution/community_pool/".to_vec()
}

/// `distribution/withdraw_addr/<20-byte delegator>`: the 20-byte withdraw address.
pub fn withdraw_address(delegator: &Address) -> Vec<u8> {
    let mut k = withdraw_address_prefix();
    k.extend_from_slice(delegator.as_bytes());
    k
}

pub fn withdraw_address_prefix() -> Vec<u8> {
    b"distribution/withdraw_addr/".to_vec()
}

/// `distribution/validator/<20-byte operator>`: borsh `ValidatorRecord`.
pub fn validator(operator: &Address) -> Vec<u8> {
    let mut k = validator_prefix();
    k.extend_from_slice(operator.as_bytes());
    k
}

pub fn validator_prefix() -> Vec<u8> {
    b"distribution/validator/".to_vec()
}

/// `distribution/start_index/<20-byte operator>/<20-byte delegator>`: u128 big-endian.
pub fn start_index(operator: &Address, delegator: &Address) -> Vec<u8> {
    let mut k = start_indexes_of(operator);
    k.extend_from_slice(delegator.as_bytes());
    k
}

/// Prefix of the start indexes of every delegation to one validator.
pub fn start_indexes_of(operator: &Address) -> Vec<u8> {
    let mut k = start_index_prefix();
    k.extend_from_slice(operator.as_bytes());
    k.push(b'/');
    k
}

pub fn start_index_prefix() -> Vec<u8> {
    b"distribution/start_index/".to_vec()
}

/// The 20-byte address that ends a key of the given prefix.
pub fn parse_address_suffix(key: &[u8], prefix: &[u8]) -> Option<Address> {
    let rest = key.strip_prefix(prefix)?;
    Address::from_slice(rest).ok()
}

/// Split a start-index key back into (operator, delegator).
pub fn parse_start_index_key(key: &[u8]) -> Option<(Address, Address)> {
    let rest = key.strip_prefix(start_index_prefix().as_slice())?;
    if rest.len() != 41 || rest.get(20) != Some(&b'/') {
        return None;
    }
    let operator = Address::from_slice(rest.get(..20)?).ok()?;
    let delegator = Address::from_slice(rest.get(21..)?).ok()?;
    Some((operator, delegator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_index_keys_round_trip() {
        let (v, d) = (Address([1; 20]), Address([2; 20]));
        let k = start_index(&v, &d);
        assert!(k.starts_with(b"distribution/"));
        assert_eq!(parse_start_index_key(&k), Some((v, d)));
        assert_eq!(parse_start_index_key(b"distribution/start_index/x"), None);
        assert_eq!(
            parse_address_suffix(&validator(&v), &validator_prefix()),
            Some(v)
        );
    }
}
