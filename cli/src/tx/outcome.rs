//! The result of a transaction as the chain reports it, for `tx ...` and `query tx`:
//! `{txhash, height, code, codespace, raw_log, gas_wanted, gas_used, data, msg_responses,
//! events}`, with the result data in uppercase hex as in the SDK's `TxResponse`, the messages'
//! responses (`[{"@type", value}]`, decoded from the data) and the events
//! (`[{type, attributes: [{key, value, index}]}]`). Height 0: not in a block (yet).

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use prost::Message;
use serde_json::{json, Value as Json};
use tendermint::abci;
use tendermint_rpc::endpoint::tx;

use crate::schema::text::{cell, labelled};

/// The result data as bytes. CometBFT's JSON-RPC carries it base64-encoded and the RPC
/// client hands over that text undecoded (tendermint-rs issue 1251), so base64 text is decoded;
/// raw bytes (an encoded `TxMsgData` starts with a byte no base64 text has) pass through.
pub fn result_bytes(data: &[u8]) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap_or_else(|_| data.to_vec())
}

/// The responses in a result's `data` (none when it is empty or not a `TxMsgData`).
fn msg_responses(data: &[u8]) -> Vec<Json> {
    let responses = TxMsgData::decode(data)
        .map(|d| d.msg_responses)
        .unwrap_or_default();
    let response = |a: cosmos_sdk_proto::Any| json!({"@type": a.type_url, "value": hex::encode_upper(a.value)});
    responses.into_iter().map(response).collect()
}

/// An outcome known only by hash (broadcast without waiting), or by its mempool check.
pub fn pending(txhash: &str, code: u32, codespace: &str, log: &str) -> Json {
    json!({
        "txhash": txhash, "height": 0, "code": code, "codespace": codespace, "raw_log": log,
        "gas_wanted": 0, "gas_used": 0, "data": "", "msg_responses": [], "events": [],
    })
}

/// The result of a transaction included in a block (CometBFT `/tx`).
pub fn included(response: &tx::Response) -> Json {
    let result = &response.tx_result;
    let data = result_bytes(&result.data);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let attribute = |a: &abci::EventAttribute| json!({"key": text(a.key_bytes()), "value": text(a.value_bytes()), "index": a.index()});
    let event = |e: &abci::Event| json!({"type": e.kind, "attributes": e.attributes.iter().map(attribute).collect::<Vec<_>>()});
    let events: Vec<Json> = result.events.iter().map(event).collect();
    json!({
        "txhash": response.hash.to_string(), "height": response.height.value(),
        "code": result.code.value(), "codespace": result.codespace, "raw_log": result.log,
        "gas_wanted": result.gas_wanted, "gas_used": result.gas_used,
        "data": hex::encode_upper(&data), "msg_responses": msg_responses(&data), "events": events,
    })
}

/// The outcome as text: hash, height, code, gas, log, responses and events.
pub fn text(doc: &Json) -> String {
    let number = |key: &str| doc[key].as_i64().unwrap_or(0);
    let mut rows = vec![("txhash", cell(doc, "txhash"))];
    if number("height") > 0 {
        rows.push(("height", number("height").to_string()));
    }
    rows.push(match number("code") {
        0 => ("code", "0 (success)".to_owned()),
        code => (
            "code",
            format!("{code} (codespace {:?}) FAILED", cell(doc, "codespace")),
        ),
    });
    if number("gas_wanted") != 0 || number("gas_used") != 0 {
        rows.push((
            "gas",
            format!(
                "{} used / {} wanted",
                number("gas_used"),
                number("gas_wanted")
            ),
        ));
    }
    if !cell(doc, "raw_log").is_empty() {
        rows.push(("raw log", cell(doc, "raw_log")));
    }
    let mut text = labelled(&rows);
    let list = |key: &str| doc[key].as_array().cloned().unwrap_or_default();
    for (i, r) in list("msg_responses").iter().enumerate() {
        let head = if i == 0 { "\nresponses:" } else { "" };
        text.push_str(&format!(
            "{head}\n  {} {}",
            cell(r, "@type"),
            cell(r, "value")
        ));
    }
    for (i, event) in list("events").iter().enumerate() {
        let attributes = event["attributes"].as_array().cloned().unwrap_or_default();
        let attrs: Vec<String> = attributes
            .iter()
            .map(|a| format!("{}={}", cell(a, "key"), cell(a, "value")))
            .collect();
        let head = if i == 0 { "\nevents:" } else { "" };
        text.push_str(&format!(
            "{head}\n  {}: {}",
            cell(event, "type"),
            attrs.join(", ")
        ));
    }
    text.push('\n');
    text
}

#[cfg(test)]
#[path = "../../tests/unit/tx_outcome.rs"]
mod tests;
