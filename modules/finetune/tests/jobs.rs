//! The job lifecycle: open (escrow and access fees), claim, deliver, accept; cancellation;
//! every refusal of these messages changes nothing.

mod common;

use common::*;
use openledger_finetune::{FinetuneError, FinetuneRead, JobStatus, ProviderStatus};
use openledger_framework::StateRead;

fn escrow(s: &openledger_framework::delta::MemState) -> u128 {
    bal(s, &openledger_finetune::finetune_address())
}

#[test]
fn a_job_is_opened_claimed_delivered_accepted_and_paid() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let (id, fees) = open_with(&mut s, 2, &open_msg(BUDGET, 50)).unwrap();
    assert_eq!((id, fees), (1, ACCESS_PRICE));
    assert_eq!(bal(&s, &creator()), FUNDS - BUDGET - ACCESS_PRICE);
    assert_eq!(bal(&s, &datanets_acct()), ACCESS_PRICE);
    assert_eq!(escrow(&s), BOND + BUDGET);

    claim(&mut s, 3, p, id).unwrap();
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Claimed);
    deliver(&mut s, 4, p, id, 0xad).unwrap();
    let job = s.job(id).unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Delivered);
    assert_eq!(job.dispute_deadline_height, 14);

    accept(&mut s, 5, creator(), id).unwrap();
    let job = s.job(id).unwrap().unwrap();
    assert_eq!((job.status, job.closed_height), (JobStatus::Paid, 5));
    assert_eq!(bal(&s, &p), FUNDS - BOND + BUDGET);
    assert_eq!(escrow(&s), BOND);
    assert_eq!(model_stage(&s, 1), ALIGNMENT);
    assert!(s.get_raw(&adapter_key(&hex_hash(0xad))).unwrap().is_some());
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!((pr.active_jobs, pr.jobs_paid), (0, 1));

    // A second job on the same model (now ALIGNMENT) for a further adapter: the access fee
    // was paid already, so none is charged.
    let (id2, fees2) = open_with(&mut s, 6, &open_msg(BUDGET, 50)).unwrap();
    assert_eq!((id2, fees2), (2, 0));
}

#[test]
fn double_accept_and_accept_before_delivery_are_refused() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    assert!(matches!(
        accept(&mut s, 3, creator(), id),
        Err(FinetuneError::WrongStatus { .. })
    ));
    claim(&mut s, 3, p, id).unwrap();
    deliver(&mut s, 4, p, id, 1).unwrap();
    assert!(matches!(
        accept(&mut s, 5, addr(2), id),
        Err(FinetuneError::NotCreator { .. })
    ));
    accept(&mut s, 5, creator(), id).unwrap();
    assert!(matches!(
        accept(&mut s, 6, creator(), id),
        Err(FinetuneError::WrongStatus {
            status: JobStatus::Paid,
            ..
        })
    ));
    assert!(matches!(
        accept(&mut s, 6, creator(), 99),
        Err(FinetuneError::UnknownJob(99))
    ));
}

#[test]
fn opening_refusals_change_nothing() {
    let mut s = setup();
    let m = open_msg(BUDGET, 50);
    let cases: Vec<(openledger_finetune::MsgOpenJob, &str)> = vec![
        (
            openledger_finetune::MsgOpenJob {
                budget: 99,
                ..m.clone()
            },
            "budget",
        ),
        (
            openledger_finetune::MsgOpenJob {
                deadline_height: 2,
                ..m.clone()
            },
            "deadline now",
        ),
        (
            openledger_finetune::MsgOpenJob {
                deadline_height: 2_000,
                ..m.clone()
            },
            "deadline too far",
        ),
        (
            openledger_finetune::MsgOpenJob {
                model_id: 9,
                ..m.clone()
            },
            "unknown model",
        ),
        (
            openledger_finetune::MsgOpenJob {
                model_id: 2,
                ..m.clone()
            },
            "not fine-tunable",
        ),
        (
            openledger_finetune::MsgOpenJob {
                model_id: 3,
                ..m.clone()
            },
            "not the creator",
        ),
        (
            openledger_finetune::MsgOpenJob {
                datanet_versions: vec![dref(1, 2)],
                ..m.clone()
            },
            "not the model's datanet",
        ),
        (
            openledger_finetune::MsgOpenJob {
                base_model: "x".repeat(300),
                ..m.clone()
            },
            "base model too long",
        ),
        (
            openledger_finetune::MsgOpenJob {
                budget: FUNDS * 2,
                ..m.clone()
            },
            "cannot pay",
        ),
    ];
    for (msg, what) in cases {
        let before = s.changes().clone();
        assert!(open_with(&mut s, 2, &msg).is_err(), "{what}");
        assert_eq!(s.changes().verifiable, before.verifiable, "{what}");
    }
    // Signed by someone else.
    let msg = open_msg(BUDGET, 50);
    let r = run(&mut s, |f| {
        with_ctx(2, addr(2), |c| {
            openledger_finetune::execute_open_job(f, c, &keepers(), &msg)
        })
    });
    assert!(matches!(r, Err(FinetuneError::Unauthorized(_))));
}

#[test]
fn claim_refusals() {
    let mut s = setup();
    let (p, q) = (addr(3), addr(4));
    let id = open(&mut s, 2, 10).unwrap();
    assert!(matches!(
        claim(&mut s, 3, p, id),
        Err(FinetuneError::UnknownProvider(_))
    ));
    register(&mut s, 3, p, BOND).unwrap();
    register(&mut s, 3, q, BOND).unwrap();
    assert!(matches!(
        claim(&mut s, 3, p, 42),
        Err(FinetuneError::UnknownJob(42))
    ));
    claim(&mut s, 4, p, id).unwrap();
    // One provider per job.
    assert!(matches!(
        claim(&mut s, 4, q, id),
        Err(FinetuneError::WrongStatus {
            status: JobStatus::Claimed,
            ..
        })
    ));
    // Past the deadline (the end block has not run yet in this test).
    let id2 = open(&mut s, 4, 5).unwrap();
    assert!(matches!(
        claim(&mut s, 6, q, id2),
        Err(FinetuneError::DeadlinePassed { .. })
    ));
    // Unbonding providers can not claim.
    unbond(&mut s, 5, q).unwrap();
    let id3 = open(&mut s, 5, 50).unwrap();
    assert!(matches!(
        claim(&mut s, 5, q, id3),
        Err(FinetuneError::ProviderNotActive(_))
    ));
}

#[test]
fn delivery_refusals() {
    let mut s = setup();
    let (p, q) = (addr(3), addr(4));
    register(&mut s, 1, p, BOND).unwrap();
    register(&mut s, 1, q, BOND).unwrap();
    let id = open(&mut s, 2, 10).unwrap();
    assert!(matches!(
        deliver(&mut s, 3, p, id, 1),
        Err(FinetuneError::WrongStatus { .. })
    ));
    claim(&mut s, 3, p, id).unwrap();
    assert!(matches!(
        deliver(&mut s, 4, q, id, 1),
        Err(FinetuneError::NotJobProvider { .. })
    ));
    // After the deadline.
    assert!(matches!(
        deliver(&mut s, 11, p, id, 1),
        Err(FinetuneError::DeadlinePassed { .. })
    ));
    let mut msg = deliver_msg(p, id, 1);
    msg.licence = "x".repeat(300);
    let r = run(&mut s, |f| {
        with_ctx(5, p, |c| {
            openledger_finetune::execute_deliver_job(f, c, &keepers(), &msg)
        })
    });
    assert!(matches!(r, Err(FinetuneError::TooLong { .. })));
    let mut msg = deliver_msg(p, id, 1);
    msg.metrics = (0..17)
        .map(|i| openledger_finetune::Metric {
            name: format!("m{i}"),
            value: i,
        })
        .collect();
    let r = run(&mut s, |f| {
        with_ctx(5, p, |c| {
            openledger_finetune::execute_deliver_job(f, c, &keepers(), &msg)
        })
    });
    assert!(matches!(r, Err(FinetuneError::TooMany { .. })));
    // At the deadline height itself delivery is still on time.
    deliver(&mut s, 10, p, id, 1).unwrap();
    assert!(matches!(
        deliver(&mut s, 10, p, id, 1),
        Err(FinetuneError::WrongStatus { .. })
    ));
}

#[test]
fn cancel_refunds_an_open_job_only() {
    let mut s = setup();
    let p = addr(3);
    register(&mut s, 1, p, BOND).unwrap();
    let id = open(&mut s, 2, 50).unwrap();
    assert!(matches!(
        cancel(&mut s, 3, addr(2), id),
        Err(FinetuneError::NotCreator { .. })
    ));
    cancel(&mut s, 3, creator(), id).unwrap();
    assert_eq!(s.job(id).unwrap().unwrap().status, JobStatus::Cancelled);
    // The budget is back; the access fee stays with the contributors.
    assert_eq!(bal(&s, &creator()), FUNDS - ACCESS_PRICE);
    assert!(matches!(
        cancel(&mut s, 4, creator(), id),
        Err(FinetuneError::WrongStatus { .. })
    ));
    let id2 = open(&mut s, 4, 50).unwrap();
    claim(&mut s, 5, p, id2).unwrap();
    assert!(matches!(
        cancel(&mut s, 6, creator(), id2),
        Err(FinetuneError::WrongStatus {
            status: JobStatus::Claimed,
            ..
        })
    ));
}

#[test]
fn providers_register_update_and_unbond() {
    let mut s = setup();
    let p = addr(3);
    assert!(matches!(
        register(&mut s, 1, p, BOND - 1),
        Err(FinetuneError::BondTooSmall { .. })
    ));
    register(&mut s, 1, p, BOND).unwrap();
    assert!(matches!(
        register(&mut s, 1, p, BOND),
        Err(FinetuneError::AlreadyRegistered(_))
    ));
    assert!(matches!(
        update(&mut s, 2, addr(4), 5),
        Err(FinetuneError::UnknownProvider(_))
    ));
    update(&mut s, 2, p, 500).unwrap();
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!(
        (pr.bond, pr.endpoint.as_str()),
        (BOND + 500, "https://gpu2.example")
    );

    // Refused while holding a job.
    let id = open(&mut s, 3, 50).unwrap();
    claim(&mut s, 3, p, id).unwrap();
    assert!(matches!(
        unbond(&mut s, 4, p),
        Err(FinetuneError::ProviderBusy { jobs: 1, .. })
    ));
    deliver(&mut s, 4, p, id, 1).unwrap();
    accept(&mut s, 5, creator(), id).unwrap();

    assert_eq!(unbond(&mut s, 6, p).unwrap(), 26);
    assert!(matches!(
        unbond(&mut s, 7, p),
        Err(FinetuneError::ProviderNotActive(_))
    ));
    assert!(matches!(
        update(&mut s, 7, p, 0),
        Err(FinetuneError::ProviderNotActive(_))
    ));
    run_end_block(&mut s, 25);
    assert_eq!(
        s.provider(&p).unwrap().unwrap().status,
        ProviderStatus::Unbonding
    );
    run_end_block(&mut s, 26);
    let pr = s.provider(&p).unwrap().unwrap();
    assert_eq!(
        (pr.status, pr.bond, pr.jobs_paid),
        (ProviderStatus::Unbonded, 0, 1)
    );
    assert_eq!(bal(&s, &p), FUNDS + BUDGET);
    // May come back, keeping its standing.
    register(&mut s, 30, p, BOND).unwrap();
    assert_eq!(s.provider(&p).unwrap().unwrap().jobs_paid, 1);
}
