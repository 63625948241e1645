//! The messages the chain accepts, each with its module's domain type: before anything is
//! signed, a message is decoded as its protobuf type and converted with the module's own
//! `TryFrom`, exactly as the chain does (`app/src/tx/msg.rs`), and re-encoded as the chain
//! expects its bytes (canonical). The CLI has no validation of its own beyond this.

use std::fmt::Display;

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth_pb;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank_pb;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking_pb;
use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as upgrade_pb;
use cosmos_sdk_proto::Any;
use openledger_adapters as adapters;
use openledger_attribution as attribution;
use openledger_auth as auth;
use openledger_bank as bank;
use openledger_datanets as datanets;
use openledger_distribution as distribution;
use openledger_feedback as feedback;
use openledger_finetune as finetune;
use openledger_gov as gov;
use openledger_ibc::rate_limit;
use openledger_models as models;
use openledger_proto::ibc_proto::ibc::applications::transfer::v1 as transfer_pb;
use openledger_slashing as slashing;
use openledger_staking as staking;
use openledger_upgrade as upgrade;
use prost::{Message, Name};

/// Decodes `bytes` as `P`, converts them to the domain type `D`, and gives the canonical bytes.
fn check_as<P, D>(bytes: &[u8]) -> Result<Vec<u8>, String>
where
    P: Message + Default,
    for<'a> D: TryFrom<&'a P>,
    for<'a> <D as TryFrom<&'a P>>::Error: Display,
{
    let msg = P::decode(bytes).map_err(|e| e.to_string())?;
    D::try_from(&msg).map_err(|e| e.to_string())?;
    Ok(msg.encode_to_vec())
}

/// An ICS-20 transfer, checked by ibc-rs's own decoding (the chain's IBC module runs on it).
fn check_transfer(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let msg = transfer_pb::MsgTransfer::decode(bytes).map_err(|e| e.to_string())?;
    ibc_app_transfer_types::msgs::transfer::MsgTransfer::try_from(msg.clone())
        .map_err(|e| e.to_string())?;
    Ok(msg.encode_to_vec())
}

/// Messages whose domain type converts from the protobuf value (rather than a reference).
fn check_owned(type_url: &str, bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    (type_url == transfer_pb::MsgTransfer::type_url()).then(|| check_transfer(bytes))
}

fn check_bytes(type_url: &str, bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    check_owned(type_url, bytes).or_else(|| check_module(type_url, bytes))
}

/// Whether the chain accepts messages of this type.
pub fn is_accepted(type_url: &str) -> bool {
    type_url == transfer_pb::MsgTransfer::type_url() || is_module_message(type_url)
}

macro_rules! accepted {
    ($($proto:ty => $domain:ty,)*) => {
        fn check_module(type_url: &str, bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
            $(
                if type_url == <$proto as Name>::type_url() {
                    return Some(check_as::<$proto, $domain>(bytes));
                }
            )*
            None
        }

        fn is_module_message(type_url: &str) -> bool {
            [$(<$proto as Name>::type_url(),)*].iter().any(|t| t == type_url)
        }
    };
}

accepted! {
    auth_pb::MsgUpdateParams => auth::MsgUpdateParams,
    auth::proto::MsgUpdateTxParams => auth::MsgUpdateTxParams,
    bank_pb::MsgSend => bank::MsgSend,
    bank_pb::MsgMultiSend => bank::MsgMultiSend,
    bank_pb::MsgUpdateParams => bank::MsgUpdateParams,
    staking_pb::MsgCreateValidator => staking::MsgCreateValidator,
    staking_pb::MsgEditValidator => staking::MsgEditValidator,
    staking_pb::MsgDelegate => staking::MsgDelegate,
    staking_pb::MsgUndelegate => staking::MsgUndelegate,
    staking_pb::MsgBeginRedelegate => staking::MsgBeginRedelegate,
    staking_pb::MsgCancelUnbondingDelegation => staking::MsgCancelUnbondingDelegation,
    staking_pb::MsgUpdateParams => staking::MsgUpdateParams,
    distr_pb::MsgSetWithdrawAddress => distribution::MsgSetWithdrawAddress,
    distr_pb::MsgWithdrawDelegatorReward => distribution::MsgWithdrawDelegatorReward,
    distr_pb::MsgWithdrawValidatorCommission => distribution::MsgWithdrawValidatorCommission,
    distr_pb::MsgFundCommunityPool => distribution::MsgFundCommunityPool,
    distr_pb::MsgCommunityPoolSpend => distribution::MsgCommunityPoolSpend,
    distr_pb::MsgUpdateParams => distribution::MsgUpdateParams,
    slashing_pb::MsgUnjail => slashing::MsgUnjail,
    slashing_pb::MsgUpdateParams => slashing::MsgUpdateParams,
    slashing::proto::MsgUpdateEvidenceParams => slashing::MsgUpdateEvidenceParams,
    gov_pb::MsgSubmitProposal => gov::MsgSubmitProposal,
    gov_pb::MsgDeposit => gov::MsgDeposit,
    gov_pb::MsgVote => gov::MsgVote,
    gov_pb::MsgVoteWeighted => gov::MsgVoteWeighted,
    gov_pb::MsgUpdateParams => gov::MsgUpdateParams,
    gov::proto::MsgUpdateGovLimits => gov::MsgUpdateGovLimits,
    gov::proto::MsgLock => gov::MsgLock,
    gov::proto::MsgDelegateVotes => gov::MsgDelegateVotes,
    gov::proto::MsgBeginUnlock => gov::MsgBeginUnlock,
    datanets::proto::MsgCreateDatanet => datanets::MsgCreateDatanet,
    datanets::proto::MsgUpdateDatanet => datanets::MsgUpdateDatanet,
    datanets::proto::MsgCommitContribution => datanets::MsgCommitContribution,
    datanets::proto::MsgContribute => datanets::MsgContribute,
    datanets::proto::MsgCurate => datanets::MsgCurate,
    datanets::proto::MsgPublishVersion => datanets::MsgPublishVersion,
    datanets::proto::MsgPurchaseAccess => datanets::MsgPurchaseAccess,
    datanets::proto::MsgClaimRevenue => datanets::MsgClaimRevenue,
    datanets::proto::MsgUpdateParams => datanets::MsgUpdateParams,
    models::proto::MsgProposeModel => models::MsgProposeModel,
    models::proto::MsgApproveModel => models::MsgApproveModel,
    models::proto::MsgRejectModel => models::MsgRejectModel,
    models::proto::MsgWithdrawModel => models::MsgWithdrawModel,
    models::proto::MsgAdvanceModel => models::MsgAdvanceModel,
    models::proto::MsgPublishModelVersion => models::MsgPublishModelVersion,
    models::proto::MsgSetPricing => models::MsgSetPricing,
    models::proto::MsgUpdateParams => models::MsgUpdateParams,
    attribution::proto::MsgRegisterOperator => attribution::MsgRegisterOperator,
    attribution::proto::MsgUpdateOperator => attribution::MsgUpdateOperator,
    attribution::proto::MsgUnbondOperator => attribution::MsgUnbondOperator,
    attribution::proto::MsgSlashOperator => attribution::MsgSlashOperator,
    attribution::proto::MsgDeposit => attribution::MsgDeposit,
    attribution::proto::MsgWithdraw => attribution::MsgWithdraw,
    attribution::proto::MsgGrant => attribution::MsgGrant,
    attribution::proto::MsgRevoke => attribution::MsgRevoke,
    attribution::proto::MsgRecordInference => attribution::MsgRecordInference,
    attribution::proto::MsgClaimRewards => attribution::MsgClaimRewards,
    attribution::proto::MsgUpdateParams => attribution::MsgUpdateParams,
    attribution::proto::MsgChallengeReceipt => attribution::MsgChallengeReceipt,
    attribution::proto::MsgSettleChallenge => attribution::MsgSettleChallenge,
    finetune::proto::MsgRegisterProvider => finetune::MsgRegisterProvider,
    finetune::proto::MsgUpdateProvider => finetune::MsgUpdateProvider,
    finetune::proto::MsgUnbondProvider => finetune::MsgUnbondProvider,
    finetune::proto::MsgOpenJob => finetune::MsgOpenJob,
    finetune::proto::MsgCancelJob => finetune::MsgCancelJob,
    finetune::proto::MsgClaimJob => finetune::MsgClaimJob,
    finetune::proto::MsgDeliverJob => finetune::MsgDeliverJob,
    finetune::proto::MsgAcceptJob => finetune::MsgAcceptJob,
    finetune::proto::MsgDisputeJob => finetune::MsgDisputeJob,
    finetune::proto::MsgSettleJob => finetune::MsgSettleJob,
    finetune::proto::MsgUpdateParams => finetune::MsgUpdateParams,
    adapters::proto::MsgRegisterAdapter => adapters::MsgRegisterAdapter,
    adapters::proto::MsgDeclareServing => adapters::MsgDeclareServing,
    adapters::proto::MsgStopServing => adapters::MsgStopServing,
    adapters::proto::MsgClaimUptime => adapters::MsgClaimUptime,
    adapters::proto::MsgUpdateParams => adapters::MsgUpdateParams,
    feedback::proto::MsgRegisterFeedbackValidator => feedback::MsgRegisterFeedbackValidator,
    feedback::proto::MsgAddFeedbackBond => feedback::MsgAddFeedbackBond,
    feedback::proto::MsgUnbondFeedbackValidator => feedback::MsgUnbondFeedbackValidator,
    feedback::proto::MsgFundRound => feedback::MsgFundRound,
    feedback::proto::MsgCommitScores => feedback::MsgCommitScores,
    feedback::proto::MsgRevealScores => feedback::MsgRevealScores,
    feedback::proto::MsgUpdateParams => feedback::MsgUpdateParams,
    upgrade_pb::MsgSoftwareUpgrade => upgrade::MsgSoftwareUpgrade,
    upgrade_pb::MsgCancelUpgrade => upgrade::MsgCancelUpgrade,
    rate_limit::proto::MsgAddRateLimit => rate_limit::MsgAddRateLimit,
    rate_limit::proto::MsgUpdateRateLimit => rate_limit::MsgUpdateRateLimit,
    rate_limit::proto::MsgRemoveRateLimit => rate_limit::MsgRemoveRateLimit,
    rate_limit::proto::MsgResetRateLimit => rate_limit::MsgResetRateLimit,
}

/// Checks a message as the chain will, and gives it with its canonical bytes.
pub fn check(any: Any) -> anyhow::Result<Any> {
    match check_bytes(&any.type_url, &any.value) {
        None => anyhow::bail!("{} is not a message the chain accepts", any.type_url),
        Some(Err(e)) => anyhow::bail!("invalid {}: {e}", any.type_url.trim_start_matches('/')),
        Some(Ok(value)) => Ok(Any {
            type_url: any.type_url,
            value,
        }),
    }
}

#[cfg(test)]
#[path = "../../tests/unit/tx_accept.rs"]
mod tests;
