//! Unit tests of `schema/render.rs`.
use super::*;
use cosmos_sdk_proto::cosmos::slashing::v1beta1::Params;
use cosmos_sdk_proto::tendermint::google::protobuf::Duration;
use prost::Message;

#[test]
fn styles() {
    let params = Params {
        signed_blocks_window: 100,
        min_signed_per_window: b"500000000000000000".to_vec(),
        downtime_jail_duration: Some(Duration {
            seconds: 600,
            nanos: 0,
        }),
        ..Default::default()
    };
    let desc = pool()
        .get_message_by_name("cosmos.slashing.v1beta1.Params")
        .unwrap();
    let msg = DynamicMessage::decode(desc, params.encode_to_vec().as_slice()).unwrap();
    let classic = message(&msg, Style::Classic);
    assert_eq!(classic["signed_blocks_window"], 100);
    assert_eq!(classic["min_signed_per_window"], "0.500000000000000000");
    assert_eq!(classic["downtime_jail_duration"], "600s");
    assert_eq!(classic["slash_fraction_downtime"], "0.000000000000000000");
    let proto3 = message(&msg, Style::Proto3);
    assert_eq!(proto3["signed_blocks_window"], "100");
}
