//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings), sorted by key.

use openledger_framework::{Address, Event};
use prost::Name;
use serde_json::{json, Value};

use crate::adapter::{Adapter, ServingEntry, UptimeClaim};
use crate::params::Params;
use crate::proto;

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

pub fn adapter_registered(a: &Adapter) -> Event {
    typed::<proto::EventAdapterRegistered>(vec![
        ("hash", a.hash.clone().into()),
        ("model_id", a.model_id.to_string().into()),
        ("model_version", a.model_version.to_string().into()),
        ("owner", a.owner.to_string().into()),
        ("job_id", a.job_id.to_string().into()),
    ])
}

pub fn serving_declared(s: &ServingEntry) -> Event {
    typed::<proto::EventServingDeclared>(vec![
        ("operator", s.operator.to_string().into()),
        ("adapter_hash", s.adapter_hash.clone().into()),
        (
            "price_ceiling_per_1k",
            s.price_ceiling_per_1k.to_string().into(),
        ),
    ])
}

pub fn serving_stopped(operator: &Address, hash: &str) -> Event {
    typed::<proto::EventServingStopped>(vec![
        ("operator", operator.to_string().into()),
        ("adapter_hash", hash.into()),
    ])
}

pub fn uptime_claimed(c: &UptimeClaim) -> Event {
    typed::<proto::EventUptimeClaimed>(vec![
        ("operator", c.operator.to_string().into()),
        (
            "window_start_height",
            c.window_start_height.to_string().into(),
        ),
        ("window_end_height", c.window_end_height.to_string().into()),
        ("uptime_bps", c.uptime_bps.into()),
    ])
}

pub fn params_updated(authority: &Address, params: &Params) -> Event {
    let p = params.to_proto();
    typed::<proto::EventParamsUpdated>(vec![
        ("authority", authority.to_string().into()),
        (
            "params",
            json!({
                "max_rank": p.max_rank,
                "max_adapters_per_operator": p.max_adapters_per_operator.to_string(),
                "max_servers_per_adapter": p.max_servers_per_adapter.to_string(),
                "max_licence_len": p.max_licence_len.to_string(),
                "max_base_model_len": p.max_base_model_len.to_string(),
            }),
        ),
    ])
}
