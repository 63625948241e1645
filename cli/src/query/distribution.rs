//! `openledger query distribution ...` overrides: `rewards` (one validator or all of them),
//! `commission` and `withdraw-addr` under their older names. `community-pool`, `params` and
//! every other method are the generated commands.

use clap::{Arg, ArgMatches, Command};
use serde_json::{json, Value as Json};

use super::spec::{self, QuerySpec};
use super::Entry;
use crate::context::Context;
use crate::output;
use crate::rpc::paths::distribution as p;
use crate::schema::text;

pub fn overrides() -> Vec<Entry> {
    let rewards = Command::new("rewards")
        .about("A delegator's rewards from every validator, or from one")
        .arg(
            Arg::new("delegator")
                .required(true)
                .help("Delegator address (open1...) or key name"),
        )
        .arg(Arg::new("validator").help(
            "Only the rewards from this validator (openvaloper1..., or its operator's key name)",
        ))
        .arg(spec::height_arg());
    vec![
        Entry::Custom(rewards, |ctx, m| Box::pin(rewards_run(ctx, m))),
        QuerySpec::classic(
            "commission",
            p::VALIDATOR_COMMISSION,
            &["validator_address"],
        )
        .finish(|doc, _| {
            // `{commission: {commission: [...]}}` as `{commission: [...]}`
            let inner = doc["commission"]["commission"].clone();
            if let Json::Object(map) = doc {
                map.insert("commission".to_owned(), inner);
            }
        })
        .into(),
        QuerySpec::classic(
            "withdraw-addr",
            p::DELEGATOR_WITHDRAW_ADDRESS,
            &["delegator_address"],
        )
        .into(),
    ]
}

async fn rewards_run(ctx: &Context, m: &ArgMatches) -> anyhow::Result<()> {
    let delegator = ctx.account(m.get_one::<String>("delegator").map_or("", String::as_str))?;
    let height = spec::height(m);
    let doc = match m.get_one::<String>("validator") {
        Some(validator) => {
            let request = json!({
                "delegator_address": delegator.to_string(),
                "validator_address": ctx.validator(validator)?.to_string(),
            });
            spec::classic(ctx, p::DELEGATION_REWARDS, request, height, false).await?
        }
        None => {
            let request = json!({"delegator_address": delegator.to_string()});
            spec::classic(ctx, p::DELEGATION_TOTAL_REWARDS, request, height, false).await?
        }
    };
    output::emit_doc(ctx.output, &doc, &text::document)
}
