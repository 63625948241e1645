//! Domain types of the datanets module and their protobuf forms. Handlers and other modules
//! see only these; conversions from protobuf validate every field.

mod enums;
mod time;

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::amount_string;
use openledger_framework::{Address, Dec};
use serde::{Deserialize, Serialize};

use crate::error::DatanetsError;
use crate::proto;

pub use enums::{ContributionStatus, CurationReason, Visibility};
pub(crate) use time::{addr, amount, amount_or_zero, hash32};
pub use time::{hex32, Time};

/// A datanet. Name, bond and fee are fixed at creation; the rest is the owner's to update. The
/// allow list is stored apart (see `DatanetsRead::is_allowed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Datanet {
    pub id: u64,
    pub owner: Address,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub licence: String,
    pub visibility: Visibility,
    #[serde(default)]
    pub curators: Vec<Address>,
    #[serde(with = "amount_string")]
    pub contribution_bond: u128,
    #[serde(with = "amount_string")]
    pub fee_per_byte: u128,
    /// 0: access is not for sale.
    #[serde(with = "amount_string")]
    pub access_price: u128,
    pub created_height: u64,
    pub created_time: Time,
    /// A raised access price, in effect from `pending_price_height` on (0 and 0: none).
    #[serde(default, with = "amount_string")]
    pub pending_access_price: u128,
    #[serde(default)]
    pub pending_price_height: u64,
}

impl Datanet {
    pub fn is_owner_or_curator(&self, a: &Address) -> bool {
        self.owner == *a || self.curators.contains(a)
    }

    /// The access price in effect at block `height`: the pending increase once its height is
    /// reached, else `access_price`.
    pub fn access_price_at(&self, height: u64) -> u128 {
        if self.pending_price_height != 0 && height >= self.pending_price_height {
            self.pending_access_price
        } else {
            self.access_price
        }
    }

    /// Make a due pending increase the current price (no change to what `access_price_at`
    /// returns from `height` on).
    pub fn settle_price(&mut self, height: u64) {
        if self.pending_price_height != 0 && height >= self.pending_price_height {
            self.access_price = self.pending_access_price;
            self.clear_pending_price();
        }
    }

    pub fn clear_pending_price(&mut self) {
        self.pending_access_price = 0;
        self.pending_price_height = 0;
    }

    pub fn to_proto(&self) -> proto::Datanet {
        proto::Datanet {
            id: self.id,
            owner: self.owner.to_string(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            licence: self.licence.clone(),
            visibility: self.visibility.to_proto(),
            curators: self.curators.iter().map(|c| c.to_string()).collect(),
            contribution_bond: self.contribution_bond.to_string(),
            fee_per_byte: self.fee_per_byte.to_string(),
            access_price: self.access_price.to_string(),
            created_height: self.created_height,
            created_time: Some(self.created_time.to_proto()),
            pending_access_price: if self.pending_price_height == 0 {
                String::new()
            } else {
                self.pending_access_price.to_string()
            },
            pending_price_height: self.pending_price_height,
        }
    }

    pub fn from_proto(p: &proto::Datanet) -> Result<Datanet, DatanetsError> {
        Ok(Datanet {
            id: p.id,
            owner: addr("owner", &p.owner)?,
            name: p.name.clone(),
            summary: p.summary.clone(),
            description: p.description.clone(),
            tags: p.tags.clone(),
            licence: p.licence.clone(),
            visibility: Visibility::from_proto(p.visibility)?,
            curators: p
                .curators
                .iter()
                .map(|c| addr("curators", c))
                .collect::<Result<_, _>>()?,
            contribution_bond: amount("contribution_bond", &p.contribution_bond)?,
            fee_per_byte: amount("fee_per_byte", &p.fee_per_byte)?,
            access_price: amount("access_price", &p.access_price)?,
            created_height: p.created_height,
            created_time: Time::from_proto(p.created_time.as_ref())?,
            pending_access_price: amount_or_zero("pending_access_price", &p.pending_access_price)?,
            pending_price_height: p.pending_price_height,
        })
    }
}

/// Counters of a datanet, kept up to date by the handlers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatanetStats {
    pub contributions: u64,
    pub pending: u64,
    pub approved: u64,
    pub rejected: u64,
    pub approved_bytes: u128,
    /// 0 before the first version.
    pub latest_version: u64,
}

impl DatanetStats {
    pub fn to_proto(&self) -> proto::DatanetStats {
        proto::DatanetStats {
            contributions: self.contributions,
            pending: self.pending,
            approved: self.approved,
            rejected: self.rejected,
            approved_bytes: self.approved_bytes.to_string(),
            latest_version: self.latest_version,
        }
    }

    pub fn from_proto(p: &proto::DatanetStats) -> Result<DatanetStats, DatanetsError> {
        Ok(DatanetStats {
            contributions: p.contributions,
            pending: p.pending,
            approved: p.approved,
            rejected: p.rejected,
            approved_bytes: amount_or_zero("approved_bytes", &p.approved_bytes)?,
            latest_version: p.latest_version,
        })
    }
}

/// The curation of a contribution: who decided, why, when, and what was burned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curation {
    pub curator: Address,
    pub reason: CurationReason,
    #[serde(default)]
    pub note: String,
    pub height: u64,
    pub time: Time,
    #[serde(with = "amount_string")]
    pub bond_burned: u128,
}

/// One contribution. Everything but the status and the curation is immutable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub id: u64,
    pub datanet_id: u64,
    pub contributor: Address,
    #[serde(with = "hex32")]
    pub content_hash: [u8; 32],
    pub size_bytes: u64,
    #[serde(default)]
    pub content_uri: String,
    #[serde(default)]
    pub licence: String,
    #[serde(default)]
    pub metadata: String,
    #[serde(with = "amount_string")]
    pub bond: u128,
    #[serde(with = "amount_string")]
    pub fee: u128,
    pub status: ContributionStatus,
    /// 1-based order of approval within the datanet; 0 unless approved. Version `n` holds
    /// exactly the contributions whose `approval_seq` is at most its `contribution_count`.
    #[serde(default)]
    pub approval_seq: u64,
    pub height: u64,
    pub time: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curation: Option<Curation>,
    /// Height of the commitment this contribution revealed, or its own height when it was sent
    /// without one (0 in records older than commitments: the earliest).
    #[serde(default)]
    pub commit_height: u64,
}

impl Contribution {
    pub fn to_proto(&self) -> proto::Contribution {
        let c = self.curation.as_ref();
        proto::Contribution {
            id: self.id,
            datanet_id: self.datanet_id,
            contributor: self.contributor.to_string(),
            content_hash: self.content_hash.to_vec(),
            size_bytes: self.size_bytes,
            content_uri: self.content_uri.clone(),
            licence: self.licence.clone(),
            metadata: self.metadata.clone(),
            bond: self.bond.to_string(),
            fee: self.fee.to_string(),
            status: self.status.to_proto(),
            approval_seq: self.approval_seq,
            height: self.height,
            time: Some(self.time.to_proto()),
            curator: c.map(|c| c.curator.to_string()).unwrap_or_default(),
            reason: c.map(|c| c.reason.to_proto()).unwrap_or_default(),
            note: c.map(|c| c.note.clone()).unwrap_or_default(),
            curated_height: c.map(|c| c.height).unwrap_or_default(),
            curated_time: c.map(|c| c.time.to_proto()),
            bond_burned: c.map(|c| c.bond_burned).unwrap_or_default().to_string(),
            commit_height: self.commit_height,
        }
    }

    pub fn from_proto(p: &proto::Contribution) -> Result<Contribution, DatanetsError> {
        let curation = if p.curator.is_empty() {
            None
        } else {
            Some(Curation {
                curator: addr("curator", &p.curator)?,
                reason: CurationReason::from_proto(p.reason)?,
                note: p.note.clone(),
                height: p.curated_height,
                time: Time::from_proto(p.curated_time.as_ref())?,
                bond_burned: amount_or_zero("bond_burned", &p.bond_burned)?,
            })
        };
        Ok(Contribution {
            id: p.id,
            datanet_id: p.datanet_id,
            contributor: addr("contributor", &p.contributor)?,
            content_hash: hash32("content_hash", &p.content_hash)?,
            size_bytes: p.size_bytes,
            content_uri: p.content_uri.clone(),
            licence: p.licence.clone(),
            metadata: p.metadata.clone(),
            bond: amount("bond", &p.bond)?,
            fee: amount("fee", &p.fee)?,
            status: ContributionStatus::from_proto(p.status)?,
            approval_seq: p.approval_seq,
            height: p.height,
            time: Time::from_proto(p.time.as_ref())?,
            curation,
            commit_height: p.commit_height,
        })
    }
}

/// A published version: an immutable commitment to every contribution of the datanet approved
/// when it was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub datanet_id: u64,
    pub number: u64,
    #[serde(with = "hex32")]
    pub root: [u8; 32],
    pub contribution_count: u64,
    #[serde(with = "amount_string")]
    pub total_bytes: u128,
    pub max_contribution_id: u64,
    pub height: u64,
    pub time: Time,
    pub publisher: Address,
    #[serde(default)]
    pub note: String,
}

impl Version {
    pub fn to_proto(&self) -> proto::Version {
        proto::Version {
            datanet_id: self.datanet_id,
            number: self.number,
            root: self.root.to_vec(),
            contribution_count: self.contribution_count,
            total_bytes: self.total_bytes.to_string(),
            max_contribution_id: self.max_contribution_id,
            height: self.height,
            time: Some(self.time.to_proto()),
            publisher: self.publisher.to_string(),
            note: self.note.clone(),
        }
    }

    pub fn from_proto(p: &proto::Version) -> Result<Version, DatanetsError> {
        Ok(Version {
            datanet_id: p.datanet_id,
            number: p.number,
            root: hash32("root", &p.root)?,
            contribution_count: p.contribution_count,
            total_bytes: amount("total_bytes", &p.total_bytes)?,
            max_contribution_id: p.max_contribution_id,
            height: p.height,
            time: Time::from_proto(p.time.as_ref())?,
            publisher: addr("publisher", &p.publisher)?,
            note: p.note.clone(),
        })
    }
}

/// A purchase of access to one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessRecord {
    pub buyer: Address,
    pub datanet_id: u64,
    pub version: u64,
    #[serde(with = "amount_string")]
    pub price: u128,
    pub height: u64,
    pub time: Time,
}

impl AccessRecord {
    pub fn to_proto(&self) -> proto::AccessRecord {
        proto::AccessRecord {
            buyer: self.buyer.to_string(),
            datanet_id: self.datanet_id,
            version: self.version,
            price: self.price.to_string(),
            height: self.height,
            time: Some(self.time.to_proto()),
        }
    }

    pub fn from_proto(p: &proto::AccessRecord) -> Result<AccessRecord, DatanetsError> {
        Ok(AccessRecord {
            buyer: addr("buyer", &p.buyer)?,
            datanet_id: p.datanet_id,
            version: p.version,
            price: amount("price", &p.price)?,
            height: p.height,
            time: Time::from_proto(p.time.as_ref())?,
        })
    }
}

/// Access revenue of one version. `paid = Σ claimable + claimed + dust` exactly, where a
/// contributor's claimable is `floor(bytes × revenue_per_byte / 10^18) − claimed_by_it`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevenuePool {
    pub datanet_id: u64,
    pub version: u64,
    #[serde(with = "amount_string")]
    pub paid: u128,
    /// floor(paid × 10^18 / total_bytes).
    #[serde(with = "amount_string")]
    pub revenue_per_byte: u128,
    #[serde(with = "amount_string")]
    pub claimed: u128,
    /// paid − Σ floor(bytes × revenue_per_byte / 10^18): credited to no contributor yet.
    #[serde(with = "amount_string")]
    pub dust: u128,
}

impl RevenuePool {
    pub fn to_proto(&self) -> proto::RevenuePool {
        proto::RevenuePool {
            datanet_id: self.datanet_id,
            version: self.version,
            paid: self.paid.to_string(),
            revenue_per_byte: self.revenue_per_byte.to_string(),
            claimed: self.claimed.to_string(),
            dust: self.dust.to_string(),
        }
    }

    pub fn from_proto(p: &proto::RevenuePool) -> Result<RevenuePool, DatanetsError> {
        Ok(RevenuePool {
            datanet_id: p.datanet_id,
            version: p.version,
            paid: amount_or_zero("paid", &p.paid)?,
            revenue_per_byte: amount_or_zero("revenue_per_byte", &p.revenue_per_byte)?,
            claimed: amount_or_zero("claimed", &p.claimed)?,
            dust: amount_or_zero("dust", &p.dust)?,
        })
    }

    /// Access revenue still held for the version's contributors: claimable plus dust.
    pub fn unclaimed(&self) -> Option<u128> {
        self.paid.checked_sub(self.claimed)
    }
}

/// The running commitment of a datanet's approved contributions, updated at each approval so
/// that publishing a version reads nothing else: the Merkle frontier (its length is the
/// approved count) and the highest approved id. Count and bytes are in [`DatanetStats`].
#[derive(Debug, Clone, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct Accumulator {
    pub frontier: crate::merkle::Frontier,
    pub max_contribution_id: u64,
}

/// The stored counters of a contributor in one datanet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub(crate) struct StandingRecord {
    pub approved: u64,
    pub rejected: u64,
    pub approved_bytes: u128,
    pub penalty_score: u64,
}

/// A contributor's standing in one datanet. `reward_multiplier` is 1 below the
/// `penalty_threshold` param and `penalty_reward_multiplier` at or above it; other modules
/// (attribution) apply it to the contributor's future rewards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub approved: u64,
    pub rejected: u64,
    pub approved_bytes: u128,
    pub penalty_score: u64,
    pub reward_multiplier: Dec,
}

impl Standing {
    pub fn to_proto(&self, datanet_id: u64, contributor: &Address) -> proto::Standing {
        proto::Standing {
            datanet_id,
            contributor: contributor.to_string(),
            approved: self.approved,
            rejected: self.rejected,
            approved_bytes: self.approved_bytes.to_string(),
            penalty_score: self.penalty_score,
            reward_multiplier: self.reward_multiplier.to_proto_string(),
        }
    }
}
