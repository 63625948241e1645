//! `openledger query ...`: a command for every method of every module's `Query` service,
//! generated from the descriptors (`query/spec.rs`). Each module's overrides, in
//! `query/<module>.rs`, keep the commands that predate the generated ones under their names,
//! with their arguments and output; the generated command is used for every other method.
//! `account` and `tx` are hand-written.

pub mod account;
pub mod adapter;
pub mod attribution;
pub mod bank;
pub mod datanet;
pub mod distribution;
pub mod gov;
pub mod ibc;
pub mod model;
pub mod slashing;
pub mod spec;
pub mod staking;
pub mod status;
pub mod tx;

use std::future::Future;
use std::pin::Pin;

use clap::{ArgMatches, Command};

use crate::context::Context;
use crate::registry;
use crate::schema::Module;
use spec::QuerySpec;

/// A hand-written command's body.
pub type Run = for<'a> fn(
    &'a Context,
    &'a ArgMatches,
) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + 'a>>;

/// One `query` command.
pub type Entry = registry::Entry<QuerySpec, Run>;

impl registry::Spec for QuerySpec {
    fn cmd(&self) -> &Command {
        &self.fields.cmd
    }
}

/// The hand-written commands and overrides of a module.
fn overrides(module: &str) -> Vec<Entry> {
    match module {
        "bank" => bank::overrides(),
        "staking" => staking::overrides(),
        "distribution" => distribution::overrides(),
        "slashing" => slashing::overrides(),
        "gov" => gov::overrides(),
        "datanet" => datanet::overrides(),
        "model" => model::overrides(),
        "attribution" => attribution::overrides(),
        "adapter" => adapter::overrides(),
        "ibc-transfer" => ibc::overrides(),
        _ => Vec::new(),
    }
}

/// Every `query` command, by module.
pub struct Registry(registry::Registry<QuerySpec, Run>);

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl Registry {
    pub fn new() -> Self {
        let generated = |module: &Module| {
            module
                .methods("Query")
                .into_iter()
                .map(|m| QuerySpec::generated(m).into())
                .collect()
        };
        Self(registry::Registry::new(
            vec![account::entry(), tx::entry()],
            overrides,
            generated,
        ))
    }

    pub fn command(&self) -> Command {
        let about = "Query chain state (balances, accounts, transactions, staking, distribution, \
                     slashing, governance, datanets, models, attribution, IBC)";
        self.0.command(
            Command::new("query").visible_alias("q").about(about),
            |m| m.query_about,
            |c| c,
        )
    }

    pub async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        match self.0.find(matches)? {
            (Entry::Spec(spec), args) => spec.run(ctx, args).await,
            (Entry::Custom(_, run), args) => run(ctx, args).await,
        }
    }
}
