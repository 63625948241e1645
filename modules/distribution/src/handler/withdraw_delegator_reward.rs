use openledger_framework::{MsgCtx, StateRead, StateWrite};

use crate::error::DistributionError;
use crate::keeper::StakingKeeper;
use crate::msg::MsgWithdrawDelegatorReward;
use crate::withdraw::{withdraw_delegation_rewards, AfterWithdraw};

/// `MsgWithdrawDelegatorReward`: signed by the delegator; pays the pending reward to the
/// delegator's withdraw address and restarts the delegation at the current index. Returns the
/// amount paid in aopen (zero is fine, as in the SDK).
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    ctx: &MsgCtx,
    msg: &MsgWithdrawDelegatorReward,
) -> Result<u128, DistributionError> {
    super::require_signer(ctx, &msg.delegator)?;
    let shares = {
        let read: &S = state;
        let read: &dyn StateRead = &read;
        if keeper.validator(read, &msg.validator)?.is_none() {
            return Err(DistributionError::NoValidatorDistInfo);
        }
        keeper
            .delegation_shares(read, &msg.delegator, &msg.validator)?
            .ok_or(DistributionError::EmptyDelegationDistInfo)?
    };
    withdraw_delegation_rewards(
        state,
        &msg.delegator,
        &msg.validator,
        shares,
        AfterWithdraw::Restart,
        true,
    )
}
