//! `openledger query account ADDRESS`: account number, sequence and public key.

use clap::{Args, Command, FromArgMatches};
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    BaseAccount, ModuleAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmos_sdk_proto::Any;
use cosmrs::crypto::PublicKey;
use prost::{Message, Name};
use serde::Serialize;

use super::Entry;
use crate::context::Context;
use crate::output::{self, Render};
use crate::rpc::{paths, Rpc};

#[derive(Debug, Args)]
pub struct AccountArgs {
    /// Address (open1...) or key name
    pub address: String,
    /// Query the state at this block height (default: latest)
    #[arg(long)]
    pub height: Option<u64>,
}

/// What the chain knows about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnChainAccount {
    pub account_type: String,
    pub account_number: u64,
    pub sequence: u64,
    pub public_key: Option<PublicKey>,
}

/// Fetches an account; `Ok(None)` when the chain does not know it yet.
pub async fn fetch(
    rpc: &Rpc,
    address: &str,
    height: Option<u64>,
) -> anyhow::Result<Option<OnChainAccount>> {
    let request = QueryAccountRequest { address: address.to_owned() };
    let response: QueryAccountResponse =
        match rpc.query(paths::auth::ACCOUNT, &request, height).await {
            Ok(response) => response,
            Err(err) if err.is_not_found() => return Ok(None),
            Err(err) => return Err(err.into()),
        };
    let any = response.account.ok_or_else(|| {
        anyhow::anyhow!("{} returned no account for {address}", paths::auth::ACCOUNT)
    })?;
    decode_account(&any).map(Some)
}

fn decode_account(any: &Any) -> anyhow::Result<OnChainAccount> {
    let base = if any.type_url == BaseAccount::type_url() {
        BaseAccount::decode(any.value.as_slice())?
    } else if any.type_url == ModuleAccount::type_url() {
        ModuleAccount::decode(any.value.as_slice())?
            .base_account
            .ok_or_else(|| anyhow::anyhow!("module account without a base account"))?
    } else {
        anyhow::bail!("unsupported account type {}", any.type_url);
    };
    let public_key = base
        .pub_key
        .as_ref()
        .map(|pk| {
            PublicKey::try_from(pk).map_err(|e| anyhow::anyhow!("invalid account public key: {e}"))
        })
        .transpose()?;
    Ok(OnChainAccount {
        account_type: any.type_url.clone(),
        account_number: base.account_number,
        sequence: base.sequence,
        public_key,
    })
}

pub fn entry() -> Entry {
    let cmd = AccountArgs::augment_args(
        Command::new("account").about("Show an account's number, sequence and public key"),
    );
    Entry::Custom(cmd, |ctx, m| {
        Box::pin(async move { run(ctx, &AccountArgs::from_arg_matches(m)?).await })
    })
}

pub async fn run(ctx: &Context, args: &AccountArgs) -> anyhow::Result<()> {
    let address = ctx.account(&args.address)?;
    let rpc = ctx.rpc()?;
    let account = fetch(&rpc, address.as_ref(), args.height).await?;
    output::emit(
        ctx.output,
        &AccountOut {
            address: address.to_string(),
            exists: account.is_some(),
            account_type: account.as_ref().map(|a| a.account_type.clone()),
            account_number: account.as_ref().map(|a| a.account_number),
            sequence: account.as_ref().map(|a| a.sequence),
            pubkey: account.and_then(|a| a.public_key),
        },
    )
}

#[derive(Debug, Serialize)]
struct AccountOut {
    address: String,
    exists: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<u64>,
    /// `null` until the account has signed its first transaction.
    pubkey: Option<PublicKey>,
}

impl Render for AccountOut {
    fn text(&self) -> String {
        if !self.exists {
            return format!(
                "account {} does not exist on chain yet (it has never received tokens)",
                self.address
            );
        }
        let pubkey = match &self.pubkey {
            Some(pk) => pk.to_json(),
            None => "none (the account has not signed a transaction yet)".to_owned(),
        };
        format!(
            "address:        {}\naccount number: {}\nsequence:       {}\npubkey:         {}",
            self.address,
            self.account_number.unwrap_or_default(),
            self.sequence.unwrap_or_default(),
            pubkey
        )
    }
}

#[cfg(test)]
#[path = "../../tests/unit/query_account.rs"]
mod tests;
