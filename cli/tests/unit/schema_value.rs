//! Unit tests of `schema/value.rs`.
use super::*;
use crate::schema::pool;

#[test]
fn enums_by_any_reasonable_name() {
    let vote = pool().get_enum_by_name("cosmos.gov.v1.VoteOption").unwrap();
    assert_eq!(enum_number(&vote, "yes"), Ok(1));
    assert_eq!(enum_number(&vote, "No-With-Veto"), Ok(4));
    assert_eq!(enum_number(&vote, "veto"), Ok(4));
    assert_eq!(enum_number(&vote, "VOTE_OPTION_ABSTAIN"), Ok(2));
    let err = enum_number(&vote, "maybe").unwrap_err();
    assert!(
        err.starts_with("invalid vote option \"maybe\": expected yes, abstain"),
        "{err}"
    );
    let status = pool()
        .get_enum_by_name("cosmos.gov.v1.ProposalStatus")
        .unwrap();
    assert_eq!(enum_number(&status, "voting"), Ok(2));
    assert_eq!(enum_number(&status, "passed"), Ok(3));
}
