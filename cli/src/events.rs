//! ABCI events of a transaction result, in a stable shape for text and JSON output.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
    pub index: bool,
}

impl From<&tendermint::abci::Event> for Event {
    fn from(event: &tendermint::abci::Event) -> Self {
        Self {
            kind: event.kind.clone(),
            attributes: event
                .attributes
                .iter()
                .map(|attr| Attribute {
                    key: String::from_utf8_lossy(attr.key_bytes()).into_owned(),
                    value: String::from_utf8_lossy(attr.value_bytes()).into_owned(),
                    index: attr.index(),
                })
                .collect(),
        }
    }
}

pub fn convert(events: &[tendermint::abci::Event]) -> Vec<Event> {
    events.iter().map(Event::from).collect()
}

/// One line per event: `transfer: recipient=open1..., sender=open1..., amount=5aopen`.
pub fn text(events: &[Event]) -> String {
    events
        .iter()
        .map(|event| {
            let attrs = event
                .attributes
                .iter()
                .map(|a| format!("{}={}", a.key, a.value))
                .collect::<Vec<_>>()
                .join(", ");
            format!("  {}: {attrs}", event.kind)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
