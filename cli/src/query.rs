//! `openledger query ...`: a command for every method of every module's `Query` service,
//! generated from the descriptors (`query/spec.rs`). Each module's overrides, in
//! `query/<module>.rs`, keep the commands that predate the generated ones under their names,
//! with their arguments and output; the generated command is used for every other method.
//! `account` and `tx` are hand-written.

pub mod account;
pub mod attribution;
pub mod bank;
pub mod datanet;
pub mod distribution;
pub mod gov;
pub mod model;
pub mod slashing;
pub mod spec;
pub mod staking;
pub mod status;
pub mod tx;

use std::future::Future;
use std::pin::Pin;

use anyhow::Context as _;
use clap::{ArgMatches, Command};

use crate::context::Context;
use crate::schema::{self, Module, MODULES};
use spec::QuerySpec;

/// A hand-written command's body.
pub type Run = for<'a> fn(
    &'a Context,
    &'a ArgMatches,
) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + 'a>>;

/// One `query` command.
pub enum Entry {
    Spec(QuerySpec),
    Custom(Command, Run),
}

impl Entry {
    fn command(&self) -> Command {
        match self {
            Self::Spec(spec) => spec.fields.cmd.clone(),
            Self::Custom(cmd, _) => cmd.clone(),
        }
    }

    fn name(&self) -> &str {
        match self {
            Self::Spec(spec) => spec.name(),
            Self::Custom(cmd, _) => cmd.get_name(),
        }
    }

    async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        match self {
            Self::Spec(spec) => spec.run(ctx, matches).await,
            Self::Custom(_, run) => run(ctx, matches).await,
        }
    }
}

impl From<QuerySpec> for Entry {
    fn from(spec: QuerySpec) -> Self {
        Self::Spec(spec)
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
        _ => Vec::new(),
    }
}

/// Every `query` command, by module.
pub struct Registry {
    top: Vec<Entry>,
    modules: Vec<(&'static Module, Vec<Entry>)>,
}

impl Registry {
    pub fn new() -> Self {
        let modules = MODULES
            .iter()
            .map(|module| {
                let mut entries = overrides(module.name);
                for method in schema::methods(module.queries) {
                    let spec = QuerySpec::generated(method);
                    if !entries.iter().any(|e| e.name() == spec.name()) {
                        entries.push(spec.into());
                    }
                }
                (module, entries)
            })
            .collect();
        Self {
            top: vec![account::entry(), tx::entry()],
            modules,
        }
    }

    pub fn command(&self) -> Command {
        let mut query = Command::new("query")
            .visible_alias("q")
            .about(
                "Query chain state (balances, accounts, transactions, staking, distribution, \
                 slashing, governance, datanets, models, attribution)",
            )
            .subcommand_required(true)
            .arg_required_else_help(true);
        for entry in &self.top {
            query = query.subcommand(entry.command());
        }
        for (module, entries) in &self.modules {
            let mut sub = Command::new(module.name)
                .about(module.query_about)
                .subcommand_required(true)
                .arg_required_else_help(true);
            for entry in entries {
                sub = sub.subcommand(entry.command());
            }
            query = query.subcommand(sub);
        }
        query
    }

    pub async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        let (name, sub) = matches.subcommand().context("no query command given")?;
        if let Some(entry) = self.top.iter().find(|e| e.name() == name) {
            return entry.run(ctx, sub).await;
        }
        let (_, entries) = self
            .modules
            .iter()
            .find(|(m, _)| m.name == name)
            .with_context(|| format!("no query module {name}"))?;
        let (command, args) = sub.subcommand().context("no query command given")?;
        let entry = entries
            .iter()
            .find(|e| e.name() == command)
            .with_context(|| format!("no query {name} {command}"))?;
        entry.run(ctx, args).await
    }
}
