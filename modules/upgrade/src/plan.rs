//! The upgrade plan: what governance schedules and the chain halts for.
// `Plan.time` and `Plan.upgraded_client_state` are deprecated on the wire: they are read to
// be refused and written empty.
#![allow(deprecated)]

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as pb;
use cosmos_sdk_proto::Timestamp;

use crate::error::UpgradeError;

/// Longest plan name in bytes. Cosmovisor makes the name a directory
/// (`cosmovisor/upgrades/<name>`), so it stays short and path-safe.
pub const MAX_NAME_LEN: usize = 128;
/// Longest plan info in bytes (10 KiB): release notes, or the JSON of binary URLs cosmovisor
/// can download.
pub const MAX_INFO_LEN: usize = 10 * 1024;

/// The zero `time.Time` of Go (0001-01-01T00:00:00Z) as a protobuf timestamp: what SDK
/// clients put in the deprecated, non-nullable `Plan.time`.
const GO_ZERO_TIME_SECS: i64 = -62_135_596_800;

/// A software upgrade plan (`cosmos.upgrade.v1beta1.Plan` without its deprecated fields).
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct Plan {
    /// The upgrade's name: the key of its handler in the new binary and cosmovisor's
    /// directory of that binary.
    pub name: String,
    /// The height at the start of which the upgrade happens; the last block of the old
    /// binary is `height - 1`.
    pub height: u64,
    /// Free text, typically release notes or cosmovisor's download JSON.
    pub info: String,
}

impl Plan {
    /// Stateless checks: a non-empty, path-safe name of at most [`MAX_NAME_LEN`] bytes, a
    /// positive height, info of at most [`MAX_INFO_LEN`] bytes.
    pub fn validate(&self) -> Result<(), UpgradeError> {
        validate_name(&self.name)?;
        if self.height == 0 || i64::try_from(self.height).is_err() {
            return Err(UpgradeError::InvalidPlan(format!(
                "height must be in 1..={}, got {}",
                i64::MAX,
                self.height
            )));
        }
        if self.info.len() > MAX_INFO_LEN {
            return Err(UpgradeError::InvalidPlan(format!(
                "info is {} bytes, more than {MAX_INFO_LEN}",
                self.info.len()
            )));
        }
        Ok(())
    }

    /// The plan from the wire, validated. The deprecated `time` must be unset (absent, zero
    /// or Go's zero time) and `upgraded_client_state` absent, as the SDK requires.
    pub fn from_proto(p: &pb::Plan) -> Result<Self, UpgradeError> {
        if let Some(t) = &p.time {
            let unset = t.nanos == 0 && (t.seconds == 0 || t.seconds == GO_ZERO_TIME_SECS);
            if !unset {
                return Err(UpgradeError::InvalidPlan(
                    "time-based upgrades have been deprecated in the SDK; set a height".into(),
                ));
            }
        }
        if p.upgraded_client_state.is_some() {
            return Err(UpgradeError::InvalidPlan(
                "upgraded_client_state has been deprecated in the SDK; leave it empty".into(),
            ));
        }
        let height = u64::try_from(p.height).map_err(|_| {
            UpgradeError::InvalidPlan(format!("height must be positive, got {}", p.height))
        })?;
        let plan = Plan {
            name: p.name.clone(),
            height,
            info: p.info.clone(),
        };
        plan.validate()?;
        Ok(plan)
    }

    /// The plan as the SDK answers it (its zero `time`).
    pub fn to_proto(&self) -> pb::Plan {
        pb::Plan {
            name: self.name.clone(),
            time: Some(Timestamp {
                seconds: GO_ZERO_TIME_SECS,
                nanos: 0,
            }),
            height: i64::try_from(self.height).unwrap_or(i64::MAX),
            info: self.info.clone(),
            upgraded_client_state: None,
        }
    }
}

/// A plan name: 1..=[`MAX_NAME_LEN`] bytes of ASCII letters, digits and `.-_+`, not starting
/// with `.` (no path separators or `..`: cosmovisor uses it as a directory name).
pub fn validate_name(name: &str) -> Result<(), UpgradeError> {
    if name.is_empty() {
        return Err(UpgradeError::InvalidPlan("name cannot be empty".into()));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(UpgradeError::InvalidPlan(format!(
            "name is {} bytes, more than {MAX_NAME_LEN}",
            name.len()
        )));
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+');
    if !name.chars().all(ok) || name.starts_with('.') {
        return Err(UpgradeError::InvalidPlan(format!(
            "name {name:?} may hold only ASCII letters, digits and .-_+ and not start with ."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proto(name: &str, height: i64, info: &str) -> pb::Plan {
        pb::Plan {
            name: name.into(),
            time: None,
            height,
            info: info.into(),
            upgraded_client_state: None,
        }
    }

    #[test]
    fn valid_plans_convert_and_round_trip() {
        let p = Plan::from_proto(&proto("v2.0.0-rc_1+x", 10, "notes")).unwrap();
        assert_eq!(p.height, 10);
        assert_eq!(Plan::from_proto(&p.to_proto()).unwrap(), p);
        let max = Plan::from_proto(&proto(
            &"a".repeat(MAX_NAME_LEN),
            1,
            &"i".repeat(MAX_INFO_LEN),
        ));
        assert!(max.is_ok());
    }

    #[test]
    fn refuses_bad_names_heights_and_info() {
        let bad = [
            proto("", 10, ""),
            proto(&"a".repeat(MAX_NAME_LEN + 1), 10, ""),
            proto("../etc", 10, ""),
            proto("a/b", 10, ""),
            proto(".hidden", 10, ""),
            proto("sp ace", 10, ""),
            proto("v2", 0, ""),
            proto("v2", -5, ""),
            proto("v2", 10, &"i".repeat(MAX_INFO_LEN + 1)),
        ];
        for p in bad {
            let e = Plan::from_proto(&p).unwrap_err();
            assert!(matches!(e, UpgradeError::InvalidPlan(_)), "{p:?}: {e}");
        }
    }

    #[test]
    fn refuses_the_deprecated_fields() {
        let mut p = proto("v2", 10, "");
        p.time = Some(Timestamp {
            seconds: 1_700_000_000,
            nanos: 0,
        });
        assert!(Plan::from_proto(&p).is_err());
        p.time = Some(Timestamp {
            seconds: GO_ZERO_TIME_SECS,
            nanos: 0,
        });
        assert!(Plan::from_proto(&p).is_ok());
        p.time = None;
        p.upgraded_client_state = Some(cosmos_sdk_proto::Any::default());
        assert!(Plan::from_proto(&p).is_err());
    }
}
