//! Domain messages, converted from their protobuf form with stateless validation.

use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use openledger_framework::{Address, ACCOUNT_PREFIX, VALOPER_PREFIX};

use crate::error::SlashingError;
use crate::params::{Params, DURATION_SECS_RANGE};

/// Protobuf types of the OpenLedger slashing messages (`openledger.slashing.v1`).
pub mod proto {
    pub use openledger_proto::openledger::slashing::v1::*;
}

fn parse(s: &str, prefix: &str) -> Result<Address, SlashingError> {
    Address::from_bech32(s, prefix).map_err(|e| SlashingError::InvalidAddress(e.to_string()))
}

/// `/cosmos.slashing.v1beta1.MsgUnjail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUnjail {
    /// The operator (bech32 `openvaloper`); its account (same 20 bytes) signs.
    pub validator: Address,
}

impl TryFrom<&pb::MsgUnjail> for MsgUnjail {
    type Error = SlashingError;
    fn try_from(m: &pb::MsgUnjail) -> Result<Self, SlashingError> {
        Ok(MsgUnjail {
            validator: parse(&m.validator_addr, VALOPER_PREFIX)?,
        })
    }
}

impl MsgUnjail {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.validator]
    }
}

/// `/cosmos.slashing.v1beta1.MsgUpdateParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    /// The new params, validated. `max_evidence_age_secs` is not part of the SDK message and
    /// is replaced by the current value when the message executes.
    pub params: Params,
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = SlashingError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, SlashingError> {
        let p = m
            .params
            .as_ref()
            .ok_or_else(|| SlashingError::InvalidParams("params are required".into()))?;
        Ok(MsgUpdateParams {
            authority: parse(&m.authority, ACCOUNT_PREFIX)?,
            params: Params::from_proto(p, Params::default().max_evidence_age_secs)?,
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `/openledger.slashing.v1.MsgUpdateEvidenceParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateEvidenceParams {
    pub authority: Address,
    pub max_evidence_age_secs: u64,
}

impl TryFrom<&proto::MsgUpdateEvidenceParams> for MsgUpdateEvidenceParams {
    type Error = SlashingError;
    fn try_from(m: &proto::MsgUpdateEvidenceParams) -> Result<Self, SlashingError> {
        if !DURATION_SECS_RANGE.contains(&m.max_evidence_age_secs) {
            return Err(SlashingError::InvalidParams(format!(
                "max_evidence_age_secs must be in 1..=31536000, got {}",
                m.max_evidence_age_secs
            )));
        }
        Ok(MsgUpdateEvidenceParams {
            authority: parse(&m.authority, ACCOUNT_PREFIX)?,
            max_evidence_age_secs: m.max_evidence_age_secs,
        })
    }
}

impl MsgUpdateEvidenceParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
