//! Unit tests of `schema/args.rs`.
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
    assert!(err.starts_with("invalid vote option \"maybe\": expected yes, abstain"), "{err}");
    let status = pool().get_enum_by_name("cosmos.gov.v1.ProposalStatus").unwrap();
    assert_eq!(enum_number(&status, "voting"), Ok(2));
    assert_eq!(enum_number(&status, "passed"), Ok(3));
}

#[test]
fn generated_arguments_build_the_message() {
    let desc = pool().get_message_by_name("openledger.models.v1.MsgProposeModel").unwrap();
    let fields = Fields::new(Command::new("propose"), &desc, &["creator", "pricing"], None)
        .nested("pricing.rate_in_per_1000", "rate-in");
    let matches = fields
        .cmd
        .clone()
        .try_get_matches_from([
            "propose",
            "--name",
            "m",
            "--bond",
            "2OPEN",
            "--rate-in",
            "1OPEN",
            "--datanet-versions",
            r#"{"datanet_id": 1, "version": "2"}"#,
        ])
        .unwrap();
    let mut msg = DynamicMessage::new(desc.clone());
    fields.fill(&mut msg, &matches, &|_, s| Ok(s.to_owned())).unwrap();
    let json = crate::schema::render::message(&msg, crate::schema::render::Style::Classic);
    assert_eq!(json["name"], "m");
    assert_eq!(json["bond"]["amount"], "2000000000000000000");
    assert_eq!(json["pricing"]["rate_in_per_1000"], "1000000000000000000");
    assert_eq!(json["datanet_versions"][0]["version"], 2);
}
