//! `openledger query gov ...` overrides, in the classic form (proposal messages in the form
//! proposal files use), `power` for gOPEN, and `authority`, computed locally. `params`,
//! `total-power` and every other method are the generated commands.

use clap::Command;
use serde_json::{json, Value as Json};

use super::spec::QuerySpec;
use super::Entry;
use crate::address;
use crate::chain::BASE_DENOM;
use crate::output;
use crate::rpc::paths::{gopen, gov as p};
use crate::schema::args::Options;
use crate::schema::text::{amount_text, cell, labelled};

pub fn overrides() -> Vec<Entry> {
    let proposal = &["proposal_id"][..];
    let authority = Command::new("authority").about(
        "The gov module account: the `authority` of messages in proposal files (no node needed)",
    );
    let mut entries: Vec<Entry> = vec![
        QuerySpec::classic("proposals", p::PROPOSALS, &[])
            .arg("proposal_status", |a| a.long("status").value_name("STATUS"))
            .table(
                "proposals",
                "no proposals",
                &["id", "status~PROPOSAL_STATUS_", "title", "voting_end_time"],
            ),
        QuerySpec::classic("proposal", p::PROPOSAL, proposal).must("proposal"),
        QuerySpec::classic("votes", p::VOTES, proposal),
        QuerySpec::classic("vote", p::VOTE, &["proposal_id", "voter"]),
        QuerySpec::classic("deposits", p::DEPOSITS, proposal),
        QuerySpec::classic("tally", p::TALLY_RESULT, proposal),
        QuerySpec::classic("power", gopen::GOVERNANCE_POWER, &["address"])
            .echo(&[("address", "address")])
            .text(power_text),
    ]
    .into_iter()
    .map(Entry::from)
    .collect();
    entries.push(Entry::Custom(authority, |ctx, _| {
        Box::pin(async move {
            let doc = json!({ "authority": address::gov_authority()?.to_string() });
            output::emit_doc(ctx.output, &doc, &|doc| cell(doc, "authority"))
        })
    }));
    entries
}

fn power_text(doc: &Json) -> String {
    let amount = |v: &Json, key: &str| amount_text(&cell(v, key), BASE_DENOM);
    let delegatee = match cell(doc, "delegatee").as_str() {
        "" | "-" => "self".to_owned(),
        other => other.to_owned(),
    };
    let unlocking = doc["unlocking"].as_array().cloned().unwrap_or_default();
    let mut out = labelled(&[
        ("address", cell(doc, "address")),
        ("locked", amount(doc, "locked")),
        ("delegatee", delegatee),
        ("voting power", amount(doc, "voting_power")),
        (
            "unlocking",
            if unlocking.is_empty() {
                "none".to_owned()
            } else {
                String::new()
            },
        ),
    ]);
    for u in &unlocking {
        out.push_str(&format!(
            "\n  - {} at {}",
            amount(u, "amount"),
            cell(u, "completion_time")
        ));
    }
    out
}
