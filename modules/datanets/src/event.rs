//! Typed events: the kind is the full proto name of the event message
//! (`openledger.datanets.v1.Event*`) and the attributes are its fields as JSON values (proto3
//! JSON mapping: 64-bit integers and amounts as strings, enums by name), sorted by key.

use openledger_framework::{Address, Event};
use prost::Name;
use serde_json::Value;

use crate::proto;
use crate::types::{Contribution, CurationReason, Datanet, Version};

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

pub fn create_datanet(d: &Datanet) -> Event {
    typed::<proto::EventCreateDatanet>(vec![
        ("datanet_id", s(d.id)),
        ("owner", s(d.owner)),
        ("name", s(&d.name)),
        ("visibility", s(d.visibility.as_str())),
    ])
}

pub fn update_datanet(d: &Datanet) -> Event {
    let pending = if d.pending_price_height == 0 {
        String::new()
    } else {
        d.pending_access_price.to_string()
    };
    typed::<proto::EventUpdateDatanet>(vec![
        ("datanet_id", s(d.id)),
        ("owner", s(d.owner)),
        ("access_price", s(d.access_price)),
        ("pending_access_price", s(pending)),
        ("pending_price_height", s(d.pending_price_height)),
    ])
}

pub fn commit_contribution(
    contributor: &Address,
    datanet_id: u64,
    commitment: &[u8; 32],
    expires_height: u64,
) -> Event {
    typed::<proto::EventCommitContribution>(vec![
        ("contributor", s(contributor)),
        ("datanet_id", s(datanet_id)),
        ("commitment", s(hex::encode(commitment))),
        ("expires_height", s(expires_height)),
    ])
}

pub fn contribute(c: &Contribution) -> Event {
    typed::<proto::EventContribute>(vec![
        ("contribution_id", s(c.id)),
        ("datanet_id", s(c.datanet_id)),
        ("contributor", s(c.contributor)),
        ("content_hash", s(hex::encode(c.content_hash))),
        ("size_bytes", s(c.size_bytes)),
        ("bond", s(c.bond)),
        ("fee", s(c.fee)),
    ])
}

pub struct CurateOutcome<'a> {
    pub contribution: &'a Contribution,
    pub curator: &'a Address,
    pub approved: bool,
    pub reason: CurationReason,
    pub bond_returned: u128,
    pub bond_burned: u128,
    pub penalty_score: u64,
}

pub fn curate(o: &CurateOutcome) -> Event {
    typed::<proto::EventCurate>(vec![
        ("contribution_id", s(o.contribution.id)),
        ("datanet_id", s(o.contribution.datanet_id)),
        ("curator", s(o.curator)),
        ("contributor", s(o.contribution.contributor)),
        ("approved", Value::Bool(o.approved)),
        ("reason", s(o.reason.as_str())),
        ("bond_returned", s(o.bond_returned)),
        ("bond_burned", s(o.bond_burned)),
        ("penalty_score", s(o.penalty_score)),
    ])
}

pub fn publish_version(v: &Version) -> Event {
    typed::<proto::EventPublishVersion>(vec![
        ("datanet_id", s(v.datanet_id)),
        ("version", s(v.number)),
        ("root", s(hex::encode(v.root))),
        ("contribution_count", s(v.contribution_count)),
        ("total_bytes", s(v.total_bytes)),
        ("max_contribution_id", s(v.max_contribution_id)),
        ("publisher", s(v.publisher)),
    ])
}

pub fn purchase_access(datanet_id: u64, version: u64, buyer: &Address, price: u128) -> Event {
    typed::<proto::EventPurchaseAccess>(vec![
        ("datanet_id", s(datanet_id)),
        ("version", s(version)),
        ("buyer", s(buyer)),
        ("price", s(price)),
    ])
}

pub fn claim_revenue(datanet_id: u64, version: u64, contributor: &Address, amount: u128) -> Event {
    typed::<proto::EventClaimRevenue>(vec![
        ("datanet_id", s(datanet_id)),
        ("version", s(version)),
        ("contributor", s(contributor)),
        ("amount", s(amount)),
    ])
}
