//! Invariants, checked in tests after every message. They scan whole keyspaces, so they are
//! for tests and audits, never for block execution.
//!
//! * the `datanets` module balance equals the bonds of pending contributions plus the access
//!   revenue not yet claimed (claimable plus dust);
//! * every version's root, count, bytes and per-contributor bytes equal those recomputed from
//!   its contributions (the approved ones whose `approval_seq` is at most its count), and the
//!   running commitment (frontier, highest id, checkpoints) equals the one over all approvals;
//! * for every version with revenue, `paid = Σ claimable + claimed + dust` exactly;
//! * the content-hash index maps exactly the pending and approved contributions;
//! * the status, datanet and contributor indexes, the counters and the standings agree with
//!   the contributions.

use std::collections::{BTreeMap, BTreeSet};

use openledger_bank::BankRead;
use openledger_framework::{Address, StateError, StateRead, BASE_DENOM};

use crate::commitment::commit;
use crate::error::DatanetsError;
use crate::proto;
use crate::revenue;
use crate::state::{self, datanets_address, decode, DatanetsRead};
use crate::state_key;
use crate::types::{Contribution, ContributionStatus, DatanetStats, RevenuePool, Version};

fn broken(m: String) -> DatanetsError {
    DatanetsError::Invariant(m)
}

fn add(a: u128, b: u128) -> Result<u128, DatanetsError> {
    a.checked_add(b).ok_or(DatanetsError::Overflow)
}

fn all_contributions<S: StateRead>(state: &S) -> Result<Vec<Contribution>, DatanetsError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::contributions_prefix(), None) {
        let (k, v) = item?;
        let c = Contribution::from_proto(&decode::<proto::Contribution>(&k, &v)?)?;
        if state_key::trailing_u64(&k) != Some(c.id) {
            return Err(broken(format!(
                "contribution {} stored under another id",
                c.id
            )));
        }
        out.push(c);
    }
    Ok(out)
}

fn all_versions<S: StateRead>(state: &S) -> Result<Vec<Version>, DatanetsError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::versions_prefix(), None) {
        let (k, v) = item?;
        out.push(Version::from_proto(&decode::<proto::Version>(&k, &v)?)?);
    }
    Ok(out)
}

fn all_pools<S: StateRead>(state: &S) -> Result<Vec<RevenuePool>, DatanetsError> {
    let mut out = Vec::new();
    for item in state.prefix_raw(&state_key::revenue_prefix(), None) {
        let (k, v) = item?;
        out.push(RevenuePool::from_proto(&decode::<proto::RevenuePool>(
            &k, &v,
        )?)?);
    }
    Ok(out)
}

/// Bank balance of the module account == pending bonds + unclaimed access revenue.
pub fn module_balance_matches<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    let mut bonds: u128 = 0;
    for c in all_contributions(state)? {
        if c.status == ContributionStatus::Pending {
            bonds = add(bonds, c.bond)?;
        }
    }
    let mut unclaimed: u128 = 0;
    for p in all_pools(state)? {
        let u = p.unclaimed().ok_or_else(|| {
            broken(format!(
                "revenue of {}/{}: claimed > paid",
                p.datanet_id, p.version
            ))
        })?;
        unclaimed = add(unclaimed, u)?;
    }
    let want = add(bonds, unclaimed)?;
    let have = state.balance(&datanets_address(), BASE_DENOM)?;
    if have != want {
        return Err(broken(format!(
            "datanets module holds {have}aopen but pending bonds {bonds} + unclaimed revenue \
             {unclaimed} = {want}"
        )));
    }
    Ok(())
}

/// Every version equals the commitment recomputed from its contributions.
pub fn versions_match_contributions<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    let mut approved: BTreeMap<u64, Vec<Contribution>> = BTreeMap::new();
    for c in all_contributions(state)? {
        if c.status == ContributionStatus::Approved {
            approved.entry(c.datanet_id).or_default().push(c);
        }
    }
    let mut expected_number: BTreeMap<u64, u64> = BTreeMap::new();
    for v in all_versions(state)? {
        let n = expected_number.entry(v.datanet_id).or_insert(0);
        *n = n.checked_add(1).ok_or(DatanetsError::Overflow)?;
        if v.number != *n {
            return Err(broken(format!(
                "datanet {} has version {} where {} was expected",
                v.datanet_id, v.number, n
            )));
        }
        let members = approved
            .get(&v.datanet_id)
            .map(|cs| {
                cs.iter()
                    .filter(|c| c.approval_seq <= v.contribution_count)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let cm = commit(members)?;
        if (cm.root, cm.count, cm.total_bytes, cm.max_contribution_id)
            != (
                v.root,
                v.contribution_count,
                v.total_bytes,
                v.max_contribution_id,
            )
        {
            return Err(broken(format!(
                "version {} of datanet {}: stored root {} count {} bytes {}, recomputed root {} \
                 count {} bytes {}",
                v.number,
                v.datanet_id,
                hex::encode(v.root),
                v.contribution_count,
                v.total_bytes,
                hex::encode(cm.root),
                cm.count,
                cm.total_bytes
            )));
        }
        let stored: BTreeMap<Address, u128> = state
            .version_contributors(v.datanet_id, v.number, None, usize::MAX)?
            .into_iter()
            .collect();
        if stored != cm.bytes_by_contributor {
            return Err(broken(format!(
                "version {} of datanet {}: stored contributor bytes differ from its contributions",
                v.number, v.datanet_id
            )));
        }
    }
    // The running commitment (what the next version will publish) covers every approval.
    for (datanet_id, cs) in &approved {
        let cm = commit(cs)?;
        let acc = state.accumulator(*datanet_id)?;
        let stats = state.datanet_stats(*datanet_id)?;
        if (
            acc.frontier.root(),
            acc.frontier.len(),
            acc.max_contribution_id,
        ) != (cm.root, u128::from(cm.count), cm.max_contribution_id)
            || (stats.approved, stats.approved_bytes) != (cm.count, cm.total_bytes)
        {
            return Err(broken(format!(
                "datanet {datanet_id}: the running commitment differs from its {} approvals",
                cm.count
            )));
        }
        let next = stats
            .latest_version
            .checked_add(1)
            .ok_or(DatanetsError::Overflow)?;
        let pending: BTreeMap<Address, u128> = state
            .version_contributors(*datanet_id, next, None, usize::MAX)?
            .into_iter()
            .collect();
        if pending != cm.bytes_by_contributor {
            return Err(broken(format!(
                "datanet {datanet_id}: checkpointed contributor bytes differ from its approvals"
            )));
        }
    }
    Ok(())
}

/// For every version with revenue: the accumulator follows from `paid`, the claims add up, and
/// `paid = Σ claimable + claimed + dust`.
pub fn revenue_accounted<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    let mut claims: BTreeMap<(u64, u64), u128> = BTreeMap::new();
    let prefix = state_key::claimed_prefix();
    for item in state.prefix_raw(&prefix, None) {
        let (k, v) = item?;
        let at = prefix.len();
        let d = state_key::u64_at(&k, at).ok_or_else(|| StateError::decode(&k, "bad key"))?;
        let n = state_key::u64_at(&k, at.saturating_add(8))
            .ok_or_else(|| StateError::decode(&k, "bad key"))?;
        let e = claims.entry((d, n)).or_insert(0);
        *e = add(*e, state::decode_u128(&k, &v)?)?;
    }
    let mut seen = BTreeSet::new();
    for stored in all_pools(state)? {
        // The dust is derived: it fails if the entitlements exceed what was paid.
        let p = state.revenue_pool_with_dust(stored.datanet_id, stored.version)?;
        seen.insert((p.datanet_id, p.version));
        let v = state.version(p.datanet_id, p.version)?.ok_or_else(|| {
            broken(format!(
                "revenue of unknown version {}/{}",
                p.datanet_id, p.version
            ))
        })?;
        let rpb =
            revenue::revenue_per_byte(p.paid, v.total_bytes).ok_or(DatanetsError::Overflow)?;
        if rpb != p.revenue_per_byte {
            return Err(broken(format!(
                "revenue of {}/{}: revenue_per_byte {} but paid {} over {} bytes gives {rpb}",
                p.datanet_id, p.version, p.revenue_per_byte, p.paid, v.total_bytes
            )));
        }
        let mut claimable: u128 = 0;
        for (who, _) in state.version_contributors(p.datanet_id, p.version, None, usize::MAX)? {
            claimable = add(
                claimable,
                state.claimable_revenue(p.datanet_id, p.version, &who)?,
            )?;
        }
        let claimed = claims.get(&(p.datanet_id, p.version)).copied().unwrap_or(0);
        if claimed != p.claimed {
            return Err(broken(format!(
                "revenue of {}/{}: pool says {} claimed, claims add up to {claimed}",
                p.datanet_id, p.version, p.claimed
            )));
        }
        let total = add(add(claimable, p.claimed)?, p.dust)?;
        if total != p.paid {
            return Err(broken(format!(
                "revenue of {}/{}: paid {} != claimable {claimable} + claimed {} + dust {}",
                p.datanet_id, p.version, p.paid, p.claimed, p.dust
            )));
        }
    }
    for key in claims.keys() {
        if !seen.contains(key) {
            return Err(broken(format!("claims on {key:?} without revenue")));
        }
    }
    Ok(())
}

/// The content-hash index maps exactly the pending and approved contributions (rejected ones
/// release their content).
pub fn hash_index_consistent<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    let contributions = all_contributions(state)?;
    let by_id: BTreeMap<u64, &Contribution> = contributions.iter().map(|c| (c.id, c)).collect();
    let mut holders = 0usize;
    for c in &contributions {
        if c.status == ContributionStatus::Rejected {
            continue;
        }
        holders = holders.saturating_add(1);
        if state.contribution_by_hash(c.datanet_id, &c.content_hash)? != Some(c.id) {
            return Err(broken(format!(
                "hash index of contribution {} does not point to it",
                c.id
            )));
        }
    }
    let mut entries = 0usize;
    for item in state.prefix_raw(&state_key::hash_prefix(), None) {
        let (k, v) = item?;
        entries = entries.saturating_add(1);
        let id = state_key::trailing_u64(&v).filter(|_| v.len() == 8);
        let c = id
            .and_then(|id| by_id.get(&id))
            .ok_or_else(|| broken(format!("hash index entry {k:?} points nowhere")))?;
        if c.status == ContributionStatus::Rejected {
            return Err(broken(format!(
                "hash index entry points to rejected contribution {}",
                c.id
            )));
        }
        if state_key::content_hash(c.datanet_id, &c.content_hash) != k {
            return Err(broken(format!(
                "hash index entry for contribution {} has the wrong key",
                c.id
            )));
        }
    }
    if entries != holders {
        return Err(broken(format!(
            "{entries} hash index entries for {holders} pending or approved contributions"
        )));
    }
    Ok(())
}

/// Status, datanet and contributor indexes, stats and standings agree with the contributions.
pub fn indexes_and_stats_match<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    let contributions = all_contributions(state)?;
    let mut stats: BTreeMap<u64, DatanetStats> = BTreeMap::new();
    let mut standings: BTreeMap<(u64, Address), (u64, u64, u128)> = BTreeMap::new();
    let mut want_status = BTreeSet::new();
    let mut want_datanet = BTreeSet::new();
    let mut want_contributor = BTreeSet::new();
    for c in &contributions {
        if state.datanet(c.datanet_id)?.is_none() {
            return Err(broken(format!(
                "contribution {} of unknown datanet {}",
                c.id, c.datanet_id
            )));
        }
        want_status.insert(state_key::by_status(c.datanet_id, c.status, c.id));
        want_datanet.insert(state_key::by_datanet(c.datanet_id, c.id));
        want_contributor.insert(state_key::by_contributor(&c.contributor, c.id));
        let s = stats.entry(c.datanet_id).or_default();
        let st = standings.entry((c.datanet_id, c.contributor)).or_default();
        s.contributions = s.contributions.saturating_add(1);
        match c.status {
            ContributionStatus::Pending => s.pending = s.pending.saturating_add(1),
            ContributionStatus::Approved => {
                s.approved = s.approved.saturating_add(1);
                s.approved_bytes = add(s.approved_bytes, u128::from(c.size_bytes))?;
                st.0 = st.0.saturating_add(1);
                st.2 = add(st.2, u128::from(c.size_bytes))?;
            }
            ContributionStatus::Rejected => {
                s.rejected = s.rejected.saturating_add(1);
                st.1 = st.1.saturating_add(1);
            }
        }
    }
    for (prefix, want) in [
        (state_key::by_status_prefix(), &want_status),
        (state_key::by_datanet_prefix(), &want_datanet),
        (state_key::by_contributor_prefix(), &want_contributor),
    ] {
        let have = state
            .prefix_raw(&prefix, None)
            .map(|item| item.map(|(k, _)| k))
            .collect::<Result<BTreeSet<_>, _>>()?;
        if have != *want {
            return Err(broken(format!(
                "index {} has {} entries, {} expected or different keys",
                String::from_utf8_lossy(&prefix),
                have.len(),
                want.len()
            )));
        }
    }
    for item in state.prefix_raw(&state_key::datanets_prefix(), None) {
        let (k, _) = item?;
        let id = state_key::trailing_u64(&k).ok_or_else(|| StateError::decode(&k, "bad key"))?;
        let mut want = stats.remove(&id).unwrap_or_default();
        let have = state.datanet_stats(id)?;
        want.latest_version = have.latest_version;
        if have != want {
            return Err(broken(format!(
                "stats of datanet {id}: stored {have:?}, counted {want:?}"
            )));
        }
        let latest = state.latest_version(id)?;
        if have.latest_version != 0 && latest.is_none() {
            return Err(broken(format!("datanet {id}'s latest version is missing")));
        }
        if state
            .version(id, have.latest_version.saturating_add(1))?
            .is_some()
        {
            return Err(broken(format!(
                "datanet {id} has a version past its latest"
            )));
        }
    }
    for ((id, who), (approved, rejected, bytes)) in standings {
        let s = state.contributor_standing(id, &who)?;
        if (s.approved, s.rejected, s.approved_bytes) != (approved, rejected, bytes) {
            return Err(broken(format!(
                "standing of {who} in datanet {id}: stored {s:?}, counted ({approved}, {rejected}, {bytes})"
            )));
        }
    }
    Ok(())
}

/// Every invariant of the module.
pub fn check_all<S: StateRead>(state: &S) -> Result<(), DatanetsError> {
    module_balance_matches(state)?;
    versions_match_contributions(state)?;
    revenue_accounted(state)?;
    hash_index_consistent(state)?;
    indexes_and_stats_match(state)
}
