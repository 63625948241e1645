//! MsgContribute and MsgCommitContribution: exact bond and fee movements, the content-hash
//! index (released on rejection), commit-reveal against front-running, the allow list and
//! every refusal.

mod common;

use common::*;
use openledger_datanets::{
    contribution_commitment, datanets_address, execute_commit_contribution, execute_contribute,
    ContributionStatus, CurationReason, DatanetsError, DatanetsRead, MsgCommitContribution,
    MsgContribute, Params, Visibility, CODESPACE,
};
use openledger_framework::delta::MemState;

#[test]
fn contribute_escrows_the_bond_and_pays_the_fee() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let size = 12_345;
    let id = contribute(&mut s, 5, d, 1, size).unwrap();
    assert_eq!(id, 1);
    let fee = 1_000 * u128::from(size);
    assert_eq!(balance(&s, &addr(5)), FUNDS - OPEN - fee);
    assert_eq!(balance(&s, &addr(1)), FUNDS + fee);
    assert_eq!(balance(&s, &datanets_address()), OPEN);
    let c = s.contribution(id).unwrap().unwrap();
    assert_eq!(c.status, ContributionStatus::Pending);
    assert_eq!((c.bond, c.fee, c.size_bytes), (OPEN, fee, size));
    assert_eq!(c.contributor, addr(5));
    assert_eq!(c.content_hash, content(1));
    assert_eq!((c.height, c.time.secs), (HEIGHT, TIME));
    assert_eq!(c.approval_seq, 0);
    assert!(c.curation.is_none());
    assert_eq!(s.contribution_by_hash(d, &content(1)).unwrap(), Some(1));
    let st = s.datanet_stats(d).unwrap();
    assert_eq!((st.contributions, st.pending), (1, 1));
    // Ids are global across datanets.
    let d2 = public_datanet(&mut s);
    assert_eq!(contribute(&mut s, 5, d2, 1, 10).unwrap(), 2);
    // The same content may go to another datanet.
    assert_eq!(s.contribution_by_hash(d2, &content(1)).unwrap(), Some(2));
}

#[test]
fn the_owner_contributing_pays_itself_the_fee() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    contribute(&mut s, 1, d, 1, 100).unwrap();
    assert_eq!(balance(&s, &addr(1)), FUNDS - OPEN);
}

#[test]
fn size_must_be_positive_and_at_most_the_max() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let max = Params::default().max_contribution_bytes;
    let e = contribute(&mut s, 5, d, 1, max + 1).unwrap_err();
    assert!(
        matches!(e, DatanetsError::InvalidSize { size, max: m } if size == max + 1 && m == max)
    );
    assert_eq!(code(&e), (CODESPACE, 11));
    assert!(matches!(
        contribute(&mut s, 5, d, 1, 0),
        Err(DatanetsError::InvalidSize { size: 0, .. })
    ));
    contribute(&mut s, 5, d, 1, max).unwrap();
}

#[test]
fn duplicate_content_is_refused() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    contribute(&mut s, 5, d, 1, 10).unwrap();
    let e = contribute(&mut s, 6, d, 1, 20).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::DuplicateContent { existing: 1, .. }
    ));
    assert_eq!(code(&e), (CODESPACE, 10));
    // Approved content stays held.
    approve(&mut s, 1, 1).unwrap();
    assert!(contribute(&mut s, 6, d, 1, 20).is_err());
}

fn commit_at(
    s: &mut MemState,
    height: u64,
    who: u8,
    d: u64,
    n: u64,
    salt: &[u8],
) -> Result<u64, DatanetsError> {
    let msg = MsgCommitContribution {
        contributor: addr(who),
        datanet_id: d,
        commitment: contribution_commitment(&content(n), &addr(who), salt),
    };
    run_at(s, height, addr(who), |f, c| {
        execute_commit_contribution(f, c, &msg)
    })
}

fn contribute_at(
    s: &mut MemState,
    height: u64,
    who: u8,
    d: u64,
    n: u64,
    salt: &[u8],
) -> Result<u64, DatanetsError> {
    let msg = MsgContribute {
        salt: salt.to_vec(),
        ..contribute_msg(who, d, n, 10)
    };
    run_at(s, height, addr(who), |f, c| execute_contribute(f, c, &msg))
}

const SALT: &[u8] = &[7; 32];

/// Attack: squat content by contributing a copy that gets rejected. The rejection releases
/// the content: the rightful contributor submits it afterwards.
#[test]
fn a_rejected_squat_releases_the_content() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let squat = contribute(&mut s, 6, d, 1, 20).unwrap();
    reject(&mut s, 1, squat, CurationReason::Spam).unwrap();
    assert_eq!(s.contribution_by_hash(d, &content(1)).unwrap(), None);
    let id = contribute(&mut s, 5, d, 1, 20).unwrap();
    assert_eq!(s.contribution_by_hash(d, &content(1)).unwrap(), Some(id));
    // Every rejection reason releases it.
    reject(&mut s, 1, id, CurationReason::LowQuality).unwrap();
    let again = contribute(&mut s, 5, d, 1, 20).unwrap();
    approve(&mut s, 1, again).unwrap();
    assert_eq!(s.contribution_by_hash(d, &content(1)).unwrap(), Some(again));
}

/// Attack: front-run a reveal. The victim committed at height h; the copier sees its
/// MsgContribute in the mempool and lands a plain copy first (committed at its own, later,
/// height). The reveal displaces the copy, which is rejected as DUPLICATE: the copier keeps
/// no credit and has paid the byte fee for nothing.
#[test]
fn a_front_running_copy_is_displaced_by_the_earlier_commitment() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let h = HEIGHT + 1;
    commit_at(&mut s, h, 5, d, 1, SALT).unwrap();
    let copier_before = balance(&s, &addr(6));
    let copy = contribute_at(&mut s, h + 1, 6, d, 1, &[]).unwrap();
    let id = contribute_at(&mut s, h + 1, 5, d, 1, SALT).unwrap();

    assert_eq!(s.contribution_by_hash(d, &content(1)).unwrap(), Some(id));
    let c = s.contribution(id).unwrap().unwrap();
    assert_eq!((c.contributor, c.commit_height), (addr(5), h));
    let cc = s.contribution(copy).unwrap().unwrap();
    assert_eq!(cc.status, ContributionStatus::Rejected);
    let cur = cc.curation.unwrap();
    assert_eq!(cur.reason, CurationReason::Duplicate);
    assert_eq!(cur.curator, openledger_datanets::datanets_address());
    // The copier got its bond back and lost the fee: 10 bytes × 1000.
    assert_eq!(balance(&s, &addr(6)), copier_before - 10 * 1_000);
    assert_eq!(s.contributor_standing(d, &addr(6)).unwrap().rejected, 1);
    // Only the victim's contribution can be approved into a version.
    assert!(approve(&mut s, 1, copy).is_err());
    approve(&mut s, 1, id).unwrap();
    // A rejected and a held contribution of the same content export and validate.
    openledger_datanets::GenesisState::export(&s)
        .unwrap()
        .validate()
        .unwrap();
}

/// Attack: the copier, having seen the reveal, commits and reveals too. Its commitment is
/// later than the victim's, so it cannot take pending or approved content.
#[test]
fn a_copier_committing_after_the_victim_cannot_take_the_content() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let h = HEIGHT + 1;
    commit_at(&mut s, h, 5, d, 1, SALT).unwrap();
    commit_at(&mut s, h + 1, 6, d, 1, SALT).unwrap();
    let id = contribute_at(&mut s, h + 1, 5, d, 1, SALT).unwrap();
    let e = contribute_at(&mut s, h + 2, 6, d, 1, SALT).unwrap_err();
    assert!(matches!(e, DatanetsError::DuplicateContent { existing, .. } if existing == id));
    // A copy with an earlier commitment cannot displace approved content either.
    let mut s = setup();
    let d = public_datanet(&mut s);
    commit_at(&mut s, h, 6, d, 1, SALT).unwrap();
    let id = contribute_at(&mut s, h + 1, 5, d, 1, &[]).unwrap();
    approve(&mut s, 1, id).unwrap();
    let e = contribute_at(&mut s, h + 2, 6, d, 1, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 10));
}

/// Attack: replay the victim's salt, reveal in the commitment's own block, after expiry, or
/// twice. Each is refused (code 27) and changes nothing.
#[test]
fn a_reveal_needs_its_own_earlier_unexpired_commitment() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let h = HEIGHT + 1;
    let ttl = Params::default().commitment_ttl_blocks;
    commit_at(&mut s, h, 5, d, 1, SALT).unwrap();
    // The copier replays the victim's salt: the commitment binds the victim's address.
    let e = contribute_at(&mut s, h + 1, 6, d, 1, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 27));
    // Not in the commitment's block.
    let e = contribute_at(&mut s, h, 5, d, 1, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 27));
    // Not after its ttl.
    let e = contribute_at(&mut s, h + ttl + 1, 5, d, 1, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 27));
    // At the last height, once.
    let id = contribute_at(&mut s, h + ttl, 5, d, 1, SALT).unwrap();
    reject(&mut s, 1, id, CurationReason::LowQuality).unwrap();
    let e = contribute_at(&mut s, h + ttl, 5, d, 1, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 27));
    // Salts are 16..=64 bytes.
    let short = openledger_datanets::proto::MsgContribute {
        contributor: addr(5).to_string(),
        datanet_id: d,
        content_hash: content(1).to_vec(),
        size_bytes: 1,
        salt: vec![1; 15],
        ..Default::default()
    };
    assert!(MsgContribute::try_from(&short).is_err());
}

#[test]
fn open_commitments_are_bounded_and_expire() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let p = Params::default();
    for n in 0..u64::from(p.max_open_commitments) {
        commit_at(&mut s, HEIGHT, 5, d, n, SALT).unwrap();
    }
    let e = commit_at(&mut s, HEIGHT, 5, d, 999, SALT).unwrap_err();
    assert!(matches!(e, DatanetsError::TooManyCommitments { .. }));
    assert_eq!(code(&e), (CODESPACE, 28));
    let e = commit_at(&mut s, HEIGHT, 5, d, 0, SALT).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 24));
    // Another address is not affected; once expired, the old ones are dropped.
    commit_at(&mut s, HEIGHT, 6, d, 999, SALT).unwrap();
    let later = HEIGHT + p.commitment_ttl_blocks + 1;
    commit_at(&mut s, later, 5, d, 999, SALT).unwrap();
    assert_eq!(s.commitments_of(&addr(5), 100).unwrap().len(), 1);
    let g = openledger_datanets::GenesisState::export(&s).unwrap();
    assert_eq!(g.commitments.len(), 2);
    g.validate().unwrap();
    // A permissioned datanet takes commitments from its contributors only.
    let pd = permissioned_datanet(&mut s);
    assert_eq!(
        code(&commit_at(&mut s, HEIGHT, 5, pd, 1, SALT).unwrap_err()),
        (CODESPACE, 9)
    );
}

#[test]
fn permissioned_datanets_take_only_the_allow_list_owner_and_curators() {
    let mut s = setup();
    let d = permissioned_datanet(&mut s);
    let e = contribute(&mut s, 5, d, 1, 10).unwrap_err();
    assert!(matches!(e, DatanetsError::NotAllowed { .. }));
    assert_eq!(code(&e), (CODESPACE, 9));
    contribute(&mut s, 3, d, 1, 10).unwrap(); // allow list
    contribute(&mut s, 2, d, 2, 10).unwrap(); // curator
    contribute(&mut s, 1, d, 3, 10).unwrap(); // owner
}

#[test]
fn other_refusals_change_nothing() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    // Unknown datanet.
    let e = contribute(&mut s, 5, 42, 1, 10).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 4));
    // Signed by someone else.
    let msg = contribute_msg(5, d, 1, 10);
    let e = run(&mut s, addr(6), |f, c| execute_contribute(f, c, &msg)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // Text limits.
    let mut msg = contribute_msg(5, d, 1, 10);
    msg.content_uri = "x".repeat(513);
    assert!(matches!(
        run(&mut s, addr(5), |f, c| execute_contribute(f, c, &msg)),
        Err(DatanetsError::TooLong {
            field: "content_uri",
            ..
        })
    ));
    let mut msg = contribute_msg(5, d, 1, 10);
    msg.metadata = "x".repeat(2049);
    assert!(run(&mut s, addr(5), |f, c| execute_contribute(f, c, &msg)).is_err());
    // Too poor for the bond and fee: bank's insufficient funds.
    let poor = 20;
    let msg = contribute_msg(poor, d, 1, 10);
    let e = run(&mut s, addr(poor), |f, c| execute_contribute(f, c, &msg)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));
    assert_eq!(s.next_contribution_id().unwrap(), 1);
}

#[test]
fn fee_overflow_is_refused() {
    let mut s = setup();
    let mut m = create_msg(1, Visibility::Public);
    m.fee_per_byte = u128::MAX / 2;
    let d = create(&mut s, &m).unwrap();
    let e = contribute(&mut s, 5, d, 1, 3).unwrap_err();
    assert_eq!(e, DatanetsError::Overflow);
    assert_eq!(code(&e), ("sdk", 35));
}

#[test]
fn zero_bond_and_fee_move_nothing() {
    let mut s = setup_with(Params {
        min_contribution_bond: 0,
        min_fee_per_byte: 0,
        ..Params::default()
    });
    let mut m = create_msg(1, Visibility::Public);
    m.contribution_bond = 0;
    m.fee_per_byte = 0;
    let d = create(&mut s, &m).unwrap();
    let id = contribute(&mut s, 5, d, 1, 10).unwrap();
    assert_eq!(balance(&s, &addr(5)), FUNDS);
    approve(&mut s, 2, id).unwrap();
    assert_eq!(balance(&s, &addr(5)), FUNDS);
}
