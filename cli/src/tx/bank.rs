//! `openledger tx bank send FROM TO AMOUNT`: a transfer signed by the key named first, as the
//! SDK's CLI writes it. Every other bank message is a generated command.

use clap::{Args, Command, FromArgMatches};
use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use cosmrs::AccountId;

use super::flow;
use super::options::Amount;
use super::Entry;
use crate::address;
use crate::amount::Coin;

#[derive(Debug, Args)]
struct SendArgs {
    /// Sender: a key name (or the address of a key) in the keyring
    from: String,
    /// Recipient address (open1...)
    #[arg(value_parser = address::parse_account)]
    to: AccountId,
    /// Amount, e.g. 1.5OPEN, 0.000001OPEN or 2500aopen (several: 1OPEN,5uatom)
    #[arg(allow_hyphen_values = true)]
    amount: Amount,
}

pub fn overrides() -> Vec<Entry> {
    let cmd =
        Command::new("send").about("Send tokens from a keyring key to an address").long_about(
            "Send tokens from a keyring key to an address\n\n\
             Example: openledger tx bank send alice open1... 1.5OPEN",
        );
    vec![Entry::Custom(SendArgs::augment_args(cmd), |_, m, signer| {
        Box::pin(async move {
            let args = SendArgs::from_arg_matches(m)?;
            let msg = MsgSend {
                from_address: signer.account.to_string(),
                to_address: args.to.to_string(),
                amount: args.amount.0.iter().map(Coin::to_proto).collect(),
            };
            Ok(vec![flow::any(&msg)])
        })
    })]
}
