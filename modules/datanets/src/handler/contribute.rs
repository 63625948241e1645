use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::commit_contribution::expired;
use crate::handler::curate::displace;
use crate::handler::{check_contributor, check_len, check_signer, send_aopen};
use crate::msg::{contribution_commitment, MsgContribute};
use crate::state::{self, datanets_address, DatanetsRead};
use crate::types::{Contribution, ContributionStatus, Time};

/// `MsgContribute`: record a pending contribution with the next global contribution id. The
/// contributor posts the datanet's bond (escrowed in the `datanets` module account) and pays
/// `fee_per_byte × size_bytes` to the datanet owner. Returns the contribution id.
///
/// With a salt, the message reveals the contributor's earlier `MsgCommitContribution` (made in
/// an earlier block, at most `commitment_ttl_blocks` before), which it consumes; the
/// contribution's `commit_height` is the commitment's height. Without one, `commit_height` is
/// this block's height.
///
/// Content already held in the datanet by a pending or approved contribution is refused,
/// except that a pending holder whose `commit_height` is later than this one's is displaced:
/// it is rejected as DUPLICATE (bond returned, hash released) and this contribution takes the
/// content. Rejected contributions hold no content: theirs may be contributed again.
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
    check_contributor(state, &d, &msg.contributor)?;

    let height = ctx.block.height;
    let commit_height = if msg.salt.is_empty() {
        height
    } else {
        let commitment = contribution_commitment(&msg.content_hash, &msg.contributor, &msg.salt);
        let no = |reason: String| DatanetsError::NoCommitment {
            datanet_id: d.id,
            reason,
        };
        match state.commitment_height(&msg.contributor, d.id, &commitment)? {
            None => {
                return Err(no(format!(
                    "{} made no commitment {} for this content and salt",
                    msg.contributor,
                    hex::encode(commitment)
                )))
            }
            Some(h) if h >= height => {
                return Err(no(format!(
                    "the commitment of height {h} can be revealed from the next block on"
                )))
            }
            Some(h) if expired(h, height, params.commitment_ttl_blocks) => {
                return Err(no(format!(
                    "the commitment of height {h} expired after {} blocks",
                    params.commitment_ttl_blocks
                )))
            }
            Some(h) => {
                state::delete_commitment(state, &msg.contributor, d.id, &commitment)?;
                h
            }
        }
    };

    let displaced = match state.contribution_by_hash(d.id, &msg.content_hash)? {
        None => None,
        Some(existing) => {
            let e = state
                .contribution(existing)?
                .ok_or(DatanetsError::UnknownContribution(existing))?;
            if e.status == ContributionStatus::Pending && e.commit_height > commit_height {
                Some(e)
            } else {
                return Err(DatanetsError::DuplicateContent {
                    datanet_id: d.id,
                    hash: hex::encode(msg.content_hash),
                    existing,
                });
            }
        }
    };
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
    if let Some(e) = displaced {
        displace(state, ctx, e, id)?;
    }
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
        height,
        time: Time::from_block(ctx.block),
        curation: None,
        commit_height,
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
