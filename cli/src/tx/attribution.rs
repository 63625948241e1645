//! `openledger tx attribution ...` overrides: the older commands on the generated machinery
//! (amounts and operators as positional arguments, `--model`, attributions as `ID:PPM` lists),
//! `update-operator` (what is not given is read from the chain) and `record-batch`. Slashing
//! operators and the params go through governance. Every other message is generated.

use anyhow::{bail, Context as _};
use clap::{Arg, ArgGroup, ArgMatches, Command};
use cosmos_sdk_proto::Any;
use openledger_attribution::proto::{OperatorStatus, QueryOperatorRequest, QueryOperatorResponse};
use prost_reflect::Value;

use super::flow::Signer;
use super::spec::{to_any, TxSpec};
use super::values::{aopen_coin, hash32, positive, positive_aopen};
use super::{records, Entry};
use crate::context::Context;
use crate::rpc::paths;
use crate::schema::args::Options;

const MSG: &str = "openledger.attribution.v1.";

/// The command of a message, with its `model_id` (if any) as `--model`.
fn spec(name: &'static str, message: &str, about: &'static str, positional: &[&str]) -> TxSpec {
    let spec = TxSpec::new(name, &format!("{MSG}{message}"), about, positional, &[]);
    if spec.fields.desc.get_field_by_name("model_id").is_none() {
        return spec;
    }
    spec.arg("model_id", |a| a.long("model").value_name("N").help("The model (0: any model)"))
}

pub fn overrides() -> Vec<Entry> {
    let batch = Command::new("record-batch")
        .about("Record many inferences (at most 100) in one transaction, from a JSON file")
        .long_about(
            "Record many inferences (at most 100) in one transaction, from a JSON file\n\n\
             The file is an array of records:\n  \
             [{\"user\": \"open1...\", \"model_id\": 2, \"model_version\": 0,\n    \
             \"input_tokens\": 1000, \"output_tokens\": 2000,\n    \
             \"output_hash\": \"<64 hex>\", \"prompt_hash\": \"<64 hex, optional>\",\n    \
             \"request_id\": \"req-42\",\n    \
             \"attribution\": [{\"contribution_id\": 12, \"weight_ppm\": 250000},\n                    \
             {\"contribution_id\": 13, \"weight_ppm\": 750000}]}]\n\
             Each record becomes one MsgRecordInference; if one fails, none is recorded. Use\n\
             --gas auto: the default gas limit is meant for one message.",
        )
        .arg(Arg::new("file").required(true).help("JSON file: an array of 1 to 100 records"));
    let amount =
        |name, message, about| spec(name, message, about, &["amount"]).parser("amount", aopen_coin);
    vec![
        amount(
            "deposit",
            "MsgDeposit",
            "Deposit aopen into the --from account's inference balance",
        )
        .into(),
        amount(
            "withdraw",
            "MsgWithdraw",
            "Withdraw from the inference balance (all of it when no amount is given)",
        )
        .arg("amount", |a| a.required(false))
        .into(),
        spec(
            "grant",
            "MsgGrant",
            "Let an operator charge the --from account's inference balance, up to a limit",
            &["operator", "spend_limit"],
        )
        .parser("spend_limit", positive_aopen)
        .fix(|d| {
            if d.text("user") == d.text("operator") {
                bail!("a user cannot grant itself: the operator must be another account");
            }
            Ok(())
        })
        .into(),
        spec("revoke", "MsgRevoke", "Delete the grant of an operator", &["operator"]).into(),
        spec(
            "register-operator",
            "MsgRegisterOperator",
            "Register the --from account as an inference operator, bonding aopen",
            &["bond"],
        )
        .parser("bond", aopen_coin)
        .arg("endpoint", |a| a.required(true))
        .arg("models", |a| {
            a.required(true).value_name("IDS").help("Models served, as ids separated by commas")
        })
        .into(),
        Entry::Custom(update_spec().fields.cmd, |ctx, m, signer| {
            Box::pin(update_operator(ctx, m, signer))
        }),
        record().into(),
        Entry::Custom(batch, |ctx, m, signer| {
            Box::pin(async move { record_batch(ctx, m, signer) })
        }),
        spec(
            "claim",
            "MsgClaimRewards",
            "Claim the --from account's rewards: creator shares and contributor credits",
            &[],
        )
        .into(),
    ]
}

fn update_spec() -> TxSpec {
    spec(
        "update-operator",
        "MsgUpdateOperator",
        "Change an active operator's endpoint and models, or add to its bond",
        &[],
    )
    .arg("models", |a| {
        a.value_name("IDS").help("New list of models, replacing the current one (e.g. 1,2,3)")
    })
    .parser("add_bond", aopen_coin)
    .configure(|c| {
        c.group(
            ArgGroup::new("change")
                .required(true)
                .multiple(true)
                .args(["endpoint", "models", "add_bond"]),
        )
    })
}

/// `MsgUpdateOperator` replaces the endpoint and the models: those not given are read from the
/// chain, where the operator must be active.
async fn update_operator(
    ctx: &Context,
    m: &ArgMatches,
    signer: &Signer,
) -> anyhow::Result<Vec<Any>> {
    let spec = update_spec();
    let msg = spec.build_message(ctx, m, signer)?;
    let desc = spec.fields.desc.clone();
    let mut msg = prost_reflect::DynamicMessage::decode(desc, msg.value.as_slice())?;
    let (endpoint, models) = (m.contains_id("endpoint"), m.contains_id("models"));
    if !(endpoint && models) {
        let address = signer.account.to_string();
        let response: QueryOperatorResponse = ctx
            .rpc()?
            .query(
                paths::attribution::OPERATOR,
                &QueryOperatorRequest { address: address.clone() },
                None,
            )
            .await
            .with_context(|| format!("cannot read operator {address}"))?;
        let current =
            response.operator.with_context(|| format!("{address} is not a registered operator"))?;
        if current.status != OperatorStatus::Active as i32 {
            let status = OperatorStatus::try_from(current.status)
                .map_or("an unknown status", |s| s.as_str_name());
            bail!("operator {address} is not active ({status}): only an active operator can be updated");
        }
        if !endpoint {
            msg.set_field_by_name("endpoint", Value::String(current.endpoint));
        }
        if !models {
            msg.set_field_by_name(
                "models",
                Value::List(current.models.into_iter().map(Value::U64).collect()),
            );
        }
    }
    Ok(vec![to_any(&msg)])
}

fn record() -> TxSpec {
    spec(
        "record",
        "MsgRecordInference",
        "Record one inference served by the --from operator, paid from the user's inference balance",
        &[],
    )
    .arg("user", |a| a.required(true).help("The user whose inference balance pays (open1... or key name)"))
    .parser("model_id", positive)
    .arg("model_id", |a| a.required(true).help("Model id"))
    .arg("model_version", |a| a.long("version").value_name("N").help("Model version (0: the latest)"))
    .arg("input_tokens", |a| a.required(true))
    .arg("output_tokens", |a| a.required(true))
    .parser("output_hash", hash32)
    .arg("output_hash", |a| a.required(true).help("sha256 of the output, 64 hex characters"))
    .parser("prompt_hash", hash32)
    .arg("request_id", |a| a.required(true).help("The operator's id of the request (once per operator)"))
    .parser("attribution", records::list)
    .arg("attribution", |a| {
        a.value_name("ID:PPM,...")
            .help("Contributions and their weights in parts per million, summing to 1000000")
    })
    .extra(Arg::new("attribution-file").long("attribution-file").value_name("FILE").help(
        "A JSON file with the attribution instead: [{\"contribution_id\": 12, \"weight_ppm\": 250000}, ...]",
    ))
    .configure(|c| {
        c.group(ArgGroup::new("weights").required(true).args(["attribution", "attribution-file"]))
    })
    .fix(|d| {
        if let Some(path) = d.matches.get_one::<String>("attribution-file") {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --attribution-file {path}"))?;
            let entries = records::json_list(&text)
                .map_err(|e| anyhow::anyhow!("--attribution-file {path}: {e}"))?;
            d.set("attribution", entries);
        }
        let tokens = |f: &str| d.get(f).as_u64().unwrap_or(0);
        records::check_tokens(tokens("input_tokens"), tokens("output_tokens")).map_err(anyhow::Error::msg)
    })
}

fn record_batch(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let path = m.get_one::<String>("file").context("no file given")?;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let user = |name: &str| Ok(ctx.account(name)?.to_string());
    let messages = records::batch(&text, signer.account.as_ref(), &user)
        .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    Ok(messages.iter().map(to_any).collect())
}
