//! Canned answers of the staking, distribution, slashing and gov queries for the mock node.

#![allow(dead_code, clippy::unwrap_used)]

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageResponse;
use cosmos_sdk_proto::cosmos::base::v1beta1::{Coin, DecCoin};
use cosmos_sdk_proto::cosmos::crypto::ed25519;
use cosmos_sdk_proto::cosmos::{distribution, gov, slashing, staking};
use cosmos_sdk_proto::tendermint::google::protobuf::{Duration, Timestamp};
use cosmos_sdk_proto::Any;
use cosmrs::AccountId;
use prost::Message;
use sha2::{Digest, Sha256};

/// 1 OPEN in aopen, as a string.
pub const ONE_OPEN: &str = "1000000000000000000";
/// The consensus key of validator 1.
pub const CONS_KEY: [u8; 32] = [3u8; 32];
/// 2026-11-24T10:00:00Z
pub const NOW: i64 = 1_795_514_400;

pub fn account(byte: u8) -> String {
    AccountId::new("open", &[byte; 20]).unwrap().to_string()
}

pub fn valoper(byte: u8) -> String {
    AccountId::new("openvaloper", &[byte; 20])
        .unwrap()
        .to_string()
}

pub fn valcons() -> String {
    AccountId::new("openvalcons", &Sha256::digest(CONS_KEY)[..20])
        .unwrap()
        .to_string()
}

pub fn gov_authority() -> String {
    AccountId::new("open", &Sha256::digest(b"gov")[..20])
        .unwrap()
        .to_string()
}

fn open(n: u64) -> String {
    format!("{n}{}", &ONE_OPEN[1..])
}

fn coin(amount: &str) -> Coin {
    Coin {
        denom: "aopen".into(),
        amount: amount.into(),
    }
}

fn dec_coin(atomics: &str) -> DecCoin {
    DecCoin {
        denom: "aopen".into(),
        amount: atomics.into(),
    }
}

fn ts(offset: i64) -> Option<Timestamp> {
    Some(Timestamp {
        seconds: NOW + offset,
        nanos: 0,
    })
}

fn validator(n: u8) -> staking::v1beta1::Validator {
    let key = if n == 1 { CONS_KEY } else { [n + 10; 32] };
    staking::v1beta1::Validator {
        operator_address: valoper(n),
        consensus_pubkey: Some(Any {
            type_url: "/cosmos.crypto.ed25519.PubKey".into(),
            value: ed25519::PubKey { key: key.to_vec() }.encode_to_vec(),
        }),
        jailed: n == 2,
        status: if n == 1 {
            staking::v1beta1::BondStatus::Bonded as i32
        } else {
            staking::v1beta1::BondStatus::Unbonding as i32
        },
        tokens: open(100),
        // 100 × 10^18 shares, as a LegacyDec
        delegator_shares: format!("{}{}", open(100), "0".repeat(18)),
        description: Some(staking::v1beta1::Description {
            moniker: format!("node{n}"),
            ..Default::default()
        }),
        unbonding_height: if n == 2 { 30 } else { 0 },
        unbonding_time: ts(if n == 2 { 60 } else { 0 }),
        commission: Some(staking::v1beta1::Commission {
            commission_rates: Some(staking::v1beta1::CommissionRates {
                rate: "100000000000000000".into(),
                max_rate: "200000000000000000".into(),
                max_change_rate: "10000000000000000".into(),
            }),
            update_time: ts(-100),
        }),
        min_self_delegation: "1".into(),
        unbonding_on_hold_ref_count: 0,
        unbonding_ids: vec![],
    }
}

fn delegation(delegator: &str, n: u8) -> staking::v1beta1::DelegationResponse {
    staking::v1beta1::DelegationResponse {
        delegation: Some(staking::v1beta1::Delegation {
            delegator_address: delegator.into(),
            validator_address: valoper(n),
            shares: format!("{}{}", open(10), "0".repeat(18)),
        }),
        balance: Some(coin(&open(10))),
    }
}

fn signing_info() -> slashing::v1beta1::ValidatorSigningInfo {
    slashing::v1beta1::ValidatorSigningInfo {
        address: valcons(),
        start_height: 5,
        index_offset: 17,
        jailed_until: ts(30),
        tombstoned: false,
        missed_blocks_counter: 6,
    }
}

pub fn slashing_params() -> slashing::v1beta1::Params {
    slashing::v1beta1::Params {
        signed_blocks_window: 100,
        min_signed_per_window: b"500000000000000000".to_vec(),
        downtime_jail_duration: Some(Duration {
            seconds: 600,
            nanos: 0,
        }),
        slash_fraction_double_sign: b"50000000000000000".to_vec(),
        slash_fraction_downtime: b"10000000000000000".to_vec(),
    }
}

fn proposal(id: u64) -> gov::v1::Proposal {
    let messages = if id == 1 {
        vec![Any {
            type_url: "/cosmos.slashing.v1beta1.MsgUpdateParams".into(),
            value: slashing::v1beta1::MsgUpdateParams {
                authority: gov_authority(),
                params: Some(slashing::v1beta1::Params {
                    signed_blocks_window: 20,
                    ..slashing_params()
                }),
            }
            .encode_to_vec(),
        }]
    } else {
        vec![]
    };
    gov::v1::Proposal {
        id,
        messages,
        status: if id == 1 {
            gov::v1::ProposalStatus::VotingPeriod as i32
        } else {
            gov::v1::ProposalStatus::Passed as i32
        },
        final_tally_result: Some(gov::v1::TallyResult {
            yes_count: open(600),
            abstain_count: "0".into(),
            no_count: open(400),
            no_with_veto_count: "0".into(),
        }),
        submit_time: ts(-200),
        deposit_end_time: ts(100),
        total_deposit: vec![coin(&open(1000))],
        voting_start_time: ts(-100),
        voting_end_time: ts(15),
        metadata: String::new(),
        title: format!("proposal {id}"),
        summary: "s".into(),
        proposer: account(1),
        expedited: false,
        failed_reason: String::new(),
    }
}

fn vote() -> gov::v1::Vote {
    gov::v1::Vote {
        proposal_id: 1,
        voter: account(1),
        options: vec![
            gov::v1::WeightedVoteOption {
                option: gov::v1::VoteOption::Yes as i32,
                weight: "0.600000000000000000".into(),
            },
            gov::v1::WeightedVoteOption {
                option: gov::v1::VoteOption::No as i32,
                weight: "0.400000000000000000".into(),
            },
        ],
        metadata: String::new(),
    }
}

use openledger_gov::proto::{
    QueryGovernancePowerRequest as PowerRequest, QueryGovernancePowerResponse as PowerResponse,
    QueryTotalPowerResponse as TotalPowerResponse, UnlockEntry,
};

fn not_found(what: &str) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Err((5, format!("{what}: not found"))))
}

fn ok<M: Message>(m: M) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Ok(m.encode_to_vec()))
}

/// The canned answer for `path`, or `None` for paths this file does not know.
pub fn answer(path: &str, data: &[u8]) -> Option<Result<Vec<u8>, (u32, String)>> {
    use distribution::v1beta1 as d;
    use gov::v1 as g;
    use slashing::v1beta1 as sl;
    use staking::v1beta1 as st;
    match path {
        "/cosmos.staking.v1beta1.Query/Validators" => {
            let req = st::QueryValidatorsRequest::decode(data).unwrap();
            let first_page = req.pagination.map(|p| p.key.is_empty()).unwrap_or(true);
            let all = [validator(1), validator(2)];
            if req.status.is_empty() {
                // two pages, to exercise pagination
                let (validators, next_key) = if first_page {
                    (vec![all[0].clone()], b"2".to_vec())
                } else {
                    (vec![all[1].clone()], vec![])
                };
                return ok(st::QueryValidatorsResponse {
                    validators,
                    pagination: Some(PageResponse { next_key, total: 0 }),
                });
            }
            let status = st::BondStatus::from_str_name(&req.status).unwrap() as i32;
            ok(st::QueryValidatorsResponse {
                validators: all.into_iter().filter(|v| v.status == status).collect(),
                pagination: None,
            })
        }
        "/cosmos.staking.v1beta1.Query/Validator" => {
            let req = st::QueryValidatorRequest::decode(data).unwrap();
            match (1..=2).find(|n| valoper(*n) == req.validator_addr) {
                Some(n) => ok(st::QueryValidatorResponse {
                    validator: Some(validator(n)),
                }),
                None => not_found(&format!("validator {}", req.validator_addr)),
            }
        }
        "/cosmos.staking.v1beta1.Query/Delegation" => {
            let req = st::QueryDelegationRequest::decode(data).unwrap();
            let n = if req.validator_addr == valoper(2) {
                2
            } else {
                1
            };
            ok(st::QueryDelegationResponse {
                delegation_response: Some(delegation(&req.delegator_addr, n)),
            })
        }
        "/cosmos.staking.v1beta1.Query/DelegatorDelegations" => {
            let req = st::QueryDelegatorDelegationsRequest::decode(data).unwrap();
            ok(st::QueryDelegatorDelegationsResponse {
                delegation_responses: vec![
                    delegation(&req.delegator_addr, 1),
                    delegation(&req.delegator_addr, 2),
                ],
                pagination: None,
            })
        }
        "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations" => {
            let req = st::QueryDelegatorUnbondingDelegationsRequest::decode(data).unwrap();
            ok(st::QueryDelegatorUnbondingDelegationsResponse {
                unbonding_responses: vec![st::UnbondingDelegation {
                    delegator_address: req.delegator_addr,
                    validator_address: valoper(1),
                    entries: vec![st::UnbondingDelegationEntry {
                        creation_height: 40,
                        completion_time: ts(60),
                        initial_balance: "2500000000000000000".into(),
                        balance: "2500000000000000000".into(),
                        unbonding_id: 1,
                        unbonding_on_hold_ref_count: 0,
                    }],
                }],
                pagination: None,
            })
        }
        "/cosmos.staking.v1beta1.Query/Redelegations" => {
            let req = st::QueryRedelegationsRequest::decode(data).unwrap();
            let entry = st::RedelegationEntry {
                creation_height: 41,
                completion_time: ts(60),
                initial_balance: ONE_OPEN.into(),
                shares_dst: format!("{ONE_OPEN}{}", "0".repeat(18)),
                unbonding_id: 2,
                unbonding_on_hold_ref_count: 0,
            };
            ok(st::QueryRedelegationsResponse {
                redelegation_responses: vec![st::RedelegationResponse {
                    redelegation: Some(st::Redelegation {
                        delegator_address: req.delegator_addr,
                        validator_src_address: valoper(1),
                        validator_dst_address: valoper(2),
                        entries: vec![entry.clone()],
                    }),
                    entries: vec![st::RedelegationEntryResponse {
                        redelegation_entry: Some(entry),
                        balance: ONE_OPEN.into(),
                    }],
                }],
                pagination: None,
            })
        }
        "/cosmos.staking.v1beta1.Query/Pool" => ok(st::QueryPoolResponse {
            pool: Some(st::Pool {
                not_bonded_tokens: open(100),
                bonded_tokens: open(200),
            }),
        }),
        "/cosmos.staking.v1beta1.Query/Params" => ok(st::QueryParamsResponse {
            params: Some(st::Params {
                unbonding_time: Some(Duration {
                    seconds: 1_814_400,
                    nanos: 0,
                }),
                max_validators: 100,
                max_entries: 7,
                historical_entries: 10_000,
                bond_denom: "aopen".into(),
                min_commission_rate: "50000000000000000".into(),
            }),
        }),
        "/cosmos.distribution.v1beta1.Query/DelegationRewards" => {
            ok(d::QueryDelegationRewardsResponse {
                rewards: vec![dec_coin("1234500000000000000000")],
            })
        }
        "/cosmos.distribution.v1beta1.Query/DelegationTotalRewards" => {
            ok(d::QueryDelegationTotalRewardsResponse {
                rewards: vec![
                    d::DelegationDelegatorReward {
                        validator_address: valoper(1),
                        reward: vec![dec_coin("1234500000000000000000")],
                    },
                    d::DelegationDelegatorReward {
                        validator_address: valoper(2),
                        reward: vec![dec_coin("1000000000000000000")],
                    },
                ],
                total: vec![dec_coin("1235500000000000000000")],
            })
        }
        "/cosmos.distribution.v1beta1.Query/DelegatorValidators" => {
            ok(d::QueryDelegatorValidatorsResponse {
                validators: vec![valoper(1), valoper(2)],
            })
        }
        "/cosmos.distribution.v1beta1.Query/ValidatorCommission" => {
            ok(d::QueryValidatorCommissionResponse {
                commission: Some(d::ValidatorAccumulatedCommission {
                    commission: vec![dec_coin(&format!("{}{}", open(3), "0".repeat(18)))],
                }),
            })
        }
        "/cosmos.distribution.v1beta1.Query/CommunityPool" => ok(d::QueryCommunityPoolResponse {
            pool: vec![dec_coin("7000000000000000000")],
        }),
        "/cosmos.distribution.v1beta1.Query/Params" => {
            #[allow(deprecated)]
            let params = d::Params {
                community_tax: "20000000000000000".into(),
                base_proposer_reward: "0".into(),
                bonus_proposer_reward: "0".into(),
                withdraw_addr_enabled: true,
            };
            ok(d::QueryParamsResponse {
                params: Some(params),
            })
        }
        "/cosmos.distribution.v1beta1.Query/DelegatorWithdrawAddress" => {
            ok(d::QueryDelegatorWithdrawAddressResponse {
                withdraw_address: account(9),
            })
        }
        "/cosmos.slashing.v1beta1.Query/SigningInfo" => {
            let req = sl::QuerySigningInfoRequest::decode(data).unwrap();
            if req.cons_address == valcons() {
                ok(sl::QuerySigningInfoResponse {
                    val_signing_info: Some(signing_info()),
                })
            } else {
                not_found(&format!("signing info of {}", req.cons_address))
            }
        }
        "/cosmos.slashing.v1beta1.Query/SigningInfos" => ok(sl::QuerySigningInfosResponse {
            info: vec![signing_info()],
            pagination: None,
        }),
        "/cosmos.slashing.v1beta1.Query/Params" => ok(sl::QueryParamsResponse {
            params: Some(slashing_params()),
        }),
        "/cosmos.gov.v1.Query/Proposals" => {
            let req = g::QueryProposalsRequest::decode(data).unwrap();
            ok(g::QueryProposalsResponse {
                proposals: [proposal(1), proposal(2)]
                    .into_iter()
                    .filter(|p| req.proposal_status == 0 || p.status == req.proposal_status)
                    .collect(),
                pagination: None,
            })
        }
        "/cosmos.gov.v1.Query/Proposal" => {
            let req = g::QueryProposalRequest::decode(data).unwrap();
            if (1..=2).contains(&req.proposal_id) {
                ok(g::QueryProposalResponse {
                    proposal: Some(proposal(req.proposal_id)),
                })
            } else {
                not_found(&format!("proposal {}", req.proposal_id))
            }
        }
        "/cosmos.gov.v1.Query/Votes" => ok(g::QueryVotesResponse {
            votes: vec![vote()],
            pagination: None,
        }),
        "/cosmos.gov.v1.Query/Vote" => ok(g::QueryVoteResponse { vote: Some(vote()) }),
        "/cosmos.gov.v1.Query/Deposits" => ok(g::QueryDepositsResponse {
            deposits: vec![g::Deposit {
                proposal_id: 1,
                depositor: account(1),
                amount: vec![coin(&open(1000))],
            }],
            pagination: None,
        }),
        "/cosmos.gov.v1.Query/TallyResult" => ok(g::QueryTallyResultResponse {
            tally: proposal(1).final_tally_result,
        }),
        "/cosmos.gov.v1.Query/Params" => {
            #[allow(deprecated)]
            let response = g::QueryParamsResponse {
                voting_params: None,
                deposit_params: None,
                tally_params: None,
                params: Some(g::Params {
                    min_deposit: vec![coin(&open(1000))],
                    max_deposit_period: Some(Duration {
                        seconds: 172_800,
                        nanos: 0,
                    }),
                    voting_period: Some(Duration {
                        seconds: 172_800,
                        nanos: 0,
                    }),
                    quorum: "0.334000000000000000".into(),
                    threshold: "0.500000000000000000".into(),
                    veto_threshold: "0.334000000000000000".into(),
                    min_initial_deposit_ratio: "0.000000000000000000".into(),
                    burn_vote_veto: true,
                    ..Default::default()
                }),
            };
            ok(response)
        }
        "/openledger.gov.v1.Query/GovernancePower" => {
            let req = PowerRequest::decode(data).unwrap();
            ok(PowerResponse {
                locked: open(1000),
                delegatee: req.address,
                voting_power: open(1000),
                unlocking: vec![UnlockEntry {
                    amount: open(5),
                    completion_time: ts(604_800),
                }],
            })
        }
        "/openledger.gov.v1.Query/TotalPower" => ok(TotalPowerResponse {
            total_locked: open(3000),
        }),
        _ => None,
    }
}
