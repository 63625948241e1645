//! Governance proposal files, in the Cosmos SDK's format (`simd tx gov submit-proposal`):
//!
//! ```json
//! {"messages": [{"@type": "/cosmos.slashing.v1beta1.MsgUpdateParams", "authority": "open1...",
//!                "params": {...}}],
//!  "metadata": "...", "deposit": "1000OPEN", "title": "...", "summary": "...", "expedited": false}
//! ```
//!
//! The file is the JSON of `MsgSubmitProposal` with `deposit` for `initial_deposit`. A message may
//! be any the chain accepts whose signer is the gov module account (`authority`), in proto3 JSON
//! or the classic form the queries print; each is checked by its module.

use anyhow::{bail, Context as _};
use cosmos_sdk_proto::cosmos::gov::v1::MsgSubmitProposal;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::Value as Json;

use super::accept;
use super::spec::to_any;
use crate::address;
use crate::schema::{self, parse, pool};

const MSG_SUBMIT_PROPOSAL: &str = "cosmos.gov.v1.MsgSubmitProposal";

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

/// Each message must be of a proposal type and name the gov module account as its authority.
fn check_message(index: usize, msg: &Json, gov: &str) -> anyhow::Result<()> {
    let Some(type_url) = msg["@type"].as_str() else {
        bail!("messages[{index}]: has no \"@type\" (write e.g. \"@type\": \"/cosmos.staking.v1beta1.MsgUpdateParams\")");
    };
    let supported = proposal_types();
    if !supported.iter().any(|t| t == type_url) {
        bail!(
            "messages[{index}]: unsupported message type {type_url:?}; supported: {}",
            supported.join(", ")
        );
    }
    let authority = msg["authority"].as_str().unwrap_or_default();
    if authority != gov {
        bail!("messages[{index}] ({type_url}): the authority must be the gov module account {gov}, not {authority:?}");
    }
    Ok(())
}

/// The `MsgSubmitProposal` of a proposal file, proposed by `proposer`: the file is the
/// message's JSON, with `deposit` for `initial_deposit` (coins as `"1000OPEN"` or a list).
pub fn build(file: Json, proposer: &str) -> anyhow::Result<Any> {
    let Json::Object(mut file) = file else {
        bail!("expected a JSON object with messages, deposit, title and summary");
    };
    let text = |key: &str| {
        file.get(key)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .trim()
    };
    if text("title").is_empty() || text("summary").is_empty() {
        bail!("title and summary must not be empty");
    }
    let gov = address::gov_authority()?.to_string();
    let messages = file
        .get("messages")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    for (index, msg) in messages.iter().enumerate() {
        check_message(index, msg, &gov)?;
    }
    match file.remove("deposit") {
        Some(Json::String(none)) if none.trim().is_empty() => {}
        Some(deposit) => drop(file.insert("initial_deposit".to_owned(), deposit)),
        None => {}
    }
    file.insert("proposer".to_owned(), Json::String(proposer.to_owned()));
    let desc = pool()
        .get_message_by_name(MSG_SUBMIT_PROPOSAL)
        .context("no MsgSubmitProposal")?;
    let msg = parse::message(&desc, Json::Object(file)).map_err(anyhow::Error::msg)?;
    // each message is checked by its module, as the chain will when the proposal passes
    let proposal = MsgSubmitProposal::decode(to_any(&msg).value.as_slice())?;
    for (index, any) in proposal.messages.into_iter().enumerate() {
        accept::check(any).with_context(|| format!("messages[{index}]"))?;
    }
    Ok(to_any(&msg))
}
