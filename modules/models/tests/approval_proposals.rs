//! Who decides a model's approval: only its creator's own proposal, carrying the approval
//! alone, recorded on the model at submission; only that proposal's rejection rejects the
//! model. And the creator's way out of a PROPOSED model: `MsgWithdrawModel`.

mod common;

use common::*;
use openledger_models::{models_address, ModelsRead, ProposalPhase, Stage};

/// The attack: a third party bundles "approve model X" with "pay the community pool to me" so
/// that voters veto the bundle, hoping X is rejected for good and its bond burned. The bundle
/// is refused at submission, whoever submits it.
#[test]
fn an_approval_bundled_with_a_pool_spend_is_refused_at_submission() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let bundle = [approve_any(id), pool_spend_any(addr(2))];
    for proposer in [addr(2), addr(1)] {
        let e =
            submit_approval(&mut s, &MockProposals::default(), 7, proposer, &bundle).unwrap_err();
        assert_eq!(code(&e), ("models", 25), "{e}");
    }
    // the other order too
    let bundle = [pool_spend_any(addr(2)), approve_any(id)];
    let e = submit_approval(&mut s, &MockProposals::default(), 7, addr(2), &bundle).unwrap_err();
    assert_eq!(code(&e), ("models", 25));
    // two approvals in one proposal are a bundle as well
    let e = submit_approval(
        &mut s,
        &MockProposals::default(),
        7,
        addr(1),
        &[approve_any(id), approve_any(id)],
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 25));
    let m = s.model(id).unwrap().unwrap();
    assert_eq!((m.stage, m.approval_proposal_id), (Stage::Proposed, 0));
    // proposals without an approval are not the models module's business
    submit_approval(
        &mut s,
        &MockProposals::default(),
        8,
        addr(2),
        &[pool_spend_any(addr(2))],
    )
    .unwrap();
}

/// A third party's approval proposal, even alone, is refused: only the creator puts the bond
/// to a vote.
#[test]
fn a_third_party_cannot_propose_the_approval_of_anothers_model() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let e = submit_approval(
        &mut s,
        &MockProposals::default(),
        7,
        addr(2),
        &[approve_any(id)],
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 11), "{e}");
    assert_eq!(s.model(id).unwrap().unwrap().approval_proposal_id, 0);
    // unknown or no longer PROPOSED models cannot be put to a vote
    let e = submit_approval(
        &mut s,
        &MockProposals::default(),
        7,
        addr(1),
        &[approve_any(9)],
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    approve(&mut s, id);
    let e = submit_approval(
        &mut s,
        &MockProposals::default(),
        7,
        addr(1),
        &[approve_any(id)],
    )
    .unwrap_err();
    assert_eq!(code(&e), ("models", 8));
}

/// Even if a proposal approving the model got through by some other way (say, from genesis),
/// its veto does not touch the model: only the recorded approval proposal can reject it.
#[test]
fn a_vetoed_proposal_other_than_the_recorded_one_never_burns_the_bond() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    let supply_before = supply(&s);
    // no approval proposal recorded: a vetoed proposal naming the model does nothing
    let before = s.changes().clone();
    approval_failed(&mut s, 9, id, 7, true).unwrap();
    assert_eq!(s.changes(), &before);
    // the creator's own proposal 3 is recorded; proposal 7's veto still does nothing
    submit_own_approval(&mut s, id, addr(1), 3);
    assert_eq!(s.model(id).unwrap().unwrap().approval_proposal_id, 3);
    let before = s.changes().clone();
    approval_failed(&mut s, 9, id, 7, true).unwrap();
    assert_eq!(s.changes(), &before);
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Proposed);
    assert_eq!(balance(&s, &models_address()), BOND);
    assert_eq!(supply(&s), supply_before);
    // the creator's own vetoed proposal is the vote that counts
    approval_failed(&mut s, 10, id, 3, true).unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Rejected);
    assert_eq!(supply(&s), supply_before - BOND);
}

#[test]
fn one_approval_proposal_at_a_time() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    submit_own_approval(&mut s, id, addr(1), 3);
    for (phase, text) in [
        (ProposalPhase::Deposit, "in its deposit period"),
        (ProposalPhase::Voting, "in its voting period"),
    ] {
        let e = submit_approval(
            &mut s,
            &MockProposals::with(3, phase),
            4,
            addr(1),
            &[approve_any(id)],
        )
        .unwrap_err();
        assert_eq!(code(&e), ("models", 26));
        assert_eq!(
            e.to_string(),
            format!("model {id} already has approval proposal 3 {text}")
        );
    }
    // proposal 3 closed (dropped for lack of deposit, or failed on execution): a new one
    submit_approval(
        &mut s,
        &MockProposals::default(),
        4,
        addr(1),
        &[approve_any(id)],
    )
    .unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().approval_proposal_id, 4);
    // the late veto of the old proposal does nothing
    approval_failed(&mut s, 9, id, 3, true).unwrap();
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Proposed);
}

#[test]
fn the_creator_withdraws_a_proposed_model_and_gets_the_bond_back() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    assert_eq!(balance(&s, &addr(1)), FUNDS - BOND);
    let supply_before = supply(&s);
    withdraw(&mut s, &MockProposals::default(), addr(1), addr(1), id).unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Rejected);
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    assert_eq!(balance(&s, &models_address()), 0);
    assert_eq!(supply(&s), supply_before);
    let h = s.history_entry(id, 2).unwrap().unwrap();
    assert_eq!((h.actor, h.to_stage), (addr(1), Stage::Rejected));
    assert_eq!(events(&s, EV_BOND)[0].attribute("burned"), Some("false"));
    // terminal: a second withdrawal, an approval or a late veto change nothing
    let e = withdraw(&mut s, &MockProposals::default(), addr(1), addr(1), id).unwrap_err();
    assert_eq!(code(&e), ("models", 8));
    let before = s.changes().clone();
    approval_failed(&mut s, 9, id, 0, true).unwrap();
    assert_eq!(s.changes(), &before);
}

#[test]
fn withdrawal_refusals() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    // signer, creator, unknown model
    let e = withdraw(&mut s, &MockProposals::default(), addr(2), addr(1), id).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let e = withdraw(&mut s, &MockProposals::default(), addr(2), addr(2), id).unwrap_err();
    assert_eq!(code(&e), ("models", 11));
    let e = withdraw(&mut s, &MockProposals::default(), addr(1), addr(1), 9).unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    // while the approval is being voted on, the vote decides: no dodging a veto
    submit_own_approval(&mut s, id, addr(1), 3);
    let voting = MockProposals::with(3, ProposalPhase::Voting);
    let e = withdraw(&mut s, &voting, addr(1), addr(1), id).unwrap_err();
    assert_eq!(code(&e), ("models", 26));
    assert_eq!(s.model(id).unwrap().unwrap().stage, Stage::Proposed);
    // before the vote (deposit period) the creator may still withdraw
    let deposit = MockProposals::with(3, ProposalPhase::Deposit);
    withdraw(&mut s, &deposit, addr(1), addr(1), id).unwrap();
    assert_eq!(balance(&s, &addr(1)), FUNDS);
    // approved models are not PROPOSED
    let id2 = propose(&mut s, 2);
    approve(&mut s, id2);
    let e = withdraw(&mut s, &MockProposals::default(), addr(2), addr(2), id2).unwrap_err();
    assert_eq!(code(&e), ("models", 8));
}
