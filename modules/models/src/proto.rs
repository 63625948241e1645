//! Wire types of `openledger.models.v1`, generated from `proto/openledger/models/v1/` (see the
//! `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::models::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.models.v1";

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(
            MsgProposeModel::type_url(),
            "/openledger.models.v1.MsgProposeModel"
        );
        assert_eq!(
            EventModelStageChanged::full_name(),
            "openledger.models.v1.EventModelStageChanged"
        );
        // MsgApproveModel{authority="a", model_id=3}: field 1 length-delimited, field 2 varint.
        let bytes = MsgApproveModel {
            authority: "a".into(),
            model_id: 3,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x10, 3]);
        // MsgAdvanceModel.to_stage is field 3, a varint enum.
        let bytes = MsgAdvanceModel {
            actor: String::new(),
            model_id: 0,
            to_stage: ModelStage::Deployed as i32,
            evidence: None,
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x18, 7]);
        assert_eq!(
            ModelStage::from_str_name("MODEL_STAGE_FINE_TUNING"),
            Some(ModelStage::FineTuning)
        );
        assert_eq!(ModelStage::Retired.as_str_name(), "MODEL_STAGE_RETIRED");
    }
}
