//! The JSON form of each module's parameters: what `query <module> params` prints under
//! `params` and what a proposal file's `MsgUpdateParams` carries, so one can be pasted into
//! the other.
//!
//! `MsgUpdateParams` replaces the whole parameter set, so every field that the chain uses
//! is required (a forgotten field would silently become zero). Deprecated or unused SDK
//! fields are optional. Field names are the SDK's (snake_case); proto3 JSON's camelCase
//! names are accepted too.

use cosmos_sdk_proto::cosmos::{auth, bank, distribution, gov, slashing, staking};
use serde::{Deserialize, Serialize};

use super::scalar::{CoinsField, DecField, DurationField, UintText, I64, U32, U64};
use super::FormError;
use crate::dec::{self, Dec};
use crate::proto::{attribution, datanets, models};

/// `cosmos.auth.v1beta1.Params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthParams {
    #[serde(alias = "maxMemoCharacters")]
    pub max_memo_characters: U64,
    #[serde(alias = "txSigLimit")]
    pub tx_sig_limit: U64,
    #[serde(alias = "txSizeCostPerByte")]
    pub tx_size_cost_per_byte: U64,
    #[serde(alias = "sigVerifyCostEd25519")]
    pub sig_verify_cost_ed25519: U64,
    #[serde(alias = "sigVerifyCostSecp256k1")]
    pub sig_verify_cost_secp256k1: U64,
}

impl AuthParams {
    pub fn to_proto(&self) -> auth::v1beta1::Params {
        auth::v1beta1::Params {
            max_memo_characters: self.max_memo_characters.0,
            tx_sig_limit: self.tx_sig_limit.0,
            tx_size_cost_per_byte: self.tx_size_cost_per_byte.0,
            sig_verify_cost_ed25519: self.sig_verify_cost_ed25519.0,
            sig_verify_cost_secp256k1: self.sig_verify_cost_secp256k1.0,
        }
    }

    pub fn from_proto(p: &auth::v1beta1::Params) -> Result<Self, FormError> {
        Ok(Self {
            max_memo_characters: U64(p.max_memo_characters),
            tx_sig_limit: U64(p.tx_sig_limit),
            tx_size_cost_per_byte: U64(p.tx_size_cost_per_byte),
            sig_verify_cost_ed25519: U64(p.sig_verify_cost_ed25519),
            sig_verify_cost_secp256k1: U64(p.sig_verify_cost_secp256k1),
        })
    }
}

/// One entry of the deprecated `send_enabled` list of the bank params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendEnabled {
    pub denom: String,
    pub enabled: bool,
}

/// `cosmos.bank.v1beta1.Params` (`send_enabled` is deprecated in the SDK and optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankParams {
    #[serde(default, alias = "sendEnabled", skip_serializing_if = "Vec::is_empty")]
    pub send_enabled: Vec<SendEnabled>,
    #[serde(alias = "defaultSendEnabled")]
    pub default_send_enabled: bool,
}

impl BankParams {
    #[allow(deprecated)]
    pub fn to_proto(&self) -> bank::v1beta1::Params {
        bank::v1beta1::Params {
            send_enabled: self
                .send_enabled
                .iter()
                .map(|s| bank::v1beta1::SendEnabled {
                    denom: s.denom.clone(),
                    enabled: s.enabled,
                })
                .collect(),
            default_send_enabled: self.default_send_enabled,
        }
    }

    #[allow(deprecated)]
    pub fn from_proto(p: &bank::v1beta1::Params) -> Result<Self, FormError> {
        Ok(Self {
            send_enabled: p
                .send_enabled
                .iter()
                .map(|s| SendEnabled {
                    denom: s.denom.clone(),
                    enabled: s.enabled,
                })
                .collect(),
            default_send_enabled: p.default_send_enabled,
        })
    }
}

/// `cosmos.staking.v1beta1.Params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakingParams {
    #[serde(alias = "unbondingTime")]
    pub unbonding_time: DurationField,
    #[serde(alias = "maxValidators")]
    pub max_validators: U32,
    #[serde(alias = "maxEntries")]
    pub max_entries: U32,
    #[serde(alias = "historicalEntries")]
    pub historical_entries: U32,
    #[serde(alias = "bondDenom")]
    pub bond_denom: String,
    #[serde(alias = "minCommissionRate")]
    pub min_commission_rate: DecField,
}

impl StakingParams {
    pub fn to_proto(&self) -> staking::v1beta1::Params {
        staking::v1beta1::Params {
            unbonding_time: Some(self.unbonding_time.to_proto()),
            max_validators: self.max_validators.0,
            max_entries: self.max_entries.0,
            historical_entries: self.historical_entries.0,
            bond_denom: self.bond_denom.clone(),
            min_commission_rate: self.min_commission_rate.0.to_proto_string(),
        }
    }

    pub fn from_proto(p: &staking::v1beta1::Params) -> Result<Self, FormError> {
        Ok(Self {
            unbonding_time: duration(p.unbonding_time.as_ref()),
            max_validators: U32(p.max_validators),
            max_entries: U32(p.max_entries),
            historical_entries: U32(p.historical_entries),
            bond_denom: p.bond_denom.clone(),
            min_commission_rate: legacy(&p.min_commission_rate, "min_commission_rate")?,
        })
    }
}

/// `cosmos.distribution.v1beta1.Params` (the proposer rewards are deprecated and optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionParams {
    #[serde(alias = "communityTax")]
    pub community_tax: DecField,
    #[serde(default, alias = "baseProposerReward")]
    pub base_proposer_reward: DecField,
    #[serde(default, alias = "bonusProposerReward")]
    pub bonus_proposer_reward: DecField,
    #[serde(alias = "withdrawAddrEnabled")]
    pub withdraw_addr_enabled: bool,
}

impl DistributionParams {
    #[allow(deprecated)]
    pub fn to_proto(&self) -> distribution::v1beta1::Params {
        distribution::v1beta1::Params {
            community_tax: self.community_tax.0.to_proto_string(),
            base_proposer_reward: self.base_proposer_reward.0.to_proto_string(),
            bonus_proposer_reward: self.bonus_proposer_reward.0.to_proto_string(),
            withdraw_addr_enabled: self.withdraw_addr_enabled,
        }
    }

    #[allow(deprecated)]
    pub fn from_proto(p: &distribution::v1beta1::Params) -> Result<Self, FormError> {
        Ok(Self {
            community_tax: legacy(&p.community_tax, "community_tax")?,
            base_proposer_reward: legacy(&p.base_proposer_reward, "base_proposer_reward")?,
            bonus_proposer_reward: legacy(&p.bonus_proposer_reward, "bonus_proposer_reward")?,
            withdraw_addr_enabled: p.withdraw_addr_enabled,
        })
    }
}

/// `cosmos.slashing.v1beta1.Params`. Its fractions are `LegacyDec` in `bytes` fields: on the
/// wire, the ASCII text of the integer of value × 10^18.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlashingParams {
    #[serde(alias = "signedBlocksWindow")]
    pub signed_blocks_window: I64,
    #[serde(alias = "minSignedPerWindow")]
    pub min_signed_per_window: DecField,
    #[serde(alias = "downtimeJailDuration")]
    pub downtime_jail_duration: DurationField,
    #[serde(alias = "slashFractionDoubleSign")]
    pub slash_fraction_double_sign: DecField,
    #[serde(alias = "slashFractionDowntime")]
    pub slash_fraction_downtime: DecField,
}

impl SlashingParams {
    pub fn to_proto(&self) -> slashing::v1beta1::Params {
        let bytes = |d: &DecField| d.0.to_proto_string().into_bytes();
        slashing::v1beta1::Params {
            signed_blocks_window: self.signed_blocks_window.0,
            min_signed_per_window: bytes(&self.min_signed_per_window),
            downtime_jail_duration: Some(self.downtime_jail_duration.to_proto()),
            slash_fraction_double_sign: bytes(&self.slash_fraction_double_sign),
            slash_fraction_downtime: bytes(&self.slash_fraction_downtime),
        }
    }

    pub fn from_proto(p: &slashing::v1beta1::Params) -> Result<Self, FormError> {
        Ok(Self {
            signed_blocks_window: I64(p.signed_blocks_window),
            min_signed_per_window: legacy_bytes(&p.min_signed_per_window, "min_signed_per_window")?,
            downtime_jail_duration: duration(p.downtime_jail_duration.as_ref()),
            slash_fraction_double_sign: legacy_bytes(
                &p.slash_fraction_double_sign,
                "slash_fraction_double_sign",
            )?,
            slash_fraction_downtime: legacy_bytes(
                &p.slash_fraction_downtime,
                "slash_fraction_downtime",
            )?,
        })
    }
}

/// `cosmos.gov.v1.Params`. Its decimals are plain decimal strings on the wire. The
/// expedited-proposal and cancellation fields are optional (OpenLedger supports neither).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovParams {
    #[serde(alias = "minDeposit")]
    pub min_deposit: CoinsField,
    #[serde(alias = "maxDepositPeriod")]
    pub max_deposit_period: DurationField,
    #[serde(alias = "votingPeriod")]
    pub voting_period: DurationField,
    pub quorum: DecField,
    pub threshold: DecField,
    #[serde(alias = "vetoThreshold")]
    pub veto_threshold: DecField,
    #[serde(alias = "minInitialDepositRatio")]
    pub min_initial_deposit_ratio: DecField,
    #[serde(default, alias = "proposalCancelRatio")]
    pub proposal_cancel_ratio: DecField,
    #[serde(default, alias = "proposalCancelDest")]
    pub proposal_cancel_dest: String,
    #[serde(
        default,
        alias = "expeditedVotingPeriod",
        skip_serializing_if = "Option::is_none"
    )]
    pub expedited_voting_period: Option<DurationField>,
    #[serde(default, alias = "expeditedThreshold")]
    pub expedited_threshold: DecField,
    #[serde(default, alias = "expeditedMinDeposit")]
    pub expedited_min_deposit: CoinsField,
    #[serde(alias = "burnVoteQuorum")]
    pub burn_vote_quorum: bool,
    #[serde(alias = "burnProposalDepositPrevote")]
    pub burn_proposal_deposit_prevote: bool,
    #[serde(alias = "burnVoteVeto")]
    pub burn_vote_veto: bool,
    #[serde(default, alias = "minDepositRatio")]
    pub min_deposit_ratio: DecField,
}

impl GovParams {
    pub fn to_proto(&self) -> gov::v1::Params {
        let dec = |d: &DecField| d.0.to_string();
        gov::v1::Params {
            min_deposit: self.min_deposit.to_proto(),
            max_deposit_period: Some(self.max_deposit_period.to_proto()),
            voting_period: Some(self.voting_period.to_proto()),
            quorum: dec(&self.quorum),
            threshold: dec(&self.threshold),
            veto_threshold: dec(&self.veto_threshold),
            min_initial_deposit_ratio: dec(&self.min_initial_deposit_ratio),
            proposal_cancel_ratio: dec(&self.proposal_cancel_ratio),
            proposal_cancel_dest: self.proposal_cancel_dest.clone(),
            expedited_voting_period: self.expedited_voting_period.map(DurationField::to_proto),
            expedited_threshold: dec(&self.expedited_threshold),
            expedited_min_deposit: self.expedited_min_deposit.to_proto(),
            burn_vote_quorum: self.burn_vote_quorum,
            burn_proposal_deposit_prevote: self.burn_proposal_deposit_prevote,
            burn_vote_veto: self.burn_vote_veto,
            min_deposit_ratio: dec(&self.min_deposit_ratio),
        }
    }

    pub fn from_proto(p: &gov::v1::Params) -> Result<Self, FormError> {
        let coins = |c: &[cosmos_sdk_proto::cosmos::base::v1beta1::Coin], field: &str| {
            CoinsField::from_proto(c).map_err(|e| FormError::Field {
                field: field.to_owned(),
                reason: e.to_string(),
            })
        };
        Ok(Self {
            min_deposit: coins(&p.min_deposit, "min_deposit")?,
            max_deposit_period: duration(p.max_deposit_period.as_ref()),
            voting_period: duration(p.voting_period.as_ref()),
            quorum: decimal(&p.quorum, "quorum")?,
            threshold: decimal(&p.threshold, "threshold")?,
            veto_threshold: decimal(&p.veto_threshold, "veto_threshold")?,
            min_initial_deposit_ratio: decimal(
                &p.min_initial_deposit_ratio,
                "min_initial_deposit_ratio",
            )?,
            proposal_cancel_ratio: decimal(&p.proposal_cancel_ratio, "proposal_cancel_ratio")?,
            proposal_cancel_dest: p.proposal_cancel_dest.clone(),
            expedited_voting_period: p
                .expedited_voting_period
                .as_ref()
                .map(DurationField::from_proto),
            expedited_threshold: decimal(&p.expedited_threshold, "expedited_threshold")?,
            expedited_min_deposit: coins(&p.expedited_min_deposit, "expedited_min_deposit")?,
            burn_vote_quorum: p.burn_vote_quorum,
            burn_proposal_deposit_prevote: p.burn_proposal_deposit_prevote,
            burn_vote_veto: p.burn_vote_veto,
            min_deposit_ratio: decimal(&p.min_deposit_ratio, "min_deposit_ratio")?,
        })
    }
}

/// `openledger.datanets.v1.Params`. Amounts are integers of aopen; the two fractions are
/// `LegacyDec` atomics on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatanetsParams {
    #[serde(alias = "minContributionBond")]
    pub min_contribution_bond: UintText,
    #[serde(alias = "minFeePerByte")]
    pub min_fee_per_byte: UintText,
    #[serde(alias = "maxContributionBytes")]
    pub max_contribution_bytes: U64,
    #[serde(alias = "maxUriLen")]
    pub max_uri_len: U64,
    #[serde(alias = "maxMetadataLen")]
    pub max_metadata_len: U64,
    #[serde(alias = "maxNameLen")]
    pub max_name_len: U64,
    #[serde(alias = "maxSummaryLen")]
    pub max_summary_len: U64,
    #[serde(alias = "maxDescriptionLen")]
    pub max_description_len: U64,
    #[serde(alias = "maxTags")]
    pub max_tags: U32,
    #[serde(alias = "maxCurators")]
    pub max_curators: U32,
    #[serde(alias = "maxAllowList")]
    pub max_allow_list: U32,
    #[serde(alias = "rejectSlashFraction")]
    pub reject_slash_fraction: DecField,
    #[serde(alias = "penaltyPerRejection")]
    pub penalty_per_rejection: U64,
    #[serde(alias = "penaltyThreshold")]
    pub penalty_threshold: U64,
    #[serde(alias = "penaltyRewardMultiplier")]
    pub penalty_reward_multiplier: DecField,
    #[serde(alias = "maxContributionsPerVersion")]
    pub max_contributions_per_version: U64,
}

impl DatanetsParams {
    pub fn to_proto(&self) -> datanets::Params {
        datanets::Params {
            min_contribution_bond: self.min_contribution_bond.0.to_string(),
            min_fee_per_byte: self.min_fee_per_byte.0.to_string(),
            max_contribution_bytes: self.max_contribution_bytes.0,
            max_uri_len: self.max_uri_len.0,
            max_metadata_len: self.max_metadata_len.0,
            max_name_len: self.max_name_len.0,
            max_summary_len: self.max_summary_len.0,
            max_description_len: self.max_description_len.0,
            max_tags: self.max_tags.0,
            max_curators: self.max_curators.0,
            max_allow_list: self.max_allow_list.0,
            reject_slash_fraction: self.reject_slash_fraction.0.to_proto_string(),
            penalty_per_rejection: self.penalty_per_rejection.0,
            penalty_threshold: self.penalty_threshold.0,
            penalty_reward_multiplier: self.penalty_reward_multiplier.0.to_proto_string(),
            max_contributions_per_version: self.max_contributions_per_version.0,
        }
    }

    pub fn from_proto(p: &datanets::Params) -> Result<Self, FormError> {
        Ok(Self {
            min_contribution_bond: uint(&p.min_contribution_bond, "min_contribution_bond")?,
            min_fee_per_byte: uint(&p.min_fee_per_byte, "min_fee_per_byte")?,
            max_contribution_bytes: U64(p.max_contribution_bytes),
            max_uri_len: U64(p.max_uri_len),
            max_metadata_len: U64(p.max_metadata_len),
            max_name_len: U64(p.max_name_len),
            max_summary_len: U64(p.max_summary_len),
            max_description_len: U64(p.max_description_len),
            max_tags: U32(p.max_tags),
            max_curators: U32(p.max_curators),
            max_allow_list: U32(p.max_allow_list),
            reject_slash_fraction: legacy(&p.reject_slash_fraction, "reject_slash_fraction")?,
            penalty_per_rejection: U64(p.penalty_per_rejection),
            penalty_threshold: U64(p.penalty_threshold),
            penalty_reward_multiplier: legacy(
                &p.penalty_reward_multiplier,
                "penalty_reward_multiplier",
            )?,
            max_contributions_per_version: U64(p.max_contributions_per_version),
        })
    }
}

/// `openledger.models.v1.Params`. `min_creator_bond` is an integer of aopen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsParams {
    #[serde(alias = "minCreatorBond")]
    pub min_creator_bond: UintText,
    #[serde(alias = "maxNameLen")]
    pub max_name_len: U64,
    #[serde(alias = "maxDescriptionLen")]
    pub max_description_len: U64,
    #[serde(alias = "maxTextLen")]
    pub max_text_len: U64,
    #[serde(alias = "maxDatanetRefs")]
    pub max_datanet_refs: U64,
    #[serde(alias = "maxEvidenceLen")]
    pub max_evidence_len: U64,
    #[serde(alias = "maxHistoryPerModel")]
    pub max_history_per_model: U64,
    #[serde(alias = "maxVersionsPerModel")]
    pub max_versions_per_model: U64,
}

impl ModelsParams {
    pub fn to_proto(&self) -> models::Params {
        models::Params {
            min_creator_bond: self.min_creator_bond.0.to_string(),
            max_name_len: self.max_name_len.0,
            max_description_len: self.max_description_len.0,
            max_text_len: self.max_text_len.0,
            max_datanet_refs: self.max_datanet_refs.0,
            max_evidence_len: self.max_evidence_len.0,
            max_history_per_model: self.max_history_per_model.0,
            max_versions_per_model: self.max_versions_per_model.0,
        }
    }

    pub fn from_proto(p: &models::Params) -> Result<Self, FormError> {
        Ok(Self {
            min_creator_bond: uint(&p.min_creator_bond, "min_creator_bond")?,
            max_name_len: U64(p.max_name_len),
            max_description_len: U64(p.max_description_len),
            max_text_len: U64(p.max_text_len),
            max_datanet_refs: U64(p.max_datanet_refs),
            max_evidence_len: U64(p.max_evidence_len),
            max_history_per_model: U64(p.max_history_per_model),
            max_versions_per_model: U64(p.max_versions_per_model),
        })
    }
}

/// `openledger.attribution.v1.Params`. Amounts are integers of aopen; the three shares are
/// `LegacyDec` atomics on the wire and must sum to exactly 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionParams {
    #[serde(alias = "platformFee")]
    pub platform_fee: UintText,
    #[serde(alias = "creatorShare")]
    pub creator_share: DecField,
    #[serde(alias = "stakersShare")]
    pub stakers_share: DecField,
    #[serde(alias = "dataShare")]
    pub data_share: DecField,
    #[serde(alias = "maxAttributionEntries")]
    pub max_attribution_entries: U32,
    #[serde(alias = "minOperatorBond")]
    pub min_operator_bond: UintText,
    #[serde(alias = "operatorUnbondingTime")]
    pub operator_unbonding_time: U64,
    #[serde(alias = "maxModelsPerOperator")]
    pub max_models_per_operator: U32,
    #[serde(alias = "maxEndpointLen")]
    pub max_endpoint_len: U32,
    #[serde(alias = "maxRequestIdLen")]
    pub max_request_id_len: U32,
    #[serde(alias = "maxTokensPerInference")]
    pub max_tokens_per_inference: U64,
    #[serde(alias = "maxUnbondingsPerBlock")]
    pub max_unbondings_per_block: U32,
}

impl AttributionParams {
    pub fn to_proto(&self) -> attribution::Params {
        attribution::Params {
            platform_fee: self.platform_fee.0.to_string(),
            creator_share: self.creator_share.0.to_proto_string(),
            stakers_share: self.stakers_share.0.to_proto_string(),
            data_share: self.data_share.0.to_proto_string(),
            max_attribution_entries: self.max_attribution_entries.0,
            min_operator_bond: self.min_operator_bond.0.to_string(),
            operator_unbonding_time: self.operator_unbonding_time.0,
            max_models_per_operator: self.max_models_per_operator.0,
            max_endpoint_len: self.max_endpoint_len.0,
            max_request_id_len: self.max_request_id_len.0,
            max_tokens_per_inference: self.max_tokens_per_inference.0,
            max_unbondings_per_block: self.max_unbondings_per_block.0,
        }
    }

    pub fn from_proto(p: &attribution::Params) -> Result<Self, FormError> {
        Ok(Self {
            platform_fee: uint(&p.platform_fee, "platform_fee")?,
            creator_share: legacy(&p.creator_share, "creator_share")?,
            stakers_share: legacy(&p.stakers_share, "stakers_share")?,
            data_share: legacy(&p.data_share, "data_share")?,
            max_attribution_entries: U32(p.max_attribution_entries),
            min_operator_bond: uint(&p.min_operator_bond, "min_operator_bond")?,
            operator_unbonding_time: U64(p.operator_unbonding_time),
            max_models_per_operator: U32(p.max_models_per_operator),
            max_endpoint_len: U32(p.max_endpoint_len),
            max_request_id_len: U32(p.max_request_id_len),
            max_tokens_per_inference: U64(p.max_tokens_per_inference),
            max_unbondings_per_block: U32(p.max_unbondings_per_block),
        })
    }

    /// The shares: each at most 1, together exactly 1.
    pub fn check_shares(&self) -> Result<(), String> {
        let shares = [
            ("creator_share", self.creator_share.0),
            ("stakers_share", self.stakers_share.0),
            ("data_share", self.data_share.0),
        ];
        let mut total: u128 = 0;
        for (name, share) in shares {
            if share > Dec::ONE {
                return Err(format!("{name}: {share} is above 1"));
            }
            total = total.saturating_add(share.atomics());
        }
        if total != Dec::ONE.atomics() {
            return Err(format!(
                "creator_share + stakers_share + data_share must be exactly 1, not {}",
                dec::short_string(Dec::from_atomics(total))
            ));
        }
        Ok(())
    }
}

/// An integer string of aopen (empty is zero).
fn uint(wire: &str, field: &str) -> Result<UintText, FormError> {
    let wire = wire.trim();
    if wire.is_empty() {
        return Ok(UintText(0));
    }
    if !wire.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormError::Field {
            field: field.to_owned(),
            reason: format!("the chain sent {wire:?}, which is not an integer"),
        });
    }
    wire.parse::<u128>()
        .map(UintText)
        .map_err(|_| FormError::Field {
            field: field.to_owned(),
            reason: format!("the chain sent {wire:?}, which is too large"),
        })
}

fn duration(d: Option<&cosmos_sdk_proto::tendermint::google::protobuf::Duration>) -> DurationField {
    d.map(DurationField::from_proto).unwrap_or_default()
}

fn bad_field(field: &str, value: &str) -> FormError {
    FormError::Field {
        field: field.to_owned(),
        reason: format!("the chain sent {value:?}, which is not a decimal"),
    }
}

/// A `LegacyDec` string field (atomics; a value with a decimal point is read as a decimal).
pub(crate) fn legacy(wire: &str, field: &str) -> Result<DecField, FormError> {
    let parsed = if wire.contains('.') {
        dec::parse(wire)
    } else {
        dec::from_atomics_str(wire)
    };
    parsed.map(DecField).map_err(|_| bad_field(field, wire))
}

/// A `LegacyDec` bytes field: the ASCII text of the atomics.
fn legacy_bytes(wire: &[u8], field: &str) -> Result<DecField, FormError> {
    let text = std::str::from_utf8(wire).map_err(|_| bad_field(field, &hex::encode(wire)))?;
    legacy(text, field)
}

/// A plain `cosmos.Dec` string field (a decimal; empty is zero).
fn decimal(wire: &str, field: &str) -> Result<DecField, FormError> {
    if wire.trim().is_empty() {
        return Ok(DecField(Dec::ZERO));
    }
    dec::parse(wire)
        .map(DecField)
        .map_err(|_| bad_field(field, wire))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staking_params_wire_forms() {
        let p: StakingParams = serde_json::from_value(serde_json::json!({
            "unbonding_time": "1814400s", "max_validators": 100, "max_entries": "7",
            "historical_entries": 10000, "bond_denom": "aopen", "min_commission_rate": "0.05"
        }))
        .unwrap();
        let proto = p.to_proto();
        assert_eq!(proto.min_commission_rate, "50000000000000000");
        assert_eq!(proto.unbonding_time.unwrap().seconds, 1_814_400);
        assert_eq!(StakingParams::from_proto(&p.to_proto()).unwrap(), p);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["min_commission_rate"], "0.050000000000000000");
        let back: StakingParams = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn missing_or_unknown_fields_are_refused() {
        let missing = serde_json::json!({
            "unbonding_time": "1814400s", "max_validators": 100, "max_entries": 7,
            "historical_entries": 10000, "bond_denom": "aopen"
        });
        assert!(serde_json::from_value::<StakingParams>(missing).is_err());
        let unknown = serde_json::json!({
            "unbonding_time": "1814400s", "max_validators": 100, "max_entries": 7,
            "historical_entries": 10000, "bond_denom": "aopen", "min_commission_rate": "0",
            "max_validator": 5
        });
        assert!(serde_json::from_value::<StakingParams>(unknown).is_err());
    }

    #[test]
    fn slashing_fractions_are_ascii_atomics() {
        let p: SlashingParams = serde_json::from_value(serde_json::json!({
            "signed_blocks_window": "100", "min_signed_per_window": "0.5",
            "downtime_jail_duration": "600s", "slash_fraction_double_sign": "0.05",
            "slash_fraction_downtime": "0.01"
        }))
        .unwrap();
        let proto = p.to_proto();
        assert_eq!(proto.min_signed_per_window, b"500000000000000000".to_vec());
        assert_eq!(proto.slash_fraction_downtime, b"10000000000000000".to_vec());
        assert_eq!(SlashingParams::from_proto(&proto).unwrap(), p);
    }

    #[test]
    fn gov_decimals_stay_decimals_on_the_wire() {
        let p: GovParams = serde_json::from_value(serde_json::json!({
            "min_deposit": [{"denom": "aopen", "amount": "1000000000000000000000"}],
            "max_deposit_period": "172800s", "voting_period": "172800s",
            "quorum": "0.334", "threshold": "0.5", "veto_threshold": "0.334",
            "min_initial_deposit_ratio": "0", "burn_vote_quorum": false,
            "burn_proposal_deposit_prevote": false, "burn_vote_veto": true
        }))
        .unwrap();
        let proto = p.to_proto();
        assert_eq!(proto.quorum, "0.334000000000000000");
        assert_eq!(proto.min_deposit[0].amount, "1000000000000000000000");
        assert!(proto.expedited_voting_period.is_none());
        assert_eq!(GovParams::from_proto(&proto).unwrap(), p);
    }

    #[test]
    fn datanets_and_models_params() {
        let d: DatanetsParams = serde_json::from_value(serde_json::json!({
            "min_contribution_bond": "1000000000000000000", "min_fee_per_byte": 1000,
            "max_contribution_bytes": 5242880, "max_uri_len": 512, "max_metadata_len": 2048,
            "max_name_len": 64, "max_summary_len": 280, "max_description_len": 4096,
            "max_tags": 10, "max_curators": 20, "max_allow_list": 1000,
            "reject_slash_fraction": "0.5", "penalty_per_rejection": 1, "penalty_threshold": 3,
            "penalty_reward_multiplier": "0.5", "max_contributions_per_version": 10000
        }))
        .unwrap();
        let proto = d.to_proto();
        assert_eq!(proto.reject_slash_fraction, "500000000000000000");
        assert_eq!(proto.min_fee_per_byte, "1000");
        assert_eq!(proto.max_tags, 10);
        assert_eq!(DatanetsParams::from_proto(&proto).unwrap(), d);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["reject_slash_fraction"], "0.500000000000000000");
        assert_eq!(json["min_contribution_bond"], "1000000000000000000");

        let m: ModelsParams = serde_json::from_value(serde_json::json!({
            "minCreatorBond": "100000000000000000000", "max_name_len": 64,
            "max_description_len": 4096, "max_text_len": 512, "max_datanet_refs": 16,
            "max_evidence_len": 2048, "max_history_per_model": 1000, "max_versions_per_model": 1000
        }))
        .unwrap();
        let proto = m.to_proto();
        assert_eq!(proto.min_creator_bond, "100000000000000000000");
        assert_eq!(ModelsParams::from_proto(&proto).unwrap(), m);
        let bad = models::Params {
            min_creator_bond: "1.5".into(),
            ..proto
        };
        assert!(ModelsParams::from_proto(&bad).is_err());
    }

    #[test]
    fn attribution_params() {
        let a: AttributionParams = serde_json::from_value(serde_json::json!({
            "platformFee": "10000000000000000", "creator_share": "0.7", "stakers_share": "0.1",
            "data_share": "0.2", "max_attribution_entries": 256,
            "min_operator_bond": "100000000000000000000", "operator_unbonding_time": "1814400",
            "max_models_per_operator": 64, "max_endpoint_len": 256, "max_request_id_len": 128,
            "max_tokens_per_inference": 1000000000, "max_unbondings_per_block": 100
        }))
        .unwrap();
        let proto = a.to_proto();
        assert_eq!(proto.creator_share, "700000000000000000");
        assert_eq!(proto.stakers_share, "100000000000000000");
        assert_eq!(proto.min_operator_bond, "100000000000000000000");
        assert_eq!(proto.operator_unbonding_time, 1_814_400);
        assert_eq!(AttributionParams::from_proto(&proto).unwrap(), a);
        assert!(a.check_shares().is_ok());
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["data_share"], "0.200000000000000000");
        assert_eq!(json["platform_fee"], "10000000000000000");
        // the chain's empty amount is 0
        let empty = attribution::Params {
            platform_fee: String::new(),
            ..proto.clone()
        };
        assert_eq!(
            AttributionParams::from_proto(&empty)
                .unwrap()
                .platform_fee
                .0,
            0
        );
        let bad = attribution::Params {
            data_share: "0.2x".into(),
            ..proto
        };
        assert!(AttributionParams::from_proto(&bad).is_err());
    }

    #[test]
    #[allow(deprecated)]
    fn distribution_and_auth_and_bank() {
        let d: DistributionParams = serde_json::from_value(
            serde_json::json!({"community_tax": "0.02", "withdraw_addr_enabled": true}),
        )
        .unwrap();
        let proto = d.to_proto();
        assert_eq!(proto.community_tax, "20000000000000000");
        assert_eq!(proto.base_proposer_reward, "0");
        assert_eq!(DistributionParams::from_proto(&proto).unwrap(), d);

        let a: AuthParams = serde_json::from_value(serde_json::json!({
            "maxMemoCharacters": "256", "tx_sig_limit": 7, "tx_size_cost_per_byte": 10,
            "sig_verify_cost_ed25519": 0, "sig_verify_cost_secp256k1": 1000
        }))
        .unwrap();
        assert_eq!(a.to_proto().max_memo_characters, 256);
        assert_eq!(AuthParams::from_proto(&a.to_proto()).unwrap(), a);

        let b: BankParams =
            serde_json::from_value(serde_json::json!({"default_send_enabled": true})).unwrap();
        assert!(b.to_proto().default_send_enabled);
        assert_eq!(BankParams::from_proto(&b.to_proto()).unwrap(), b);
    }
}
