//! `openledger tx distribution ...` overrides: reward withdrawals (with the validator's
//! commission, or from every validator, in one transaction) and the older commands' names and
//! positional arguments. Every other message is generated.

use anyhow::{bail, Context as _};
use clap::{Arg, ArgAction, ArgMatches, Command};
use cosmos_sdk_proto::cosmos::distribution::v1beta1::{
    MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission, QueryDelegatorValidatorsRequest,
    QueryDelegatorValidatorsResponse,
};
use cosmos_sdk_proto::Any;

use super::flow::{any, Signer};
use super::spec::TxSpec;
use super::Entry;
use crate::address;
use crate::context::Context;
use crate::rpc::paths;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    let withdraw = Command::new("withdraw-rewards")
        .about(
            "Withdraw the --from account's rewards from one validator (and, with --commission, \
             that validator's commission when --from is its operator)",
        )
        .arg(
            Arg::new("validator")
                .required(true)
                .value_parser(address::parse_validator)
                .help("Validator operator address (openvaloper1...)"),
        )
        .arg(Arg::new("commission").long("commission").action(ArgAction::SetTrue).help(
            "Also withdraw the validator's accumulated commission (--from must be its operator)",
        ));
    let withdraw_all = Command::new("withdraw-all-rewards")
        .about("Withdraw the --from account's rewards from every validator it delegates to");
    vec![
        Entry::Custom(withdraw, |_, m, signer| {
            Box::pin(async move { withdraw_rewards(m, signer) })
        }),
        Entry::Custom(withdraw_all, |ctx, _, signer| Box::pin(withdraw_all_rewards(ctx, signer))),
        TxSpec::new(
            "set-withdraw-addr",
            "cosmos.distribution.v1beta1.MsgSetWithdrawAddress",
            &["withdraw_address"],
            &[],
        )
        .into(),
        TxSpec::new(
            "fund-community-pool",
            "cosmos.distribution.v1beta1.MsgFundCommunityPool",
            &["amount"],
            &[],
        )
        .arg("amount", |a| a.allow_hyphen_values(true))
        .into(),
    ]
}

fn withdraw_rewards(m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let validator = m.get_one::<cosmrs::AccountId>("validator").context("no validator given")?;
    let mut messages = vec![any(&MsgWithdrawDelegatorReward {
        delegator_address: signer.account.to_string(),
        validator_address: validator.to_string(),
    })];
    if m.get_flag("commission") {
        if *validator != signer.validator {
            bail!(
                "--commission: only the operator can withdraw {validator}'s commission; {} operates {}",
                signer.key.name,
                signer.validator
            );
        }
        messages.push(any(&MsgWithdrawValidatorCommission {
            validator_address: validator.to_string(),
        }));
    }
    Ok(messages)
}

/// One withdrawal per validator the chain lists for the signer.
async fn withdraw_all_rewards(ctx: &Context, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let request = QueryDelegatorValidatorsRequest { delegator_address: signer.account.to_string() };
    let response: QueryDelegatorValidatorsResponse = ctx
        .rpc()?
        .query(paths::distribution::DELEGATOR_VALIDATORS, &request, None)
        .await
        .context("cannot list the validators the account delegates to")?;
    if response.validators.is_empty() {
        bail!(
            "{} ({}) has no delegations, so there are no rewards to withdraw",
            signer.account,
            signer.key.name
        );
    }
    Ok(response
        .validators
        .into_iter()
        .map(|validator_address| {
            any(&MsgWithdrawDelegatorReward {
                delegator_address: signer.account.to_string(),
                validator_address,
            })
        })
        .collect())
}
