//! Unit tests of `query/tx.rs`.
use super::*;

#[test]
fn hashes_parse_in_any_case() {
    let upper = "A".repeat(64);
    assert_eq!(parse_hash(&upper).unwrap().to_string(), upper);
    assert_eq!(
        parse_hash(&format!("0x{}", "a".repeat(64)))
            .unwrap()
            .to_string(),
        upper
    );
    assert!(parse_hash("abc").is_err());
    assert!(parse_hash(&"g".repeat(64)).is_err());
}

#[test]
fn transactions_decode_through_the_descriptors() {
    use cosmos_sdk_proto::cosmos::tx::v1beta1::TxBody;
    use cosmos_sdk_proto::Any;
    let body = TxBody {
        messages: vec![Any {
            type_url: "/openledger.models.v1.MsgRegister".into(),
            value: vec![1, 2, 3],
        }],
        memo: "hi".into(),
        ..Default::default()
    };
    let raw = TxRaw {
        body_bytes: body.encode_to_vec(),
        ..Default::default()
    };
    let tx = decode(&raw.encode_to_vec()).unwrap();
    assert_eq!(tx["messages"][0]["value_hex"], "010203");
    assert_eq!(tx["memo"], "hi");
    let text = text(&json!({ "tx": tx }));
    assert!(
        text.contains("  - /openledger.models.v1.MsgRegister\n"),
        "{text}"
    );
    assert!(decode(&[0xff]).is_err());
}
