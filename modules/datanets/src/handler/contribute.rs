use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_len, check_signer, send_aopen};
use crate::msg::MsgContribute;
use crate::state::{self, datanets_address, DatanetsRead};
use crate::types::{Contribution, ContributionStatus, Time, Visibility};

/// `MsgContribute`: record a pending contribution with the next global contribution id. The
/// contributor posts the datanet's bond (escrowed in the `datanets` module account) and pays
/// `fee_per_byte × size_bytes` to the datanet owner. Returns the contribution id.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgContribute,
) -> Result<u64, DatanetsError> {
    check_signer(ctx, &msg.contributor)?;
    let d = state
        .datanet(msg.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(msg.datanet_id))?;
    let params = state.datanets_params()?;
    if msg.size_bytes == 0 || msg.size_bytes > params.max_contribution_bytes {
        return Err(DatanetsError::InvalidSize {
            size: msg.size_bytes,
            max: params.max_contribution_bytes,
        });
    }
    check_len("content_uri", &msg.content_uri, params.max_uri_len)?;
    check_len("licence", &msg.licence, params.max_name_len)?;
    check_len("metadata", &msg.metadata, params.max_metadata_len)?;
    if d.visibility == Visibility::Permissioned
        && !d.is_owner_or_curator(&msg.contributor)
        && !state.is_allowed(d.id, &msg.contributor)?
    {
        return Err(DatanetsError::NotAllowed {
            contributor: msg.contributor.to_string(),
            datanet_id: d.id,
        });
    }
    if let Some(existing) = state.contribution_by_hash(d.id, &msg.content_hash)? {
        return Err(DatanetsError::DuplicateContent {
            datanet_id: d.id,
            hash: hex::encode(msg.content_hash),
            existing,
        });
    }
    let fee = d
        .fee_per_byte
        .checked_mul(u128::from(msg.size_bytes))
        .ok_or(DatanetsError::Overflow)?;
    send_aopen(
        state,
        &msg.contributor,
        &datanets_address(),
        d.contribution_bond,
    )?;
    send_aopen(state, &msg.contributor, &d.owner, fee)?;

    let id = state.next_contribution_id()?;
    let next = id.checked_add(1).ok_or(DatanetsError::Overflow)?;
    state::set_next_contribution_id(state, next)?;
    let c = Contribution {
        id,
        datanet_id: d.id,
        contributor: msg.contributor,
        content_hash: msg.content_hash,
        size_bytes: msg.size_bytes,
        content_uri: msg.content_uri.clone(),
        licence: msg.licence.clone(),
        metadata: msg.metadata.clone(),
        bond: d.contribution_bond,
        fee,
        status: ContributionStatus::Pending,
        approval_seq: 0,
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
        curation: None,
    };
    state::put_contribution(state, &c)?;
    state::index_contribution(state, &c)?;
    let mut stats = state.datanet_stats(d.id)?;
    stats.contributions = stats
        .contributions
        .checked_add(1)
        .ok_or(DatanetsError::Overflow)?;
    stats.pending = stats
        .pending
        .checked_add(1)
        .ok_or(DatanetsError::Overflow)?;
    state::put_stats(state, d.id, &stats)?;
    state.record(event::contribute(&c));
    Ok(id)
}
