//! The module's records: providers and jobs. Stored with borsh, exported in genesis as JSON,
//! answered in queries and events as their protobuf messages.

use std::fmt;

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::amount_string;
use openledger_framework::Address;
use serde::{Deserialize, Serialize};

use crate::error::FinetuneError;
use crate::proto;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProviderStatus {
    Active,
    Unbonding,
    Unbonded,
}

impl ProviderStatus {
    pub fn to_proto(self) -> proto::ProviderStatus {
        match self {
            ProviderStatus::Active => proto::ProviderStatus::Active,
            ProviderStatus::Unbonding => proto::ProviderStatus::Unbonding,
            ProviderStatus::Unbonded => proto::ProviderStatus::Unbonded,
        }
    }
}

/// A compute provider. Its `bond` is escrowed in the `finetune` module account while ACTIVE or
/// UNBONDING; an UNBONDED provider has bond 0 and keeps its standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub address: Address,
    pub endpoint: String,
    #[serde(with = "amount_string")]
    pub bond: u128,
    pub status: ProviderStatus,
    /// Height at whose end an UNBONDING bond is paid back; 0 otherwise.
    #[serde(default)]
    pub unbonding_height: u64,
    pub registered_height: u64,
    /// Jobs it holds (CLAIMED, DELIVERED or DISPUTED).
    #[serde(default)]
    pub active_jobs: u64,
    #[serde(default)]
    pub jobs_paid: u64,
    #[serde(default)]
    pub missed_deadlines: u64,
    #[serde(default)]
    pub disputes_lost: u64,
    #[serde(default)]
    pub slash_count: u64,
    #[serde(default, with = "amount_string")]
    pub slashed_total: u128,
}

impl Provider {
    pub fn to_proto(&self) -> proto::Provider {
        proto::Provider {
            address: self.address.to_string(),
            endpoint: self.endpoint.clone(),
            bond: self.bond.to_string(),
            status: self.status.to_proto() as i32,
            unbonding_height: self.unbonding_height,
            registered_height: self.registered_height,
            active_jobs: self.active_jobs,
            jobs_paid: self.jobs_paid,
            missed_deadlines: self.missed_deadlines,
            disputes_lost: self.disputes_lost,
            slash_count: self.slash_count,
            slashed_total: self.slashed_total.to_string(),
        }
    }

    /// The bond held in escrow for it.
    pub fn escrowed(&self) -> u128 {
        match self.status {
            ProviderStatus::Active | ProviderStatus::Unbonding => self.bond,
            ProviderStatus::Unbonded => 0,
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Open,
    Claimed,
    Delivered,
    Disputed,
    Paid,
    Refunded,
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 7] = [
        JobStatus::Open,
        JobStatus::Claimed,
        JobStatus::Delivered,
        JobStatus::Disputed,
        JobStatus::Paid,
        JobStatus::Refunded,
        JobStatus::Cancelled,
    ];

    pub fn to_proto(self) -> proto::JobStatus {
        match self {
            JobStatus::Open => proto::JobStatus::Open,
            JobStatus::Claimed => proto::JobStatus::Claimed,
            JobStatus::Delivered => proto::JobStatus::Delivered,
            JobStatus::Disputed => proto::JobStatus::Disputed,
            JobStatus::Paid => proto::JobStatus::Paid,
            JobStatus::Refunded => proto::JobStatus::Refunded,
            JobStatus::Cancelled => proto::JobStatus::Cancelled,
        }
    }

    /// `None` for UNSPECIFIED (any status) and unknown values.
    pub fn from_proto(v: i32) -> Option<JobStatus> {
        JobStatus::ALL
            .into_iter()
            .find(|s| s.to_proto() as i32 == v)
    }

    /// One byte in index keys.
    pub fn code(self) -> u8 {
        u8::try_from(self.to_proto() as i32).unwrap_or(0)
    }

    /// Whether the budget is still escrowed.
    pub fn holds_budget(self) -> bool {
        matches!(
            self,
            JobStatus::Open | JobStatus::Claimed | JobStatus::Delivered | JobStatus::Disputed
        )
    }

    /// Whether a provider holds the job.
    pub fn held_by_provider(self) -> bool {
        matches!(
            self,
            JobStatus::Claimed | JobStatus::Delivered | JobStatus::Disputed
        )
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_proto().as_str_name())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SettleOutcome {
    Pay,
    Refund,
    RefundAndSlash,
}

impl SettleOutcome {
    pub fn to_proto(self) -> proto::SettleOutcome {
        match self {
            SettleOutcome::Pay => proto::SettleOutcome::Pay,
            SettleOutcome::Refund => proto::SettleOutcome::Refund,
            SettleOutcome::RefundAndSlash => proto::SettleOutcome::RefundAndSlash,
        }
    }

    pub fn from_proto(v: i32) -> Result<SettleOutcome, FinetuneError> {
        [
            SettleOutcome::Pay,
            SettleOutcome::Refund,
            SettleOutcome::RefundAndSlash,
        ]
        .into_iter()
        .find(|s| s.to_proto() as i32 == v)
        .ok_or(FinetuneError::InvalidOutcome(v))
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(deny_unknown_fields)]
pub struct DatanetVersionRef {
    pub datanet_id: u64,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    pub value: u64,
}

/// What a provider delivered. Hashes are lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub adapter_hash: String,
    pub training_log_hash: String,
    #[serde(default)]
    pub metrics: Vec<Metric>,
    pub rank: u32,
    pub size_bytes: u64,
    pub licence: String,
    pub height: u64,
}

impl Delivery {
    pub fn to_proto(&self) -> proto::Delivery {
        proto::Delivery {
            adapter_hash: self.adapter_hash.clone(),
            training_log_hash: self.training_log_hash.clone(),
            metrics: self
                .metrics
                .iter()
                .map(|m| proto::Metric {
                    name: m.name.clone(),
                    value: m.value,
                })
                .collect(),
            rank: self.rank,
            size_bytes: self.size_bytes,
            licence: self.licence.clone(),
            height: self.height,
        }
    }

    /// The metrics as the models module's evidence text: `name=value` joined by `,`.
    pub fn metrics_text(&self) -> String {
        self.metrics
            .iter()
            .map(|m| format!("{}={}", m.name, m.value))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A fine-tuning job. The budget is escrowed while the status holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    pub id: u64,
    pub creator: Address,
    pub model_id: u64,
    pub base_model: String,
    pub datanet_versions: Vec<DatanetVersionRef>,
    pub training_config_hash: String,
    #[serde(with = "amount_string")]
    pub budget: u128,
    #[serde(default, with = "amount_string")]
    pub access_fees_paid: u128,
    pub deadline_height: u64,
    pub status: JobStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Address>,
    #[serde(default)]
    pub claimed_height: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    #[serde(default)]
    pub dispute_deadline_height: u64,
    #[serde(default)]
    pub dispute_reason: String,
    #[serde(default)]
    pub disputed_height: u64,
    #[serde(default)]
    pub closed_height: u64,
    pub created_height: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<SettleOutcome>,
}

impl Job {
    pub fn to_proto(&self) -> proto::Job {
        proto::Job {
            id: self.id,
            creator: self.creator.to_string(),
            model_id: self.model_id,
            base_model: self.base_model.clone(),
            datanet_versions: self
                .datanet_versions
                .iter()
                .map(|r| proto::DatanetVersionRef {
                    datanet_id: r.datanet_id,
                    version: r.version,
                })
                .collect(),
            training_config_hash: self.training_config_hash.clone(),
            budget: self.budget.to_string(),
            access_fees_paid: self.access_fees_paid.to_string(),
            deadline_height: self.deadline_height,
            status: self.status.to_proto() as i32,
            provider: self.provider.map(|p| p.to_string()).unwrap_or_default(),
            claimed_height: self.claimed_height,
            delivery: self.delivery.as_ref().map(Delivery::to_proto),
            dispute_reason: self.dispute_reason.clone(),
            disputed_height: self.disputed_height,
            closed_height: self.closed_height,
            created_height: self.created_height,
            outcome: self
                .outcome
                .map_or(proto::SettleOutcome::Unspecified, SettleOutcome::to_proto)
                as i32,
            dispute_deadline_height: self.dispute_deadline_height,
        }
    }

    /// The end-block queue height of the job: its deadline while OPEN or CLAIMED, the end of
    /// its dispute window while DELIVERED; none otherwise.
    pub fn due_height(&self) -> Option<u64> {
        match self.status {
            JobStatus::Open | JobStatus::Claimed => Some(self.deadline_height),
            JobStatus::Delivered => Some(self.dispute_deadline_height),
            _ => None,
        }
    }

    pub fn escrowed(&self) -> u128 {
        if self.status.holds_budget() {
            self.budget
        } else {
            0
        }
    }
}

/// A hex digest of 1 to 64 bytes, lowercased.
pub fn parse_hash(field: &'static str, s: &str) -> Result<String, FinetuneError> {
    let bytes = hex::decode(s).map_err(|e| FinetuneError::InvalidHash {
        field,
        reason: e.to_string(),
    })?;
    if bytes.is_empty() || bytes.len() > 64 {
        return Err(FinetuneError::InvalidHash {
            field,
            reason: format!("{} bytes, expected 1 to 64", bytes.len()),
        });
    }
    Ok(hex::encode(bytes))
}
