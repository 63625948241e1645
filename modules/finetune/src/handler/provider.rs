//! Provider registration, updates and unbonding.

use openledger_framework::{MsgCtx, StateWrite};

use super::{check_signer, load_provider, send_aopen};
use crate::error::FinetuneError;
use crate::event;
use crate::msg::{MsgRegisterProvider, MsgUnbondProvider, MsgUpdateProvider};
use crate::params::check_len;
use crate::state::{self, finetune_address, FinetuneRead};
use crate::types::{Provider, ProviderStatus};

/// `MsgRegisterProvider`: a new provider (or an UNBONDED one again, keeping its standing)
/// with at least `min_provider_bond` escrowed.
pub fn execute_register_provider<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRegisterProvider,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.provider)?;
    let params = state.finetune_params()?;
    check_len("endpoint", &msg.endpoint, params.max_text_len)?;
    if msg.bond < params.min_provider_bond {
        return Err(FinetuneError::BondTooSmall {
            got: msg.bond,
            min: params.min_provider_bond,
        });
    }
    let old = state.provider(&msg.provider)?;
    let mut p = match &old {
        Some(p) if p.status != ProviderStatus::Unbonded => {
            return Err(FinetuneError::AlreadyRegistered(msg.provider.to_string()));
        }
        Some(p) => p.clone(),
        None => Provider {
            address: msg.provider,
            endpoint: String::new(),
            bond: 0,
            status: ProviderStatus::Active,
            unbonding_height: 0,
            registered_height: 0,
            active_jobs: 0,
            jobs_paid: 0,
            missed_deadlines: 0,
            disputes_lost: 0,
            slash_count: 0,
            slashed_total: 0,
        },
    };
    send_aopen(state, &msg.provider, &finetune_address(), msg.bond)?;
    p.endpoint = msg.endpoint.clone();
    p.bond = msg.bond;
    p.status = ProviderStatus::Active;
    p.unbonding_height = 0;
    p.registered_height = ctx.block.height;
    state::save_provider(state, old.as_ref(), &p)?;
    state.record(event::provider_registered(&p));
    Ok(())
}

/// `MsgUpdateProvider`: an ACTIVE provider replaces its endpoint and may add to its bond.
pub fn execute_update_provider<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateProvider,
) -> Result<(), FinetuneError> {
    check_signer(ctx, &msg.provider)?;
    let params = state.finetune_params()?;
    check_len("endpoint", &msg.endpoint, params.max_text_len)?;
    let old = load_provider(state, &msg.provider)?;
    if old.status != ProviderStatus::Active {
        return Err(FinetuneError::ProviderNotActive(msg.provider.to_string()));
    }
    let mut p = old.clone();
    p.endpoint = msg.endpoint.clone();
    p.bond = p
        .bond
        .checked_add(msg.add_bond)
        .ok_or(FinetuneError::Overflow)?;
    send_aopen(state, &msg.provider, &finetune_address(), msg.add_bond)?;
    state::save_provider(state, Some(&old), &p)?;
    state.record(event::provider_updated(&p));
    Ok(())
}

/// `MsgUnbondProvider`: an ACTIVE provider holding no job starts unbonding; its bond is paid
/// back at the end of height + `provider_unbonding_blocks`. Returns that height.
pub fn execute_unbond_provider<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUnbondProvider,
) -> Result<u64, FinetuneError> {
    check_signer(ctx, &msg.provider)?;
    let params = state.finetune_params()?;
    let old = load_provider(state, &msg.provider)?;
    if old.status != ProviderStatus::Active {
        return Err(FinetuneError::ProviderNotActive(msg.provider.to_string()));
    }
    if old.active_jobs > 0 {
        return Err(FinetuneError::ProviderBusy {
            provider: msg.provider.to_string(),
            jobs: old.active_jobs,
        });
    }
    let mut p = old.clone();
    p.status = ProviderStatus::Unbonding;
    p.unbonding_height = ctx
        .block
        .height
        .checked_add(params.provider_unbonding_blocks)
        .ok_or(FinetuneError::Overflow)?;
    state::save_provider(state, Some(&old), &p)?;
    state.record(event::provider_unbonding(&p));
    Ok(p.unbonding_height)
}
