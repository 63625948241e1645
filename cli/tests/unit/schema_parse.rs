//! Unit tests of `schema/parse.rs`.
use super::*;
use serde_json::json;

fn desc(name: &str) -> MessageDescriptor {
    pool().get_message_by_name(name).unwrap()
}

#[test]
fn coins_decimals_and_any() {
    let msg = message(
        &desc("cosmos.gov.v1.MsgSubmitProposal"),
        json!({
            "initial_deposit": "1000OPEN",
            "messages": [{"@type": "/openledger.attribution.v1.MsgSlashOperator",
                          "authority": "a", "operator": "b", "fraction": "0.25"}],
            "title": "t"
        }),
    )
    .unwrap();
    let json = super::super::render::message(&msg, super::super::render::Style::Classic);
    assert_eq!(
        json["initial_deposit"][0]["amount"],
        "1000000000000000000000"
    );
    assert_eq!(json["messages"][0]["fraction"], "0.250000000000000000");
    let err = message(&desc("cosmos.bank.v1beta1.MsgSend"), json!({"from": "x"})).unwrap_err();
    assert!(err.contains("unknown field \"from\""), "{err}");
    let err = message(
        &desc("cosmos.slashing.v1beta1.MsgUpdateParams"),
        json!({"authority": "a", "params": {"signed_blocks_window": 5}}),
    )
    .unwrap_err();
    assert!(
        err.contains("params: missing min_signed_per_window"),
        "{err}"
    );
}
