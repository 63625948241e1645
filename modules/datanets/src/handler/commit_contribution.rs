use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_contributor, check_signer};
use crate::msg::MsgCommitContribution;
use crate::params::MAX_OPEN_COMMITMENTS_LIMIT;
use crate::state::{self, DatanetsRead};

/// Whether a commitment made at `committed` can no longer be revealed at `height`.
pub(crate) fn expired(committed: u64, height: u64, ttl: u64) -> bool {
    height > committed.saturating_add(ttl)
}

/// `MsgCommitContribution`: record `commitment = sha256(content_hash || contributor ||
/// salt)` at this height. A `MsgContribute` carrying the salt reveals it in a later block, at
/// most `commitment_ttl_blocks` after this one. Each address holds at most
/// `max_open_commitments` unexpired commitments; its expired ones are deleted here (at most
/// `MAX_OPEN_COMMITMENTS_LIMIT` entries are read). Returns the last height of the reveal.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCommitContribution,
) -> Result<u64, DatanetsError> {
    check_signer(ctx, &msg.contributor)?;
    let d = state
        .datanet(msg.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(msg.datanet_id))?;
    check_contributor(state, &d, &msg.contributor)?;
    let params = state.datanets_params()?;
    let height = ctx.block.height;
    if state
        .commitment_height(&msg.contributor, d.id, &msg.commitment)?
        .is_some()
    {
        return Err(DatanetsError::Duplicate {
            field: "commitment",
            value: hex::encode(msg.commitment),
        });
    }
    // At most max_open_commitments ≤ MAX_OPEN_COMMITMENTS_LIMIT entries are ever stored per
    // address (expired ones are deleted before counting), so this reads all of them.
    let limit = usize::try_from(MAX_OPEN_COMMITMENTS_LIMIT).unwrap_or(usize::MAX);
    let mut open: u64 = 0;
    for (datanet_id, c, h) in state.commitments_of(&msg.contributor, limit)? {
        if expired(h, height, params.commitment_ttl_blocks) {
            state::delete_commitment(state, &msg.contributor, datanet_id, &c)?;
        } else {
            open = open.checked_add(1).ok_or(DatanetsError::Overflow)?;
        }
    }
    if open >= u64::from(params.max_open_commitments) {
        return Err(DatanetsError::TooManyCommitments {
            contributor: msg.contributor.to_string(),
            open,
            max: params.max_open_commitments,
        });
    }
    state::put_commitment(state, &msg.contributor, d.id, &msg.commitment, height)?;
    let expires = height
        .checked_add(params.commitment_ttl_blocks)
        .ok_or(DatanetsError::Overflow)?;
    state.record(event::commit_contribution(
        &msg.contributor,
        d.id,
        &msg.commitment,
        expires,
    ));
    Ok(expires)
}
