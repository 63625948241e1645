//! `openledger query ...`: read-only queries through the node's ABCI query gateway.

pub mod account;
pub mod bank;
pub mod status;
pub mod tx;

use clap::Subcommand;
use cosmrs::AccountId;

use crate::address;
use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Bank module: balances and total supply
    #[command(subcommand)]
    Bank(bank::BankQuery),
    /// Show an account's number, sequence and public key
    Account(account::AccountArgs),
    /// Show a transaction by hash: messages, fee, signer, result code, log and events
    Tx(tx::TxArgs),
}

pub async fn run(ctx: &Context, cmd: QueryCommand) -> anyhow::Result<()> {
    match cmd {
        QueryCommand::Bank(query) => bank::run(ctx, query).await,
        QueryCommand::Account(args) => account::run(ctx, &args).await,
        QueryCommand::Tx(args) => tx::run(ctx, &args).await,
    }
}

/// Accepts an `open1...` address, or the name of a key in the keyring.
pub fn resolve_address(ctx: &Context, input: &str) -> anyhow::Result<AccountId> {
    if address::looks_like_address(input) {
        return Ok(address::parse_account(input)?);
    }
    let keyring = ctx.keyring()?;
    match keyring.get(input) {
        Ok(entry) => Ok(address::parse_account(&entry.address)?),
        Err(_) => anyhow::bail!(
            "{input:?} is neither an {}1... address nor the name of a key in {}",
            crate::chain::ACCOUNT_PREFIX,
            keyring.path().display()
        ),
    }
}
