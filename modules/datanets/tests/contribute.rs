//! MsgContribute: exact bond and fee movements, the content-hash index, the allow list and
//! every refusal.

mod common;

use common::*;
use openledger_datanets::{
    datanets_address, execute_contribute, ContributionStatus, DatanetsError, DatanetsRead, Params,
    Visibility, CODESPACE,
};

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
    // Still refused after the first was rejected: the hash stays recorded.
    reject(
        &mut s,
        1,
        1,
        openledger_datanets::CurationReason::LowQuality,
    )
    .unwrap();
    assert!(contribute(&mut s, 6, d, 1, 20).is_err());
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
