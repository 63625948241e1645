//! Invariants checked after every block in tests: each signing info's
//! `missed_blocks_counter` equals its number of set bits (current generation), no bit lies
//! outside the window it was recorded with, the counter never exceeds that window, bits of
//! older generations exist only while their cleanup is pending, and a tombstoned validator is
//! jailed until the far future.

use openledger_framework::StateRead;

use crate::error::SlashingError;
use crate::signing_info::DOUBLE_SIGN_JAIL_END_TIME;
use crate::state::SlashingRead;
use crate::state_key;

/// Walks every signing info and its bits: for tests and audits, not for block execution.
pub fn missed_blocks_counters_match_bitmaps<S: StateRead>(state: &S) -> Result<(), SlashingError> {
    let prefix = state_key::signing_info_prefix();
    for item in state.prefix_raw(&prefix, None) {
        let (k, _) = item?;
        let cons = state_key::parse_signing_info_key(&k)
            .ok_or_else(|| SlashingError::Invariant("malformed signing info key".into()))?;
        let info = state
            .signing_info(&cons)?
            .ok_or_else(|| SlashingError::Invariant("signing info vanished".into()))?;
        let name = crate::event::cons_bech32(&cons);
        let mut set: u64 = 0;
        for bit in state.prefix_raw(
            &state_key::missed_generation(&cons, info.bitmap_generation),
            None,
        ) {
            let (bk, _) = bit?;
            let (_, _, index) = state_key::parse_missed_key(&bk)
                .ok_or_else(|| SlashingError::Invariant("malformed missed-block key".into()))?;
            if index >= info.bitmap_window {
                return Err(SlashingError::Invariant(format!(
                    "{name}: bit {index} outside window {}",
                    info.bitmap_window
                )));
            }
            set = set
                .checked_add(1)
                .ok_or(SlashingError::Overflow("bit count"))?;
        }
        if set != info.missed_blocks_counter {
            return Err(SlashingError::Invariant(format!(
                "{name}: missed_blocks_counter {} but {set} set bits",
                info.missed_blocks_counter
            )));
        }
        if info.missed_blocks_counter > info.bitmap_window {
            return Err(SlashingError::Invariant(format!(
                "{name}: missed_blocks_counter exceeds the window"
            )));
        }
        if !info.stale_bits_pending {
            let stale = state
                .prefix_raw(&state_key::missed_of(&cons), None)
                .take(1)
                .next()
                .transpose()?
                .and_then(|(k, _)| state_key::parse_missed_key(&k))
                .is_some_and(|(_, generation, _)| generation < info.bitmap_generation);
            if stale {
                return Err(SlashingError::Invariant(format!(
                    "{name}: stale bits stored but no cleanup pending"
                )));
            }
        }
        if info.tombstoned && info.jailed_until != DOUBLE_SIGN_JAIL_END_TIME {
            return Err(SlashingError::Invariant(format!(
                "{name}: tombstoned but not jailed forever"
            )));
        }
    }
    Ok(())
}

/// No bit belongs to a validator without a signing info or to a generation newer than its
/// current one. (Bits of older generations are stale, not orphans: they are deleted as the
/// validator votes.)
pub fn no_orphan_missed_bits<S: StateRead>(state: &S) -> Result<(), SlashingError> {
    for item in state.prefix_raw(&state_key::missed_prefix(), None) {
        let (k, _) = item?;
        let (cons, generation, index) = state_key::parse_missed_key(&k)
            .ok_or_else(|| SlashingError::Invariant("malformed missed-block key".into()))?;
        match state.signing_info(&cons)? {
            Some(info) if generation <= info.bitmap_generation => {}
            _ => {
                return Err(SlashingError::Invariant(format!(
                    "{}: orphan bit {index} of generation {generation}",
                    crate::event::cons_bech32(&cons)
                )))
            }
        }
    }
    Ok(())
}

/// Every invariant of the module.
pub fn check_all<S: StateRead>(state: &S) -> Result<(), SlashingError> {
    missed_blocks_counters_match_bitmaps(state)?;
    no_orphan_missed_bits(state)
}
