//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings, enums by name,
//! messages as objects), sorted by key.

use openledger_framework::{Address, Event};
use prost::Name;
use serde_json::{json, Value};

use crate::model::{DatanetVersionRef, Pricing};
use crate::params::Params;
use crate::proto;
use crate::record::{Evidence, HistoryEntry, ModelVersion};

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

fn refs_json(refs: &[DatanetVersionRef]) -> Value {
    Value::Array(
        refs.iter()
            .map(|r| {
                json!({
                    "datanet_id": r.datanet_id.to_string(),
                    "version": r.version.to_string(),
                })
            })
            .collect(),
    )
}

fn pricing_json(p: &Pricing) -> Value {
    json!({
        "rate_in_per_1000": p.rate_in_per_1000.to_string(),
        "rate_out_per_1000": p.rate_out_per_1000.to_string(),
    })
}

fn evidence_json(e: &Evidence) -> Value {
    let p = e.to_proto();
    json!({
        "training_run_hash": p.training_run_hash,
        "adapter_hash": p.adapter_hash,
        "metrics": p.metrics,
    })
}

pub fn model_proposed(
    id: u64,
    creator: &Address,
    name: &str,
    bond: u128,
    refs: &[DatanetVersionRef],
) -> Event {
    typed::<proto::EventModelProposed>(vec![
        ("model_id", id.to_string().into()),
        ("creator", creator.to_string().into()),
        ("name", name.into()),
        ("bond", bond.to_string().into()),
        ("datanet_versions", refs_json(refs)),
    ])
}

pub fn stage_changed(h: &HistoryEntry) -> Event {
    let from = h
        .from_stage
        .map(|s| s.name())
        .unwrap_or(proto::ModelStage::Unspecified.as_str_name());
    typed::<proto::EventModelStageChanged>(vec![
        ("model_id", h.model_id.to_string().into()),
        ("seq", h.seq.to_string().into()),
        ("from_stage", from.into()),
        ("to_stage", h.to_stage.name().into()),
        ("actor", h.actor.to_string().into()),
        ("evidence", evidence_json(&h.evidence)),
    ])
}

pub fn bond_released(id: u64, creator: &Address, amount: u128, burned: bool) -> Event {
    typed::<proto::EventModelBondReleased>(vec![
        ("model_id", id.to_string().into()),
        ("creator", creator.to_string().into()),
        ("amount", amount.to_string().into()),
        ("burned", burned.into()),
    ])
}

pub fn version_published(v: &ModelVersion) -> Event {
    typed::<proto::EventModelVersionPublished>(vec![
        ("model_id", v.model_id.to_string().into()),
        ("version", v.number.to_string().into()),
        ("parent_version", v.parent_version.to_string().into()),
        ("adapter_hash", v.adapter_hash.to_hex().into()),
        ("base_model", v.base_model.clone().into()),
        ("datanet_versions", refs_json(&v.datanet_versions)),
        ("publisher", v.publisher.to_string().into()),
    ])
}

pub fn pricing_set(id: u64, pricing: &Pricing, effective_height: u64) -> Event {
    typed::<proto::EventModelPricingSet>(vec![
        ("model_id", id.to_string().into()),
        ("pricing", pricing_json(pricing)),
        ("effective_height", effective_height.to_string().into()),
    ])
}

pub fn params_updated(authority: &Address, params: &Params) -> Event {
    let p = params.to_proto();
    typed::<proto::EventParamsUpdated>(vec![
        ("authority", authority.to_string().into()),
        (
            "params",
            json!({
                "min_creator_bond": p.min_creator_bond,
                "max_name_len": p.max_name_len.to_string(),
                "max_description_len": p.max_description_len.to_string(),
                "max_text_len": p.max_text_len.to_string(),
                "max_datanet_refs": p.max_datanet_refs.to_string(),
                "max_evidence_len": p.max_evidence_len.to_string(),
                "max_history_per_model": p.max_history_per_model.to_string(),
                "max_versions_per_model": p.max_versions_per_model.to_string(),
                "require_feedback_round": p.require_feedback_round,
            }),
        ),
    ])
}
