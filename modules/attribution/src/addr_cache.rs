//! Memoized bech32 conversions of account addresses.
//!
//! Receipts name every contributor as a bech32 string, and contributions store theirs the
//! same way, so settling an inference of n entries parses and prints n addresses, and
//! releasing it parses them again; the bech32 checksum is the largest part of that work.
//! Both conversions are pure functions, so a cache hit returns exactly what recomputing would
//! (the cache never changes a result, only its cost, and no state or consensus value depends
//! on its contents). Only successful parses are kept: a string that does not parse takes the
//! normal path and its error every time. Each map is bounded by [`MAX_ENTRIES`]; when full it
//! is emptied and refilled. The maps are looked up by key only, never iterated.

#![allow(clippy::disallowed_types)] // HashMap: looked up by key, never iterated

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use openledger_framework::address::AddressError;
use openledger_framework::Address;

/// Addresses kept per map.
pub const MAX_ENTRIES: usize = 1 << 16;

fn parsed() -> &'static Mutex<HashMap<String, Address>> {
    static PARSED: OnceLock<Mutex<HashMap<String, Address>>> = OnceLock::new();
    PARSED.get_or_init(|| Mutex::new(HashMap::new()))
}

fn printed() -> &'static Mutex<HashMap<Address, String>> {
    static PRINTED: OnceLock<Mutex<HashMap<Address, String>>> = OnceLock::new();
    PRINTED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// `s.parse::<Address>()`, memoized.
pub fn parse(s: &str) -> Result<Address, AddressError> {
    if let Ok(map) = parsed().lock() {
        if let Some(a) = map.get(s) {
            return Ok(*a);
        }
    }
    let a = s.parse::<Address>()?;
    if let Ok(mut map) = parsed().lock() {
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(s.to_owned(), a);
    }
    Ok(a)
}

/// `a.to_string()` (bech32 with the account prefix), memoized.
pub fn print(a: &Address) -> String {
    if let Ok(map) = printed().lock() {
        if let Some(s) = map.get(a) {
            return s.clone();
        }
    }
    let s = a.to_string();
    if let Ok(mut map) = printed().lock() {
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(*a, s.clone());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_results_as_the_plain_conversions() {
        let a = Address([7u8; 20]);
        let s = a.to_string();
        for _ in 0..2 {
            assert_eq!(print(&a), s);
            assert_eq!(parse(&s), Ok(a));
        }
        let bad = format!("{}x", &s[..s.len() - 1]);
        for _ in 0..2 {
            assert_eq!(parse(&bad), bad.parse::<Address>());
            assert!(parse(&bad).is_err());
        }
    }
}
