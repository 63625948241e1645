//! `openledger query ...`: read-only queries through the node's ABCI query gateway.

pub mod account;
pub mod attribution;
pub mod bank;
pub mod common;
pub mod datanet;
pub mod distribution;
pub mod gov;
pub mod model;
pub mod slashing;
pub mod staking;
pub mod status;
pub mod tx;
pub mod view;

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
    /// Staking module: validators, delegations, unbonding, redelegations, pool, params
    #[command(subcommand)]
    Staking(staking::StakingQuery),
    /// Distribution module: rewards, commission, community pool, params
    #[command(subcommand)]
    Distribution(distribution::DistributionQuery),
    /// Slashing module: signing info (liveness and jail) and params
    #[command(subcommand)]
    Slashing(slashing::SlashingQuery),
    /// Governance: proposals, votes, deposits, tallies, params and gOPEN voting power
    #[command(subcommand)]
    Gov(gov::GovQuery),
    /// Datanets: datanets, contributions, versions, standings, access and access revenue
    #[command(subcommand)]
    Datanet(datanet::DatanetQuery),
    /// Models: models, their versions, lineage and stage history
    #[command(subcommand)]
    Model(model::ModelQuery),
    /// Attribution: operators, inference balances and grants, receipts, earnings, the
    /// model/datanet influence graph and totals
    #[command(subcommand)]
    Attribution(attribution::AttributionQuery),
}

pub async fn run(ctx: &Context, cmd: QueryCommand) -> anyhow::Result<()> {
    match cmd {
        QueryCommand::Bank(query) => bank::run(ctx, query).await,
        QueryCommand::Account(args) => account::run(ctx, &args).await,
        QueryCommand::Tx(args) => tx::run(ctx, &args).await,
        QueryCommand::Staking(query) => staking::run(ctx, query).await,
        QueryCommand::Distribution(query) => distribution::run(ctx, query).await,
        QueryCommand::Slashing(query) => slashing::run(ctx, query).await,
        QueryCommand::Gov(query) => gov::run(ctx, query).await,
        QueryCommand::Datanet(query) => datanet::run(ctx, query).await,
        QueryCommand::Model(query) => model::run(ctx, query).await,
        QueryCommand::Attribution(query) => attribution::run(ctx, query).await,
    }
}

/// Accepts an `openvaloper1...` address, or the name of a key in the keyring (meaning the
/// validator that key operates).
pub fn resolve_validator(ctx: &Context, input: &str) -> anyhow::Result<AccountId> {
    let prefix = format!("{}1", crate::chain::VALOPER_PREFIX);
    if input.trim().to_ascii_lowercase().starts_with(&prefix) {
        return Ok(address::parse_validator(input)?);
    }
    if address::looks_like_address(input) {
        anyhow::bail!(
            "{input:?} is an account address; validators are given by their operator address ({prefix}...)"
        );
    }
    let keyring = ctx.keyring()?;
    match keyring.get(input) {
        Ok(entry) => Ok(address::validator_of_account(&address::parse_account(
            &entry.address,
        )?)?),
        Err(_) => anyhow::bail!(
            "{input:?} is neither a {prefix}... address nor the name of a key in {}",
            keyring.path().display()
        ),
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
