//! Proposal messages: submit, deposit, vote, weighted vote and update-params, their success
//! paths and every refusal (each refusal leaves state unchanged; `run` asserts it).

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::Any;
use openledger_framework::{Coin, Coins, Dec};
use openledger_gov::{
    execute_update_params, gov_address, GovRead, MsgSubmitProposal, MsgUpdateParams,
    MsgVoteWeighted, ProposalStatus, VoteOption,
};

#[test]
fn submit_escrows_the_deposit_and_waits_for_more() {
    let mut s = setup();
    let id = submit(&mut s, 1, 400, vec![update_voting_period_msg(10)]);
    assert_eq!(id, 1);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::DepositPeriod);
    assert_eq!(p.total_deposit, coins(400));
    assert_eq!(p.deposit_end_time.secs, START + 100);
    assert_eq!(p.proposer, addr(1));
    assert_eq!(balance(&s, &gov_address()), 400);
    assert_eq!(balance(&s, &addr(1)), FUNDS - 400);
    let ev = events(&s, "submit_proposal");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("proposal_id"), Some("1"));
    assert_eq!(
        ev[0].attribute("proposal_messages"),
        Some(",/cosmos.gov.v1.MsgUpdateParams")
    );
    let ev = events(&s, "proposal_deposit");
    assert_eq!(ev[0].attribute("amount"), Some("400aopen"));
    assert_eq!(s.deposit(id, &addr(1)).unwrap().unwrap().amount, coins(400));

    // a second deposit reaching min_deposit starts the voting period
    deposit(&mut s, START + 10, 2, id, coins(600)).unwrap();
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::VotingPeriod);
    assert_eq!(p.voting_start_time.unwrap().secs, START + 10);
    assert_eq!(p.voting_end_time.unwrap().secs, START + 110);
    assert!(events(&s, "proposal_deposit")
        .iter()
        .any(|e| e.attribute("voting_period_start") == Some("1")));
    // deposits during the voting period are still accepted and add up per depositor
    deposit(&mut s, START + 20, 2, id, coins(5)).unwrap();
    assert_eq!(s.deposit(id, &addr(2)).unwrap().unwrap().amount, coins(605));
    assert_eq!(balance(&s, &gov_address()), 1_005);

    // ids increase; a full initial deposit goes straight to voting
    let id2 = submit(&mut s, 1, MIN_DEPOSIT, vec![]);
    assert_eq!(id2, 2);
    assert_eq!(
        s.proposal(id2).unwrap().unwrap().status,
        ProposalStatus::VotingPeriod
    );
    assert!(events(&s, "submit_proposal")
        .iter()
        .any(|e| e.attribute("voting_period_start") == Some("2")));
}

#[test]
fn submit_refusals() {
    let mut s = setup();
    let ok = submit_msg(1, 10, vec![]);
    let check = |s: &mut openledger_framework::delta::MemState,
                 m: &MsgSubmitProposal,
                 want: (&str, u32)| {
        let e = submit_at(s, START, m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    // signer
    let e = run(&mut s, |f| {
        with_ctx(START, addr(2), |c| {
            openledger_gov::execute_submit_proposal(f, c, &ok, &MockExecutor)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let mut m = ok.clone();
    m.title = String::new();
    check(&mut s, &m, ("gov", 5));
    let mut m = ok.clone();
    m.summary = String::new();
    check(&mut s, &m, ("gov", 5));
    let mut m = ok.clone();
    m.metadata = String::new();
    check(&mut s, &m, ("gov", 11));
    let mut m = ok.clone();
    m.metadata = "x".repeat(256);
    check(&mut s, &m, ("gov", 15));
    let mut m = ok.clone();
    m.title = "t".repeat(141);
    check(&mut s, &m, ("gov", 15));
    let mut m = ok.clone();
    m.summary = "s".repeat(10_001);
    check(&mut s, &m, ("gov", 22));
    let mut m = ok.clone();
    m.messages = vec![failing_msg(); 17];
    check(&mut s, &m, ("gov", 105));
    // metadata in the recommended JSON shape must repeat title and summary
    let mut m = ok.clone();
    m.metadata = r#"{"title":"Other","summary":"Summary"}"#.into();
    check(&mut s, &m, ("gov", 5));
    let mut m = ok.clone();
    m.metadata = r#"{"title":"Title","summary":"Summary","details":"d"}"#.into();
    submit_at(&mut s, START, &m).unwrap();
    // the executor's refusals keep their codes
    let mut m = ok.clone();
    m.messages = vec![Any {
        type_url: "/cosmos.bank.v1beta1.MsgSend".into(),
        value: vec![],
    }];
    check(&mut s, &m, ("gov", 10));
    let mut m = ok.clone();
    let bad_authority = pb::MsgUpdateParams {
        authority: addr(1).to_string(),
        params: None,
    };
    m.messages = vec![Any {
        type_url: "/cosmos.gov.v1.MsgUpdateParams".into(),
        value: prost::Message::encode_to_vec(&bad_authority),
    }];
    check(&mut s, &m, ("gov", 13));
    // deposit denom and funds
    let mut m = ok.clone();
    m.initial_deposit = Coins::single("bopen", 5).unwrap();
    check(&mut s, &m, ("gov", 23));
    let mut m = ok.clone();
    m.initial_deposit = coins(FUNDS + 1);
    check(&mut s, &m, ("sdk", 5));
    // expedited is refused when decoding
    let e = MsgSubmitProposal::try_from(&pb::MsgSubmitProposal {
        proposer: addr(1).to_string(),
        title: "t".into(),
        summary: "s".into(),
        metadata: "m".into(),
        expedited: true,
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 104));
    let e = MsgSubmitProposal::try_from(&pb::MsgSubmitProposal {
        proposer: addr(1).to_string(),
        initial_deposit: vec![cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "aopen".into(),
            amount: "0".into(),
        }],
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 10));
}

#[test]
fn initial_deposit_must_reach_the_ratio() {
    let mut params = test_params();
    params.min_initial_deposit_ratio = Dec::percent(25);
    let mut s = setup_with(params);
    let e = submit_at(&mut s, START, &submit_msg(1, 249, vec![])).unwrap_err();
    assert_eq!(code(&e), ("gov", 16));
    let e = submit_at(&mut s, START, &submit_msg(1, 0, vec![])).unwrap_err();
    assert_eq!(code(&e), ("gov", 16));
    submit_at(&mut s, START, &submit_msg(1, 250, vec![])).unwrap();
}

#[test]
fn deposit_refusals() {
    let mut s = setup();
    let id = submit(&mut s, 1, 0, vec![]);
    assert_eq!(s.deposit(id, &addr(1)).unwrap(), None);
    let e = deposit(&mut s, START, 2, 99, coins(1)).unwrap_err();
    assert_eq!(code(&e), ("gov", 2));
    let e = deposit(&mut s, START, 2, id, Coins::single("bopen", 1).unwrap()).unwrap_err();
    assert_eq!(code(&e), ("gov", 23));
    let e = deposit(&mut s, START, 2, id, coins(FUNDS + 1)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));
    let msg = openledger_gov::MsgDeposit {
        proposal_id: id,
        depositor: addr(2),
        amount: coins(1),
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(3), |c| {
            openledger_gov::execute_deposit(f, c, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let e = openledger_gov::MsgDeposit::try_from(&pb::MsgDeposit {
        proposal_id: id,
        depositor: addr(2).to_string(),
        amount: vec![],
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 10));
    // a finished proposal takes no deposits
    let id2 = submit(&mut s, 1, MIN_DEPOSIT, vec![]);
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert_eq!(
        s.proposal(id2).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
    let e = deposit(&mut s, START + 100, 2, id2, coins(1)).unwrap_err();
    assert_eq!(code(&e), ("gov", 3));
}

#[test]
fn votes_are_stored_replaced_and_refused_when_invalid() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    let pending = submit(&mut s, 2, 0, vec![]);
    let id = submit(&mut s, 2, MIN_DEPOSIT, vec![]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    assert_eq!(
        s.vote(id, &addr(1)).unwrap().unwrap().options[0].option,
        VoteOption::Yes
    );
    let ev = events(&s, "proposal_vote");
    assert_eq!(
        ev[0].attribute("option"),
        Some("option:VOTE_OPTION_YES weight:\"1.000000000000000000\"")
    );
    assert_eq!(ev[0].attribute("proposal_id"), Some("2"));
    // a new vote replaces the old one
    vote_weighted(
        &mut s,
        1,
        id,
        &[(VoteOption::No, "0.25"), (VoteOption::Abstain, "0.75")],
    )
    .unwrap();
    let v = s.vote(id, &addr(1)).unwrap().unwrap();
    assert_eq!(v.options.len(), 2);
    assert_eq!(v.options[0].option, VoteOption::No);

    assert_eq!(
        code(&vote(&mut s, 1, pending, VoteOption::Yes).unwrap_err()),
        ("gov", 3)
    );
    assert_eq!(
        code(&vote(&mut s, 1, 77, VoteOption::Yes).unwrap_err()),
        ("gov", 2)
    );
    assert_eq!(
        code(&vote(&mut s, 3, id, VoteOption::Yes).unwrap_err()),
        ("gov", 100)
    );
    let e = openledger_gov::MsgVote::try_from(&pb::MsgVote {
        proposal_id: id,
        voter: addr(1).to_string(),
        option: 0,
        metadata: String::new(),
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 7));
    let weighted = |opts: Vec<(i32, &str)>| pb::MsgVoteWeighted {
        proposal_id: id,
        voter: addr(1).to_string(),
        options: opts
            .into_iter()
            .map(|(o, w)| pb::WeightedVoteOption {
                option: o,
                weight: w.into(),
            })
            .collect(),
        metadata: String::new(),
    };
    for bad in [
        vec![(1, "0.5")],
        vec![(1, "0.5"), (1, "0.5")],
        vec![(1, "0.6"), (3, "0.6")],
        vec![(1, "1"), (3, "0")],
        vec![(9, "1")],
        vec![(1, "-1")],
        vec![],
    ] {
        let e = MsgVoteWeighted::try_from(&weighted(bad.clone())).unwrap_err();
        assert_eq!(code(&e), ("gov", 7), "{bad:?}");
    }
    assert!(MsgVoteWeighted::try_from(&weighted(vec![(1, "0.5"), (4, "0.5")])).is_ok());
    // metadata limit and signer
    let msg = openledger_gov::MsgVote {
        proposal_id: id,
        voter: addr(1),
        option: VoteOption::Yes,
        metadata: "m".repeat(256),
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(1), |c| openledger_gov::execute_vote(f, c, &msg))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 15));
    let e = run(&mut s, |f| {
        with_ctx(START, addr(2), |c| openledger_gov::execute_vote(f, c, &msg))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
}

#[test]
fn only_the_gov_account_updates_params() {
    let mut s = setup();
    let mut p = test_params().to_proto();
    p.quorum = "0.5".into();
    p.min_deposit = vec![cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
        denom: "aopen".into(),
        amount: "7".into(),
    }];
    let msg = MsgUpdateParams {
        authority: gov_address(),
        params: p.clone(),
    };
    run(&mut s, |f| {
        with_ctx(START, gov_address(), |c| execute_update_params(f, c, &msg))
    })
    .unwrap();
    let now = s.gov_params().unwrap();
    assert_eq!(now.quorum, Dec::percent(50));
    assert_eq!(
        now.min_deposit,
        Coins::new(vec![Coin::new("aopen", 7)]).unwrap()
    );
    assert_eq!(
        now.unlock_delay_secs, 50,
        "fields outside the SDK shape are kept"
    );

    let wrong = MsgUpdateParams {
        authority: addr(1),
        params: p.clone(),
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(1), |c| execute_update_params(f, c, &wrong))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 13));
    let e = run(&mut s, |f| {
        with_ctx(START, addr(1), |c| execute_update_params(f, c, &msg))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let mut bad = p;
    bad.threshold = "0".into();
    let bad = MsgUpdateParams {
        authority: gov_address(),
        params: bad,
    };
    let e = run(&mut s, |f| {
        with_ctx(START, gov_address(), |c| execute_update_params(f, c, &bad))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 106));
    let e = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: gov_address().to_string(),
        params: None,
    })
    .unwrap_err();
    assert_eq!(code(&e), ("gov", 106));
}
