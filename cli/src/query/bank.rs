//! `openledger query bank ...` overrides: `balance` (of aopen by default, with the address),
//! `balances` and `total` (every page, or one denomination), printed as amounts. Every other
//! method is the generated command.

use clap::{Arg, ArgMatches, Command};
use prost_reflect::Value;
use serde_json::{json, Value as Json};

use super::spec::{self, QuerySpec};
use super::Entry;
use crate::chain::{BASE_DENOM, DISPLAY_DENOM};
use crate::context::Context;
use crate::output;
use crate::rpc::paths::bank as p;
use crate::schema::args::Options;
use crate::schema::text::amount_text;

pub fn overrides() -> Vec<Entry> {
    let total = Command::new("total")
        .about("Total supply of every denomination, or of one")
        .arg(
            Arg::new("denom")
                .long("denom")
                .help("Only this denomination (OPEN is read as aopen)"),
        )
        .arg(spec::height_arg());
    vec![
        QuerySpec::classic("balance", p::BALANCE, &["address"])
            .parser("denom", |s| Ok(Value::String(base_denom(s))))
            .arg("denom", |a| {
                a.default_value(BASE_DENOM)
                    .help("Denomination (OPEN is read as aopen)")
            })
            .echo(&[("address", "address")])
            .text(|doc| coin(&doc["balance"]))
            .into(),
        QuerySpec::classic("balances", p::ALL_BALANCES, &["address"])
            .echo(&[("address", "address")])
            .text(|doc| coins(&doc["balances"], "no balances"))
            .into(),
        Entry::Custom(total, |ctx, m| Box::pin(total_run(ctx, m))),
    ]
}

/// A denomination; the display unit means the base one.
fn base_denom(s: &str) -> String {
    match s.trim() {
        s if s.eq_ignore_ascii_case(DISPLAY_DENOM) => BASE_DENOM.to_owned(),
        s => s.to_owned(),
    }
}

fn coin(value: &Json) -> String {
    let text = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
    amount_text(&text("amount"), &text("denom"))
}

fn coins(list: &Json, empty: &str) -> String {
    match list.as_array() {
        Some(items) if !items.is_empty() => items.iter().map(coin).collect::<Vec<_>>().join("\n"),
        _ => empty.to_owned(),
    }
}

async fn total_run(ctx: &Context, m: &ArgMatches) -> anyhow::Result<()> {
    let height = spec::height(m);
    let supply = match m.get_one::<String>("denom") {
        Some(denom) => {
            let request = json!({ "denom": base_denom(denom) });
            json!([spec::classic(ctx, p::SUPPLY_OF, request, height, false).await?["amount"]])
        }
        None => {
            spec::classic(ctx, p::TOTAL_SUPPLY, json!({}), height, true).await?["supply"].take()
        }
    };
    let doc = json!({ "supply": supply });
    output::emit_doc(ctx.output, &doc, &|doc| coins(&doc["supply"], "no supply"))
}
