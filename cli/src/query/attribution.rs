//! `openledger query attribution ...` overrides: the older commands in the classic form, with
//! the queried address or model added to the output, operators' unbonding completion as a time,
//! and `receipts` (of a model, a user or an operator, one page at a time or all of them).

use clap::{value_parser, Arg, ArgAction, ArgGroup, ArgMatches, Command};
use prost_reflect::Value;
use serde_json::{json, Value as Json};

use super::spec::{self, QuerySpec};
use super::Entry;
use crate::context::Context;
use crate::output;
use crate::rpc::paths::attribution as p;
use crate::schema::args::hex_bytes;
use crate::schema::text::{self, aopen, cell, short};

pub fn overrides() -> Vec<Entry> {
    let top = |name, path, about| {
        QuerySpec::classic(name, path, about, &["model_id"])
            .echo(&[("model_id", "model_id")])
            .parser("limit", top_limit)
            .arg("limit", |a| {
                a.default_value("10").help("How many (1 to 100)")
            })
    };
    vec![
        QuerySpec::classic(
            "params",
            p::PARAMS,
            "Attribution parameters (the `params` object is the form a proposal file uses)",
            &[],
        )
        .into(),
        QuerySpec::classic("operator", p::OPERATOR, "One operator: status, bond, endpoint, models, counters", &["address"])
            .required("operator")
            .finish(|doc, _| unbonding_time(&mut doc["operator"]))
            .into(),
        QuerySpec::classic("operators", p::OPERATORS, "Every registered operator", &[])
            .finish(|doc, _| {
                if let Some(list) = doc["operators"].as_array_mut() {
                    list.iter_mut().for_each(unbonding_time);
                }
            })
            .text(|doc| {
                let header = "ADDRESS  STATUS  BOND  MODELS  INFERENCES  ENDPOINT";
                text::table(doc, "operators", "no operators", header, |o| {
                    let status = short(o, "status", "OPERATOR_STATUS_");
                    let [address, models, inferences, endpoint] =
                        ["address", "models", "inferences", "endpoint"].map(|k| cell(o, k));
                    let bond = aopen(o, "bond");
                    format!("{address}  {status}  {bond}  {models}  {inferences}  {endpoint}")
                })
            })
            .into(),
        QuerySpec::classic("account", p::ACCOUNT, "A user's inference balance", &["user"])
            .echo(&[("user", "user")])
            .into(),
        QuerySpec::classic("grants", p::GRANTS, "A user's grants: which operator may charge how much more", &["user"])
            .text(|doc| {
                text::table(doc, "grants", "no grants", "OPERATOR  MODEL  REMAINING", |g| {
                    let model = match cell(g, "model_id").as_str() {
                        "0" => "any".to_owned(),
                        id => id.to_owned(),
                    };
                    format!("{}  {model}  {}", cell(g, "operator"), aopen(g, "remaining"))
                })
            })
            .into(),
        QuerySpec::classic("receipt", p::RECEIPT, "One inference receipt with its fee split and attribution", &["id"])
            .required("receipt")
            .into(),
        Entry::Custom(receipts_command(), |ctx, m| Box::pin(receipts(ctx, m))),
        QuerySpec::classic(
            "earnings",
            p::EARNINGS,
            "What an address earned as model creator and data contributor, by datanet and model",
            &["address"],
        )
        .echo(&[("address", "address")])
        .into(),
        QuerySpec::classic("influence", p::MODEL_INFLUENCE, "A model's datanets, with their influence", &["model_id"])
            .echo(&[("model_id", "model_id")])
            .text(|doc| datanets_table(doc, false))
            .into(),
        top("top-contributors", p::TOP_CONTRIBUTORS, "A model's contributors with the highest earnings")
            .text(|doc| {
                let header = "RANK  CONTRIBUTOR  EARNED  INFLUENCE_PPM  ENTRIES";
                let rows = ranked(doc, "contributors");
                text::table(&rows, "rows", "no contributors credited", header, |c| {
                    let [rank, who, ppm, entries] =
                        ["rank", "contributor", "influence_ppm", "entries"].map(|k| cell(c, k));
                    format!("{rank}  {who}  {}  {ppm}  {entries}", aopen(c, "earned"))
                })
            })
            .into(),
        top("top-datanets", p::TOP_DATANETS, "A model's datanets with the highest influence")
            .text(|doc| datanets_table(doc, true))
            .into(),
        QuerySpec::classic(
            "totals",
            p::TOTALS,
            "Cumulative fees and their split since genesis, and what waits for the end of the block",
            &[],
        )
        .finish(|doc, _| {
            // nothing recorded in this block yet
            if doc["pending"].is_null() {
                doc["pending"] = json!({ "stakers": "0", "community": "0" });
            }
        })
        .into(),
    ]
}

/// `limit` of the rankings: 1 to 100.
fn top_limit(s: &str) -> Result<Value, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=100).contains(&n) => Ok(Value::U32(n)),
        _ => Err(format!("{s:?}: expected a number from 1 to 100")),
    }
}

/// `unbonding_completion` (Unix seconds, 0 for none) as an RFC 3339 time or null.
fn unbonding_time(operator: &mut Json) {
    let seconds = operator["unbonding_completion"].as_i64().unwrap_or(0);
    let time = tendermint::Time::from_unix_timestamp(seconds, 0).ok();
    if let Json::Object(map) = operator {
        let value = match (seconds, time) {
            (1.., Some(t)) => Json::String(t.to_rfc3339()),
            _ => Json::Null,
        };
        map.insert("unbonding_completion".to_owned(), value);
    }
}

/// The rows of a list with their rank, for a table.
fn ranked(doc: &Json, key: &str) -> Json {
    let rows = doc[key].as_array().cloned().unwrap_or_default();
    let rows: Vec<Json> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if let Json::Object(map) = &mut row {
                map.insert("rank".to_owned(), json!(i.saturating_add(1)));
            }
            row
        })
        .collect();
    json!({ "rows": rows })
}

fn datanets_table(doc: &Json, ranked_rows: bool) -> String {
    let header = if ranked_rows {
        "RANK  DATANET  INFLUENCE_PPM  EARNED  INFERENCES"
    } else {
        "DATANET  INFLUENCE_PPM  EARNED  INFERENCES"
    };
    let rows = ranked(doc, "datanets");
    let row: fn(&Json) -> String = if ranked_rows {
        |d: &Json| format!("{}  {}", cell(d, "rank"), datanet_row(d))
    } else {
        datanet_row
    };
    text::table(&rows, "rows", "no inferences attributed", header, row)
}

fn datanet_row(d: &Json) -> String {
    let [id, ppm, inferences] = ["datanet_id", "influence_ppm", "inferences"].map(|k| cell(d, k));
    format!("{id}  {ppm}  {}  {inferences}", aopen(d, "earned"))
}

fn receipts_command() -> Command {
    Command::new("receipts")
        .about("Receipts of a model, a user or an operator, one page at a time (or --all)")
        .arg(
            Arg::new("model")
                .long("model")
                .value_name("N")
                .value_parser(value_parser!(u64).range(1..))
                .help("Receipts of this model"),
        )
        .arg(
            Arg::new("user")
                .long("user")
                .value_name("ADDRESS")
                .help("Receipts paid by this user (open1... or key name)"),
        )
        .arg(
            Arg::new("operator")
                .long("operator")
                .value_name("ADDRESS")
                .help("Receipts recorded by this operator (open1... or key name)"),
        )
        .group(
            ArgGroup::new("filter")
                .required(true)
                .args(["model", "user", "operator"]),
        )
        .arg(
            Arg::new("limit")
                .long("limit")
                .value_name("N")
                .default_value("100")
                .value_parser(value_parser!(u64).range(1..=1000))
                .help("Most receipts to return (1 to 1000)"),
        )
        .arg(
            Arg::new("page-key")
                .long("page-key")
                .value_name("HEX")
                .help("Start where a previous page ended: its next_key (hex)"),
        )
        .arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["limit", "page-key"])
                .help("Follow every page to the end"),
        )
        .arg(spec::height_arg())
}

async fn receipts(ctx: &Context, m: &ArgMatches) -> anyhow::Result<()> {
    let all = m.get_flag("all");
    let key = match m.get_one::<String>("page-key") {
        Some(k) => hex_bytes(k).map_err(|e| anyhow::anyhow!("--page-key: {e}"))?,
        None => Vec::new(),
    };
    let limit = m.get_one::<u64>("limit").copied().unwrap_or(100);
    let pagination = json!({ "key": base64_of(&key), "limit": if all { 0 } else { limit } });
    let (path, mut request) = match (m.get_one::<u64>("model"), m.get_one::<String>("user")) {
        (Some(model), _) => (p::RECEIPTS_BY_MODEL, json!({ "model_id": model })),
        (None, Some(user)) => (
            p::RECEIPTS_BY_USER,
            json!({ "user": ctx.account(user)?.to_string() }),
        ),
        (None, None) => {
            let operator = m.get_one::<String>("operator").map_or("", String::as_str);
            (
                p::RECEIPTS_BY_OPERATOR,
                json!({ "operator": ctx.account(operator)?.to_string() }),
            )
        }
    };
    request["pagination"] = pagination;
    let doc = spec::classic(ctx, path, request, spec::height(m), all).await?;
    let next = if all {
        String::new()
    } else {
        base64_hex(&doc["pagination"]["next_key"])
    };
    let out = json!({
        "receipts": doc["receipts"],
        "next_key": if next.is_empty() { Json::Null } else { Json::String(next) },
    });
    output::emit_doc(ctx.output, &out, |doc| {
        let header = "ID  MODEL  OPERATOR  USER  TOKENS_IN  TOKENS_OUT  FEE  HEIGHT  REQUEST";
        let mut out = text::table(doc, "receipts", "no receipts", header, |r| {
            let [id, model, version] = ["id", "model_id", "model_version"].map(|k| cell(r, k));
            let [op, user, tin, tout] =
                ["operator", "user", "input_tokens", "output_tokens"].map(|k| cell(r, k));
            let [height, request] = ["height", "request_id"].map(|k| cell(r, k));
            let fee = aopen(r, "fee");
            format!(
                "{id}  {model} v{version}  {op}  {user}  {tin}  {tout}  {fee}  {height}  {request}"
            )
        });
        if let Some(key) = doc["next_key"].as_str() {
            out.push_str(&format!("\nmore: --page-key {key}"));
        }
        out
    })
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A key the classic form printed in base64 (a Cosmos SDK page key), in hex.
fn base64_hex(value: &Json) -> String {
    use base64::Engine;
    let text = value.as_str().unwrap_or_default();
    hex::encode(
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap_or_default(),
    )
}
