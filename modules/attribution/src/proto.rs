//! Wire types of `openledger.attribution.v1`, generated from `proto/openledger/attribution/v1/` (see the
//! `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::attribution::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.attribution.v1";

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgRecordInference::type_url(),
            "/openledger.attribution.v1.MsgRecordInference"
        );
        assert_eq!(
            EventInferenceRecorded::full_name(),
            "openledger.attribution.v1.EventInferenceRecorded"
        );
        // MsgRevoke{user="a", operator="b", model_id=3}.
        let bytes = MsgRevoke {
            user: "a".into(),
            operator: "b".into(),
            model_id: 3,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x12, 1, b'b', 0x18, 3]);
        // MsgRecordInference.attribution is field 10, length-delimited; the entry's weight is
        // field 2, a varint.
        let bytes = MsgRecordInference {
            attribution: vec![AttributionEntry {
                contribution_id: 1,
                weight_ppm: 2,
            }],
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x52, 4, 0x08, 1, 0x10, 2]);
        // Receipt.datanets is field 23 (two-byte tag).
        let bytes = Receipt {
            datanets: vec![DatanetShare::default()],
            ..Default::default()
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0xba, 0x01, 0]);
        assert_eq!(
            OperatorStatus::from_str_name("OPERATOR_STATUS_UNBONDING"),
            Some(OperatorStatus::Unbonding)
        );
        assert_eq!(OperatorStatus::Active as i32, 1);
        assert_eq!(OperatorStatus::Unbonded as i32, 3);
    }
}
