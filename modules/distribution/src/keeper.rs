//! What distribution needs from staking (the SDK's "expected keeper"). The app implements
//! [`StakingKeeper`] over the staking module; this crate never reads staking state itself.

use openledger_framework::{Address, CallError, ConsAddress, Dec, StateRead};

/// The facts about one validator that distribution uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatorView {
    pub operator: Address,
    pub commission_rate: Dec,
    pub tokens: u128,
    pub delegator_shares: u128,
}

pub trait StakingKeeper {
    fn validator(
        &self,
        state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<ValidatorView>, CallError>;
    fn validator_by_consensus_address(
        &self,
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<ValidatorView>, CallError>;
    /// The delegation's shares (integer share units), if it exists.
    fn delegation_shares(
        &self,
        state: &dyn StateRead,
        delegator: &Address,
        operator: &Address,
    ) -> Result<Option<u128>, CallError>;
    /// Operators the delegator has delegations with, at most `limit`.
    fn delegator_validators(
        &self,
        state: &dyn StateRead,
        delegator: &Address,
        limit: usize,
    ) -> Result<Vec<Address>, CallError>;
}
