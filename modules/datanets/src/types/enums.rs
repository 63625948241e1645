//! The enums of the datanets module and their protobuf numbers.

use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Serialize};

use crate::error::DatanetsError;
use crate::proto;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Visibility {
    Public,
    Permissioned,
}

impl Visibility {
    pub fn to_proto(self) -> i32 {
        match self {
            Visibility::Public => proto::Visibility::Public as i32,
            Visibility::Permissioned => proto::Visibility::Permissioned as i32,
        }
    }

    pub fn from_proto(v: i32) -> Result<Visibility, DatanetsError> {
        match proto::Visibility::try_from(v) {
            Ok(proto::Visibility::Public) => Ok(Visibility::Public),
            Ok(proto::Visibility::Permissioned) => Ok(Visibility::Permissioned),
            _ => Err(DatanetsError::InvalidField {
                field: "visibility",
                reason: format!("{v} is neither PUBLIC (1) nor PERMISSIONED (2)"),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "VISIBILITY_PUBLIC",
            Visibility::Permissioned => "VISIBILITY_PERMISSIONED",
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContributionStatus {
    Pending,
    Approved,
    Rejected,
}

impl ContributionStatus {
    pub fn to_proto(self) -> i32 {
        match self {
            ContributionStatus::Pending => proto::ContributionStatus::Pending as i32,
            ContributionStatus::Approved => proto::ContributionStatus::Approved as i32,
            ContributionStatus::Rejected => proto::ContributionStatus::Rejected as i32,
        }
    }

    pub fn from_proto(v: i32) -> Result<ContributionStatus, DatanetsError> {
        match proto::ContributionStatus::try_from(v) {
            Ok(proto::ContributionStatus::Pending) => Ok(ContributionStatus::Pending),
            Ok(proto::ContributionStatus::Approved) => Ok(ContributionStatus::Approved),
            Ok(proto::ContributionStatus::Rejected) => Ok(ContributionStatus::Rejected),
            _ => Err(DatanetsError::InvalidField {
                field: "status",
                reason: format!("unknown contribution status {v}"),
            }),
        }
    }

    /// The byte of this status in the status index keys.
    pub fn key_byte(self) -> u8 {
        match self {
            ContributionStatus::Pending => 1,
            ContributionStatus::Approved => 2,
            ContributionStatus::Rejected => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContributionStatus::Pending => "CONTRIBUTION_STATUS_PENDING",
            ContributionStatus::Approved => "CONTRIBUTION_STATUS_APPROVED",
            ContributionStatus::Rejected => "CONTRIBUTION_STATUS_REJECTED",
        }
    }

    pub const ALL: [ContributionStatus; 3] = [
        ContributionStatus::Pending,
        ContributionStatus::Approved,
        ContributionStatus::Rejected,
    ];
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CurationReason {
    None,
    LowQuality,
    Duplicate,
    Adversarial,
    Spam,
}

impl CurationReason {
    pub fn to_proto(self) -> i32 {
        match self {
            CurationReason::None => proto::CurationReason::None as i32,
            CurationReason::LowQuality => proto::CurationReason::LowQuality as i32,
            CurationReason::Duplicate => proto::CurationReason::Duplicate as i32,
            CurationReason::Adversarial => proto::CurationReason::Adversarial as i32,
            CurationReason::Spam => proto::CurationReason::Spam as i32,
        }
    }

    pub fn from_proto(v: i32) -> Result<CurationReason, DatanetsError> {
        match proto::CurationReason::try_from(v) {
            Ok(proto::CurationReason::None) => Ok(CurationReason::None),
            Ok(proto::CurationReason::LowQuality) => Ok(CurationReason::LowQuality),
            Ok(proto::CurationReason::Duplicate) => Ok(CurationReason::Duplicate),
            Ok(proto::CurationReason::Adversarial) => Ok(CurationReason::Adversarial),
            Ok(proto::CurationReason::Spam) => Ok(CurationReason::Spam),
            Err(_) => Err(DatanetsError::InvalidField {
                field: "reason",
                reason: format!("unknown curation reason {v}"),
            }),
        }
    }

    /// Adversarial and spam rejections slash the bond and add to the penalty score.
    pub fn is_penalized(self) -> bool {
        matches!(self, CurationReason::Adversarial | CurationReason::Spam)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CurationReason::None => "CURATION_REASON_NONE",
            CurationReason::LowQuality => "CURATION_REASON_LOW_QUALITY",
            CurationReason::Duplicate => "CURATION_REASON_DUPLICATE",
            CurationReason::Adversarial => "CURATION_REASON_ADVERSARIAL",
            CurationReason::Spam => "CURATION_REASON_SPAM",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_map_to_their_proto_numbers() {
        assert_eq!(Visibility::from_proto(2).unwrap(), Visibility::Permissioned);
        assert!(Visibility::from_proto(0).is_err());
        assert!(Visibility::from_proto(9).is_err());
        for s in ContributionStatus::ALL {
            assert_eq!(ContributionStatus::from_proto(s.to_proto()).unwrap(), s);
        }
        assert!(ContributionStatus::from_proto(0).is_err());
        assert_eq!(CurationReason::from_proto(4).unwrap(), CurationReason::Spam);
        assert!(CurationReason::Spam.is_penalized());
        assert!(!CurationReason::Duplicate.is_penalized());
        assert_eq!(
            serde_json::to_string(&CurationReason::LowQuality).unwrap(),
            "\"LOW_QUALITY\""
        );
    }
}
