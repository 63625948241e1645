//! The command line: global flags and the top-level commands. `query` and `tx` are built at
//! run time from the descriptors (see `query.rs` and `tx.rs`).

use std::path::PathBuf;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::chain::{DEFAULT_GRPC, DEFAULT_NODE};
use crate::context::Context;
use crate::output::OutputFormat;
use crate::{attribute, keys, query, tx};

/// OpenLedger wallet and query CLI.
///
/// Manages keys in an encrypted local keyring, signs and broadcasts transactions, and
/// queries an OpenLedger node through its CometBFT RPC endpoint.
///
/// Amounts are written like 1.5OPEN, 0.000001OPEN or 2500aopen (1 OPEN = 10^18 aopen).
#[derive(Debug, Parser)]
#[command(name = "openledger", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted by every command.
#[derive(Debug, Args)]
pub struct GlobalOpts {
    /// CometBFT RPC endpoint of an OpenLedger node
    #[arg(long, global = true, help_heading = "Global options", env = "OPENLEDGER_NODE", default_value = DEFAULT_NODE, value_name = "URL")]
    pub node: String,

    /// Chain id to sign for (default: the chain id reported by the node's /status)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "OPENLEDGER_CHAIN_ID",
        value_name = "ID"
    )]
    pub chain_id: Option<String>,

    /// Directory holding the keyring (keyring.json) [default: ~/.openledger]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "OPENLEDGER_HOME",
        value_name = "DIR"
    )]
    pub home: Option<PathBuf>,

    /// Output format; json prints exactly one JSON document on stdout
    #[arg(long, short = 'o', global = true, help_heading = "Global options", value_enum, default_value_t = OutputFormat::Text, env = "OPENLEDGER_OUTPUT")]
    pub output: OutputFormat,

    /// Read the keyring passphrase from this environment variable (instead of
    /// OPENLEDGER_KEYRING_PASSPHRASE or a terminal prompt)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "NAME"
    )]
    pub keyring_passphrase_env: Option<String>,

    /// gRPC endpoint of an OpenLedger node (content store uploads and downloads)
    #[arg(long, global = true, help_heading = "Global options", env = "OPENLEDGER_GRPC", default_value = DEFAULT_GRPC, value_name = "URL")]
    pub grpc: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage keys in the local encrypted keyring
    #[command(subcommand)]
    Keys(keys::KeysCommand),

    /// Show the node's status: chain id, latest height, app hash, sync state
    Status,

    /// Run the attribution engine: attribute an output, verify a receipt, build indexes
    #[command(subcommand)]
    Attribute(attribute::AttributeCommand),

    /// The content store: upload, download and check contribution bytes
    #[command(subcommand)]
    Content(attribute::ContentCommand),
}

/// The `query` and `tx` commands, built from the descriptors.
pub struct Generated {
    pub queries: query::Registry,
    pub txs: tx::Registry,
}

impl Default for Generated {
    fn default() -> Self {
        Self::new()
    }
}

impl Generated {
    pub fn new() -> Self {
        Self {
            queries: query::Registry::new(),
            txs: tx::Registry::new(),
        }
    }
}

/// The whole command line.
pub fn command(generated: &Generated) -> clap::Command {
    Cli::command()
        .subcommand(generated.txs.command())
        .subcommand(generated.queries.command())
}

/// The output format of the parsed command line, for errors.
pub fn output_format(matches: &ArgMatches) -> OutputFormat {
    matches
        .get_one::<OutputFormat>("output")
        .copied()
        .unwrap_or_default()
}

/// Runs the parsed command.
pub async fn run(generated: &Generated, matches: &ArgMatches) -> anyhow::Result<()> {
    let ctx = Context::new(GlobalOpts::from_arg_matches(matches)?);
    match matches.subcommand() {
        Some(("query", sub)) => generated.queries.run(&ctx, sub).await,
        Some(("tx", sub)) => generated.txs.run(&ctx, sub).await,
        _ => match Cli::from_arg_matches(matches)?.command {
            Command::Keys(cmd) => keys::run(&ctx, cmd),
            Command::Status => query::status::run(&ctx).await,
            Command::Attribute(cmd) => attribute::run_attribute(&ctx, cmd).await,
            Command::Content(cmd) => attribute::run_content(&ctx, cmd).await,
        },
    }
}

#[cfg(test)]
#[path = "../tests/unit/cli.rs"]
mod tests;
