//! Message execution: one file per message, plus the governance callbacks
//! [`on_approval_submitted`] and [`on_approval_failed`]. Every handler checks its signer, refuses with a typed error and may
//! fail midway: the caller drops the fork on error.

mod advance_model;
mod approval_proposal;
mod approve_model;
mod propose_model;
mod publish_version;
mod reject_model;
mod set_pricing;
mod update_params;
mod withdraw_model;

pub use advance_model::execute as execute_advance_model;
pub use approval_proposal::on_approval_submitted;
pub use approve_model::execute as execute_approve_model;
pub use propose_model::execute as execute_propose_model;
pub use publish_version::execute as execute_publish_model_version;
pub use reject_model::{execute as execute_reject_model, on_approval_failed};
pub use set_pricing::execute as execute_set_pricing;
pub use update_params::execute as execute_update_params;
pub use withdraw_model::execute as execute_withdraw_model;

use openledger_bank::BankWrite;
use openledger_framework::{Address, Coins, MsgCtx, StateRead, StateWrite, BASE_DENOM};

use crate::error::ModelsError;
use crate::event;
use crate::keeper::DatanetsKeeper;
use crate::model::{DatanetVersionRef, Model};
use crate::state::{gov_address, models_address, ModelsRead};

/// `addr` must have signed the transaction.
fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), ModelsError> {
    if !ctx.is_signer(addr) {
        return Err(ModelsError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// `authority` must be the gov module account, and have signed (a passed proposal).
fn check_gov(ctx: &MsgCtx, authority: &Address) -> Result<(), ModelsError> {
    let gov = gov_address();
    if *authority != gov {
        return Err(ModelsError::InvalidAuthority {
            expected: gov.to_string(),
            got: authority.to_string(),
        });
    }
    check_signer(ctx, authority)
}

fn load<S: StateRead + ?Sized>(state: &S, id: u64) -> Result<Model, ModelsError> {
    state.model(id)?.ok_or(ModelsError::UnknownModel(id))
}

/// Every reference must name an existing datanet version.
fn check_datanets<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn DatanetsKeeper,
    refs: &[DatanetVersionRef],
) -> Result<(), ModelsError> {
    let read: &dyn StateRead = &state;
    for r in refs {
        if keeper.version(read, r.datanet_id, r.version)?.is_none() {
            return Err(ModelsError::UnknownDatanetVersion {
                datanet_id: r.datanet_id,
                version: r.version,
            });
        }
    }
    Ok(())
}

/// Take the model's bond out of escrow: burned, or paid back to the creator.
fn release_bond<S: StateWrite + ?Sized>(
    state: &mut S,
    model: &Model,
    burn: bool,
) -> Result<(), ModelsError> {
    if model.bond > 0 {
        let coins = Coins::single(BASE_DENOM, model.bond)?;
        if burn {
            openledger_bank::burn(state, &models_address(), &coins)?;
        } else {
            state.send(&models_address(), &model.creator, &coins)?;
        }
    }
    state.record(event::bond_released(
        model.id,
        &model.creator,
        model.bond,
        burn,
    ));
    Ok(())
}
