//! Query functions: SDK shapes, filters, pagination and the gOPEN queries.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_gov::proto as gpb;
use openledger_gov::*;

fn page(key: Vec<u8>, limit: u64) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        offset: 0,
        limit,
        count_total: false,
        reverse: false,
    })
}

#[test]
fn params_and_constitution_in_the_sdk_shape() {
    let s = setup();
    let r = query_params(
        &s,
        &pb::QueryParamsRequest {
            params_type: "tallying".into(),
        },
    )
    .unwrap();
    let p = r.params.unwrap();
    assert_eq!(p.quorum, "0.334000000000000000");
    assert_eq!(p.threshold, "0.500000000000000000");
    assert_eq!(p.voting_period.unwrap().seconds, 100);
    assert_eq!(p.min_deposit[0].amount, "1000");
    assert!(p.burn_vote_veto);
    assert_eq!(p.expedited_threshold, "");
    assert!(p.expedited_voting_period.is_none());
    #[allow(deprecated)]
    {
        assert_eq!(r.tally_params.unwrap().quorum, "0.334000000000000000");
        assert_eq!(r.voting_params.unwrap().voting_period.unwrap().seconds, 100);
        assert_eq!(r.deposit_params.unwrap().min_deposit[0].amount, "1000");
    }
    let c = query_constitution(&s, &pb::QueryConstitutionRequest {}).unwrap();
    assert_eq!(c.constitution, "");
}

#[test]
fn proposals_filter_and_paginate() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    for i in 0..5u8 {
        let deposit = if i % 2 == 0 { MIN_DEPOSIT } else { 10 };
        submit(&mut s, 2 + (i % 2), deposit, vec![]);
    }
    // ids 1,3,5 voting (proposer 2); 2,4 deposit period (proposer 3)
    vote(&mut s, 1, 3, VoteOption::Yes).unwrap();

    let all = |req: pb::QueryProposalsRequest| query_proposals(&s, &req).unwrap();
    let r = all(pb::QueryProposalsRequest::default());
    assert_eq!(r.proposals.len(), 5);
    assert!(r.pagination.unwrap().next_key.is_empty());

    let r = all(pb::QueryProposalsRequest {
        proposal_status: pb::ProposalStatus::VotingPeriod as i32,
        ..Default::default()
    });
    let ids: Vec<u64> = r.proposals.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 3, 5]);

    let r = all(pb::QueryProposalsRequest {
        depositor: addr(3).to_string(),
        ..Default::default()
    });
    let ids: Vec<u64> = r.proposals.iter().map(|p| p.id).collect();
    assert_eq!(ids, [2, 4]);

    let r = all(pb::QueryProposalsRequest {
        voter: addr(1).to_string(),
        ..Default::default()
    });
    assert_eq!(r.proposals.len(), 1);
    assert_eq!(r.proposals[0].id, 3);

    let first = all(pb::QueryProposalsRequest {
        pagination: page(vec![], 2),
        ..Default::default()
    });
    assert_eq!(first.proposals.len(), 2);
    let next = first.pagination.unwrap().next_key;
    assert_eq!(next, 3u64.to_be_bytes().to_vec());
    let second = all(pb::QueryProposalsRequest {
        pagination: page(next, 2),
        ..Default::default()
    });
    let ids: Vec<u64> = second.proposals.iter().map(|p| p.id).collect();
    assert_eq!(ids, [3, 4]);

    let e = query_proposals(
        &s,
        &pb::QueryProposalsRequest {
            proposal_status: 42,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));

    let p = query_proposal(&s, &pb::QueryProposalRequest { proposal_id: 3 })
        .unwrap()
        .proposal
        .unwrap();
    assert_eq!(p.status, pb::ProposalStatus::VotingPeriod as i32);
    assert_eq!(p.proposer, addr(2).to_string());
    assert_eq!(p.final_tally_result.unwrap().yes_count, "0");
    let e = query_proposal(&s, &pb::QueryProposalRequest { proposal_id: 9 }).unwrap_err();
    assert_eq!(code(&e), ("gov", 2));
    let e = query_proposal(&s, &pb::QueryProposalRequest { proposal_id: 0 }).unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
}

#[test]
fn votes_deposits_and_live_tally() {
    let mut s = setup();
    for i in 1..=4 {
        lock(&mut s, i, 100 * u128::from(i)).unwrap();
    }
    let id = submit(&mut s, 5, 600, vec![]);
    deposit(&mut s, START, 6, id, coins(400)).unwrap();
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    vote(&mut s, 2, id, VoteOption::No).unwrap();
    vote_weighted(
        &mut s,
        3,
        id,
        &[(VoteOption::Yes, "0.5"), (VoteOption::Abstain, "0.5")],
    )
    .unwrap();

    let v = query_vote(
        &s,
        &pb::QueryVoteRequest {
            proposal_id: id,
            voter: addr(2).to_string(),
        },
    )
    .unwrap()
    .vote
    .unwrap();
    assert_eq!(v.options[0].option, pb::VoteOption::No as i32);
    assert_eq!(v.options[0].weight, "1.000000000000000000");
    let e = query_vote(
        &s,
        &pb::QueryVoteRequest {
            proposal_id: id,
            voter: addr(4).to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 38));

    let r = query_votes(
        &s,
        &pb::QueryVotesRequest {
            proposal_id: id,
            pagination: page(vec![], 2),
        },
    )
    .unwrap();
    assert_eq!(r.votes.len(), 2);
    let next = r.pagination.unwrap().next_key;
    assert_eq!(next, addr(3).0.to_vec());
    let r = query_votes(
        &s,
        &pb::QueryVotesRequest {
            proposal_id: id,
            pagination: page(next, 2),
        },
    )
    .unwrap();
    assert_eq!(r.votes.len(), 1);
    assert!(r.pagination.unwrap().next_key.is_empty());

    let d = query_deposit(
        &s,
        &pb::QueryDepositRequest {
            proposal_id: id,
            depositor: addr(6).to_string(),
        },
    )
    .unwrap()
    .deposit
    .unwrap();
    assert_eq!(d.amount[0].amount, "400");
    let r = query_deposits(
        &s,
        &pb::QueryDepositsRequest {
            proposal_id: id,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(r.deposits.len(), 2);
    let e = query_deposit(
        &s,
        &pb::QueryDepositRequest {
            proposal_id: id,
            depositor: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));

    let tally = |s: &openledger_framework::delta::MemState| {
        query_tally_result(s, &pb::QueryTallyResultRequest { proposal_id: id })
            .unwrap()
            .tally
            .unwrap()
    };
    let t = tally(&s);
    assert_eq!(
        (
            t.yes_count.as_str(),
            t.abstain_count.as_str(),
            t.no_count.as_str(),
            t.no_with_veto_count.as_str()
        ),
        ("250", "150", "200", "0")
    );
    // live: power changes show up before the end
    begin_unlock(&mut s, START, 1, 100).unwrap();
    assert_eq!(tally(&s).yes_count, "150");
    end_block_at(&mut s, START + 100, &MockExecutor);
    let t = tally(&s);
    assert_eq!(t.yes_count, "150");
    assert_eq!(t.no_count, "200");
    // final: 500 voted of 900 total; yes 150 of 350 non-abstaining: rejected
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
}

#[test]
fn gopen_queries() {
    let mut s = setup();
    lock(&mut s, 1, 70).unwrap();
    lock(&mut s, 2, 30).unwrap();
    delegate(&mut s, 2, 1).unwrap();
    let r = query_governance_power(
        &s,
        &gpb::QueryGovernancePowerRequest {
            address: addr(1).to_string(),
        },
    )
    .unwrap();
    assert_eq!(r.locked, "70");
    assert_eq!(r.delegatee, addr(1).to_string());
    assert_eq!(r.voting_power, "100");
    assert!(r.unlocking.is_empty());
    let r = query_governance_power(
        &s,
        &gpb::QueryGovernancePowerRequest {
            address: addr(9).to_string(),
        },
    )
    .unwrap();
    assert_eq!((r.locked.as_str(), r.voting_power.as_str()), ("0", "0"));
    assert_eq!(r.delegatee, addr(9).to_string());
    assert!(query_governance_power(
        &s,
        &gpb::QueryGovernancePowerRequest {
            address: "nope".into()
        }
    )
    .is_err());
    let t = query_total_power(&s, &gpb::QueryTotalPowerRequest {}).unwrap();
    assert_eq!(t.total_locked, "100");
}
