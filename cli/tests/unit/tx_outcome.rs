//! Unit tests of `tx/outcome.rs`.
use super::*;
use cosmos_sdk_proto::Any;

#[test]
fn responses_are_read_from_the_result_data() {
    let data = TxMsgData {
        msg_responses: vec![
            Any {
                type_url: "/cosmos.bank.v1beta1.MsgSendResponse".into(),
                value: vec![],
            },
            Any {
                type_url: "/openledger.attribution.v1.MsgRecordInferenceResponse".into(),
                value: vec![0x08, 0x01],
            },
        ],
        ..Default::default()
    }
    .encode_to_vec();
    let r = msg_responses(&data);
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[1]["@type"],
        "/openledger.attribution.v1.MsgRecordInferenceResponse"
    );
    assert_eq!(r[1]["value"], "0801");
    // empty or foreign data reads as no responses
    assert!(msg_responses(&[]).is_empty());
    assert!(msg_responses(&[0xff, 0xff]).is_empty());
    // as the RPC client delivers it: base64 text
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(&data);
    assert_eq!(result_bytes(text.as_bytes()), data);
    assert_eq!(msg_responses(&result_bytes(text.as_bytes())), r);
}

#[test]
fn text_shows_a_failed_transaction_with_its_log() {
    let doc = pending("ABCD", 5, "bank", "insufficient funds");
    let text = text(&doc);
    assert!(text.contains("txhash:  ABCD"), "{text}");
    assert!(
        text.contains("code:    5 (codespace \"bank\") FAILED"),
        "{text}"
    );
    assert!(text.contains("raw log: insufficient funds"), "{text}");
    assert!(!text.contains("height"), "{text}");
    let text = super::text(&pending("ABCD", 0, "", ""));
    assert_eq!(text, "txhash: ABCD\ncode:   0 (success)\n");
}
