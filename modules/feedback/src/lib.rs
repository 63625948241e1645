//! RLHF feedback rounds: bonded feedback validators, commit-reveal scoring, stake-weighted
//! median settlement.
//!
//! * Validators register with a bond ([`execute_register_validator`], [`execute_add_bond`])
//!   held in the `feedback` module account, and leave with [`execute_unbond_validator`]: the
//!   bond returns after `validator_unbonding_blocks`, never while committed to an open round.
//! * A model's creator funds a round ([`execute_fund_round`]) on a model version: a reward
//!   pool in escrow, item hashes, commit and reveal deadlines. Creators are read through the
//!   app's [`ModelsKeeper`].
//! * Validators commit `sha256(round_id || validator || scores || salt)`
//!   ([`execute_commit_scores`]) and reveal after the commit deadline
//!   ([`execute_reveal_scores`]).
//! * [`end_block`] settles rounds at their reveal deadline ([`settle`] has the formula):
//!   consensus per item, rewards, refunds, slashes to the community pool through the app's
//!   [`DistributionKeeper`]. The consensus is the version's alignment evidence, which the
//!   models deploy gate asks for through [`FeedbackRead::has_settled_round`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod end_block;
mod error;
mod event;
mod genesis;
mod handler;
pub mod invariants;
mod keeper;
mod msg;
mod params;
pub mod proto;
mod rpc;
pub mod settle;
mod state;
pub mod state_key;
mod types;

pub use end_block::{end_block, settle_round, MAX_UNBONDINGS_PER_BLOCK};
pub use error::{FeedbackError, CODESPACE};
pub use genesis::GenesisState;
pub use handler::{
    execute_add_bond, execute_commit_scores, execute_fund_round, execute_register_validator,
    execute_reveal_scores, execute_unbond_validator, execute_update_params,
};
pub use keeper::{DistributionKeeper, ModelView, ModelsKeeper};
pub use msg::{
    commitment_hash, parse_commitment, MsgAddFeedbackBond, MsgCommitScores, MsgFundRound,
    MsgRegisterFeedbackValidator, MsgRevealScores, MsgUnbondFeedbackValidator, MsgUpdateParams,
    MAX_ITEM_HASH_LEN, MAX_SALT_LEN,
};
pub use params::{Params, MAX_ITEMS, MAX_SETTLEMENTS, MAX_VALIDATORS, OPEN};
pub use rpc::{
    query_params, query_round, query_round_result, query_rounds, query_settled_rounds,
    query_validator, query_validators, MAX_SETTLED_ROUNDS,
};
pub use state::{feedback_address, gov_address, FeedbackRead, FEEDBACK_MODULE};
pub use types::{Commitment, Outcome, Round, RoundResult, Unbonding, Validator};
