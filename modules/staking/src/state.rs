//! The only way to touch staking state. Reads are the public [`StakingRead`]; writes are
//! crate-internal helpers that keep every index in step with the records.

use openledger_bank::BankRead;
use openledger_framework::{
    Address, ConsAddress, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::StakingError;
use crate::params::Params;
use crate::state_key;
use crate::types::{
    bonded_pool, not_bonded_pool, Delegation, Redelegation, UnbondingDelegation, Validator,
};

fn decode_i64(key: &[u8], bytes: &[u8]) -> Result<i64, StateError> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "power is not 8 bytes"))?;
    Ok(i64::from_be_bytes(arr))
}

fn decode_address(key: &[u8], bytes: &[u8]) -> Result<Address, StateError> {
    Address::from_slice(bytes).map_err(|e| StateError::decode(key, e))
}

pub trait StakingRead: StateRead {
    fn staking_params(&self) -> Result<Params, StakingError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    fn bond_denom(&self) -> Result<String, StakingError> {
        Ok(self.staking_params()?.bond_denom)
    }

    fn validator(&self, operator: &Address) -> Result<Option<Validator>, StakingError> {
        Ok(self.get_borsh(&state_key::validator(operator))?)
    }

    fn validator_by_consensus_address(
        &self,
        cons: &ConsAddress,
    ) -> Result<Option<Validator>, StakingError> {
        let key = state_key::validator_by_cons(cons);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(op) => self.validator(&decode_address(&key, &op)?),
        }
    }

    fn delegation(
        &self,
        delegator: &Address,
        operator: &Address,
    ) -> Result<Option<Delegation>, StakingError> {
        Ok(self.get_borsh(&state_key::delegation(delegator, operator))?)
    }

    /// Up to `limit` delegations of `delegator`, by validator address.
    fn delegations_of_delegator(
        &self,
        delegator: &Address,
        limit: usize,
    ) -> Result<Vec<Delegation>, StakingError> {
        let mut out = Vec::new();
        for item in self
            .prefix_raw(&state_key::delegations_of(delegator), None)
            .take(limit)
        {
            let (k, v) = item?;
            out.push(borsh::from_slice(&v).map_err(|e| StateError::decode(&k, e))?);
        }
        Ok(out)
    }

    fn unbonding_delegation(
        &self,
        delegator: &Address,
        operator: &Address,
    ) -> Result<Option<UnbondingDelegation>, StakingError> {
        Ok(self.get_borsh(&state_key::ubd(delegator, operator))?)
    }

    fn redelegation(
        &self,
        delegator: &Address,
        src: &Address,
        dst: &Address,
    ) -> Result<Option<Redelegation>, StakingError> {
        Ok(self.get_borsh(&state_key::red(delegator, src, dst))?)
    }

    /// Whether `delegator` has a redelegation into `dst` that is not complete yet.
    fn has_receiving_redelegation(
        &self,
        delegator: &Address,
        dst: &Address,
    ) -> Result<bool, StakingError> {
        match self
            .prefix_raw(&state_key::reds_into(dst, delegator), None)
            .next()
        {
            None => Ok(false),
            Some(item) => item.map(|_| true).map_err(StakingError::from),
        }
    }

    /// The power CometBFT knows for the validator (from the last end block), if in the set.
    fn last_validator_power(&self, operator: &Address) -> Result<Option<i64>, StakingError> {
        let key = state_key::last_power(operator);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Ok(Some(decode_i64(&key, &v)?)),
        }
    }

    /// Every `(operator, power)` of the current CometBFT set, by operator address.
    fn last_validator_powers(&self) -> Result<Vec<(Address, i64)>, StakingError> {
        let prefix = state_key::last_power_prefix();
        let mut out = Vec::new();
        for item in self.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let op = decode_address(&k, k.get(prefix.len()..).unwrap_or_default())?;
            out.push((op, decode_i64(&k, &v)?));
        }
        Ok(out)
    }

    fn last_total_power(&self) -> Result<i64, StakingError> {
        let key = state_key::last_total_power();
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(decode_i64(&key, &v)?),
        }
    }

    /// Bonded validators in power order (highest first, ties by operator), at most `limit`.
    fn bonded_validators_by_power(&self, limit: usize) -> Result<Vec<Validator>, StakingError> {
        let mut out = Vec::new();
        let max = usize::try_from(self.staking_params()?.max_validators).unwrap_or(usize::MAX);
        for item in self.prefix_raw(&state_key::power_prefix(), None).take(max) {
            if out.len() >= limit {
                break;
            }
            let (k, _) = item?;
            let (_, op) = state_key::parse_power_key(&k)
                .ok_or_else(|| StateError::decode(&k, "bad power key"))?;
            if let Some(v) = self.validator(&op)? {
                if v.is_bonded() {
                    out.push(v);
                }
            }
        }
        Ok(out)
    }

    fn bonded_pool_balance(&self) -> Result<u128, StakingError> {
        Ok(self.balance(&bonded_pool(), &self.bond_denom()?)?)
    }

    fn not_bonded_pool_balance(&self) -> Result<u128, StakingError> {
        Ok(self.balance(&not_bonded_pool(), &self.bond_denom()?)?)
    }
}
impl<S: StateRead + ?Sized> StakingRead for S {}

// --- writes (crate-internal) ------------------------------------------------------------

pub(crate) fn set_params(state: &mut dyn StateWrite, params: &Params) -> Result<(), StakingError> {
    state.put_borsh(state_key::params(), params)?;
    Ok(())
}

/// The power-index key of a validator, if it belongs in the index (not jailed, has tokens).
pub(crate) fn power_index_key(v: &Validator) -> Option<Vec<u8>> {
    if v.jailed || v.tokens == 0 {
        None
    } else {
        Some(state_key::power(v.consensus_power(), &v.operator))
    }
}

/// Write a validator and move its power-index entry to match.
pub(crate) fn put_validator(state: &mut dyn StateWrite, v: &Validator) -> Result<(), StakingError> {
    let old_key = state
        .validator(&v.operator)?
        .and_then(|old| power_index_key(&old));
    let new_key = power_index_key(v);
    if old_key != new_key {
        if let Some(k) = old_key {
            state.delete(k)?;
        }
        if let Some(k) = new_key {
            state.put_raw(k, Vec::new())?;
        }
    }
    state.put_borsh(state_key::validator(&v.operator), v)?;
    Ok(())
}

/// Write a new validator with its consensus-address index.
pub(crate) fn create_validator_record(
    state: &mut dyn StateWrite,
    v: &Validator,
) -> Result<(), StakingError> {
    state.put_raw(
        state_key::validator_by_cons(&v.consensus_address()),
        v.operator.as_bytes().to_vec(),
    )?;
    put_validator(state, v)
}

/// Delete a validator record and its indexes. The caller checks it may be removed.
pub(crate) fn delete_validator_record(
    state: &mut dyn StateWrite,
    v: &Validator,
) -> Result<(), StakingError> {
    if let Some(stored) = state.validator(&v.operator)? {
        if let Some(k) = power_index_key(&stored) {
            state.delete(k)?;
        }
    }
    state.delete(state_key::validator(&v.operator))?;
    state.delete(state_key::validator_by_cons(&v.consensus_address()))?;
    state.delete(state_key::last_power(&v.operator))?;
    Ok(())
}

pub(crate) fn put_delegation(
    state: &mut dyn StateWrite,
    d: &Delegation,
) -> Result<(), StakingError> {
    state.put_borsh(state_key::delegation(&d.delegator, &d.validator), d)?;
    state.put_raw(
        state_key::delegation_by_val(&d.validator, &d.delegator),
        Vec::new(),
    )?;
    Ok(())
}

pub(crate) fn delete_delegation(
    state: &mut dyn StateWrite,
    delegator: &Address,
    operator: &Address,
) -> Result<(), StakingError> {
    state.delete(state_key::delegation(delegator, operator))?;
    state.delete(state_key::delegation_by_val(operator, delegator))?;
    Ok(())
}

/// Write an unbonding delegation, or delete it when it has no entries left.
pub(crate) fn put_ubd(
    state: &mut dyn StateWrite,
    u: &UnbondingDelegation,
) -> Result<(), StakingError> {
    if u.entries.is_empty() {
        state.delete(state_key::ubd(&u.delegator, &u.validator))?;
        state.delete(state_key::ubd_by_val(&u.validator, &u.delegator))?;
    } else {
        state.put_borsh(state_key::ubd(&u.delegator, &u.validator), u)?;
        state.put_raw(
            state_key::ubd_by_val(&u.validator, &u.delegator),
            Vec::new(),
        )?;
    }
    Ok(())
}

/// Write a redelegation, or delete it when it has no entries left.
pub(crate) fn put_red(state: &mut dyn StateWrite, r: &Redelegation) -> Result<(), StakingError> {
    let (d, s, t) = (&r.delegator, &r.validator_src, &r.validator_dst);
    if r.entries.is_empty() {
        state.delete(state_key::red(d, s, t))?;
        state.delete(state_key::red_by_src(s, d, t))?;
        state.delete(state_key::red_by_dst(t, d, s))?;
    } else {
        state.put_borsh(state_key::red(d, s, t), r)?;
        state.put_raw(state_key::red_by_src(s, d, t), Vec::new())?;
        state.put_raw(state_key::red_by_dst(t, d, s), Vec::new())?;
    }
    Ok(())
}

pub(crate) fn set_last_power(
    state: &mut dyn StateWrite,
    op: &Address,
    power: i64,
) -> Result<(), StakingError> {
    state.put_raw(state_key::last_power(op), power.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn set_last_total_power(
    state: &mut dyn StateWrite,
    power: i64,
) -> Result<(), StakingError> {
    state.put_raw(state_key::last_total_power(), power.to_be_bytes().to_vec())?;
    Ok(())
}
