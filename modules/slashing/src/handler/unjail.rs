use openledger_framework::{MsgCtx, StateWrite, VALOPER_PREFIX};

use crate::error::SlashingError;
use crate::keeper::StakingKeeper;
use crate::msg::MsgUnjail;
use crate::signing_info::Timestamp;
use crate::state::SlashingRead;

/// `MsgUnjail` (SDK v0.50 `Keeper.Unjail`): the operator's account must sign; the validator
/// must exist and be jailed; if it has a signing info it must not be tombstoned and its jail
/// time must be over. Staking then checks the self-delegation and unjails.
pub fn execute<S: StateWrite>(
    state: &mut S,
    keeper: &dyn StakingKeeper,
    ctx: &MsgCtx,
    msg: &MsgUnjail,
) -> Result<(), SlashingError> {
    let operator = msg.validator;
    if !ctx.is_signer(&operator) {
        return Err(SlashingError::Unauthorized(format!(
            "{operator} must sign to unjail its validator"
        )));
    }
    let validator = keeper
        .validator(&*state, &operator)?
        .ok_or_else(|| SlashingError::NoValidatorForAddress(operator.to_bech32(VALOPER_PREFIX)))?;
    if !validator.jailed {
        return Err(SlashingError::ValidatorNotJailed);
    }
    // No signing info: the validator never signed a block (jailed by staking before it was
    // ever bonded); as in the SDK it may unjail at once.
    if let Some(info) = state.signing_info(&validator.consensus_address)? {
        if info.tombstoned {
            return Err(SlashingError::ValidatorJailed(
                "validator is tombstoned".into(),
            ));
        }
        if Timestamp::of_block(ctx.block) < info.jailed_until {
            return Err(SlashingError::ValidatorJailed(format!(
                "jailed until {} (unix seconds)",
                info.jailed_until.seconds
            )));
        }
    }
    keeper.unjail(state, &operator)?;
    Ok(())
}
