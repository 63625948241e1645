//! Cosmos SDK distribution files (`cosmos.distribution.v1beta1`), as `cosmos-sdk-proto`
//! encodes them: the types the Query service reaches, the Query service and the messages the
//! chain accepts.

use super::dsl::{file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![
        distribution_types(),
        distribution_query(),
        distribution_msgs(),
    ]
}

fn distribution_types() -> File {
    file(
        "cosmos/distribution/v1beta1/distribution.proto",
        "cosmos.distribution.v1beta1",
    )
    .message(message!(Params {
        string community_tax = 1;
        string base_proposer_reward = 2 [deprecated];
        string bonus_proposer_reward = 3 [deprecated];
        bool withdraw_addr_enabled = 4;
    }))
    .message(message!(ValidatorAccumulatedCommission {
        repeated ".cosmos.base.v1beta1.DecCoin" commission = 1;
    }))
    .message(message!(ValidatorOutstandingRewards {
        repeated ".cosmos.base.v1beta1.DecCoin" rewards = 1;
    }))
    .message(message!(ValidatorSlashEvent {
        uint64 validator_period = 1;
        string fraction = 2;
    }))
    .message(message!(DelegationDelegatorReward {
        string validator_address = 1;
        repeated ".cosmos.base.v1beta1.DecCoin" reward = 2;
    }))
}

fn distribution_query() -> File {
    file(
        "cosmos/distribution/v1beta1/query.proto",
        "cosmos.distribution.v1beta1",
    )
    .message(message!(QueryParamsRequest {}))
    .message(message!(QueryParamsResponse {
        Params params = 1;
    }))
    .message(message!(QueryValidatorDistributionInfoRequest {
        string validator_address = 1;
    }))
    .message(message!(QueryValidatorDistributionInfoResponse {
        string operator_address = 1;
        repeated ".cosmos.base.v1beta1.DecCoin" self_bond_rewards = 2;
        repeated ".cosmos.base.v1beta1.DecCoin" commission = 3;
    }))
    .message(message!(QueryValidatorOutstandingRewardsRequest {
        string validator_address = 1;
    }))
    .message(message!(QueryValidatorOutstandingRewardsResponse {
        ValidatorOutstandingRewards rewards = 1;
    }))
    .message(message!(QueryValidatorCommissionRequest {
        string validator_address = 1;
    }))
    .message(message!(QueryValidatorCommissionResponse {
        ValidatorAccumulatedCommission commission = 1;
    }))
    .message(message!(QueryValidatorSlashesRequest {
        string validator_address = 1;
        uint64 starting_height = 2;
        uint64 ending_height = 3;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 4;
    }))
    .message(message!(QueryValidatorSlashesResponse {
        repeated ValidatorSlashEvent slashes = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryDelegationRewardsRequest {
        string delegator_address = 1;
        string validator_address = 2;
    }))
    .message(message!(QueryDelegationRewardsResponse {
        repeated ".cosmos.base.v1beta1.DecCoin" rewards = 1;
    }))
    .message(message!(QueryDelegationTotalRewardsRequest {
        string delegator_address = 1;
    }))
    .message(message!(QueryDelegationTotalRewardsResponse {
        repeated DelegationDelegatorReward rewards = 1;
        repeated ".cosmos.base.v1beta1.DecCoin" total = 2;
    }))
    .message(message!(QueryDelegatorValidatorsRequest {
        string delegator_address = 1;
    }))
    .message(message!(QueryDelegatorValidatorsResponse {
        repeated string validators = 1;
    }))
    .message(message!(QueryDelegatorWithdrawAddressRequest {
        string delegator_address = 1;
    }))
    .message(message!(QueryDelegatorWithdrawAddressResponse {
        string withdraw_address = 1;
    }))
    .message(message!(QueryCommunityPoolRequest {}))
    .message(message!(QueryCommunityPoolResponse {
        repeated ".cosmos.base.v1beta1.DecCoin" pool = 1;
    }))
    .service(service!(Query {
        Params(QueryParamsRequest) -> QueryParamsResponse;
        ValidatorDistributionInfo(QueryValidatorDistributionInfoRequest)
            -> QueryValidatorDistributionInfoResponse;
        ValidatorOutstandingRewards(QueryValidatorOutstandingRewardsRequest)
            -> QueryValidatorOutstandingRewardsResponse;
        ValidatorCommission(QueryValidatorCommissionRequest)
            -> QueryValidatorCommissionResponse;
        ValidatorSlashes(QueryValidatorSlashesRequest) -> QueryValidatorSlashesResponse;
        DelegationRewards(QueryDelegationRewardsRequest) -> QueryDelegationRewardsResponse;
        DelegationTotalRewards(QueryDelegationTotalRewardsRequest)
            -> QueryDelegationTotalRewardsResponse;
        DelegatorValidators(QueryDelegatorValidatorsRequest)
            -> QueryDelegatorValidatorsResponse;
        DelegatorWithdrawAddress(QueryDelegatorWithdrawAddressRequest)
            -> QueryDelegatorWithdrawAddressResponse;
        CommunityPool(QueryCommunityPoolRequest) -> QueryCommunityPoolResponse;
    }))
}

fn distribution_msgs() -> File {
    file(
        "cosmos/distribution/v1beta1/tx.proto",
        "cosmos.distribution.v1beta1",
    )
    .message(message!(MsgSetWithdrawAddress {
        string delegator_address = 1;
        string withdraw_address = 2;
    }))
    .message(message!(MsgSetWithdrawAddressResponse {}))
    .message(message!(MsgWithdrawDelegatorReward {
        string delegator_address = 1;
        string validator_address = 2;
    }))
    .message(message!(MsgWithdrawDelegatorRewardResponse {
        repeated ".cosmos.base.v1beta1.Coin" amount = 1;
    }))
    .message(message!(MsgWithdrawValidatorCommission {
        string validator_address = 1;
    }))
    .message(message!(MsgWithdrawValidatorCommissionResponse {
        repeated ".cosmos.base.v1beta1.Coin" amount = 1;
    }))
    .message(message!(MsgFundCommunityPool {
        repeated ".cosmos.base.v1beta1.Coin" amount = 1;
        string depositor = 2;
    }))
    .message(message!(MsgFundCommunityPoolResponse {}))
    .message(message!(MsgUpdateParams {
        string authority = 1;
        Params params = 2;
    }))
    .message(message!(MsgUpdateParamsResponse {}))
    .message(message!(MsgCommunityPoolSpend {
        string authority = 1;
        string recipient = 2;
        repeated ".cosmos.base.v1beta1.Coin" amount = 3;
    }))
    .message(message!(MsgCommunityPoolSpendResponse {}))
}
