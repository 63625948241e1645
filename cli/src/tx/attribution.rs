//! `openledger tx attribution ...` overrides: the older commands on the generated machinery
//! (amounts and operators as positional arguments, `--model`, attributions as `ID:PPM` lists),
//! `update-operator` (what is not given is read from the chain), `record-batch` and
//! `challenge` (the output read from a file). Slashing operators, settling escalated
//! challenges and the params go through governance. Every other message is generated.

use anyhow::{bail, Context as _};
use clap::{Arg, ArgGroup, ArgMatches, Command};
use cosmos_sdk_proto::Any;
use serde_json::json;

use super::flow::Signer;
use super::spec::{to_any, TxSpec};
use super::values::{aopen_coin, hash32, positive, positive_aopen};
use super::{records, Entry};
use crate::context::Context;
use crate::query::spec;
use crate::rpc::paths;
use crate::schema::args::Options;
use crate::schema::parse;
use crate::schema::text::cell;

/// The command of a message, with its `model_id` (if any) as `--model`.
fn spec(name: &'static str, msg: &str, positional: &[&str]) -> TxSpec {
    let spec = TxSpec::new(
        name,
        &format!("openledger.attribution.v1.{msg}"),
        positional,
        &[],
    );
    match spec.fields.desc.get_field_by_name("model_id") {
        Some(_) => spec.arg("model_id", |a| {
            a.long("model").value_name("N").help("The model (0: any)")
        }),
        None => spec,
    }
}

const WITHDRAW: &str =
    "Request the inference balance (or part of it) back. It is paid at the end of
the first block at or after the block time + the withdrawal_delay_secs param (see `query
attribution params`), capped by what is left of the balance then: until then the operators can
still record (and charge) the inferences they served. A new request replaces a pending one; `query
attribution account` shows it.";

const REVOKE: &str = "Request the deletion of a grant. It is deleted at the end of the first block
at or after the block time + the withdrawal_delay_secs param (see `query attribution params`):
until then the operator can still record (and charge) the inferences it served. A new grant to
the same operator and model cancels the request.";

const BATCH: &str = "Record many inferences (at most 100) in one transaction, from a JSON file

The file is an array of records:
  [{\"user\": \"open1...\", \"model_id\": 2, \"model_version\": 0,
    \"input_tokens\": 1000, \"output_tokens\": 2000,
    \"output_hash\": \"<64 hex>\", \"prompt_hash\": \"<64 hex, optional>\",
    \"request_id\": \"req-42\",
    \"evidence_hash\": \"<64 hex: the engine's evidence hash>\",
    \"adapter_hash\": \"<hex, optional: the LoRA adapter served (tx adapter declare-serving)>\",
    \"attribution\": [{\"contribution_id\": 12, \"weight_ppm\": 250000},
                    {\"contribution_id\": 13, \"weight_ppm\": 750000}]}]
An empty or absent attribution records an unattributed output (the engine found no span).
engine_version and engine_params_id default to the chain's current engine.
Each record becomes one MsgRecordInference; if one fails, none is recorded. Use --gas auto:
the default gas limit is meant for one message.";

pub fn overrides() -> Vec<Entry> {
    let batch = Command::new("record-batch")
        .about(BATCH.lines().next().unwrap_or(BATCH))
        .long_about(BATCH);
    let batch = batch.arg(
        Arg::new("file")
            .required(true)
            .help("JSON file: an array of 1 to 100 records"),
    );
    let models = |a: Arg| a.value_name("IDS").help("The models served, e.g. 1,2");
    vec![
        spec("deposit", "MsgDeposit", &["amount"])
            .parser("amount", aopen_coin)
            .into(),
        spec("withdraw", "MsgWithdraw", &["amount"])
            .parser("amount", aopen_coin)
            .arg("amount", |a| {
                a.required(false)
                    .help("Amount (default: the whole balance)")
            })
            .configure(|c| c.long_about(WITHDRAW))
            .into(),
        spec("grant", "MsgGrant", &["operator", "spend_limit"])
            .parser("spend_limit", positive_aopen)
            .fix(|d| match d.text("user") == d.text("operator") {
                true => bail!("a user cannot grant itself: the operator must be another account"),
                false => Ok(()),
            })
            .into(),
        spec("revoke", "MsgRevoke", &["operator"])
            .configure(|c| c.long_about(REVOKE))
            .into(),
        spec("register-operator", "MsgRegisterOperator", &["bond"])
            .parser("bond", aopen_coin)
            .required(&["endpoint", "models"])
            .arg("models", models)
            .into(),
        Entry::Custom(update_spec().fields.cmd, |ctx, m, s| {
            Box::pin(update_operator(ctx, m, s))
        }),
        Entry::Custom(record().fields.cmd, |ctx, m, s| {
            Box::pin(record_one(ctx, m, s))
        }),
        Entry::Custom(batch, |ctx, m, s| Box::pin(record_batch(ctx, m, s))),
        spec("claim", "MsgClaimRewards", &[]).into(),
        Entry::Custom(challenge_spec("challenge").fields.cmd, |ctx, m, s| {
            Box::pin(challenge(ctx, m, s))
        }),
        // the generated command would take the output as hex in `--output`, the global output
        // format's flag: the same command under the message's name, hidden
        Entry::Custom(
            challenge_spec("challenge-receipt").fields.cmd.hide(true),
            |ctx, m, s| Box::pin(challenge(ctx, m, s)),
        ),
    ]
}

const CHALLENGE: &str = "Challenge a receipt's attribution within its challenge window

The output the receipt is for is read from --output-file: its sha256 must be the receipt's
output_hash. The bond (at least the min_challenge_bond param, 10 OPEN by default) is
escrowed. The validators re-run the attribution engine on the output: if they agree with the
receipt the bond goes to the operator; if they agree on other weights the receipt's held data
pool is re-split, the operator is slashed, and the bond comes back with part of the slash.
Without agreement by the deadline the bond is refunded and governance settles the challenge.
The transaction's response carries the challenge id (query attribution challenge ID).";

fn challenge_spec(name: &'static str) -> TxSpec {
    let file = Arg::new("output-file")
        .long("output-file")
        .value_name("FILE")
        .required(true)
        .help("The model's output the receipt is for (at most 1 MiB)");
    TxSpec::new(
        name,
        "openledger.attribution.v1.MsgChallengeReceipt",
        &["receipt_id"],
        &["challenger", "output"],
    )
    .required(&["bond"])
    .parser("receipt_id", positive)
    .parser("bond", aopen_coin)
    .extra(file)
    .fix(|d| {
        let path = d
            .matches
            .get_one::<String>("output-file")
            .context("no --output-file given")?;
        let output =
            std::fs::read(path).with_context(|| format!("cannot read --output-file {path}"))?;
        let max = openledger_attribution::MAX_CHALLENGE_OUTPUT_BYTES as usize;
        if output.len() > max {
            bail!(
                "--output-file {path}: {} bytes, a challenge carries at most {max}",
                output.len()
            );
        }
        d.set("output", prost_reflect::Value::Bytes(output.into()));
        Ok(())
    })
    .configure(|c| c.long_about(CHALLENGE))
}

/// `MsgChallengeReceipt` signed by `--from`, with the output read from `--output-file`.
async fn challenge(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let spec = challenge_spec("challenge");
    let any = spec.build_message(ctx, m, signer)?;
    let mut msg =
        prost_reflect::DynamicMessage::decode(spec.fields.desc.clone(), any.value.as_slice())?;
    msg.set_field_by_name(
        "challenger",
        prost_reflect::Value::String(signer.account.to_string()),
    );
    Ok(vec![to_any(&msg)])
}

fn update_spec() -> TxSpec {
    let change = ArgGroup::new("change").required(true).multiple(true);
    spec("update-operator", "MsgUpdateOperator", &[])
        .arg("models", |a| {
            a.value_name("IDS")
                .help("The models served, replacing the current ones")
        })
        .parser("add_bond", aopen_coin)
        .configure(|c| c.group(change.args(["endpoint", "models", "add_bond"])))
}

/// `MsgUpdateOperator` replaces the endpoint and the models: those not given are read from the
/// chain, where the operator must be active.
async fn update_operator(
    ctx: &Context,
    m: &ArgMatches,
    signer: &Signer,
) -> anyhow::Result<Vec<Any>> {
    let spec = update_spec();
    let any = spec.build_message(ctx, m, signer)?;
    let mut msg =
        prost_reflect::DynamicMessage::decode(spec.fields.desc.clone(), any.value.as_slice())?;
    let (endpoint, models) = (m.contains_id("endpoint"), m.contains_id("models"));
    if !(endpoint && models) {
        let address = signer.account.to_string();
        let request = json!({ "address": address });
        let doc = spec::classic(ctx, paths::attribution::OPERATOR, request, None, false)
            .await
            .with_context(|| format!("cannot read operator {address}"))?;
        let operator = &doc["operator"];
        match cell(operator, "status").as_str() {
            "-" => bail!("{address} is not a registered operator"),
            "OPERATOR_STATUS_ACTIVE" => {}
            status => bail!("operator {address} is not active ({status}): only an active operator can be updated"),
        }
        let current = json!({ "endpoint": operator["endpoint"], "models": operator["models"] });
        let current = parse::message(&spec.fields.desc, current).map_err(anyhow::Error::msg)?;
        for (given, field) in [(endpoint, "endpoint"), (models, "models")] {
            if let (false, Some(value)) = (given, current.get_field_by_name(field)) {
                msg.set_field_by_name(field, value.into_owned());
            }
        }
    }
    Ok(vec![to_any(&msg)])
}

fn record() -> TxSpec {
    let file = Arg::new("attribution-file").long("attribution-file").value_name("FILE").help(
        "A JSON file with the attribution instead: [{\"contribution_id\": 12, \"weight_ppm\": 250000}, ...]",
    );
    let unattributed = Arg::new("unattributed")
        .long("unattributed")
        .action(clap::ArgAction::SetTrue)
        .help("The output is unattributed: the engine found no span (the data pool goes to the community pool)");
    let weights = ArgGroup::new("weights").required(true).args([
        "attribution",
        "attribution-file",
        "unattributed",
    ]);
    let required = [
        "user",
        "model_id",
        "input_tokens",
        "output_tokens",
        "output_hash",
        "request_id",
        "evidence_hash",
    ];
    spec("record", "MsgRecordInference", &[])
        .required(&required)
        .parser("model_id", positive)
        .arg("model_version", |a| {
            a.long("version")
                .value_name("N")
                .help("Model version (0: the latest)")
        })
        .parser("output_hash", hash32)
        .parser("prompt_hash", hash32)
        .parser("evidence_hash", hash32)
        .arg("engine_version", |a| {
            a.value_name("N")
                .help("The attribution engine's version (default: the chain's current one)")
        })
        .arg("engine_params_id", |a| {
            a.value_name("ID")
                .help("The engine params id (default: the chain's current one)")
        })
        .parser("attribution", records::list)
        .arg("attribution", |a| {
            a.value_name("ID:PPM,...")
                .help("Contributions and their weights in ppm")
        })
        .extra(file)
        .extra(unattributed)
        .configure(|c| c.group(weights))
        .fix(|d| {
            if let Some(path) = d.matches.get_one::<String>("attribution-file") {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read --attribution-file {path}"))?;
                let entries = records::json_list(&text)
                    .map_err(|e| anyhow::anyhow!("--attribution-file {path}: {e}"))?;
                d.set("attribution", entries);
            }
            let tokens = |f: &str| d.get(f).as_u64().unwrap_or(0);
            records::check_tokens(tokens("input_tokens"), tokens("output_tokens"))
                .map_err(anyhow::Error::msg)
        })
}

/// The chain's current engine: `(version, params id)`.
async fn current_engine(ctx: &Context) -> anyhow::Result<(u32, u64)> {
    let doc = spec::classic(
        ctx,
        paths::attribution::ENGINE_PARAMS,
        json!({}),
        None,
        false,
    )
    .await
    .context("cannot read the chain's engine params")?;
    let record = &doc["record"];
    let number = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.parse::<u64>().ok(),
        v => v.as_u64(),
    };
    let id = number(&record["id"]).context("the engine params have no id")?;
    let version = number(&record["params"]["version"])
        .and_then(|v| u32::try_from(v).ok())
        .context("the engine params have no version")?;
    Ok((version, id))
}

/// Fills `engine_version` and `engine_params_id` left at 0 with the chain's current engine.
async fn with_engine(
    ctx: &Context,
    messages: &mut [prost_reflect::DynamicMessage],
) -> anyhow::Result<()> {
    use prost_reflect::Value;
    let unset = |m: &prost_reflect::DynamicMessage, f: &str| {
        matches!(
            m.get_field_by_name(f).as_deref(),
            None | Some(Value::U32(0)) | Some(Value::U64(0))
        )
    };
    if !messages
        .iter()
        .any(|m| unset(m, "engine_version") || unset(m, "engine_params_id"))
    {
        return Ok(());
    }
    let (version, id) = current_engine(ctx).await?;
    for m in messages {
        if unset(m, "engine_version") {
            m.set_field_by_name("engine_version", Value::U32(version));
        }
        if unset(m, "engine_params_id") {
            m.set_field_by_name("engine_params_id", Value::U64(id));
        }
    }
    Ok(())
}

async fn record_one(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let spec = record();
    let any = spec.build_message(ctx, m, signer)?;
    let msg =
        prost_reflect::DynamicMessage::decode(spec.fields.desc.clone(), any.value.as_slice())?;
    let mut messages = [msg];
    with_engine(ctx, &mut messages).await?;
    Ok(messages.iter().map(to_any).collect())
}

async fn record_batch(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let path = m.get_one::<String>("file").context("no file given")?;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let user = |name: &str| Ok(ctx.account(name)?.to_string());
    let mut messages = records::batch(&text, signer.account.as_ref(), &user)
        .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    with_engine(ctx, &mut messages).await?;
    Ok(messages.iter().map(to_any).collect())
}
