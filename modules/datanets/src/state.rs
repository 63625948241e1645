//! The only way to touch datanets state. [`DatanetsRead`] is public for other modules (models,
//! attribution) and the app; writes stay inside this crate (handlers and genesis).

use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::DatanetsError;
use crate::params::{Params, MAX_ALLOW_LIST_LIMIT};
use crate::proto;
use crate::revenue;
use crate::state_key;
use crate::types::{
    AccessRecord, Accumulator, Contribution, ContributionStatus, Datanet, DatanetStats,
    RevenuePool, Standing, StandingRecord, Version, Visibility,
};

/// Name of the module account that escrows pending bonds and unclaimed access revenue.
pub const DATANETS_MODULE: &str = "datanets";

/// `Address::module("datanets")`.
pub fn datanets_address() -> Address {
    Address::module(DATANETS_MODULE)
}

pub(crate) fn decode_u128(key: &[u8], bytes: &[u8]) -> Result<u128, StateError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StateError::decode(key, "amount is not 16 bytes"))?;
    Ok(u128::from_be_bytes(arr))
}

pub(crate) fn get_u128<S: StateRead + ?Sized>(state: &S, key: &[u8]) -> Result<u128, StateError> {
    match state.get_raw(key)? {
        None => Ok(0),
        Some(v) => decode_u128(key, &v),
    }
}

/// Zero is stored as absence.
pub(crate) fn put_u128<S: StateWrite + ?Sized>(
    state: &mut S,
    key: Vec<u8>,
    v: u128,
) -> Result<(), StateError> {
    if v == 0 {
        state.delete(key)
    } else {
        state.put_raw(key, v.to_be_bytes().to_vec())
    }
}

fn get_u64_or<S: StateRead + ?Sized>(
    state: &S,
    key: &[u8],
    default: u64,
) -> Result<u64, StateError> {
    match state.get_raw(key)? {
        None => Ok(default),
        Some(v) => {
            let arr: [u8; 8] = v
                .as_slice()
                .try_into()
                .map_err(|_| StateError::decode(key, "not 8 bytes"))?;
            Ok(u64::from_be_bytes(arr))
        }
    }
}

pub(crate) fn decode<T: prost::Message + Default>(k: &[u8], v: &[u8]) -> Result<T, StateError> {
    T::decode(v).map_err(|e| StateError::decode(k, e))
}

/// Datanets state other modules and the app may read.
pub trait DatanetsRead: StateRead {
    fn datanets_params(&self) -> Result<Params, DatanetsError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    /// The id the next datanet gets (1 on a fresh chain).
    fn next_datanet_id(&self) -> Result<u64, DatanetsError> {
        Ok(get_u64_or(self, &state_key::next_datanet_id(), 1)?)
    }

    /// The id the next contribution gets (1 on a fresh chain).
    fn next_contribution_id(&self) -> Result<u64, DatanetsError> {
        Ok(get_u64_or(self, &state_key::next_contribution_id(), 1)?)
    }

    fn datanet(&self, id: u64) -> Result<Option<Datanet>, DatanetsError> {
        match self.get_proto::<proto::Datanet>(&state_key::datanet(id))? {
            None => Ok(None),
            Some(p) => Datanet::from_proto(&p).map(Some),
        }
    }

    /// Counters of a datanet (zero for an unknown one).
    fn datanet_stats(&self, id: u64) -> Result<DatanetStats, DatanetsError> {
        match self.get_proto::<proto::DatanetStats>(&state_key::stats(id))? {
            None => Ok(DatanetStats::default()),
            Some(p) => DatanetStats::from_proto(&p),
        }
    }

    /// Whether `addr` is on the allow list of datanet `id`.
    fn is_allowed(&self, id: u64, addr: &Address) -> Result<bool, DatanetsError> {
        Ok(self.get_raw(&state_key::allow(id, addr))?.is_some())
    }

    /// Up to `limit` addresses of the allow list of datanet `id`, by address bytes.
    fn allow_list(&self, id: u64, limit: usize) -> Result<Vec<Address>, DatanetsError> {
        let prefix = state_key::allow_list_of(id);
        let mut out = Vec::new();
        for item in self.prefix_raw(&prefix, None).take(limit) {
            let (k, _) = item?;
            let a = state_key::addr_at(&k, prefix.len())
                .ok_or_else(|| StateError::decode(&k, "bad allow key"))?;
            out.push(a);
        }
        Ok(out)
    }

    fn contribution(&self, id: u64) -> Result<Option<Contribution>, DatanetsError> {
        match self.get_proto::<proto::Contribution>(&state_key::contribution(id))? {
            None => Ok(None),
            Some(p) => Contribution::from_proto(&p).map(Some),
        }
    }

    /// The contribution of datanet `datanet_id` with content `hash`, if any.
    fn contribution_by_hash(
        &self,
        datanet_id: u64,
        hash: &[u8; 32],
    ) -> Result<Option<u64>, DatanetsError> {
        let key = state_key::content_hash(datanet_id, hash);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => {
                let arr: [u8; 8] = v
                    .as_slice()
                    .try_into()
                    .map_err(|_| StateError::decode(&key, "contribution id is not 8 bytes"))?;
                Ok(Some(u64::from_be_bytes(arr)))
            }
        }
    }

    /// The height of `contributor`'s commitment `commitment` in datanet `datanet_id`, if open
    /// (it may have expired: see `commitment_ttl_blocks`).
    fn commitment_height(
        &self,
        contributor: &Address,
        datanet_id: u64,
        commitment: &[u8; 32],
    ) -> Result<Option<u64>, DatanetsError> {
        let key = state_key::commitment(contributor, datanet_id, commitment);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(_) => Ok(Some(get_u64_or(self, &key, 0)?)),
        }
    }

    /// Up to `limit` stored commitments of `contributor` (datanet, commitment, height), by key.
    fn commitments_of(
        &self,
        contributor: &Address,
        limit: usize,
    ) -> Result<Vec<(u64, [u8; 32], u64)>, DatanetsError> {
        let prefix = state_key::commitments_of(contributor);
        let mut out = Vec::new();
        for item in self.prefix_raw(&prefix, None).take(limit) {
            let (k, v) = item?;
            let parsed = (|| {
                let datanet_id = state_key::u64_at(&k, prefix.len())?;
                let at = prefix.len().checked_add(8)?;
                let c: [u8; 32] = k.get(at..)?.try_into().ok()?;
                let h: [u8; 8] = v.as_slice().try_into().ok()?;
                Some((datanet_id, c, u64::from_be_bytes(h)))
            })();
            out.push(parsed.ok_or_else(|| StateError::decode(&k, "bad commitment entry"))?);
        }
        Ok(out)
    }

    fn version(&self, datanet_id: u64, number: u64) -> Result<Option<Version>, DatanetsError> {
        match self.get_proto::<proto::Version>(&state_key::version(datanet_id, number))? {
            None => Ok(None),
            Some(p) => Version::from_proto(&p).map(Some),
        }
    }

    /// The newest version of a datanet, if one was published.
    fn latest_version(&self, datanet_id: u64) -> Result<Option<Version>, DatanetsError> {
        match self.datanet_stats(datanet_id)?.latest_version {
            0 => Ok(None),
            n => self.version(datanet_id, n),
        }
    }

    /// Approved bytes of `contributor` included in a version (0 if none): its latest
    /// checkpoint at or before the version, found by one seek.
    fn version_contributor_bytes(
        &self,
        datanet_id: u64,
        number: u64,
        contributor: &Address,
    ) -> Result<u128, DatanetsError> {
        let prefix = state_key::contributor_bytes_of_contributor(datanet_id, contributor);
        let seek = state_key::contributor_bytes(datanet_id, contributor, number);
        match self.prefix_raw(&prefix, Some(&seek)).next() {
            None => Ok(0),
            Some(item) => {
                let (k, v) = item?;
                Ok(decode_u128(&k, &v)?)
            }
        }
    }

    /// Up to `limit` contributors of a version with their bytes, by address bytes, starting at
    /// `start` (inclusive): one seek per contributor of the datanet at or after `start`. A
    /// contributor whose first approval came after the version is passed over; after `limit`
    /// of those in a row the listing ends early (callers page on from the last one listed).
    fn version_contributors(
        &self,
        datanet_id: u64,
        number: u64,
        start: Option<&Address>,
        limit: usize,
    ) -> Result<Vec<(Address, u128)>, DatanetsError> {
        let prefix = state_key::contributor_bytes_of(datanet_id);
        let mut seek = match start {
            Some(a) => state_key::contributor_bytes_of_contributor(datanet_id, a),
            None => prefix.clone(),
        };
        let mut out = Vec::new();
        let mut passed: usize = 0;
        while out.len() < limit && passed <= limit {
            // The first checkpoint at or after `seek`: the next contributor's latest.
            let Some(item) = self.prefix_raw(&prefix, Some(&seek)).next() else {
                break;
            };
            let (k, _) = item?;
            let who = state_key::addr_at(&k, prefix.len())
                .ok_or_else(|| StateError::decode(&k, "bad contributor bytes key"))?;
            match self.version_contributor_bytes(datanet_id, number, &who)? {
                0 => passed = passed.saturating_add(1),
                bytes => out.push((who, bytes)),
            }
            let this = state_key::contributor_bytes_of_contributor(datanet_id, &who);
            match openledger_framework::state::prefix_end(&this) {
                Some(next) => seek = next,
                None => break,
            }
        }
        Ok(out)
    }

    /// The approved contributions' Merkle frontier and highest id.
    fn accumulator(&self, datanet_id: u64) -> Result<Accumulator, DatanetsError> {
        Ok(self
            .get_borsh::<Accumulator>(&state_key::accumulator(datanet_id))?
            .unwrap_or_default())
    }

    /// A contributor's standing in a datanet, with its reward multiplier under the current
    /// params (1 below `penalty_threshold`, `penalty_reward_multiplier` at or above it).
    fn contributor_standing(
        &self,
        datanet_id: u64,
        contributor: &Address,
    ) -> Result<Standing, DatanetsError> {
        let rec = standing_record(self, datanet_id, contributor)?;
        let params = self.datanets_params()?;
        Ok(Standing {
            approved: rec.approved,
            rejected: rec.rejected,
            approved_bytes: rec.approved_bytes,
            penalty_score: rec.penalty_score,
            reward_multiplier: params.reward_multiplier(rec.penalty_score),
        })
    }

    /// Whether `buyer` may use version `version` of the datanet: the version exists and the
    /// datanet is public, or `buyer` is its owner or a curator, or bought access to it.
    fn has_access(
        &self,
        buyer: &Address,
        datanet_id: u64,
        version: u64,
    ) -> Result<bool, DatanetsError> {
        let Some(d) = self.datanet(datanet_id)? else {
            return Ok(false);
        };
        if version == 0 || self.version(datanet_id, version)?.is_none() {
            return Ok(false);
        }
        if d.visibility == Visibility::Public || d.is_owner_or_curator(buyer) {
            return Ok(true);
        }
        Ok(self
            .get_raw(&state_key::access(datanet_id, version, buyer))?
            .is_some())
    }

    /// The purchase of `buyer` for a version, if any.
    fn access_record(
        &self,
        buyer: &Address,
        datanet_id: u64,
        version: u64,
    ) -> Result<Option<AccessRecord>, DatanetsError> {
        match self
            .get_proto::<proto::AccessRecord>(&state_key::access(datanet_id, version, buyer))?
        {
            None => Ok(None),
            Some(p) => AccessRecord::from_proto(&p).map(Some),
        }
    }

    /// The access revenue of a version (all zero before the first purchase).
    fn revenue_pool(&self, datanet_id: u64, version: u64) -> Result<RevenuePool, DatanetsError> {
        match self.get_proto::<proto::RevenuePool>(&state_key::revenue(datanet_id, version))? {
            None => Ok(RevenuePool {
                datanet_id,
                version,
                ..RevenuePool::default()
            }),
            Some(p) => RevenuePool::from_proto(&p),
        }
    }

    /// [`Self::revenue_pool`] with its dust, derived from the version's contributors (the
    /// stored pool holds no dust, so purchases stay constant work). For queries, genesis
    /// export and the invariants: it reads every contributor of the version.
    fn revenue_pool_with_dust(
        &self,
        datanet_id: u64,
        version: u64,
    ) -> Result<RevenuePool, DatanetsError> {
        let mut pool = self.revenue_pool(datanet_id, version)?;
        if pool.paid == 0 {
            return Ok(pool);
        }
        let total_bytes = self
            .version(datanet_id, version)?
            .map(|v| v.total_bytes)
            .unwrap_or(0);
        let holders = self.version_contributors(datanet_id, version, None, usize::MAX)?;
        let (rpb, dust) = revenue::split(pool.paid, total_bytes, holders.iter().map(|(_, b)| *b))
            .ok_or(DatanetsError::Overflow)?;
        if rpb != pool.revenue_per_byte {
            return Err(DatanetsError::Invariant(format!(
                "revenue per byte of version {version} of datanet {datanet_id} is stale"
            )));
        }
        pool.dust = dust;
        Ok(pool)
    }

    /// Access revenue of a version already paid to `contributor`.
    fn revenue_claimed(
        &self,
        datanet_id: u64,
        version: u64,
        contributor: &Address,
    ) -> Result<u128, DatanetsError> {
        Ok(get_u128(
            self,
            &state_key::claimed(datanet_id, version, contributor),
        )?)
    }

    /// `floor(bytes × revenue_per_byte / 10^18) − claimed` of `contributor` in a version.
    fn claimable_revenue(
        &self,
        datanet_id: u64,
        version: u64,
        contributor: &Address,
    ) -> Result<u128, DatanetsError> {
        let bytes = self.version_contributor_bytes(datanet_id, version, contributor)?;
        let pool = self.revenue_pool(datanet_id, version)?;
        let earned =
            revenue::entitlement(bytes, pool.revenue_per_byte).ok_or(DatanetsError::Overflow)?;
        let claimed = self.revenue_claimed(datanet_id, version, contributor)?;
        earned.checked_sub(claimed).ok_or_else(|| {
            DatanetsError::Invariant(format!(
                "{contributor} claimed {claimed} of version {version} of datanet {datanet_id} \
                 but earned only {earned}"
            ))
        })
    }
}
impl<S: StateRead + ?Sized> DatanetsRead for S {}

pub(crate) fn standing_record<S: StateRead + ?Sized>(
    state: &S,
    datanet_id: u64,
    contributor: &Address,
) -> Result<StandingRecord, DatanetsError> {
    Ok(state
        .get_borsh(&state_key::standing(datanet_id, contributor))?
        .unwrap_or_default())
}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), DatanetsError> {
    params.validate()?;
    state.put_borsh(state_key::params(), params)?;
    Ok(())
}

pub(crate) fn set_next_datanet_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), DatanetsError> {
    state.put_raw(state_key::next_datanet_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn set_next_contribution_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), DatanetsError> {
    state.put_raw(state_key::next_contribution_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn put_datanet<S: StateWrite + ?Sized>(
    state: &mut S,
    d: &Datanet,
) -> Result<(), DatanetsError> {
    state.put_proto(state_key::datanet(d.id), &d.to_proto())?;
    Ok(())
}

pub(crate) fn put_stats<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    stats: &DatanetStats,
) -> Result<(), DatanetsError> {
    state.put_proto(state_key::stats(id), &stats.to_proto())?;
    Ok(())
}

/// Replace the allow list of datanet `id`.
pub(crate) fn set_allow_list<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    list: &[Address],
) -> Result<(), DatanetsError> {
    // Allow lists are written only through this function, with at most MAX_ALLOW_LIST_LIMIT
    // entries, so this bound removes every old entry.
    let limit = usize::try_from(MAX_ALLOW_LIST_LIMIT).unwrap_or(usize::MAX);
    let old = state.allow_list(id, limit)?;
    for a in old {
        state.delete(state_key::allow(id, &a))?;
    }
    for a in list {
        state.put_raw(state_key::allow(id, a), Vec::new())?;
    }
    Ok(())
}

/// Replace the tag index entries of datanet `id`.
pub(crate) fn set_tags_index<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    old: &[String],
    new: &[String],
) -> Result<(), DatanetsError> {
    for t in old {
        state.delete(state_key::by_tag(t, id))?;
    }
    for t in new {
        state.put_raw(state_key::by_tag(t, id), Vec::new())?;
    }
    Ok(())
}

pub(crate) fn put_contribution<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Contribution,
) -> Result<(), DatanetsError> {
    state.put_proto(state_key::contribution(c.id), &c.to_proto())?;
    Ok(())
}

/// Every index entry of a contribution (hash, datanet, status, contributor). A rejected
/// contribution holds no hash entry: its content may be contributed again.
pub(crate) fn index_contribution<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Contribution,
) -> Result<(), DatanetsError> {
    if c.status != ContributionStatus::Rejected {
        state.put_raw(
            state_key::content_hash(c.datanet_id, &c.content_hash),
            c.id.to_be_bytes().to_vec(),
        )?;
    }
    state.put_raw(state_key::by_datanet(c.datanet_id, c.id), Vec::new())?;
    state.put_raw(
        state_key::by_status(c.datanet_id, c.status, c.id),
        Vec::new(),
    )?;
    state.put_raw(state_key::by_contributor(&c.contributor, c.id), Vec::new())?;
    Ok(())
}

/// Release the content hash of a rejected contribution, if the index still names it.
pub(crate) fn release_hash<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Contribution,
) -> Result<(), DatanetsError> {
    if state.contribution_by_hash(c.datanet_id, &c.content_hash)? == Some(c.id) {
        state.delete(state_key::content_hash(c.datanet_id, &c.content_hash))?;
    }
    Ok(())
}

pub(crate) fn put_commitment<S: StateWrite + ?Sized>(
    state: &mut S,
    contributor: &Address,
    datanet_id: u64,
    commitment: &[u8; 32],
    height: u64,
) -> Result<(), DatanetsError> {
    state.put_raw(
        state_key::commitment(contributor, datanet_id, commitment),
        height.to_be_bytes().to_vec(),
    )?;
    Ok(())
}

pub(crate) fn delete_commitment<S: StateWrite + ?Sized>(
    state: &mut S,
    contributor: &Address,
    datanet_id: u64,
    commitment: &[u8; 32],
) -> Result<(), DatanetsError> {
    state.delete(state_key::commitment(contributor, datanet_id, commitment))?;
    Ok(())
}

pub(crate) fn move_status_index<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Contribution,
    from: ContributionStatus,
) -> Result<(), DatanetsError> {
    state.delete(state_key::by_status(c.datanet_id, from, c.id))?;
    state.put_raw(
        state_key::by_status(c.datanet_id, c.status, c.id),
        Vec::new(),
    )?;
    Ok(())
}

pub(crate) fn put_standing<S: StateWrite + ?Sized>(
    state: &mut S,
    datanet_id: u64,
    contributor: &Address,
    rec: &StandingRecord,
) -> Result<(), DatanetsError> {
    state.put_borsh(state_key::standing(datanet_id, contributor), rec)?;
    Ok(())
}

pub(crate) fn put_version<S: StateWrite + ?Sized>(
    state: &mut S,
    v: &Version,
) -> Result<(), DatanetsError> {
    state.put_proto(state_key::version(v.datanet_id, v.number), &v.to_proto())?;
    Ok(())
}

/// Record one approval in the datanet's running commitment: the leaf is appended to the
/// frontier and the contributor's approved bytes (after this approval) checkpointed for the
/// version that will next be published. O(log n) hashes, two writes.
pub(crate) fn accumulate_approval<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Contribution,
    contributor_approved_bytes: u128,
    next_version: u64,
) -> Result<(), DatanetsError> {
    let mut acc = state.accumulator(c.datanet_id)?;
    acc.frontier.push(crate::merkle::leaf_hash(
        c.id,
        &c.content_hash,
        c.size_bytes,
        &c.contributor,
    ));
    acc.max_contribution_id = acc.max_contribution_id.max(c.id);
    state.put_borsh(state_key::accumulator(c.datanet_id), &acc)?;
    put_u128(
        state,
        state_key::contributor_bytes(c.datanet_id, &c.contributor, next_version),
        contributor_approved_bytes,
    )?;
    Ok(())
}

pub(crate) fn put_revenue<S: StateWrite + ?Sized>(
    state: &mut S,
    pool: &RevenuePool,
) -> Result<(), DatanetsError> {
    // The dust is derived when read, never stored (see `revenue_pool_with_dust`).
    let stored = RevenuePool {
        dust: 0,
        ..pool.clone()
    };
    state.put_proto(
        state_key::revenue(pool.datanet_id, pool.version),
        &stored.to_proto(),
    )?;
    Ok(())
}

pub(crate) fn put_claimed<S: StateWrite + ?Sized>(
    state: &mut S,
    datanet_id: u64,
    version: u64,
    contributor: &Address,
    claimed: u128,
) -> Result<(), DatanetsError> {
    put_u128(
        state,
        state_key::claimed(datanet_id, version, contributor),
        claimed,
    )?;
    Ok(())
}

pub(crate) fn put_access<S: StateWrite + ?Sized>(
    state: &mut S,
    rec: &AccessRecord,
) -> Result<(), DatanetsError> {
    state.put_proto(
        state_key::access(rec.datanet_id, rec.version, &rec.buyer),
        &rec.to_proto(),
    )?;
    Ok(())
}
