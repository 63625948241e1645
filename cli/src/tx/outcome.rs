//! The result of a transaction as the chain reports it, for `tx ...` and `query tx`.

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use prost::Message;
use serde::Serialize;
use tendermint_rpc::endpoint::tx;

use crate::output::Render;

/// `{txhash, height, code, codespace, raw_log, gas_wanted, gas_used, data, msg_responses, events}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TxOutcome {
    /// SHA-256 of the transaction bytes, uppercase hex.
    pub txhash: String,
    /// Block height; 0 while the transaction is not in a block.
    pub height: u64,
    pub code: u32,
    pub codespace: String,
    pub raw_log: String,
    pub gas_wanted: i64,
    pub gas_used: i64,
    /// The result data (an encoded `TxMsgData`), uppercase hex as in the SDK's `TxResponse`.
    pub data: String,
    /// The messages' responses, in message order (decoded from `data`).
    pub msg_responses: Vec<MsgResponse>,
    /// `[{type, attributes: [{key, value, index}]}]`
    pub events: Vec<Event>,
}

/// An ABCI event of the result.
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

/// One message's response: its type URL and its protobuf bytes in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MsgResponse {
    #[serde(rename = "@type")]
    pub type_url: String,
    pub value: String,
}

/// The result data as bytes. CometBFT's JSON-RPC carries it base64-encoded and the RPC
/// client hands over that text undecoded (tendermint-rs issue 1251), so base64 text is decoded;
/// raw bytes (an encoded `TxMsgData` starts with a byte no base64 text has) pass through.
fn result_bytes(data: &[u8]) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_else(|_| data.to_vec())
}

/// The responses in a result's `data` (none when it is empty or not a `TxMsgData`).
fn msg_responses(data: &[u8]) -> Vec<MsgResponse> {
    TxMsgData::decode(data)
        .map(|d| {
            d.msg_responses
                .into_iter()
                .map(|a| MsgResponse { type_url: a.type_url, value: hex::encode_upper(a.value) })
                .collect()
        })
        .unwrap_or_default()
}

impl TxOutcome {
    /// An outcome known only by hash (broadcast without waiting).
    pub fn pending(txhash: String) -> Self {
        Self {
            txhash,
            height: 0,
            code: 0,
            codespace: String::new(),
            raw_log: String::new(),
            gas_wanted: 0,
            gas_used: 0,
            data: String::new(),
            msg_responses: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The result of a transaction included in a block (CometBFT `/tx`).
    pub fn from_included(response: &tx::Response) -> Self {
        let result = &response.tx_result;
        Self {
            txhash: response.hash.to_string(),
            height: response.height.value(),
            code: result.code.value(),
            codespace: result.codespace.clone(),
            raw_log: result.log.clone(),
            gas_wanted: result.gas_wanted,
            gas_used: result.gas_used,
            data: hex::encode_upper(result_bytes(&result.data)),
            msg_responses: msg_responses(&result_bytes(&result.data)),
            events: result
                .events
                .iter()
                .map(|e| Event {
                    kind: e.kind.clone(),
                    attributes: e
                        .attributes
                        .iter()
                        .map(|a| Attribute {
                            key: String::from_utf8_lossy(a.key_bytes()).into_owned(),
                            value: String::from_utf8_lossy(a.value_bytes()).into_owned(),
                            index: a.index(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    pub fn is_success(&self) -> bool {
        self.code == 0
    }
}

impl Render for TxOutcome {
    fn text(&self) -> String {
        let mut text = format!("txhash:  {}\n", self.txhash);
        if self.height > 0 {
            text.push_str(&format!("height:  {}\n", self.height));
        }
        if self.is_success() {
            text.push_str("code:    0 (success)\n");
        } else {
            text.push_str(&format!(
                "code:    {} (codespace {:?}) FAILED\n",
                self.code, self.codespace
            ));
        }
        if self.gas_wanted != 0 || self.gas_used != 0 {
            text.push_str(&format!(
                "gas:     {} used / {} wanted\n",
                self.gas_used, self.gas_wanted
            ));
        }
        if !self.raw_log.is_empty() {
            text.push_str(&format!("raw log: {}\n", self.raw_log));
        }
        if !self.msg_responses.is_empty() {
            text.push_str("responses:\n");
            for r in &self.msg_responses {
                text.push_str(&format!("  {} {}\n", r.type_url, r.value));
            }
        }
        if !self.events.is_empty() {
            text.push_str("events:\n");
            for event in &self.events {
                let attrs: Vec<String> =
                    event.attributes.iter().map(|a| format!("{}={}", a.key, a.value)).collect();
                text.push_str(&format!("  {}: {}\n", event.kind, attrs.join(", ")));
            }
        }
        text
    }
}

#[cfg(test)]
#[path = "../../tests/unit/tx_outcome.rs"]
mod tests;
