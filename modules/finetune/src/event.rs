//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings), sorted by key.

use openledger_framework::{Address, Event};
use prost::Name;
use serde_json::{json, Value};

use crate::params::Params;
use crate::proto;
use crate::types::{Job, Provider};

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

pub fn provider_registered(p: &Provider) -> Event {
    typed::<proto::EventProviderRegistered>(vec![
        ("provider", s(p.address)),
        ("endpoint", s(&p.endpoint)),
        ("bond", s(p.bond)),
    ])
}

pub fn provider_updated(p: &Provider) -> Event {
    typed::<proto::EventProviderUpdated>(vec![
        ("provider", s(p.address)),
        ("endpoint", s(&p.endpoint)),
        ("bond", s(p.bond)),
    ])
}

pub fn provider_unbonding(p: &Provider) -> Event {
    typed::<proto::EventProviderUnbonding>(vec![
        ("provider", s(p.address)),
        ("bond", s(p.bond)),
        ("unbonding_height", s(p.unbonding_height)),
    ])
}

pub fn provider_unbonded(provider: &Address, amount: u128) -> Event {
    typed::<proto::EventProviderUnbonded>(vec![("provider", s(provider)), ("amount", s(amount))])
}

pub fn provider_slashed(provider: &Address, amount: u128, reason: &str, job_id: u64) -> Event {
    typed::<proto::EventProviderSlashed>(vec![
        ("provider", s(provider)),
        ("amount", s(amount)),
        ("reason", s(reason)),
        ("job_id", s(job_id)),
    ])
}

pub fn job_opened(j: &Job) -> Event {
    typed::<proto::EventJobOpened>(vec![
        ("job_id", s(j.id)),
        ("creator", s(j.creator)),
        ("model_id", s(j.model_id)),
        ("budget", s(j.budget)),
        ("access_fees_paid", s(j.access_fees_paid)),
        ("deadline_height", s(j.deadline_height)),
    ])
}

pub fn job_cancelled(j: &Job) -> Event {
    typed::<proto::EventJobCancelled>(vec![
        ("job_id", s(j.id)),
        ("creator", s(j.creator)),
        ("refund", s(j.budget)),
    ])
}

pub fn job_claimed(job_id: u64, provider: &Address) -> Event {
    typed::<proto::EventJobClaimed>(vec![("job_id", s(job_id)), ("provider", s(provider))])
}

pub fn job_delivered(job_id: u64, provider: &Address, adapter: &str, log: &str) -> Event {
    typed::<proto::EventJobDelivered>(vec![
        ("job_id", s(job_id)),
        ("provider", s(provider)),
        ("adapter_hash", s(adapter)),
        ("training_log_hash", s(log)),
    ])
}

pub fn job_disputed(j: &Job) -> Event {
    typed::<proto::EventJobDisputed>(vec![
        ("job_id", s(j.id)),
        ("creator", s(j.creator)),
        ("reason", s(&j.dispute_reason)),
    ])
}

pub fn job_paid(
    job_id: u64,
    provider: &Address,
    amount: u128,
    reason: &str,
    adapter_registered: bool,
    model_advanced: bool,
) -> Event {
    typed::<proto::EventJobPaid>(vec![
        ("job_id", s(job_id)),
        ("provider", s(provider)),
        ("amount", s(amount)),
        ("reason", s(reason)),
        ("adapter_registered", adapter_registered.into()),
        ("model_advanced", model_advanced.into()),
    ])
}

pub fn job_refunded(j: &Job, reason: &str) -> Event {
    typed::<proto::EventJobRefunded>(vec![
        ("job_id", s(j.id)),
        ("creator", s(j.creator)),
        ("amount", s(j.budget)),
        ("reason", s(reason)),
    ])
}

pub fn params_updated(authority: &Address, params: &Params) -> Event {
    let p = params.to_proto();
    typed::<proto::EventParamsUpdated>(vec![
        ("authority", s(authority)),
        (
            "params",
            json!({
                "min_provider_bond": p.min_provider_bond,
                "provider_unbonding_blocks": p.provider_unbonding_blocks.to_string(),
                "min_job_budget": p.min_job_budget,
                "max_job_duration_blocks": p.max_job_duration_blocks.to_string(),
                "dispute_window_blocks": p.dispute_window_blocks.to_string(),
                "missed_deadline_slash_fraction": p.missed_deadline_slash_fraction,
                "missed_deadlines_before_slash": p.missed_deadlines_before_slash.to_string(),
                "dispute_slash_fraction": p.dispute_slash_fraction,
                "max_datanet_versions_per_job": p.max_datanet_versions_per_job.to_string(),
                "max_metrics": p.max_metrics.to_string(),
                "max_expiries_per_block": p.max_expiries_per_block.to_string(),
                "max_text_len": p.max_text_len.to_string(),
            }),
        ),
    ])
}
