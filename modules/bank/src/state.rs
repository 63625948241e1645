//! The only way to touch bank state.

use openledger_auth::{AuthWrite, FEE_COLLECTOR};
use openledger_framework::{
    Address, Amount, Coin, Coins, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::BankError;
use crate::event;
use crate::params::Params;
use crate::state_key;

fn decode_amount(key: &[u8], bytes: &[u8]) -> Result<Amount, StateError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "balance is not 16 bytes"))?;
    Ok(u128::from_be_bytes(arr))
}

/// Module accounts whose balances other modules account for: users may not send to them (the
/// SDK's blocked addresses). The fee collector, the staking pools, distribution, gov deposits,
/// gOPEN escrow, datanet bonds and access revenue, and model creator bonds.
pub const BLOCKED_MODULE_ACCOUNTS: [&str; 11] = [
    FEE_COLLECTOR,
    "bonded_tokens_pool",
    "not_bonded_tokens_pool",
    "distribution",
    "gov",
    "gov_gopen",
    "datanets",
    "models",
    "attribution",
    "finetune",
    "feedback",
];

pub fn is_blocked_recipient(addr: &Address) -> bool {
    static BLOCKED: std::sync::OnceLock<Vec<Address>> = std::sync::OnceLock::new();
    BLOCKED
        .get_or_init(|| {
            BLOCKED_MODULE_ACCOUNTS
                .iter()
                .map(|n| Address::module(n))
                .collect()
        })
        .contains(addr)
}

pub trait BankRead: StateRead {
    fn balance(&self, addr: &Address, denom: &str) -> Result<Amount, BankError> {
        let key = state_key::balance(addr, denom);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_amount(&key, &v)?),
        }
    }

    /// Up to `limit` balances of `addr`, by denom, starting at `start_denom`.
    fn balances(
        &self,
        addr: &Address,
        start_denom: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Coin>, BankError> {
        let prefix = state_key::balances_of(addr);
        let start = start_denom.map(|d| state_key::balance(addr, d));
        let mut out = Vec::new();
        for item in self.prefix_raw(&prefix, start.as_deref()).take(limit) {
            let (k, v) = item?;
            let denom = k
                .get(prefix.len()..)
                .and_then(|d| std::str::from_utf8(d).ok())
                .ok_or_else(|| StateError::decode(&k, "bad balance key"))?;
            out.push(Coin::new(denom, decode_amount(&k, &v)?));
        }
        Ok(out)
    }

    fn supply(&self, denom: &str) -> Result<Amount, BankError> {
        let key = state_key::supply(denom);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_amount(&key, &v)?),
        }
    }

    fn bank_params(&self) -> Result<Params, BankError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }
}
impl<S: StateRead + ?Sized> BankRead for S {}

/// Moving existing funds between accounts.
pub trait BankWrite: BankRead + AuthWrite {
    /// Move `amount` from `from` to `to`, creating the recipient's account if needed.
    fn send(&mut self, from: &Address, to: &Address, amount: &Coins) -> Result<(), BankError> {
        self.sub_balance(from, amount)?;
        self.add_balance(to, amount)?;
        self.record(event::transfer(from, to, amount));
        Ok(())
    }

    /// Debit, refusing to go below zero. Emits `coin_spent`.
    fn sub_balance(&mut self, addr: &Address, amount: &Coins) -> Result<(), BankError> {
        for c in amount.iter() {
            let have = self.balance(addr, &c.denom)?;
            let left = have
                .checked_sub(c.amount)
                .ok_or_else(|| BankError::InsufficientFunds {
                    denom: c.denom.clone(),
                    available: have,
                    wanted: c.amount,
                })?;
            write_amount(self, state_key::balance(addr, &c.denom), left)?;
        }
        self.record(event::coin_spent(addr, amount));
        Ok(())
    }

    /// Credit, creating the account on first receipt. Emits `coin_received`.
    fn add_balance(&mut self, addr: &Address, amount: &Coins) -> Result<(), BankError> {
        self.ensure_account(addr)?;
        for c in amount.iter() {
            let have = self.balance(addr, &c.denom)?;
            let new = have.checked_add(c.amount).ok_or(BankError::Overflow)?;
            write_amount(self, state_key::balance(addr, &c.denom), new)?;
        }
        self.record(event::coin_received(addr, amount));
        Ok(())
    }

    fn set_bank_params(&mut self, params: &Params) -> Result<(), BankError> {
        self.put_borsh(state_key::params(), params)?;
        Ok(())
    }
}
impl<S: StateWrite + ?Sized> BankWrite for S {}

/// Create `amount` for `to`, raising the supply. The bank's own keeper function: no state
/// gets it as a method, so every mint in the code base is a call to this function.
pub fn mint<S: StateWrite + ?Sized>(
    state: &mut S,
    to: &Address,
    amount: &Coins,
) -> Result<(), BankError> {
    for c in amount.iter() {
        let s = state.supply(&c.denom)?;
        let new = s.checked_add(c.amount).ok_or(BankError::Overflow)?;
        write_amount(state, state_key::supply(&c.denom), new)?;
    }
    state.add_balance(to, amount)?;
    state.record(event::coinbase(to, amount));
    Ok(())
}

/// Destroy `amount` held by `from`, lowering the supply (see [`mint`]).
pub fn burn<S: StateWrite + ?Sized>(
    state: &mut S,
    from: &Address,
    amount: &Coins,
) -> Result<(), BankError> {
    state.sub_balance(from, amount)?;
    for c in amount.iter() {
        let s = state.supply(&c.denom)?;
        let new = s
            .checked_sub(c.amount)
            .ok_or_else(|| BankError::Invariant(format!("supply of {} below zero", c.denom)))?;
        write_amount(state, state_key::supply(&c.denom), new)?;
    }
    state.record(event::burn(from, amount));
    Ok(())
}

/// Zero amounts are deleted so state holds only positive balances.
fn write_amount<S: StateWrite + ?Sized>(
    state: &mut S,
    key: Vec<u8>,
    amount: Amount,
) -> Result<(), StateError> {
    if amount == 0 {
        state.delete(key)
    } else {
        state.put_raw(key, amount.to_be_bytes().to_vec())
    }
}
