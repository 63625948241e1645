use cosmos_sdk_proto::cosmos::staking::v1beta1::MsgCreateValidatorResponse;
use openledger_framework::{MsgCtx, StateWrite};

use crate::error::StakingError;
use crate::event;
use crate::handler::{require_bond_denom, require_signer};
use crate::hooks::StakingHooks;
use crate::keeper::{self, TokenSource};
use crate::msg::MsgCreateValidator;
use crate::state::{self, StakingRead};
use crate::types::{BondStatus, Commission, Validator};

/// `MsgCreateValidator`: a new Unbonded validator with its self-delegation in the not-bonded
/// pool; it enters the active set at end block if its power ranks high enough.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgCreateValidator,
) -> Result<MsgCreateValidatorResponse, StakingError> {
    run(state, ctx, hooks, msg)?;
    Ok(MsgCreateValidatorResponse {})
}

fn run(
    state: &mut dyn StateWrite,
    ctx: &MsgCtx,
    hooks: &dyn StakingHooks,
    msg: &MsgCreateValidator,
) -> Result<(), StakingError> {
    require_signer(ctx, &msg.operator)?;
    let params = state.staking_params()?;
    if msg.commission.rate < params.min_commission_rate {
        return Err(StakingError::CommissionLtMinRate(
            params.min_commission_rate.to_string(),
        ));
    }
    if state.validator(&msg.operator)?.is_some() {
        return Err(StakingError::ValidatorOwnerExists);
    }
    let cons = openledger_framework::consensus_address(&msg.pubkey);
    if state.validator_by_consensus_address(&cons)?.is_some() {
        return Err(StakingError::ValidatorPubKeyExists);
    }
    require_bond_denom(&msg.value, &params.bond_denom)?;
    msg.description.validate()?;
    let mut validator = Validator {
        operator: msg.operator,
        consensus_pubkey: msg.pubkey,
        jailed: false,
        status: BondStatus::Unbonded,
        tokens: 0,
        delegator_shares: 0,
        description: msg.description.clone(),
        unbonding_height: 0,
        unbonding_time: 0,
        commission: Commission {
            rate: msg.commission.rate,
            max_rate: msg.commission.max_rate,
            max_change_rate: msg.commission.max_change_rate,
            update_time: ctx.block.time_unix_secs,
        },
        min_self_delegation: msg.min_self_delegation,
    };
    state::create_validator_record(state, &validator)?;
    hooks.after_validator_created(state, &msg.operator)?;
    keeper::delegate(
        state,
        hooks,
        &msg.operator,
        msg.value.amount,
        TokenSource::Account,
        &mut validator,
    )?;
    state.record(event::create_validator(
        &msg.operator,
        msg.value.amount,
        &params.bond_denom,
    ));
    Ok(())
}
