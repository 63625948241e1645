//! `openledger query tx HASH`: a transaction's content, decoded through the descriptors
//! (messages in the classic form), and its result.

use clap::{Arg, ArgMatches, Command};
use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
use prost::Message;
use prost_reflect::DynamicMessage;
use serde_json::{json, Value as Json};
use tendermint::Hash;

use super::Entry;
use crate::address;
use crate::context::Context;
use crate::output;
use crate::schema::render::{self, Style};
use crate::schema::text::{amount_text, cell};
use crate::schema::value::hex_bytes;
use crate::tx::outcome;

pub fn entry() -> Entry {
    let cmd = Command::new("tx")
        .about("Show a transaction by hash: messages, fee, signer, result code, log and events")
        .arg(
            Arg::new("hash")
                .required(true)
                .help("Transaction hash: 64 hex characters"),
        );
    Entry::Custom(cmd, |ctx, m| Box::pin(run(ctx, m)))
}

async fn run(ctx: &Context, m: &ArgMatches) -> anyhow::Result<()> {
    let hash = parse_hash(m.get_one::<String>("hash").map_or("", String::as_str))?;
    let rpc = ctx.rpc()?;
    let response = match rpc.tx(hash).await {
        Ok(response) => response,
        Err(err) if err.is_not_found() => anyhow::bail!(
            "transaction {hash} not found on {} (not in a block yet, or the node does not \
             index transactions)",
            rpc.url()
        ),
        Err(err) => {
            return Err(
                anyhow::Error::new(err).context(format!("cannot query /tx on {}", rpc.url()))
            )
        }
    };
    let mut doc = outcome::included(&response);
    match decode(&response.tx) {
        Ok(tx) => doc["tx"] = tx,
        Err(err) => doc["decode_error"] = Json::String(err),
    }
    output::emit_doc(ctx.output, &doc, &|doc| {
        format!("{}{}", text(doc), outcome::text(doc))
    })
}

/// A hex transaction hash (either case, `0x` optional).
pub fn parse_hash(input: &str) -> anyhow::Result<Hash> {
    let bytes: [u8; 32] = hex_bytes(input)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            anyhow::anyhow!("invalid transaction hash {input:?}: expected 64 hex characters")
        })?;
    Ok(Hash::Sha256(bytes))
}

fn dynamic(name: &str, bytes: &[u8]) -> Result<Json, String> {
    let desc = crate::schema::pool()
        .get_message_by_name(name)
        .ok_or("unknown type")?;
    let msg = DynamicMessage::decode(desc, bytes).map_err(|e| format!("invalid {name}: {e}"))?;
    Ok(render::message(&msg, Style::Classic))
}

/// `{messages, memo, timeout_height, fee, signers: [{address, pubkey, sequence, sign_mode}]}`.
fn decode(bytes: &[u8]) -> Result<Json, String> {
    let raw = TxRaw::decode(bytes).map_err(|e| format!("not a TxRaw: {e}"))?;
    let body = dynamic("cosmos.tx.v1beta1.TxBody", &raw.body_bytes)?;
    let auth = dynamic("cosmos.tx.v1beta1.AuthInfo", &raw.auth_info_bytes)?;
    let signers: Vec<Json> = auth["signer_infos"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|info| {
            let key = info["public_key"]["key"].as_str().unwrap_or_default();
            json!({
                "address": signer_address(key),
                "pubkey": info["public_key"],
                "sequence": info["sequence"],
                "sign_mode": info["mode_info"]["single"]["mode"].as_str().unwrap_or("multisig"),
            })
        })
        .collect();
    Ok(json!({
        "messages": body["messages"], "memo": body["memo"], "timeout_height": body["timeout_height"],
        "fee": auth["fee"], "signers": signers,
    }))
}

/// The account address of a secp256k1 key in base64.
fn signer_address(key: &str) -> Json {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap_or_default();
    let key =
        tendermint::PublicKey::from_raw_secp256k1(&bytes).map(cosmrs::crypto::PublicKey::from);
    match key.map(|k| address::from_public_key(&k)) {
        Some(Ok(id)) => Json::String(id.to_string()),
        _ => Json::Null,
    }
}

/// One line per message (a transfer's amounts, else its type), the memo, fee and signers.
fn text(doc: &Json) -> String {
    let mut out = String::new();
    if let Some(err) = doc["decode_error"].as_str() {
        out.push_str(&format!("(cannot decode the transaction: {err})\n"));
    }
    let tx = &doc["tx"];
    let coins = |v: &Json| {
        let list = v.as_array().cloned().unwrap_or_default();
        let shown: Vec<String> = list
            .iter()
            .map(|c| amount_text(&cell(c, "amount"), &cell(c, "denom")))
            .collect();
        if shown.is_empty() {
            "none".to_owned()
        } else {
            shown.join(", ")
        }
    };
    for msg in tx["messages"].as_array().into_iter().flatten() {
        let line = match msg["@type"].as_str() {
            Some("/cosmos.bank.v1beta1.MsgSend") => format!(
                "send {} from {} to {}",
                coins(&msg["amount"]),
                cell(msg, "from_address"),
                cell(msg, "to_address")
            ),
            other => other.unwrap_or("?").to_owned(),
        };
        out.push_str(&format!("  - {line}\n"));
    }
    if !out.is_empty() {
        out.insert_str(0, "messages:\n");
    }
    if let Some(memo) = tx["memo"].as_str().filter(|m| !m.is_empty()) {
        out.push_str(&format!("memo:    {memo}\n"));
    }
    if tx.is_object() {
        let gas = cell(&tx["fee"], "gas_limit");
        out.push_str(&format!(
            "fee:     {} (gas limit {gas})\n",
            coins(&tx["fee"]["amount"])
        ));
    }
    for s in tx["signers"].as_array().into_iter().flatten() {
        let (who, sequence, mode) = (
            cell(s, "address"),
            cell(s, "sequence"),
            cell(s, "sign_mode"),
        );
        out.push_str(&format!("signer:  {who} sequence {sequence} ({mode})\n"));
    }
    out
}

#[cfg(test)]
#[path = "../../tests/unit/query_tx.rs"]
mod tests;
