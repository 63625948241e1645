//! Domain messages, converted from their protobuf form with stateless validation. Limits that
//! are params are checked by the handlers.

use openledger_framework::Address;

use crate::adapter::{check_hash, parse_ceiling};
use crate::error::AdaptersError;
use crate::params::Params;
use crate::proto;

fn addr(s: &str) -> Result<Address, AdaptersError> {
    Ok(s.parse::<Address>()?)
}

/// `MsgRegisterAdapter`: the model's creator registers an adapter of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRegisterAdapter {
    pub owner: Address,
    pub hash: String,
    pub model_id: u64,
    pub model_version: u64,
    pub base_model: String,
    pub rank: u32,
    pub size_bytes: u64,
    pub licence: String,
}

impl TryFrom<&proto::MsgRegisterAdapter> for MsgRegisterAdapter {
    type Error = AdaptersError;
    fn try_from(m: &proto::MsgRegisterAdapter) -> Result<Self, AdaptersError> {
        let owner = addr(&m.owner)?;
        check_hash(&m.hash)?;
        Ok(MsgRegisterAdapter {
            owner,
            hash: m.hash.clone(),
            model_id: m.model_id,
            model_version: m.model_version,
            base_model: m.base_model.clone(),
            rank: m.rank,
            size_bytes: m.size_bytes,
            licence: m.licence.clone(),
        })
    }
}

impl MsgRegisterAdapter {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}

/// `MsgDeclareServing`: an operator declares serving an adapter with a price ceiling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDeclareServing {
    pub operator: Address,
    pub adapter_hash: String,
    pub price_ceiling_per_1k: u128,
}

impl TryFrom<&proto::MsgDeclareServing> for MsgDeclareServing {
    type Error = AdaptersError;
    fn try_from(m: &proto::MsgDeclareServing) -> Result<Self, AdaptersError> {
        let operator = addr(&m.operator)?;
        check_hash(&m.adapter_hash)?;
        Ok(MsgDeclareServing {
            operator,
            adapter_hash: m.adapter_hash.clone(),
            price_ceiling_per_1k: parse_ceiling(&m.price_ceiling_per_1k)?,
        })
    }
}

impl MsgDeclareServing {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgStopServing`: an operator stops serving an adapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgStopServing {
    pub operator: Address,
    pub adapter_hash: String,
}

impl TryFrom<&proto::MsgStopServing> for MsgStopServing {
    type Error = AdaptersError;
    fn try_from(m: &proto::MsgStopServing) -> Result<Self, AdaptersError> {
        let operator = addr(&m.operator)?;
        check_hash(&m.adapter_hash)?;
        Ok(MsgStopServing {
            operator,
            adapter_hash: m.adapter_hash.clone(),
        })
    }
}

impl MsgStopServing {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgClaimUptime`: an operator states its uptime over a window of heights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgClaimUptime {
    pub operator: Address,
    pub window_start_height: u64,
    pub window_end_height: u64,
    pub uptime_bps: u32,
}

impl TryFrom<&proto::MsgClaimUptime> for MsgClaimUptime {
    type Error = AdaptersError;
    fn try_from(m: &proto::MsgClaimUptime) -> Result<Self, AdaptersError> {
        Ok(MsgClaimUptime {
            operator: addr(&m.operator)?,
            window_start_height: m.window_start_height,
            window_end_height: m.window_end_height,
            uptime_bps: m.uptime_bps,
        })
    }
}

impl MsgClaimUptime {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgUpdateParams`: governance replaces the params.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

impl TryFrom<&proto::MsgUpdateParams> for MsgUpdateParams {
    type Error = AdaptersError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, AdaptersError> {
        let authority = addr(&m.authority)?;
        let p = m
            .params
            .as_ref()
            .ok_or_else(|| AdaptersError::InvalidParams("params missing".into()))?;
        Ok(MsgUpdateParams {
            authority,
            params: Params::from_proto(p)?,
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
