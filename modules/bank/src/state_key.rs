//! Every key the bank module owns. Keys are public API: changing one needs a migration.

use openledger_framework::Address;

pub fn balance(addr: &Address, denom: &str) -> Vec<u8> {
    let mut k = balances_of(addr);
    k.extend_from_slice(denom.as_bytes());
    k
}

/// Prefix of every balance of one account: `bank/balance/<20 bytes>/`.
pub fn balances_of(addr: &Address) -> Vec<u8> {
    let mut k = b"bank/balance/".to_vec();
    k.extend_from_slice(addr.as_bytes());
    k.push(b'/');
    k
}

pub fn all_balances() -> Vec<u8> {
    b"bank/balance/".to_vec()
}

pub fn supply(denom: &str) -> Vec<u8> {
    let mut k = supply_prefix();
    k.extend_from_slice(denom.as_bytes());
    k
}

pub fn supply_prefix() -> Vec<u8> {
    b"bank/supply/".to_vec()
}

/// Denom metadata by base denom: `bank/denom_metadata/<base>`.
pub fn denom_metadata(base: &str) -> Vec<u8> {
    let mut k = denom_metadata_prefix();
    k.extend_from_slice(base.as_bytes());
    k
}

pub fn denom_metadata_prefix() -> Vec<u8> {
    b"bank/denom_metadata/".to_vec()
}

pub fn params() -> Vec<u8> {
    b"bank/params".to_vec()
}

/// Split a balance key back into (address, denom).
pub fn parse_balance_key(key: &[u8]) -> Option<(Address, String)> {
    let rest = key.strip_prefix(b"bank/balance/")?;
    let addr = Address::from_slice(rest.get(..20)?).ok()?;
    let denom = rest.get(21..)?;
    if rest.get(20) != Some(&b'/') {
        return None;
    }
    Some((addr, String::from_utf8(denom.to_vec()).ok()?))
}
