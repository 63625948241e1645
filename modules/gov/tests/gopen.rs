//! gOPEN governance staking: lock, delegate, begin unlock, payout, and the rule that no locked
//! OPEN is counted twice.

mod common;

use common::*;
use openledger_framework::{ModuleError, StateRead};
use openledger_gov::proto as gpb;
use openledger_gov::{
    gopen_address, query_governance_power, query_total_power, GovError, GovRead, MsgBeginUnlock,
    MsgLock, ProposalStatus, VoteOption,
};

#[test]
fn lock_escrows_open_and_gives_power_to_the_owner() {
    let mut s = setup();
    lock(&mut s, 1, 300).unwrap();
    assert_eq!(balance(&s, &addr(1)), FUNDS - 300);
    assert_eq!(balance(&s, &gopen_address()), 300);
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 300);
    assert_eq!(s.total_power().unwrap(), 300);
    lock(&mut s, 1, 200).unwrap();
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 500);
    let ev = events(&s, "openledger.gov.v1.EventLock");
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].attribute("amount"), Some("\"300\""));
    assert_eq!(
        ev[0].attribute("owner"),
        Some(format!("\"{}\"", addr(1)).as_str())
    );
    // attributes sorted by key
    let keys: Vec<_> = ev[0].attributes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["amount", "delegatee", "owner"]);
}

#[test]
fn lock_refusals_change_nothing() {
    let mut s = setup();
    // not signed by the owner
    let msg = MsgLock {
        owner: addr(1),
        amount: 10,
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(2), |c| openledger_gov::execute_lock(f, c, &msg))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // more than the balance
    let e = lock(&mut s, 1, FUNDS + 1).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));
    // wrong denom and zero amount are refused when decoding
    let bad = gpb::MsgLock {
        owner: addr(1).to_string(),
        amount: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "bopen".into(),
            amount: "5".into(),
        }),
    };
    let e = MsgLock::try_from(&bad).unwrap_err();
    assert_eq!(code(&e), ("gov", 103));
    let zero = gpb::MsgLock {
        owner: addr(1).to_string(),
        amount: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "aopen".into(),
            amount: "0".into(),
        }),
    };
    assert_eq!(code(&MsgLock::try_from(&zero).unwrap_err()), ("sdk", 10));
    let none = gpb::MsgLock {
        owner: addr(1).to_string(),
        amount: None,
    };
    assert_eq!(code(&MsgLock::try_from(&none).unwrap_err()), ("sdk", 10));
    let bad_addr = gpb::MsgLock {
        owner: "cosmos1xyz".into(),
        amount: zero.amount.clone(),
    };
    assert_eq!(code(&MsgLock::try_from(&bad_addr).unwrap_err()), ("sdk", 7));
    assert_eq!(s.total_power().unwrap(), 0);
}

#[test]
fn delegation_moves_power_without_moving_funds() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    lock(&mut s, 2, 40).unwrap();
    delegate(&mut s, 1, 2).unwrap();
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 0);
    assert_eq!(s.voting_power(&addr(2)).unwrap(), 140);
    // not transitive: 2 delegating to 3 moves only 2's own lock
    delegate(&mut s, 2, 3).unwrap();
    assert_eq!(s.voting_power(&addr(2)).unwrap(), 100);
    assert_eq!(s.voting_power(&addr(3)).unwrap(), 40);
    // later locks follow the delegatee
    lock(&mut s, 1, 10).unwrap();
    assert_eq!(s.voting_power(&addr(2)).unwrap(), 110);
    // back to self
    delegate(&mut s, 1, 1).unwrap();
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 110);
    assert_eq!(s.voting_power(&addr(2)).unwrap(), 0);
    assert_eq!(s.total_power().unwrap(), 150);
    // delegating to the current delegatee changes nothing
    let n = s.changes().events.len();
    delegate(&mut s, 1, 1).unwrap();
    assert_eq!(s.changes().events.len(), n);
    // delegating before locking anything is remembered
    delegate(&mut s, 4, 1).unwrap();
    lock(&mut s, 4, 5).unwrap();
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 115);
    // only the owner may delegate
    let msg = openledger_gov::MsgDelegateVotes {
        owner: addr(1),
        delegatee: addr(2),
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(2), |c| {
            openledger_gov::execute_delegate_votes(f, c, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
}

#[test]
fn unlock_removes_power_at_once_and_pays_after_the_delay() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    delegate(&mut s, 1, 2).unwrap();
    let done = begin_unlock(&mut s, START, 1, 60).unwrap();
    assert_eq!(done.secs, START + 50);
    assert_eq!(s.voting_power(&addr(2)).unwrap(), 40);
    assert_eq!(s.total_power().unwrap(), 40);
    assert_eq!(balance(&s, &addr(1)), FUNDS - 100);
    // the same completion time shares an entry
    begin_unlock(&mut s, START, 1, 10).unwrap();
    let q = query_governance_power(
        &s,
        &gpb::QueryGovernancePowerRequest {
            address: addr(1).to_string(),
        },
    )
    .unwrap();
    assert_eq!(q.locked, "30");
    assert_eq!(q.delegatee, addr(2).to_string());
    assert_eq!(q.voting_power, "0");
    assert_eq!(q.unlocking.len(), 1);
    assert_eq!(q.unlocking[0].amount, "70");
    assert_eq!(q.unlocking[0].completion_time.unwrap().seconds, START + 50);
    // not yet due
    end_block_at(&mut s, START + 49, &MockExecutor);
    assert_eq!(balance(&s, &addr(1)), FUNDS - 100);
    end_block_at(&mut s, START + 50, &MockExecutor);
    assert_eq!(balance(&s, &addr(1)), FUNDS - 30);
    assert_eq!(balance(&s, &gopen_address()), 30);
    let ev = events(&s, "openledger.gov.v1.EventUnlockCompleted");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("amount"), Some("\"70\""));
    let total = query_total_power(&s, &gpb::QueryTotalPowerRequest {}).unwrap();
    assert_eq!(total.total_locked, "30");
}

#[test]
fn unlock_refusals() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    let e = begin_unlock(&mut s, START, 1, 101).unwrap_err();
    assert_eq!(code(&e), ("gov", 101));
    let e = begin_unlock(&mut s, START, 2, 1).unwrap_err();
    assert_eq!(code(&e), ("gov", 101));
    // max 3 entries per owner
    for i in 0..3 {
        begin_unlock(&mut s, START + i, 1, 1).unwrap();
    }
    let e = begin_unlock(&mut s, START + 3, 1, 1).unwrap_err();
    assert!(matches!(e, GovError::TooManyUnlockEntries { max: 3, .. }));
    assert_eq!(code(&e), ("gov", 102));
    // merging into an existing entry is still allowed
    begin_unlock(&mut s, START + 2, 1, 1).unwrap();
    // after a payout a new entry fits
    end_block_at(&mut s, START + 50, &MockExecutor);
    begin_unlock(&mut s, START + 50, 1, 1).unwrap();
    // only the owner may unlock
    let msg = MsgBeginUnlock {
        owner: addr(1),
        amount: 1,
    };
    let e = run(&mut s, |f| {
        with_ctx(START, addr(2), |c| {
            openledger_gov::execute_begin_unlock(f, c, &msg)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
}

/// A votes, then delegates to B who votes too: the tally counts A's OPEN once, with B.
#[test]
fn moving_delegation_after_voting_cannot_double_count() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    lock(&mut s, 2, 50).unwrap();
    lock(&mut s, 3, 1_000).unwrap(); // abstains from voting: only quorum matters here
    let id = submit(&mut s, 5, MIN_DEPOSIT, vec![]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    delegate(&mut s, 1, 2).unwrap();
    vote(&mut s, 2, id, VoteOption::No).unwrap();
    // 1 still has a stored vote, but no power any more.
    assert_eq!(s.voting_power(&addr(1)).unwrap(), 0);
    let live = openledger_gov::query_tally_result(
        &s,
        &cosmos_sdk_proto::cosmos::gov::v1::QueryTallyResultRequest { proposal_id: id },
    )
    .unwrap()
    .tally
    .unwrap();
    assert_eq!(live.yes_count, "0");
    assert_eq!(live.no_count, "150");
    end_block_at(&mut s, START + 100, &MockExecutor);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.final_tally_result.yes_count, 0);
    assert_eq!(p.final_tally_result.no_count, 150);
    let counted = p.final_tally_result.yes_count + p.final_tally_result.no_count;
    assert!(counted <= s.total_power().unwrap());
    // 150 of 1150 voted: below the 33.4% quorum
    assert_eq!(p.status, ProposalStatus::Rejected);
}

#[test]
fn an_account_without_power_cannot_vote_and_unlocking_takes_power_away() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    let id = submit(&mut s, 5, MIN_DEPOSIT, vec![]);
    let e = vote(&mut s, 2, id, VoteOption::Yes).unwrap_err();
    assert_eq!(code(&e), ("gov", 100));
    begin_unlock(&mut s, START, 1, 100).unwrap();
    let e = vote(&mut s, 1, id, VoteOption::Yes).unwrap_err();
    assert_eq!(code(&e), ("gov", 100));
    // stored state holds no lock record for 1 any more
    assert!(s
        .get_raw(&openledger_gov::state_key::lock(&addr(1)))
        .unwrap()
        .is_none());
    assert_eq!(e.code(), 100);
}
