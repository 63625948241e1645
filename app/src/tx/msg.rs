//! Every message the chain accepts, keyed by its protobuf type URL.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as auth_pb;
use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank_pb;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking_pb;
use cosmos_sdk_proto::Any;
use openledger_attribution as attribution;
use openledger_auth as auth;
use openledger_bank as bank;
use openledger_datanets as datanets;
use openledger_distribution as distribution;
use openledger_framework::error::sdk;
use openledger_framework::Address;
use openledger_gov as gov;
use openledger_models as models;
use openledger_slashing as slashing;
use openledger_staking as staking;
use prost::{Message, Name};

use crate::tx::error::TxError;

fn decode_canonical<T: Message + Default>(any: &Any) -> Result<T, TxError> {
    let m = T::decode(any.value.as_slice())
        .map_err(|e| TxError::sdk(sdk::TX_DECODE, format!("{}: {e}", any.type_url)))?;
    if m.encoded_len() != any.value.len() || m.encode_to_vec() != any.value {
        return Err(TxError::sdk(
            sdk::TX_DECODE,
            format!("{}: unknown or non-canonical fields", any.type_url),
        ));
    }
    Ok(m)
}

/// One line per message: variant, domain type, wire type, module.
macro_rules! messages {
    ($($variant:ident($domain:ty) <= $proto:ty, $module:literal;)*) => {
        #[derive(Debug, Clone, PartialEq)]
        pub enum Msg {
            $($variant($domain),)*
        }

        impl Msg {
            /// Decode a message from its `Any`, refusing unknown types and non-canonical bytes.
            pub fn from_any(any: &Any) -> Result<Msg, TxError> {
                let t = any.type_url.as_str();
                $(
                    if t == <$proto as Name>::type_url() {
                        let m: $proto = decode_canonical(any)?;
                        return <$domain>::try_from(&m)
                            .map(Msg::$variant)
                            .map_err(|e| TxError::module(&e));
                    }
                )*
                Err(TxError::sdk(
                    sdk::UNKNOWN_REQUEST,
                    format!("unrecognized message type: {t}"),
                ))
            }

            pub fn signers(&self) -> Vec<Address> {
                match self {
                    $(Msg::$variant(m) => m.signers(),)*
                }
            }

            pub fn type_url(&self) -> String {
                match self {
                    $(Msg::$variant(_) => <$proto as Name>::type_url(),)*
                }
            }

            pub fn module(&self) -> &'static str {
                match self {
                    $(Msg::$variant(_) => $module,)*
                }
            }

            /// Every type URL the chain accepts.
            pub fn type_urls() -> Vec<String> {
                vec![$(<$proto as Name>::type_url(),)*]
            }
        }
    };
}

messages! {
    AuthUpdateParams(auth::MsgUpdateParams) <= auth_pb::MsgUpdateParams, "auth";
    AuthUpdateTxParams(auth::MsgUpdateTxParams) <= auth::proto::MsgUpdateTxParams, "auth";
    BankSend(bank::MsgSend) <= bank_pb::MsgSend, "bank";
    BankMultiSend(bank::MsgMultiSend) <= bank_pb::MsgMultiSend, "bank";
    BankUpdateParams(bank::MsgUpdateParams) <= bank_pb::MsgUpdateParams, "bank";
    CreateValidator(staking::MsgCreateValidator) <= staking_pb::MsgCreateValidator, "staking";
    EditValidator(staking::MsgEditValidator) <= staking_pb::MsgEditValidator, "staking";
    Delegate(staking::MsgDelegate) <= staking_pb::MsgDelegate, "staking";
    Undelegate(staking::MsgUndelegate) <= staking_pb::MsgUndelegate, "staking";
    BeginRedelegate(staking::MsgBeginRedelegate) <= staking_pb::MsgBeginRedelegate, "staking";
    CancelUnbondingDelegation(staking::MsgCancelUnbondingDelegation)
        <= staking_pb::MsgCancelUnbondingDelegation, "staking";
    StakingUpdateParams(staking::MsgUpdateParams) <= staking_pb::MsgUpdateParams, "staking";
    SetWithdrawAddress(distribution::MsgSetWithdrawAddress)
        <= distr_pb::MsgSetWithdrawAddress, "distribution";
    WithdrawDelegatorReward(distribution::MsgWithdrawDelegatorReward)
        <= distr_pb::MsgWithdrawDelegatorReward, "distribution";
    WithdrawValidatorCommission(distribution::MsgWithdrawValidatorCommission)
        <= distr_pb::MsgWithdrawValidatorCommission, "distribution";
    FundCommunityPool(distribution::MsgFundCommunityPool)
        <= distr_pb::MsgFundCommunityPool, "distribution";
    CommunityPoolSpend(distribution::MsgCommunityPoolSpend)
        <= distr_pb::MsgCommunityPoolSpend, "distribution";
    DistributionUpdateParams(distribution::MsgUpdateParams)
        <= distr_pb::MsgUpdateParams, "distribution";
    Unjail(slashing::MsgUnjail) <= slashing_pb::MsgUnjail, "slashing";
    SlashingUpdateParams(slashing::MsgUpdateParams) <= slashing_pb::MsgUpdateParams, "slashing";
    SlashingUpdateEvidenceParams(slashing::MsgUpdateEvidenceParams)
        <= slashing::proto::MsgUpdateEvidenceParams, "slashing";
    SubmitProposal(gov::MsgSubmitProposal) <= gov_pb::MsgSubmitProposal, "gov";
    Deposit(gov::MsgDeposit) <= gov_pb::MsgDeposit, "gov";
    Vote(gov::MsgVote) <= gov_pb::MsgVote, "gov";
    VoteWeighted(gov::MsgVoteWeighted) <= gov_pb::MsgVoteWeighted, "gov";
    GovUpdateParams(gov::MsgUpdateParams) <= gov_pb::MsgUpdateParams, "gov";
    GovUpdateLimits(gov::MsgUpdateGovLimits) <= gov::proto::MsgUpdateGovLimits, "gov";
    GopenLock(gov::MsgLock) <= gov::proto::MsgLock, "gov";
    GopenDelegateVotes(gov::MsgDelegateVotes) <= gov::proto::MsgDelegateVotes, "gov";
    GopenBeginUnlock(gov::MsgBeginUnlock) <= gov::proto::MsgBeginUnlock, "gov";
    CreateDatanet(datanets::MsgCreateDatanet) <= datanets::proto::MsgCreateDatanet, "datanets";
    UpdateDatanet(datanets::MsgUpdateDatanet) <= datanets::proto::MsgUpdateDatanet, "datanets";
    Contribute(datanets::MsgContribute) <= datanets::proto::MsgContribute, "datanets";
    Curate(datanets::MsgCurate) <= datanets::proto::MsgCurate, "datanets";
    PublishDatanetVersion(datanets::MsgPublishVersion)
        <= datanets::proto::MsgPublishVersion, "datanets";
    PurchaseAccess(datanets::MsgPurchaseAccess) <= datanets::proto::MsgPurchaseAccess, "datanets";
    ClaimRevenue(datanets::MsgClaimRevenue) <= datanets::proto::MsgClaimRevenue, "datanets";
    DatanetsUpdateParams(datanets::MsgUpdateParams)
        <= datanets::proto::MsgUpdateParams, "datanets";
    ProposeModel(models::MsgProposeModel) <= models::proto::MsgProposeModel, "models";
    ApproveModel(models::MsgApproveModel) <= models::proto::MsgApproveModel, "models";
    RejectModel(models::MsgRejectModel) <= models::proto::MsgRejectModel, "models";
    AdvanceModel(models::MsgAdvanceModel) <= models::proto::MsgAdvanceModel, "models";
    PublishModelVersion(models::MsgPublishModelVersion)
        <= models::proto::MsgPublishModelVersion, "models";
    SetModelPricing(models::MsgSetPricing) <= models::proto::MsgSetPricing, "models";
    ModelsUpdateParams(models::MsgUpdateParams) <= models::proto::MsgUpdateParams, "models";
    RegisterOperator(attribution::MsgRegisterOperator)
        <= attribution::proto::MsgRegisterOperator, "attribution";
    UpdateOperator(attribution::MsgUpdateOperator)
        <= attribution::proto::MsgUpdateOperator, "attribution";
    UnbondOperator(attribution::MsgUnbondOperator)
        <= attribution::proto::MsgUnbondOperator, "attribution";
    SlashOperator(attribution::MsgSlashOperator)
        <= attribution::proto::MsgSlashOperator, "attribution";
    InferenceDeposit(attribution::MsgDeposit) <= attribution::proto::MsgDeposit, "attribution";
    InferenceWithdraw(attribution::MsgWithdraw) <= attribution::proto::MsgWithdraw, "attribution";
    InferenceGrant(attribution::MsgGrant) <= attribution::proto::MsgGrant, "attribution";
    InferenceRevoke(attribution::MsgRevoke) <= attribution::proto::MsgRevoke, "attribution";
    RecordInference(attribution::MsgRecordInference)
        <= attribution::proto::MsgRecordInference, "attribution";
    ClaimAttributionRewards(attribution::MsgClaimRewards)
        <= attribution::proto::MsgClaimRewards, "attribution";
    AttributionUpdateParams(attribution::MsgUpdateParams)
        <= attribution::proto::MsgUpdateParams, "attribution";
}
