//! `openledger tx distribution ...`: staking rewards, commission and the community pool.

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::distribution::v1beta1::{
    MsgFundCommunityPool, MsgSetWithdrawAddress, MsgWithdrawDelegatorReward,
    MsgWithdrawValidatorCommission, QueryDelegatorValidatorsRequest,
    QueryDelegatorValidatorsResponse,
};
use cosmrs::AccountId;

use super::flow::{self, Signer, TxRequest};
use super::options::{Amount, SignedTxOpts};
use super::staking::parse_valoper;
use crate::address;
use crate::amount::Coin;
use crate::context::Context;
use crate::query::resolve_address;
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum DistributionTx {
    /// Withdraw the --from account's rewards from one validator (and, with --commission,
    /// that validator's commission when --from is its operator)
    WithdrawRewards(WithdrawRewardsArgs),
    /// Withdraw the --from account's rewards from every validator it delegates to
    WithdrawAllRewards(WithdrawAllArgs),
    /// Set the address that receives the --from account's rewards
    SetWithdrawAddr(SetWithdrawAddrArgs),
    /// Give tokens to the community pool
    FundCommunityPool(FundArgs),
}

#[derive(Debug, Args)]
pub struct WithdrawRewardsArgs {
    /// Validator operator address (openvaloper1...)
    #[arg(value_parser = parse_valoper)]
    pub validator: AccountId,
    /// Also withdraw the validator's accumulated commission (--from must be its operator)
    #[arg(long)]
    pub commission: bool,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct WithdrawAllArgs {
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct SetWithdrawAddrArgs {
    /// Address (open1...) or key name that will receive the rewards
    pub address: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct FundArgs {
    /// Amount, e.g. 10OPEN
    #[arg(allow_hyphen_values = true)]
    pub amount: Amount,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

pub async fn run(ctx: &Context, tx: DistributionTx) -> anyhow::Result<()> {
    match tx {
        DistributionTx::WithdrawRewards(args) => {
            flow::run(ctx, &args.signed, |signer| {
                withdraw_rewards(signer, &args.validator, args.commission)
            })
            .await
        }
        DistributionTx::WithdrawAllRewards(args) => withdraw_all(ctx, &args.signed).await,
        DistributionTx::SetWithdrawAddr(args) => {
            let target = resolve_address(ctx, &args.address)?;
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgSetWithdrawAddress {
                    delegator_address: signer.account.to_string(),
                    withdraw_address: target.to_string(),
                };
                let text = format!("send the rewards of {} to {target}", signer.account);
                (msg, text)
            })
            .await
        }
        DistributionTx::FundCommunityPool(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgFundCommunityPool {
                    amount: args.amount.0.iter().map(Coin::to_proto).collect(),
                    depositor: signer.account.to_string(),
                };
                let text = format!(
                    "fund the community pool with {}",
                    args.amount
                        .0
                        .iter()
                        .map(Coin::display)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                (msg, text)
            })
            .await
        }
    }
}

fn withdraw_rewards(
    signer: &Signer,
    validator: &AccountId,
    commission: bool,
) -> anyhow::Result<TxRequest> {
    let msg = MsgWithdrawDelegatorReward {
        delegator_address: signer.account.to_string(),
        validator_address: validator.to_string(),
    };
    let mut request = TxRequest::single(&msg, format!("withdraw rewards from {validator}"));
    if commission {
        if *validator != signer.validator {
            bail!(
                "--commission: only the operator can withdraw {validator}'s commission; {} operates {}",
                signer.key.name,
                signer.validator
            );
        }
        let msg = MsgWithdrawValidatorCommission {
            validator_address: validator.to_string(),
        };
        request.push(&msg, format!("withdraw the commission of {validator}"));
    }
    Ok(request)
}

async fn withdraw_all(ctx: &Context, opts: &SignedTxOpts) -> anyhow::Result<()> {
    let signer = Signer::load(ctx, &opts.from)?;
    let rpc = ctx.rpc()?;
    let response: QueryDelegatorValidatorsResponse = rpc
        .query(
            paths::distribution::DELEGATOR_VALIDATORS,
            &QueryDelegatorValidatorsRequest {
                delegator_address: signer.account.to_string(),
            },
            None,
        )
        .await
        .context("cannot list the validators the account delegates to")?;
    if response.validators.is_empty() {
        bail!(
            "{} ({}) has no delegations, so there are no rewards to withdraw",
            signer.account,
            signer.key.name
        );
    }
    let mut request = TxRequest {
        messages: Vec::new(),
        description: Vec::new(),
    };
    for validator in &response.validators {
        let validator = address::parse_validator(validator)
            .with_context(|| format!("the node listed an invalid validator {validator:?}"))?;
        let msg = MsgWithdrawDelegatorReward {
            delegator_address: signer.account.to_string(),
            validator_address: validator.to_string(),
        };
        request.push(&msg, format!("withdraw rewards from {validator}"));
    }
    flow::sign_and_broadcast(ctx, &signer.key, request, &opts.tx).await
}
