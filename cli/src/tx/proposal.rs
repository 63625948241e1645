//! Governance proposal files, in the Cosmos SDK's format (`simd tx gov submit-proposal`):
//!
//! ```json
//! {"messages": [{"@type": "/cosmos.slashing.v1beta1.MsgUpdateParams", "authority": "open1...",
//!                "params": {...}}],
//!  "metadata": "...", "deposit": "1000OPEN", "title": "...", "summary": "...", "expedited": false}
//! ```
//!
//! A message may be any the chain accepts whose signer is the gov module account (`authority`),
//! in proto3 JSON or the classic form the queries print; each is checked by its module.

use anyhow::{bail, Context as _};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmos_sdk_proto::cosmos::gov::v1::MsgSubmitProposal;
use cosmos_sdk_proto::Any;
use serde::Deserialize;
use serde_json::Value as Json;

use super::accept;
use super::spec::to_any;
use crate::address;
use crate::amount;
use crate::schema::{self, parse, pool};

pub const HELP: &str = "Submit a proposal from a JSON file (the Cosmos SDK format)

The file:
  {\"messages\": [{\"@type\": \"/cosmos.slashing.v1beta1.MsgUpdateParams\",
                 \"authority\": \"<output of: openledger query gov authority>\",
                 \"params\": {<every field, as `openledger query slashing params` prints them>}}],
   \"metadata\": \"\", \"deposit\": \"1000OPEN\", \"title\": \"...\", \"summary\": \"...\"}

A file without messages is a text proposal. A message may be any message the chain accepts
whose signer is the gov module account (the MsgUpdateParams of every module,
MsgCommunityPoolSpend, MsgUpdateTxParams, MsgUpdateEvidenceParams, MsgUpdateGovLimits,
MsgApproveModel, MsgRejectModel, MsgSlashOperator, ...).";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalFile {
    #[serde(default)]
    messages: Vec<Json>,
    #[serde(default)]
    metadata: String,
    #[serde(default)]
    deposit: Option<Json>,
    title: String,
    summary: String,
    #[serde(default)]
    expedited: bool,
}

/// The types a proposal may carry: those the chain accepts that the gov module account signs.
fn proposal_types() -> Vec<String> {
    let messages = schema::MODULES.iter().flat_map(|m| m.methods("Msg"));
    messages
        .map(|m| m.input())
        .filter(|d| schema::signer(d).is_some_and(|f| f.name() == "authority"))
        .map(|d| format!("/{}", d.full_name()))
        .filter(|t| accept::is_accepted(t))
        .collect()
}

fn message(index: usize, mut json: Json, gov: &str) -> anyhow::Result<Any> {
    let type_url = match json.as_object_mut().and_then(|m| m.remove("@type")) {
        Some(Json::String(t)) => t,
        _ => bail!("messages[{index}]: has no \"@type\" (write e.g. \"@type\": \"/cosmos.staking.v1beta1.MsgUpdateParams\")"),
    };
    let supported = proposal_types();
    if !supported.contains(&type_url) {
        bail!(
            "messages[{index}]: unsupported message type {type_url:?}; supported: {}",
            supported.join(", ")
        );
    }
    let authority = json["authority"].as_str().unwrap_or_default();
    if authority != gov {
        bail!("messages[{index}] ({type_url}): the authority must be the gov module account {gov}, not {authority:?}");
    }
    let desc = pool()
        .get_message_by_name(type_url.trim_start_matches('/'))
        .with_context(|| format!("messages[{index}]: unknown type {type_url}"))?;
    let msg = parse::message(&desc, json)
        .map_err(|e| anyhow::anyhow!("messages[{index}] ({type_url}): {e}"))?;
    accept::check(to_any(&msg)).with_context(|| format!("messages[{index}]"))
}

/// The deposit: coins as text (`"1000OPEN"`) or as `[{"denom", "amount"}]`.
fn deposit(value: Option<Json>) -> anyhow::Result<Vec<ProtoCoin>> {
    let expected =
        "deposit: expected coins like \"1000OPEN\" or [{\"denom\": ..., \"amount\": ...}]";
    let text = match value {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::String(text)) => text,
        Some(Json::Array(items)) => {
            let coin = |c: &Json| match (&c["amount"], c["denom"].as_str()) {
                (Json::String(a), Some(d)) => Some(format!("{a}{d}")),
                (Json::Number(a), Some(d)) => Some(format!("{a}{d}")),
                _ => None,
            };
            let coins: Option<Vec<String>> = items.iter().map(coin).collect();
            coins.context(expected)?.join(",")
        }
        Some(_) => bail!(expected),
    };
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let coins = amount::parse_coins(&text).context("deposit")?;
    Ok(coins.iter().map(amount::Coin::to_proto).collect())
}

/// The `MsgSubmitProposal` of a proposal file, proposed by `proposer`.
pub fn parse(text: &str, proposer: &str) -> anyhow::Result<MsgSubmitProposal> {
    let file: ProposalFile = serde_json::from_str(text)?;
    if file.title.trim().is_empty() || file.summary.trim().is_empty() {
        bail!("title and summary must not be empty");
    }
    let gov = address::gov_authority()?.to_string();
    let messages = file
        .messages
        .into_iter()
        .enumerate()
        .map(|(i, m)| message(i, m, &gov))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(MsgSubmitProposal {
        messages,
        initial_deposit: deposit(file.deposit)?,
        proposer: proposer.to_owned(),
        metadata: file.metadata,
        title: file.title,
        summary: file.summary,
        expedited: file.expedited,
    })
}
