//! gRPC reflection describes the module query services the gateway answers through the ABCI
//! query dispatcher (staking, distribution, slashing, gov v1 and `openledger.gov.v1`), and the
//! transaction messages of those modules:
//!
//! * the files declaring them are self-consistent, and every message they declare matches the
//!   wire format of its prost type (fully populated values are encoded and the bytes walked
//!   field by field with the descriptors);
//! * a running gateway over a genesis with validators lists each service over real gRPC
//!   reflection, every method's input and output resolve (with every message and enum they
//!   reach) through the files reflection serves, and one method per service answers a real
//!   encoded request with a response those reflected descriptors decode.

#![allow(deprecated)] // some described fields are deprecated but still on the wire

#[path = "support/reflection.rs"]
mod reflection;

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::base::v1beta1::DecCoin;
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr;
use cosmos_sdk_proto::cosmos::gov::v1 as gov;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::Any;
use openledger_app::query::reflection::file_descriptor_set;
use openledger_app::testkit::{consensus_key, genesis_with_validators, TestKey, TestNode};
use openledger_framework::{consensus_address, Address, VALCONS_PREFIX, VALOPER_PREFIX};
use openledger_gov::proto as gopen;
use prost::{Message, Name};
use prost_types::FileDescriptorProto;
use reflection::{
    any, assert_enum_values, assert_every_field_seen, assert_file_consistent, assert_routed, check,
    coin, decodes_as, files_for, is_module_message, list_services, page_request, page_response,
    reflect, ts, Gateway, Index, Reflection, Seen, MODULE_FILES, MODULE_SERVICES,
};
use tendermint_proto::google::protobuf::Duration;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;

// ---------------------------------------------------------------------------------------
// the descriptor set

#[test]
fn module_files_are_self_consistent_and_declare_the_served_methods() {
    let set = file_descriptor_set();
    let ix = Index::new(&set.file);

    // each module file, checked as the whole set is by `grpc_reflection_describes_served_types.rs`
    let names: Vec<&str> = set.file.iter().map(|f| f.name()).collect();
    for name in MODULE_FILES {
        let at = names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} is not in the set"));
        let earlier: BTreeSet<&str> = names[..at].iter().copied().collect();
        assert_file_consistent(&ix, &set.file[at], &earlier);
    }

    // the five services, with exactly the routed methods, each reaching only described types
    for (service, methods) in MODULE_SERVICES {
        let described = ix
            .services
            .get(*service)
            .unwrap_or_else(|| panic!("{service} is not described"));
        let names: Vec<&str> = described.iter().map(|(m, _, _)| m.as_str()).collect();
        assert_eq!(names, *methods, "{service}");
        for (method, input, output) in described {
            let (pkg, _) = service.rsplit_once('.').unwrap();
            for t in [input, output] {
                assert!(
                    t.starts_with(&format!(".{pkg}.")),
                    "{service}/{method}: {t} is outside the package"
                );
                ix.reach(t);
            }
        }
    }
    // the Msg services are not served by the gateway, so they are not described
    for pkg in [
        "cosmos.staking.v1beta1",
        "cosmos.distribution.v1beta1",
        "cosmos.slashing.v1beta1",
        "cosmos.gov.v1",
        "openledger.gov.v1",
    ] {
        assert!(
            !ix.services.contains_key(&format!("{pkg}.Msg")),
            "{pkg}.Msg"
        );
    }

    // enum values named and numbered as the prost enums have them
    assert_enum_values(
        &ix,
        ".cosmos.staking.v1beta1.BondStatus",
        &[
            staking::BondStatus::Unspecified,
            staking::BondStatus::Unbonded,
            staking::BondStatus::Unbonding,
            staking::BondStatus::Bonded,
        ],
        staking::BondStatus::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".cosmos.gov.v1.ProposalStatus",
        &[
            gov::ProposalStatus::Unspecified,
            gov::ProposalStatus::DepositPeriod,
            gov::ProposalStatus::VotingPeriod,
            gov::ProposalStatus::Passed,
            gov::ProposalStatus::Rejected,
            gov::ProposalStatus::Failed,
        ],
        gov::ProposalStatus::as_str_name,
    );
    assert_enum_values(
        &ix,
        ".cosmos.gov.v1.VoteOption",
        &[
            gov::VoteOption::Unspecified,
            gov::VoteOption::Yes,
            gov::VoteOption::Abstain,
            gov::VoteOption::No,
            gov::VoteOption::NoWithVeto,
        ],
        gov::VoteOption::as_str_name,
    );
}

// ---------------------------------------------------------------------------------------
// descriptors against prost encodings

fn dec_coin() -> DecCoin {
    DecCoin {
        denom: "aopen".into(),
        amount: "17000000000000000000".into(),
    }
}

fn duration() -> Option<Duration> {
    Some(Duration {
        seconds: 1_814_400,
        nanos: 9,
    })
}

fn ed25519_key() -> Any {
    any(&ed25519::PubKey { key: vec![3; 32] })
}

fn description() -> staking::Description {
    staking::Description {
        moniker: "moniker".into(),
        identity: "identity".into(),
        website: "https://example.org".into(),
        security_contact: "sec@example.org".into(),
        details: "details".into(),
    }
}

fn commission_rates() -> staking::CommissionRates {
    staking::CommissionRates {
        rate: "100000000000000000".into(),
        max_rate: "200000000000000000".into(),
        max_change_rate: "10000000000000000".into(),
    }
}

fn validator() -> staking::Validator {
    staking::Validator {
        operator_address: "openvaloper1x".into(),
        consensus_pubkey: Some(ed25519_key()),
        jailed: true,
        status: staking::BondStatus::Unbonding as i32,
        tokens: "100".into(),
        delegator_shares: "100000000000000000000".into(),
        description: Some(description()),
        unbonding_height: 4,
        unbonding_time: ts(),
        commission: Some(staking::Commission {
            commission_rates: Some(commission_rates()),
            update_time: ts(),
        }),
        min_self_delegation: "1".into(),
        unbonding_on_hold_ref_count: 1,
        unbonding_ids: vec![1, 2],
    }
}

fn delegation_response() -> staking::DelegationResponse {
    staking::DelegationResponse {
        delegation: Some(staking::Delegation {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            shares: "5".into(),
        }),
        balance: Some(coin()),
    }
}

fn unbonding_delegation() -> staking::UnbondingDelegation {
    staking::UnbondingDelegation {
        delegator_address: "open1d".into(),
        validator_address: "openvaloper1v".into(),
        entries: vec![staking::UnbondingDelegationEntry {
            creation_height: 3,
            completion_time: ts(),
            initial_balance: "10".into(),
            balance: "9".into(),
            unbonding_id: 4,
            unbonding_on_hold_ref_count: 1,
        }],
    }
}

fn redelegation_entry() -> staking::RedelegationEntry {
    staking::RedelegationEntry {
        creation_height: 3,
        completion_time: ts(),
        initial_balance: "10".into(),
        shares_dst: "10000".into(),
        unbonding_id: 5,
        unbonding_on_hold_ref_count: 1,
    }
}

fn staking_params() -> staking::Params {
    staking::Params {
        unbonding_time: duration(),
        max_validators: 100,
        max_entries: 7,
        historical_entries: 10_000,
        bond_denom: "aopen".into(),
        min_commission_rate: "50000000000000000".into(),
    }
}

fn distribution_params() -> distr::Params {
    distr::Params {
        community_tax: "20000000000000000".into(),
        base_proposer_reward: "1".into(),
        bonus_proposer_reward: "2".into(),
        withdraw_addr_enabled: true,
    }
}

fn slashing_params() -> slashing::Params {
    slashing::Params {
        signed_blocks_window: 100,
        min_signed_per_window: b"500000000000000000".to_vec(),
        downtime_jail_duration: duration(),
        slash_fraction_double_sign: b"50000000000000000".to_vec(),
        slash_fraction_downtime: b"10000000000000000".to_vec(),
    }
}

fn signing_info() -> slashing::ValidatorSigningInfo {
    slashing::ValidatorSigningInfo {
        address: "openvalcons1x".into(),
        start_height: 1,
        index_offset: 2,
        jailed_until: ts(),
        tombstoned: true,
        missed_blocks_counter: 3,
    }
}

fn gov_params() -> gov::Params {
    gov::Params {
        min_deposit: vec![coin()],
        max_deposit_period: duration(),
        voting_period: duration(),
        quorum: "0.334".into(),
        threshold: "0.5".into(),
        veto_threshold: "0.334".into(),
        min_initial_deposit_ratio: "0.1".into(),
        proposal_cancel_ratio: "0.5".into(),
        proposal_cancel_dest: "open1dest".into(),
        expedited_voting_period: duration(),
        expedited_threshold: "0.667".into(),
        expedited_min_deposit: vec![coin()],
        burn_vote_quorum: true,
        burn_proposal_deposit_prevote: true,
        burn_vote_veto: true,
        min_deposit_ratio: "0.01".into(),
    }
}

fn weighted() -> Vec<gov::WeightedVoteOption> {
    vec![
        gov::WeightedVoteOption {
            option: gov::VoteOption::Yes as i32,
            weight: "0.7".into(),
        },
        gov::WeightedVoteOption {
            option: gov::VoteOption::NoWithVeto as i32,
            weight: "0.3".into(),
        },
    ]
}

fn tally() -> gov::TallyResult {
    gov::TallyResult {
        yes_count: "1".into(),
        abstain_count: "2".into(),
        no_count: "3".into(),
        no_with_veto_count: "4".into(),
    }
}

fn vote() -> gov::Vote {
    gov::Vote {
        proposal_id: 1,
        voter: "open1voter".into(),
        options: weighted(),
        metadata: "meta".into(),
    }
}

fn deposit() -> gov::Deposit {
    gov::Deposit {
        proposal_id: 1,
        depositor: "open1depositor".into(),
        amount: vec![coin()],
    }
}

/// The messages a proposal may carry; they are packed into `Any` and walked too.
fn proposal_messages() -> Vec<Any> {
    vec![
        any(&staking::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(staking_params()),
        }),
        any(&distr::MsgCommunityPoolSpend {
            authority: "open1gov".into(),
            recipient: "open1r".into(),
            amount: vec![coin()],
        }),
    ]
}

fn proposal() -> gov::Proposal {
    gov::Proposal {
        id: 1,
        messages: proposal_messages(),
        status: gov::ProposalStatus::Passed as i32,
        final_tally_result: Some(tally()),
        submit_time: ts(),
        deposit_end_time: ts(),
        total_deposit: vec![coin()],
        voting_start_time: ts(),
        voting_end_time: ts(),
        metadata: "meta".into(),
        title: "title".into(),
        summary: "summary".into(),
        proposer: "open1proposer".into(),
        expedited: true,
        failed_reason: "none".into(),
    }
}

fn check_staking(ix: &Index, s: &mut Seen) {
    check(
        ix,
        s,
        &staking::QueryValidatorsRequest {
            status: "BOND_STATUS_BONDED".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorsResponse {
            validators: vec![validator(), validator()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorRequest {
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorResponse {
            validator: Some(validator()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorDelegationsRequest {
            validator_addr: "openvaloper1v".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorDelegationsResponse {
            delegation_responses: vec![delegation_response()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorUnbondingDelegationsRequest {
            validator_addr: "openvaloper1v".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryValidatorUnbondingDelegationsResponse {
            unbonding_responses: vec![unbonding_delegation()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegationRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegationResponse {
            delegation_response: Some(delegation_response()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryUnbondingDelegationRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryUnbondingDelegationResponse {
            unbond: Some(unbonding_delegation()),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorDelegationsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorDelegationsResponse {
            delegation_responses: vec![delegation_response()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorUnbondingDelegationsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorUnbondingDelegationsResponse {
            unbonding_responses: vec![unbonding_delegation()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryRedelegationsRequest {
            delegator_addr: "open1d".into(),
            src_validator_addr: "openvaloper1s".into(),
            dst_validator_addr: "openvaloper1t".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryRedelegationsResponse {
            redelegation_responses: vec![staking::RedelegationResponse {
                redelegation: Some(staking::Redelegation {
                    delegator_address: "open1d".into(),
                    validator_src_address: "openvaloper1s".into(),
                    validator_dst_address: "openvaloper1t".into(),
                    entries: vec![redelegation_entry()],
                }),
                entries: vec![staking::RedelegationEntryResponse {
                    redelegation_entry: Some(redelegation_entry()),
                    balance: "10".into(),
                }],
            }],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorsRequest {
            delegator_addr: "open1d".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorsResponse {
            validators: vec![validator()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorRequest {
            delegator_addr: "open1d".into(),
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &staking::QueryDelegatorValidatorResponse {
            validator: Some(validator()),
        },
    );
    check(ix, s, &staking::QueryHistoricalInfoRequest { height: 5 });
    check(
        ix,
        s,
        &staking::QueryHistoricalInfoResponse {
            hist: Some(staking::HistoricalInfo {
                header: Some(tendermint_proto::types::Header {
                    chain_id: "openledger-test-1".into(),
                    height: 5,
                    time: ts(),
                    app_hash: vec![1; 32],
                    proposer_address: vec![2; 20],
                    ..Default::default()
                }),
                valset: vec![validator()],
            }),
        },
    );
    check(ix, s, &staking::QueryPoolRequest {});
    check(
        ix,
        s,
        &staking::QueryPoolResponse {
            pool: Some(staking::Pool {
                not_bonded_tokens: "1".into(),
                bonded_tokens: "2".into(),
            }),
        },
    );
    check(ix, s, &staking::QueryParamsRequest {});
    check(
        ix,
        s,
        &staking::QueryParamsResponse {
            params: Some(staking_params()),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &staking::MsgCreateValidator {
            description: Some(description()),
            commission: Some(commission_rates()),
            min_self_delegation: "1".into(),
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            pubkey: Some(ed25519_key()),
            value: Some(coin()),
        },
    );
    check(ix, s, &staking::MsgCreateValidatorResponse {});
    check(
        ix,
        s,
        &staking::MsgEditValidator {
            description: Some(description()),
            validator_address: "openvaloper1v".into(),
            commission_rate: "120000000000000000".into(),
            min_self_delegation: "2".into(),
        },
    );
    check(ix, s, &staking::MsgEditValidatorResponse {});
    check(
        ix,
        s,
        &staking::MsgDelegate {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
        },
    );
    check(ix, s, &staking::MsgDelegateResponse {});
    check(
        ix,
        s,
        &staking::MsgBeginRedelegate {
            delegator_address: "open1d".into(),
            validator_src_address: "openvaloper1s".into(),
            validator_dst_address: "openvaloper1t".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgBeginRedelegateResponse {
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &staking::MsgUndelegate {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgUndelegateResponse {
            completion_time: ts(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &staking::MsgCancelUnbondingDelegation {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
            amount: Some(coin()),
            creation_height: 3,
        },
    );
    check(ix, s, &staking::MsgCancelUnbondingDelegationResponse {});
    check(
        ix,
        s,
        &staking::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(staking_params()),
        },
    );
    check(ix, s, &staking::MsgUpdateParamsResponse {});
}

fn check_distribution(ix: &Index, s: &mut Seen) {
    check(ix, s, &distr::QueryParamsRequest {});
    check(
        ix,
        s,
        &distr::QueryParamsResponse {
            params: Some(distribution_params()),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorDistributionInfoRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorDistributionInfoResponse {
            operator_address: "open1v".into(),
            self_bond_rewards: vec![dec_coin()],
            commission: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorOutstandingRewardsRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorOutstandingRewardsResponse {
            rewards: Some(distr::ValidatorOutstandingRewards {
                rewards: vec![dec_coin()],
            }),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorCommissionRequest {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorCommissionResponse {
            commission: Some(distr::ValidatorAccumulatedCommission {
                commission: vec![dec_coin()],
            }),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorSlashesRequest {
            validator_address: "openvaloper1v".into(),
            starting_height: 1,
            ending_height: 9,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryValidatorSlashesResponse {
            slashes: vec![distr::ValidatorSlashEvent {
                validator_period: 3,
                fraction: "10000000000000000".into(),
            }],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationRewardsRequest {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationRewardsResponse {
            rewards: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationTotalRewardsRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegationTotalRewardsResponse {
            rewards: vec![distr::DelegationDelegatorReward {
                validator_address: "openvaloper1v".into(),
                reward: vec![dec_coin()],
            }],
            total: vec![dec_coin()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorValidatorsRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorValidatorsResponse {
            validators: vec!["openvaloper1v".into(), "openvaloper1w".into()],
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorWithdrawAddressRequest {
            delegator_address: "open1d".into(),
        },
    );
    check(
        ix,
        s,
        &distr::QueryDelegatorWithdrawAddressResponse {
            withdraw_address: "open1w".into(),
        },
    );
    check(ix, s, &distr::QueryCommunityPoolRequest {});
    check(
        ix,
        s,
        &distr::QueryCommunityPoolResponse {
            pool: vec![dec_coin()],
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &distr::MsgSetWithdrawAddress {
            delegator_address: "open1d".into(),
            withdraw_address: "open1w".into(),
        },
    );
    check(ix, s, &distr::MsgSetWithdrawAddressResponse {});
    check(
        ix,
        s,
        &distr::MsgWithdrawDelegatorReward {
            delegator_address: "open1d".into(),
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawDelegatorRewardResponse {
            amount: vec![coin()],
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawValidatorCommission {
            validator_address: "openvaloper1v".into(),
        },
    );
    check(
        ix,
        s,
        &distr::MsgWithdrawValidatorCommissionResponse {
            amount: vec![coin()],
        },
    );
    check(
        ix,
        s,
        &distr::MsgFundCommunityPool {
            amount: vec![coin()],
            depositor: "open1d".into(),
        },
    );
    check(ix, s, &distr::MsgFundCommunityPoolResponse {});
    check(
        ix,
        s,
        &distr::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(distribution_params()),
        },
    );
    check(ix, s, &distr::MsgUpdateParamsResponse {});
    check(
        ix,
        s,
        &distr::MsgCommunityPoolSpend {
            authority: "open1gov".into(),
            recipient: "open1r".into(),
            amount: vec![coin()],
        },
    );
    check(ix, s, &distr::MsgCommunityPoolSpendResponse {});
}

fn check_slashing(ix: &Index, s: &mut Seen) {
    check(ix, s, &slashing::QueryParamsRequest {});
    check(
        ix,
        s,
        &slashing::QueryParamsResponse {
            params: Some(slashing_params()),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfoRequest {
            cons_address: "openvalcons1x".into(),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfoResponse {
            val_signing_info: Some(signing_info()),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfosRequest {
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &slashing::QuerySigningInfosResponse {
            info: vec![signing_info()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &slashing::MsgUnjail {
            validator_addr: "openvaloper1v".into(),
        },
    );
    check(ix, s, &slashing::MsgUnjailResponse {});
    check(
        ix,
        s,
        &slashing::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(slashing_params()),
        },
    );
    check(ix, s, &slashing::MsgUpdateParamsResponse {});
}

fn check_gov(ix: &Index, s: &mut Seen) {
    check(ix, s, &gov::QueryConstitutionRequest {});
    check(
        ix,
        s,
        &gov::QueryConstitutionResponse {
            constitution: "be excellent".into(),
        },
    );
    check(ix, s, &gov::QueryProposalRequest { proposal_id: 1 });
    check(
        ix,
        s,
        &gov::QueryProposalResponse {
            proposal: Some(proposal()),
        },
    );
    check(
        ix,
        s,
        &gov::QueryProposalsRequest {
            proposal_status: gov::ProposalStatus::VotingPeriod as i32,
            voter: "open1voter".into(),
            depositor: "open1depositor".into(),
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryProposalsResponse {
            proposals: vec![proposal()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryVoteRequest {
            proposal_id: 1,
            voter: "open1voter".into(),
        },
    );
    check(ix, s, &gov::QueryVoteResponse { vote: Some(vote()) });
    check(
        ix,
        s,
        &gov::QueryVotesRequest {
            proposal_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryVotesResponse {
            votes: vec![vote()],
            pagination: page_response(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryParamsRequest {
            params_type: "tallying".into(),
        },
    );
    let p = gov_params();
    check(
        ix,
        s,
        &gov::QueryParamsResponse {
            voting_params: Some(gov::VotingParams {
                voting_period: p.voting_period,
            }),
            deposit_params: Some(gov::DepositParams {
                min_deposit: p.min_deposit.clone(),
                max_deposit_period: p.max_deposit_period,
            }),
            tally_params: Some(gov::TallyParams {
                quorum: p.quorum.clone(),
                threshold: p.threshold.clone(),
                veto_threshold: p.veto_threshold.clone(),
            }),
            params: Some(p),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositRequest {
            proposal_id: 1,
            depositor: "open1depositor".into(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositResponse {
            deposit: Some(deposit()),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositsRequest {
            proposal_id: 1,
            pagination: page_request(),
        },
    );
    check(
        ix,
        s,
        &gov::QueryDepositsResponse {
            deposits: vec![deposit()],
            pagination: page_response(),
        },
    );
    check(ix, s, &gov::QueryTallyResultRequest { proposal_id: 1 });
    check(
        ix,
        s,
        &gov::QueryTallyResultResponse {
            tally: Some(tally()),
        },
    );

    // transaction messages
    check(
        ix,
        s,
        &gov::MsgSubmitProposal {
            messages: proposal_messages(),
            initial_deposit: vec![coin()],
            proposer: "open1proposer".into(),
            metadata: "meta".into(),
            title: "title".into(),
            summary: "summary".into(),
            expedited: true,
        },
    );
    check(ix, s, &gov::MsgSubmitProposalResponse { proposal_id: 2 });
    check(
        ix,
        s,
        &gov::MsgVote {
            proposal_id: 1,
            voter: "open1voter".into(),
            option: gov::VoteOption::Abstain as i32,
            metadata: "meta".into(),
        },
    );
    check(ix, s, &gov::MsgVoteResponse {});
    check(
        ix,
        s,
        &gov::MsgVoteWeighted {
            proposal_id: 1,
            voter: "open1voter".into(),
            options: weighted(),
            metadata: "meta".into(),
        },
    );
    check(ix, s, &gov::MsgVoteWeightedResponse {});
    check(
        ix,
        s,
        &gov::MsgDeposit {
            proposal_id: 1,
            depositor: "open1depositor".into(),
            amount: vec![coin()],
        },
    );
    check(ix, s, &gov::MsgDepositResponse {});
    check(
        ix,
        s,
        &gov::MsgUpdateParams {
            authority: "open1gov".into(),
            params: Some(gov_params()),
        },
    );
    check(ix, s, &gov::MsgUpdateParamsResponse {});
}

fn check_gopen(ix: &Index, s: &mut Seen) {
    check(
        ix,
        s,
        &gopen::QueryGovernancePowerRequest {
            address: "open1a".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::QueryGovernancePowerResponse {
            locked: "5".into(),
            delegatee: "open1b".into(),
            voting_power: "7".into(),
            unlocking: vec![gopen::UnlockEntry {
                amount: "1".into(),
                completion_time: ts(),
            }],
        },
    );
    check(ix, s, &gopen::QueryTotalPowerRequest {});
    check(
        ix,
        s,
        &gopen::QueryTotalPowerResponse {
            total_locked: "12".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::MsgLock {
            owner: "open1a".into(),
            amount: Some(coin()),
        },
    );
    check(ix, s, &gopen::MsgLockResponse {});
    check(
        ix,
        s,
        &gopen::MsgDelegateVotes {
            owner: "open1a".into(),
            delegatee: "open1b".into(),
        },
    );
    check(ix, s, &gopen::MsgDelegateVotesResponse {});
    check(
        ix,
        s,
        &gopen::MsgBeginUnlock {
            owner: "open1a".into(),
            amount: Some(coin()),
        },
    );
    check(
        ix,
        s,
        &gopen::MsgBeginUnlockResponse {
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventLock {
            owner: "open1a".into(),
            amount: "5".into(),
            delegatee: "open1b".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventDelegateVotes {
            owner: "open1a".into(),
            previous_delegatee: "open1a".into(),
            delegatee: "open1b".into(),
            amount: "5".into(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventBeginUnlock {
            owner: "open1a".into(),
            amount: "1".into(),
            completion_time: ts(),
        },
    );
    check(
        ix,
        s,
        &gopen::EventUnlockCompleted {
            owner: "open1a".into(),
            amount: "1".into(),
        },
    );
}

#[test]
fn module_descriptors_match_the_prost_wire_format() {
    let set = file_descriptor_set();
    let ix = Index::new(&set.file);
    let mut seen = Seen::new();
    check_staking(&ix, &mut seen);
    check_distribution(&ix, &mut seen);
    check_slashing(&ix, &mut seen);
    check_gov(&ix, &mut seen);
    check_gopen(&ix, &mut seen);

    // Every message of the module files (and the shared messages only they use) was walked,
    // and every field it declares was present in some fully populated encoding: the
    // descriptors have no field the prost types lack, and the prost types (populated in full
    // above) have none the descriptors lack.
    let covered = assert_every_field_seen(&ix, &seen, is_module_message);
    assert!(covered > 100, "only {covered} messages covered");
}

// ---------------------------------------------------------------------------------------
// a running gateway

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_gateway_lists_describes_and_answers_the_module_services() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 2, 100 * OPEN).unwrap();
    let mut chain = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    chain.block(vec![]).unwrap();
    // some gOPEN, so that the gOPEN query has something to report
    let locker = &keys[3];
    let out = chain
        .exec(
            locker,
            vec![openledger_app::testkit::any(&gopen::MsgLock {
                owner: locker.address.to_string(),
                amount: Some(openledger_app::testkit::coin(5 * OPEN)),
            })],
        )
        .unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    chain.block(vec![]).unwrap();

    let gateway = Gateway::start(&chain).await;
    let channel = gateway.channel.clone();

    // listed
    let mut client = Reflection::new(channel.clone());
    let listed = list_services(&mut client).await;
    for (service, _) in MODULE_SERVICES {
        assert!(
            listed.contains(*service),
            "{service} not listed: {listed:?}"
        );
    }

    // described: each service's file and its imports, as reflection serves them, declare
    // exactly the routed methods, whose types (and all they reach) resolve
    let mut served_files: BTreeMap<String, FileDescriptorProto> = BTreeMap::new();
    for (service, methods) in MODULE_SERVICES {
        let files = files_for(&mut client, service).await;
        let ix = Index::new(&files);
        let described = ix
            .services
            .get(*service)
            .unwrap_or_else(|| panic!("{service} is not in its file {}", files[0].name()));
        let names: Vec<&str> = described.iter().map(|(m, _, _)| m.as_str()).collect();
        assert_eq!(names, *methods, "{service}");
        for (method, input, output) in described {
            for t in [input, output] {
                assert!(ix.messages.contains_key(t), "{service}/{method}: {t}");
                ix.reach(t);
                // and reflection finds the type by name, in the file that declares it
                let by_symbol = reflect(
                    &mut client,
                    MessageRequest::FileContainingSymbol(t.trim_start_matches('.').into()),
                )
                .await
                .unwrap_or_else(|e| panic!("{service}/{method}: {t}: {e}"));
                assert_eq!(Some(by_symbol[0].name()), ix.file_of(t), "{t}");
            }
        }
        for f in files {
            served_files.insert(f.name().to_string(), f);
        }
    }
    // the ed25519 key the validators carry is described too
    for f in files_for(&mut client, "cosmos.crypto.ed25519.PubKey").await {
        served_files.insert(f.name().to_string(), f);
    }
    let served = Index::new(served_files.values());

    // every routed method reaches a handler: an empty request may be refused, but is never
    // answered as an unknown method
    assert_routed(&channel, MODULE_SERVICES).await;

    // answered: one real request per service; each response decodes with the reflected
    // descriptors
    let valoper = keys[0].address.to_bech32(VALOPER_PREFIX);

    let mut st = staking::query_client::QueryClient::new(channel.clone());
    let validators = st
        .validators(staking::QueryValidatorsRequest {
            status: "BOND_STATUS_BONDED".into(),
            pagination: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(validators.validators.len(), 2, "{validators:?}");
    let v0 = validators
        .validators
        .iter()
        .find(|v| v.operator_address == valoper)
        .unwrap_or_else(|| panic!("{valoper} not in {validators:?}"));
    assert_eq!(v0.status, staking::BondStatus::Bonded as i32);
    assert_eq!(v0.tokens, (100 * OPEN).to_string());
    assert_eq!(v0.description.as_ref().unwrap().moniker, "validator-0");
    let key = v0.consensus_pubkey.as_ref().unwrap();
    assert_eq!(key.type_url, ed25519::PubKey::type_url());
    assert_eq!(
        ed25519::PubKey::decode(key.value.as_slice()).unwrap().key,
        consensus_key(0).to_vec()
    );
    let seen = decodes_as(
        &served,
        ".cosmos.staking.v1beta1.QueryValidatorsResponse",
        &validators.encode_to_vec(),
    );
    assert!(
        seen.contains_key(".cosmos.crypto.ed25519.PubKey"),
        "{seen:?}"
    );
    assert!(seen.contains_key(".cosmos.staking.v1beta1.Commission"));

    let mut d = distr::query_client::QueryClient::new(channel.clone());
    let withdraw = d
        .delegator_withdraw_address(distr::QueryDelegatorWithdrawAddressRequest {
            delegator_address: keys[1].address.to_string(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(withdraw.withdraw_address, keys[1].address.to_string());
    decodes_as(
        &served,
        ".cosmos.distribution.v1beta1.QueryDelegatorWithdrawAddressResponse",
        &withdraw.encode_to_vec(),
    );

    let mut sl = slashing::query_client::QueryClient::new(channel.clone());
    let cons = Address(consensus_address(&consensus_key(0))).to_bech32(VALCONS_PREFIX);
    let info = sl
        .signing_info(slashing::QuerySigningInfoRequest {
            cons_address: cons.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let info = info.val_signing_info.expect("signing info");
    assert_eq!(info.address, cons);
    assert!(!info.tombstoned);
    decodes_as(
        &served,
        ".cosmos.slashing.v1beta1.ValidatorSigningInfo",
        &info.encode_to_vec(),
    );

    let mut g = gov::query_client::QueryClient::new(channel.clone());
    let params = g
        .params(gov::QueryParamsRequest {
            params_type: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    let p = params.params.clone().expect("gov params");
    assert!(!p.quorum.is_empty() && p.voting_period.is_some(), "{p:?}");
    let seen = decodes_as(
        &served,
        ".cosmos.gov.v1.QueryParamsResponse",
        &params.encode_to_vec(),
    );
    assert!(seen.contains_key(".google.protobuf.Duration"), "{seen:?}");

    // openledger.gov.v1 has no generated client: the request is encoded by hand from its
    // prost type and sent on the described path
    let mut raw = tonic::client::Grpc::new(channel.clone());
    raw.ready().await.unwrap();
    let power = raw
        .unary(
            tonic::Request::new(gopen::QueryGovernancePowerRequest {
                address: locker.address.to_string(),
            }),
            tonic::codegen::http::uri::PathAndQuery::from_static(
                "/openledger.gov.v1.Query/GovernancePower",
            ),
            tonic::codec::ProstCodec::<
                gopen::QueryGovernancePowerRequest,
                gopen::QueryGovernancePowerResponse,
            >::default(),
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(power.locked, (5 * OPEN).to_string());
    assert_eq!(power.voting_power, (5 * OPEN).to_string());
    assert_eq!(power.delegatee, locker.address.to_string());
    decodes_as(
        &served,
        ".openledger.gov.v1.QueryGovernancePowerResponse",
        &power.encode_to_vec(),
    );

    gateway.stop();
}
