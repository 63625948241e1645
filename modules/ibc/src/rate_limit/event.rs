//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings), sorted by key.

use openledger_framework::Event;
use prost::Name;
use serde_json::Value;

use super::proto;
use super::state::RateLimit;

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

fn quota_attrs(rl: &RateLimit) -> Vec<(&'static str, Value)> {
    vec![
        ("denom", rl.denom.clone().into()),
        (
            "channel_or_client_id",
            rl.channel_or_client_id.clone().into(),
        ),
        (
            "max_percent_send",
            rl.quota.max_percent_send.to_string().into(),
        ),
        (
            "max_percent_recv",
            rl.quota.max_percent_recv.to_string().into(),
        ),
        ("duration_hours", rl.quota.duration_hours.to_string().into()),
        ("channel_value", rl.flow.channel_value.to_string().into()),
    ]
}

pub fn rate_limit_added(rl: &RateLimit) -> Event {
    typed::<proto::EventRateLimitAdded>(quota_attrs(rl))
}

pub fn rate_limit_updated(rl: &RateLimit) -> Event {
    typed::<proto::EventRateLimitUpdated>(quota_attrs(rl))
}

pub fn rate_limit_removed(denom: &str, channel: &str) -> Event {
    typed::<proto::EventRateLimitRemoved>(vec![
        ("denom", denom.into()),
        ("channel_or_client_id", channel.into()),
    ])
}

pub fn rate_limit_reset(rl: &RateLimit) -> Event {
    typed::<proto::EventRateLimitReset>(vec![
        ("denom", rl.denom.clone().into()),
        (
            "channel_or_client_id",
            rl.channel_or_client_id.clone().into(),
        ),
        ("channel_value", rl.flow.channel_value.to_string().into()),
    ])
}
