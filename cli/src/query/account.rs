//! `openledger query account ADDRESS`: account number, sequence and public key.

use clap::{Arg, ArgMatches, Command};
use serde_json::{json, Value as Json};

use super::spec::{self, height, height_arg};
use super::Entry;
use crate::context::Context;
use crate::output;
use crate::rpc::{paths, QueryError};
use crate::schema::text::{cell, labelled};

/// What the chain knows about an account: `{account_type, account_number, sequence, pubkey}`
/// (the public key as `{"@type", "key"}`, null before the account signed); `None` when the
/// chain does not know the account yet.
pub async fn fetch(ctx: &Context, address: &str, at: Option<u64>) -> anyhow::Result<Option<Json>> {
    let request = json!({ "address": address });
    match spec::classic(ctx, paths::auth::ACCOUNT, request, at, false).await {
        Ok(doc) => Ok(Some(summary(&doc["account"]))),
        Err(err)
            if err
                .downcast_ref::<QueryError>()
                .is_some_and(QueryError::is_not_found) =>
        {
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

/// The fields of a base account, or of the base account a module account holds.
fn summary(account: &Json) -> Json {
    let base = match &account["base_account"] {
        Json::Null => account,
        base => base,
    };
    json!({
        "account_type": account["@type"], "account_number": base["account_number"],
        "sequence": base["sequence"], "pubkey": base["pub_key"],
    })
}

pub fn entry() -> Entry {
    let cmd = Command::new("account")
        .about("Show an account's number, sequence and public key")
        .arg(
            Arg::new("address")
                .required(true)
                .help("Address (open1...) or key name"),
        )
        .arg(height_arg());
    Entry::Custom(cmd, |ctx, m| Box::pin(run(ctx, m)))
}

async fn run(ctx: &Context, m: &ArgMatches) -> anyhow::Result<()> {
    let address = ctx.account(m.get_one::<String>("address").map_or("", String::as_str))?;
    let mut doc = json!({ "address": address.to_string(), "exists": false, "pubkey": null });
    if let Some(Json::Object(account)) = fetch(ctx, address.as_ref(), height(m)).await? {
        doc["exists"] = Json::Bool(true);
        doc.as_object_mut()
            .into_iter()
            .for_each(|d| d.extend(account.clone()));
    }
    output::emit_doc(ctx.output, &doc, &|d| {
        if d["exists"] != true {
            let address = cell(d, "address");
            return format!(
                "account {address} does not exist on chain yet (it has never received tokens)"
            );
        }
        let pubkey = match &d["pubkey"] {
            Json::Null => "none (the account has not signed a transaction yet)".to_owned(),
            key => key.to_string(),
        };
        labelled(&[
            ("address", cell(d, "address")),
            ("account number", cell(d, "account_number")),
            ("sequence", cell(d, "sequence")),
            ("pubkey", pubkey),
        ])
    })
}

#[cfg(test)]
#[path = "../../tests/unit/query_account.rs"]
mod tests;
