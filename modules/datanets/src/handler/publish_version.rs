use openledger_framework::{MsgCtx, StateError, StateWrite};

use crate::commitment::commit;
use crate::error::DatanetsError;
use crate::event;
use crate::handler::{check_len, check_signer};
use crate::msg::MsgPublishVersion;
use crate::state::{self, DatanetsRead};
use crate::state_key;
use crate::types::{ContributionStatus, Time, Version};

/// `MsgPublishVersion`: the owner or a curator publishes the next version (1, 2, ...), an
/// immutable commitment to every contribution of the datanet approved so far, in ascending
/// contribution id. Refused when nothing was approved since the last version, or when more
/// than `max_contributions_per_version` are approved. Returns the version number and root.
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
    if stats.approved > params.max_contributions_per_version {
        return Err(DatanetsError::TooManyContributions {
            datanet_id: d.id,
            approved: stats.approved,
            max: params.max_contributions_per_version,
        });
    }
    let limit = usize::try_from(stats.approved).map_err(|_| DatanetsError::Overflow)?;
    let prefix = state_key::by_status_of(d.id, ContributionStatus::Approved);
    let mut contributions = Vec::with_capacity(limit);
    for item in state
        .prefix_raw(&prefix, None)
        .take(limit.saturating_add(1))
    {
        let (k, _) = item?;
        let id = state_key::trailing_u64(&k)
            .ok_or_else(|| StateError::decode(&k, "bad status index key"))?;
        let c = state.contribution(id)?.ok_or_else(|| {
            DatanetsError::Invariant(format!("indexed contribution {id} missing"))
        })?;
        contributions.push(c);
    }
    let commitment = commit(&contributions)?;
    if commitment.count != stats.approved {
        return Err(DatanetsError::Invariant(format!(
            "datanet {} counts {} approved contributions but indexes {}",
            d.id, stats.approved, commitment.count
        )));
    }
    let number = stats
        .latest_version
        .checked_add(1)
        .ok_or(DatanetsError::Overflow)?;
    let v = Version {
        datanet_id: d.id,
        number,
        root: commitment.root,
        contribution_count: commitment.count,
        total_bytes: commitment.total_bytes,
        max_contribution_id: commitment.max_contribution_id,
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
        publisher: msg.owner,
        note: msg.note.clone(),
    };
    state::put_version(state, &v)?;
    for (contributor, bytes) in &commitment.bytes_by_contributor {
        state::put_version_bytes(state, d.id, number, contributor, *bytes)?;
    }
    stats.latest_version = number;
    state::put_stats(state, d.id, &stats)?;
    state.record(event::publish_version(&v));
    Ok((number, v.root))
}
