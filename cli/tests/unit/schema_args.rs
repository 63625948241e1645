//! Unit tests of `schema/args.rs`.
use super::*;
use crate::schema::pool;

#[test]
fn generated_arguments_build_the_message() {
    let desc = pool()
        .get_message_by_name("openledger.models.v1.MsgProposeModel")
        .unwrap();
    let fields = Fields::new(
        Command::new("propose"),
        &desc,
        &["creator", "pricing"],
        None,
    )
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
    fields
        .fill(&mut msg, &matches, &|_, s| Ok(s.to_owned()))
        .unwrap();
    let json = crate::schema::render::message(&msg, crate::schema::render::Style::Classic);
    assert_eq!(json["name"], "m");
    assert_eq!(json["bond"]["amount"], "2000000000000000000");
    assert_eq!(json["pricing"]["rate_in_per_1000"], "1000000000000000000");
    assert_eq!(json["datanet_versions"][0]["version"], 2);
}
