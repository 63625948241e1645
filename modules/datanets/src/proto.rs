//! Wire types of `openledger.datanets.v1`, generated from `proto/openledger/datanets/v1/` (see the
//! `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::datanets::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.datanets.v1";

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgContribute::type_url(),
            "/openledger.datanets.v1.MsgContribute"
        );
        assert_eq!(
            EventCurate::full_name(),
            "openledger.datanets.v1.EventCurate"
        );
        // MsgPurchaseAccess{buyer="a", datanet_id=2, version=3}.
        let bytes = MsgPurchaseAccess {
            buyer: "a".into(),
            datanet_id: 2,
            version: 3,
            max_price: String::new(),
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x10, 2, 0x18, 3]);
        // Enums are varints: MsgCurate.reason = SPAM (4) at field 4.
        let bytes = MsgCurate {
            reason: CurationReason::Spam as i32,
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x20, 4]);
    }
}
