//! Domain messages, converted from their protobuf form with stateless validation (addresses,
//! amounts, enums, hash length, list bounds, duplicates, tag syntax). Limits that are params
//! (text lengths, list sizes, minimum bond and fee, contribution size) are checked by the
//! handlers.

use std::collections::BTreeSet;

use openledger_framework::Address;
use sha2::{Digest, Sha256};

use crate::error::DatanetsError;
use crate::params::{
    Params, MAX_ALLOW_LIST_LIMIT, MAX_CURATORS_LIMIT, MAX_TAGS_LIMIT, MAX_TAG_LEN,
};
use crate::proto;
use crate::types::{addr, amount_or_zero, hash32, CurationReason, Visibility};

fn addrs(field: &'static str, list: &[String], max: u32) -> Result<Vec<Address>, DatanetsError> {
    if list.len() > usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(DatanetsError::TooMany {
            field,
            len: list.len(),
            max: u64::from(max),
        });
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let a = addr(field, s)?;
        if !seen.insert(a) {
            return Err(DatanetsError::Duplicate {
                field,
                value: a.to_string(),
            });
        }
        out.push(a);
    }
    Ok(out)
}

/// A tag: 1..=32 bytes of printable ASCII without spaces.
pub fn validate_tag(tag: &str) -> Result<(), DatanetsError> {
    if tag.is_empty() || tag.len() > MAX_TAG_LEN {
        return Err(DatanetsError::InvalidField {
            field: "tags",
            reason: format!("tag {tag:?} must be 1..={MAX_TAG_LEN} bytes"),
        });
    }
    if !tag.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(DatanetsError::InvalidField {
            field: "tags",
            reason: format!("tag {tag:?} must be printable ASCII without spaces"),
        });
    }
    Ok(())
}

fn tags(list: &[String]) -> Result<Vec<String>, DatanetsError> {
    if list.len() > usize::try_from(MAX_TAGS_LIMIT).unwrap_or(usize::MAX) {
        return Err(DatanetsError::TooMany {
            field: "tags",
            len: list.len(),
            max: u64::from(MAX_TAGS_LIMIT),
        });
    }
    let mut seen = BTreeSet::new();
    for t in list {
        validate_tag(t)?;
        if !seen.insert(t.as_str()) {
            return Err(DatanetsError::Duplicate {
                field: "tags",
                value: t.clone(),
            });
        }
    }
    Ok(list.to_vec())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCreateDatanet {
    pub owner: Address,
    pub name: String,
    pub summary: String,
    pub description: String,
    /// Valid tags, no duplicates.
    pub tags: Vec<String>,
    pub licence: String,
    pub visibility: Visibility,
    /// No duplicates.
    pub curators: Vec<Address>,
    /// No duplicates; empty for a public datanet.
    pub allow_list: Vec<Address>,
    pub contribution_bond: u128,
    pub fee_per_byte: u128,
    /// 0 for a public datanet.
    pub access_price: u128,
}

impl TryFrom<&proto::MsgCreateDatanet> for MsgCreateDatanet {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgCreateDatanet) -> Result<Self, DatanetsError> {
        let msg = MsgCreateDatanet {
            owner: addr("owner", &m.owner)?,
            name: m.name.clone(),
            summary: m.summary.clone(),
            description: m.description.clone(),
            tags: tags(&m.tags)?,
            licence: m.licence.clone(),
            visibility: Visibility::from_proto(m.visibility)?,
            curators: addrs("curators", &m.curators, MAX_CURATORS_LIMIT)?,
            allow_list: addrs("allow_list", &m.allow_list, MAX_ALLOW_LIST_LIMIT)?,
            contribution_bond: amount_or_zero("contribution_bond", &m.contribution_bond)?,
            fee_per_byte: amount_or_zero("fee_per_byte", &m.fee_per_byte)?,
            access_price: amount_or_zero("access_price", &m.access_price)?,
        };
        check_public(msg.visibility, &msg.allow_list, msg.access_price)?;
        Ok(msg)
    }
}

/// A public datanet has no allow list and no price: anyone contributes, access is free.
pub(crate) fn check_public(
    visibility: Visibility,
    allow_list: &[Address],
    access_price: u128,
) -> Result<(), DatanetsError> {
    if visibility == Visibility::Public {
        if !allow_list.is_empty() {
            return Err(DatanetsError::InvalidField {
                field: "allow_list",
                reason: "a public datanet has no allow list".into(),
            });
        }
        if access_price != 0 {
            return Err(DatanetsError::InvalidField {
                field: "access_price",
                reason: "access to a public datanet is free".into(),
            });
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateDatanet {
    pub owner: Address,
    pub datanet_id: u64,
    pub summary: String,
    pub description: String,
    pub tags: Vec<String>,
    pub licence: String,
    pub curators: Vec<Address>,
    pub allow_list: Vec<Address>,
    pub access_price: u128,
}

impl TryFrom<&proto::MsgUpdateDatanet> for MsgUpdateDatanet {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgUpdateDatanet) -> Result<Self, DatanetsError> {
        Ok(MsgUpdateDatanet {
            owner: addr("owner", &m.owner)?,
            datanet_id: m.datanet_id,
            summary: m.summary.clone(),
            description: m.description.clone(),
            tags: tags(&m.tags)?,
            licence: m.licence.clone(),
            curators: addrs("curators", &m.curators, MAX_CURATORS_LIMIT)?,
            allow_list: addrs("allow_list", &m.allow_list, MAX_ALLOW_LIST_LIMIT)?,
            access_price: amount_or_zero("access_price", &m.access_price)?,
        })
    }
}

/// Length of a commitment salt, when one is given.
pub const MIN_SALT_LEN: usize = 16;
pub const MAX_SALT_LEN: usize = 64;

/// The commitment of a contribution: `sha256(content_hash || contributor (20 bytes) || salt)`.
/// Binding the contributor means a copier cannot reuse someone else's commitment.
pub fn contribution_commitment(
    content_hash: &[u8; 32],
    contributor: &Address,
    salt: &[u8],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(content_hash);
    h.update(contributor.as_bytes());
    h.update(salt);
    h.finalize().into()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCommitContribution {
    pub contributor: Address,
    pub datanet_id: u64,
    pub commitment: [u8; 32],
}

impl TryFrom<&proto::MsgCommitContribution> for MsgCommitContribution {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgCommitContribution) -> Result<Self, DatanetsError> {
        Ok(MsgCommitContribution {
            contributor: addr("contributor", &m.contributor)?,
            datanet_id: m.datanet_id,
            commitment: hash32("commitment", &m.commitment)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgContribute {
    pub contributor: Address,
    pub datanet_id: u64,
    pub content_hash: [u8; 32],
    pub size_bytes: u64,
    pub content_uri: String,
    pub licence: String,
    pub metadata: String,
    /// Empty: no commitment. Else `MIN_SALT_LEN..=MAX_SALT_LEN` bytes revealing an earlier
    /// `MsgCommitContribution`.
    pub salt: Vec<u8>,
}

impl TryFrom<&proto::MsgContribute> for MsgContribute {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgContribute) -> Result<Self, DatanetsError> {
        if !m.salt.is_empty() && !(MIN_SALT_LEN..=MAX_SALT_LEN).contains(&m.salt.len()) {
            return Err(DatanetsError::InvalidField {
                field: "salt",
                reason: format!(
                    "must be empty or {MIN_SALT_LEN}..={MAX_SALT_LEN} bytes, got {}",
                    m.salt.len()
                ),
            });
        }
        Ok(MsgContribute {
            contributor: addr("contributor", &m.contributor)?,
            datanet_id: m.datanet_id,
            content_hash: hash32("content_hash", &m.content_hash)?,
            size_bytes: m.size_bytes,
            content_uri: m.content_uri.clone(),
            licence: m.licence.clone(),
            metadata: m.metadata.clone(),
            salt: m.salt.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCurate {
    pub curator: Address,
    pub contribution_id: u64,
    pub approve: bool,
    /// `None` exactly when approving.
    pub reason: CurationReason,
    pub note: String,
}

impl TryFrom<&proto::MsgCurate> for MsgCurate {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgCurate) -> Result<Self, DatanetsError> {
        let reason = CurationReason::from_proto(m.reason)?;
        if m.approve && reason != CurationReason::None {
            return Err(DatanetsError::InvalidCuration(format!(
                "an approval takes no reason, got {}",
                reason.as_str()
            )));
        }
        if !m.approve && reason == CurationReason::None {
            return Err(DatanetsError::InvalidCuration(
                "a rejection needs a reason".into(),
            ));
        }
        Ok(MsgCurate {
            curator: addr("curator", &m.curator)?,
            contribution_id: m.contribution_id,
            approve: m.approve,
            reason,
            note: m.note.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgPublishVersion {
    /// The datanet's owner or one of its curators.
    pub owner: Address,
    pub datanet_id: u64,
    pub note: String,
}

impl TryFrom<&proto::MsgPublishVersion> for MsgPublishVersion {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgPublishVersion) -> Result<Self, DatanetsError> {
        Ok(MsgPublishVersion {
            owner: addr("owner", &m.owner)?,
            datanet_id: m.datanet_id,
            note: m.note.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgPurchaseAccess {
    pub buyer: Address,
    pub datanet_id: u64,
    pub version: u64,
    /// The most the buyer pays: refused when the price in effect is higher.
    pub max_price: u128,
}

impl TryFrom<&proto::MsgPurchaseAccess> for MsgPurchaseAccess {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgPurchaseAccess) -> Result<Self, DatanetsError> {
        Ok(MsgPurchaseAccess {
            buyer: addr("buyer", &m.buyer)?,
            datanet_id: m.datanet_id,
            version: m.version,
            max_price: amount_or_zero("max_price", &m.max_price)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgClaimRevenue {
    pub contributor: Address,
    pub datanet_id: u64,
    pub version: u64,
}

impl TryFrom<&proto::MsgClaimRevenue> for MsgClaimRevenue {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgClaimRevenue) -> Result<Self, DatanetsError> {
        Ok(MsgClaimRevenue {
            contributor: addr("contributor", &m.contributor)?,
            datanet_id: m.datanet_id,
            version: m.version,
        })
    }
}

/// `MsgUpdateParams`: every param at once, signed by the gov module account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    /// Validated.
    pub params: Params,
}

impl TryFrom<&proto::MsgUpdateParams> for MsgUpdateParams {
    type Error = DatanetsError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, DatanetsError> {
        let params = m
            .params
            .as_ref()
            .ok_or_else(|| DatanetsError::InvalidParams("params must be set".into()))?;
        Ok(MsgUpdateParams {
            authority: addr("authority", &m.authority)?,
            params: Params::from_proto(params)?,
        })
    }
}

impl MsgCreateDatanet {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
impl MsgUpdateDatanet {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
impl MsgCommitContribution {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.contributor]
    }
}
impl MsgContribute {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.contributor]
    }
}
impl MsgCurate {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.curator]
    }
}
impl MsgPublishVersion {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.owner]
    }
}
impl MsgPurchaseAccess {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.buyer]
    }
}
impl MsgClaimRevenue {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.contributor]
    }
}
impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(n: u8) -> String {
        Address([n; 20]).to_string()
    }

    fn create() -> proto::MsgCreateDatanet {
        proto::MsgCreateDatanet {
            owner: a(1),
            name: "n".into(),
            tags: vec!["ai".into(), "med".into()],
            visibility: proto::Visibility::Permissioned as i32,
            curators: vec![a(2)],
            allow_list: vec![a(3), a(4)],
            contribution_bond: "5".into(),
            fee_per_byte: "".into(),
            access_price: "7".into(),
            ..Default::default()
        }
    }

    #[test]
    fn create_parses_and_refuses_bad_fields() {
        let m = MsgCreateDatanet::try_from(&create()).unwrap();
        assert_eq!(m.contribution_bond, 5);
        assert_eq!(m.fee_per_byte, 0);
        assert_eq!(m.allow_list.len(), 2);
        assert_eq!(m.signers(), vec![Address([1; 20])]);

        let mut p = create();
        p.tags = vec!["ai".into(), "ai".into()];
        assert!(matches!(
            MsgCreateDatanet::try_from(&p),
            Err(DatanetsError::Duplicate { field: "tags", .. })
        ));
        let mut p = create();
        p.tags = vec!["two words".into()];
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        let mut p = create();
        p.tags = vec!["x".repeat(33)];
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        let mut p = create();
        p.curators = vec![a(2), a(2)];
        assert!(matches!(
            MsgCreateDatanet::try_from(&p),
            Err(DatanetsError::Duplicate { .. })
        ));
        let mut p = create();
        p.visibility = 0;
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        let mut p = create();
        p.contribution_bond = "-1".into();
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        let mut p = create();
        p.owner = "cosmos1xyz".into();
        assert!(matches!(
            MsgCreateDatanet::try_from(&p),
            Err(DatanetsError::InvalidAddress(_))
        ));
        // Public datanets have neither allow list nor price.
        let mut p = create();
        p.visibility = proto::Visibility::Public as i32;
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        p.allow_list.clear();
        assert!(MsgCreateDatanet::try_from(&p).is_err());
        p.access_price = "0".into();
        assert!(MsgCreateDatanet::try_from(&p).is_ok());
    }

    #[test]
    fn contribute_needs_a_32_byte_hash() {
        let p = proto::MsgContribute {
            contributor: a(1),
            datanet_id: 1,
            content_hash: vec![0; 31],
            size_bytes: 1,
            ..Default::default()
        };
        assert!(matches!(
            MsgContribute::try_from(&p),
            Err(DatanetsError::InvalidField {
                field: "content_hash",
                ..
            })
        ));
    }

    #[test]
    fn curation_reason_matches_the_decision() {
        let base = proto::MsgCurate {
            curator: a(1),
            contribution_id: 1,
            ..Default::default()
        };
        let approve = proto::MsgCurate {
            approve: true,
            ..base.clone()
        };
        assert!(MsgCurate::try_from(&approve).is_ok());
        let approve_with_reason = proto::MsgCurate {
            reason: proto::CurationReason::Spam as i32,
            ..approve
        };
        assert!(matches!(
            MsgCurate::try_from(&approve_with_reason),
            Err(DatanetsError::InvalidCuration(_))
        ));
        assert!(matches!(
            MsgCurate::try_from(&base),
            Err(DatanetsError::InvalidCuration(_))
        ));
        let unknown = proto::MsgCurate { reason: 99, ..base };
        assert!(MsgCurate::try_from(&unknown).is_err());
    }

    #[test]
    fn update_params_validates() {
        let mut pb = Params::default().to_proto();
        let m = proto::MsgUpdateParams {
            authority: a(9),
            params: Some(pb.clone()),
        };
        assert!(MsgUpdateParams::try_from(&m).is_ok());
        pb.max_contribution_bytes = 0;
        let m = proto::MsgUpdateParams {
            authority: a(9),
            params: Some(pb),
        };
        assert!(matches!(
            MsgUpdateParams::try_from(&m),
            Err(DatanetsError::InvalidParams(_))
        ));
    }
}
