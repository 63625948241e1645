//! Message execution: one file per message. Every handler checks its signer, refuses with a
//! typed error and may fail midway: the caller drops the fork on error.

mod claim_revenue;
mod commit_contribution;
mod contribute;
mod create_datanet;
mod curate;
mod publish_version;
mod purchase_access;
mod update_datanet;
mod update_params;

pub use claim_revenue::execute as execute_claim_revenue;
pub use commit_contribution::execute as execute_commit_contribution;
pub use contribute::execute as execute_contribute;
pub use create_datanet::execute as execute_create_datanet;
pub use curate::{execute as execute_curate, CurateResult};
pub use publish_version::execute as execute_publish_version;
pub use purchase_access::{charge_access, execute as execute_purchase_access};
pub use update_datanet::execute as execute_update_datanet;
pub use update_params::execute as execute_update_params;

use openledger_bank::BankWrite;
use openledger_framework::{Address, Coins, MsgCtx, StateWrite, BASE_DENOM};

use crate::error::DatanetsError;
use crate::params::Params;
use crate::state::DatanetsRead;
use crate::types::{Datanet, Visibility};

pub(crate) fn check_signer(ctx: &MsgCtx, addr: &Address) -> Result<(), DatanetsError> {
    if !ctx.is_signer(addr) {
        return Err(DatanetsError::Unauthorized(addr.to_string()));
    }
    Ok(())
}

/// A permissioned datanet takes contributions from its allow list, owner and curators only.
pub(crate) fn check_contributor<S: StateWrite>(
    state: &S,
    d: &Datanet,
    contributor: &Address,
) -> Result<(), DatanetsError> {
    if d.visibility == Visibility::Permissioned
        && !d.is_owner_or_curator(contributor)
        && !state.is_allowed(d.id, contributor)?
    {
        return Err(DatanetsError::NotAllowed {
            contributor: contributor.to_string(),
            datanet_id: d.id,
        });
    }
    Ok(())
}

pub(crate) fn check_len(field: &'static str, s: &str, max: u64) -> Result<(), DatanetsError> {
    if u64::try_from(s.len()).unwrap_or(u64::MAX) > max {
        return Err(DatanetsError::TooLong {
            field,
            len: s.len(),
            max,
        });
    }
    Ok(())
}

pub(crate) fn check_count(field: &'static str, len: usize, max: u32) -> Result<(), DatanetsError> {
    if u64::try_from(len).unwrap_or(u64::MAX) > u64::from(max) {
        return Err(DatanetsError::TooMany {
            field,
            len,
            max: u64::from(max),
        });
    }
    Ok(())
}

/// The datanet texts and lists every create and update checks against the params.
pub(crate) struct DatanetText<'a> {
    pub summary: &'a str,
    pub description: &'a str,
    pub licence: &'a str,
    pub tags: &'a [String],
    pub curators: &'a [Address],
    pub allow_list: &'a [Address],
}

pub(crate) fn check_datanet_text(p: &Params, t: &DatanetText) -> Result<(), DatanetsError> {
    check_len("summary", t.summary, p.max_summary_len)?;
    check_len("description", t.description, p.max_description_len)?;
    check_len("licence", t.licence, p.max_name_len)?;
    check_count("tags", t.tags.len(), p.max_tags)?;
    check_count("curators", t.curators.len(), p.max_curators)?;
    check_count("allow_list", t.allow_list.len(), p.max_allow_list)?;
    Ok(())
}

/// Move `amount` aopen (nothing if zero).
pub(crate) fn send_aopen<S: StateWrite>(
    state: &mut S,
    from: &Address,
    to: &Address,
    amount: u128,
) -> Result<(), DatanetsError> {
    if amount == 0 {
        return Ok(());
    }
    state.send(from, to, &Coins::single(BASE_DENOM, amount)?)?;
    Ok(())
}

/// Burn `amount` aopen held by `from` (nothing if zero).
pub(crate) fn burn_aopen<S: StateWrite>(
    state: &mut S,
    from: &Address,
    amount: u128,
) -> Result<(), DatanetsError> {
    if amount == 0 {
        return Ok(());
    }
    openledger_bank::burn(state, from, &Coins::single(BASE_DENOM, amount)?)?;
    Ok(())
}
