//! Protobuf descriptors for gRPC server reflection, so that tools such as grpcurl can list,
//! describe and call the gateway's services without `.proto` files.
//!
//! The descriptors are declared in Rust, with the macros of the private `dsl` module, from
//! the wire format of the `cosmos-sdk-proto` and `tendermint-proto` types the services use,
//! and of OpenLedger's own prost types (`openledger_gov::proto`, `openledger_datanets::proto`,
//! `openledger_models::proto`, `openledger_attribution::proto`): field names, numbers, types
//! and labels match those types exactly. Each message lives in the file and package it has in the Cosmos SDK and CometBFT
//! protobuf trees, or, for OpenLedger's packages, in `proto/openledger/`;
//! annotations that do not change the wire format (gogoproto, amino, cosmos_proto,
//! google.api.http) are left out, and so are the imports that only carried them.
//!
//! Only the methods the gateway serves are listed (see [`super::grpc`] and, for the module
//! services answered through the ABCI query dispatcher, [`super::dispatch_grpc`] and
//! [`super::modules`]):
//!
//! * `cosmos.auth.v1beta1.Query`: Account, Params, Bech32Prefix, AddressBytesToString,
//!   AddressStringToBytes
//! * `cosmos.bank.v1beta1.Query`: Balance, AllBalances, SpendableBalances,
//!   SpendableBalanceByDenom, TotalSupply, SupplyOf
//! * `cosmos.tx.v1beta1.Service`: Simulate, GetTx, BroadcastTx
//! * `cosmos.base.tendermint.v1beta1.Service`: GetNodeInfo, GetSyncing, GetLatestBlock,
//!   ABCIQuery
//! * `cosmos.base.node.v1beta1.Service`: Config, Status
//! * `cosmos.staking.v1beta1.Query`: Validators, Validator, ValidatorDelegations,
//!   ValidatorUnbondingDelegations, Delegation, UnbondingDelegation, DelegatorDelegations,
//!   DelegatorUnbondingDelegations, Redelegations, DelegatorValidators, DelegatorValidator,
//!   HistoricalInfo, Pool, Params
//! * `cosmos.distribution.v1beta1.Query`: Params, ValidatorDistributionInfo,
//!   ValidatorOutstandingRewards, ValidatorCommission, ValidatorSlashes, DelegationRewards,
//!   DelegationTotalRewards, DelegatorValidators, DelegatorWithdrawAddress, CommunityPool
//! * `cosmos.slashing.v1beta1.Query`: Params, SigningInfo, SigningInfos
//! * `cosmos.gov.v1.Query`: Constitution, Proposal, Proposals, Vote, Votes, Params, Deposit,
//!   Deposits, TallyResult
//! * `openledger.gov.v1.Query`: GovernancePower, TotalPower (declared by hand in
//!   `openledger_gov::proto`, after `proto/openledger/gov/v1/`)
//! * `openledger.datanets.v1.Query`: Params, Datanet, Datanets, Contribution,
//!   ContributionsByDatanet, ContributionsByContributor, Versions, Version, Standing, Access,
//!   Claimable (`openledger_datanets::proto`, after `proto/openledger/datanets/v1/`)
//! * `openledger.models.v1.Query`: Model, Models, Versions, Version, Lineage, History, Params
//!   (`openledger_models::proto`, after `proto/openledger/models/v1/`)
//! * `openledger.attribution.v1.Query`: Params, Operator, Operators, Account, Grants, Receipt,
//!   ReceiptsByModel, ReceiptsByUser, ReceiptsByOperator, Earnings, ModelInfluence,
//!   TopContributors, TopDatanets, Totals (`openledger_attribution::proto`, after
//!   `proto/openledger/attribution/v1/`)
//!
//! Each of those methods' messages is described with every message and enum it reaches
//! (validators with their commission and description, delegations, unbonding delegations
//! and redelegations, each module's Params, gov v1 proposals, votes, deposits and tallies,
//! datanets with their counters, contributions, versions, revenue pools, access records and
//! standings, models with their versions, history entries and lineage, inference operators,
//! grants, receipts, earnings, influence rows and totals, the enums BondStatus,
//! ProposalStatus, VoteOption, Visibility, ContributionStatus, CurationReason, ModelStage and
//! OperatorStatus, and the well-known Any, Duration and Timestamp), and nothing it does not
//! reach: the rest of the SDK's files is left out.
//!
//! Besides those, the set describes the types the node packs into `google.protobuf.Any`, so
//! that clients can print decoded `Any` values:
//!
//! * accounts and keys: BaseAccount, the secp256k1 PubKey of account keys, the ed25519
//!   PubKey of validator consensus keys;
//! * transaction messages the chain accepts, each with its response: bank MsgSend and
//!   MsgMultiSend; staking MsgCreateValidator, MsgEditValidator, MsgDelegate,
//!   MsgBeginRedelegate, MsgUndelegate, MsgCancelUnbondingDelegation and MsgUpdateParams;
//!   distribution MsgSetWithdrawAddress, MsgWithdrawDelegatorReward,
//!   MsgWithdrawValidatorCommission, MsgFundCommunityPool, MsgCommunityPoolSpend and
//!   MsgUpdateParams; slashing MsgUnjail and MsgUpdateParams; gov v1 MsgSubmitProposal,
//!   MsgDeposit, MsgVote, MsgVoteWeighted and MsgUpdateParams; `openledger.gov.v1` MsgLock,
//!   MsgDelegateVotes, MsgBeginUnlock and MsgUpdateGovLimits; `openledger.datanets.v1`
//!   MsgCreateDatanet, MsgUpdateDatanet, MsgContribute, MsgCurate, MsgPublishVersion,
//!   MsgPurchaseAccess, MsgClaimRevenue and MsgUpdateParams; `openledger.models.v1`
//!   MsgProposeModel, MsgApproveModel, MsgRejectModel, MsgAdvanceModel,
//!   MsgPublishModelVersion, MsgSetPricing and MsgUpdateParams; `openledger.attribution.v1`
//!   MsgRegisterOperator, MsgUpdateOperator, MsgUnbondOperator, MsgSlashOperator, MsgDeposit,
//!   MsgWithdraw, MsgGrant, MsgRevoke, MsgRecordInference, MsgClaimRewards and
//!   MsgUpdateParams;
//! * Tx.
//!
//! OpenLedger's own type files (`gopen.proto`, `datanets.proto`, `models.proto`,
//! `attribution.proto` with `events.proto`) are described whole, as `proto/openledger/`
//! declares them: besides what the methods reach, their typed events (whose full names are the
//! ABCI event kinds) and the records no method returns (ContributorBytes, PricingEntry).
//!
//! The `Msg` services themselves are not listed: transactions go through
//! `cosmos.tx.v1beta1.Service/BroadcastTx`.

mod cosmos;
mod cosmos_distribution;
mod cosmos_gov;
mod cosmos_node;
mod cosmos_slashing;
mod cosmos_staking;
mod cosmos_tx;
mod dsl;
mod openledger_attribution;
mod openledger_datanets;
mod openledger_gov;
mod openledger_models;
mod tendermint;

use prost::Message;
use prost_types::FileDescriptorSet;

/// Every file, each after the files it imports.
pub fn file_descriptor_set() -> FileDescriptorSet {
    let mut files = tendermint::files();
    files.extend(cosmos::files());
    files.extend(cosmos_tx::files());
    files.extend(cosmos_node::files());
    files.extend(cosmos_staking::files());
    files.extend(cosmos_distribution::files());
    files.extend(cosmos_slashing::files());
    files.extend(cosmos_gov::files());
    files.extend(openledger_gov::files());
    files.extend(openledger_datanets::files());
    files.extend(openledger_models::files());
    files.extend(openledger_attribution::files());
    dsl::link(files)
}

/// [`file_descriptor_set`], protobuf-encoded, as the reflection service takes it.
pub fn encoded_file_descriptor_set() -> Vec<u8> {
    file_descriptor_set().encode_to_vec()
}
