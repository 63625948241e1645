//! Genesis: export → JSON → import → export gives the same state, and invalid files are refused.

mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::{Coins, Dec};
use openledger_gov::{
    invariants, GenesisLock, GenesisState, GenesisUnlock, GovError, GovRead, ProposalStatus, Time,
    VoteOption,
};

/// A state with proposals in every stage, votes, deposits, locks, a delegation and unlocks.
fn busy() -> MemState {
    let mut s = setup();
    lock(&mut s, 1, 400).unwrap();
    lock(&mut s, 2, 300).unwrap();
    lock(&mut s, 3, 50).unwrap();
    delegate(&mut s, 3, 1).unwrap();
    let passed = submit(&mut s, 4, MIN_DEPOSIT, vec![update_voting_period_msg(90)]);
    vote(&mut s, 1, passed, VoteOption::Yes).unwrap();
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert_eq!(
        s.proposal(passed).unwrap().unwrap().status,
        ProposalStatus::Passed
    );
    begin_unlock(&mut s, START + 100, 2, 20).unwrap();
    begin_unlock(&mut s, START + 101, 2, 30).unwrap();
    // still open: one in deposit period, one voting with a weighted vote
    submit_at(&mut s, START + 101, &submit_msg(5, 10, vec![failing_msg()])).unwrap();
    let voting = submit_at(&mut s, START + 101, &submit_msg(5, 999, vec![])).unwrap();
    deposit(&mut s, START + 102, 6, voting, coins(1)).unwrap();
    vote(&mut s, 1, voting, VoteOption::No).unwrap();
    vote_weighted(
        &mut s,
        2,
        voting,
        &[(VoteOption::Yes, "0.4"), (VoteOption::NoWithVeto, "0.6")],
    )
    .unwrap();
    s
}

fn reimport(s: &MemState) -> (MemState, GenesisState) {
    let bank = openledger_bank::GenesisState::export(s).unwrap();
    let gov = GenesisState::export(s).unwrap();
    let json = serde_json::to_string_pretty(&gov).unwrap();
    let parsed: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, gov);
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    parsed.init(&mut fresh).unwrap();
    invariants::check_all(&fresh).unwrap();
    (fresh, gov)
}

#[test]
fn genesis_round_trips() {
    let s = busy();
    let (fresh, exported) = reimport(&s);
    assert_eq!(GenesisState::export(&fresh).unwrap(), exported);
    assert_eq!(exported.starting_proposal_id, 4);
    assert_eq!(exported.proposals.len(), 3);
    assert_eq!(exported.deposits.len(), 3);
    assert_eq!(exported.votes.len(), 2);
    assert_eq!(exported.locks.len(), 3);
    assert_eq!(exported.unlocking.len(), 2);
    assert_eq!(exported.params.voting_period_secs, 90);
    // derived state is rebuilt: power, totals, queues
    assert_eq!(fresh.voting_power(&addr(1)).unwrap(), 450);
    assert_eq!(fresh.voting_power(&addr(2)).unwrap(), 250);
    assert_eq!(fresh.total_power().unwrap(), 700);
    // the imported chain keeps working: queues fire at the same times
    let mut a = s;
    let mut b = fresh;
    for t in [START + 150, START + 201, START + 400] {
        end_block_at(&mut a, t, &MockExecutor);
        end_block_at(&mut b, t, &MockExecutor);
        assert_eq!(
            GenesisState::export(&a).unwrap(),
            GenesisState::export(&b).unwrap()
        );
    }
    assert_eq!(
        a.proposal(3).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
}

#[test]
fn default_genesis_is_valid_and_json_is_strict() {
    let g = GenesisState::default();
    g.validate().unwrap();
    let json = serde_json::to_value(&g).unwrap();
    assert_eq!(json["params"]["quorum"], "0.334000000000000000");
    assert_eq!(
        json["params"]["min_deposit"][0]["amount"],
        "1000000000000000000000"
    );
    let from_empty: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(from_empty, g);
    assert!(serde_json::from_str::<GenesisState>(r#"{"unknown": 1}"#).is_err());
}

#[test]
fn invalid_genesis_is_refused() {
    let s = busy();
    let good = GenesisState::export(&s).unwrap();
    let bank = openledger_bank::GenesisState::export(&s).unwrap();
    let refuse = |g: &GenesisState| {
        let e = g.validate().unwrap_err();
        assert!(matches!(e, GovError::InvalidGenesis(_)), "{e}");
        assert_eq!(code(&e), ("gov", 8));
    };
    let mut g = good.clone();
    g.starting_proposal_id = 3;
    refuse(&g);
    let mut g = good.clone();
    g.proposals.push(g.proposals[0].clone());
    refuse(&g);
    let mut g = good.clone();
    g.deposits[0].amount = coins(1);
    refuse(&g);
    let mut g = good.clone();
    g.votes.push(g.votes[0].clone());
    refuse(&g);
    let mut g = good.clone();
    g.votes[0].options[0].weight = Dec::percent(50);
    refuse(&g);
    let mut g = good.clone();
    // a deposit on the passed proposal (1)
    g.deposits.push(openledger_gov::Deposit {
        proposal_id: 1,
        depositor: addr(1),
        amount: coins(1),
    });
    refuse(&g);
    let mut g = good.clone();
    g.locks.push(GenesisLock {
        owner: addr(1),
        locked: 1,
        delegatee: None,
    });
    refuse(&g);
    let mut g = good.clone();
    g.locks.push(GenesisLock {
        owner: addr(9),
        locked: 0,
        delegatee: None,
    });
    refuse(&g);
    let mut g = good.clone();
    g.unlocking.push(GenesisUnlock {
        owner: addr(9),
        amount: 0,
        completion_time: Time::new(START, 0).unwrap(),
    });
    refuse(&g);
    let mut g = good.clone();
    g.params.max_unlock_entries = 0;
    refuse(&g);
    let mut g = good.clone();
    g.proposals[2].status = ProposalStatus::DepositPeriod;
    refuse(&g);

    // escrow balances must match what bank holds
    let mut g = good.clone();
    g.locks[0].locked += 1;
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    assert!(matches!(
        g.init(&mut fresh).unwrap_err(),
        GovError::InvalidGenesis(_)
    ));
    let mut g = good;
    let last = g.deposits.len() - 1;
    g.deposits[last].amount = g.deposits[last]
        .amount
        .checked_add(&Coins::single("aopen", 1).unwrap())
        .unwrap();
    let pid = g.deposits[last].proposal_id;
    let p = g.proposals.iter_mut().find(|p| p.id == pid).unwrap();
    p.total_deposit = p.total_deposit.checked_add(&coins(1)).unwrap();
    g.validate().unwrap();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    assert!(matches!(
        g.init(&mut fresh).unwrap_err(),
        GovError::InvalidGenesis(_)
    ));
}
