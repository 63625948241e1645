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
pub mod ibc;
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
use crate::registry;
use crate::schema::Module;
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
pub type Entry = registry::Entry<TxSpec, Build>;

impl registry::Spec for TxSpec {
    fn cmd(&self) -> &Command {
        &self.fields.cmd
    }
}

/// A command with `--from` (unless it names its signer itself) and the tx flags.
fn with_tx_flags(cmd: Command) -> Command {
    let from = Arg::new("from")
        .long("from")
        .value_name("KEY")
        .required(true);
    let from = from.help("Signer: a key name (or the address of a key) in the keyring");
    let has_from = cmd.get_arguments().any(|a| a.get_id() == "from");
    TxOpts::augment_args(if has_from { cmd } else { cmd.arg(from) })
}

/// Builds the messages of a command, checks them and sends them through the tx flow.
async fn run(entry: &Entry, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
    let opts = TxOpts::from_arg_matches(matches)?;
    let from = matches
        .get_one::<String>("from")
        .context("no signer given")?;
    let signer = Signer::load(ctx, from)?;
    let messages = match entry {
        Entry::Spec(spec) => vec![spec.build_message(ctx, matches, &signer)?],
        Entry::Custom(_, build) => build(ctx, matches, &signer).await?,
    };
    let messages = messages
        .into_iter()
        .map(accept::check)
        .collect::<anyhow::Result<Vec<_>>>()?;
    flow::send(ctx, &signer.key, messages, &opts).await
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
        "ibc-transfer" => ibc::overrides(),
        _ => Vec::new(),
    }
}

/// Every `tx` command, by module.
pub struct Registry(registry::Registry<TxSpec, Build>);

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl Registry {
    pub fn new() -> Self {
        let generated = |module: &Module| {
            let methods = module.methods("Msg").into_iter();
            let accepted =
                methods.filter(|m| accept::is_accepted(&format!("/{}", m.input().full_name())));
            accepted.map(|m| TxSpec::generated(&m).into()).collect()
        };
        Self(registry::Registry::new(Vec::new(), overrides, generated))
    }

    pub fn command(&self) -> Command {
        let root = Command::new("tx").about("Build, sign and broadcast transactions");
        self.0.command(root, |m| m.tx_about, with_tx_flags)
    }

    pub async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        let (entry, args) = self.0.find(matches)?;
        run(entry, ctx, args).await
    }
}
