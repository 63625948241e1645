//! `openledger tx ...`: a command for every message the chain accepts (`accept.rs`) of every
//! module's `Msg` services, generated from the descriptors (`tx/spec.rs`). Each module's
//! overrides, in `tx/<module>.rs`, keep the commands that predate the generated ones under their
//! names, with their arguments; the generated command is used for every other message. Every
//! command signs with `--from` and goes through the same flow (`flow.rs`): the message is
//! checked by its module, then gas, fee, confirmation, signature, broadcast and wait.

pub mod accept;
pub mod attribution;
pub mod bank;
pub mod broadcast;
pub mod builder;
pub mod datanet;
pub mod distribution;
pub mod flow;
pub mod gov;
pub mod model;
pub mod options;
pub mod outcome;
pub mod proposal;
pub mod records;
pub mod spec;
pub mod staking;
pub mod values;

use std::future::Future;
use std::pin::Pin;

use anyhow::Context as _;
use clap::{Arg, ArgMatches, Args as _, Command, FromArgMatches as _};
use cosmos_sdk_proto::Any;

use crate::context::Context;
use crate::schema::{self, Module, MODULES};
use flow::Signer;
use options::TxOpts;
use spec::TxSpec;

/// A hand-written command's messages.
pub type Build = for<'a> fn(
    &'a Context,
    &'a ArgMatches,
    &'a Signer,
) -> Pin<Box<dyn Future<Output = anyhow::Result<Vec<Any>>> + 'a>>;

/// One `tx` command.
pub enum Entry {
    Spec(TxSpec),
    Custom(Command, Build),
}

impl From<TxSpec> for Entry {
    fn from(spec: TxSpec) -> Self {
        Self::Spec(spec)
    }
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Self::Spec(spec) => spec.name(),
            Self::Custom(cmd, _) => cmd.get_name(),
        }
    }

    /// The command, with `--from` (unless it names its signer itself) and the tx flags.
    fn command(&self) -> Command {
        let cmd = match self {
            Self::Spec(spec) => spec.fields.cmd.clone(),
            Self::Custom(cmd, _) => cmd.clone(),
        };
        let cmd = if cmd.get_arguments().any(|a| a.get_id() == "from") {
            cmd
        } else {
            cmd.arg(
                Arg::new("from")
                    .long("from")
                    .value_name("KEY")
                    .required(true)
                    .help("Signer: a key name (or the address of a key) in the keyring"),
            )
        };
        TxOpts::augment_args(cmd)
    }

    async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        let opts = TxOpts::from_arg_matches(matches)?;
        let from = matches
            .get_one::<String>("from")
            .context("no signer given")?;
        let signer = Signer::load(ctx, from)?;
        let messages = match self {
            Self::Spec(spec) => vec![spec.build_message(ctx, matches, &signer)?],
            Self::Custom(_, build) => build(ctx, matches, &signer).await?,
        };
        let messages = messages
            .into_iter()
            .map(accept::check)
            .collect::<anyhow::Result<Vec<_>>>()?;
        flow::send(ctx, &signer.key, messages, &opts).await
    }
}

/// The hand-written commands and overrides of a module.
fn overrides(module: &str) -> Vec<Entry> {
    match module {
        "bank" => bank::overrides(),
        "staking" => staking::overrides(),
        "distribution" => distribution::overrides(),
        "gov" => gov::overrides(),
        "datanet" => datanet::overrides(),
        "model" => model::overrides(),
        "attribution" => attribution::overrides(),
        _ => Vec::new(),
    }
}

/// Every `tx` command, by module.
pub struct Registry {
    modules: Vec<(&'static Module, Vec<Entry>)>,
}

impl Registry {
    pub fn new() -> Self {
        let modules = MODULES
            .iter()
            .map(|module| {
                let mut entries = overrides(module.name);
                let accepted = schema::methods(module.msgs)
                    .into_iter()
                    .filter(|m| accept::is_accepted(&format!("/{}", m.input().full_name())));
                for method in accepted {
                    let spec = TxSpec::generated(&method);
                    if !entries.iter().any(|e| e.name() == spec.name()) {
                        entries.push(spec.into());
                    }
                }
                (module, entries)
            })
            .collect();
        Self { modules }
    }

    pub fn command(&self) -> Command {
        let mut tx = Command::new("tx")
            .about("Build, sign and broadcast transactions")
            .subcommand_required(true)
            .arg_required_else_help(true);
        for (module, entries) in &self.modules {
            let mut sub = Command::new(module.name)
                .about(module.tx_about)
                .subcommand_required(true)
                .arg_required_else_help(true);
            for entry in entries {
                sub = sub.subcommand(entry.command());
            }
            tx = tx.subcommand(sub);
        }
        tx
    }

    pub async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        let (module, sub) = matches.subcommand().context("no tx command given")?;
        let (name, args) = sub.subcommand().context("no tx command given")?;
        let (_, entries) = self
            .modules
            .iter()
            .find(|(m, _)| m.name == module)
            .with_context(|| format!("no tx module {module}"))?;
        let entry = entries
            .iter()
            .find(|e| e.name() == name)
            .with_context(|| format!("no tx {module} {name}"))?;
        entry.run(ctx, args).await
    }
}
