//! Domain messages, converted from their protobuf form with stateless validation. Limits that
//! are params (text lengths, list sizes, minimum amounts) are checked by the handlers.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use openledger_framework::coin::parse_amount;
use openledger_framework::{Address, BASE_DENOM};

use crate::error::FinetuneError;
use crate::params::Params;
use crate::proto;
use crate::types::{parse_hash, DatanetVersionRef, Metric, SettleOutcome};

/// Most datanet versions or metrics a message may carry whatever the params say.
pub const MAX_LIST_LEN: usize = 256;

fn addr(s: &str) -> Result<Address, FinetuneError> {
    Ok(s.parse::<Address>()?)
}

fn non_empty(field: &'static str, s: &str) -> Result<(), FinetuneError> {
    if s.trim().is_empty() {
        return Err(FinetuneError::Empty(field));
    }
    Ok(())
}

fn list_len(field: &'static str, len: usize) -> Result<(), FinetuneError> {
    if len > MAX_LIST_LEN {
        return Err(FinetuneError::TooMany {
            field,
            len,
            max: MAX_LIST_LEN as u64,
        });
    }
    Ok(())
}

/// A positive aopen amount from an optional coin; `None` when `optional` and unset.
fn aopen(field: &str, c: &Option<ProtoCoin>) -> Result<u128, FinetuneError> {
    let c = c
        .as_ref()
        .ok_or_else(|| FinetuneError::InvalidCoins(format!("{field} must be set")))?;
    if c.denom != BASE_DENOM {
        return Err(FinetuneError::InvalidDenom(c.denom.clone()));
    }
    let amount = parse_amount(&c.amount)?;
    if amount == 0 {
        return Err(FinetuneError::InvalidCoins(format!(
            "{field} must be positive"
        )));
    }
    Ok(amount)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRegisterProvider {
    pub provider: Address,
    pub endpoint: String,
    pub bond: u128,
}

impl TryFrom<&proto::MsgRegisterProvider> for MsgRegisterProvider {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgRegisterProvider) -> Result<Self, FinetuneError> {
        non_empty("endpoint", &m.endpoint)?;
        Ok(MsgRegisterProvider {
            provider: addr(&m.provider)?,
            endpoint: m.endpoint.clone(),
            bond: aopen("bond", &m.bond)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateProvider {
    pub provider: Address,
    pub endpoint: String,
    /// 0: no change.
    pub add_bond: u128,
}

impl TryFrom<&proto::MsgUpdateProvider> for MsgUpdateProvider {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgUpdateProvider) -> Result<Self, FinetuneError> {
        non_empty("endpoint", &m.endpoint)?;
        let add_bond = match &m.add_bond {
            None => 0,
            Some(_) => aopen("add_bond", &m.add_bond)?,
        };
        Ok(MsgUpdateProvider {
            provider: addr(&m.provider)?,
            endpoint: m.endpoint.clone(),
            add_bond,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUnbondProvider {
    pub provider: Address,
}

impl TryFrom<&proto::MsgUnbondProvider> for MsgUnbondProvider {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgUnbondProvider) -> Result<Self, FinetuneError> {
        Ok(MsgUnbondProvider {
            provider: addr(&m.provider)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgOpenJob {
    pub creator: Address,
    pub model_id: u64,
    pub base_model: String,
    /// Not empty, no repeats.
    pub datanet_versions: Vec<DatanetVersionRef>,
    pub training_config_hash: String,
    pub budget: u128,
    pub deadline_height: u64,
}

impl TryFrom<&proto::MsgOpenJob> for MsgOpenJob {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgOpenJob) -> Result<Self, FinetuneError> {
        non_empty("base_model", &m.base_model)?;
        if m.datanet_versions.is_empty() {
            return Err(FinetuneError::Empty("datanet_versions"));
        }
        list_len("datanet_versions", m.datanet_versions.len())?;
        let mut refs: Vec<DatanetVersionRef> = Vec::with_capacity(m.datanet_versions.len());
        for r in &m.datanet_versions {
            let r = DatanetVersionRef {
                datanet_id: r.datanet_id,
                version: r.version,
            };
            if refs.contains(&r) {
                return Err(FinetuneError::Duplicate {
                    field: "datanet_versions",
                    value: format!("datanet {} version {}", r.datanet_id, r.version),
                });
            }
            refs.push(r);
        }
        if m.model_id == 0 {
            return Err(FinetuneError::InvalidRequest(
                "model id can not be 0".into(),
            ));
        }
        Ok(MsgOpenJob {
            creator: addr(&m.creator)?,
            model_id: m.model_id,
            base_model: m.base_model.clone(),
            datanet_versions: refs,
            training_config_hash: parse_hash("training_config_hash", &m.training_config_hash)?,
            budget: aopen("budget", &m.budget)?,
            deadline_height: m.deadline_height,
        })
    }
}

/// A job id and its signer: `MsgCancelJob`, `MsgClaimJob`, `MsgAcceptJob`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobAct {
    pub signer: Address,
    pub job_id: u64,
}

pub type MsgCancelJob = JobAct;
pub type MsgClaimJob = JobAct;
pub type MsgAcceptJob = JobAct;

fn job_act(signer: &str, job_id: u64) -> Result<JobAct, FinetuneError> {
    Ok(JobAct {
        signer: addr(signer)?,
        job_id,
    })
}

impl TryFrom<&proto::MsgCancelJob> for JobAct {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgCancelJob) -> Result<Self, FinetuneError> {
        job_act(&m.creator, m.job_id)
    }
}

impl TryFrom<&proto::MsgClaimJob> for JobAct {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgClaimJob) -> Result<Self, FinetuneError> {
        job_act(&m.provider, m.job_id)
    }
}

impl TryFrom<&proto::MsgAcceptJob> for JobAct {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgAcceptJob) -> Result<Self, FinetuneError> {
        job_act(&m.creator, m.job_id)
    }
}

impl JobAct {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.signer]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDeliverJob {
    pub provider: Address,
    pub job_id: u64,
    pub adapter_hash: String,
    pub training_log_hash: String,
    /// Distinct non-empty names.
    pub metrics: Vec<Metric>,
    pub rank: u32,
    pub size_bytes: u64,
    pub licence: String,
}

impl TryFrom<&proto::MsgDeliverJob> for MsgDeliverJob {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgDeliverJob) -> Result<Self, FinetuneError> {
        list_len("metrics", m.metrics.len())?;
        let mut metrics: Vec<Metric> = Vec::with_capacity(m.metrics.len());
        for x in &m.metrics {
            non_empty("metrics.name", &x.name)?;
            if metrics.iter().any(|y| y.name == x.name) {
                return Err(FinetuneError::Duplicate {
                    field: "metrics",
                    value: x.name.clone(),
                });
            }
            metrics.push(Metric {
                name: x.name.clone(),
                value: x.value,
            });
        }
        non_empty("licence", &m.licence)?;
        if m.rank == 0 || m.size_bytes == 0 {
            return Err(FinetuneError::InvalidRequest(
                "rank and size_bytes must be positive".into(),
            ));
        }
        Ok(MsgDeliverJob {
            provider: addr(&m.provider)?,
            job_id: m.job_id,
            adapter_hash: parse_hash("adapter_hash", &m.adapter_hash)?,
            training_log_hash: parse_hash("training_log_hash", &m.training_log_hash)?,
            metrics,
            rank: m.rank,
            size_bytes: m.size_bytes,
            licence: m.licence.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDisputeJob {
    pub creator: Address,
    pub job_id: u64,
    pub reason: String,
}

impl TryFrom<&proto::MsgDisputeJob> for MsgDisputeJob {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgDisputeJob) -> Result<Self, FinetuneError> {
        non_empty("reason", &m.reason)?;
        Ok(MsgDisputeJob {
            creator: addr(&m.creator)?,
            job_id: m.job_id,
            reason: m.reason.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSettleJob {
    pub authority: Address,
    pub job_id: u64,
    pub outcome: SettleOutcome,
}

impl TryFrom<&proto::MsgSettleJob> for MsgSettleJob {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgSettleJob) -> Result<Self, FinetuneError> {
        Ok(MsgSettleJob {
            authority: addr(&m.authority)?,
            job_id: m.job_id,
            outcome: SettleOutcome::from_proto(m.outcome)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: Params,
}

impl TryFrom<&proto::MsgUpdateParams> for MsgUpdateParams {
    type Error = FinetuneError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, FinetuneError> {
        let p = m
            .params
            .as_ref()
            .ok_or_else(|| FinetuneError::InvalidParams("params must be set".into()))?;
        Ok(MsgUpdateParams {
            authority: addr(&m.authority)?,
            params: Params::from_proto(p)?,
        })
    }
}

macro_rules! signers {
    ($($t:ty => $f:ident),* $(,)?) => {$(
        impl $t {
            pub fn signers(&self) -> Vec<Address> {
                vec![self.$f]
            }
        }
    )*};
}

signers!(
    MsgRegisterProvider => provider,
    MsgUpdateProvider => provider,
    MsgUnbondProvider => provider,
    MsgOpenJob => creator,
    MsgDeliverJob => provider,
    MsgDisputeJob => creator,
    MsgSettleJob => authority,
    MsgUpdateParams => authority,
);
