//! Domain messages, converted from their protobuf form with stateless validation.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use openledger_framework::{Address, Coins};

use crate::error::BankError;

/// Largest output list of one `MsgMultiSend`.
pub const MAX_MULTI_SEND_OUTPUTS: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSend {
    pub from: Address,
    pub to: Address,
    pub amount: Coins,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgMultiSend {
    pub input: (Address, Coins),
    pub outputs: Vec<(Address, Coins)>,
}

fn addr(s: &str) -> Result<Address, BankError> {
    s.parse()
        .map_err(|e: openledger_framework::AddressError| BankError::InvalidAddress(e.to_string()))
}

fn coins(c: &[cosmos_sdk_proto::cosmos::base::v1beta1::Coin]) -> Result<Coins, BankError> {
    let coins = Coins::from_proto(c)?;
    if coins.is_empty() {
        return Err(BankError::InvalidCoins("empty amount".into()));
    }
    Ok(coins)
}

impl TryFrom<&pb::MsgSend> for MsgSend {
    type Error = BankError;
    fn try_from(m: &pb::MsgSend) -> Result<Self, BankError> {
        Ok(MsgSend {
            from: addr(&m.from_address)?,
            to: addr(&m.to_address)?,
            amount: coins(&m.amount)?,
        })
    }
}

impl TryFrom<&pb::MsgMultiSend> for MsgMultiSend {
    type Error = BankError;
    fn try_from(m: &pb::MsgMultiSend) -> Result<Self, BankError> {
        let input = match m.inputs.as_slice() {
            [] => return Err(BankError::NoInputs),
            [one] => (addr(&one.address)?, coins(&one.coins)?),
            many => return Err(BankError::MultipleInputs(many.len())),
        };
        if m.outputs.is_empty() {
            return Err(BankError::NoOutputs);
        }
        if m.outputs.len() > MAX_MULTI_SEND_OUTPUTS {
            return Err(BankError::TooManyOutputs(
                m.outputs.len(),
                MAX_MULTI_SEND_OUTPUTS,
            ));
        }
        let outputs = m
            .outputs
            .iter()
            .map(|o| Ok((addr(&o.address)?, coins(&o.coins)?)))
            .collect::<Result<Vec<_>, BankError>>()?;
        let mut total = Coins::default();
        for (_, c) in &outputs {
            total = total.checked_add(c)?;
        }
        if total != input.1 {
            return Err(BankError::InputOutputMismatch);
        }
        Ok(MsgMultiSend { input, outputs })
    }
}

impl MsgSend {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.from]
    }
}

impl MsgMultiSend {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.input.0]
    }
}

/// `MsgUpdateParams`: the new params, set by governance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: crate::params::Params,
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = BankError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, BankError> {
        let p = m
            .params
            .as_ref()
            .ok_or_else(|| BankError::InvalidParams("params are required".into()))?;
        #[allow(deprecated)]
        let per_denom = !p.send_enabled.is_empty();
        if per_denom {
            return Err(BankError::InvalidParams(
                "per-denom send_enabled is not supported; use default_send_enabled".into(),
            ));
        }
        Ok(MsgUpdateParams {
            authority: addr(&m.authority)?,
            params: crate::params::Params {
                default_send_enabled: p.default_send_enabled,
            },
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
