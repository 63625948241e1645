//! Distribution: block fees and reward funding paid to validators by voting power, commission
//! to operators, the rest to delegators pro rata, and a community pool.
//!
//! Each validator keeps a cumulative reward index (rewards per share × 10^18); each delegation
//! remembers the index it last settled at, so a delegation's pending reward is
//! `shares × (index − start) / 10^18` and no per-block loop over delegators is needed.
//!
//! The staking module is reached only through [`StakingKeeper`] (implemented by the app), and
//! staking's hooks call [`on_validator_created`], [`before_delegation_shares_modified`],
//! [`after_delegation_modified`], [`before_delegation_removed`] and [`on_validator_removed`].
//! The app calls [`allocate_tokens`] at the start of every block.
//!
//! Messages: `/cosmos.distribution.v1beta1.MsgSetWithdrawAddress`, `MsgWithdrawDelegatorReward`,
//! `MsgWithdrawValidatorCommission`, `MsgFundCommunityPool`, `MsgCommunityPoolSpend`,
//! `MsgUpdateParams`, with the Cosmos SDK's semantics.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![warn(clippy::arithmetic_side_effects)]

mod allocation;
mod error;
mod event;
mod genesis;
mod handler;
mod hooks;
pub mod invariants;
mod keeper;
mod msg;
mod params;
mod rewards;
mod rpc;
mod state;
pub mod state_key;
mod withdraw;

pub use allocation::{
    allocate_tokens, fund_community_pool, fund_rewards, MAX_FEE_DENOMS_PER_BLOCK,
};
pub use error::DistributionError;
pub use genesis::{DelegatorStartIndex, GenesisState, ValidatorGenesis, WithdrawAddress};
pub use handler::{
    execute_community_pool_spend, execute_fund_community_pool, execute_set_withdraw_address,
    execute_update_params, execute_withdraw_delegator_reward,
    execute_withdraw_validator_commission,
};
pub use hooks::{
    after_delegation_modified, before_delegation_removed, before_delegation_shares_modified,
    on_validator_created, on_validator_removed,
};
pub use keeper::{StakingKeeper, ValidatorView};
pub use msg::{
    MsgCommunityPoolSpend, MsgFundCommunityPool, MsgSetWithdrawAddress, MsgUpdateParams,
    MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission,
};
pub use params::Params;
pub use rewards::{dec_coin, pending_reward, REWARD_INDEX_SCALE};
pub use rpc::{
    query_community_pool, query_delegation_rewards, query_delegation_total_rewards,
    query_delegator_validators, query_delegator_withdraw_address, query_params,
    query_validator_commission, query_validator_distribution_info,
    query_validator_outstanding_rewards, query_validator_slashes, MAX_DELEGATOR_VALIDATORS,
};
pub use state::{is_blocked_address, DistributionRead, ValidatorRecord, BLOCKED_MODULE_ACCOUNTS};

/// Name of the module and of its module account (`Address::module("distribution")`), which
/// holds undistributed rewards, accumulated commission and the community pool.
pub const MODULE_NAME: &str = "distribution";

/// The module account that is the authority of `MsgUpdateParams` and `MsgCommunityPoolSpend`.
pub const GOV_MODULE_NAME: &str = "gov";

/// The distribution module account.
pub fn module_address() -> openledger_framework::Address {
    openledger_framework::Address::module(MODULE_NAME)
}
