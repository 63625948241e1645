use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_len, check_signer};
use crate::msg::MsgPublishVersion;
use crate::state::{self, DatanetsRead};
use crate::types::{Time, Version};

/// `MsgPublishVersion`: the owner or a curator publishes the next version (1, 2, ...), an
/// immutable commitment to every contribution of the datanet approved so far, in approval
/// order. Refused when nothing was approved since the last version. Returns the version
/// number and root.
///
/// Constant work however large the datanet: each approval already appended its leaf to the
/// datanet's Merkle frontier and checkpointed its contributor's bytes for this version
/// ([`state::accumulate_approval`]), so publishing reads the frontier and the counters and
/// writes the version, nothing per contribution or per contributor.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgPublishVersion,
) -> Result<(u64, [u8; 32]), DatanetsError> {
    check_signer(ctx, &msg.owner)?;
    let d = state
        .datanet(msg.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(msg.datanet_id))?;
    if !d.is_owner_or_curator(&msg.owner) {
        return Err(DatanetsError::NotCurator {
            signer: msg.owner.to_string(),
            datanet_id: d.id,
        });
    }
    let params = state.datanets_params()?;
    check_len("note", &msg.note, params.max_summary_len)?;
    let mut stats = state.datanet_stats(d.id)?;
    // Approvals are final, so the approved set only grows: a version has new content exactly
    // when more contributions are approved than the last version holds.
    let last_count = match state.latest_version(d.id)? {
        Some(v) => v.contribution_count,
        None => 0,
    };
    if stats.approved <= last_count {
        return Err(DatanetsError::NothingToPublish {
            datanet_id: d.id,
            version: stats.latest_version,
        });
    }
    let acc = state.accumulator(d.id)?;
    if acc.frontier.len() != u128::from(stats.approved) {
        return Err(DatanetsError::Invariant(format!(
            "datanet {} counts {} approved contributions but accumulates {}",
            d.id,
            stats.approved,
            acc.frontier.len()
        )));
    }
    let number = stats
        .latest_version
        .checked_add(1)
        .ok_or(DatanetsError::Overflow)?;
    let v = Version {
        datanet_id: d.id,
        number,
        root: acc.frontier.root(),
        contribution_count: stats.approved,
        total_bytes: stats.approved_bytes,
        max_contribution_id: acc.max_contribution_id,
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
        publisher: msg.owner,
        note: msg.note.clone(),
    };
    state::put_version(state, &v)?;
    stats.latest_version = number;
    state::put_stats(state, d.id, &stats)?;
    state.record(event::publish_version(&v));
    Ok((number, v.root))
}
