//! Domain messages, converted from their protobuf form with stateless validation.

use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as pb;
use openledger_framework::{Address, ACCOUNT_PREFIX};

use crate::error::UpgradeError;
use crate::plan::Plan;

fn parse(s: &str) -> Result<Address, UpgradeError> {
    Address::from_bech32(s, ACCOUNT_PREFIX).map_err(|e| UpgradeError::InvalidAddress(e.to_string()))
}

/// `/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade`: schedule `plan` (governance only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSoftwareUpgrade {
    pub authority: Address,
    pub plan: Plan,
}

impl TryFrom<&pb::MsgSoftwareUpgrade> for MsgSoftwareUpgrade {
    type Error = UpgradeError;
    fn try_from(m: &pb::MsgSoftwareUpgrade) -> Result<Self, UpgradeError> {
        let authority = parse(&m.authority)?;
        let plan = m
            .plan
            .as_ref()
            .ok_or_else(|| UpgradeError::InvalidPlan("plan is required".into()))?;
        Ok(MsgSoftwareUpgrade {
            authority,
            plan: Plan::from_proto(plan)?,
        })
    }
}

impl MsgSoftwareUpgrade {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `/cosmos.upgrade.v1beta1.MsgCancelUpgrade`: clear the scheduled plan (governance only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCancelUpgrade {
    pub authority: Address,
}

impl TryFrom<&pb::MsgCancelUpgrade> for MsgCancelUpgrade {
    type Error = UpgradeError;
    fn try_from(m: &pb::MsgCancelUpgrade) -> Result<Self, UpgradeError> {
        Ok(MsgCancelUpgrade {
            authority: parse(&m.authority)?,
        })
    }
}

impl MsgCancelUpgrade {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
