//! Attribution: metered inference and the split of its fee (`openledger.attribution.v1`).
//!
//! * Users fund an inference balance ([`execute_deposit`], [`execute_withdraw`]) held by the
//!   `attribution` module account and let operators charge it up to a limit
//!   ([`execute_grant`], [`execute_revoke`]).
//! * Operators bond OPEN to serve models ([`execute_register_operator`],
//!   [`execute_update_operator`], [`execute_unbond_operator`]); governance may slash a bond
//!   ([`execute_slash_operator`]).
//! * [`execute_record_inference`] meters one inference: the fee ([`token_fee`] plus the
//!   platform fee) is split exactly ([`split_fee`]) among the model creator, stakers, the
//!   contributors of the attributed data (scaled by their reward multiplier) and the
//!   community pool. Creators and contributors claim with [`execute_claim_rewards`];
//!   [`end_block`] pays the stakers' and community pool's amounts and the matured unbonding
//!   bonds.
//!
//! Models, datanets and distribution are reached only through the app's keepers
//! ([`ModelsKeeper`], [`DatanetsKeeper`], [`DistributionKeeper`]); other modules read
//! attribution state through [`AttributionRead`].
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

pub mod addr_cache;
mod challenge;
mod end_block;
mod error;
mod event;
pub mod fee;
mod genesis;
mod graph;
mod handler;
pub mod invariants;
mod keeper;
mod msg;
mod params;
pub mod proto;
mod rpc;
mod state;
pub mod state_key;
mod types;

pub use challenge::{is_supermajority, open_challenge_ids, open_challenges, settle_challenge};
pub use end_block::end_block;
pub use error::{AttributionError, CODESPACE};
pub use fee::{split_fee, split_pool, token_fee, EntrySplit, FeeSplit, PoolSplit, Shares, PPM};
pub use genesis::{EngineParamsEntry, GenesisAccount, GenesisClaimable, GenesisState};
pub use handler::{
    execute_challenge_receipt, execute_claim_rewards, execute_deposit, execute_grant,
    execute_record_inference, execute_record_inference_with_adapters, execute_register_operator,
    execute_revoke, execute_settle_challenge, execute_slash_operator, execute_unbond_operator,
    execute_update_operator, execute_update_params, execute_withdraw, RecordedInference,
};
pub use keeper::{
    AdapterServingView, AdaptersKeeper, ContributionView, DatanetsKeeper, DistributionKeeper,
    Keepers, ModelView, ModelsKeeper, NoAdapters,
};
pub use msg::{
    MsgChallengeReceipt, MsgClaimRewards, MsgDeposit, MsgGrant, MsgRecordInference,
    MsgRegisterOperator, MsgRevoke, MsgSettleChallenge, MsgSlashOperator, MsgUnbondOperator,
    MsgUpdateOperator, MsgUpdateParams, MsgWithdraw, HASH_LEN, MAX_ADAPTER_HASH_LEN,
    MAX_ATTRIBUTION_ENTRIES, MAX_CHALLENGE_OUTPUT_BYTES, MAX_ENDPOINT_LEN, MAX_MODELS,
    MAX_REASON_LEN, MAX_REQUEST_ID_LEN,
};
pub use openledger_framework::time::Time;
pub use params::{
    EngineParams, Params, DEFAULT_CHALLENGE_DEADLINE_BLOCKS, DEFAULT_CHALLENGE_WINDOW_SECS,
    DEFAULT_MAX_CHALLENGE_OUTPUT_BYTES, DEFAULT_MAX_OPEN_CHALLENGES,
    DEFAULT_MAX_RELEASES_PER_BLOCK, DEFAULT_MIN_CHALLENGE_BOND, DEFAULT_MIN_OPERATOR_BOND,
    DEFAULT_MIN_SPAN, DEFAULT_OPERATOR_UNBONDING_TIME, DEFAULT_PLATFORM_FEE,
    DEFAULT_WITHDRAWAL_DELAY_SECS, ONE_OPEN, SUPPORTED_ENGINE_VERSIONS,
};
pub use rpc::{
    query_account, query_challenge, query_challenges, query_earnings, query_engine_params,
    query_grants, query_model_influence, query_operator, query_operators, query_params,
    query_receipt, query_receipts_by_model, query_receipts_by_operator, query_receipts_by_user,
    query_top_contributors, query_top_datanets, query_totals, DEFAULT_PAGE_LIMIT,
    DEFAULT_TOP_LIMIT, MAX_EARNINGS_ROWS, MAX_PAGE_LIMIT, MAX_TOP_LIMIT,
};
pub use state::{
    attribution_address, gov_address, AttributionRead, HoldRecord, ATTRIBUTION_MODULE,
};
pub use types::{
    AttributionEntry, Challenge, ChallengeStatus, Claimable, ContributorInfluence,
    DatanetInfluence, DatanetShare, Grant, Hold, OpenChallenge, Operator, OperatorStatus, Pending,
    PendingWithdrawal, Receipt, ReceiptEntry, Totals,
};
