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
use prost_reflect::Value;

use super::flow::{any, Signer};
use super::spec::TxSpec;
use super::values::valoper;
use super::Entry;
use crate::context::Context;
use crate::rpc::paths;
use crate::schema::args::Options;

const MSG: &str = "cosmos.distribution.v1beta1.";

/// `withdraw-rewards VALIDATOR [--commission]`.
fn withdraw_spec() -> TxSpec {
    let about =
        "Withdraw the --from account's rewards from one validator (and, with --commission, \
                 that validator's commission when --from is its operator)";
    let commission = Arg::new("commission")
        .long("commission")
        .action(ArgAction::SetTrue)
        .help("Also withdraw the validator's accumulated commission (--from must be its operator)");
    let msg = format!("{MSG}MsgWithdrawDelegatorReward");
    let spec = TxSpec::new("withdraw-rewards", &msg, &["validator_address"], &[]);
    spec.about(about)
        .parser("validator_address", valoper)
        .extra(commission)
}

pub fn overrides() -> Vec<Entry> {
    let withdraw_all = Command::new("withdraw-all-rewards")
        .about("Withdraw the --from account's rewards from every validator it delegates to");
    let fund = TxSpec::new(
        "fund-community-pool",
        &format!("{MSG}MsgFundCommunityPool"),
        &["amount"],
        &[],
    );
    let set_address = format!("{MSG}MsgSetWithdrawAddress");
    vec![
        Entry::Custom(withdraw_spec().fields.cmd, |ctx, m, signer| {
            Box::pin(async move { withdraw_rewards(ctx, m, signer) })
        }),
        Entry::Custom(withdraw_all, |ctx, _, signer| {
            Box::pin(withdraw_all_rewards(ctx, signer))
        }),
        TxSpec::new(
            "set-withdraw-addr",
            &set_address,
            &["withdraw_address"],
            &[],
        )
        .into(),
        fund.arg("amount", |a| a.allow_hyphen_values(true)).into(),
    ]
}

fn withdraw_rewards(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let reward = withdraw_spec().build_message(ctx, m, signer)?;
    if !m.get_flag("commission") {
        return Ok(vec![reward]);
    }
    let validator = m
        .get_one::<Value>("validator_address")
        .and_then(Value::as_str)
        .unwrap_or("");
    if validator != signer.validator.to_string() {
        bail!(
            "--commission: only the operator can withdraw {validator}'s commission; {} operates {}",
            signer.key.name,
            signer.validator
        );
    }
    let commission = MsgWithdrawValidatorCommission {
        validator_address: validator.to_owned(),
    };
    Ok(vec![reward, any(&commission)])
}

/// One withdrawal per validator the chain lists for the signer.
async fn withdraw_all_rewards(ctx: &Context, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let request = QueryDelegatorValidatorsRequest {
        delegator_address: signer.account.to_string(),
    };
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
