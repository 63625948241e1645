//! Records kept for each model: published versions, the stage history and the pricing
//! history, each with its protobuf form.

use openledger_framework::Address;
use serde::{Deserialize, Serialize};

use crate::error::ModelsError;
use crate::model::{
    hex_opt, refs_from_proto, refs_to_proto, DatanetVersionRef, Digest, Pricing, Stage,
};
use crate::proto;
use openledger_framework::time::Time;

/// What a stage transition rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_run_hash: Option<Digest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapter_hash: Option<Digest>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub metrics: String,
}

impl Evidence {
    pub fn to_proto(&self) -> proto::Evidence {
        proto::Evidence {
            training_run_hash: hex_opt(&self.training_run_hash),
            adapter_hash: hex_opt(&self.adapter_hash),
            metrics: self.metrics.clone(),
        }
    }

    /// Hashes are checked (hex, 1 to 64 bytes); the metrics length is a param, checked by the
    /// handler.
    pub fn from_proto(p: &proto::Evidence) -> Result<Evidence, ModelsError> {
        Ok(Evidence {
            training_run_hash: Digest::parse_opt(
                "evidence.training_run_hash",
                &p.training_run_hash,
            )?,
            adapter_hash: Digest::parse_opt("evidence.adapter_hash", &p.adapter_hash)?,
            metrics: p.metrics.clone(),
        })
    }

    pub(crate) fn from_proto_opt(p: &Option<proto::Evidence>) -> Result<Evidence, ModelsError> {
        p.as_ref()
            .map(Evidence::from_proto)
            .transpose()
            .map(Option::unwrap_or_default)
    }
}

fn time_from_proto(t: &Option<cosmos_sdk_proto::Timestamp>) -> Result<Time, ModelsError> {
    let t = t
        .as_ref()
        .ok_or_else(|| ModelsError::InvalidRequest("time must be set".into()))?;
    Ok(Time::from_proto(t)?)
}

/// A published version of a model. Nothing of it changes after publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelVersion {
    pub model_id: u64,
    pub number: u64,
    pub adapter_hash: Digest,
    pub base_model: String,
    /// 0 for the first version.
    pub parent_version: u64,
    pub datanet_versions: Vec<DatanetVersionRef>,
    pub publisher: Address,
    pub height: u64,
    pub time: Time,
}

impl ModelVersion {
    pub fn to_proto(&self) -> proto::ModelVersion {
        proto::ModelVersion {
            model_id: self.model_id,
            number: self.number,
            adapter_hash: self.adapter_hash.to_hex(),
            base_model: self.base_model.clone(),
            parent_version: self.parent_version,
            datanet_versions: refs_to_proto(&self.datanet_versions),
            publisher: self.publisher.to_string(),
            height: self.height,
            time: Some(self.time.to_proto()),
        }
    }

    pub fn from_proto(p: &proto::ModelVersion) -> Result<ModelVersion, ModelsError> {
        Ok(ModelVersion {
            model_id: p.model_id,
            number: p.number,
            adapter_hash: Digest::parse("adapter_hash", &p.adapter_hash)?,
            base_model: p.base_model.clone(),
            parent_version: p.parent_version,
            datanet_versions: refs_from_proto(&p.datanet_versions),
            publisher: p.publisher.parse()?,
            height: p.height,
            time: time_from_proto(&p.time)?,
        })
    }
}

/// One stage transition. The proposal is the entry without a `from_stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub model_id: u64,
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub height: u64,
    pub time: Time,
    pub actor: Address,
    #[serde(default)]
    pub evidence: Evidence,
}

impl HistoryEntry {
    pub fn to_proto(&self) -> proto::HistoryEntry {
        proto::HistoryEntry {
            model_id: self.model_id,
            seq: self.seq,
            from_stage: self
                .from_stage
                .map(|s| s.to_proto())
                .unwrap_or(proto::ModelStage::Unspecified) as i32,
            to_stage: self.to_stage.to_proto() as i32,
            height: self.height,
            time: Some(self.time.to_proto()),
            actor: self.actor.to_string(),
            evidence: Some(self.evidence.to_proto()),
        }
    }

    pub fn from_proto(p: &proto::HistoryEntry) -> Result<HistoryEntry, ModelsError> {
        let from_stage = match p.from_stage {
            0 => None,
            v => Some(Stage::from_proto(v)?),
        };
        Ok(HistoryEntry {
            model_id: p.model_id,
            seq: p.seq,
            from_stage,
            to_stage: Stage::from_proto(p.to_stage)?,
            height: p.height,
            time: time_from_proto(&p.time)?,
            actor: p.actor.parse()?,
            evidence: Evidence::from_proto_opt(&p.evidence)?,
        })
    }
}

/// Pricing in effect from `effective_height` until the next entry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingEntry {
    pub model_id: u64,
    pub effective_height: u64,
    pub pricing: Pricing,
}

impl PricingEntry {
    pub fn to_proto(&self) -> proto::PricingEntry {
        proto::PricingEntry {
            model_id: self.model_id,
            effective_height: self.effective_height,
            pricing: Some(self.pricing.to_proto()),
        }
    }

    pub fn from_proto(p: &proto::PricingEntry) -> Result<PricingEntry, ModelsError> {
        Ok(PricingEntry {
            model_id: p.model_id,
            effective_height: p.effective_height,
            pricing: Pricing::from_proto_opt(&p.pricing)?,
        })
    }
}
