//! Domain types of the module, each with its protobuf form (stored and returned by queries)
//! and its JSON form (genesis).

use std::fmt;

use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::time::Time;
use openledger_framework::{Address, Dec};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::AttributionError;
use crate::proto;

/// An amount from its wire form: a decimal integer of aopen, `""` meaning 0.
pub fn amount_from_wire(field: &str, s: &str) -> Result<u128, AttributionError> {
    if s.is_empty() {
        return Ok(0);
    }
    parse_amount(s)
        .map_err(|_| AttributionError::InvalidRequest(format!("{field}: {s:?} is not an amount")))
}

/// A fraction from its wire form: the integer of its atomics, `""` meaning 0.
pub fn dec_from_wire(field: &str, s: &str) -> Result<Dec, AttributionError> {
    Dec::from_proto_str(s).map_err(|e| AttributionError::InvalidRequest(format!("{field}: {e}")))
}

fn addr(field: &str, s: &str) -> Result<Address, AttributionError> {
    crate::addr_cache::parse(s)
        .map_err(|e| AttributionError::InvalidAddress(format!("{field}: {e}")))
}

fn time_from_proto(t: &Option<cosmos_sdk_proto::Timestamp>) -> Result<Time, AttributionError> {
    let t = t
        .as_ref()
        .ok_or_else(|| AttributionError::InvalidRequest("time must be set".into()))?;
    Ok(Time::from_proto(t)?)
}

/// Byte strings as lowercase hex in JSON.
pub(crate) mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        hex::decode(&s).map_err(serde::de::Error::custom)
    }
}

/// Where an inference operator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OperatorStatus {
    /// Serving and allowed to record inferences.
    Active,
    /// Waiting for its bond to be paid back.
    Unbonding,
    /// Bond paid back; may register again.
    Unbonded,
}

impl OperatorStatus {
    pub const ALL: [OperatorStatus; 3] = [
        OperatorStatus::Active,
        OperatorStatus::Unbonding,
        OperatorStatus::Unbonded,
    ];

    pub fn to_proto(self) -> proto::OperatorStatus {
        match self {
            OperatorStatus::Active => proto::OperatorStatus::Active,
            OperatorStatus::Unbonding => proto::OperatorStatus::Unbonding,
            OperatorStatus::Unbonded => proto::OperatorStatus::Unbonded,
        }
    }

    /// `OPERATOR_STATUS_UNSPECIFIED` and unknown values are refused.
    pub fn from_proto(v: i32) -> Result<OperatorStatus, AttributionError> {
        OperatorStatus::ALL
            .into_iter()
            .find(|s| s.to_proto() as i32 == v)
            .ok_or_else(|| AttributionError::InvalidRequest(format!("operator status {v}")))
    }

    /// The name in the `.proto` file, such as `OPERATOR_STATUS_ACTIVE`.
    pub fn name(self) -> &'static str {
        self.to_proto().as_str_name()
    }

    pub fn from_name(s: &str) -> Option<OperatorStatus> {
        OperatorStatus::ALL.into_iter().find(|st| st.name() == s)
    }
}

impl fmt::Display for OperatorStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for OperatorStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for OperatorStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OperatorStatus, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        OperatorStatus::from_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown operator status {s:?}")))
    }
}

/// An inference operator: its endpoint, the models it serves, its bond and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub address: Address,
    pub endpoint: String,
    pub models: Vec<u64>,
    /// aopen held in escrow (0 once UNBONDED).
    #[serde(with = "amount_string")]
    pub bond: u128,
    pub status: OperatorStatus,
    /// Seconds since the Unix epoch when the bond is paid back; 0 unless UNBONDING.
    #[serde(default)]
    pub unbonding_completion: u64,
    pub registered_height: u64,
    #[serde(default)]
    pub inferences: u64,
    #[serde(with = "amount_string", default)]
    pub fees_charged: u128,
    #[serde(default)]
    pub slash_count: u64,
    #[serde(with = "amount_string", default)]
    pub slashed_total: u128,
}

impl Operator {
    pub fn to_proto(&self) -> proto::Operator {
        proto::Operator {
            address: self.address.to_string(),
            endpoint: self.endpoint.clone(),
            models: self.models.clone(),
            bond: self.bond.to_string(),
            status: self.status.to_proto() as i32,
            unbonding_completion: self.unbonding_completion,
            registered_height: self.registered_height,
            inferences: self.inferences,
            fees_charged: self.fees_charged.to_string(),
            slash_count: self.slash_count,
            slashed_total: self.slashed_total.to_string(),
        }
    }

    pub fn from_proto(p: &proto::Operator) -> Result<Operator, AttributionError> {
        Ok(Operator {
            address: addr("address", &p.address)?,
            endpoint: p.endpoint.clone(),
            models: p.models.clone(),
            bond: amount_from_wire("bond", &p.bond)?,
            status: OperatorStatus::from_proto(p.status)?,
            unbonding_completion: p.unbonding_completion,
            registered_height: p.registered_height,
            inferences: p.inferences,
            fees_charged: amount_from_wire("fees_charged", &p.fees_charged)?,
            slash_count: p.slash_count,
            slashed_total: amount_from_wire("slashed_total", &p.slashed_total)?,
        })
    }
}

/// Cumulative amounts since genesis, and the data pools held now. At all times
/// `fees_charged = platform + creator + stakers + contributors_credited + withheld +
/// unattributed + dust + held`: a receipt's data pool counts in `held` until it is released,
/// then its credited, withheld, unattributed and entry dust parts count in their own terms
/// (the split dust of the token fee counts in `dust` at once).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    #[serde(with = "amount_string")]
    pub fees_charged: u128,
    #[serde(with = "amount_string")]
    pub platform: u128,
    #[serde(with = "amount_string")]
    pub creator: u128,
    #[serde(with = "amount_string")]
    pub stakers: u128,
    #[serde(with = "amount_string")]
    pub contributors_credited: u128,
    #[serde(with = "amount_string")]
    pub withheld: u128,
    #[serde(with = "amount_string")]
    pub dust: u128,
    #[serde(with = "amount_string")]
    pub claimed: u128,
    pub inferences: u64,
    /// Data pools of unattributed inferences, sent to the community pool.
    #[serde(with = "amount_string", default)]
    pub unattributed: u128,
    /// Data pools held in their challenge windows now (not yet in the terms above).
    #[serde(with = "amount_string", default)]
    pub held: u128,
}

impl Totals {
    pub fn to_proto(&self) -> proto::Totals {
        proto::Totals {
            fees_charged: self.fees_charged.to_string(),
            platform: self.platform.to_string(),
            creator: self.creator.to_string(),
            stakers: self.stakers.to_string(),
            contributors_credited: self.contributors_credited.to_string(),
            withheld: self.withheld.to_string(),
            dust: self.dust.to_string(),
            claimed: self.claimed.to_string(),
            inferences: self.inferences,
            unattributed: self.unattributed.to_string(),
            held: self.held.to_string(),
        }
    }

    pub fn from_proto(p: &proto::Totals) -> Result<Totals, AttributionError> {
        Ok(Totals {
            fees_charged: amount_from_wire("fees_charged", &p.fees_charged)?,
            platform: amount_from_wire("platform", &p.platform)?,
            creator: amount_from_wire("creator", &p.creator)?,
            stakers: amount_from_wire("stakers", &p.stakers)?,
            contributors_credited: amount_from_wire(
                "contributors_credited",
                &p.contributors_credited,
            )?,
            withheld: amount_from_wire("withheld", &p.withheld)?,
            dust: amount_from_wire("dust", &p.dust)?,
            claimed: amount_from_wire("claimed", &p.claimed)?,
            inferences: p.inferences,
            unattributed: amount_from_wire("unattributed", &p.unattributed)?,
            held: amount_from_wire("held", &p.held)?,
        })
    }

    /// `platform + creator + stakers + contributors_credited + withheld + unattributed + dust +
    /// held`: always `fees_charged`.
    pub fn split_sum(&self) -> Option<u128> {
        self.platform
            .checked_add(self.creator)?
            .checked_add(self.stakers)?
            .checked_add(self.contributors_credited)?
            .checked_add(self.withheld)?
            .checked_add(self.unattributed)?
            .checked_add(self.dust)?
            .checked_add(self.held)
    }
}

/// Amounts the module account holds until the end of the block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    /// For the fee collector (staking rewards).
    #[serde(with = "amount_string")]
    pub stakers: u128,
    /// For the community pool: platform fees, withheld credits and dust.
    #[serde(with = "amount_string")]
    pub community: u128,
}

impl Pending {
    pub fn to_proto(&self) -> proto::Pending {
        proto::Pending {
            stakers: self.stakers.to_string(),
            community: self.community.to_string(),
        }
    }

    pub fn from_proto(p: &proto::Pending) -> Result<Pending, AttributionError> {
        Ok(Pending {
            stakers: amount_from_wire("stakers", &p.stakers)?,
            community: amount_from_wire("community", &p.community)?,
        })
    }
}

/// The rewards of one address. `claimable + claimed = creator_earned + contributor_earned`;
/// `pending` (contributor credits of data pools still held in their challenge windows) is
/// outside that identity until released.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claimable {
    #[serde(with = "amount_string")]
    pub claimable: u128,
    #[serde(with = "amount_string")]
    pub claimed: u128,
    #[serde(with = "amount_string")]
    pub creator_earned: u128,
    #[serde(with = "amount_string")]
    pub contributor_earned: u128,
    /// Credits held in challenge windows: claimable once released.
    #[serde(with = "amount_string", default)]
    pub pending: u128,
}

impl Claimable {
    pub fn to_proto(&self) -> proto::Claimable {
        proto::Claimable {
            claimable: self.claimable.to_string(),
            claimed: self.claimed.to_string(),
            creator_earned: self.creator_earned.to_string(),
            contributor_earned: self.contributor_earned.to_string(),
            pending: self.pending.to_string(),
        }
    }

    pub fn from_proto(p: &proto::Claimable) -> Result<Claimable, AttributionError> {
        Ok(Claimable {
            claimable: amount_from_wire("claimable", &p.claimable)?,
            claimed: amount_from_wire("claimed", &p.claimed)?,
            creator_earned: amount_from_wire("creator_earned", &p.creator_earned)?,
            contributor_earned: amount_from_wire("contributor_earned", &p.contributor_earned)?,
            pending: amount_from_wire("pending", &p.pending)?,
        })
    }
}

/// A spend allowance of `user` for `operator` on `model_id` (0: any model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub user: Address,
    pub operator: Address,
    pub model_id: u64,
    /// What the operator may still charge (a used-up grant stays at 0).
    #[serde(with = "amount_string")]
    pub remaining: u128,
    /// Unix seconds at which a requested revocation deletes the grant (0: none requested).
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub revocation_completion: u64,
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}

impl Grant {
    pub fn to_proto(&self) -> proto::Grant {
        proto::Grant {
            user: self.user.to_string(),
            operator: self.operator.to_string(),
            model_id: self.model_id,
            remaining: self.remaining.to_string(),
            revocation_completion: self.revocation_completion,
        }
    }
}

/// A requested withdrawal of a user's inference balance, paid by the end block of the first
/// block at or after `completion` (unix seconds): `amount` (0: the whole balance then), capped
/// by what is left of the balance then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingWithdrawal {
    pub user: Address,
    /// 0: everything.
    #[serde(with = "amount_string")]
    pub amount: u128,
    pub completion: u64,
}

impl PendingWithdrawal {
    pub fn to_proto(&self) -> proto::PendingWithdrawal {
        proto::PendingWithdrawal {
            user: self.user.to_string(),
            amount: self.amount.to_string(),
            completion: self.completion,
        }
    }

    pub fn from_proto(p: &proto::PendingWithdrawal) -> Result<PendingWithdrawal, AttributionError> {
        Ok(PendingWithdrawal {
            user: addr("user", &p.user)?,
            amount: amount_from_wire("amount", &p.amount)?,
            completion: p.completion,
        })
    }
}

/// One weighted contribution of an inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionEntry {
    pub contribution_id: u64,
    pub weight_ppm: u32,
}

impl AttributionEntry {
    pub fn to_proto(self) -> proto::AttributionEntry {
        proto::AttributionEntry {
            contribution_id: self.contribution_id,
            weight_ppm: self.weight_ppm,
        }
    }

    pub fn from_proto(p: &proto::AttributionEntry) -> Self {
        AttributionEntry {
            contribution_id: p.contribution_id,
            weight_ppm: p.weight_ppm,
        }
    }
}

/// What one attribution entry of a receipt earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptEntry {
    pub contribution_id: u64,
    pub datanet_id: u64,
    pub contributor: Address,
    pub weight_ppm: u32,
    /// Credited to the contributor.
    #[serde(with = "amount_string")]
    pub amount: u128,
    /// Withheld by the contributor's reward multiplier.
    #[serde(with = "amount_string")]
    pub withheld: u128,
}

impl ReceiptEntry {
    pub fn to_proto(&self) -> proto::ReceiptEntry {
        proto::ReceiptEntry {
            contribution_id: self.contribution_id,
            datanet_id: self.datanet_id,
            contributor: crate::addr_cache::print(&self.contributor),
            weight_ppm: self.weight_ppm,
            amount: self.amount.to_string(),
            withheld: self.withheld.to_string(),
        }
    }

    pub fn from_proto(p: &proto::ReceiptEntry) -> Result<ReceiptEntry, AttributionError> {
        Ok(ReceiptEntry {
            contribution_id: p.contribution_id,
            datanet_id: p.datanet_id,
            contributor: addr("contributor", &p.contributor)?,
            weight_ppm: p.weight_ppm,
            amount: amount_from_wire("amount", &p.amount)?,
            withheld: amount_from_wire("withheld", &p.withheld)?,
        })
    }
}

/// A datanet's part of one inference: the weights and credits of its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatanetShare {
    pub datanet_id: u64,
    pub weight_ppm: u32,
    #[serde(with = "amount_string")]
    pub amount: u128,
}

impl DatanetShare {
    pub fn to_proto(self) -> proto::DatanetShare {
        proto::DatanetShare {
            datanet_id: self.datanet_id,
            weight_ppm: self.weight_ppm,
            amount: self.amount.to_string(),
        }
    }

    pub fn from_proto(p: &proto::DatanetShare) -> Result<DatanetShare, AttributionError> {
        Ok(DatanetShare {
            datanet_id: p.datanet_id,
            weight_ppm: p.weight_ppm,
            amount: amount_from_wire("amount", &p.amount)?,
        })
    }
}

/// The record of one metered inference and how its fee was split. Never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub id: u64,
    pub model_id: u64,
    pub model_version: u64,
    pub operator: Address,
    pub user: Address,
    pub input_tokens: u64,
    pub output_tokens: u64,
    #[serde(with = "hex_bytes")]
    pub output_hash: Vec<u8>,
    #[serde(with = "hex_bytes", default)]
    pub prompt_hash: Vec<u8>,
    pub request_id: String,
    pub height: u64,
    pub time: Time,
    /// What the user paid: token fee + platform fee.
    #[serde(with = "amount_string")]
    pub fee: u128,
    #[serde(with = "amount_string")]
    pub platform_fee: u128,
    #[serde(with = "amount_string")]
    pub creator_amount: u128,
    #[serde(with = "amount_string")]
    pub stakers_amount: u128,
    #[serde(with = "amount_string")]
    pub data_pool: u128,
    #[serde(with = "amount_string")]
    pub credited: u128,
    #[serde(with = "amount_string")]
    pub withheld: u128,
    #[serde(with = "amount_string")]
    pub dust: u128,
    /// The model's creator, credited `creator_amount`.
    pub creator: Address,
    /// Empty when the output is unattributed.
    pub entries: Vec<ReceiptEntry>,
    /// By datanet id.
    pub datanets: Vec<DatanetShare>,
    /// The attribution engine the operator ran and the id of its parameters (0 and 0 for
    /// receipts recorded before the engine).
    #[serde(default)]
    pub engine_version: u32,
    #[serde(default)]
    pub engine_params_id: u64,
    /// sha256 of the engine's span list, 32 bytes (empty before the engine).
    #[serde(with = "hex_bytes", default)]
    pub evidence_hash: Vec<u8>,
    /// The data pool, sent to the community pool when there are no entries; 0 otherwise.
    #[serde(with = "amount_string", default)]
    pub unattributed: u128,
    /// The LoRA adapter served (hex as registered in the adapters module); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub adapter_hash: String,
}

impl Receipt {
    pub fn to_proto(&self) -> proto::Receipt {
        proto::Receipt {
            id: self.id,
            model_id: self.model_id,
            model_version: self.model_version,
            operator: self.operator.to_string(),
            user: self.user.to_string(),
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            output_hash: self.output_hash.clone(),
            prompt_hash: self.prompt_hash.clone(),
            request_id: self.request_id.clone(),
            height: self.height,
            time: Some(self.time.to_proto()),
            fee: self.fee.to_string(),
            platform_fee: self.platform_fee.to_string(),
            creator_amount: self.creator_amount.to_string(),
            stakers_amount: self.stakers_amount.to_string(),
            data_pool: self.data_pool.to_string(),
            credited: self.credited.to_string(),
            withheld: self.withheld.to_string(),
            dust: self.dust.to_string(),
            creator: self.creator.to_string(),
            entries: self.entries.iter().map(ReceiptEntry::to_proto).collect(),
            datanets: self.datanets.iter().map(|d| d.to_proto()).collect(),
            engine_version: self.engine_version,
            engine_params_id: self.engine_params_id,
            evidence_hash: self.evidence_hash.clone(),
            unattributed: self.unattributed.to_string(),
            adapter_hash: self.adapter_hash.clone(),
        }
    }

    pub fn from_proto(p: &proto::Receipt) -> Result<Receipt, AttributionError> {
        Ok(Receipt {
            id: p.id,
            model_id: p.model_id,
            model_version: p.model_version,
            operator: addr("operator", &p.operator)?,
            user: addr("user", &p.user)?,
            input_tokens: p.input_tokens,
            output_tokens: p.output_tokens,
            output_hash: p.output_hash.clone(),
            prompt_hash: p.prompt_hash.clone(),
            request_id: p.request_id.clone(),
            height: p.height,
            time: time_from_proto(&p.time)?,
            fee: amount_from_wire("fee", &p.fee)?,
            platform_fee: amount_from_wire("platform_fee", &p.platform_fee)?,
            creator_amount: amount_from_wire("creator_amount", &p.creator_amount)?,
            stakers_amount: amount_from_wire("stakers_amount", &p.stakers_amount)?,
            data_pool: amount_from_wire("data_pool", &p.data_pool)?,
            credited: amount_from_wire("credited", &p.credited)?,
            withheld: amount_from_wire("withheld", &p.withheld)?,
            dust: amount_from_wire("dust", &p.dust)?,
            creator: addr("creator", &p.creator)?,
            entries: p
                .entries
                .iter()
                .map(ReceiptEntry::from_proto)
                .collect::<Result<_, _>>()?,
            datanets: p
                .datanets
                .iter()
                .map(DatanetShare::from_proto)
                .collect::<Result<_, _>>()?,
            engine_version: p.engine_version,
            engine_params_id: p.engine_params_id,
            evidence_hash: p.evidence_hash.clone(),
            unattributed: amount_from_wire("unattributed", &p.unattributed)?,
            adapter_hash: p.adapter_hash.clone(),
        })
    }

    /// `platform_fee + creator_amount + stakers_amount + credited + withheld + unattributed +
    /// dust`.
    pub fn split_sum(&self) -> Option<u128> {
        self.platform_fee
            .checked_add(self.creator_amount)?
            .checked_add(self.stakers_amount)?
            .checked_add(self.credited)?
            .checked_add(self.withheld)?
            .checked_add(self.unattributed)?
            .checked_add(self.dust)
    }

    /// The data pool's own rounding: `data_pool − credited − withheld − unattributed` (None if
    /// the entries earn more than the pool).
    pub fn entry_dust(&self) -> Option<u128> {
        self.data_pool
            .checked_sub(self.credited)?
            .checked_sub(self.withheld)?
            .checked_sub(self.unattributed)
    }

    /// The token fee's rounding: `dust − entry_dust`.
    pub fn split_dust(&self) -> Option<u128> {
        self.dust.checked_sub(self.entry_dust()?)
    }

    /// `(contribution_id, weight_ppm)` of the entries, by contribution id.
    pub fn weights(&self) -> Vec<(u64, u32)> {
        let mut w: Vec<(u64, u32)> = self
            .entries
            .iter()
            .map(|e| (e.contribution_id, e.weight_ppm))
            .collect();
        w.sort_unstable();
        w
    }
}

/// Where a challenge of a receipt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChallengeStatus {
    /// Waiting for the validators' results.
    Open,
    /// The validators (or governance) agreed with the receipt.
    Upheld,
    /// The validators (or governance) agreed on other weights: the held pool was re-split.
    Corrected,
    /// No agreement before the deadline: the bond was refunded, governance may settle it.
    Escalated,
}

impl ChallengeStatus {
    pub const ALL: [ChallengeStatus; 4] = [
        ChallengeStatus::Open,
        ChallengeStatus::Upheld,
        ChallengeStatus::Corrected,
        ChallengeStatus::Escalated,
    ];

    pub fn to_proto(self) -> proto::ChallengeStatus {
        match self {
            ChallengeStatus::Open => proto::ChallengeStatus::Open,
            ChallengeStatus::Upheld => proto::ChallengeStatus::Upheld,
            ChallengeStatus::Corrected => proto::ChallengeStatus::Corrected,
            ChallengeStatus::Escalated => proto::ChallengeStatus::Escalated,
        }
    }

    /// `CHALLENGE_STATUS_UNSPECIFIED` and unknown values are refused.
    pub fn from_proto(v: i32) -> Result<ChallengeStatus, AttributionError> {
        ChallengeStatus::ALL
            .into_iter()
            .find(|s| s.to_proto() as i32 == v)
            .ok_or_else(|| AttributionError::InvalidRequest(format!("challenge status {v}")))
    }

    /// The one-byte tag of the status index keys (the enum's number).
    pub fn tag(self) -> u8 {
        match self {
            ChallengeStatus::Open => 1,
            ChallengeStatus::Upheld => 2,
            ChallengeStatus::Corrected => 3,
            ChallengeStatus::Escalated => 4,
        }
    }

    /// OPEN or ESCALATED: the receipt's hold waits for a settlement.
    pub fn is_unsettled(self) -> bool {
        matches!(self, ChallengeStatus::Open | ChallengeStatus::Escalated)
    }

    /// The name in the `.proto` file, such as `CHALLENGE_STATUS_OPEN`.
    pub fn name(self) -> &'static str {
        self.to_proto().as_str_name()
    }

    pub fn from_name(s: &str) -> Option<ChallengeStatus> {
        ChallengeStatus::ALL.into_iter().find(|st| st.name() == s)
    }
}

impl fmt::Display for ChallengeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for ChallengeStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ChallengeStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ChallengeStatus, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        ChallengeStatus::from_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown challenge status {s:?}")))
    }
}

/// A challenge of a receipt's attribution (stored at `attribution/challenge/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    pub id: u64,
    pub receipt_id: u64,
    pub challenger: Address,
    /// aopen escrowed in the module account while OPEN (refunded on escalation, paid to the
    /// operator when UPHELD by the validators, refunded when CORRECTED).
    #[serde(with = "amount_string")]
    pub bond: u128,
    /// The output; its sha256 is the receipt's `output_hash`.
    #[serde(with = "hex_bytes")]
    pub output: Vec<u8>,
    pub status: ChallengeStatus,
    pub opened_height: u64,
    pub deadline_height: u64,
    /// 0 while OPEN or ESCALATED.
    #[serde(default)]
    pub settled_height: u64,
    /// The weights agreed on, by contribution id (UPHELD and CORRECTED).
    #[serde(default)]
    pub agreed: Vec<AttributionEntry>,
    /// Slashed from the operator's bond (CORRECTED).
    #[serde(with = "amount_string", default)]
    pub slashed: u128,
    /// Paid to the challenger from the slash (CORRECTED).
    #[serde(with = "amount_string", default)]
    pub reward: u128,
}

impl Challenge {
    pub fn to_proto(&self) -> proto::Challenge {
        proto::Challenge {
            id: self.id,
            receipt_id: self.receipt_id,
            challenger: self.challenger.to_string(),
            bond: self.bond.to_string(),
            output: self.output.clone(),
            status: self.status.to_proto() as i32,
            opened_height: self.opened_height,
            deadline_height: self.deadline_height,
            settled_height: self.settled_height,
            agreed: self.agreed.iter().map(|e| e.to_proto()).collect(),
            slashed: self.slashed.to_string(),
            reward: self.reward.to_string(),
        }
    }

    pub fn from_proto(p: &proto::Challenge) -> Result<Challenge, AttributionError> {
        Ok(Challenge {
            id: p.id,
            receipt_id: p.receipt_id,
            challenger: addr("challenger", &p.challenger)?,
            bond: amount_from_wire("bond", &p.bond)?,
            output: p.output.clone(),
            status: ChallengeStatus::from_proto(p.status)?,
            opened_height: p.opened_height,
            deadline_height: p.deadline_height,
            settled_height: p.settled_height,
            agreed: p.agreed.iter().map(AttributionEntry::from_proto).collect(),
            slashed: amount_from_wire("slashed", &p.slashed)?,
            reward: amount_from_wire("reward", &p.reward)?,
        })
    }
}

/// What `open_challenges` lists: an OPEN challenge with what a validator needs to re-run the
/// attribution engine on it (the receipt's model version and engine params id, the output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChallenge {
    pub id: u64,
    pub receipt_id: u64,
    pub model_id: u64,
    pub model_version: u64,
    pub engine_params_id: u64,
    pub output: Vec<u8>,
    pub deadline_height: u64,
}

/// A receipt's data pool held in its challenge window (`attribution/held/<receipt id>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hold {
    pub receipt_id: u64,
    /// Unix seconds from which end block may release it: the receipt's block time +
    /// `challenge_window_secs` at the time of the record.
    pub release_secs: u64,
}

/// A datanet's place in one model's attribution graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatanetInfluence {
    pub datanet_id: u64,
    /// Σ weights (ppm) of the datanet's entries over every inference of the model.
    pub influence_ppm: u128,
    /// Σ credited to the datanet's entries.
    pub earned: u128,
    /// Inferences of the model that attributed the datanet.
    pub inferences: u64,
}

impl DatanetInfluence {
    pub fn to_proto(&self) -> proto::DatanetInfluence {
        proto::DatanetInfluence {
            datanet_id: self.datanet_id,
            influence_ppm: self.influence_ppm.to_string(),
            earned: self.earned.to_string(),
            inferences: self.inferences,
        }
    }

    pub fn from_proto(p: &proto::DatanetInfluence) -> Result<DatanetInfluence, AttributionError> {
        Ok(DatanetInfluence {
            datanet_id: p.datanet_id,
            influence_ppm: amount_from_wire("influence_ppm", &p.influence_ppm)?,
            earned: amount_from_wire("earned", &p.earned)?,
            inferences: p.inferences,
        })
    }
}

/// A contributor's place in one model's attribution graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContributorInfluence {
    pub contributor: Address,
    /// Σ weights (ppm) of the contributor's entries over every inference of the model.
    pub influence_ppm: u128,
    /// Σ credited to the contributor's entries.
    pub earned: u128,
    /// Attribution entries naming the contributor's contributions.
    pub entries: u64,
}

impl ContributorInfluence {
    pub fn new(contributor: Address) -> Self {
        ContributorInfluence {
            contributor,
            influence_ppm: 0,
            earned: 0,
            entries: 0,
        }
    }

    pub fn to_proto(&self) -> proto::ContributorInfluence {
        proto::ContributorInfluence {
            contributor: self.contributor.to_string(),
            influence_ppm: self.influence_ppm.to_string(),
            earned: self.earned.to_string(),
            entries: self.entries,
        }
    }

    pub fn from_proto(
        p: &proto::ContributorInfluence,
    ) -> Result<ContributorInfluence, AttributionError> {
        Ok(ContributorInfluence {
            contributor: addr("contributor", &p.contributor)?,
            influence_ppm: amount_from_wire("influence_ppm", &p.influence_ppm)?,
            earned: amount_from_wire("earned", &p.earned)?,
            entries: p.entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for s in OperatorStatus::ALL {
            assert_eq!(OperatorStatus::from_proto(s.to_proto() as i32).unwrap(), s);
            assert_eq!(OperatorStatus::from_name(s.name()), Some(s));
        }
        assert!(OperatorStatus::from_proto(0).is_err());
        assert!(OperatorStatus::from_proto(4).is_err());
        assert_eq!(
            serde_json::to_string(&OperatorStatus::Unbonding).unwrap(),
            "\"OPERATOR_STATUS_UNBONDING\""
        );
    }

    #[test]
    fn challenge_statuses_round_trip() {
        for s in ChallengeStatus::ALL {
            assert_eq!(ChallengeStatus::from_proto(s.to_proto() as i32).unwrap(), s);
            assert_eq!(ChallengeStatus::from_name(s.name()), Some(s));
            assert_eq!(i32::from(s.tag()), s.to_proto() as i32);
        }
        assert!(ChallengeStatus::from_proto(0).is_err());
        assert!(ChallengeStatus::from_proto(5).is_err());
        assert_eq!(
            serde_json::to_string(&ChallengeStatus::Escalated).unwrap(),
            "\"CHALLENGE_STATUS_ESCALATED\""
        );
    }

    #[test]
    fn wire_amounts_treat_empty_as_zero() {
        assert_eq!(amount_from_wire("x", "").unwrap(), 0);
        assert_eq!(amount_from_wire("x", "12").unwrap(), 12);
        assert!(amount_from_wire("x", "1.5").is_err());
        assert!(amount_from_wire("x", "-1").is_err());
        assert_eq!(dec_from_wire("x", "").unwrap(), Dec::ZERO);
        assert!(dec_from_wire("x", "0.5").is_err());
    }
}
