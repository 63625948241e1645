//! Domain types of a model: its stage, the datanet versions it references, its pricing, hashes
//! and the model record itself, each with its protobuf form.

use std::fmt;

use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::{Address, BASE_DENOM};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ModelsError;
use crate::proto;

/// The lifecycle stage of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Proposed,
    Approved,
    Rejected,
    DataCollection,
    FineTuning,
    Alignment,
    Deployed,
    Retired,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Proposed,
        Stage::Approved,
        Stage::Rejected,
        Stage::DataCollection,
        Stage::FineTuning,
        Stage::Alignment,
        Stage::Deployed,
        Stage::Retired,
    ];

    pub fn to_proto(self) -> proto::ModelStage {
        match self {
            Stage::Proposed => proto::ModelStage::Proposed,
            Stage::Approved => proto::ModelStage::Approved,
            Stage::Rejected => proto::ModelStage::Rejected,
            Stage::DataCollection => proto::ModelStage::DataCollection,
            Stage::FineTuning => proto::ModelStage::FineTuning,
            Stage::Alignment => proto::ModelStage::Alignment,
            Stage::Deployed => proto::ModelStage::Deployed,
            Stage::Retired => proto::ModelStage::Retired,
        }
    }

    /// The stage of a protobuf enum value; `MODEL_STAGE_UNSPECIFIED` and unknown values are
    /// refused.
    pub fn from_proto(v: i32) -> Result<Stage, ModelsError> {
        Stage::ALL
            .into_iter()
            .find(|s| s.to_proto() as i32 == v)
            .ok_or(ModelsError::InvalidStage(v))
    }

    /// The protobuf enum number, used as the one-byte stage in index keys.
    pub fn code(self) -> u8 {
        // The enum numbers are 1..=8.
        u8::try_from(self.to_proto() as i32).unwrap_or(0)
    }

    /// The name in the `.proto` file, such as `MODEL_STAGE_DEPLOYED`.
    pub fn name(self) -> &'static str {
        self.to_proto().as_str_name()
    }

    pub fn from_name(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.name() == s)
    }

    /// REJECTED and RETIRED: nothing moves a model out of them.
    pub fn is_terminal(self) -> bool {
        matches!(self, Stage::Rejected | Stage::Retired)
    }

    /// Whether the creator bond is in escrow at this stage (PROPOSED..DEPLOYED).
    pub fn holds_bond(self) -> bool {
        !self.is_terminal()
    }

    /// Whether `MsgAdvanceModel` may move a model from `self` to `to`: one step along
    /// APPROVED → DATA_COLLECTION → FINE_TUNING → ALIGNMENT → DEPLOYED, or to RETIRED from any
    /// of those.
    pub fn can_advance_to(self, to: Stage) -> bool {
        use Stage::*;
        matches!(
            (self, to),
            (Approved, DataCollection)
                | (DataCollection, FineTuning)
                | (FineTuning, Alignment)
                | (Alignment, Deployed)
                | (
                    Approved | DataCollection | FineTuning | Alignment | Deployed,
                    Retired
                )
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stage, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        Stage::from_name(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown stage {s:?}")))
    }
}

/// A datanet version a model or version was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatanetVersionRef {
    pub datanet_id: u64,
    pub version: u64,
}

impl DatanetVersionRef {
    pub fn to_proto(self) -> proto::DatanetVersionRef {
        proto::DatanetVersionRef {
            datanet_id: self.datanet_id,
            version: self.version,
        }
    }

    pub fn from_proto(p: &proto::DatanetVersionRef) -> Self {
        DatanetVersionRef {
            datanet_id: p.datanet_id,
            version: p.version,
        }
    }
}

/// Check a list of references: not empty, at most `max` (when given), no repeats.
pub fn check_refs(refs: &[DatanetVersionRef], max: Option<u64>) -> Result<(), ModelsError> {
    if refs.is_empty() {
        return Err(ModelsError::Empty("datanet_versions"));
    }
    if let Some(max) = max {
        if u64::try_from(refs.len()).unwrap_or(u64::MAX) > max {
            return Err(ModelsError::TooManyDatanetRefs {
                len: refs.len(),
                max,
            });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for r in refs {
        if !seen.insert(*r) {
            return Err(ModelsError::DuplicateDatanetRef {
                datanet_id: r.datanet_id,
                version: r.version,
            });
        }
    }
    Ok(())
}

pub(crate) fn refs_to_proto(refs: &[DatanetVersionRef]) -> Vec<proto::DatanetVersionRef> {
    refs.iter().map(|r| r.to_proto()).collect()
}

pub(crate) fn refs_from_proto(refs: &[proto::DatanetVersionRef]) -> Vec<DatanetVersionRef> {
    refs.iter().map(DatanetVersionRef::from_proto).collect()
}

/// Inference rates in aopen per 1000 tokens. Zero is allowed (a free model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    #[serde(with = "amount_string")]
    pub rate_in_per_1000: u128,
    #[serde(with = "amount_string")]
    pub rate_out_per_1000: u128,
}

impl Pricing {
    pub fn to_proto(self) -> proto::Pricing {
        proto::Pricing {
            rate_in_per_1000: self.rate_in_per_1000.to_string(),
            rate_out_per_1000: self.rate_out_per_1000.to_string(),
        }
    }

    /// Both rates must be decimal integers of aopen.
    pub fn from_strs(rate_in: &str, rate_out: &str) -> Result<Pricing, ModelsError> {
        let parse = |what: &str, s: &str| {
            parse_amount(s)
                .map_err(|_| ModelsError::InvalidPricing(format!("{what} {s:?} is not an amount")))
        };
        Ok(Pricing {
            rate_in_per_1000: parse("rate_in_per_1000", rate_in)?,
            rate_out_per_1000: parse("rate_out_per_1000", rate_out)?,
        })
    }

    pub fn from_proto(p: &proto::Pricing) -> Result<Pricing, ModelsError> {
        Pricing::from_strs(&p.rate_in_per_1000, &p.rate_out_per_1000)
    }

    pub(crate) fn from_proto_opt(p: &Option<proto::Pricing>) -> Result<Pricing, ModelsError> {
        Pricing::from_proto(
            p.as_ref()
                .ok_or_else(|| ModelsError::InvalidPricing("pricing must be set".into()))?,
        )
    }
}

/// Longest hash accepted, in bytes (a SHA-512 digest).
pub const MAX_DIGEST_LEN: usize = 64;

/// A content hash: 1 to 64 bytes, written as lowercase hex.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(Vec<u8>);

impl Digest {
    pub fn new(bytes: Vec<u8>) -> Result<Digest, String> {
        if bytes.is_empty() || bytes.len() > MAX_DIGEST_LEN {
            return Err(format!(
                "{} bytes, expected 1 to {MAX_DIGEST_LEN}",
                bytes.len()
            ));
        }
        Ok(Digest(bytes))
    }

    pub fn from_hex(s: &str) -> Result<Digest, String> {
        let bytes = hex::decode(s).map_err(|e| format!("{s:?} is not hex: {e}"))?;
        Digest::new(bytes)
    }

    /// Empty means "not given".
    pub fn parse_opt(field: &'static str, s: &str) -> Result<Option<Digest>, ModelsError> {
        if s.is_empty() {
            return Ok(None);
        }
        Digest::from_hex(s)
            .map(Some)
            .map_err(|reason| ModelsError::InvalidHash { field, reason })
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Digest, ModelsError> {
        Digest::parse_opt(field, s)?.ok_or(ModelsError::Empty(field))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(&self.0)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        Digest::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

pub(crate) fn hex_opt(d: &Option<Digest>) -> String {
    d.as_ref().map(Digest::to_hex).unwrap_or_default()
}

/// A model and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: u64,
    pub creator: Address,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub base_model: String,
    #[serde(default)]
    pub intended_use: String,
    pub datanet_versions: Vec<DatanetVersionRef>,
    /// The creator bond in aopen.
    #[serde(with = "amount_string")]
    pub bond: u128,
    pub stage: Stage,
    /// The most recently set pricing, in effect from `pricing_effective_height` on (use
    /// [`crate::ModelsRead::pricing_at`] for the pricing in effect at a given height).
    pub pricing: Pricing,
    pub pricing_effective_height: u64,
    /// The newest version number, 0 before the model is deployed.
    #[serde(default)]
    pub latest_version: u64,
    /// The sequence number of the newest history entry (entries are numbered from 1).
    pub history_count: u64,
    pub created_height: u64,
    /// The gov proposal carrying this model's `MsgApproveModel`, recorded when the creator
    /// submitted it (0: none). Only that proposal's rejection rejects the model.
    #[serde(default)]
    pub approval_proposal_id: u64,
}

impl Model {
    pub fn to_proto(&self) -> proto::Model {
        proto::Model {
            id: self.id,
            creator: self.creator.to_string(),
            name: self.name.clone(),
            description: self.description.clone(),
            base_model: self.base_model.clone(),
            intended_use: self.intended_use.clone(),
            datanet_versions: refs_to_proto(&self.datanet_versions),
            bond: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
                denom: BASE_DENOM.to_string(),
                amount: self.bond.to_string(),
            }),
            stage: self.stage.to_proto() as i32,
            pricing: Some(self.pricing.to_proto()),
            pricing_effective_height: self.pricing_effective_height,
            latest_version: self.latest_version,
            history_count: self.history_count,
            created_height: self.created_height,
            approval_proposal_id: self.approval_proposal_id,
        }
    }

    pub fn from_proto(p: &proto::Model) -> Result<Model, ModelsError> {
        Ok(Model {
            id: p.id,
            creator: p.creator.parse()?,
            name: p.name.clone(),
            description: p.description.clone(),
            base_model: p.base_model.clone(),
            intended_use: p.intended_use.clone(),
            datanet_versions: refs_from_proto(&p.datanet_versions),
            bond: aopen(&p.bond)?,
            stage: Stage::from_proto(p.stage)?,
            pricing: Pricing::from_proto_opt(&p.pricing)?,
            pricing_effective_height: p.pricing_effective_height,
            latest_version: p.latest_version,
            history_count: p.history_count,
            created_height: p.created_height,
            approval_proposal_id: p.approval_proposal_id,
        })
    }
}

/// An amount of aopen from an optional protobuf coin (may be zero).
pub(crate) fn aopen(
    c: &Option<cosmos_sdk_proto::cosmos::base::v1beta1::Coin>,
) -> Result<u128, ModelsError> {
    let c = c
        .as_ref()
        .ok_or_else(|| ModelsError::InvalidCoins("bond must be set".into()))?;
    if c.denom != BASE_DENOM {
        return Err(ModelsError::InvalidBondDenom(c.denom.clone()));
    }
    Ok(parse_amount(&c.amount)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_and_transitions_follow_the_lifecycle() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_proto(s.to_proto() as i32).unwrap(), s);
            assert_eq!(Stage::from_name(s.name()), Some(s));
            assert!(s.code() >= 1 && s.code() <= 8);
        }
        assert!(Stage::from_proto(0).is_err());
        assert!(Stage::from_proto(9).is_err());
        use Stage::*;
        let legal: Vec<(Stage, Stage)> = Stage::ALL
            .into_iter()
            .flat_map(|a| Stage::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_advance_to(*b))
            .collect();
        assert_eq!(
            legal,
            vec![
                (Approved, DataCollection),
                (Approved, Retired),
                (DataCollection, FineTuning),
                (DataCollection, Retired),
                (FineTuning, Alignment),
                (FineTuning, Retired),
                (Alignment, Deployed),
                (Alignment, Retired),
                (Deployed, Retired),
            ]
        );
        assert!(Proposed.holds_bond() && Deployed.holds_bond());
        assert!(!Rejected.holds_bond() && !Retired.holds_bond());
    }

    #[test]
    fn digests_are_1_to_64_bytes_of_hex() {
        assert_eq!(Digest::from_hex("AbCd").unwrap().to_hex(), "abcd");
        assert!(Digest::from_hex("").is_err());
        assert!(Digest::from_hex("abc").is_err());
        assert!(Digest::from_hex("zz").is_err());
        assert!(Digest::from_hex(&"ab".repeat(64)).is_ok());
        assert!(Digest::from_hex(&"ab".repeat(65)).is_err());
        assert_eq!(Digest::parse_opt("x", "").unwrap(), None);
        assert_eq!(Digest::parse("x", ""), Err(ModelsError::Empty("x")));
    }

    #[test]
    fn refs_must_be_present_bounded_and_distinct() {
        let r = |d, v| DatanetVersionRef {
            datanet_id: d,
            version: v,
        };
        assert!(check_refs(&[r(1, 1), r(1, 2)], Some(2)).is_ok());
        assert_eq!(
            check_refs(&[], None),
            Err(ModelsError::Empty("datanet_versions"))
        );
        assert!(matches!(
            check_refs(&[r(1, 1), r(1, 2)], Some(1)),
            Err(ModelsError::TooManyDatanetRefs { len: 2, max: 1 })
        ));
        assert!(matches!(
            check_refs(&[r(1, 1), r(1, 1)], None),
            Err(ModelsError::DuplicateDatanetRef { .. })
        ));
    }

    #[test]
    fn pricing_parses_integer_aopen() {
        assert_eq!(
            Pricing::from_strs("0", "15").unwrap(),
            Pricing {
                rate_in_per_1000: 0,
                rate_out_per_1000: 15
            }
        );
        assert!(Pricing::from_strs("", "1").is_err());
        assert!(Pricing::from_strs("1.5", "1").is_err());
        assert!(Pricing::from_strs("1", "-1").is_err());
    }
}
