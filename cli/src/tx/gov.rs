//! `openledger tx gov ...`: proposals, deposits, votes, and gOPEN voting power.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};
use cosmos_sdk_proto::cosmos::gov::v1::{
    MsgDeposit, MsgSubmitProposal, MsgVote, MsgVoteWeighted, VoteOption, WeightedVoteOption,
};

use super::flow::{self, Signer, TxRequest};
use super::options::{Amount, OneCoin, SignedTxOpts};
use crate::address;
use crate::amount::Coin;
use crate::context::Context;
use crate::dec::{self, Dec};
use crate::forms::messages::parse_proposal;
use crate::proto::gov::{MsgBeginUnlock, MsgDelegateVotes, MsgLock};
use crate::proto::models::{ModelStage, MsgApproveModel, QueryModelRequest, QueryModelResponse};
use crate::query::resolve_address;
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum GovTx {
    /// Submit a proposal from a JSON file (the Cosmos SDK format)
    ///
    /// The file:
    ///   {"messages": [{"@type": "/cosmos.slashing.v1beta1.MsgUpdateParams",
    ///                  "authority": "<output of: openledger query gov authority>",
    ///                  "params": {<all fields, as `openledger query slashing params` prints them>}}],
    ///    "metadata": "", "deposit": "1000OPEN", "title": "...", "summary": "..."}
    ///
    /// A file without messages is a text proposal. Supported message types:
    ///   /cosmos.{auth,bank,staking,distribution,slashing}.v1beta1.MsgUpdateParams
    ///   /cosmos.gov.v1.MsgUpdateParams
    ///   /cosmos.distribution.v1beta1.MsgCommunityPoolSpend
    ///   /openledger.auth.v1.MsgUpdateTxParams
    ///   /openledger.slashing.v1.MsgUpdateEvidenceParams
    ///   /openledger.gov.v1.MsgUpdateGovLimits
    ///   /openledger.{datanets,models}.v1.MsgUpdateParams
    ///   /openledger.models.v1.MsgApproveModel, /openledger.models.v1.MsgRejectModel
    #[command(verbatim_doc_comment)]
    SubmitProposal(SubmitProposalArgs),
    /// Submit a proposal that approves a PROPOSED model (one MsgApproveModel)
    ///
    /// If the proposal passes, the model becomes APPROVED and its creator can advance it.
    /// If the vote rejects it, the model becomes REJECTED (its bond is burned on a veto).
    ///
    /// Example: openledger tx gov propose-model-approval 1 --deposit 1000OPEN --from alice
    ProposeModelApproval(ProposeModelApprovalArgs),
    /// Add a deposit to a proposal in its deposit period
    Deposit(DepositArgs),
    /// Vote on a proposal in its voting period: yes, no, abstain or no_with_veto
    Vote(VoteArgs),
    /// Split a vote over several options, e.g. yes=0.6,no=0.4 (weights sum to 1)
    WeightedVote(WeightedVoteArgs),
    /// Lock OPEN into gOPEN voting power (1 OPEN = 1 gOPEN)
    Lock(LockArgs),
    /// Give the --from account's gOPEN votes to another account (itself to take them back)
    DelegateVotes(DelegateVotesArgs),
    /// Start unlocking gOPEN: the voting power goes at once, the OPEN comes back after the
    /// unlock delay
    Unlock(LockArgs),
}

#[derive(Debug, Args)]
pub struct SubmitProposalArgs {
    /// Proposal JSON file
    pub file: PathBuf,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct ProposeModelApprovalArgs {
    /// Model id (the model must be PROPOSED)
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub model_id: u64,
    /// Initial deposit, e.g. 1000OPEN (the proposal is voted on once it reaches the chain's
    /// min_deposit)
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub deposit: Amount,
    /// Proposal title [default: "Approve model ID: NAME"]
    #[arg(long)]
    pub title: Option<String>,
    /// Proposal summary [default: the model's name, base model, creator and datanet versions]
    #[arg(long)]
    pub summary: Option<String>,
    /// Proposal metadata, e.g. an ipfs:// link
    #[arg(long, default_value = "")]
    pub metadata: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct DepositArgs {
    /// Proposal id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub proposal_id: u64,
    /// Amount, e.g. 500OPEN
    #[arg(allow_hyphen_values = true)]
    pub amount: Amount,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct VoteArgs {
    /// Proposal id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub proposal_id: u64,
    /// yes, no, abstain or no_with_veto
    pub option: VoteChoice,
    /// Metadata attached to the vote
    #[arg(long, default_value = "")]
    pub metadata: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct WeightedVoteArgs {
    /// Proposal id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub proposal_id: u64,
    /// Options and weights, e.g. yes=0.6,no=0.4; the weights must sum to exactly 1
    pub options: WeightedOptions,
    /// Metadata attached to the vote
    #[arg(long, default_value = "")]
    pub metadata: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct LockArgs {
    /// Amount of OPEN, e.g. 1000OPEN
    pub amount: OneCoin,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct DelegateVotesArgs {
    /// Address (open1...) or key name that will vote with the --from account's gOPEN
    pub delegatee: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

/// A vote option as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteChoice(pub VoteOption);

impl FromStr for VoteChoice {
    type Err = String;

    /// `yes`, `no`, `abstain`, `no_with_veto` (also `no-with-veto`, `VOTE_OPTION_YES`, any case).
    fn from_str(s: &str) -> Result<Self, String> {
        let normalized = s.trim().to_ascii_lowercase().replace('-', "_");
        let name = normalized
            .strip_prefix("vote_option_")
            .unwrap_or(&normalized);
        let option = match name {
            "yes" => VoteOption::Yes,
            "no" => VoteOption::No,
            "abstain" => VoteOption::Abstain,
            "no_with_veto" | "veto" => VoteOption::NoWithVeto,
            _ => {
                return Err(format!(
                    "invalid vote option {s:?}: expected yes, no, abstain or no_with_veto"
                ))
            }
        };
        Ok(Self(option))
    }
}

impl fmt::Display for VoteChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            VoteOption::Yes => "yes",
            VoteOption::No => "no",
            VoteOption::Abstain => "abstain",
            VoteOption::NoWithVeto => "no_with_veto",
            VoteOption::Unspecified => "unspecified",
        };
        f.write_str(name)
    }
}

/// `yes=0.6,no=0.4`: distinct options with positive weights summing to exactly 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedOptions(pub Vec<(VoteChoice, Dec)>);

impl FromStr for WeightedOptions {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut options: Vec<(VoteChoice, Dec)> = Vec::new();
        let mut total = Dec::ZERO;
        for part in s.split(',') {
            let (option, weight) = part.split_once('=').ok_or_else(|| {
                format!("invalid weighted option {part:?}: expected option=weight, e.g. yes=0.6")
            })?;
            let option: VoteChoice = option.parse()?;
            let weight = dec::parse(weight).map_err(|e| format!("weight of {option}: {e}"))?;
            if weight == Dec::ZERO {
                return Err(format!("the weight of {option} must be greater than 0"));
            }
            if options.iter().any(|(o, _)| *o == option) {
                return Err(format!("option {option} appears more than once"));
            }
            total = total
                .checked_add(weight)
                .ok_or_else(|| "the weights are too large".to_owned())?;
            options.push((option, weight));
        }
        if total != Dec::ONE {
            return Err(format!(
                "the weights must sum to exactly 1, they sum to {}",
                dec::short_string(total)
            ));
        }
        Ok(Self(options))
    }
}

pub async fn run(ctx: &Context, tx: GovTx) -> anyhow::Result<()> {
    match tx {
        GovTx::SubmitProposal(args) => submit_proposal(ctx, args).await,
        GovTx::ProposeModelApproval(args) => propose_model_approval(ctx, args).await,
        GovTx::Deposit(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgDeposit {
                    proposal_id: args.proposal_id,
                    depositor: signer.account.to_string(),
                    amount: args.amount.0.iter().map(Coin::to_proto).collect(),
                };
                let text = format!(
                    "deposit {} on proposal {}",
                    coins_text(&args.amount.0),
                    args.proposal_id
                );
                (msg, text)
            })
            .await
        }
        GovTx::Vote(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgVote {
                    proposal_id: args.proposal_id,
                    voter: signer.account.to_string(),
                    option: args.option.0 as i32,
                    metadata: args.metadata.clone(),
                };
                let text = format!("vote {} on proposal {}", args.option, args.proposal_id);
                (msg, text)
            })
            .await
        }
        GovTx::WeightedVote(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgVoteWeighted {
                    proposal_id: args.proposal_id,
                    voter: signer.account.to_string(),
                    options: args
                        .options
                        .0
                        .iter()
                        .map(|(option, weight)| WeightedVoteOption {
                            option: option.0 as i32,
                            weight: weight.to_string(),
                        })
                        .collect(),
                    metadata: args.metadata.clone(),
                };
                let split = args
                    .options
                    .0
                    .iter()
                    .map(|(o, w)| format!("{o}={}", dec::short_string(*w)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let text = format!("vote {split} on proposal {}", args.proposal_id);
                (msg, text)
            })
            .await
        }
        GovTx::Lock(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgLock {
                    owner: signer.account.to_string(),
                    amount: Some(args.amount.0.to_proto()),
                };
                let text = format!("lock {} as gOPEN voting power", args.amount.0.display());
                (msg, text)
            })
            .await
        }
        GovTx::Unlock(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgBeginUnlock {
                    owner: signer.account.to_string(),
                    amount: Some(args.amount.0.to_proto()),
                };
                let text = format!("begin unlocking {} of gOPEN", args.amount.0.display());
                (msg, text)
            })
            .await
        }
        GovTx::DelegateVotes(args) => {
            let delegatee = resolve_address(ctx, &args.delegatee)?;
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgDelegateVotes {
                    owner: signer.account.to_string(),
                    delegatee: delegatee.to_string(),
                };
                let text = if delegatee == signer.account {
                    "take back the gOPEN votes (self-delegate)".to_owned()
                } else {
                    format!("delegate the gOPEN votes to {delegatee}")
                };
                (msg, text)
            })
            .await
        }
    }
}

async fn submit_proposal(ctx: &Context, args: SubmitProposalArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read the proposal file {}", args.file.display()))?;
    let gov = address::gov_authority()?;
    let proposal = parse_proposal(&text, &gov)
        .with_context(|| format!("invalid proposal file {}", args.file.display()))?;
    flow::run(ctx, &args.signed, |signer| {
        let msg = MsgSubmitProposal {
            messages: proposal.messages.iter().map(|m| m.any.clone()).collect(),
            initial_deposit: proposal.deposit.iter().map(Coin::to_proto).collect(),
            proposer: signer.account.to_string(),
            metadata: proposal.metadata.clone(),
            title: proposal.title.clone(),
            summary: proposal.summary.clone(),
            expedited: proposal.expedited,
        };
        let mut text = format!(
            "submit proposal {:?} with {} message(s), initial deposit {}",
            proposal.title,
            proposal.messages.len(),
            if proposal.deposit.is_empty() {
                "none".to_owned()
            } else {
                coins_text(&proposal.deposit)
            }
        );
        for message in &proposal.messages {
            text.push_str(&format!("\n             - {}", message.summary));
        }
        Ok(TxRequest::single(&msg, text))
    })
    .await
}

/// Reads the model (it must be PROPOSED), then submits a proposal of one `MsgApproveModel`.
async fn propose_model_approval(
    ctx: &Context,
    args: ProposeModelApprovalArgs,
) -> anyhow::Result<()> {
    let gov = address::gov_authority()?;
    let signer = Signer::load(ctx, &args.signed.from)?;
    let rpc = ctx.rpc()?;
    let response: QueryModelResponse = rpc
        .query(
            paths::models::MODEL,
            &QueryModelRequest {
                model_id: args.model_id,
            },
            None,
        )
        .await
        .with_context(|| format!("cannot read model {}", args.model_id))?;
    let model = response
        .model
        .ok_or_else(|| anyhow::anyhow!("model {} not found", args.model_id))?;
    if model.stage != ModelStage::Proposed as i32 {
        let stage = ModelStage::try_from(model.stage)
            .map(|s| s.as_str_name().to_owned())
            .unwrap_or_else(|_| model.stage.to_string());
        bail!(
            "model {} is {stage}: only a MODEL_STAGE_PROPOSED model can be approved",
            args.model_id
        );
    }
    let refs = model
        .datanet_versions
        .iter()
        .map(|r| format!("{}:{}", r.datanet_id, r.version))
        .collect::<Vec<_>>()
        .join(", ");
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("Approve model {}: {}", model.id, model.name));
    let summary = args.summary.clone().unwrap_or_else(|| {
        format!(
            "Approve model {} ({:?}, base model {:?}) proposed by {}, trained on datanet versions {refs}.",
            model.id, model.name, model.base_model, model.creator
        )
    });
    if title.trim().is_empty() || summary.trim().is_empty() {
        bail!("the proposal needs a non-empty --title and --summary");
    }
    let approve = MsgApproveModel {
        authority: gov.to_string(),
        model_id: args.model_id,
    };
    let msg = MsgSubmitProposal {
        messages: vec![flow::any(&approve)],
        initial_deposit: args.deposit.0.iter().map(Coin::to_proto).collect(),
        proposer: signer.account.to_string(),
        metadata: args.metadata.clone(),
        title: title.clone(),
        summary,
        expedited: false,
    };
    let text = format!(
        "submit proposal {title:?} approving model {} ({:?}), initial deposit {}",
        args.model_id,
        model.name,
        coins_text(&args.deposit.0)
    );
    flow::sign_and_broadcast(
        ctx,
        &signer.key,
        TxRequest::single(&msg, text),
        &args.signed.tx,
    )
    .await
}

fn coins_text(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(Coin::display)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_options() {
        assert_eq!("yes".parse::<VoteChoice>().unwrap().0, VoteOption::Yes);
        assert_eq!(
            "No-With-Veto".parse::<VoteChoice>().unwrap().0,
            VoteOption::NoWithVeto
        );
        assert_eq!(
            "VOTE_OPTION_ABSTAIN".parse::<VoteChoice>().unwrap().0,
            VoteOption::Abstain
        );
        for bad in ["", "maybe", "unspecified", "1"] {
            assert!(bad.parse::<VoteChoice>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weighted_options_sum_to_one() {
        let w: WeightedOptions = "yes=0.6,no=0.4".parse().unwrap();
        assert_eq!(w.0.len(), 2);
        assert_eq!(w.0[0].1.to_string(), "0.600000000000000000");
        assert!("yes=1".parse::<WeightedOptions>().is_ok());
        for bad in [
            "yes=0.6,no=0.3",
            "yes=0.6,no=0.5",
            "yes=0.5,yes=0.5",
            "yes=1,no=0",
            "yes",
            "yes=abc",
            "maybe=1",
            "yes=-1",
        ] {
            assert!(bad.parse::<WeightedOptions>().is_err(), "{bad:?}");
        }
    }
}
