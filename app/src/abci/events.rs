//! Framework events to ABCI events, in one place. Attributes keep their `index` flag.

use openledger_framework::Event;

pub fn to_abci(e: &Event) -> tendermint::abci::Event {
    tendermint::abci::Event {
        kind: e.kind.clone(),
        attributes: e
            .attributes
            .iter()
            .map(|a| {
                tendermint::abci::EventAttribute::from((a.key.as_str(), a.value.as_str(), a.index))
            })
            .collect(),
    }
}

pub fn to_abci_events(events: &[Event]) -> Vec<tendermint::abci::Event> {
    events.iter().map(to_abci).collect()
}

pub fn to_proto_events(events: &[Event]) -> Vec<tendermint_proto::abci::Event> {
    events
        .iter()
        .map(|e| tendermint_proto::abci::Event {
            r#type: e.kind.clone(),
            attributes: e
                .attributes
                .iter()
                .map(|a| tendermint_proto::abci::EventAttribute {
                    key: a.key.clone(),
                    value: a.value.clone(),
                    index: a.index,
                })
                .collect(),
        })
        .collect()
}
