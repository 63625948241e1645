//! Callbacks into other modules (distribution), called where the SDK calls its staking hooks.
//! The app implements [`StakingHooks`]; an error from a hook fails the message or block step.

use openledger_framework::{Address, CallError, ConsAddress, StateWrite};

pub trait StakingHooks {
    /// After a new validator record is written, before its self-delegation.
    fn after_validator_created(
        &self,
        state: &mut dyn StateWrite,
        operator: &Address,
    ) -> Result<(), CallError>;

    /// Before the shares of an existing delegation change (delegate, undelegate, both sides of
    /// a redelegation, slash-driven unbonding of a redelegation's destination).
    fn before_delegation_shares_modified(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError>;

    /// After a delegation's new shares are written, if the delegation still exists.
    fn after_delegation_modified(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError>;

    /// Before a delegation whose shares reached zero is deleted.
    fn before_delegation_removed(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError>;

    /// After a validator record is deleted (unbonded with no shares left).
    fn after_validator_removed(
        &self,
        state: &mut dyn StateWrite,
        operator: &Address,
    ) -> Result<(), CallError>;

    /// After a validator enters the active set (status Bonded) at end block.
    fn after_validator_bonded(
        &self,
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        operator: &Address,
    ) -> Result<(), CallError>;
}

/// Hooks that do nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl StakingHooks for NoHooks {
    fn after_validator_created(
        &self,
        _: &mut dyn StateWrite,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
    fn before_delegation_shares_modified(
        &self,
        _: &mut dyn StateWrite,
        _: &Address,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
    fn after_delegation_modified(
        &self,
        _: &mut dyn StateWrite,
        _: &Address,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
    fn before_delegation_removed(
        &self,
        _: &mut dyn StateWrite,
        _: &Address,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
    fn after_validator_removed(
        &self,
        _: &mut dyn StateWrite,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
    fn after_validator_bonded(
        &self,
        _: &mut dyn StateWrite,
        _: &ConsAddress,
        _: &Address,
    ) -> Result<(), CallError> {
        Ok(())
    }
}
