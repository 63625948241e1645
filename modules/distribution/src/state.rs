//! The only way to touch distribution state.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::{
    Address, Amount, Coin, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::DistributionError;
use crate::params::Params;
use crate::state_key;

/// One validator's distribution record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct ValidatorRecord {
    /// Cumulative delegator rewards per share × 10^18 (rounded down at each allocation).
    pub reward_index: u128,
    /// Allocated to delegators and not yet withdrawn, including rounding dust (aopen).
    pub outstanding: u128,
    /// Accumulated commission not yet withdrawn (aopen).
    pub commission: u128,
}

/// Module accounts that may not be a withdraw address or a spend recipient: the bank
/// module's list of accounts whose balances a module accounts for.
pub use openledger_bank::BLOCKED_MODULE_ACCOUNTS;

pub fn is_blocked_address(addr: &Address) -> bool {
    openledger_bank::is_blocked_recipient(addr)
}

pub(crate) fn decode_u128(key: &[u8], bytes: &[u8]) -> Result<u128, StateError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "amount is not 16 bytes"))?;
    Ok(u128::from_be_bytes(arr))
}

pub trait DistributionRead: StateRead {
    fn distribution_params(&self) -> Result<Params, DistributionError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    /// The community pool's holding of one denom.
    fn community_pool_amount(&self, denom: &str) -> Result<Amount, DistributionError> {
        let key = state_key::community_pool(denom);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_u128(&key, &v)?),
        }
    }

    /// Up to `limit` coins of the community pool, by denom, starting at `start_denom`.
    fn community_pool(
        &self,
        start_denom: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Coin>, DistributionError> {
        let prefix = state_key::community_pool_prefix();
        let start = start_denom.map(state_key::community_pool);
        let mut out = Vec::new();
        for item in self.prefix_raw(&prefix, start.as_deref()).take(limit) {
            let (k, v) = item?;
            let denom = k
                .get(prefix.len()..)
                .and_then(|d| std::str::from_utf8(d).ok())
                .ok_or_else(|| StateError::decode(&k, "bad community pool key"))?;
            out.push(Coin::new(denom, decode_u128(&k, &v)?));
        }
        Ok(out)
    }

    /// Where the delegator's rewards go: the address it set, or itself.
    fn withdraw_address(&self, delegator: &Address) -> Result<Address, DistributionError> {
        Ok(self
            .stored_withdraw_address(delegator)?
            .unwrap_or(*delegator))
    }

    /// The withdraw address the delegator set, if any.
    fn stored_withdraw_address(
        &self,
        delegator: &Address,
    ) -> Result<Option<Address>, DistributionError> {
        let key = state_key::withdraw_address(delegator);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(
                Address::from_slice(&v).map_err(|e| StateError::decode(&key, e))?,
            )),
        }
    }

    fn validator_record(
        &self,
        operator: &Address,
    ) -> Result<Option<ValidatorRecord>, DistributionError> {
        Ok(self.get_borsh(&state_key::validator(operator))?)
    }

    /// The reward index the delegation last settled at, if recorded.
    fn start_index(
        &self,
        operator: &Address,
        delegator: &Address,
    ) -> Result<Option<u128>, DistributionError> {
        let key = state_key::start_index(operator, delegator);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(decode_u128(&key, &v)?)),
        }
    }
}
impl<S: StateRead + ?Sized> DistributionRead for S {}

/// Writes; only this crate's handlers, hooks and genesis use them.
pub(crate) trait DistributionWrite: DistributionRead + StateWrite {
    fn set_distribution_params(&mut self, params: &Params) -> Result<(), DistributionError> {
        params.validate()?;
        self.put_borsh(state_key::params(), params)?;
        Ok(())
    }

    fn set_community_pool_amount(
        &mut self,
        denom: &str,
        amount: Amount,
    ) -> Result<(), DistributionError> {
        let key = state_key::community_pool(denom);
        if amount == 0 {
            self.delete(key)?;
        } else {
            self.put_raw(key, amount.to_be_bytes().to_vec())?;
        }
        Ok(())
    }

    fn add_to_community_pool(
        &mut self,
        denom: &str,
        amount: Amount,
    ) -> Result<(), DistributionError> {
        if amount == 0 {
            return Ok(());
        }
        let have = self.community_pool_amount(denom)?;
        let new = have
            .checked_add(amount)
            .ok_or(DistributionError::Overflow)?;
        self.set_community_pool_amount(denom, new)
    }

    fn set_withdraw_address(
        &mut self,
        delegator: &Address,
        withdraw: &Address,
    ) -> Result<(), DistributionError> {
        self.put_raw(
            state_key::withdraw_address(delegator),
            withdraw.as_bytes().to_vec(),
        )?;
        Ok(())
    }

    fn set_validator_record(
        &mut self,
        operator: &Address,
        record: &ValidatorRecord,
    ) -> Result<(), DistributionError> {
        self.put_borsh(state_key::validator(operator), record)?;
        Ok(())
    }

    fn delete_validator_record(&mut self, operator: &Address) -> Result<(), DistributionError> {
        self.delete(state_key::validator(operator))?;
        Ok(())
    }

    fn set_start_index(
        &mut self,
        operator: &Address,
        delegator: &Address,
        index: u128,
    ) -> Result<(), DistributionError> {
        self.put_raw(
            state_key::start_index(operator, delegator),
            index.to_be_bytes().to_vec(),
        )?;
        Ok(())
    }

    fn delete_start_index(
        &mut self,
        operator: &Address,
        delegator: &Address,
    ) -> Result<(), DistributionError> {
        self.delete(state_key::start_index(operator, delegator))?;
        Ok(())
    }
}
impl<S: StateWrite + ?Sized> DistributionWrite for S {}
