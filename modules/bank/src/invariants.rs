//! Invariants checked after every block in tests: the supply of each denom equals the sum of
//! all balances of that denom, and no balance is stored as zero.

use std::collections::BTreeMap;

use openledger_framework::StateRead;

use crate::error::BankError;
use crate::state::BankRead;
use crate::state_key;

pub fn total_supply_matches_balances<S: StateRead>(state: &S) -> Result<(), BankError> {
    let mut sums: BTreeMap<String, u128> = BTreeMap::new();
    for item in state.prefix_raw(&state_key::all_balances(), None) {
        let (k, v) = item?;
        let (_, denom) = state_key::parse_balance_key(&k)
            .ok_or_else(|| BankError::Invariant("malformed balance key".into()))?;
        let arr: [u8; 16] = v
            .as_slice()
            .try_into()
            .map_err(|_| BankError::Invariant("malformed balance".into()))?;
        let amount = u128::from_be_bytes(arr);
        if amount == 0 {
            return Err(BankError::Invariant(format!(
                "zero balance stored at {k:?}"
            )));
        }
        let e = sums.entry(denom).or_insert(0);
        *e = e.checked_add(amount).ok_or(BankError::Overflow)?;
    }
    let prefix = state_key::supply_prefix();
    let mut denoms: Vec<String> = Vec::new();
    for item in state.prefix_raw(&prefix, None) {
        let (k, _) = item?;
        denoms.push(String::from_utf8_lossy(&k[prefix.len()..]).into_owned());
    }
    for d in sums.keys() {
        if !denoms.contains(d) {
            denoms.push(d.clone());
        }
    }
    for d in denoms {
        let supply = state.supply(&d)?;
        let sum = sums.get(&d).copied().unwrap_or(0);
        if supply != sum {
            return Err(BankError::Invariant(format!(
                "supply of {d} is {supply} but balances sum to {sum}"
            )));
        }
    }
    Ok(())
}
