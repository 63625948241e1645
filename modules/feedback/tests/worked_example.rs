//! The worked example of docs/modules/feedback.md, aopen for aopen: five validators, one far
//! from the others (slashed), one that never reveals.

mod common;

use common::*;
use openledger_feedback::{FeedbackRead, Outcome, OPEN};

pub const A: u8 = 3;
pub const B: u8 = 4;
pub const C: u8 = 5;
pub const D: u8 = 6;
pub const E: u8 = 7;

fn scores(n: u8) -> [u32; 3] {
    match n {
        A => [8000, 6000, 7000],
        B => [8200, 5800, 7000],
        C => [7800, 6200, 6600],
        D => [1000, 9000, 2000],
        _ => [5000, 5000, 5000],
    }
}

fn stake(n: u8) -> u128 {
    if n == B {
        20 * OPEN
    } else {
        10 * OPEN
    }
}

#[test]
fn the_worked_example_settles_to_the_aopen() {
    let mut s = setup();
    for n in [A, B, C, D, E] {
        register(&mut s, 1, addr(n), stake(n)).unwrap();
    }
    let round = fund(&mut s, 2, &fund_msg(100 * OPEN, 3)).unwrap();
    assert_eq!(round, 1);
    for n in [A, B, C, D, E] {
        commit(&mut s, 3, addr(n), round, &scores(n)).unwrap();
    }
    for n in [A, B, C, D] {
        reveal(&mut s, 11, addr(n), round, &scores(n)).unwrap();
    }
    let supply_before = supply(&s);
    let creator_before = balance(&s, &creator());
    // nothing settles before the reveal deadline
    end(&mut s, 19);
    assert!(s.round_result(round).unwrap().is_none());
    end(&mut s, 20);
    let r = s.round_result(round).unwrap().unwrap();
    assert_eq!(r.consensus, vec![8000, 6000, 7000]);
    let outcome = |n: u8, revealed, distance, agreement, reward, slashed| Outcome {
        validator: addr(n),
        stake: stake(n),
        revealed,
        distance,
        agreement,
        reward,
        slashed,
    };
    assert_eq!(
        r.validators,
        vec![
            outcome(A, true, 0, 10_000, 25_336_981_858_720_989_155, 0),
            outcome(B, true, 133, 9_867, 50_000_000_000_000_000_000, 0),
            outcome(C, true, 266, 9_734, 24_663_018_141_279_010_844, 0),
            outcome(D, true, 5_000, 5_000, 0, OPEN),
            outcome(E, false, 0, 0, 0, 0),
        ]
    );
    assert_eq!(r.paid, 99_999_999_999_999_999_999);
    assert_eq!(r.refunded, 1);
    assert_eq!(r.slashed, OPEN);
    assert_eq!(r.settled_height, 20);

    // the money moved exactly so
    assert_eq!(
        balance(&s, &addr(A)),
        FUNDS - 10 * OPEN + 25_336_981_858_720_989_155
    );
    assert_eq!(balance(&s, &addr(B)), FUNDS - 20 * OPEN + 50 * OPEN);
    assert_eq!(
        balance(&s, &addr(C)),
        FUNDS - 10 * OPEN + 24_663_018_141_279_010_844
    );
    assert_eq!(balance(&s, &addr(D)), FUNDS - 10 * OPEN);
    assert_eq!(balance(&s, &addr(E)), FUNDS - 10 * OPEN);
    assert_eq!(balance(&s, &creator()), creator_before + 1);
    assert_eq!(balance(&s, &community()), OPEN);
    assert_eq!(supply(&s), supply_before);
    assert_eq!(escrow(&s), 60 * OPEN - OPEN);
    let d = s.feedback_validator(&addr(D)).unwrap().unwrap();
    assert_eq!((d.bond, d.open_rounds), (9 * OPEN, 0));
    assert_eq!(
        s.feedback_validator(&addr(E)).unwrap().unwrap().bond,
        10 * OPEN
    );
    assert!(s.has_settled_round(1, 0).unwrap());
    assert!(!s.has_settled_round(1, 1).unwrap());
    let ev = events(&s, "openledger.feedback.v1.EventRoundSettled");
    assert_eq!(ev.len(), 1);
    let consensus = ev[0]
        .attributes
        .iter()
        .find(|a| a.key == "consensus")
        .unwrap();
    assert_eq!(consensus.value, "[8000,6000,7000]");
}
