//! Governance: gOPEN governance staking and Cosmos gov v1 proposals.
//!
//! * gOPEN (`openledger.gov.v1`): [`execute_lock`] locks OPEN 1:1 into non-transferable voting
//!   power held by the `gov_gopen` module account, [`execute_delegate_votes`] gives that power
//!   to another account, [`execute_begin_unlock`] removes it at once and pays the OPEN back
//!   after `unlock_delay_secs`. Each locked aopen counts toward exactly one account's power.
//! * Proposals (`cosmos.gov.v1`): submit, deposit, vote, weighted vote and update-params with
//!   the SDK v0.50 semantics, except that votes weigh gOPEN power at tally time instead of
//!   staked tokens. Passed proposals' messages run through the app's [`ProposalExecutor`].
//! * [`end_block`] pays matured unlocks, drops proposals whose deposit period ended and tallies
//!   and executes proposals whose voting period ended.
//!
//! Other modules read governance state through [`GovRead`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod end_block;
mod error;
mod event;
mod executor;
mod genesis;
mod handler;
pub mod invariants;
mod msg;
mod params;
mod proposal;
pub mod proto;
mod rpc;
mod state;
pub mod state_key;
mod tally;

pub use end_block::end_block;
pub use error::{GovError, CODESPACE};
pub use executor::ProposalExecutor;
pub use genesis::{GenesisLock, GenesisState, GenesisUnlock};
pub use handler::{
    execute_begin_unlock, execute_delegate_votes, execute_deposit, execute_lock,
    execute_submit_proposal, execute_update_gov_limits, execute_update_params, execute_vote,
    execute_vote_weighted,
};
pub use msg::{
    MsgBeginUnlock, MsgDelegateVotes, MsgDeposit, MsgLock, MsgSubmitProposal, MsgUpdateGovLimits,
    MsgUpdateParams, MsgVote, MsgVoteWeighted, MAX_PROPOSAL_MESSAGES,
};
pub use openledger_framework::time::{Time, TimeError};
pub use params::{Params, MAX_PERIOD_SECS};
pub use proposal::{
    Deposit, Proposal, ProposalStatus, TallyResult, Vote, VoteOption, WeightedVoteOption,
};
pub use rpc::{
    query_constitution, query_deposit, query_deposits, query_governance_power, query_params,
    query_proposal, query_proposals, query_tally_result, query_total_power, query_vote,
    query_votes, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_TALLY_VOTES,
};
pub use state::{gopen_address, gov_address, GovRead, LockRecord, GOPEN_MODULE, GOV_MODULE};
pub use tally::{decide, Tally, Verdict};
