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
use crate::schema::args::Options;
use crate::schema::text;
use crate::schema::value::hex_bytes;

pub fn overrides() -> Vec<Entry> {
    let top = |name, path| {
        QuerySpec::classic(name, path, &["model_id"])
            .echo(&[("model_id", "model_id")])
            .parser("limit", top_limit)
            .arg("limit", |a| {
                a.default_value("10").help("How many (1 to 100)")
            })
    };
    let operators = &[
        "address",
        "status~OPERATOR_STATUS_",
        "bond$",
        "models",
        "inferences",
        "endpoint",
    ];
    let influence = &["datanet_id", "influence_ppm", "earned$", "inferences"];
    let ranked = &["#", "datanet_id", "influence_ppm", "earned$", "inferences"];
    let contributors = &["#", "contributor", "earned$", "influence_ppm", "entries"];
    let mut entries: Vec<Entry> = vec![
        QuerySpec::classic("params", p::PARAMS, &[])
            .about("Attribution parameters (the form a proposal file uses)"),
        QuerySpec::classic("operator", p::OPERATOR, &["address"])
            .about("One operator: status, bond, endpoint, models, counters")
            .must("operator")
            .finish(|doc, _| doc.get_mut("operator").into_iter().for_each(unbonding_time)),
        QuerySpec::classic("operators", p::OPERATORS, &[])
            .about("Every registered operator")
            .finish(|doc, _| {
                doc["operators"]
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                    .for_each(unbonding_time)
            })
            .table("operators", "no operators", operators),
        QuerySpec::classic("account", p::ACCOUNT, &["user"]).echo(&[("user", "user")]),
        QuerySpec::classic("grants", p::GRANTS, &["user"])
            .about("A user's grants: which operator may charge how much more")
            .table(
                "grants",
                "no grants",
                &["operator", "model_id", "remaining$"],
            ),
        QuerySpec::classic("receipt", p::RECEIPT, &["id"])
            .about("One inference receipt with its fee split and attribution")
            .must("receipt"),
        QuerySpec::classic("earnings", p::EARNINGS, &["address"]).echo(&[("address", "address")]),
        QuerySpec::classic("influence", p::MODEL_INFLUENCE, &["model_id"])
            .echo(&[("model_id", "model_id")])
            .table("datanets", "no inferences attributed", influence),
        top("top-contributors", p::TOP_CONTRIBUTORS).table(
            "contributors",
            "no contributors credited",
            contributors,
        ),
        top("top-datanets", p::TOP_DATANETS).table("datanets", "no inferences attributed", ranked),
        QuerySpec::classic("totals", p::TOTALS, &[]).finish(|doc, _| {
            // nothing recorded in this block yet
            if doc["pending"].is_null() {
                doc["pending"] = json!({ "stakers": "0", "community": "0" });
            }
        }),
    ]
    .into_iter()
    .map(Entry::from)
    .collect();
    entries.push(Entry::Custom(receipts_command(), |ctx, m| {
        Box::pin(receipts(ctx, m))
    }));
    entries
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

fn receipts_command() -> Command {
    let flag = |id: &'static str, name: &'static str, help: &'static str| {
        Arg::new(id).long(id).value_name(name).help(help)
    };
    let all = Arg::new("all").long("all").action(ArgAction::SetTrue);
    Command::new("receipts")
        .about("Receipts of a model, a user or an operator, one page at a time (or --all)")
        .arg(
            flag("model", "N", "Receipts of this model")
                .value_parser(value_parser!(u64).range(1..)),
        )
        .arg(flag(
            "user",
            "ADDRESS",
            "Receipts paid by this user (open1... or key name)",
        ))
        .arg(flag(
            "operator",
            "ADDRESS",
            "Receipts recorded by this operator (open1... or key name)",
        ))
        .group(
            ArgGroup::new("filter")
                .required(true)
                .args(["model", "user", "operator"]),
        )
        .arg(
            flag("limit", "N", "Most receipts to return (1 to 1000)")
                .default_value("100")
                .value_parser(value_parser!(u64).range(1..=1000)),
        )
        .arg(flag(
            "page-key",
            "HEX",
            "Start where a previous page ended: its next_key (hex)",
        ))
        .arg(
            all.conflicts_with_all(["limit", "page-key"])
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
    output::emit_doc(ctx.output, &out, &|doc| {
        let columns = "id model_id model_version operator user input_tokens output_tokens fee$ \
                       height request_id";
        let columns: Vec<&str> = columns.split_whitespace().collect();
        let mut out = text::table(doc, "receipts", "no receipts", &columns);
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
