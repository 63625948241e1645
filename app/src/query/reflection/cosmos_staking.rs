//! Cosmos SDK staking files (`cosmos.staking.v1beta1`), as `cosmos-sdk-proto` encodes them:
//! the types the Query service reaches, the Query service and the messages the chain accepts.

use super::dsl::{enumeration, file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![staking_types(), staking_query(), staking_msgs()]
}

fn staking_types() -> File {
    file(
        "cosmos/staking/v1beta1/staking.proto",
        "cosmos.staking.v1beta1",
    )
    .message(message!(HistoricalInfo {
        ".tendermint.types.Header" header = 1;
        repeated Validator valset = 2;
    }))
    .message(message!(CommissionRates {
        string rate = 1;
        string max_rate = 2;
        string max_change_rate = 3;
    }))
    .message(message!(Commission {
        CommissionRates commission_rates = 1;
        ".google.protobuf.Timestamp" update_time = 2;
    }))
    .message(message!(Description {
        string moniker = 1;
        string identity = 2;
        string website = 3;
        string security_contact = 4;
        string details = 5;
    }))
    .message(message!(Validator {
        string operator_address = 1;
        ".google.protobuf.Any" consensus_pubkey = 2;
        bool jailed = 3;
        BondStatus status = 4;
        string tokens = 5;
        string delegator_shares = 6;
        Description description = 7;
        int64 unbonding_height = 8;
        ".google.protobuf.Timestamp" unbonding_time = 9;
        Commission commission = 10;
        string min_self_delegation = 11;
        int64 unbonding_on_hold_ref_count = 12;
        repeated uint64 unbonding_ids = 13;
    }))
    .enumeration(enumeration!(BondStatus {
        BOND_STATUS_UNSPECIFIED = 0,
        BOND_STATUS_UNBONDED = 1,
        BOND_STATUS_UNBONDING = 2,
        BOND_STATUS_BONDED = 3,
    }))
    .message(message!(Delegation {
        string delegator_address = 1;
        string validator_address = 2;
        string shares = 3;
    }))
    .message(message!(UnbondingDelegation {
        string delegator_address = 1;
        string validator_address = 2;
        repeated UnbondingDelegationEntry entries = 3;
    }))
    .message(message!(UnbondingDelegationEntry {
        int64 creation_height = 1;
        ".google.protobuf.Timestamp" completion_time = 2;
        string initial_balance = 3;
        string balance = 4;
        uint64 unbonding_id = 5;
        int64 unbonding_on_hold_ref_count = 6;
    }))
    .message(message!(RedelegationEntry {
        int64 creation_height = 1;
        ".google.protobuf.Timestamp" completion_time = 2;
        string initial_balance = 3;
        string shares_dst = 4;
        uint64 unbonding_id = 5;
        int64 unbonding_on_hold_ref_count = 6;
    }))
    .message(message!(Redelegation {
        string delegator_address = 1;
        string validator_src_address = 2;
        string validator_dst_address = 3;
        repeated RedelegationEntry entries = 4;
    }))
    .message(message!(Params {
        ".google.protobuf.Duration" unbonding_time = 1;
        uint32 max_validators = 2;
        uint32 max_entries = 3;
        uint32 historical_entries = 4;
        string bond_denom = 5;
        string min_commission_rate = 6;
    }))
    .message(message!(DelegationResponse {
        Delegation delegation = 1;
        ".cosmos.base.v1beta1.Coin" balance = 2;
    }))
    .message(message!(RedelegationEntryResponse {
        RedelegationEntry redelegation_entry = 1;
        string balance = 4;
    }))
    .message(message!(RedelegationResponse {
        Redelegation redelegation = 1;
        repeated RedelegationEntryResponse entries = 2;
    }))
    .message(message!(Pool {
        string not_bonded_tokens = 1;
        string bonded_tokens = 2;
    }))
}

fn staking_query() -> File {
    file(
        "cosmos/staking/v1beta1/query.proto",
        "cosmos.staking.v1beta1",
    )
    .message(message!(QueryValidatorsRequest {
        string status = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryValidatorsResponse {
        repeated Validator validators = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryValidatorRequest {
        string validator_addr = 1;
    }))
    .message(message!(QueryValidatorResponse {
        Validator validator = 1;
    }))
    .message(message!(QueryValidatorDelegationsRequest {
        string validator_addr = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryValidatorDelegationsResponse {
        repeated DelegationResponse delegation_responses = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryValidatorUnbondingDelegationsRequest {
        string validator_addr = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryValidatorUnbondingDelegationsResponse {
        repeated UnbondingDelegation unbonding_responses = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryDelegationRequest {
        string delegator_addr = 1;
        string validator_addr = 2;
    }))
    .message(message!(QueryDelegationResponse {
        DelegationResponse delegation_response = 1;
    }))
    .message(message!(QueryUnbondingDelegationRequest {
        string delegator_addr = 1;
        string validator_addr = 2;
    }))
    .message(message!(QueryUnbondingDelegationResponse {
        UnbondingDelegation unbond = 1;
    }))
    .message(message!(QueryDelegatorDelegationsRequest {
        string delegator_addr = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryDelegatorDelegationsResponse {
        repeated DelegationResponse delegation_responses = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryDelegatorUnbondingDelegationsRequest {
        string delegator_addr = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryDelegatorUnbondingDelegationsResponse {
        repeated UnbondingDelegation unbonding_responses = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryRedelegationsRequest {
        string delegator_addr = 1;
        string src_validator_addr = 2;
        string dst_validator_addr = 3;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 4;
    }))
    .message(message!(QueryRedelegationsResponse {
        repeated RedelegationResponse redelegation_responses = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryDelegatorValidatorsRequest {
        string delegator_addr = 1;
        ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
    }))
    .message(message!(QueryDelegatorValidatorsResponse {
        repeated Validator validators = 1;
        ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
    }))
    .message(message!(QueryDelegatorValidatorRequest {
        string delegator_addr = 1;
        string validator_addr = 2;
    }))
    .message(message!(QueryDelegatorValidatorResponse {
        Validator validator = 1;
    }))
    .message(message!(QueryHistoricalInfoRequest {
        int64 height = 1;
    }))
    .message(message!(QueryHistoricalInfoResponse {
        HistoricalInfo hist = 1;
    }))
    .message(message!(QueryPoolRequest {}))
    .message(message!(QueryPoolResponse {
        Pool pool = 1;
    }))
    .message(message!(QueryParamsRequest {}))
    .message(message!(QueryParamsResponse {
        Params params = 1;
    }))
    .service(service!(Query {
        Validators(QueryValidatorsRequest) -> QueryValidatorsResponse;
        Validator(QueryValidatorRequest) -> QueryValidatorResponse;
        ValidatorDelegations(QueryValidatorDelegationsRequest)
            -> QueryValidatorDelegationsResponse;
        ValidatorUnbondingDelegations(QueryValidatorUnbondingDelegationsRequest)
            -> QueryValidatorUnbondingDelegationsResponse;
        Delegation(QueryDelegationRequest) -> QueryDelegationResponse;
        UnbondingDelegation(QueryUnbondingDelegationRequest)
            -> QueryUnbondingDelegationResponse;
        DelegatorDelegations(QueryDelegatorDelegationsRequest)
            -> QueryDelegatorDelegationsResponse;
        DelegatorUnbondingDelegations(QueryDelegatorUnbondingDelegationsRequest)
            -> QueryDelegatorUnbondingDelegationsResponse;
        Redelegations(QueryRedelegationsRequest) -> QueryRedelegationsResponse;
        DelegatorValidators(QueryDelegatorValidatorsRequest)
            -> QueryDelegatorValidatorsResponse;
        DelegatorValidator(QueryDelegatorValidatorRequest)
            -> QueryDelegatorValidatorResponse;
        HistoricalInfo(QueryHistoricalInfoRequest) -> QueryHistoricalInfoResponse;
        Pool(QueryPoolRequest) -> QueryPoolResponse;
        Params(QueryParamsRequest) -> QueryParamsResponse;
    }))
}

fn staking_msgs() -> File {
    file("cosmos/staking/v1beta1/tx.proto", "cosmos.staking.v1beta1")
        .message(message!(MsgCreateValidator {
            Description description = 1;
            CommissionRates commission = 2;
            string min_self_delegation = 3;
            string delegator_address = 4 [deprecated];
            string validator_address = 5;
            ".google.protobuf.Any" pubkey = 6;
            ".cosmos.base.v1beta1.Coin" value = 7;
        }))
        .message(message!(MsgCreateValidatorResponse {}))
        .message(message!(MsgEditValidator {
            Description description = 1;
            string validator_address = 2;
            string commission_rate = 3;
            string min_self_delegation = 4;
        }))
        .message(message!(MsgEditValidatorResponse {}))
        .message(message!(MsgDelegate {
            string delegator_address = 1;
            string validator_address = 2;
            ".cosmos.base.v1beta1.Coin" amount = 3;
        }))
        .message(message!(MsgDelegateResponse {}))
        .message(message!(MsgBeginRedelegate {
            string delegator_address = 1;
            string validator_src_address = 2;
            string validator_dst_address = 3;
            ".cosmos.base.v1beta1.Coin" amount = 4;
        }))
        .message(message!(MsgBeginRedelegateResponse {
            ".google.protobuf.Timestamp" completion_time = 1;
        }))
        .message(message!(MsgUndelegate {
            string delegator_address = 1;
            string validator_address = 2;
            ".cosmos.base.v1beta1.Coin" amount = 3;
        }))
        .message(message!(MsgUndelegateResponse {
            ".google.protobuf.Timestamp" completion_time = 1;
            ".cosmos.base.v1beta1.Coin" amount = 2;
        }))
        .message(message!(MsgCancelUnbondingDelegation {
            string delegator_address = 1;
            string validator_address = 2;
            ".cosmos.base.v1beta1.Coin" amount = 3;
            int64 creation_height = 4;
        }))
        .message(message!(MsgCancelUnbondingDelegationResponse {}))
        .message(message!(MsgUpdateParams {
            string authority = 1;
            Params params = 2;
        }))
        .message(message!(MsgUpdateParamsResponse {}))
}
