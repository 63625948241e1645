//! `openledger query gov ...`: proposals, votes, deposits, tallies, params and gOPEN power.

use clap::{Args, Subcommand, ValueEnum};
use cosmos_sdk_proto::cosmos::gov::v1::{
    Deposit, Proposal, ProposalStatus, QueryDepositsRequest, QueryDepositsResponse,
    QueryParamsRequest, QueryParamsResponse, QueryProposalRequest, QueryProposalResponse,
    QueryProposalsRequest, QueryProposalsResponse, QueryTallyResultRequest,
    QueryTallyResultResponse, QueryVoteRequest, QueryVoteResponse, QueryVotesRequest,
    QueryVotesResponse, TallyResult, Vote, VoteOption,
};
use serde::Serialize;
use serde_json::Value;

use super::common::{self, HeightOpt, PlainArgs};
use super::resolve_address;
use super::view;
use crate::address;
use crate::amount::Coin;
use crate::chain::BASE_DENOM;
use crate::context::Context;
use crate::dec;
use crate::forms::messages::message_json;
use crate::forms::params::GovParams;
use crate::output::{self, Render};
use crate::proto::gov::{
    QueryGovernancePowerRequest, QueryGovernancePowerResponse, QueryTotalPowerRequest,
    QueryTotalPowerResponse,
};
use crate::rpc::paths;

#[derive(Debug, Subcommand)]
pub enum GovQuery {
    /// All proposals, or those with one status
    Proposals(ProposalsArgs),
    /// One proposal, with its messages in the proposal-file form
    Proposal(ProposalArgs),
    /// Votes cast on a proposal
    Votes(ProposalArgs),
    /// One voter's vote on a proposal
    Vote(VoteArgs),
    /// Deposits made on a proposal
    Deposits(ProposalArgs),
    /// Current tally of a proposal (final once voting ended)
    Tally(ProposalArgs),
    /// Governance parameters (the `params` object is the form a proposal file uses)
    Params(PlainArgs),
    /// gOPEN of an address: locked, where its votes go, voting power, pending unlocks
    Power(PowerArgs),
    /// Total gOPEN locked (the total voting power)
    TotalPower(PlainArgs),
    /// The gov module account: the `authority` of messages in proposal files (no node needed)
    Authority,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Waiting for deposits
    Deposit,
    /// Being voted on
    Voting,
    Passed,
    Rejected,
    /// Passed, but its messages failed
    Failed,
}

#[derive(Debug, Args)]
pub struct ProposalsArgs {
    /// Only proposals with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Only proposals this address (or key) voted on
    #[arg(long)]
    pub voter: Option<String>,
    /// Only proposals this address (or key) deposited on
    #[arg(long)]
    pub depositor: Option<String>,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct ProposalArgs {
    /// Proposal id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub proposal_id: u64,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct VoteArgs {
    /// Proposal id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub proposal_id: u64,
    /// Voter address (open1...) or key name
    pub voter: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

#[derive(Debug, Args)]
pub struct PowerArgs {
    /// Address (open1...) or key name
    pub address: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

fn status_name(status: i32) -> String {
    ProposalStatus::try_from(status)
        .map(|s| s.as_str_name().to_owned())
        .unwrap_or_else(|_| format!("UNKNOWN ({status})"))
}

fn option_name(option: i32) -> String {
    VoteOption::try_from(option)
        .map(|o| o.as_str_name().to_owned())
        .unwrap_or_else(|_| format!("UNKNOWN ({option})"))
}

#[derive(Debug, Serialize)]
struct TallyView {
    yes_count: String,
    abstain_count: String,
    no_count: String,
    no_with_veto_count: String,
}

/// An integer the node left empty is 0.
fn or_zero(s: String) -> String {
    if s.is_empty() {
        "0".to_owned()
    } else {
        s
    }
}

fn tally_view(t: Option<&TallyResult>) -> TallyView {
    let t = t.cloned().unwrap_or_default();
    TallyView {
        yes_count: or_zero(t.yes_count),
        abstain_count: or_zero(t.abstain_count),
        no_count: or_zero(t.no_count),
        no_with_veto_count: or_zero(t.no_with_veto_count),
    }
}

#[derive(Debug, Serialize)]
struct ProposalView {
    id: u64,
    messages: Vec<Value>,
    status: String,
    final_tally_result: TallyView,
    submit_time: Option<String>,
    deposit_end_time: Option<String>,
    total_deposit: Vec<Coin>,
    voting_start_time: Option<String>,
    voting_end_time: Option<String>,
    metadata: String,
    title: String,
    summary: String,
    proposer: String,
    expedited: bool,
    failed_reason: String,
}

fn proposal_view(p: &Proposal) -> anyhow::Result<ProposalView> {
    Ok(ProposalView {
        id: p.id,
        messages: p.messages.iter().map(message_json).collect(),
        status: status_name(p.status),
        final_tally_result: tally_view(p.final_tally_result.as_ref()),
        submit_time: view::time(p.submit_time.as_ref()),
        deposit_end_time: view::time(p.deposit_end_time.as_ref()),
        total_deposit: view::coins(&p.total_deposit)?,
        voting_start_time: view::time(p.voting_start_time.as_ref()),
        voting_end_time: view::time(p.voting_end_time.as_ref()),
        metadata: p.metadata.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        proposer: p.proposer.clone(),
        expedited: p.expedited,
        failed_reason: p.failed_reason.clone(),
    })
}

#[derive(Debug, Serialize)]
struct ProposalsOut {
    proposals: Vec<ProposalView>,
}

impl Render for ProposalsOut {
    fn text(&self) -> String {
        common::table(
            &self.proposals,
            "no proposals",
            Some("ID  STATUS  TITLE  VOTING_END"),
            |p| {
                format!(
                    "{}  {}  {}  {}",
                    p.id,
                    p.status.trim_start_matches("PROPOSAL_STATUS_"),
                    p.title,
                    p.voting_end_time.as_deref().unwrap_or("-")
                )
            },
        )
    }
}

#[derive(Debug, Serialize)]
struct ProposalOut {
    proposal: ProposalView,
}

#[derive(Debug, Serialize)]
struct WeightedOptionView {
    option: String,
    weight: String,
}

#[derive(Debug, Serialize)]
struct VoteView {
    proposal_id: u64,
    voter: String,
    options: Vec<WeightedOptionView>,
    metadata: String,
}

fn vote_view(v: &Vote) -> VoteView {
    VoteView {
        proposal_id: v.proposal_id,
        voter: v.voter.clone(),
        options: v
            .options
            .iter()
            .map(|o| WeightedOptionView {
                option: option_name(o.option),
                weight: dec::display_decimal(&o.weight),
            })
            .collect(),
        metadata: v.metadata.clone(),
    }
}

#[derive(Debug, Serialize)]
struct VotesOut {
    votes: Vec<VoteView>,
}

#[derive(Debug, Serialize)]
struct VoteOut {
    vote: VoteView,
}

#[derive(Debug, Serialize)]
struct DepositView {
    proposal_id: u64,
    depositor: String,
    amount: Vec<Coin>,
}

fn deposit_view(d: &Deposit) -> anyhow::Result<DepositView> {
    Ok(DepositView {
        proposal_id: d.proposal_id,
        depositor: d.depositor.clone(),
        amount: view::coins(&d.amount)?,
    })
}

#[derive(Debug, Serialize)]
struct DepositsOut {
    deposits: Vec<DepositView>,
}

#[derive(Debug, Serialize)]
struct TallyOut {
    tally: TallyView,
}

#[derive(Debug, Serialize)]
struct UnlockView {
    amount: String,
    completion_time: Option<String>,
}

#[derive(Debug, Serialize)]
struct PowerOut {
    address: String,
    /// aopen locked by this address.
    locked: String,
    /// Who votes with this address's gOPEN.
    delegatee: String,
    /// aopen of gOPEN this address votes with (its own, unless delegated away, plus what
    /// others delegated to it).
    voting_power: String,
    unlocking: Vec<UnlockView>,
}

impl Render for PowerOut {
    fn text(&self) -> String {
        let mut text = format!(
            "address:      {}\nlocked:       {}\ndelegatee:    {}\nvoting power: {}",
            self.address,
            view::amount_text(&self.locked, BASE_DENOM),
            if self.delegatee.is_empty() {
                "self"
            } else {
                &self.delegatee
            },
            view::amount_text(&self.voting_power, BASE_DENOM)
        );
        if self.unlocking.is_empty() {
            text.push_str("\nunlocking:    none");
        } else {
            text.push_str("\nunlocking:");
            for u in &self.unlocking {
                text.push_str(&format!(
                    "\n  - {} at {}",
                    view::amount_text(&u.amount, BASE_DENOM),
                    u.completion_time.as_deref().unwrap_or("?")
                ));
            }
        }
        text
    }
}

#[derive(Debug, Serialize)]
struct TotalPowerOut {
    total_locked: String,
}

#[derive(Debug, Serialize)]
struct AuthorityOut {
    authority: String,
}

impl Render for AuthorityOut {
    fn text(&self) -> String {
        self.authority.clone()
    }
}

pub async fn run(ctx: &Context, query: GovQuery) -> anyhow::Result<()> {
    if let GovQuery::Authority = query {
        return output::emit(
            ctx.output,
            &AuthorityOut {
                authority: address::gov_authority()?.to_string(),
            },
        );
    }
    let rpc = ctx.rpc()?;
    match query {
        // answered above, without a node
        GovQuery::Authority => Ok(()),
        GovQuery::Proposals(args) => {
            let status = match args.status {
                None => ProposalStatus::Unspecified,
                Some(StatusFilter::Deposit) => ProposalStatus::DepositPeriod,
                Some(StatusFilter::Voting) => ProposalStatus::VotingPeriod,
                Some(StatusFilter::Passed) => ProposalStatus::Passed,
                Some(StatusFilter::Rejected) => ProposalStatus::Rejected,
                Some(StatusFilter::Failed) => ProposalStatus::Failed,
            };
            let voter = match &args.voter {
                Some(v) => resolve_address(ctx, v)?.to_string(),
                None => String::new(),
            };
            let depositor = match &args.depositor {
                Some(d) => resolve_address(ctx, d)?.to_string(),
                None => String::new(),
            };
            let proposals = common::all_pages(
                &rpc,
                paths::gov::PROPOSALS,
                args.height.height,
                |pagination| QueryProposalsRequest {
                    proposal_status: status as i32,
                    voter: voter.clone(),
                    depositor: depositor.clone(),
                    pagination,
                },
                |r: QueryProposalsResponse| (r.proposals, r.pagination),
            )
            .await?;
            let proposals = proposals
                .iter()
                .map(proposal_view)
                .collect::<anyhow::Result<_>>()?;
            output::emit(ctx.output, &ProposalsOut { proposals })
        }
        GovQuery::Proposal(args) => {
            let response: QueryProposalResponse = rpc
                .query(
                    paths::gov::PROPOSAL,
                    &QueryProposalRequest {
                        proposal_id: args.proposal_id,
                    },
                    args.height.height,
                )
                .await?;
            let proposal = response
                .proposal
                .ok_or_else(|| anyhow::anyhow!("proposal {} not found", args.proposal_id))?;
            common::emit_doc(
                ctx,
                ProposalOut {
                    proposal: proposal_view(&proposal)?,
                },
            )
        }
        GovQuery::Votes(args) => {
            let votes = common::all_pages(
                &rpc,
                paths::gov::VOTES,
                args.height.height,
                |pagination| QueryVotesRequest {
                    proposal_id: args.proposal_id,
                    pagination,
                },
                |r: QueryVotesResponse| (r.votes, r.pagination),
            )
            .await?;
            common::emit_doc(
                ctx,
                VotesOut {
                    votes: votes.iter().map(vote_view).collect(),
                },
            )
        }
        GovQuery::Vote(args) => {
            let voter = resolve_address(ctx, &args.voter)?;
            let response: QueryVoteResponse = rpc
                .query(
                    paths::gov::VOTE,
                    &QueryVoteRequest {
                        proposal_id: args.proposal_id,
                        voter: voter.to_string(),
                    },
                    args.height.height,
                )
                .await?;
            let vote = response.vote.ok_or_else(|| {
                anyhow::anyhow!("{voter} has not voted on proposal {}", args.proposal_id)
            })?;
            common::emit_doc(
                ctx,
                VoteOut {
                    vote: vote_view(&vote),
                },
            )
        }
        GovQuery::Deposits(args) => {
            let deposits = common::all_pages(
                &rpc,
                paths::gov::DEPOSITS,
                args.height.height,
                |pagination| QueryDepositsRequest {
                    proposal_id: args.proposal_id,
                    pagination,
                },
                |r: QueryDepositsResponse| (r.deposits, r.pagination),
            )
            .await?;
            common::emit_doc(
                ctx,
                DepositsOut {
                    deposits: deposits
                        .iter()
                        .map(deposit_view)
                        .collect::<anyhow::Result<_>>()?,
                },
            )
        }
        GovQuery::Tally(args) => {
            let response: QueryTallyResultResponse = rpc
                .query(
                    paths::gov::TALLY_RESULT,
                    &QueryTallyResultRequest {
                        proposal_id: args.proposal_id,
                    },
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                TallyOut {
                    tally: tally_view(response.tally.as_ref()),
                },
            )
        }
        GovQuery::Params(args) => {
            let response: QueryParamsResponse = rpc
                .query(
                    paths::gov::PARAMS,
                    &QueryParamsRequest {
                        params_type: String::new(),
                    },
                    args.height.height,
                )
                .await?;
            common::emit_params(ctx, "gov", response.params, GovParams::from_proto)
        }
        GovQuery::Power(args) => {
            let address = resolve_address(ctx, &args.address)?.to_string();
            let response: QueryGovernancePowerResponse = rpc
                .query(
                    paths::gopen::GOVERNANCE_POWER,
                    &QueryGovernancePowerRequest {
                        address: address.clone(),
                    },
                    args.height.height,
                )
                .await?;
            output::emit(
                ctx.output,
                &PowerOut {
                    address,
                    locked: or_zero(response.locked),
                    delegatee: response.delegatee,
                    voting_power: or_zero(response.voting_power),
                    unlocking: response
                        .unlocking
                        .iter()
                        .map(|u| UnlockView {
                            amount: u.amount.clone(),
                            completion_time: view::time(u.completion_time.as_ref()),
                        })
                        .collect(),
                },
            )
        }
        GovQuery::TotalPower(args) => {
            let response: QueryTotalPowerResponse = rpc
                .query(
                    paths::gopen::TOTAL_POWER,
                    &QueryTotalPowerRequest {},
                    args.height.height,
                )
                .await?;
            common::emit_doc(
                ctx,
                TotalPowerOut {
                    total_locked: or_zero(response.total_locked),
                },
            )
        }
    }
}
