//! `openledger tx ...`: build, sign and broadcast transactions.

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
pub mod slashing;
pub mod staking;

use clap::Subcommand;

use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum TxCommand {
    /// Bank module: send tokens
    #[command(subcommand)]
    Bank(bank::BankTx),
    /// Staking module: validators, delegations, unbonding and redelegation
    #[command(subcommand)]
    Staking(Box<staking::StakingTx>),
    /// Distribution module: withdraw rewards and commission, fund the community pool
    #[command(subcommand)]
    Distribution(distribution::DistributionTx),
    /// Slashing module: unjail a validator
    #[command(subcommand)]
    Slashing(slashing::SlashingTx),
    /// Governance: proposals, deposits, votes and gOPEN voting power
    #[command(subcommand)]
    Gov(gov::GovTx),
    /// Datanets: create and update datanets, contribute data, curate it, publish versions,
    /// buy access and claim access revenue
    #[command(subcommand)]
    Datanet(datanet::DatanetTx),
    /// Models: propose models on datanet versions, advance them through their lifecycle,
    /// publish versions and set inference prices
    #[command(subcommand)]
    Model(model::ModelTx),
    /// Attribution: inference deposits and grants, operators and their bonds, recorded
    /// inferences (one or a batch per transaction) and reward claims
    #[command(subcommand)]
    Attribution(attribution::AttributionTx),
}

pub async fn run(ctx: &Context, cmd: TxCommand) -> anyhow::Result<()> {
    match cmd {
        TxCommand::Bank(tx) => bank::run(ctx, tx).await,
        TxCommand::Staking(tx) => staking::run(ctx, *tx).await,
        TxCommand::Distribution(tx) => distribution::run(ctx, tx).await,
        TxCommand::Slashing(tx) => slashing::run(ctx, tx).await,
        TxCommand::Gov(tx) => gov::run(ctx, tx).await,
        TxCommand::Datanet(tx) => datanet::run(ctx, tx).await,
        TxCommand::Model(tx) => model::run(ctx, tx).await,
        TxCommand::Attribution(tx) => attribution::run(ctx, tx).await,
    }
}
