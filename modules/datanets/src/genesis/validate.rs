//! Genesis validation: everything a file claims is recomputed from its records.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::Address;

use super::invalid;
use crate::commitment::commit;
use crate::error::DatanetsError;
use crate::genesis::{GenesisState, GenesisVersion};
use crate::msg::{check_public, validate_tag};
use crate::params::{
    MAX_ALLOW_LIST_LIMIT, MAX_CONTRIBUTION_BYTES_LIMIT, MAX_CURATORS_LIMIT,
    MAX_DESCRIPTION_LEN_LIMIT, MAX_METADATA_LEN_LIMIT, MAX_NAME_LEN_LIMIT,
    MAX_OPEN_COMMITMENTS_LIMIT, MAX_SUMMARY_LEN_LIMIT, MAX_TAGS_LIMIT, MAX_URI_LEN_LIMIT,
};
use crate::revenue;
use crate::types::{
    Contribution, ContributionStatus, CurationReason, Datanet, RevenuePool, StandingRecord,
};

fn too_long(what: &str, s: &str, max: u64) -> Result<(), DatanetsError> {
    if u64::try_from(s.len()).unwrap_or(u64::MAX) > max {
        return Err(invalid(format!("{what} is longer than {max} bytes")));
    }
    Ok(())
}

fn too_many(what: &str, len: usize, max: u32) -> Result<(), DatanetsError> {
    if u64::try_from(len).unwrap_or(u64::MAX) > u64::from(max) {
        return Err(invalid(format!("{what} has more than {max} entries")));
    }
    Ok(())
}

fn unique<T: Ord + Clone + std::fmt::Debug>(what: &str, items: &[T]) -> Result<(), DatanetsError> {
    let mut seen = BTreeSet::new();
    for i in items {
        if !seen.insert(i.clone()) {
            return Err(invalid(format!("{what} lists {i:?} twice")));
        }
    }
    Ok(())
}

fn add(a: u128, b: u128) -> Result<u128, DatanetsError> {
    a.checked_add(b).ok_or(DatanetsError::Overflow)
}

fn inc(v: u64) -> Result<u64, DatanetsError> {
    v.checked_add(1).ok_or(DatanetsError::Overflow)
}

fn check_datanet(g: &crate::genesis::GenesisDatanet, next_id: u64) -> Result<(), DatanetsError> {
    let d = &g.datanet;
    let what = format!("datanet {}", d.id);
    if d.id == 0 || d.id >= next_id {
        return Err(invalid(format!(
            "{what}: id must be in 1..next_datanet_id ({next_id})"
        )));
    }
    if d.name.is_empty() {
        return Err(invalid(format!("{what}: empty name")));
    }
    too_long(&format!("{what} name"), &d.name, MAX_NAME_LEN_LIMIT)?;
    too_long(&format!("{what} licence"), &d.licence, MAX_NAME_LEN_LIMIT)?;
    too_long(
        &format!("{what} summary"),
        &d.summary,
        MAX_SUMMARY_LEN_LIMIT,
    )?;
    too_long(
        &format!("{what} description"),
        &d.description,
        MAX_DESCRIPTION_LEN_LIMIT,
    )?;
    too_many(&format!("{what} tags"), d.tags.len(), MAX_TAGS_LIMIT)?;
    too_many(
        &format!("{what} curators"),
        d.curators.len(),
        MAX_CURATORS_LIMIT,
    )?;
    too_many(
        &format!("{what} allow list"),
        g.allow_list.len(),
        MAX_ALLOW_LIST_LIMIT,
    )?;
    for t in &d.tags {
        validate_tag(t).map_err(|e| invalid(format!("{what}: {e}")))?;
    }
    unique(&format!("{what} tags"), &d.tags)?;
    unique(&format!("{what} curators"), &d.curators)?;
    unique(&format!("{what} allow list"), &g.allow_list)?;
    check_public(d.visibility, &g.allow_list, d.access_price)
        .map_err(|e| invalid(format!("{what}: {e}")))?;
    check_public(d.visibility, &g.allow_list, d.pending_access_price)
        .map_err(|e| invalid(format!("{what}: {e}")))?;
    if d.pending_price_height == 0 && d.pending_access_price != 0 {
        return Err(invalid(format!(
            "{what}: a pending access price needs its height"
        )));
    }
    Ok(())
}

fn check_contribution(c: &Contribution, next_id: u64) -> Result<(), DatanetsError> {
    let what = format!("contribution {}", c.id);
    if c.id == 0 || c.id >= next_id {
        return Err(invalid(format!(
            "{what}: id must be in 1..next_contribution_id ({next_id})"
        )));
    }
    if c.size_bytes == 0 || c.size_bytes > MAX_CONTRIBUTION_BYTES_LIMIT {
        return Err(invalid(format!(
            "{what}: size {} out of range",
            c.size_bytes
        )));
    }
    too_long(
        &format!("{what} content_uri"),
        &c.content_uri,
        MAX_URI_LEN_LIMIT,
    )?;
    too_long(&format!("{what} licence"), &c.licence, MAX_NAME_LEN_LIMIT)?;
    too_long(
        &format!("{what} metadata"),
        &c.metadata,
        MAX_METADATA_LEN_LIMIT,
    )?;
    match (c.status, &c.curation) {
        (ContributionStatus::Pending, None) if c.approval_seq == 0 => {}
        (ContributionStatus::Approved, Some(cur))
            if c.approval_seq > 0 && cur.reason == CurationReason::None && cur.bond_burned == 0 => {
        }
        (ContributionStatus::Rejected, Some(cur))
            if c.approval_seq == 0
                && cur.reason != CurationReason::None
                && cur.bond_burned <= c.bond
                && (cur.reason.is_penalized() || cur.bond_burned == 0) => {}
        _ => {
            return Err(invalid(format!(
                "{what}: status {}, approval_seq {} and curation {:?} do not agree",
                c.status.as_str(),
                c.approval_seq,
                c.curation
            )))
        }
    }
    if let Some(cur) = &c.curation {
        too_long(&format!("{what} note"), &cur.note, MAX_METADATA_LEN_LIMIT)?;
    }
    Ok(())
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), DatanetsError> {
        self.params
            .validate()
            .map_err(|e| invalid(format!("params: {e}")))?;
        if self.next_datanet_id == 0 || self.next_contribution_id == 0 {
            return Err(invalid("next ids must be at least 1"));
        }
        let mut datanets: BTreeMap<u64, &Datanet> = BTreeMap::new();
        for g in &self.datanets {
            check_datanet(g, self.next_datanet_id)?;
            if datanets.insert(g.datanet.id, &g.datanet).is_some() {
                return Err(invalid(format!("duplicate datanet {}", g.datanet.id)));
            }
        }

        // Contributions, the hash index and the approval order.
        let mut contributions: BTreeMap<u64, &Contribution> = BTreeMap::new();
        let mut hashes = BTreeSet::new();
        let mut seqs: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
        let mut derived: BTreeMap<(u64, Address), StandingRecord> = BTreeMap::new();
        for c in &self.contributions {
            check_contribution(c, self.next_contribution_id)?;
            if !datanets.contains_key(&c.datanet_id) {
                return Err(invalid(format!(
                    "contribution {} of unknown datanet {}",
                    c.id, c.datanet_id
                )));
            }
            if contributions.insert(c.id, c).is_some() {
                return Err(invalid(format!("duplicate contribution {}", c.id)));
            }
            // Rejected contributions release their content: it may appear again.
            if c.status != ContributionStatus::Rejected
                && !hashes.insert((c.datanet_id, c.content_hash))
            {
                return Err(invalid(format!(
                    "content {} is held twice in datanet {}",
                    hex::encode(c.content_hash),
                    c.datanet_id
                )));
            }
            let s = derived.entry((c.datanet_id, c.contributor)).or_default();
            match c.status {
                ContributionStatus::Approved => {
                    seqs.entry(c.datanet_id).or_default().insert(c.approval_seq);
                    s.approved = inc(s.approved)?;
                    s.approved_bytes = add(s.approved_bytes, u128::from(c.size_bytes))?;
                }
                ContributionStatus::Rejected => s.rejected = inc(s.rejected)?,
                ContributionStatus::Pending => {}
            }
        }
        let approved_counts = self.approved_counts()?;
        for (id, set) in &seqs {
            let n = approved_counts.get(id).copied().unwrap_or(0);
            let want: BTreeSet<u64> = (1..=n).collect();
            if *set != want {
                return Err(invalid(format!(
                    "approval_seq of datanet {id}'s approved contributions must be 1..={n} once each"
                )));
            }
        }

        // Standings agree with the contributions.
        let mut standings = BTreeSet::new();
        for s in &self.standings {
            if !standings.insert((s.datanet_id, s.contributor)) {
                return Err(invalid(format!(
                    "duplicate standing of {} in datanet {}",
                    s.contributor, s.datanet_id
                )));
            }
            let d = derived
                .get(&(s.datanet_id, s.contributor))
                .copied()
                .unwrap_or_default();
            if (d.approved, d.rejected, d.approved_bytes)
                != (s.approved, s.rejected, s.approved_bytes)
            {
                return Err(invalid(format!(
                    "standing of {} in datanet {} does not match its contributions",
                    s.contributor, s.datanet_id
                )));
            }
        }
        for ((id, who), d) in &derived {
            if (d.approved > 0 || d.rejected > 0) && !standings.contains(&(*id, *who)) {
                return Err(invalid(format!(
                    "curated contributor {who} of datanet {id} has no standing"
                )));
            }
        }

        // Versions: consecutive per datanet, each commitment recomputed.
        let mut versions: BTreeMap<(u64, u64), &GenesisVersion> = BTreeMap::new();
        for g in &self.versions {
            let v = &g.version;
            if !datanets.contains_key(&v.datanet_id) {
                return Err(invalid(format!(
                    "version {} of unknown datanet {}",
                    v.number, v.datanet_id
                )));
            }
            if versions.insert((v.datanet_id, v.number), g).is_some() {
                return Err(invalid(format!(
                    "duplicate version {} of datanet {}",
                    v.number, v.datanet_id
                )));
            }
        }
        let mut by_datanet: BTreeMap<u64, Vec<&Contribution>> = BTreeMap::new();
        for c in contributions.values() {
            if c.status == ContributionStatus::Approved {
                by_datanet.entry(c.datanet_id).or_default().push(c);
            }
        }
        let mut last: BTreeMap<u64, (u64, u64)> = BTreeMap::new();
        for ((id, number), g) in &versions {
            let (prev_number, prev_count) = last.get(id).copied().unwrap_or((0, 0));
            let v = &g.version;
            if *number != inc(prev_number)? {
                return Err(invalid(format!(
                    "versions of datanet {id} must be numbered 1, 2, ... without gaps"
                )));
            }
            if v.contribution_count <= prev_count {
                return Err(invalid(format!(
                    "version {number} of datanet {id} holds no new contribution"
                )));
            }
            let members = by_datanet
                .get(id)
                .map(|cs| {
                    cs.iter()
                        .copied()
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
                return Err(invalid(format!(
                    "version {number} of datanet {id} does not match its contributions"
                )));
            }
            let listed: BTreeMap<Address, u128> = g
                .contributor_bytes
                .iter()
                .map(|b| (b.contributor, b.bytes))
                .collect();
            if listed.len() != g.contributor_bytes.len() || listed != cm.bytes_by_contributor {
                return Err(invalid(format!(
                    "contributor bytes of version {number} of datanet {id} do not match its contributions"
                )));
            }
            last.insert(*id, (*number, v.contribution_count));
        }

        // Open commitments: of known datanets, once each, at most the hard limit per address.
        let mut commitments = BTreeSet::new();
        let mut per_address: BTreeMap<Address, u32> = BTreeMap::new();
        for c in &self.commitments {
            if !datanets.contains_key(&c.datanet_id) {
                return Err(invalid(format!(
                    "commitment of {} to unknown datanet {}",
                    c.contributor, c.datanet_id
                )));
            }
            if !commitments.insert((c.contributor, c.datanet_id, c.commitment)) {
                return Err(invalid(format!(
                    "commitment {} of {} listed twice",
                    hex::encode(c.commitment),
                    c.contributor
                )));
            }
            let n = per_address.entry(c.contributor).or_insert(0);
            *n = n.checked_add(1).ok_or(DatanetsError::Overflow)?;
            if *n > MAX_OPEN_COMMITMENTS_LIMIT {
                return Err(invalid(format!(
                    "{} holds more than {MAX_OPEN_COMMITMENTS_LIMIT} commitments",
                    c.contributor
                )));
            }
        }

        // Access records, revenue pools and claims.
        let mut access = BTreeSet::new();
        for a in &self.access {
            if !versions.contains_key(&(a.datanet_id, a.version)) {
                return Err(invalid(format!(
                    "access to unknown version {} of datanet {}",
                    a.version, a.datanet_id
                )));
            }
            if !access.insert((a.datanet_id, a.version, a.buyer)) {
                return Err(invalid(format!(
                    "{} bought version {} of datanet {} twice",
                    a.buyer, a.version, a.datanet_id
                )));
            }
        }
        let mut claims: BTreeMap<(u64, u64), u128> = BTreeMap::new();
        let mut claimers = BTreeSet::new();
        let mut pools: BTreeMap<(u64, u64), &RevenuePool> = BTreeMap::new();
        for p in &self.revenue {
            if pools.insert((p.datanet_id, p.version), p).is_some() {
                return Err(invalid(format!(
                    "duplicate revenue of version {} of datanet {}",
                    p.version, p.datanet_id
                )));
            }
        }
        for c in &self.claims {
            let g = versions
                .get(&(c.datanet_id, c.version))
                .ok_or_else(|| invalid(format!("claim on unknown version {}", c.version)))?;
            if c.claimed == 0 || !claimers.insert((c.datanet_id, c.version, c.contributor)) {
                return Err(invalid(format!(
                    "claim of {} on version {} of datanet {} is zero or repeated",
                    c.contributor, c.version, c.datanet_id
                )));
            }
            let bytes = g
                .contributor_bytes
                .iter()
                .find(|b| b.contributor == c.contributor)
                .map(|b| b.bytes)
                .unwrap_or(0);
            let rpb = pools
                .get(&(c.datanet_id, c.version))
                .map(|p| p.revenue_per_byte)
                .unwrap_or(0);
            let earned = revenue::entitlement(bytes, rpb).ok_or(DatanetsError::Overflow)?;
            if c.claimed > earned {
                return Err(invalid(format!(
                    "{} claimed {} of version {} of datanet {} but earned {earned}",
                    c.contributor, c.claimed, c.version, c.datanet_id
                )));
            }
            let sum = claims.entry((c.datanet_id, c.version)).or_insert(0);
            *sum = add(*sum, c.claimed)?;
        }
        for ((id, number), p) in &pools {
            let g = versions.get(&(*id, *number)).ok_or_else(|| {
                invalid(format!(
                    "revenue of unknown version {number} of datanet {id}"
                ))
            })?;
            let (rpb, dust) = revenue::split(
                p.paid,
                g.version.total_bytes,
                g.contributor_bytes.iter().map(|b| b.bytes),
            )
            .ok_or(DatanetsError::Overflow)?;
            let claimed = claims.get(&(*id, *number)).copied().unwrap_or(0);
            if (rpb, dust, claimed) != (p.revenue_per_byte, p.dust, p.claimed) {
                return Err(invalid(format!(
                    "revenue of version {number} of datanet {id}: revenue_per_byte, dust or \
                     claimed do not follow from paid {} and the claims",
                    p.paid
                )));
            }
        }
        for (key, sum) in &claims {
            if *sum > 0 && !pools.contains_key(key) {
                return Err(invalid(format!(
                    "claims on version {} of datanet {} without revenue",
                    key.1, key.0
                )));
            }
        }
        Ok(())
    }

    fn approved_counts(&self) -> Result<BTreeMap<u64, u64>, DatanetsError> {
        let mut out: BTreeMap<u64, u64> = BTreeMap::new();
        for c in &self.contributions {
            if c.status == ContributionStatus::Approved {
                let e = out.entry(c.datanet_id).or_insert(0);
                *e = inc(*e)?;
            }
        }
        Ok(out)
    }
}
