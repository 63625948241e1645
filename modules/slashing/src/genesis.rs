//! Genesis import and export: params, signing infos and missed-block bits.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, ConsAddress, StateRead, StateWrite, VALCONS_PREFIX};
use serde::{Deserialize, Serialize};

use crate::error::SlashingError;
use crate::params::Params;
use crate::signing_info::{SigningInfo, Timestamp};
use crate::state::{SlashingRead, SlashingWrite};
use crate::state_key;

/// A consensus address in JSON: bech32 `openvalcons`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConsAddr(pub ConsAddress);

impl Serialize for ConsAddr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Address(self.0).to_bech32(VALCONS_PREFIX))
    }
}

impl<'de> Deserialize<'de> for ConsAddr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        Address::from_bech32(&s, VALCONS_PREFIX)
            .map(|a| ConsAddr(a.0))
            .map_err(serde::de::Error::custom)
    }
}

/// One validator's signing info (the SDK's `ValidatorSigningInfo` fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisSigningInfo {
    pub address: ConsAddr,
    pub start_height: u64,
    pub index_offset: u64,
    #[serde(default)]
    pub jailed_until: Timestamp,
    #[serde(default)]
    pub tombstoned: bool,
    pub missed_blocks_counter: u64,
}

/// One bit of a validator's window (the SDK's `MissedBlock`). Entries with `missed: false`
/// are accepted and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedBlock {
    pub index: u64,
    pub missed: bool,
}

/// The missed blocks of one validator (the SDK's `ValidatorMissedBlocks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidatorMissedBlocks {
    pub address: ConsAddr,
    pub missed_blocks: Vec<MissedBlock>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub signing_infos: Vec<GenesisSigningInfo>,
    #[serde(default)]
    pub missed_blocks: Vec<ValidatorMissedBlocks>,
}

impl GenesisState {
    /// Params in range; one signing info per address; bits only for validators with a signing
    /// info, inside the window, without duplicates, and as many as its counter.
    pub fn validate(&self) -> Result<(), SlashingError> {
        let bad = |m: String| Err(SlashingError::InvalidGenesis(m));
        self.params
            .validate()
            .map_err(|e| SlashingError::InvalidGenesis(e.to_string()))?;
        let window = self.params.window()?;
        let mut counters: BTreeMap<ConsAddr, u64> = BTreeMap::new();
        for info in &self.signing_infos {
            let name = Address(info.address.0).to_bech32(VALCONS_PREFIX);
            if counters
                .insert(info.address, info.missed_blocks_counter)
                .is_some()
            {
                return bad(format!("duplicate signing info for {name}"));
            }
            if info.missed_blocks_counter > window {
                return bad(format!("{name}: missed_blocks_counter exceeds the window"));
            }
            if info.jailed_until.nanos >= Timestamp::NANOS_PER_SECOND {
                return bad(format!("{name}: jailed_until nanos out of range"));
            }
        }
        let mut seen_validators = BTreeSet::new();
        for vmb in &self.missed_blocks {
            let name = Address(vmb.address.0).to_bech32(VALCONS_PREFIX);
            if !seen_validators.insert(vmb.address) {
                return bad(format!("duplicate missed blocks for {name}"));
            }
            let Some(counter) = counters.get(&vmb.address) else {
                return bad(format!("missed blocks for {name} without a signing info"));
            };
            let mut indices = BTreeSet::new();
            for b in &vmb.missed_blocks {
                if b.index >= window {
                    return bad(format!(
                        "{name}: missed block index {} outside the window",
                        b.index
                    ));
                }
                if !indices.insert(b.index) {
                    return bad(format!("{name}: duplicate missed block index {}", b.index));
                }
            }
            let set = vmb.missed_blocks.iter().filter(|b| b.missed).count();
            if u64::try_from(set).ok() != Some(*counter) {
                return bad(format!(
                    "{name}: {set} missed blocks but missed_blocks_counter is {counter}"
                ));
            }
        }
        for (addr, counter) in &counters {
            if *counter > 0 && !seen_validators.contains(addr) {
                return bad(format!(
                    "{}: missed_blocks_counter is {counter} but no missed blocks are listed",
                    Address(addr.0).to_bech32(VALCONS_PREFIX)
                ));
            }
        }
        Ok(())
    }

    pub fn init<S: StateWrite>(&self, state: &mut S) -> Result<(), SlashingError> {
        self.validate()?;
        state.set_slashing_params(&self.params)?;
        let window = self.params.window()?;
        for g in &self.signing_infos {
            let info = SigningInfo {
                start_height: g.start_height,
                index_offset: g.index_offset,
                jailed_until: g.jailed_until,
                tombstoned: g.tombstoned,
                missed_blocks_counter: g.missed_blocks_counter,
                bitmap_generation: 0,
                bitmap_window: window,
                stale_bits_pending: false,
            };
            state.set_signing_info(&g.address.0, &info)?;
        }
        for vmb in &self.missed_blocks {
            for b in vmb.missed_blocks.iter().filter(|b| b.missed) {
                state.set_missed_bit(&vmb.address.0, 0, b.index, true)?;
            }
        }
        Ok(())
    }

    /// Every signing info in address order with the bits of its current generation. A bitmap
    /// pending reset for a window change is exported as reset; stale bits are not exported.
    pub fn export<S: StateRead>(state: &S) -> Result<Self, SlashingError> {
        let params = state.slashing_params()?;
        let window = params.window()?;
        let mut signing_infos = Vec::new();
        let mut missed_blocks = Vec::new();
        let prefix = state_key::signing_info_prefix();
        let mut infos = Vec::new();
        for item in state.prefix_raw(&prefix, None) {
            let (k, _) = item?;
            let cons = state_key::parse_signing_info_key(&k).ok_or_else(|| {
                SlashingError::InvalidGenesis("malformed signing info key".into())
            })?;
            infos.push(cons);
        }
        for cons in infos {
            let stored = state
                .signing_info(&cons)?
                .ok_or_else(|| SlashingError::InvalidGenesis("signing info vanished".into()))?;
            let info = stored.effective(window);
            if !stored.window_changed(window) {
                let limit = usize::try_from(window).unwrap_or(usize::MAX);
                let indices = state.missed_indices(&cons, stored.bitmap_generation, limit)?;
                if !indices.is_empty() {
                    missed_blocks.push(ValidatorMissedBlocks {
                        address: ConsAddr(cons),
                        missed_blocks: indices
                            .into_iter()
                            .map(|index| MissedBlock {
                                index,
                                missed: true,
                            })
                            .collect(),
                    });
                }
            }
            signing_infos.push(GenesisSigningInfo {
                address: ConsAddr(cons),
                start_height: info.start_height,
                index_offset: info.index_offset,
                jailed_until: info.jailed_until,
                tombstoned: info.tombstoned,
                missed_blocks_counter: info.missed_blocks_counter,
            });
        }
        Ok(GenesisState {
            params,
            signing_infos,
            missed_blocks,
        })
    }
}
