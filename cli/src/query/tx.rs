//! `openledger query tx HASH`: a transaction's content and result.

use clap::{Args, Command, FromArgMatches};
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, TxBody, TxRaw};
use cosmos_sdk_proto::Any;
use cosmrs::crypto::PublicKey;
use prost::Message;
use prost_reflect::DynamicMessage;
use serde::Serialize;
use tendermint::Hash;

use super::Entry;
use crate::address;
use crate::amount::Coin;
use crate::context::Context;
use crate::output::{self, Render};
use crate::schema::render::{self, Style};
use crate::schema::text::amount_text;
use crate::tx::outcome::TxOutcome;

#[derive(Debug, Args)]
pub struct TxArgs {
    /// Transaction hash: 64 hex characters (as printed by `tx` commands)
    pub hash: String,
}

pub fn entry() -> Entry {
    let about = "Show a transaction by hash: messages, fee, signer, result code, log and events";
    let cmd = TxArgs::augment_args(Command::new("tx").about(about));
    Entry::Custom(cmd, |ctx, m| {
        Box::pin(async move { run(ctx, &TxArgs::from_arg_matches(m)?).await })
    })
}

pub async fn run(ctx: &Context, args: &TxArgs) -> anyhow::Result<()> {
    let hash = parse_hash(&args.hash)?;
    let rpc = ctx.rpc()?;
    let response = match rpc.tx(hash).await {
        Ok(response) => response,
        Err(err) if err.is_not_found() => anyhow::bail!(
            "transaction {hash} not found on {} (not in a block yet, or the node does not index transactions)",
            rpc.url()
        ),
        Err(err) => return Err(anyhow::Error::new(err).context(format!("cannot query /tx on {}", rpc.url()))),
    };
    let (tx, decode_error) = match decode_tx(&response.tx) {
        Ok(tx) => (Some(tx), None),
        Err(err) => (None, Some(err)),
    };
    output::emit(
        ctx.output,
        &TxDetails {
            result: TxOutcome::from_included(&response),
            tx,
            decode_error,
        },
    )
}

/// Parses a hex transaction hash (either case, optional `0x`).
pub fn parse_hash(input: &str) -> anyhow::Result<Hash> {
    let trimmed = input.trim();
    let hex_part = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    let bytes = hex::decode(hex_part).map_err(|_| {
        anyhow::anyhow!("invalid transaction hash {input:?}: expected 64 hex characters")
    })?;
    let array: [u8; 32] = bytes.try_into().map_err(|_| {
        anyhow::anyhow!("invalid transaction hash {input:?}: expected 64 hex characters")
    })?;
    Ok(Hash::Sha256(array))
}

#[derive(Debug, Serialize)]
struct TxDetails {
    #[serde(flatten)]
    result: TxOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    tx: Option<DecodedTx>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decode_error: Option<String>,
}

#[derive(Debug, Serialize)]
struct DecodedTx {
    messages: Vec<serde_json::Value>,
    #[serde(skip)]
    message_summaries: Vec<String>,
    memo: String,
    timeout_height: u64,
    fee: FeeView,
    signers: Vec<SignerView>,
}

#[derive(Debug, Serialize)]
struct FeeView {
    amount: Vec<Coin>,
    gas_limit: u64,
    payer: String,
    granter: String,
}

#[derive(Debug, Serialize)]
struct SignerView {
    address: Option<String>,
    pubkey: Option<PublicKey>,
    sequence: u64,
    sign_mode: String,
}

fn decode_tx(bytes: &[u8]) -> Result<DecodedTx, String> {
    let raw = TxRaw::decode(bytes).map_err(|e| format!("not a TxRaw: {e}"))?;
    let body =
        TxBody::decode(raw.body_bytes.as_slice()).map_err(|e| format!("invalid body: {e}"))?;
    let auth_info = AuthInfo::decode(raw.auth_info_bytes.as_slice())
        .map_err(|e| format!("invalid auth info: {e}"))?;
    let fee = auth_info.fee.unwrap_or_default();
    let fee = FeeView {
        amount: fee
            .amount
            .iter()
            .map(Coin::from_proto)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("invalid fee: {e}"))?,
        gas_limit: fee.gas_limit,
        payer: fee.payer,
        granter: fee.granter,
    };
    let signers = auth_info
        .signer_infos
        .iter()
        .map(|info| {
            let pubkey = info
                .public_key
                .as_ref()
                .and_then(|pk| PublicKey::try_from(pk).ok());
            let address = pubkey
                .as_ref()
                .and_then(|pk| address::from_public_key(pk).ok())
                .map(|a| a.to_string());
            let sign_mode = match info.mode_info.as_ref().and_then(|m| m.sum.as_ref()) {
                Some(mode_info::Sum::Single(single)) => SignMode::try_from(single.mode)
                    .map(|m| m.as_str_name().to_owned())
                    .unwrap_or_else(|_| format!("unknown ({})", single.mode)),
                Some(mode_info::Sum::Multi(_)) => "multisig".to_owned(),
                None => "unspecified".to_owned(),
            };
            SignerView {
                address,
                pubkey,
                sequence: info.sequence,
                sign_mode,
            }
        })
        .collect();
    let (messages, message_summaries) = body.messages.iter().map(describe_message).unzip();
    Ok(DecodedTx {
        messages,
        message_summaries,
        memo: body.memo,
        timeout_height: body.timeout_height,
        fee,
        signers,
    })
}

/// A message in the classic form (types the descriptor set does not know as hex), and a
/// one-line summary: the amounts of a transfer, else its type.
fn describe_message(any: &Any) -> (serde_json::Value, String) {
    let json = crate::schema::pool()
        .get_message_by_name("google.protobuf.Any")
        .and_then(|desc| DynamicMessage::decode(desc, any.encode_to_vec().as_slice()).ok())
        .map(|msg| render::message(&msg, Style::Classic))
        .unwrap_or_default();
    let summary = match (any.type_url.as_str(), json["amount"].as_array()) {
        ("/cosmos.bank.v1beta1.MsgSend", Some(amounts)) => {
            let coins: Vec<String> = amounts
                .iter()
                .map(|c| {
                    amount_text(
                        c["amount"].as_str().unwrap_or(""),
                        c["denom"].as_str().unwrap_or(""),
                    )
                })
                .collect();
            format!(
                "send {} from {} to {}",
                coins.join(", "),
                json["from_address"].as_str().unwrap_or_default(),
                json["to_address"].as_str().unwrap_or_default()
            )
        }
        (type_url, _) => format!("{type_url} ({} bytes)", any.value.len()),
    };
    (json, summary)
}

impl Render for TxDetails {
    fn text(&self) -> String {
        let mut text = String::new();
        if let Some(tx) = &self.tx {
            text.push_str("messages:\n");
            for summary in &tx.message_summaries {
                text.push_str(&format!("  - {summary}\n"));
            }
            if !tx.memo.is_empty() {
                text.push_str(&format!("memo:    {}\n", tx.memo));
            }
            let fee = if tx.fee.amount.is_empty() {
                "none".to_owned()
            } else {
                tx.fee
                    .amount
                    .iter()
                    .map(Coin::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            text.push_str(&format!(
                "fee:     {fee} (gas limit {})\n",
                tx.fee.gas_limit
            ));
            for signer in &tx.signers {
                text.push_str(&format!(
                    "signer:  {} sequence {} ({})\n",
                    signer.address.as_deref().unwrap_or("unknown"),
                    signer.sequence,
                    signer.sign_mode
                ));
            }
        }
        if let Some(err) = &self.decode_error {
            text.push_str(&format!("(cannot decode the transaction: {err})\n"));
        }
        text.push_str(&self.result.text());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_parse_in_any_case() {
        let upper = "A".repeat(64);
        assert_eq!(parse_hash(&upper).unwrap().to_string(), upper);
        assert_eq!(
            parse_hash(&format!("0x{}", "a".repeat(64)))
                .unwrap()
                .to_string(),
            upper
        );
        assert!(parse_hash("abc").is_err());
        assert!(parse_hash(&"g".repeat(64)).is_err());
    }

    #[test]
    fn unknown_messages_are_shown_raw() {
        let any = Any {
            type_url: "/openledger.models.v1.MsgRegister".into(),
            value: vec![1, 2, 3],
        };
        let (json, summary) = describe_message(&any);
        assert_eq!(json["value_hex"], "010203");
        assert_eq!(json["@type"], "/openledger.models.v1.MsgRegister");
        assert!(summary.contains("3 bytes"));
    }
}
