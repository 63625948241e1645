//! `openledger query account ADDRESS`: account number, sequence and public key.

use clap::{Args, Command, FromArgMatches};
use cosmos_sdk_proto::cosmos::auth::v1beta1::{
    BaseAccount, ModuleAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmos_sdk_proto::Any;
use cosmrs::crypto::PublicKey;
use prost::{Message, Name};
use serde_json::{json, Value as Json};

use super::Entry;
use crate::context::Context;
use crate::output;
use crate::rpc::{paths, Rpc};
use crate::schema::text::cell;

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
    let account = fetch(&ctx.rpc()?, address.as_ref(), args.height).await?;
    let doc = match account {
        None => json!({ "address": address.to_string(), "exists": false, "pubkey": null }),
        Some(a) => json!({
            "address": address.to_string(), "exists": true, "account_type": a.account_type,
            "account_number": a.account_number, "sequence": a.sequence, "pubkey": a.public_key,
        }),
    };
    output::emit_doc(ctx.output, &doc, &|d| {
        if d["exists"] != true {
            let address = cell(d, "address");
            return format!(
                "account {address} does not exist on chain yet (it has never received tokens)"
            );
        }
        let pubkey = match &d["pubkey"] {
            Json::Null => "none (the account has not signed a transaction yet)".to_owned(),
            key => key.to_string(),
        };
        let [address, number, sequence] =
            ["address", "account_number", "sequence"].map(|k| cell(d, k));
        format!("address:        {address}\naccount number: {number}\nsequence:       {sequence}\npubkey:         {pubkey}")
    })
}

#[cfg(test)]
#[path = "../../tests/unit/query_account.rs"]
mod tests;
