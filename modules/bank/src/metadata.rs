//! Denom metadata (`cosmos.bank.v1beta1.Metadata`): how wallets and explorers display a denom.
//! Set in genesis (OPEN's by default) and read by the DenomMetadata queries.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::{StateRead, StateReadExt, StateWrite, StateWriteExt};
use serde::{Deserialize, Serialize};

use crate::error::BankError;
use crate::state_key;

/// The most denom units one metadata entry may list.
pub const MAX_DENOM_UNITS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenomUnit {
    pub denom: String,
    pub exponent: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenomMetadata {
    #[serde(default)]
    pub description: String,
    pub denom_units: Vec<DenomUnit>,
    pub base: String,
    pub display: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub symbol: String,
    #[serde(default)]
    pub uri: String,
    #[serde(default)]
    pub uri_hash: String,
}

impl DenomMetadata {
    /// OPEN: base `aopen` (exponent 0), display `OPEN` (exponent 18).
    pub fn open() -> Self {
        DenomMetadata {
            description: "The native token of OpenLedger".into(),
            denom_units: vec![
                DenomUnit {
                    denom: openledger_framework::BASE_DENOM.into(),
                    exponent: 0,
                    aliases: vec!["attoopen".into()],
                },
                DenomUnit {
                    denom: openledger_framework::DISPLAY_DENOM.into(),
                    exponent: openledger_framework::DECIMALS,
                    aliases: Vec::new(),
                },
            ],
            base: openledger_framework::BASE_DENOM.into(),
            display: openledger_framework::DISPLAY_DENOM.into(),
            name: openledger_framework::DISPLAY_DENOM.into(),
            symbol: openledger_framework::DISPLAY_DENOM.into(),
            uri: String::new(),
            uri_hash: String::new(),
        }
    }

    /// As the SDK's `Metadata.Validate`: a valid base denom, units in increasing exponent
    /// order starting with the base at exponent 0, the display denom among them.
    pub fn validate(&self) -> Result<(), BankError> {
        let bad = |m: &str| BankError::InvalidGenesis(format!("denom metadata {}: {m}", self.base));
        openledger_framework::coin::validate_denom(&self.base).map_err(|e| bad(&e.to_string()))?;
        if self.denom_units.is_empty() || self.denom_units.len() > MAX_DENOM_UNITS {
            return Err(bad("needs 1 to 16 denom units"));
        }
        if self.denom_units[0].denom != self.base || self.denom_units[0].exponent != 0 {
            return Err(bad("the first denom unit must be the base with exponent 0"));
        }
        for w in self.denom_units.windows(2) {
            if w[1].exponent <= w[0].exponent {
                return Err(bad("denom units must have increasing exponents"));
            }
        }
        if !self.denom_units.iter().any(|u| u.denom == self.display) {
            return Err(bad("the display denom must be one of the denom units"));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> cosmos_sdk_proto::cosmos::bank::v1beta1::Metadata {
        use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
        pb::Metadata {
            description: self.description.clone(),
            denom_units: self
                .denom_units
                .iter()
                .map(|u| pb::DenomUnit {
                    denom: u.denom.clone(),
                    exponent: u.exponent,
                    aliases: u.aliases.clone(),
                })
                .collect(),
            base: self.base.clone(),
            display: self.display.clone(),
            name: self.name.clone(),
            symbol: self.symbol.clone(),
            uri: self.uri.clone(),
            uri_hash: self.uri_hash.clone(),
        }
    }
}

/// The genesis default: OPEN's metadata.
pub fn default_denom_metadata() -> Vec<DenomMetadata> {
    vec![DenomMetadata::open()]
}

pub fn denom_metadata<S: StateRead + ?Sized>(
    state: &S,
    base: &str,
) -> Result<Option<DenomMetadata>, BankError> {
    Ok(state.get_borsh(&state_key::denom_metadata(base))?)
}

pub fn set_denom_metadata<S: StateWrite + ?Sized>(
    state: &mut S,
    m: &DenomMetadata,
) -> Result<(), BankError> {
    m.validate()?;
    state.put_borsh(state_key::denom_metadata(&m.base), m)?;
    Ok(())
}
