//! Attacks and their answers: a provider claiming and never delivering (refund, standing,
//! slash from the threshold on), a creator disputing to avoid paying (governance decides;
//! silence pays the provider), a copied adapter, and the governance-only settlement.

mod common;

use common::*;
use openledger_finetune::{FinetuneError, FinetuneRead, JobStatus, SettleOutcome};
use openledger_framework::StateRead;

#[test]
fn a_provider_that_never_delivers_is_refunded_counted_and_then_slashed() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    // First miss: refund and standing, no slash (threshold 2).
    let id = open(&mut s, 2, 5).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    run_end_block(&mut s, 4);
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Claimed);
    run_end_block(&mut s, 5);
    let job = s.job(id).unwrap().unwrap();
    assert_eq!((job.status, job.closed_height), (JobStatus::Refunded, 5));
    assert_eq!(bal(&s, &creator()), FUNDS - ACCESS_PRICE);
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!((pr.missed_deadlines, pr.active_jobs, pr.bond), (1, 0, BOND));
    // Too late to deliver now.
    assert!(deliver(&mut s, 6, p, id, 1).is_err());

    // Second miss: slashed 10% to the community pool.
    let id2 = open(&mut s, 6, 8).unwrap();
    claim(&mut s, 6, p, id2).unwrap();
    run_end_block(&mut s, 8);
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!((pr.missed_deadlines, pr.slash_count), (2, 1));
    assert_eq!((pr.bond, pr.slashed_total), (BOND - 100, 100));
    assert_eq!(bal(&s, &pool()), 100);
    // Below the minimum bond it can not claim until it tops up.
    let id3 = open(&mut s, 9, 50).unwrap();
    assert!(matches!(
        claim(&mut s, 9, p, id3),
        Err(FinetuneError::BondTooSmall { .. })
    ));
    update(&mut s, 9, p, 100).unwrap();
    claim(&mut s, 9, p, id3).unwrap();
}

#[test]
fn an_unclaimed_job_past_its_deadline_is_refunded() {
    let mut s = setup();
    let id = open(&mut s, 2, 5).unwrap();
    run_end_block(&mut s, 5);
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Refunded);
    assert_eq!(bal(&s, &creator()), FUNDS - ACCESS_PRICE);
}

#[test]
fn silence_pays_the_provider_after_the_dispute_window() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    deliver(&mut s, 4, p, id, 7).unwrap();
    // The deadline passing no longer matters once delivered.
    run_end_block(&mut s, 13);
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Delivered);
    run_end_block(&mut s, 14);
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Paid);
    assert_eq!(bal(&s, &p), FUNDS - BOND + BUDGET);
    assert_eq!(model_stage(&s, 1), ALIGNMENT);
    // Too late to dispute or accept.
    assert!(matches!(
        dispute(&mut s, 15, creator(), id),
        Err(FinetuneError::WrongStatus { .. })
    ));
}

#[test]
fn a_dispute_freezes_the_budget_until_governance_settles() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    deliver(&mut s, 4, p, id, 7).unwrap();
    assert!(matches!(
        dispute(&mut s, 5, addr(2), id),
        Err(FinetuneError::NotCreator { .. })
    ));
    assert!(matches!(
        dispute(&mut s, 15, creator(), id),
        Err(FinetuneError::DisputeWindowClosed { .. })
    ));
    dispute(&mut s, 14, creator(), id).unwrap();
    // Neither silence nor the creator can move it now.
    run_end_block(&mut s, 100);
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Disputed);
    assert!(accept(&mut s, 101, creator(), id).is_err());
    // Only the gov account settles, and only disputed jobs.
    assert!(matches!(
        settle_as(&mut s, 101, creator(), id, SettleOutcome::Refund),
        Err(FinetuneError::InvalidAuthority { .. })
    ));
    settle(&mut s, 101, id, SettleOutcome::Pay).unwrap();
    let job = s.job(id).unwrap().unwrap();
    assert_eq!(
        (job.status, job.outcome),
        (JobStatus::Paid, Some(SettleOutcome::Pay))
    );
    assert_eq!(bal(&s, &p), FUNDS - BOND + BUDGET);
    assert!(matches!(
        settle(&mut s, 102, id, SettleOutcome::Pay),
        Err(FinetuneError::WrongStatus { .. })
    ));
}

#[test]
fn refund_and_slash_settlement() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    deliver(&mut s, 4, p, id, 7).unwrap();
    dispute(&mut s, 5, creator(), id).unwrap();
    settle(&mut s, 6, id, SettleOutcome::RefundAndSlash).unwrap();
    let job = s.job(id).unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Refunded);
    assert_eq!(bal(&s, &creator()), FUNDS - ACCESS_PRICE);
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!(
        (pr.disputes_lost, pr.bond, pr.active_jobs),
        (1, BOND - 100, 0)
    );
    assert_eq!(bal(&s, &pool()), 100);
    // The model did not advance, no adapter was registered.
    assert_eq!(model_stage(&s, 1), FINE_TUNING);
    assert!(s.get_raw(&adapter_key(&hex_hash(7))).unwrap().is_none());
}

#[test]
fn plain_refund_settlement_does_not_slash() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    deliver(&mut s, 4, p, id, 7).unwrap();
    dispute(&mut s, 5, creator(), id).unwrap();
    settle(&mut s, 6, id, SettleOutcome::Refund).unwrap();
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!((pr.disputes_lost, pr.bond), (1, BOND));
}

#[test]
fn a_copied_adapter_is_refused_at_delivery_or_not_registered_twice() {
    let mut s = setup();
    let (p, q) = (addr(3), addr(4));
    register(&mut s, 1, p, BOND).unwrap();
    register(&mut s, 1, q, BOND).unwrap();
    let a = open(&mut s, 2, 50).unwrap();
    let b = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, a).unwrap();
    claim(&mut s, 3, q, b).unwrap();
    deliver(&mut s, 4, p, a, 9).unwrap();
    deliver(&mut s, 4, q, b, 9).unwrap();
    accept(&mut s, 5, creator(), a).unwrap();
    accept(&mut s, 5, creator(), b).unwrap();
    // The first registrant owns the hash; the second job was paid all the same.
    assert_eq!(
        s.get_raw(&adapter_key(&hex_hash(9))).unwrap().unwrap(),
        a.to_be_bytes().to_vec()
    );
    assert_eq!(s.job(b).unwrap().unwrap().status, JobStatus::Paid);
    // Once registered, a copy can not even be delivered.
    let c = open(&mut s, 6, 50).unwrap();
    claim(&mut s, 6, p, c).unwrap();
    assert!(matches!(
        deliver(&mut s, 7, p, c, 9),
        Err(FinetuneError::Keeper(e)) if e.codespace == "adapters"
    ));
    deliver(&mut s, 7, p, c, 10).unwrap();
}

#[test]
fn end_block_work_is_bounded_and_resumes() {
    let mut params = test_params();
    params.max_expiries_per_block = 2;
    let mut s = setup_with(params);
    let ids: Vec<u64> = (0..5).map(|_| open(&mut s, 2, 5).unwrap()).collect();
    run_end_block(&mut s, 5);
    let refunded = |s: &openledger_framework::delta::MemState| {
        ids.iter()
            .filter(|id| s.job(**id).unwrap().unwrap().status == JobStatus::Refunded)
            .count()
    };
    assert_eq!(refunded(&s), 2);
    run_end_block(&mut s, 6);
    assert_eq!(refunded(&s), 4);
    run_end_block(&mut s, 7);
    assert_eq!(refunded(&s), 5);
}
