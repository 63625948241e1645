//! `openledger tx ...`: build, sign and broadcast transactions.

pub mod bank;
pub mod broadcast;
pub mod builder;
pub mod flow;
pub mod options;
pub mod outcome;

use clap::Subcommand;

use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum TxCommand {
    /// Bank module: send tokens
    #[command(subcommand)]
    Bank(bank::BankTx),
}

pub async fn run(ctx: &Context, cmd: TxCommand) -> anyhow::Result<()> {
    match cmd {
        TxCommand::Bank(tx) => bank::run(ctx, tx).await,
    }
}
