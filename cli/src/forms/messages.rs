//! Governance proposal files and the messages they can carry.
//!
//! The file format is the Cosmos SDK's (`simd tx gov submit-proposal`):
//!
//! ```json
//! {"messages": [{"@type": "/cosmos.staking.v1beta1.MsgUpdateParams", "authority": "open1...",
//!                "params": {...}}],
//!  "metadata": "...", "deposit": "1000OPEN", "title": "...", "summary": "..."}
//! ```
//!
//! Messages are proto3 JSON of the supported types; each is converted to its protobuf form
//! here, with the decimal and duration fields in the wire form the chain expects. The same
//! forms print the messages of proposals read back from the chain.

use cosmos_sdk_proto::cosmos::{auth, bank, distribution, gov, slashing, staking};
use cosmos_sdk_proto::Any;
use cosmrs::AccountId;
use prost::{Message, Name};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::params::{
    legacy, AttributionParams, AuthParams, BankParams, DatanetsParams, DistributionParams,
    GovParams, ModelsParams, SlashingParams, StakingParams,
};
use super::scalar::{CoinsField, DecField, UintText, U64};
use super::FormError;
use crate::address;
use crate::amount::Coin;
use crate::dec::{self, Dec};
use crate::proto;

/// Type URLs a proposal file may use.
pub const SUPPORTED_TYPES: [&str; 16] = [
    "/cosmos.auth.v1beta1.MsgUpdateParams",
    "/cosmos.bank.v1beta1.MsgUpdateParams",
    "/cosmos.staking.v1beta1.MsgUpdateParams",
    "/cosmos.distribution.v1beta1.MsgUpdateParams",
    "/cosmos.slashing.v1beta1.MsgUpdateParams",
    "/cosmos.gov.v1.MsgUpdateParams",
    "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend",
    "/openledger.auth.v1.MsgUpdateTxParams",
    "/openledger.slashing.v1.MsgUpdateEvidenceParams",
    "/openledger.gov.v1.MsgUpdateGovLimits",
    "/openledger.datanets.v1.MsgUpdateParams",
    "/openledger.models.v1.MsgUpdateParams",
    "/openledger.models.v1.MsgApproveModel",
    "/openledger.models.v1.MsgRejectModel",
    "/openledger.attribution.v1.MsgUpdateParams",
    "/openledger.attribution.v1.MsgSlashOperator",
];

/// The JSON form of one message type and its conversions to and from protobuf.
trait MessageForm: Serialize + DeserializeOwned {
    type Proto: Message + Name + Default;
    fn authority(&self) -> &str;
    fn to_proto(&self) -> Self::Proto;
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError>;
    /// Checks beyond the JSON shape (addresses, amounts).
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
    /// One line for the confirmation summary.
    fn summary(&self) -> String;
}

macro_rules! update_params {
    ($form:ident, $params:ty, $proto:ty, $module:literal) => {
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $form {
            pub authority: String,
            pub params: $params,
        }

        impl MessageForm for $form {
            type Proto = $proto;
            fn authority(&self) -> &str {
                &self.authority
            }
            fn to_proto(&self) -> $proto {
                <$proto>::from_parts(self.authority.clone(), self.params.to_proto())
            }
            fn from_proto(p: &$proto) -> Result<Self, FormError> {
                let params = p.params.as_ref().ok_or_else(|| FormError::Field {
                    field: "params".to_owned(),
                    reason: "missing".to_owned(),
                })?;
                Ok(Self {
                    authority: p.authority.clone(),
                    params: <$params>::from_proto(params)?,
                })
            }
            fn summary(&self) -> String {
                format!("update the {} params", $module)
            }
        }
    };
}

/// Builds an `MsgUpdateParams` from its two fields (the SDK types have no constructor).
trait FromParts<P> {
    fn from_parts(authority: String, params: P) -> Self;
}

macro_rules! from_parts {
    ($msg:ty, $params:ty) => {
        impl FromParts<$params> for $msg {
            fn from_parts(authority: String, params: $params) -> Self {
                Self {
                    authority,
                    params: Some(params),
                }
            }
        }
    };
}

from_parts!(auth::v1beta1::MsgUpdateParams, auth::v1beta1::Params);
from_parts!(bank::v1beta1::MsgUpdateParams, bank::v1beta1::Params);
from_parts!(staking::v1beta1::MsgUpdateParams, staking::v1beta1::Params);
from_parts!(
    distribution::v1beta1::MsgUpdateParams,
    distribution::v1beta1::Params
);
from_parts!(
    slashing::v1beta1::MsgUpdateParams,
    slashing::v1beta1::Params
);
from_parts!(gov::v1::MsgUpdateParams, gov::v1::Params);
from_parts!(proto::datanets::MsgUpdateParams, proto::datanets::Params);
from_parts!(proto::models::MsgUpdateParams, proto::models::Params);

update_params!(
    AuthUpdateParams,
    AuthParams,
    auth::v1beta1::MsgUpdateParams,
    "auth"
);
update_params!(
    BankUpdateParams,
    BankParams,
    bank::v1beta1::MsgUpdateParams,
    "bank"
);
update_params!(
    StakingUpdateParams,
    StakingParams,
    staking::v1beta1::MsgUpdateParams,
    "staking"
);
update_params!(
    DistributionUpdateParams,
    DistributionParams,
    distribution::v1beta1::MsgUpdateParams,
    "distribution"
);
update_params!(
    SlashingUpdateParams,
    SlashingParams,
    slashing::v1beta1::MsgUpdateParams,
    "slashing"
);
update_params!(GovUpdateParams, GovParams, gov::v1::MsgUpdateParams, "gov");
update_params!(
    DatanetsUpdateParams,
    DatanetsParams,
    proto::datanets::MsgUpdateParams,
    "datanets"
);
update_params!(
    ModelsUpdateParams,
    ModelsParams,
    proto::models::MsgUpdateParams,
    "models"
);

/// The model id of `MsgApproveModel` and `MsgRejectModel`: a positive integer.
fn check_model_id(id: U64) -> Result<(), String> {
    if id.0 == 0 {
        return Err("model_id: model ids start at 1".to_owned());
    }
    Ok(())
}

/// `/openledger.models.v1.MsgApproveModel`: PROPOSED → APPROVED.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveModel {
    pub authority: String,
    #[serde(alias = "modelId")]
    pub model_id: U64,
}

impl MessageForm for ApproveModel {
    type Proto = proto::models::MsgApproveModel;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            model_id: self.model_id.0,
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            model_id: U64(p.model_id),
        })
    }
    fn check(&self) -> Result<(), String> {
        check_model_id(self.model_id)
    }
    fn summary(&self) -> String {
        format!("approve model {}", self.model_id.0)
    }
}

/// `/openledger.models.v1.MsgRejectModel`: PROPOSED → REJECTED, the bond refunded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectModel {
    pub authority: String,
    #[serde(alias = "modelId")]
    pub model_id: U64,
}

impl MessageForm for RejectModel {
    type Proto = proto::models::MsgRejectModel;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            model_id: self.model_id.0,
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            model_id: U64(p.model_id),
        })
    }
    fn check(&self) -> Result<(), String> {
        check_model_id(self.model_id)
    }
    fn summary(&self) -> String {
        format!("reject model {} (its bond is refunded)", self.model_id.0)
    }
}

/// `/openledger.attribution.v1.MsgUpdateParams` (written out rather than with
/// `update_params!` for the check that the shares sum to 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionUpdateParams {
    pub authority: String,
    pub params: AttributionParams,
}

impl MessageForm for AttributionUpdateParams {
    type Proto = proto::attribution::MsgUpdateParams;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            params: Some(self.params.to_proto()),
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        let params = p.params.as_ref().ok_or_else(|| FormError::Field {
            field: "params".to_owned(),
            reason: "missing".to_owned(),
        })?;
        Ok(Self {
            authority: p.authority.clone(),
            params: AttributionParams::from_proto(params)?,
        })
    }
    fn check(&self) -> Result<(), String> {
        self.params
            .check_shares()
            .map_err(|e| format!("params: {e}"))
    }
    fn summary(&self) -> String {
        "update the attribution params".to_owned()
    }
}

/// `/openledger.attribution.v1.MsgSlashOperator`: burns `fraction` of an operator's bond.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlashOperator {
    pub authority: String,
    pub operator: String,
    /// In (0, 1]; `LegacyDec` atomics on the wire.
    pub fraction: DecField,
    #[serde(default)]
    pub reason: String,
}

impl MessageForm for SlashOperator {
    type Proto = proto::attribution::MsgSlashOperator;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            operator: self.operator.clone(),
            fraction: self.fraction.0.to_proto_string(),
            reason: self.reason.clone(),
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            operator: p.operator.clone(),
            fraction: legacy(&p.fraction, "fraction")?,
            reason: p.reason.clone(),
        })
    }
    fn check(&self) -> Result<(), String> {
        address::parse_account(&self.operator).map_err(|e| format!("operator: {e}"))?;
        let fraction = self.fraction.0;
        if fraction == Dec::ZERO || fraction > Dec::ONE {
            return Err(format!(
                "fraction: must be above 0 and at most 1, not {}",
                dec::short_string(fraction)
            ));
        }
        Ok(())
    }
    fn summary(&self) -> String {
        let mut text = format!(
            "slash operator {} by {} of its bond",
            self.operator,
            dec::short_string(self.fraction.0)
        );
        if !self.reason.is_empty() {
            text.push_str(&format!(" ({})", self.reason));
        }
        text
    }
}

/// `/cosmos.distribution.v1beta1.MsgCommunityPoolSpend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunityPoolSpend {
    pub authority: String,
    pub recipient: String,
    pub amount: CoinsField,
}

impl MessageForm for CommunityPoolSpend {
    type Proto = distribution::v1beta1::MsgCommunityPoolSpend;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            recipient: self.recipient.clone(),
            amount: self.amount.to_proto(),
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            recipient: p.recipient.clone(),
            amount: CoinsField::from_proto(&p.amount).map_err(|e| FormError::Field {
                field: "amount".to_owned(),
                reason: e.to_string(),
            })?,
        })
    }
    fn check(&self) -> Result<(), String> {
        address::parse_account(&self.recipient).map_err(|e| format!("recipient: {e}"))?;
        if self.amount.0.is_empty() || self.amount.0.iter().any(|c| c.amount == 0) {
            return Err("amount: must be one or more positive coins".to_owned());
        }
        Ok(())
    }
    fn summary(&self) -> String {
        format!(
            "spend {} from the community pool to {}",
            coins_text(&self.amount.0),
            self.recipient
        )
    }
}

/// `/openledger.slashing.v1.MsgUpdateEvidenceParams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateEvidenceParams {
    pub authority: String,
    #[serde(alias = "maxEvidenceAgeSecs")]
    pub max_evidence_age_secs: U64,
}

impl MessageForm for UpdateEvidenceParams {
    type Proto = proto::slashing::MsgUpdateEvidenceParams;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            max_evidence_age_secs: self.max_evidence_age_secs.0,
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            max_evidence_age_secs: U64(p.max_evidence_age_secs),
        })
    }
    fn summary(&self) -> String {
        format!(
            "set the evidence max age to {}s",
            self.max_evidence_age_secs.0
        )
    }
}

/// `/openledger.gov.v1.MsgUpdateGovLimits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateGovLimits {
    pub authority: String,
    #[serde(alias = "unlockDelaySecs")]
    pub unlock_delay_secs: U64,
    #[serde(alias = "maxUnlockEntries")]
    pub max_unlock_entries: U64,
    #[serde(alias = "maxMessages")]
    pub max_messages: U64,
    #[serde(alias = "maxMetadataLen")]
    pub max_metadata_len: U64,
    #[serde(alias = "maxTitleLen")]
    pub max_title_len: U64,
    #[serde(alias = "maxSummaryLen")]
    pub max_summary_len: U64,
}

impl MessageForm for UpdateGovLimits {
    type Proto = proto::gov::MsgUpdateGovLimits;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            unlock_delay_secs: self.unlock_delay_secs.0,
            max_unlock_entries: u32::try_from(self.max_unlock_entries.0).unwrap_or(u32::MAX),
            max_messages: u32::try_from(self.max_messages.0).unwrap_or(u32::MAX),
            max_metadata_len: self.max_metadata_len.0,
            max_title_len: self.max_title_len.0,
            max_summary_len: self.max_summary_len.0,
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        Ok(Self {
            authority: p.authority.clone(),
            unlock_delay_secs: U64(p.unlock_delay_secs),
            max_unlock_entries: U64(u64::from(p.max_unlock_entries)),
            max_messages: U64(u64::from(p.max_messages)),
            max_metadata_len: U64(p.max_metadata_len),
            max_title_len: U64(p.max_title_len),
            max_summary_len: U64(p.max_summary_len),
        })
    }
    fn check(&self) -> Result<(), String> {
        if self.max_unlock_entries.0 > u64::from(u32::MAX)
            || self.max_messages.0 > u64::from(u32::MAX)
        {
            return Err("max_unlock_entries and max_messages must fit in 32 bits".into());
        }
        Ok(())
    }
    fn summary(&self) -> String {
        format!(
            "set the gOPEN unlock delay to {}s and the proposal limits",
            self.unlock_delay_secs.0
        )
    }
}

/// `/openledger.auth.v1.MsgUpdateTxParams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateTxParams {
    pub authority: String,
    #[serde(alias = "maxTxBytes")]
    pub max_tx_bytes: U64,
    #[serde(alias = "maxMsgsPerTx")]
    pub max_msgs_per_tx: U64,
    /// aopen per unit of gas.
    #[serde(alias = "minGasPrice")]
    pub min_gas_price: UintText,
    #[serde(alias = "maxGasPerTx")]
    pub max_gas_per_tx: U64,
}

impl MessageForm for UpdateTxParams {
    type Proto = proto::auth::MsgUpdateTxParams;
    fn authority(&self) -> &str {
        &self.authority
    }
    fn to_proto(&self) -> Self::Proto {
        Self::Proto {
            authority: self.authority.clone(),
            max_tx_bytes: self.max_tx_bytes.0,
            max_msgs_per_tx: self.max_msgs_per_tx.0,
            min_gas_price: self.min_gas_price.0.to_string(),
            max_gas_per_tx: self.max_gas_per_tx.0,
        }
    }
    fn from_proto(p: &Self::Proto) -> Result<Self, FormError> {
        let min_gas_price =
            p.min_gas_price
                .trim()
                .parse::<u128>()
                .map_err(|_| FormError::Field {
                    field: "min_gas_price".to_owned(),
                    reason: format!("not an integer: {:?}", p.min_gas_price),
                })?;
        Ok(Self {
            authority: p.authority.clone(),
            max_tx_bytes: U64(p.max_tx_bytes),
            max_msgs_per_tx: U64(p.max_msgs_per_tx),
            min_gas_price: UintText(min_gas_price),
            max_gas_per_tx: U64(p.max_gas_per_tx),
        })
    }
    fn summary(&self) -> String {
        "update the transaction limits (max tx bytes, messages, gas; min gas price)".to_owned()
    }
}

fn coins_text(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(Coin::display)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A proposal message, ready to go on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalMessage {
    pub any: Any,
    pub summary: String,
}

fn parse_as<F: MessageForm>(
    index: usize,
    type_url: &str,
    body: Map<String, Value>,
    gov_authority: &AccountId,
) -> Result<ProposalMessage, FormError> {
    let fail = |reason: String| FormError::Message {
        index,
        type_url: type_url.to_owned(),
        reason,
    };
    let form: F = serde_json::from_value(Value::Object(body)).map_err(|e| fail(e.to_string()))?;
    let authority =
        address::parse_account(form.authority()).map_err(|e| fail(format!("authority: {e}")))?;
    if authority != *gov_authority {
        return Err(fail(format!(
            "authority must be the gov module account {gov_authority} (see `openledger query gov authority`), not {authority}"
        )));
    }
    form.check().map_err(fail)?;
    Ok(ProposalMessage {
        any: Any {
            type_url: F::Proto::type_url(),
            value: form.to_proto().encode_to_vec(),
        },
        summary: form.summary(),
    })
}

/// Converts the JSON of message number `index` of a proposal file.
pub fn parse_message(
    index: usize,
    value: &Value,
    gov_authority: &AccountId,
) -> Result<ProposalMessage, FormError> {
    let Value::Object(object) = value else {
        return Err(FormError::Message {
            index,
            type_url: String::new(),
            reason: "expected a JSON object".to_owned(),
        });
    };
    let mut body = object.clone();
    let type_url = match body.remove("@type") {
        Some(Value::String(type_url)) => type_url,
        _ => return Err(FormError::MissingType { index }),
    };
    let g = gov_authority;
    match type_url.as_str() {
        "/cosmos.auth.v1beta1.MsgUpdateParams" => {
            parse_as::<AuthUpdateParams>(index, &type_url, body, g)
        }
        "/cosmos.bank.v1beta1.MsgUpdateParams" => {
            parse_as::<BankUpdateParams>(index, &type_url, body, g)
        }
        "/cosmos.staking.v1beta1.MsgUpdateParams" => {
            parse_as::<StakingUpdateParams>(index, &type_url, body, g)
        }
        "/cosmos.distribution.v1beta1.MsgUpdateParams" => {
            parse_as::<DistributionUpdateParams>(index, &type_url, body, g)
        }
        "/cosmos.slashing.v1beta1.MsgUpdateParams" => {
            parse_as::<SlashingUpdateParams>(index, &type_url, body, g)
        }
        "/cosmos.gov.v1.MsgUpdateParams" => parse_as::<GovUpdateParams>(index, &type_url, body, g),
        "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend" => {
            parse_as::<CommunityPoolSpend>(index, &type_url, body, g)
        }
        "/openledger.slashing.v1.MsgUpdateEvidenceParams" => {
            parse_as::<UpdateEvidenceParams>(index, &type_url, body, g)
        }
        "/openledger.gov.v1.MsgUpdateGovLimits" => {
            parse_as::<UpdateGovLimits>(index, &type_url, body, g)
        }
        "/openledger.auth.v1.MsgUpdateTxParams" => {
            parse_as::<UpdateTxParams>(index, &type_url, body, g)
        }
        "/openledger.datanets.v1.MsgUpdateParams" => {
            parse_as::<DatanetsUpdateParams>(index, &type_url, body, g)
        }
        "/openledger.models.v1.MsgUpdateParams" => {
            parse_as::<ModelsUpdateParams>(index, &type_url, body, g)
        }
        "/openledger.models.v1.MsgApproveModel" => {
            parse_as::<ApproveModel>(index, &type_url, body, g)
        }
        "/openledger.models.v1.MsgRejectModel" => {
            parse_as::<RejectModel>(index, &type_url, body, g)
        }
        "/openledger.attribution.v1.MsgUpdateParams" => {
            parse_as::<AttributionUpdateParams>(index, &type_url, body, g)
        }
        "/openledger.attribution.v1.MsgSlashOperator" => {
            parse_as::<SlashOperator>(index, &type_url, body, g)
        }
        _ => Err(FormError::UnknownType {
            index,
            type_url,
            supported: SUPPORTED_TYPES.join(", "),
        }),
    }
}

fn render_as<F: MessageForm>(any: &Any) -> Option<Value> {
    let proto = F::Proto::decode(any.value.as_slice()).ok()?;
    let form = F::from_proto(&proto).ok()?;
    let Value::Object(fields) = serde_json::to_value(form).ok()? else {
        return None;
    };
    let mut out = Map::new();
    out.insert("@type".to_owned(), Value::String(any.type_url.clone()));
    out.extend(fields);
    Some(Value::Object(out))
}

/// The proposal-file JSON of a message, for the supported types; `None` for other types
/// or undecodable bytes.
pub fn render_message(any: &Any) -> Option<Value> {
    match any.type_url.as_str() {
        "/cosmos.auth.v1beta1.MsgUpdateParams" => render_as::<AuthUpdateParams>(any),
        "/cosmos.bank.v1beta1.MsgUpdateParams" => render_as::<BankUpdateParams>(any),
        "/cosmos.staking.v1beta1.MsgUpdateParams" => render_as::<StakingUpdateParams>(any),
        "/cosmos.distribution.v1beta1.MsgUpdateParams" => {
            render_as::<DistributionUpdateParams>(any)
        }
        "/cosmos.slashing.v1beta1.MsgUpdateParams" => render_as::<SlashingUpdateParams>(any),
        "/cosmos.gov.v1.MsgUpdateParams" => render_as::<GovUpdateParams>(any),
        "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend" => {
            render_as::<CommunityPoolSpend>(any)
        }
        "/openledger.auth.v1.MsgUpdateTxParams" => render_as::<UpdateTxParams>(any),
        "/openledger.slashing.v1.MsgUpdateEvidenceParams" => render_as::<UpdateEvidenceParams>(any),
        "/openledger.gov.v1.MsgUpdateGovLimits" => render_as::<UpdateGovLimits>(any),
        "/openledger.datanets.v1.MsgUpdateParams" => render_as::<DatanetsUpdateParams>(any),
        "/openledger.models.v1.MsgUpdateParams" => render_as::<ModelsUpdateParams>(any),
        "/openledger.models.v1.MsgApproveModel" => render_as::<ApproveModel>(any),
        "/openledger.models.v1.MsgRejectModel" => render_as::<RejectModel>(any),
        "/openledger.attribution.v1.MsgUpdateParams" => render_as::<AttributionUpdateParams>(any),
        "/openledger.attribution.v1.MsgSlashOperator" => render_as::<SlashOperator>(any),
        _ => None,
    }
}

/// A message as JSON: the proposal-file form when known, else its type and hex bytes.
pub fn message_json(any: &Any) -> Value {
    render_message(any).unwrap_or_else(
        || serde_json::json!({ "@type": any.type_url, "value_hex": hex::encode(&any.value) }),
    )
}

/// The top level of a proposal file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalFile {
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    metadata: String,
    #[serde(default)]
    deposit: CoinsField,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    expedited: bool,
}

/// A parsed proposal file. No messages means a text proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub messages: Vec<ProposalMessage>,
    pub metadata: String,
    pub deposit: Vec<Coin>,
    pub title: String,
    pub summary: String,
    pub expedited: bool,
}

/// Parses and checks a proposal file; `gov_authority` is what every message's `authority`
/// must be.
pub fn parse_proposal(text: &str, gov_authority: &AccountId) -> Result<Proposal, FormError> {
    let file: ProposalFile = serde_json::from_str(text)
        .map_err(|e| FormError::File(format!("invalid proposal file: {e}")))?;
    if file.title.trim().is_empty() {
        return Err(FormError::File(
            "the proposal needs a non-empty \"title\"".to_owned(),
        ));
    }
    if file.summary.trim().is_empty() {
        return Err(FormError::File(
            "the proposal needs a non-empty \"summary\"".to_owned(),
        ));
    }
    if file.deposit.0.iter().any(|c| c.amount == 0) {
        return Err(FormError::File(
            "\"deposit\": every coin must be positive".to_owned(),
        ));
    }
    let messages = file
        .messages
        .iter()
        .enumerate()
        .map(|(index, value)| parse_message(index, value, gov_authority))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Proposal {
        messages,
        metadata: file.metadata,
        deposit: file.deposit.0,
        title: file.title,
        summary: file.summary,
        expedited: file.expedited,
    })
}

#[cfg(test)]
mod tests;
