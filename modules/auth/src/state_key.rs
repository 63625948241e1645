//! Every key the auth module owns. Keys are public API: changing one needs a migration.

use openledger_framework::Address;

pub const PREFIX: &str = "auth/";

pub fn account(addr: &Address) -> Vec<u8> {
    let mut k = b"auth/account/".to_vec();
    k.extend_from_slice(addr.as_bytes());
    k
}

pub fn accounts_prefix() -> Vec<u8> {
    b"auth/account/".to_vec()
}

pub fn next_account_number() -> Vec<u8> {
    b"auth/next_account_number".to_vec()
}

pub fn params() -> Vec<u8> {
    b"auth/params".to_vec()
}
