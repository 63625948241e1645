//! MsgCurate: approvals, rejections with and without slashing, standings and the reward
//! multiplier, and every refusal.

mod common;

use common::*;
use openledger_datanets::{
    execute_curate, ContributionStatus, CurationReason, DatanetsError, DatanetsRead, MsgCurate,
    Params, CODESPACE,
};
use openledger_framework::Dec;

#[test]
fn approval_returns_the_bond_and_grows_the_standing() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 700).unwrap();
    let before = balance(&s, &addr(5));
    let r = approve(&mut s, 2, id).unwrap();
    assert_eq!((r.bond_returned, r.bond_burned), (OPEN, 0));
    assert_eq!(balance(&s, &addr(5)), before + OPEN);
    assert_eq!(module_balance(&s), 0);
    let c = s.contribution(id).unwrap().unwrap();
    assert_eq!(c.status, ContributionStatus::Approved);
    assert_eq!(c.approval_seq, 1);
    let cur = c.curation.unwrap();
    assert_eq!(cur.curator, addr(2));
    assert_eq!(cur.reason, CurationReason::None);
    assert_eq!(cur.note, "checked");
    let st = s.contributor_standing(d, &addr(5)).unwrap();
    assert_eq!(
        (
            st.approved,
            st.rejected,
            st.approved_bytes,
            st.penalty_score
        ),
        (1, 0, 700, 0)
    );
    assert_eq!(st.reward_multiplier, Dec::ONE);
    let stats = s.datanet_stats(d).unwrap();
    assert_eq!(
        (stats.pending, stats.approved, stats.approved_bytes),
        (0, 1, 700)
    );
}

#[test]
fn ordinary_rejection_returns_the_whole_bond() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    for (n, reason) in [
        (1, CurationReason::LowQuality),
        (2, CurationReason::Duplicate),
    ] {
        let id = contribute(&mut s, 5, d, n, 10).unwrap();
        let before = balance(&s, &addr(5));
        let supply_before = supply(&s);
        let r = reject(&mut s, 1, id, reason).unwrap();
        assert_eq!((r.bond_returned, r.bond_burned), (OPEN, 0));
        assert_eq!(balance(&s, &addr(5)), before + OPEN);
        assert_eq!(supply(&s), supply_before);
        assert_eq!(
            s.contribution(id).unwrap().unwrap().status,
            ContributionStatus::Rejected
        );
    }
    let st = s.contributor_standing(d, &addr(5)).unwrap();
    assert_eq!((st.approved, st.rejected, st.penalty_score), (0, 2, 0));
}

#[test]
fn adversarial_and_spam_rejections_burn_and_penalise() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    let before = balance(&s, &addr(5));
    let supply_before = supply(&s);
    let r = reject(&mut s, 2, id, CurationReason::Adversarial).unwrap();
    assert_eq!((r.bond_returned, r.bond_burned), (OPEN / 2, OPEN / 2));
    assert_eq!(balance(&s, &addr(5)), before + OPEN / 2);
    assert_eq!(supply(&s), supply_before - OPEN / 2);
    assert_eq!(module_balance(&s), 0);
    let c = s.contribution(id).unwrap().unwrap();
    assert_eq!(c.curation.unwrap().bond_burned, OPEN / 2);
    assert_eq!(
        s.contributor_standing(d, &addr(5)).unwrap().penalty_score,
        1
    );
}

#[test]
fn slash_rounds_down_the_burn() {
    // Bond 3 aopen, fraction 1/3 + ε: floor(3 × 0.333333333333333334) = 1 burned, 2 back.
    let mut s = setup_with(Params {
        min_contribution_bond: 0,
        reject_slash_fraction: Dec::from_atomics(333_333_333_333_333_334),
        ..Params::default()
    });
    let mut m = create_msg(1, openledger_datanets::Visibility::Public);
    m.contribution_bond = 3;
    let d = create(&mut s, &m).unwrap();
    let id = contribute(&mut s, 5, d, 1, 1).unwrap();
    let r = reject(&mut s, 1, id, CurationReason::Spam).unwrap();
    assert_eq!((r.bond_returned, r.bond_burned), (2, 1));
    // Bond 1 with fraction 0.5: nothing burned.
    let mut m = create_msg(1, openledger_datanets::Visibility::Public);
    m.contribution_bond = 1;
    let d2 = create(&mut s, &m).unwrap();
    let id = contribute(&mut s, 5, d2, 3, 1).unwrap();
    let r = reject(&mut s, 1, id, CurationReason::Spam).unwrap();
    assert_eq!((r.bond_returned, r.bond_burned), (1, 0));
}

#[test]
fn penalty_threshold_sets_the_reward_multiplier() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    for n in 1..=3u64 {
        let id = contribute(&mut s, 5, d, n, 10).unwrap();
        reject(&mut s, 2, id, CurationReason::Spam).unwrap();
        let st = s.contributor_standing(d, &addr(5)).unwrap();
        assert_eq!(st.penalty_score, n);
        let want = if n < 3 { Dec::ONE } else { Dec::percent(50) };
        assert_eq!(st.reward_multiplier, want, "after {n} spam rejections");
    }
    // The standing is per datanet.
    let other = public_datanet(&mut s);
    assert_eq!(
        s.contributor_standing(other, &addr(5))
            .unwrap()
            .reward_multiplier,
        Dec::ONE
    );
}

#[test]
fn curation_refusals_change_nothing() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    // Neither owner nor curator (the contributor itself included).
    for who in [5, 7] {
        let e = approve(&mut s, who, id).unwrap_err();
        assert!(matches!(e, DatanetsError::NotCurator { .. }));
        assert_eq!(code(&e), (CODESPACE, 8));
    }
    let e = approve(&mut s, 1, 99).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 5));
    // Not signed by the curator.
    let msg = MsgCurate {
        curator: addr(2),
        contribution_id: id,
        approve: true,
        reason: CurationReason::None,
        note: String::new(),
    };
    let e = run(&mut s, addr(1), |f, c| execute_curate(f, c, &msg)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // Note too long.
    let msg = MsgCurate {
        note: "x".repeat(2049),
        curator: addr(1),
        ..msg
    };
    assert!(run(&mut s, addr(1), |f, c| execute_curate(f, c, &msg)).is_err());
    // Curating twice.
    approve(&mut s, 2, id).unwrap();
    let e = approve(&mut s, 1, id).unwrap_err();
    assert!(matches!(e, DatanetsError::NotPending { id: 1, .. }));
    assert_eq!(code(&e), (CODESPACE, 14));
    let e = reject(&mut s, 1, id, CurationReason::Spam).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 14));
}

#[test]
fn removed_curators_lose_the_right_to_curate() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    let msg = openledger_datanets::MsgUpdateDatanet {
        owner: addr(1),
        datanet_id: d,
        summary: String::new(),
        description: String::new(),
        tags: vec![],
        licence: String::new(),
        curators: vec![addr(8)],
        allow_list: vec![],
        access_price: 0,
    };
    update(&mut s, &msg).unwrap();
    assert!(approve(&mut s, 2, id).is_err());
    approve(&mut s, 8, id).unwrap();
}
