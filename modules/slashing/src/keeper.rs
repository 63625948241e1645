//! What slashing expects from staking. The app implements [`StakingKeeper`] over the staking
//! module; slashing never reads or writes staking keys itself.

use openledger_framework::{Address, CallError, ConsAddress, Dec, StateRead, StateWrite};

/// The facts slashing needs about one validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatorView {
    pub operator: Address,
    pub consensus_address: ConsAddress,
    pub jailed: bool,
    pub bonded: bool,
    pub tokens: u128,
}

/// The staking keeper as slashing uses it (SDK `x/slashing/types/expected_keepers.go`).
pub trait StakingKeeper {
    fn validator_by_consensus_address(
        &self,
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<ValidatorView>, CallError>;
    fn validator(
        &self,
        state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<ValidatorView>, CallError>;
    /// Slash `fraction` of the stake the validator had at `infraction_height` (power units of 10^18 aopen), SDK semantics.
    fn slash(
        &self,
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        infraction_height: u64,
        power: i64,
        fraction: Dec,
    ) -> Result<(), CallError>;
    fn jail(&self, state: &mut dyn StateWrite, cons: &ConsAddress) -> Result<(), CallError>;
    /// Staking refuses if not jailed or if the self-delegation is below the minimum.
    fn unjail(&self, state: &mut dyn StateWrite, operator: &Address) -> Result<(), CallError>;
}
