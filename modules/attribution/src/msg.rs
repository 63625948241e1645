//! Domain messages, converted from their protobuf form. Conversion checks addresses, coins and
//! fractions, and refuses lists and texts beyond the largest value the params allow
//! (`MAX_*` below); every limit that is a param is checked by the handler, in the order the
//! handler documents.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use openledger_framework::{Address, Dec, BASE_DENOM};

use crate::error::AttributionError;
use crate::params::{
    Params, ATTRIBUTION_ENTRIES_RANGE, CHALLENGE_OUTPUT_BYTES_RANGE, ENDPOINT_LEN_RANGE,
    MODELS_PER_OPERATOR_RANGE, REQUEST_ID_LEN_RANGE,
};
use crate::proto;
use crate::types::{amount_from_wire, AttributionEntry};

/// Most models a message may list whatever the params say.
pub const MAX_MODELS: u32 = MODELS_PER_OPERATOR_RANGE.1;
/// Longest endpoint a message may carry whatever the params say.
pub const MAX_ENDPOINT_LEN: u32 = ENDPOINT_LEN_RANGE.1;
/// Longest request id a message may carry whatever the params say.
pub const MAX_REQUEST_ID_LEN: u32 = REQUEST_ID_LEN_RANGE.1;
/// Most attribution entries a message may carry whatever the params say.
pub const MAX_ATTRIBUTION_ENTRIES: u32 = ATTRIBUTION_ENTRIES_RANGE.1;
/// Length of `output_hash` and of a non-empty `prompt_hash`.
pub const HASH_LEN: usize = 32;
/// Longest slash reason, in bytes.
pub const MAX_REASON_LEN: usize = 1024;
/// Largest output a challenge may carry whatever the params say (1 MiB).
pub const MAX_CHALLENGE_OUTPUT_BYTES: u32 = CHALLENGE_OUTPUT_BYTES_RANGE.1;

fn addr(s: &str) -> Result<Address, AttributionError> {
    Ok(s.parse::<Address>()?)
}

fn len_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// An aopen amount from an optional protobuf coin: `None` if absent; a present coin must be
/// aopen and a decimal integer (it may be zero; callers decide).
fn opt_aopen(c: &Option<ProtoCoin>) -> Result<Option<u128>, AttributionError> {
    let Some(c) = c else {
        return Ok(None);
    };
    if c.denom != BASE_DENOM {
        return Err(AttributionError::InvalidDenom(c.denom.clone()));
    }
    let amount = amount_from_wire("amount", &c.amount)
        .map_err(|_| AttributionError::InvalidCoins(format!("{:?} is not an amount", c.amount)))?;
    Ok(Some(amount))
}

/// A required, positive aopen coin.
fn positive_aopen(field: &str, c: &Option<ProtoCoin>) -> Result<u128, AttributionError> {
    match opt_aopen(c)? {
        None => Err(AttributionError::InvalidCoins(format!(
            "{field} must be set"
        ))),
        Some(0) => Err(AttributionError::InvalidCoins(format!(
            "{field} must be positive"
        ))),
        Some(a) => Ok(a),
    }
}

fn check_models_cap(models: &[u64]) -> Result<(), AttributionError> {
    if len_u64(models.len()) > u64::from(MAX_MODELS) {
        return Err(AttributionError::TooManyModels {
            len: models.len(),
            max: MAX_MODELS,
        });
    }
    Ok(())
}

fn check_endpoint_cap(endpoint: &str) -> Result<(), AttributionError> {
    if len_u64(endpoint.len()) > u64::from(MAX_ENDPOINT_LEN) {
        return Err(AttributionError::InvalidEndpoint(format!(
            "{} bytes, at most {MAX_ENDPOINT_LEN}",
            endpoint.len()
        )));
    }
    Ok(())
}

/// `MsgRegisterOperator`: bond, endpoint and served models of a new (or unbonded) operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRegisterOperator {
    pub operator: Address,
    /// aopen, positive.
    pub bond: u128,
    pub endpoint: String,
    pub models: Vec<u64>,
}

impl TryFrom<&proto::MsgRegisterOperator> for MsgRegisterOperator {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgRegisterOperator) -> Result<Self, AttributionError> {
        let operator = addr(&m.operator)?;
        let bond = positive_aopen("bond", &m.bond)?;
        check_endpoint_cap(&m.endpoint)?;
        check_models_cap(&m.models)?;
        Ok(MsgRegisterOperator {
            operator,
            bond,
            endpoint: m.endpoint.clone(),
            models: m.models.clone(),
        })
    }
}

impl MsgRegisterOperator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgUpdateOperator`: a new endpoint and model list, optionally more bond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateOperator {
    pub operator: Address,
    pub endpoint: String,
    pub models: Vec<u64>,
    /// aopen added to the bond; 0 when the message carries no `add_bond`.
    pub add_bond: u128,
}

impl TryFrom<&proto::MsgUpdateOperator> for MsgUpdateOperator {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgUpdateOperator) -> Result<Self, AttributionError> {
        let operator = addr(&m.operator)?;
        let add_bond = match &m.add_bond {
            None => 0,
            c => positive_aopen("add_bond", c)?,
        };
        check_endpoint_cap(&m.endpoint)?;
        check_models_cap(&m.models)?;
        Ok(MsgUpdateOperator {
            operator,
            endpoint: m.endpoint.clone(),
            models: m.models.clone(),
            add_bond,
        })
    }
}

impl MsgUpdateOperator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgUnbondOperator`: stop serving and start the unbonding period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUnbondOperator {
    pub operator: Address,
}

impl TryFrom<&proto::MsgUnbondOperator> for MsgUnbondOperator {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgUnbondOperator) -> Result<Self, AttributionError> {
        Ok(MsgUnbondOperator {
            operator: addr(&m.operator)?,
        })
    }
}

impl MsgUnbondOperator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgSlashOperator`: governance burns a fraction of an operator's bond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSlashOperator {
    pub authority: Address,
    pub operator: Address,
    /// In (0, 1].
    pub fraction: Dec,
    /// At most [`MAX_REASON_LEN`] bytes.
    pub reason: String,
}

impl TryFrom<&proto::MsgSlashOperator> for MsgSlashOperator {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgSlashOperator) -> Result<Self, AttributionError> {
        let authority = addr(&m.authority)?;
        let operator = addr(&m.operator)?;
        let fraction = Dec::from_proto_str(&m.fraction)
            .map_err(|e| AttributionError::InvalidFraction(e.to_string()))?;
        check_fraction(fraction)?;
        if m.reason.len() > MAX_REASON_LEN {
            return Err(AttributionError::TooLong {
                field: "reason",
                len: m.reason.len(),
                max: MAX_REASON_LEN,
            });
        }
        Ok(MsgSlashOperator {
            authority,
            operator,
            fraction,
            reason: m.reason.clone(),
        })
    }
}

/// A slash fraction must be in (0, 1].
pub(crate) fn check_fraction(fraction: Dec) -> Result<(), AttributionError> {
    if fraction.is_zero() || fraction > Dec::ONE {
        return Err(AttributionError::InvalidFraction(format!(
            "{fraction} is not in (0, 1]"
        )));
    }
    Ok(())
}

impl MsgSlashOperator {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `MsgDeposit`: fund the user's inference balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgDeposit {
    pub user: Address,
    /// aopen, positive.
    pub amount: u128,
}

impl TryFrom<&proto::MsgDeposit> for MsgDeposit {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgDeposit) -> Result<Self, AttributionError> {
        Ok(MsgDeposit {
            user: addr(&m.user)?,
            amount: positive_aopen("amount", &m.amount)?,
        })
    }
}

impl MsgDeposit {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.user]
    }
}

/// `MsgWithdraw`: take back part or all of the inference balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgWithdraw {
    pub user: Address,
    /// aopen; 0 (or absent on the wire) means everything.
    pub amount: u128,
}

impl TryFrom<&proto::MsgWithdraw> for MsgWithdraw {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgWithdraw) -> Result<Self, AttributionError> {
        Ok(MsgWithdraw {
            user: addr(&m.user)?,
            amount: opt_aopen(&m.amount)?.unwrap_or(0),
        })
    }
}

impl MsgWithdraw {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.user]
    }
}

/// `MsgGrant`: let an operator charge the user's balance, up to a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgGrant {
    pub user: Address,
    pub operator: Address,
    /// 0: any model.
    pub model_id: u64,
    /// aopen, positive.
    pub spend_limit: u128,
}

impl TryFrom<&proto::MsgGrant> for MsgGrant {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgGrant) -> Result<Self, AttributionError> {
        let user = addr(&m.user)?;
        let operator = addr(&m.operator)?;
        let spend_limit = amount_from_wire("spend_limit", &m.spend_limit).map_err(|_| {
            AttributionError::InvalidCoins(format!(
                "spend_limit {:?} is not an amount",
                m.spend_limit
            ))
        })?;
        if spend_limit == 0 {
            return Err(AttributionError::InvalidCoins(
                "spend_limit must be positive".into(),
            ));
        }
        Ok(MsgGrant {
            user,
            operator,
            model_id: m.model_id,
            spend_limit,
        })
    }
}

impl MsgGrant {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.user]
    }
}

/// `MsgRevoke`: delete a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRevoke {
    pub user: Address,
    pub operator: Address,
    pub model_id: u64,
}

impl TryFrom<&proto::MsgRevoke> for MsgRevoke {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgRevoke) -> Result<Self, AttributionError> {
        Ok(MsgRevoke {
            user: addr(&m.user)?,
            operator: addr(&m.operator)?,
            model_id: m.model_id,
        })
    }
}

impl MsgRevoke {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.user]
    }
}

/// `MsgRecordInference`: an operator meters one inference and charges the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgRecordInference {
    pub operator: Address,
    pub user: Address,
    pub model_id: u64,
    /// 0: the model's latest version.
    pub model_version: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// 32 bytes.
    pub output_hash: Vec<u8>,
    /// Empty or 32 bytes.
    pub prompt_hash: Vec<u8>,
    pub request_id: String,
    /// Empty for an unattributed output.
    pub attribution: Vec<AttributionEntry>,
    pub engine_version: u32,
    pub engine_params_id: u64,
    /// 32 bytes.
    pub evidence_hash: Vec<u8>,
    /// The LoRA adapter served; empty: none. At most [`MAX_ADAPTER_HASH_LEN`] bytes.
    pub adapter_hash: String,
}

/// Longest `adapter_hash` of a receipt: 64 bytes as hex.
pub const MAX_ADAPTER_HASH_LEN: usize = 128;

impl TryFrom<&proto::MsgRecordInference> for MsgRecordInference {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgRecordInference) -> Result<Self, AttributionError> {
        let operator = addr(&m.operator)?;
        let user = addr(&m.user)?;
        if len_u64(m.request_id.len()) > u64::from(MAX_REQUEST_ID_LEN) {
            return Err(AttributionError::InvalidRequestId(format!(
                "{} bytes, at most {MAX_REQUEST_ID_LEN}",
                m.request_id.len()
            )));
        }
        check_entries_cap(m.attribution.len())?;
        if m.adapter_hash.len() > MAX_ADAPTER_HASH_LEN {
            return Err(AttributionError::InvalidAdapter(format!(
                "adapter_hash: {} bytes, at most {MAX_ADAPTER_HASH_LEN}",
                m.adapter_hash.len()
            )));
        }
        Ok(MsgRecordInference {
            operator,
            user,
            model_id: m.model_id,
            model_version: m.model_version,
            input_tokens: m.input_tokens,
            output_tokens: m.output_tokens,
            output_hash: m.output_hash.clone(),
            prompt_hash: m.prompt_hash.clone(),
            request_id: m.request_id.clone(),
            attribution: m
                .attribution
                .iter()
                .map(AttributionEntry::from_proto)
                .collect(),
            engine_version: m.engine_version,
            engine_params_id: m.engine_params_id,
            evidence_hash: m.evidence_hash.clone(),
            adapter_hash: m.adapter_hash.clone(),
        })
    }
}

impl MsgRecordInference {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.operator]
    }
}

/// `MsgClaimRewards`: pay out the sender's whole claimable balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgClaimRewards {
    pub claimant: Address,
}

impl TryFrom<&proto::MsgClaimRewards> for MsgClaimRewards {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgClaimRewards) -> Result<Self, AttributionError> {
        Ok(MsgClaimRewards {
            claimant: addr(&m.claimant)?,
        })
    }
}

impl MsgClaimRewards {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.claimant]
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
    type Error = AttributionError;
    fn try_from(m: &proto::MsgUpdateParams) -> Result<Self, AttributionError> {
        let params = m
            .params
            .as_ref()
            .ok_or_else(|| AttributionError::InvalidParams("params must be set".into()))?;
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

fn check_entries_cap(len: usize) -> Result<(), AttributionError> {
    if len_u64(len) > u64::from(MAX_ATTRIBUTION_ENTRIES) {
        return Err(AttributionError::TooManyEntries {
            len,
            max: MAX_ATTRIBUTION_ENTRIES,
        });
    }
    Ok(())
}

/// `MsgChallengeReceipt`: a challenger disputes a receipt's attribution within its challenge
/// window, posting a bond and the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgChallengeReceipt {
    pub challenger: Address,
    pub receipt_id: u64,
    /// At most [`MAX_CHALLENGE_OUTPUT_BYTES`].
    pub output: Vec<u8>,
    /// aopen, positive.
    pub bond: u128,
}

impl TryFrom<&proto::MsgChallengeReceipt> for MsgChallengeReceipt {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgChallengeReceipt) -> Result<Self, AttributionError> {
        let challenger = addr(&m.challenger)?;
        let bond = positive_aopen("bond", &m.bond)?;
        if len_u64(m.output.len()) > u64::from(MAX_CHALLENGE_OUTPUT_BYTES) {
            return Err(AttributionError::ChallengeOutputTooLarge {
                len: m.output.len(),
                max: u64::from(MAX_CHALLENGE_OUTPUT_BYTES),
            });
        }
        Ok(MsgChallengeReceipt {
            challenger,
            receipt_id: m.receipt_id,
            output: m.output.clone(),
            bond,
        })
    }
}

impl MsgChallengeReceipt {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.challenger]
    }
}

/// `MsgSettleChallenge`: governance settles an OPEN or ESCALATED challenge with the weights
/// the engine gives (empty: unattributed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgSettleChallenge {
    pub authority: Address,
    pub challenge_id: u64,
    pub entries: Vec<AttributionEntry>,
}

impl TryFrom<&proto::MsgSettleChallenge> for MsgSettleChallenge {
    type Error = AttributionError;
    fn try_from(m: &proto::MsgSettleChallenge) -> Result<Self, AttributionError> {
        let authority = addr(&m.authority)?;
        check_entries_cap(m.entries.len())?;
        Ok(MsgSettleChallenge {
            authority,
            challenge_id: m.challenge_id,
            entries: m.entries.iter().map(AttributionEntry::from_proto).collect(),
        })
    }
}

impl MsgSettleChallenge {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}
