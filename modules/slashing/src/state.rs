//! The only way to touch slashing state.

use openledger_framework::{ConsAddress, StateRead, StateReadExt, StateWrite, StateWriteExt};

use crate::error::SlashingError;
use crate::params::Params;
use crate::signing_info::SigningInfo;
use crate::state_key;

/// Stale bits (of earlier bitmap generations) deleted per processed vote.
pub const STALE_BITS_CLEANED_PER_VOTE: usize = 4;

/// Read access, usable by any module (for example to ask whether a validator is tombstoned).
pub trait SlashingRead: StateRead {
    fn slashing_params(&self) -> Result<Params, SlashingError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    fn signing_info(&self, cons: &ConsAddress) -> Result<Option<SigningInfo>, SlashingError> {
        Ok(self.get_borsh(&state_key::signing_info(cons))?)
    }

    fn is_tombstoned(&self, cons: &ConsAddress) -> Result<bool, SlashingError> {
        Ok(self.signing_info(cons)?.is_some_and(|i| i.tombstoned))
    }

    /// Whether the bit at `index` of `generation` is set (the block was missed).
    fn missed_bit(
        &self,
        cons: &ConsAddress,
        generation: u64,
        index: u64,
    ) -> Result<bool, SlashingError> {
        Ok(self
            .get_raw(&state_key::missed_block(cons, generation, index))?
            .is_some())
    }

    /// Up to `limit` set indices of one generation, ascending.
    fn missed_indices(
        &self,
        cons: &ConsAddress,
        generation: u64,
        limit: usize,
    ) -> Result<Vec<u64>, SlashingError> {
        let mut out = Vec::new();
        for item in self
            .prefix_raw(&state_key::missed_generation(cons, generation), None)
            .take(limit)
        {
            let (k, _) = item?;
            let (_, _, index) = state_key::parse_missed_key(&k)
                .ok_or_else(|| SlashingError::Invariant("malformed missed-block key".into()))?;
            out.push(index);
        }
        Ok(out)
    }
}
impl<S: StateRead + ?Sized> SlashingRead for S {}

/// Writes: only this crate changes slashing state.
pub(crate) trait SlashingWrite: SlashingRead + StateWrite {
    fn set_slashing_params(&mut self, params: &Params) -> Result<(), SlashingError> {
        params.validate()?;
        self.put_borsh(state_key::params(), params)?;
        Ok(())
    }

    fn set_signing_info(
        &mut self,
        cons: &ConsAddress,
        info: &SigningInfo,
    ) -> Result<(), SlashingError> {
        self.put_borsh(state_key::signing_info(cons), info)?;
        Ok(())
    }

    fn set_missed_bit(
        &mut self,
        cons: &ConsAddress,
        generation: u64,
        index: u64,
        missed: bool,
    ) -> Result<(), SlashingError> {
        let key = state_key::missed_block(cons, generation, index);
        if missed {
            self.put_raw(key, vec![1])?;
        } else {
            self.delete(key)?;
        }
        Ok(())
    }

    /// Delete up to `budget` bits of generations older than `current`. They sort first under
    /// the validator's prefix, so the scan stops at the first current bit. Returns whether
    /// stale bits may remain.
    fn delete_stale_bits(
        &mut self,
        cons: &ConsAddress,
        current: u64,
        budget: usize,
    ) -> Result<bool, SlashingError> {
        let mut stale = Vec::new();
        let mut reached_current = false;
        for item in self
            .prefix_raw(&state_key::missed_of(cons), None)
            .take(budget)
        {
            let (k, _) = item?;
            match state_key::parse_missed_key(&k) {
                Some((_, generation, _)) if generation < current => stale.push(k),
                _ => {
                    reached_current = true;
                    break;
                }
            }
        }
        let more = !reached_current && stale.len() == budget;
        for k in stale {
            self.delete(k)?;
        }
        Ok(more)
    }
}
impl<S: StateWrite + ?Sized> SlashingWrite for S {}
