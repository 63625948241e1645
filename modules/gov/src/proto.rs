//! Wire types of `openledger.gov.v1`, generated from `proto/openledger/gov/v1/` (see the
//! `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::gov::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.gov.v1";

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(MsgLock::type_url(), "/openledger.gov.v1.MsgLock");
        assert_eq!(
            MsgBeginUnlockResponse::full_name(),
            "openledger.gov.v1.MsgBeginUnlockResponse"
        );
        // MsgDelegateVotes{owner="a", delegatee="b"}: field 1 and 2, length-delimited.
        let bytes = MsgDelegateVotes {
            owner: "a".into(),
            delegatee: "b".into(),
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x12, 1, b'b']);
    }
}
