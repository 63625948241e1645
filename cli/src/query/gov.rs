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
use crate::schema::text::{self, amount_text, cell, short};

pub fn overrides() -> Vec<Entry> {
    let authority = Command::new("authority").about(
        "The gov module account: the `authority` of messages in proposal files (no node needed)",
    );
    vec![
        QuerySpec::classic(
            "proposals",
            p::PROPOSALS,
            "All proposals, or those with one status",
            &[],
        )
        .arg("proposal_status", |a| a.long("status").value_name("STATUS"))
        .text(|doc| {
            let header = "ID  STATUS  TITLE  VOTING_END";
            text::table(doc, "proposals", "no proposals", header, |p| {
                format!(
                    "{}  {}  {}  {}",
                    cell(p, "id"),
                    short(p, "status", "PROPOSAL_STATUS_"),
                    cell(p, "title"),
                    cell(p, "voting_end_time")
                )
            })
        })
        .into(),
        QuerySpec::classic(
            "proposal",
            p::PROPOSAL,
            "One proposal, with its messages in the proposal-file form",
            &["proposal_id"],
        )
        .required("proposal")
        .into(),
        QuerySpec::classic(
            "votes",
            p::VOTES,
            "Votes cast on a proposal",
            &["proposal_id"],
        )
        .into(),
        QuerySpec::classic(
            "vote",
            p::VOTE,
            "One voter's vote on a proposal",
            &["proposal_id", "voter"],
        )
        .into(),
        QuerySpec::classic(
            "deposits",
            p::DEPOSITS,
            "Deposits made on a proposal",
            &["proposal_id"],
        )
        .into(),
        QuerySpec::classic(
            "tally",
            p::TALLY_RESULT,
            "Current tally of a proposal (final once voting ended)",
            &["proposal_id"],
        )
        .into(),
        QuerySpec::classic(
            "power",
            gopen::GOVERNANCE_POWER,
            "gOPEN of an address: locked, where its votes go, voting power, pending unlocks",
            &["address"],
        )
        .echo(&[("address", "address")])
        .text(power_text)
        .into(),
        Entry::Custom(authority, |ctx, _| {
            Box::pin(async move {
                let authority = address::gov_authority()?.to_string();
                output::emit_doc(ctx.output, &json!({ "authority": authority }), |doc| {
                    cell(doc, "authority")
                })
            })
        }),
    ]
}

fn power_text(doc: &Json) -> String {
    let amount = |key: &str| amount_text(&cell(doc, key), BASE_DENOM);
    let delegatee = match cell(doc, "delegatee").as_str() {
        "" | "-" => "self".to_owned(),
        other => other.to_owned(),
    };
    let mut out = format!(
        "address:      {}\nlocked:       {}\ndelegatee:    {delegatee}\nvoting power: {}",
        cell(doc, "address"),
        amount("locked"),
        amount("voting_power")
    );
    let unlocking = doc["unlocking"].as_array().cloned().unwrap_or_default();
    if unlocking.is_empty() {
        out.push_str("\nunlocking:    none");
    }
    for u in &unlocking {
        out.push_str(&format!(
            "\n  - {} at {}",
            amount_text(&cell(u, "amount"), BASE_DENOM),
            cell(u, "completion_time")
        ));
    }
    out
}
