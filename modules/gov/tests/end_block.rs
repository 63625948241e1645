//! End block: proposals pass and execute, are rejected, vetoed (deposits burned), miss quorum,
//! fail on execution (nothing of their messages persists), or expire in the deposit period.

mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::{CallError, StateDelta};
use openledger_gov::{gov_address, GovRead, ProposalStatus, VoteOption};

/// Locks: 1 → 400, 2 → 300, 3 → 300 (total 1000). Proposal in voting period from START.
fn voting(messages: Vec<cosmos_sdk_proto::Any>) -> (MemState, u64) {
    voting_with(test_params(), messages)
}

fn voting_with(
    params: openledger_gov::Params,
    messages: Vec<cosmos_sdk_proto::Any>,
) -> (MemState, u64) {
    let mut s = setup_with(params);
    lock(&mut s, 1, 400).unwrap();
    lock(&mut s, 2, 300).unwrap();
    lock(&mut s, 3, 300).unwrap();
    let id = submit(&mut s, 4, 600, messages);
    deposit(&mut s, START, 5, id, coins(400)).unwrap();
    (s, id)
}

fn result_event(s: &MemState, kind: &str) -> (String, String) {
    let ev = events(s, kind);
    let e = ev.last().expect("event");
    (
        e.attribute("proposal_id").unwrap().to_string(),
        e.attribute("proposal_result").unwrap().to_string(),
    )
}

#[test]
fn a_passed_proposal_executes_and_refunds_deposits() {
    let (mut s, id) = voting(vec![update_voting_period_msg(33)]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    vote(&mut s, 2, id, VoteOption::No).unwrap();
    let before = supply(&s);
    // one second early: nothing happens
    end_block_at(&mut s, START + 99, &MockExecutor);
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::VotingPeriod
    );
    end_block_at(&mut s, START + 100, &MockExecutor);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Passed);
    assert_eq!(p.final_tally_result.yes_count, 400);
    assert_eq!(p.final_tally_result.no_count, 300);
    assert_eq!(p.failed_reason, "");
    assert_eq!(s.gov_params().unwrap().voting_period_secs, 33);
    assert_eq!(balance(&s, &addr(4)), FUNDS);
    assert_eq!(balance(&s, &addr(5)), FUNDS);
    assert_eq!(balance(&s, &gov_address()), 0);
    assert_eq!(supply(&s), before);
    assert_eq!(
        result_event(&s, "active_proposal"),
        (id.to_string(), "proposal_passed".into())
    );
    // votes and deposits are removed once settled; the proposal keeps its total deposit
    assert!(s.vote(id, &addr(1)).unwrap().is_none());
    assert!(s.deposit(id, &addr(4)).unwrap().is_none());
    assert_eq!(p.total_deposit, coins(1_000));
}

#[test]
fn a_rejected_proposal_refunds_and_does_not_execute() {
    let (mut s, id) = voting(vec![update_voting_period_msg(33)]);
    vote(&mut s, 1, id, VoteOption::No).unwrap();
    vote(&mut s, 2, id, VoteOption::Yes).unwrap();
    end_block_at(&mut s, START + 100, &MockExecutor);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Rejected);
    assert_eq!(s.gov_params().unwrap().voting_period_secs, 100);
    assert_eq!(balance(&s, &addr(4)), FUNDS);
    assert_eq!(result_event(&s, "active_proposal").1, "proposal_rejected");
}

#[test]
fn a_vetoed_proposal_burns_its_deposits() {
    let (mut s, id) = voting(vec![]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    vote(&mut s, 2, id, VoteOption::NoWithVeto).unwrap(); // 300/700 > 0.334
    let before = supply(&s);
    end_block_at(&mut s, START + 100, &MockExecutor);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Rejected);
    assert_eq!(p.final_tally_result.no_with_veto_count, 300);
    assert_eq!(balance(&s, &addr(4)), FUNDS - 600);
    assert_eq!(balance(&s, &addr(5)), FUNDS - 400);
    assert_eq!(balance(&s, &gov_address()), 0);
    assert_eq!(supply(&s), before - 1_000);
    assert!(!events(&s, "burn").is_empty());
}

#[test]
fn missing_quorum_refunds_unless_burn_vote_quorum() {
    let (mut s, id) = voting(vec![]);
    vote(&mut s, 2, id, VoteOption::Yes).unwrap(); // 300 of 1000 < 33.4%
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
    assert_eq!(balance(&s, &addr(4)), FUNDS);

    let mut params = test_params();
    params.burn_vote_quorum = true;
    let (mut s, id) = voting_with(params, vec![]);
    vote(&mut s, 2, id, VoteOption::Yes).unwrap();
    let before = supply(&s);
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
    assert_eq!(balance(&s, &addr(4)), FUNDS - 600);
    assert_eq!(supply(&s), before - 1_000);
}

#[test]
fn a_failing_execution_changes_nothing_and_marks_the_proposal_failed() {
    // The first message would change the params; the second fails: neither persists.
    let (mut s, id) = voting(vec![update_voting_period_msg(33), failing_msg()]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    end_block_at(&mut s, START + 100, &MockExecutor);
    let p = s.proposal(id).unwrap().unwrap();
    assert_eq!(p.status, ProposalStatus::Failed);
    assert_eq!(p.failed_reason, "marker message failed");
    assert_eq!(p.final_tally_result.yes_count, 400);
    assert_eq!(s.gov_params().unwrap().voting_period_secs, 100);
    // deposits of a passed proposal are refunded even if execution fails (SDK)
    assert_eq!(balance(&s, &addr(4)), FUNDS);
    assert_eq!(result_event(&s, "active_proposal").1, "proposal_failed");
    let served = openledger_gov::query_proposal(
        &s,
        &cosmos_sdk_proto::cosmos::gov::v1::QueryProposalRequest { proposal_id: id },
    )
    .unwrap()
    .proposal
    .unwrap();
    assert_eq!(served.status, 5);
    assert_eq!(served.failed_reason, "marker message failed");
}

/// Executes like [`MockExecutor`] but every run meets a storage failure.
struct BrokenStorage;

impl openledger_gov::ProposalExecutor for BrokenStorage {
    fn validate(&self, messages: &[cosmos_sdk_proto::Any]) -> Result<(), CallError> {
        MockExecutor.validate(messages)
    }

    fn execute(
        &self,
        _state: &mut dyn openledger_framework::StateWrite,
        _ctx: &openledger_framework::BlockCtx,
        _messages: &[cosmos_sdk_proto::Any],
    ) -> Result<(), CallError> {
        Err(CallError::new(
            openledger_framework::error::sdk::CODESPACE,
            openledger_framework::error::sdk::INTERNAL,
            "storage: read failed",
        ))
    }
}

#[test]
fn a_storage_failure_during_execution_stops_the_block_instead_of_failing_the_proposal() {
    let (mut s, id) = voting(vec![update_voting_period_msg(33)]);
    vote(&mut s, 1, id, VoteOption::Yes).unwrap();
    let before = s.proposal(id).unwrap().unwrap();
    let mut fork = StateDelta::new(&s);
    let err =
        openledger_gov::end_block(&mut fork, &block_at(START + 100), &BrokenStorage).unwrap_err();
    assert!(err.to_string().contains("storage: read failed"), "{err}");
    drop(fork);
    // nothing was recorded: the block does not commit, the proposal is as it was
    assert_eq!(s.proposal(id).unwrap().unwrap(), before);
    assert_eq!(before.status, ProposalStatus::VotingPeriod);
}

#[test]
fn an_expired_deposit_period_drops_the_proposal() {
    let mut s = setup();
    let id = submit(&mut s, 1, 300, vec![]);
    deposit(&mut s, START + 1, 2, id, coins(200)).unwrap();
    end_block_at(&mut s, START + 99, &MockExecutor);
    assert!(s.proposal(id).unwrap().is_some());
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert!(s.proposal(id).unwrap().is_none());
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(balance(&s, &addr(2)), FUNDS);
    assert_eq!(
        result_event(&s, "inactive_proposal"),
        (id.to_string(), "proposal_dropped".into())
    );

    let mut params = test_params();
    params.burn_proposal_deposit_prevote = true;
    let mut s = setup_with(params);
    let id = submit(&mut s, 1, 300, vec![]);
    let before = supply(&s);
    end_block_at(&mut s, START + 500, &MockExecutor);
    assert!(s.proposal(id).unwrap().is_none());
    assert_eq!(balance(&s, &addr(1)), FUNDS - 300);
    assert_eq!(supply(&s), before - 300);
}

#[test]
fn without_any_voting_power_a_proposal_is_rejected_and_refunded() {
    let mut params = test_params();
    params.burn_vote_quorum = true;
    let mut s = setup_with(params);
    let id = submit(&mut s, 1, MIN_DEPOSIT, vec![update_voting_period_msg(5)]);
    end_block_at(&mut s, START + 100, &MockExecutor);
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::Rejected
    );
    assert_eq!(balance(&s, &addr(1)), FUNDS);
}

#[test]
fn many_proposals_ending_together_are_all_processed_in_order() {
    let mut s = setup();
    lock(&mut s, 1, 100).unwrap();
    let ids: Vec<u64> = (0..300).map(|_| submit(&mut s, 2, 0, vec![])).collect();
    let voting_ids: Vec<u64> = (0..5)
        .map(|_| submit(&mut s, 3, MIN_DEPOSIT, vec![]))
        .collect();
    for id in &voting_ids {
        vote(&mut s, 1, *id, VoteOption::Yes).unwrap();
    }
    end_block_at(&mut s, START + 100, &MockExecutor);
    for id in ids {
        assert!(s.proposal(id).unwrap().is_none());
    }
    for id in voting_ids {
        assert_eq!(
            s.proposal(id).unwrap().unwrap().status,
            ProposalStatus::Passed
        );
    }
    let dropped: Vec<String> = events(&s, "inactive_proposal")
        .iter()
        .map(|e| e.attribute("proposal_id").unwrap().to_string())
        .collect();
    assert_eq!(dropped.len(), 300);
    assert_eq!(dropped[0], "1");
    assert_eq!(dropped[299], "300");
}

/// Like [`MockExecutor`], with submission and rejection hooks: a proposal whose messages
/// include `/test.Fail` beside others is refused at submission, an accepted one is noted under
/// `hook/submitted`, and a rejected one under `hook/rejected` (with its id and proposer).
struct Hooked;

impl openledger_gov::ProposalExecutor for Hooked {
    fn validate(&self, messages: &[cosmos_sdk_proto::Any]) -> Result<(), CallError> {
        MockExecutor.validate(messages)
    }

    fn on_submitted(
        &self,
        state: &mut dyn openledger_framework::StateWrite,
        _ctx: &openledger_framework::BlockCtx,
        proposal_id: u64,
        proposer: &openledger_framework::Address,
        messages: &[cosmos_sdk_proto::Any],
    ) -> Result<(), CallError> {
        if messages.len() > 1 && messages.iter().any(|m| m.type_url == "/test.Fail") {
            return Err(CallError::new("test", 98, "bundled"));
        }
        let mut v = proposal_id.to_be_bytes().to_vec();
        v.extend_from_slice(&proposer.0);
        state.put_raw(b"hook/submitted".to_vec(), v)?;
        Ok(())
    }

    fn execute(
        &self,
        state: &mut dyn openledger_framework::StateWrite,
        ctx: &openledger_framework::BlockCtx,
        messages: &[cosmos_sdk_proto::Any],
    ) -> Result<(), CallError> {
        MockExecutor.execute(state, ctx, messages)
    }

    fn on_rejected(
        &self,
        state: &mut dyn openledger_framework::StateWrite,
        _ctx: &openledger_framework::BlockCtx,
        proposal_id: u64,
        _messages: &[cosmos_sdk_proto::Any],
        deposits_burned: bool,
    ) -> Result<(), CallError> {
        let mut v = proposal_id.to_be_bytes().to_vec();
        v.push(u8::from(deposits_burned));
        state.put_raw(b"hook/rejected".to_vec(), v)?;
        Ok(())
    }
}

/// The submission hook sees the new proposal's id and proposer and may refuse the proposal
/// (a model approval bundled with other messages, in the app): then nothing of the submission
/// remains, the deposit included. The rejection hook is told which proposal ended rejected.
#[test]
fn the_executor_hooks_see_the_proposal_id_and_may_refuse_a_submission() {
    use openledger_framework::StateRead;
    let mut s = setup();
    let bundled = submit_msg(4, 600, vec![update_voting_period_msg(33), failing_msg()]);
    let e = run(&mut s, |f| {
        with_ctx(START, addr(4), |c| {
            openledger_gov::execute_submit_proposal(f, c, &bundled, &Hooked)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("test", 98));
    assert_eq!(balance(&s, &addr(4)), FUNDS);
    assert!(s.proposal(1).unwrap().is_none());

    lock(&mut s, 1, 400).unwrap();
    let alone = submit_msg(4, 1_000, vec![update_voting_period_msg(33)]);
    let id = run(&mut s, |f| {
        with_ctx(START, addr(4), |c| {
            openledger_gov::execute_submit_proposal(f, c, &alone, &Hooked)
        })
    })
    .unwrap();
    let mut want = id.to_be_bytes().to_vec();
    want.extend_from_slice(&addr(4).0);
    assert_eq!(s.get_raw(b"hook/submitted").unwrap(), Some(want));
    vote(&mut s, 1, id, VoteOption::NoWithVeto).unwrap();
    end_block_at(&mut s, START + 100, &Hooked);
    let mut want = id.to_be_bytes().to_vec();
    want.push(1);
    assert_eq!(s.get_raw(b"hook/rejected").unwrap(), Some(want));
}
