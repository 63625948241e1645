//! Rounds: funding, commits, reveals, settlement timing and bounds, and every refusal.

mod common;

use common::*;
use openledger_feedback::{
    commitment_hash, execute_commit_scores, FeedbackRead, MsgCommitScores, MsgFundRound, Params,
    OPEN,
};

#[test]
fn funding_escrows_the_pool_and_indexes_the_round() {
    let mut s = setup();
    let id = fund(&mut s, 2, &fund_msg(5 * OPEN, 4)).unwrap();
    assert_eq!(id, 1);
    assert_eq!(escrow(&s), 5 * OPEN);
    assert_eq!(balance(&s, &creator()), FUNDS - 5 * OPEN);
    let r = s.round(id).unwrap().unwrap();
    assert_eq!(
        (r.model_id, r.model_version, r.item_hashes.len()),
        (1, 0, 4)
    );
    // a published version of another model, by its creator
    let m = MsgFundRound {
        creator: addr(2),
        model_id: 2,
        model_version: 3,
        ..fund_msg(OPEN, 1)
    };
    assert_eq!(fund(&mut s, 2, &m).unwrap(), 2);
    assert_eq!(
        events(&s, "openledger.feedback.v1.EventRoundFunded").len(),
        2
    );
}

#[test]
fn funding_refusals() {
    let mut s = setup_with(Params {
        max_items_per_round: 3,
        max_round_blocks: 50,
        ..test_params()
    });
    let cases: Vec<(MsgFundRound, u64, (&str, u32), String)> = vec![
        (
            MsgFundRound {
                creator: addr(2),
                ..fund_msg(OPEN, 1)
            },
            2,
            ("feedback", 9),
            format!("{} is not the creator of model 1", addr(2)),
        ),
        (
            MsgFundRound {
                model_id: 9,
                ..fund_msg(OPEN, 1)
            },
            2,
            ("feedback", 8),
            "unknown model 9".into(),
        ),
        (
            MsgFundRound {
                model_version: 1,
                ..fund_msg(OPEN, 1)
            },
            2,
            ("feedback", 10),
            "model 1 has no version 1 (latest 0)".into(),
        ),
        (
            MsgFundRound {
                model_id: 3,
                ..fund_msg(OPEN, 1)
            },
            2,
            ("feedback", 29),
            "model 3 is rejected or retired".into(),
        ),
        (
            fund_msg(OPEN - 1, 1),
            2,
            ("feedback", 11),
            format!("reward {}aopen is below the minimum {OPEN}aopen", OPEN - 1),
        ),
        (
            fund_msg(OPEN, 4),
            2,
            ("feedback", 12),
            "invalid items: 4 items, at most 3".into(),
        ),
        (
            fund_msg(OPEN, 1),
            10,
            ("feedback", 13),
            "invalid deadlines: commit deadline 10 must be after the current height 10".into(),
        ),
        (
            MsgFundRound {
                reveal_deadline_height: 60,
                ..fund_msg(OPEN, 1)
            },
            2,
            ("feedback", 13),
            "invalid deadlines: reveal deadline 60 is more than 50 blocks away".into(),
        ),
        (fund_msg(FUNDS + 1, 1), 2, ("sdk", 5), String::new()),
    ];
    for (m, h, want, text) in cases {
        let e = fund(&mut s, h, &m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
        if !text.is_empty() {
            assert_eq!(e.to_string(), text);
        }
    }
    // not signed by the creator
    let m = fund_msg(OPEN, 1);
    let e = run(&mut s, |f| {
        with_ctx(2, addr(2), |c| {
            openledger_feedback::execute_fund_round(f, c, &MockModels, &m)
        })
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(escrow(&s), 0);
}

#[test]
fn commit_refusals() {
    let mut s = setup_with(Params {
        max_validators_per_round: 2,
        ..test_params()
    });
    for n in 3..=5 {
        register(&mut s, 1, addr(n), OPEN).unwrap();
    }
    let e = commit(&mut s, 2, addr(3), 1, &[1]).unwrap_err();
    assert_eq!(
        (code(&e), e.to_string()),
        (("feedback", 14), "unknown round 1".into())
    );
    let id = fund(&mut s, 2, &fund_msg(OPEN, 1)).unwrap();
    // not a validator
    let e = commit(&mut s, 3, addr(8), id, &[1]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 2));
    commit(&mut s, 3, addr(3), id, &[1]).unwrap();
    let e = commit(&mut s, 3, addr(3), id, &[2]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 16));
    commit(&mut s, 10, addr(4), id, &[1]).unwrap();
    // full
    let e = commit(&mut s, 10, addr(5), id, &[1]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 17));
    assert_eq!(e.to_string(), "round 1 has its 2 commitments already");
    // after the commit deadline
    let id2 = fund(&mut s, 2, &fund_msg(OPEN, 1)).unwrap();
    let e = commit(&mut s, 11, addr(5), id2, &[1]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 15));
    assert_eq!(
        e.to_string(),
        "round 2 took commitments up to height 10; this is height 11"
    );
    // not signed by the validator
    let m = MsgCommitScores {
        validator: addr(5),
        round_id: id2,
        commitment: [0; 32],
    };
    let e = run(&mut s, |f| {
        with_ctx(3, addr(4), |c| execute_commit_scores(f, c, &m))
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // the stake is the bond at commit time
    assert_eq!(s.commitment(id, &addr(3)).unwrap().unwrap().stake, OPEN);
}

#[test]
fn reveal_refusals() {
    let mut s = setup();
    register(&mut s, 1, addr(3), OPEN).unwrap();
    register(&mut s, 1, addr(4), OPEN).unwrap();
    let id = fund(&mut s, 2, &fund_msg(OPEN, 2)).unwrap();
    commit(&mut s, 3, addr(3), id, &[10, 20]).unwrap();
    // before the commit deadline passed
    let e = reveal(&mut s, 10, addr(3), id, &[10, 20]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 19));
    assert_eq!(
        e.to_string(),
        "round 1 takes reveals at heights 11..=20; this is height 10"
    );
    // did not commit
    let e = reveal(&mut s, 11, addr(4), id, &[10, 20]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 20));
    // wrong count, too high, mismatching scores, mismatching salt
    let e = reveal(&mut s, 11, addr(3), id, &[10]).unwrap_err();
    assert_eq!(
        (code(&e), e.to_string()),
        (
            ("feedback", 23),
            "invalid scores: 1 scores for 2 items".into()
        )
    );
    let e = reveal(&mut s, 11, addr(3), id, &[10, 10_001]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 23));
    let e = reveal(&mut s, 11, addr(3), id, &[10, 21]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 22));
    assert_eq!(
        e.to_string(),
        format!(
            "the scores and salt do not match the commitment of {} in round 1",
            addr(3)
        )
    );
    let mut m = reveal_msg(addr(3), id, &[10, 20]);
    m.salt = vec![9; 16];
    assert_eq!(
        code(&reveal_with(&mut s, 11, addr(3), &m).unwrap_err()),
        ("feedback", 22)
    );
    // signed by someone else
    let m = reveal_msg(addr(3), id, &[10, 20]);
    assert_eq!(
        code(&reveal_with(&mut s, 11, addr(4), &m).unwrap_err()),
        ("sdk", 4)
    );
    reveal(&mut s, 11, addr(3), id, &[10, 20]).unwrap();
    let e = reveal(&mut s, 12, addr(3), id, &[10, 20]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 21));
    // late
    let id2 = fund(&mut s, 3, &fund_msg(OPEN, 1)).unwrap();
    commit(&mut s, 4, addr(4), id2, &[5]).unwrap();
    let e = reveal(&mut s, 21, addr(4), id2, &[5]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 19));
}

/// A validator that copies another's commitment cannot reveal with the other's scores and
/// salt: the commitment binds the validator's own address (and the round).
#[test]
fn a_copied_commitment_cannot_be_revealed() {
    let mut s = setup();
    let (honest, copier) = (addr(3), addr(4));
    register(&mut s, 1, honest, OPEN).unwrap();
    register(&mut s, 1, copier, OPEN).unwrap();
    let id = fund(&mut s, 2, &fund_msg(OPEN, 2)).unwrap();
    let scores = [7000, 3000];
    let secret = vec![0x42; 16];
    let theirs = commitment_hash(id, &honest, &scores, &secret);
    for (who, c) in [(honest, theirs), (copier, theirs)] {
        let m = MsgCommitScores {
            validator: who,
            round_id: id,
            commitment: c,
        };
        run(&mut s, |f| {
            with_ctx(3, who, |ctx| execute_commit_scores(f, ctx, &m))
        })
        .unwrap();
    }
    let mut m = reveal_msg(honest, id, &scores);
    m.salt = secret.clone();
    reveal_with(&mut s, 11, honest, &m).unwrap();
    // the copier replays the honest reveal (now public) as its own
    m.validator = copier;
    let e = reveal_with(&mut s, 12, copier, &m).unwrap_err();
    assert_eq!(code(&e), ("feedback", 22));
    // nor can a commitment from another round be replayed
    assert_ne!(commitment_hash(id + 1, &honest, &scores, &secret), theirs);
    end(&mut s, 20);
    let r = s.round_result(id).unwrap().unwrap();
    let copier_outcome = r.validators.iter().find(|o| o.validator == copier).unwrap();
    assert_eq!((copier_outcome.revealed, copier_outcome.reward), (false, 0));
    assert_eq!(r.paid, OPEN);
}

#[test]
fn a_round_nobody_reveals_refunds_the_whole_pool() {
    let mut s = setup();
    register(&mut s, 1, addr(3), OPEN).unwrap();
    let id = fund(&mut s, 2, &fund_msg(3 * OPEN, 2)).unwrap();
    commit(&mut s, 3, addr(3), id, &[1, 2]).unwrap();
    end(&mut s, 20);
    let r = s.round_result(id).unwrap().unwrap();
    assert!(r.consensus.is_empty());
    assert_eq!((r.paid, r.refunded, r.slashed), (0, 3 * OPEN, 0));
    assert_eq!(balance(&s, &creator()), FUNDS);
    // the non-revealer is neither paid nor slashed, and may leave now
    assert_eq!(s.feedback_validator(&addr(3)).unwrap().unwrap().bond, OPEN);
    unbond(&mut s, 21, addr(3)).unwrap();
    // a settled round takes no more commitments or reveals
    let e = commit(&mut s, 21, addr(4), id, &[1, 2]).unwrap_err();
    assert_eq!(code(&e), ("feedback", 15));
}

#[test]
fn settlements_per_block_are_bounded_and_the_rest_wait() {
    let mut s = setup_with(Params {
        max_settlements_per_block: 2,
        ..test_params()
    });
    for _ in 0..5 {
        fund(&mut s, 2, &fund_msg(OPEN, 1)).unwrap();
    }
    end(&mut s, 20);
    let settled = |s: &openledger_framework::delta::MemState| {
        (1..=5)
            .filter(|id| s.round(*id).unwrap().unwrap().settled)
            .count()
    };
    assert_eq!(settled(&s), 2);
    end(&mut s, 21);
    assert_eq!(settled(&s), 4);
    end(&mut s, 22);
    assert_eq!(settled(&s), 5);
    assert_eq!(escrow(&s), 0);
}
