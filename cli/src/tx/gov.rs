//! `openledger tx gov ...` overrides: proposals from a file (`proposal.rs`), the model
//! approval proposal, votes (split ones as `yes=0.6,no=0.4`), deposits and gOPEN with their
//! older names and positional arguments. Every other message is generated.

use anyhow::{bail, Context as _};
use clap::{value_parser, Arg, ArgMatches, Command};
use cosmos_sdk_proto::Any;
use prost_reflect::Value;
use serde_json::json;

use super::flow::Signer;
use super::spec::TxSpec;
use super::values::{self, positive};
use super::{proposal, Entry};
use crate::address;
use crate::amount;
use crate::context::Context;
use crate::dec::{self, Dec};
use crate::query::spec;
use crate::rpc::paths;
use crate::schema::args::Options;
use crate::schema::pool;
use crate::schema::text::cell;
use crate::schema::value::enum_number;

pub fn overrides() -> Vec<Entry> {
    let submit = Command::new("submit-proposal")
        .about("Submit a proposal from a JSON file (the Cosmos SDK format)")
        .long_about(proposal::HELP)
        .arg(Arg::new("file").required(true).help("Proposal JSON file"));
    let flag = |id: &'static str, help: &'static str| Arg::new(id).long(id).help(help);
    let approve = Command::new("propose-model-approval")
        .about("Submit a proposal that approves a PROPOSED model (one MsgApproveModel)")
        .arg(
            Arg::new("model_id")
                .required(true)
                .value_parser(value_parser!(u64).range(1..))
                .value_name("MODEL_ID")
                .help("Model id (the model must be PROPOSED)"),
        )
        .arg(
            flag("deposit", "Initial deposit, e.g. 1000OPEN")
                .required(true)
                .value_name("AMOUNT")
                .allow_hyphen_values(true)
                .value_parser(|s: &str| amount::parse_positive_coins(s).map(|_| s.to_owned())),
        )
        .arg(flag(
            "title",
            "Proposal title [default: \"Approve model ID: NAME\"]",
        ))
        .arg(flag(
            "summary",
            "Proposal summary [default: the model's name, base model, creator and datanets]",
        ))
        .arg(flag("metadata", "Proposal metadata, e.g. an ipfs:// link").default_value(""));
    let spec = |name, msg, positional: &[&str]| {
        TxSpec::new(name, msg, positional, &[]).parser("proposal_id", positive)
    };
    let weighted = spec(
        "weighted-vote",
        "cosmos.gov.v1.MsgVoteWeighted",
        &["proposal_id", "options"],
    )
    .about("Split a vote over several options, e.g. yes=0.6,no=0.4 (weights sum to 1)")
    .parser("options", weighted_options);
    vec![
        Entry::Custom(submit, |_, m, signer| {
            Box::pin(async move { submit_proposal(m, signer) })
        }),
        Entry::Custom(approve, |ctx, m, signer| {
            Box::pin(propose_model_approval(ctx, m, signer))
        }),
        spec(
            "deposit",
            "cosmos.gov.v1.MsgDeposit",
            &["proposal_id", "amount"],
        )
        .into(),
        spec("vote", "cosmos.gov.v1.MsgVote", &["proposal_id", "option"]).into(),
        weighted.into(),
        TxSpec::new("lock", "openledger.gov.v1.MsgLock", &["amount"], &[]).into(),
        TxSpec::new(
            "unlock",
            "openledger.gov.v1.MsgBeginUnlock",
            &["amount"],
            &[],
        )
        .into(),
    ]
}

/// `yes=0.6,no=0.4`: distinct options with positive weights summing to exactly 1.
fn weighted_options(s: &str) -> Result<Value, String> {
    let option = pool()
        .get_enum_by_name("cosmos.gov.v1.VoteOption")
        .ok_or("no VoteOption in the descriptor set")?;
    let mut seen = Vec::new();
    let mut total = Dec::ZERO;
    let mut items = Vec::new();
    for part in s.split(',') {
        let (name, weight) = part.split_once('=').ok_or_else(|| {
            format!("invalid weighted option {part:?}: expected option=weight, e.g. yes=0.6")
        })?;
        let number = enum_number(&option, name)?;
        let weight = dec::parse(weight).map_err(|e| format!("weight of {name}: {e}"))?;
        if weight == Dec::ZERO {
            return Err(format!("the weight of {name} must be greater than 0"));
        }
        if seen.contains(&number) {
            return Err(format!("option {name} appears more than once"));
        }
        seen.push(number);
        total = total
            .checked_add(weight)
            .ok_or("the weights are too large")?;
        let json = json!({"option": number, "weight": weight.to_string()});
        items.push(values::message("cosmos.gov.v1.WeightedVoteOption", json)?);
    }
    if total != Dec::ONE {
        return Err(format!(
            "the weights must sum to exactly 1, they sum to {}",
            dec::short_string(total)
        ));
    }
    Ok(Value::List(items))
}

fn submit_proposal(m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let path = m
        .get_one::<String>("file")
        .context("no proposal file given")?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the proposal file {path}"))?;
    let invalid = || format!("invalid proposal file {path}");
    let file = serde_json::from_str(&text).with_context(invalid)?;
    Ok(vec![
        proposal::build(file, signer.account.as_ref()).with_context(invalid)?
    ])
}

/// Reads the model (it must be PROPOSED), then proposes one `MsgApproveModel`.
async fn propose_model_approval(
    ctx: &Context,
    m: &ArgMatches,
    signer: &Signer,
) -> anyhow::Result<Vec<Any>> {
    let model_id = m.get_one::<u64>("model_id").copied().unwrap_or_default();
    let request = json!({ "model_id": model_id });
    let doc = spec::classic(ctx, paths::models::MODEL, request, None, false)
        .await
        .with_context(|| format!("cannot read model {model_id}"))?;
    let (model, stage) = (&doc["model"], cell(&doc["model"], "stage"));
    match stage.as_str() {
        "-" => bail!("model {model_id} not found"),
        "MODEL_STAGE_PROPOSED" => {}
        _ => {
            bail!("model {model_id} is {stage}: only a MODEL_STAGE_PROPOSED model can be approved")
        }
    }
    let versions = model["datanet_versions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let refs: Vec<String> = versions
        .iter()
        .map(|r| format!("{}:{}", cell(r, "datanet_id"), cell(r, "version")))
        .collect();
    let [name, base, creator] = ["name", "base_model", "creator"].map(|key| cell(model, key));
    let text = |id: &str| m.get_one::<String>(id).cloned();
    let title = text("title").unwrap_or_else(|| format!("Approve model {model_id}: {name}"));
    let summary = text("summary").unwrap_or_else(|| {
        format!(
            "Approve model {model_id} ({name:?}, base model {base:?}) proposed by {creator}, \
             trained on datanet versions {}.",
            refs.join(", ")
        )
    });
    let deposit = text("deposit").unwrap_or_default();
    let approve = json!({
        "@type": "/openledger.models.v1.MsgApproveModel",
        "authority": address::gov_authority()?.to_string(), "model_id": model_id,
    });
    let file = json!({
        "messages": [approve], "deposit": deposit, "title": title, "summary": summary,
        "metadata": text("metadata").unwrap_or_default(),
    });
    Ok(vec![proposal::build(file, signer.account.as_ref())?])
}
