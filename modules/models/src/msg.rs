//! Domain messages, converted from their protobuf form with stateless validation. Limits that
//! are params (text lengths, reference counts, the minimum bond) are checked by the handlers.

use openledger_framework::Address;

use crate::error::ModelsError;
use crate::model::{aopen, check_refs, refs_from_proto, DatanetVersionRef, Digest, Pricing, Stage};
use crate::params::Params;
use crate::proto;
use crate::record::Evidence;

/// Most datanet references a message may carry whatever the params say.
pub const MAX_DATANET_REFS: u64 = 256;

fn addr(s: &str) -> Result<Address, ModelsError> {
    Ok(s.parse::<Address>()?)
}

fn non_empty(field: &'static str, s: &str) -> Result<(), ModelsError> {
    if s.trim().is_empty() {
        return Err(ModelsError::Empty(field));
    }
    Ok(())
}

/// `MsgProposeModel`: a new model against existing datanet versions, with a bond in escrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgProposeModel {
    pub creator: Address,
    /// Not blank.
    pub name: String,
    pub description: String,
    /// Not blank.
    pub base_model: String,
    pub intended_use: String,
    /// Not empty, no repeats.
    pub datanet_versions: Vec<DatanetVersionRef>,
    /// aopen, positive.
    pub bond: u128,
    pub pricing: Pricing,
}

impl TryFrom<&proto::MsgProposeModel> for MsgProposeModel {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgProposeModel) -> Result<Self, ModelsError> {
        let creator = addr(&m.creator)?;
        non_empty("name", &m.name)?;
        non_empty("base_model", &m.base_model)?;
        let datanet_versions = refs_from_proto(&m.datanet_versions);
        check_refs(&datanet_versions, Some(MAX_DATANET_REFS))?;
        let bond = aopen(&m.bond)?;
        if bond == 0 {
            return Err(ModelsError::InvalidCoins("bond must be positive".into()));
        }
        Ok(MsgProposeModel {
            creator,
            name: m.name.clone(),
            description: m.description.clone(),
            base_model: m.base_model.clone(),
            intended_use: m.intended_use.clone(),
            datanet_versions,
            bond,
            pricing: Pricing::from_proto_opt(&m.pricing)?,
        })
    }
}

impl MsgProposeModel {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.creator]
    }
}

/// `MsgApproveModel`: PROPOSED → APPROVED, by the gov module account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgApproveModel {
    pub authority: Address,
    pub model_id: u64,
}

impl TryFrom<&proto::MsgApproveModel> for MsgApproveModel {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgApproveModel) -> Result<Self, ModelsError> {
        Ok(MsgApproveModel {
            authority: addr(&m.authority)?,
            model_id: m.model_id,
        })
    }
}

impl MsgApproveModel {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `MsgRejectModel`: PROPOSED → REJECTED with the bond refunded, by the gov module account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRejectModel {
    pub authority: Address,
    pub model_id: u64,
}

impl TryFrom<&proto::MsgRejectModel> for MsgRejectModel {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgRejectModel) -> Result<Self, ModelsError> {
        Ok(MsgRejectModel {
            authority: addr(&m.authority)?,
            model_id: m.model_id,
        })
    }
}

impl MsgRejectModel {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `MsgWithdrawModel`: PROPOSED → REJECTED with the bond refunded, by the creator, while no
/// approval proposal of the model is being voted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgWithdrawModel {
    pub creator: Address,
    pub model_id: u64,
}

impl TryFrom<&proto::MsgWithdrawModel> for MsgWithdrawModel {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgWithdrawModel) -> Result<Self, ModelsError> {
        Ok(MsgWithdrawModel {
            creator: addr(&m.creator)?,
            model_id: m.model_id,
        })
    }
}

impl MsgWithdrawModel {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.creator]
    }
}

/// `MsgAdvanceModel`: one lifecycle step (or retirement), by the creator or the gov module
/// account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgAdvanceModel {
    pub actor: Address,
    pub model_id: u64,
    pub to_stage: Stage,
    pub evidence: Evidence,
}

impl TryFrom<&proto::MsgAdvanceModel> for MsgAdvanceModel {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgAdvanceModel) -> Result<Self, ModelsError> {
        Ok(MsgAdvanceModel {
            actor: addr(&m.actor)?,
            model_id: m.model_id,
            to_stage: Stage::from_proto(m.to_stage)?,
            evidence: Evidence::from_proto_opt(&m.evidence)?,
        })
    }
}

impl MsgAdvanceModel {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.actor]
    }
}

/// `MsgPublishModelVersion`: a new version of a deployed model, by its creator (on the
/// approved datanets only) or the gov module account (on any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgPublishModelVersion {
    pub creator: Address,
    pub model_id: u64,
    pub adapter_hash: Digest,
    /// Empty: the parent version's base model.
    pub base_model: String,
    /// 0: the latest version.
    pub parent_version: u64,
    /// Empty: the parent version's datanet versions. Otherwise no repeats.
    pub datanet_versions: Vec<DatanetVersionRef>,
}

impl TryFrom<&proto::MsgPublishModelVersion> for MsgPublishModelVersion {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgPublishModelVersion) -> Result<Self, ModelsError> {
        let datanet_versions = refs_from_proto(&m.datanet_versions);
        if !datanet_versions.is_empty() {
            check_refs(&datanet_versions, Some(MAX_DATANET_REFS))?;
        }
        if !m.base_model.is_empty() {
            non_empty("base_model", &m.base_model)?;
        }
        Ok(MsgPublishModelVersion {
            creator: addr(&m.creator)?,
            model_id: m.model_id,
            adapter_hash: Digest::parse("adapter_hash", &m.adapter_hash)?,
            base_model: m.base_model.clone(),
            parent_version: m.parent_version,
            datanet_versions,
        })
    }
}

impl MsgPublishModelVersion {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.creator]
    }
}

/// `MsgSetPricing`: new rates from the next block on, by the creator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSetPricing {
    pub creator: Address,
    pub model_id: u64,
    pub pricing: Pricing,
}

impl TryFrom<&proto::MsgSetPricing> for MsgSetPricing {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgSetPricing) -> Result<Self, ModelsError> {
        Ok(MsgSetPricing {
            creator: addr(&m.creator)?,
            model_id: m.model_id,
            pricing: Pricing::from_strs(&m.rate_in_per_1000, &m.rate_out_per_1000)?,
        })
    }
}

impl MsgSetPricing {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.creator]
    }
}

/// `MsgUpdateParams`: all params replaced, by the gov module account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    /// Valid.
    pub params: Params,
}

impl TryFrom<&proto::MsgUpdateParams> for MsgUpdateParams {
    type Error = ModelsError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, ModelsError> {
        let params = m
            .params
            .as_ref()
            .ok_or_else(|| ModelsError::InvalidParams("params must be set".into()))?;
        Ok(MsgUpdateParams {
            authority: addr(&m.authority)?,
            params: Params::from_proto(params)?,
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// The model a governance proposal message approves, if `any` is a `MsgApproveModel`. The app
/// uses it to find the models of a rejected proposal for [`crate::on_approval_failed`].
pub fn approval_target(any: &cosmos_sdk_proto::Any) -> Option<u64> {
    approval_of(any).ok().flatten()
}

/// Like [`approval_target`], but a `MsgApproveModel` that does not decode is an error.
pub(crate) fn approval_of(any: &cosmos_sdk_proto::Any) -> Result<Option<u64>, ModelsError> {
    use prost::{Message, Name};
    if any.type_url != proto::MsgApproveModel::type_url() {
        return Ok(None);
    }
    proto::MsgApproveModel::decode(any.value.as_slice())
        .map(|m| Some(m.model_id))
        .map_err(|e| ModelsError::InvalidRequest(format!("MsgApproveModel: {e}")))
}
