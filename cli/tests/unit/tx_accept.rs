//! Unit tests of `tx/accept.rs`.
use super::*;

#[test]
fn messages_are_checked_by_their_module() {
    let send = bank_pb::MsgSend {
        from_address: "open1notanaddress".into(),
        ..Default::default()
    };
    let any = Any {
        type_url: bank_pb::MsgSend::type_url(),
        value: send.encode_to_vec(),
    };
    let err = check(any).unwrap_err().to_string();
    assert!(
        err.starts_with("invalid cosmos.bank.v1beta1.MsgSend: "),
        "{err}"
    );
    let unknown = Any {
        type_url: "/cosmos.gov.v1.MsgCancelProposal".into(),
        value: vec![],
    };
    assert!(check(unknown).is_err());
    assert!(is_accepted("/openledger.attribution.v1.MsgRecordInference"));
}
