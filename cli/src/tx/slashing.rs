//! `openledger tx slashing ...`.

use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::slashing::v1beta1::MsgUnjail;

use super::flow;
use super::options::SignedTxOpts;
use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum SlashingTx {
    /// Unjail the validator operated by --from, once its jail time is over
    Unjail(UnjailArgs),
}

#[derive(Debug, Args)]
pub struct UnjailArgs {
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

pub async fn run(ctx: &Context, tx: SlashingTx) -> anyhow::Result<()> {
    match tx {
        SlashingTx::Unjail(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgUnjail {
                    validator_addr: signer.validator.to_string(),
                };
                (msg, format!("unjail validator {}", signer.validator))
            })
            .await
        }
    }
}
