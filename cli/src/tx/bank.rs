//! `openledger tx bank ...`.

use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use cosmrs::AccountId;

use super::flow::{self, TxRequest};
use super::options::{Amount, TxOpts};
use crate::address;
use crate::amount::Coin;
use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum BankTx {
    /// Send tokens from a keyring key to an address
    ///
    /// Example: openledger tx bank send alice open1... 1.5OPEN
    Send(SendArgs),
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Sender: a key name (or the address of a key) in the keyring
    pub from: String,
    /// Recipient address (open1...)
    #[arg(value_parser = parse_recipient)]
    pub to: AccountId,
    /// Amount, e.g. 1.5OPEN, 0.000001OPEN or 2500aopen (several: 1OPEN,5uatom)
    #[arg(allow_hyphen_values = true)]
    pub amount: Amount,
    #[command(flatten)]
    pub tx: TxOpts,
}

fn parse_recipient(s: &str) -> Result<AccountId, address::AddressError> {
    address::parse_account(s)
}

pub async fn run(ctx: &Context, tx: BankTx) -> anyhow::Result<()> {
    match tx {
        BankTx::Send(args) => send(ctx, args).await,
    }
}

async fn send(ctx: &Context, args: SendArgs) -> anyhow::Result<()> {
    let keyring = ctx.keyring()?;
    let signer = keyring.get(&args.from)?.clone();
    let msg = MsgSend {
        from_address: signer.address.clone(),
        to_address: args.to.to_string(),
        amount: args.amount.0.iter().map(Coin::to_proto).collect(),
    };
    let description = format!(
        "send {} to {}",
        args.amount
            .0
            .iter()
            .map(Coin::display)
            .collect::<Vec<_>>()
            .join(", "),
        args.to
    );
    let request = TxRequest::single(&msg, description);
    flow::sign_and_broadcast(ctx, &signer, request, &args.tx).await
}
