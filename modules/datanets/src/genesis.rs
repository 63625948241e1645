//! Genesis import and export: params, next ids, datanets with their allow lists, contributions,
//! versions with their per-contributor bytes, access records, revenue pools, claims and
//! standings. Counters (`DatanetStats`) and every index are derived on import.
//!
//! Import must run after bank's: the `datanets` module account must already hold the pending
//! bonds plus the unclaimed access revenue. Validation uses the params' hard upper bounds, not
//! the current values, so an export taken after governance tightened a limit imports again.

mod validate;

use std::collections::BTreeMap;

use openledger_bank::BankRead;
use openledger_framework::coin::amount_string;
use openledger_framework::{Address, StateError, StateRead, StateWrite, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::DatanetsError;
use crate::params::{Params, MAX_ALLOW_LIST_LIMIT};
use crate::proto;
use crate::state::{self, datanets_address, decode, decode_u128, DatanetsRead};
use crate::state_key;
use crate::types::{
    hex32, AccessRecord, Contribution, ContributionStatus, Datanet, DatanetStats, RevenuePool,
    StandingRecord, Version,
};

/// A datanet and its allow list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisDatanet {
    pub datanet: Datanet,
    #[serde(default)]
    pub allow_list: Vec<Address>,
}

/// Approved bytes of one contributor in a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributorBytes {
    pub contributor: Address,
    #[serde(with = "amount_string")]
    pub bytes: u128,
}

/// A version and the bytes of each of its contributors (by address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisVersion {
    pub version: Version,
    pub contributor_bytes: Vec<ContributorBytes>,
}

/// Access revenue of a version already paid to a contributor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisClaim {
    pub datanet_id: u64,
    pub version: u64,
    pub contributor: Address,
    #[serde(with = "amount_string")]
    pub claimed: u128,
}

/// A contributor's counters in a datanet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisStanding {
    pub datanet_id: u64,
    pub contributor: Address,
    pub approved: u64,
    pub rejected: u64,
    #[serde(with = "amount_string")]
    pub approved_bytes: u128,
    pub penalty_score: u64,
}

/// An open contribution commitment (`MsgCommitContribution`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisCommitment {
    pub contributor: Address,
    pub datanet_id: u64,
    #[serde(with = "hex32")]
    pub commitment: [u8; 32],
    pub height: u64,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// Every datanet id must be below it.
    #[serde(default = "one")]
    pub next_datanet_id: u64,
    /// Every contribution id must be below it.
    #[serde(default = "one")]
    pub next_contribution_id: u64,
    #[serde(default)]
    pub datanets: Vec<GenesisDatanet>,
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    #[serde(default)]
    pub versions: Vec<GenesisVersion>,
    #[serde(default)]
    pub access: Vec<AccessRecord>,
    #[serde(default)]
    pub revenue: Vec<RevenuePool>,
    #[serde(default)]
    pub claims: Vec<GenesisClaim>,
    #[serde(default)]
    pub standings: Vec<GenesisStanding>,
    #[serde(default)]
    pub commitments: Vec<GenesisCommitment>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            next_datanet_id: 1,
            next_contribution_id: 1,
            datanets: Vec::new(),
            contributions: Vec::new(),
            versions: Vec::new(),
            access: Vec::new(),
            revenue: Vec::new(),
            claims: Vec::new(),
            standings: Vec::new(),
            commitments: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> DatanetsError {
    DatanetsError::InvalidGenesis(m.into())
}

fn add(a: u128, b: u128) -> Result<u128, DatanetsError> {
    a.checked_add(b).ok_or(DatanetsError::Overflow)
}

fn inc(v: u64) -> Result<u64, DatanetsError> {
    v.checked_add(1).ok_or(DatanetsError::Overflow)
}

impl GenesisState {
    /// aopen the `datanets` module account must hold: pending bonds plus unclaimed revenue.
    pub fn escrow(&self) -> Result<u128, DatanetsError> {
        let mut total: u128 = 0;
        for c in &self.contributions {
            if c.status == ContributionStatus::Pending {
                total = add(total, c.bond)?;
            }
        }
        for p in &self.revenue {
            total = add(total, p.unclaimed().ok_or(DatanetsError::Overflow)?)?;
        }
        Ok(total)
    }

    fn derived_stats(&self) -> Result<BTreeMap<u64, DatanetStats>, DatanetsError> {
        let mut out: BTreeMap<u64, DatanetStats> = self
            .datanets
            .iter()
            .map(|g| (g.datanet.id, DatanetStats::default()))
            .collect();
        for c in &self.contributions {
            let s = out.entry(c.datanet_id).or_default();
            s.contributions = inc(s.contributions)?;
            match c.status {
                ContributionStatus::Pending => s.pending = inc(s.pending)?,
                ContributionStatus::Approved => {
                    s.approved = inc(s.approved)?;
                    s.approved_bytes = add(s.approved_bytes, u128::from(c.size_bytes))?;
                }
                ContributionStatus::Rejected => s.rejected = inc(s.rejected)?,
            }
        }
        for g in &self.versions {
            let s = out.entry(g.version.datanet_id).or_default();
            s.latest_version = s.latest_version.max(g.version.number);
        }
        Ok(out)
    }

    /// Validate, check the module account's balance and write everything with its indexes.
    pub fn init<S: StateWrite>(&self, state: &mut S) -> Result<(), DatanetsError> {
        self.validate()?;
        let want = self.escrow()?;
        let have = state.balance(&datanets_address(), BASE_DENOM)?;
        if have != want {
            return Err(invalid(format!(
                "the datanets module account holds {have}aopen but pending bonds and unclaimed \
                 revenue add up to {want}aopen"
            )));
        }
        state::set_params(state, &self.params)?;
        state::set_next_datanet_id(state, self.next_datanet_id)?;
        state::set_next_contribution_id(state, self.next_contribution_id)?;
        for g in &self.datanets {
            let d = &g.datanet;
            state::put_datanet(state, d)?;
            state::set_allow_list(state, d.id, &g.allow_list)?;
            state::set_tags_index(state, d.id, &[], &d.tags)?;
            state.put_raw(state_key::by_owner(&d.owner, d.id), Vec::new())?;
        }
        for (id, stats) in self.derived_stats()? {
            state::put_stats(state, id, &stats)?;
        }
        for c in &self.contributions {
            state::put_contribution(state, c)?;
            state::index_contribution(state, c)?;
        }
        for s in &self.standings {
            state::put_standing(
                state,
                s.datanet_id,
                &s.contributor,
                &StandingRecord {
                    approved: s.approved,
                    rejected: s.rejected,
                    approved_bytes: s.approved_bytes,
                    penalty_score: s.penalty_score,
                },
            )?;
        }
        for g in &self.versions {
            state::put_version(state, &g.version)?;
        }
        self.rebuild_running_commitments(state)?;
        for a in &self.access {
            state::put_access(state, a)?;
        }
        for p in &self.revenue {
            state::put_revenue(state, p)?;
        }
        for c in &self.claims {
            state::put_claimed(state, c.datanet_id, c.version, &c.contributor, c.claimed)?;
        }
        for c in &self.commitments {
            state::put_commitment(state, &c.contributor, c.datanet_id, &c.commitment, c.height)?;
        }
        Ok(())
    }

    /// Replay every approval, in approval order, into its datanet's running commitment and
    /// contributor checkpoints, each checkpoint at the first version that holds it (validation
    /// has already checked the versions' listed bytes against the same contributions).
    fn rebuild_running_commitments<S: StateWrite>(
        &self,
        state: &mut S,
    ) -> Result<(), DatanetsError> {
        let mut approved: BTreeMap<u64, Vec<&Contribution>> = BTreeMap::new();
        for c in &self.contributions {
            if c.status == ContributionStatus::Approved {
                approved.entry(c.datanet_id).or_default().push(c);
            }
        }
        let mut counts: BTreeMap<u64, Vec<(u64, u64)>> = BTreeMap::new();
        for g in &self.versions {
            counts
                .entry(g.version.datanet_id)
                .or_default()
                .push((g.version.number, g.version.contribution_count));
        }
        for (datanet_id, mut cs) in approved {
            cs.sort_by_key(|c| c.approval_seq);
            let mut versions = counts.remove(&datanet_id).unwrap_or_default();
            versions.sort_unstable();
            let next = u64::try_from(versions.len())
                .ok()
                .and_then(|n| n.checked_add(1))
                .ok_or(DatanetsError::Overflow)?;
            let mut at = 0usize;
            let mut bytes: BTreeMap<Address, u128> = BTreeMap::new();
            for c in cs {
                while versions
                    .get(at)
                    .is_some_and(|(_, count)| *count < c.approval_seq)
                {
                    at = at.saturating_add(1);
                }
                let version = versions.get(at).map_or(next, |(number, _)| *number);
                let b = bytes.entry(c.contributor).or_insert(0);
                *b = add(*b, u128::from(c.size_bytes))?;
                state::accumulate_approval(state, c, *b, version)?;
            }
        }
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, DatanetsError> {
        let all_allowed = usize::try_from(MAX_ALLOW_LIST_LIMIT).unwrap_or(usize::MAX);
        let mut datanets = Vec::new();
        for item in state.prefix_raw(&state_key::datanets_prefix(), None) {
            let (k, v) = item?;
            let d = Datanet::from_proto(&decode::<proto::Datanet>(&k, &v)?)?;
            let allow_list = state.allow_list(d.id, all_allowed)?;
            datanets.push(GenesisDatanet {
                datanet: d,
                allow_list,
            });
        }
        let mut contributions = Vec::new();
        for item in state.prefix_raw(&state_key::contributions_prefix(), None) {
            let (k, v) = item?;
            contributions.push(Contribution::from_proto(&decode::<proto::Contribution>(
                &k, &v,
            )?)?);
        }
        let mut versions = Vec::new();
        for item in state.prefix_raw(&state_key::versions_prefix(), None) {
            let (k, v) = item?;
            let version = Version::from_proto(&decode::<proto::Version>(&k, &v)?)?;
            let contributor_bytes = state
                .version_contributors(version.datanet_id, version.number, None, usize::MAX)?
                .into_iter()
                .map(|(contributor, bytes)| ContributorBytes { contributor, bytes })
                .collect();
            versions.push(GenesisVersion {
                version,
                contributor_bytes,
            });
        }
        let mut access = Vec::new();
        for item in state.prefix_raw(&state_key::access_prefix(), None) {
            let (k, v) = item?;
            access.push(AccessRecord::from_proto(&decode::<proto::AccessRecord>(
                &k, &v,
            )?)?);
        }
        let mut revenue = Vec::new();
        for item in state.prefix_raw(&state_key::revenue_prefix(), None) {
            let (k, v) = item?;
            let stored = RevenuePool::from_proto(&decode::<proto::RevenuePool>(&k, &v)?)?;
            revenue.push(state.revenue_pool_with_dust(stored.datanet_id, stored.version)?);
        }
        let mut claims = Vec::new();
        let prefix = state_key::claimed_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let at = prefix.len();
            let parsed = (|| {
                Some((
                    state_key::u64_at(&k, at)?,
                    state_key::u64_at(&k, at.checked_add(8)?)?,
                    state_key::addr_at(&k, at.checked_add(16)?)?,
                ))
            })();
            let (datanet_id, version, contributor) =
                parsed.ok_or_else(|| StateError::decode(&k, "bad claimed key"))?;
            claims.push(GenesisClaim {
                datanet_id,
                version,
                contributor,
                claimed: decode_u128(&k, &v)?,
            });
        }
        let mut standings = Vec::new();
        let prefix = state_key::standing_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let at = prefix.len();
            let parsed = (|| {
                Some((
                    state_key::u64_at(&k, at)?,
                    state_key::addr_at(&k, at.checked_add(8)?)?,
                ))
            })();
            let (datanet_id, contributor) =
                parsed.ok_or_else(|| StateError::decode(&k, "bad standing key"))?;
            let rec: StandingRecord =
                borsh::from_slice(&v).map_err(|e| StateError::decode(&k, e))?;
            standings.push(GenesisStanding {
                datanet_id,
                contributor,
                approved: rec.approved,
                rejected: rec.rejected,
                approved_bytes: rec.approved_bytes,
                penalty_score: rec.penalty_score,
            });
        }
        let mut commitments = Vec::new();
        let prefix = state_key::commitments_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, v) = item?;
            let at = prefix.len();
            let parsed = (|| {
                let contributor = state_key::addr_at(&k, at)?;
                let datanet_id = state_key::u64_at(&k, at.checked_add(20)?)?;
                let commitment: [u8; 32] = k.get(at.checked_add(28)?..)?.try_into().ok()?;
                let height: [u8; 8] = v.as_slice().try_into().ok()?;
                Some(GenesisCommitment {
                    contributor,
                    datanet_id,
                    commitment,
                    height: u64::from_be_bytes(height),
                })
            })();
            commitments.push(parsed.ok_or_else(|| StateError::decode(&k, "bad commitment"))?);
        }
        Ok(GenesisState {
            params: state.datanets_params()?,
            next_datanet_id: state.next_datanet_id()?,
            next_contribution_id: state.next_contribution_id()?,
            datanets,
            contributions,
            versions,
            access,
            revenue,
            claims,
            standings,
            commitments,
        })
    }
}
