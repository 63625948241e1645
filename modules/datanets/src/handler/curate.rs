use openledger_framework::{MsgCtx, StateWrite};

use crate::error::DatanetsError;
use crate::event::{self, CurateOutcome};
use crate::handler::{burn_aopen, check_len, check_signer, send_aopen};
use crate::msg::MsgCurate;
use crate::state::{self, datanets_address, DatanetsRead};
use crate::types::{Contribution, ContributionStatus, Curation, CurationReason, Time};

/// What a curation did with the bond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurateResult {
    pub bond_returned: u128,
    pub bond_burned: u128,
}

fn inc(v: u64) -> Result<u64, DatanetsError> {
    v.checked_add(1).ok_or(DatanetsError::Overflow)
}

/// `MsgCurate`: the owner or a curator approves or rejects a pending contribution.
///
/// * Approve: the bond goes back to the contributor; the contribution gets the next approval
///   sequence number of the datanet; the contributor's approved count and bytes grow.
/// * Reject as ADVERSARIAL or SPAM: `floor(bond × reject_slash_fraction)` is burned, the rest
///   returned, and the contributor's penalty score grows by `penalty_per_rejection`.
/// * Reject for another reason: the whole bond is returned.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgCurate,
) -> Result<CurateResult, DatanetsError> {
    check_signer(ctx, &msg.curator)?;
    let mut c = state
        .contribution(msg.contribution_id)?
        .ok_or(DatanetsError::UnknownContribution(msg.contribution_id))?;
    let d = state
        .datanet(c.datanet_id)?
        .ok_or(DatanetsError::UnknownDatanet(c.datanet_id))?;
    if !d.is_owner_or_curator(&msg.curator) {
        return Err(DatanetsError::NotCurator {
            signer: msg.curator.to_string(),
            datanet_id: d.id,
        });
    }
    if c.status != ContributionStatus::Pending {
        return Err(DatanetsError::NotPending {
            id: c.id,
            status: c.status.as_str().to_string(),
        });
    }
    let params = state.datanets_params()?;
    check_len("note", &msg.note, params.max_metadata_len)?;

    let mut stats = state.datanet_stats(d.id)?;
    let mut standing = state::standing_record(state, d.id, &c.contributor)?;
    stats.pending = stats.pending.checked_sub(1).ok_or_else(|| {
        DatanetsError::Invariant(format!("datanet {} has no pending contribution", d.id))
    })?;
    let burned = if msg.approve {
        stats.approved = inc(stats.approved)?;
        stats.approved_bytes = stats
            .approved_bytes
            .checked_add(u128::from(c.size_bytes))
            .ok_or(DatanetsError::Overflow)?;
        standing.approved = inc(standing.approved)?;
        standing.approved_bytes = standing
            .approved_bytes
            .checked_add(u128::from(c.size_bytes))
            .ok_or(DatanetsError::Overflow)?;
        c.status = ContributionStatus::Approved;
        c.approval_seq = stats.approved;
        0
    } else {
        stats.rejected = inc(stats.rejected)?;
        standing.rejected = inc(standing.rejected)?;
        c.status = ContributionStatus::Rejected;
        if msg.reason.is_penalized() {
            standing.penalty_score = standing
                .penalty_score
                .checked_add(params.penalty_per_rejection)
                .ok_or(DatanetsError::Overflow)?;
            params
                .reject_slash_fraction
                .mul_floor(c.bond)
                .ok_or(DatanetsError::Overflow)?
        } else {
            0
        }
    };
    let returned = c.bond.checked_sub(burned).ok_or(DatanetsError::Overflow)?;
    burn_aopen(state, &datanets_address(), burned)?;
    send_aopen(state, &datanets_address(), &c.contributor, returned)?;

    c.curation = Some(Curation {
        curator: msg.curator,
        reason: msg.reason,
        note: msg.note.clone(),
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
        bond_burned: burned,
    });
    state::put_contribution(state, &c)?;
    state::move_status_index(state, &c, ContributionStatus::Pending)?;
    if msg.approve {
        let next_version = stats
            .latest_version
            .checked_add(1)
            .ok_or(DatanetsError::Overflow)?;
        state::accumulate_approval(state, &c, standing.approved_bytes, next_version)?;
    }
    if !msg.approve {
        // A rejected contribution blocks nothing: its content may be contributed again.
        state::release_hash(state, &c)?;
    }
    state::put_standing(state, d.id, &c.contributor, &standing)?;
    state::put_stats(state, d.id, &stats)?;
    state.record(event::curate(&CurateOutcome {
        contribution: &c,
        curator: &msg.curator,
        approved: msg.approve,
        reason: msg.reason,
        bond_returned: returned,
        bond_burned: burned,
        penalty_score: standing.penalty_score,
    }));
    Ok(CurateResult {
        bond_returned: returned,
        bond_burned: burned,
    })
}

/// Reject pending contribution `c` as DUPLICATE because contribution `by` revealed the same
/// content with an earlier commitment: the whole bond goes back, the hash is released, the
/// standing counts a rejection (no penalty). The curator of record is the `datanets` module
/// account.
pub(crate) fn displace<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    mut c: Contribution,
    by: u64,
) -> Result<(), DatanetsError> {
    if c.status != ContributionStatus::Pending {
        return Err(DatanetsError::NotPending {
            id: c.id,
            status: c.status.as_str().to_string(),
        });
    }
    let mut stats = state.datanet_stats(c.datanet_id)?;
    let mut standing = state::standing_record(state, c.datanet_id, &c.contributor)?;
    stats.pending = stats.pending.checked_sub(1).ok_or_else(|| {
        DatanetsError::Invariant(format!(
            "datanet {} has no pending contribution",
            c.datanet_id
        ))
    })?;
    stats.rejected = inc(stats.rejected)?;
    standing.rejected = inc(standing.rejected)?;
    c.status = ContributionStatus::Rejected;
    let module = datanets_address();
    send_aopen(state, &module, &c.contributor, c.bond)?;
    c.curation = Some(Curation {
        curator: module,
        reason: CurationReason::Duplicate,
        note: format!("displaced by contribution {by}, committed earlier"),
        height: ctx.block.height,
        time: Time::from_block(ctx.block),
        bond_burned: 0,
    });
    state::put_contribution(state, &c)?;
    state::move_status_index(state, &c, ContributionStatus::Pending)?;
    state::release_hash(state, &c)?;
    state::put_standing(state, c.datanet_id, &c.contributor, &standing)?;
    state::put_stats(state, c.datanet_id, &stats)?;
    state.record(event::curate(&CurateOutcome {
        contribution: &c,
        curator: &module,
        approved: false,
        reason: CurationReason::Duplicate,
        bond_returned: c.bond,
        bond_burned: 0,
        penalty_score: standing.penalty_score,
    }));
    Ok(())
}
