//! Slashing parameters, their allowed ranges and their protobuf form.

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use cosmos_sdk_proto::tendermint::google::protobuf::Duration;
use openledger_framework::math::DEC_ONE_ATOMICS;
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::SlashingError;

/// Allowed range of `signed_blocks_window`.
pub const SIGNED_BLOCKS_WINDOW_RANGE: std::ops::RangeInclusive<i64> = 10..=100_000;
/// Allowed range of `downtime_jail_duration_secs` and `max_evidence_age_secs` (one year).
pub const DURATION_SECS_RANGE: std::ops::RangeInclusive<u64> = 1..=31_536_000;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Number of recent blocks over which liveness is measured.
    pub signed_blocks_window: i64,
    /// Fraction of the window a validator must sign.
    pub min_signed_per_window: Dec,
    /// How long a validator jailed for downtime stays jailed.
    pub downtime_jail_duration_secs: u64,
    pub slash_fraction_double_sign: Dec,
    pub slash_fraction_downtime: Dec,
    /// Evidence whose infraction time is older than this (relative to the block time) is
    /// ignored. The SDK reads this from the consensus params (`evidence.max_age_duration`).
    pub max_evidence_age_secs: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            signed_blocks_window: 100,
            min_signed_per_window: Dec::percent(50),
            downtime_jail_duration_secs: 600,
            slash_fraction_double_sign: Dec::percent(5),
            slash_fraction_downtime: Dec::percent(1),
            max_evidence_age_secs: 1_814_400,
        }
    }
}

impl Params {
    /// Ranges that keep the chain live: no value accepted here can halt block production.
    pub fn validate(&self) -> Result<(), SlashingError> {
        let bad = |m: String| Err(SlashingError::InvalidParams(m));
        if !SIGNED_BLOCKS_WINDOW_RANGE.contains(&self.signed_blocks_window) {
            return bad(format!(
                "signed_blocks_window must be in 10..=100000, got {}",
                self.signed_blocks_window
            ));
        }
        for (name, d) in [
            ("min_signed_per_window", self.min_signed_per_window),
            (
                "slash_fraction_double_sign",
                self.slash_fraction_double_sign,
            ),
            ("slash_fraction_downtime", self.slash_fraction_downtime),
        ] {
            if d > Dec::ONE {
                return bad(format!("{name} must be in 0..=1, got {d}"));
            }
        }
        for (name, secs) in [
            (
                "downtime_jail_duration_secs",
                self.downtime_jail_duration_secs,
            ),
            ("max_evidence_age_secs", self.max_evidence_age_secs),
        ] {
            if !DURATION_SECS_RANGE.contains(&secs) {
                return bad(format!("{name} must be in 1..=31536000, got {secs}"));
            }
        }
        Ok(())
    }

    /// The window as an unsigned block count (validated params are always in range).
    pub fn window(&self) -> Result<u64, SlashingError> {
        u64::try_from(self.signed_blocks_window)
            .ok()
            .filter(|w| *w > 0)
            .ok_or_else(|| SlashingError::InvalidParams("signed_blocks_window".into()))
    }

    /// Blocks of the window that must be signed: `window × min_signed_per_window`, rounded
    /// half to even as the SDK's `MinSignedPerWindowInt` (`LegacyDec.RoundInt64`).
    pub fn min_signed_per_window_blocks(&self) -> Result<u64, SlashingError> {
        let window = self.window()?;
        round_half_even_mul(self.min_signed_per_window, window)
            .ok_or(SlashingError::Overflow("min signed per window"))
    }

    /// Most blocks of the window a validator may miss without being jailed.
    pub fn max_missed_blocks(&self) -> Result<u64, SlashingError> {
        self.window()?
            .checked_sub(self.min_signed_per_window_blocks()?)
            .ok_or(SlashingError::Overflow("max missed blocks"))
    }

    /// The SDK's protobuf form (`max_evidence_age_secs` has no field there).
    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            signed_blocks_window: self.signed_blocks_window,
            min_signed_per_window: self.min_signed_per_window.to_proto_string().into_bytes(),
            downtime_jail_duration: Some(Duration {
                seconds: i64::try_from(self.downtime_jail_duration_secs).unwrap_or(i64::MAX),
                nanos: 0,
            }),
            slash_fraction_double_sign: self
                .slash_fraction_double_sign
                .to_proto_string()
                .into_bytes(),
            slash_fraction_downtime: self.slash_fraction_downtime.to_proto_string().into_bytes(),
        }
    }

    /// Params from their protobuf form; `max_evidence_age_secs`, which the SDK message lacks, is given separately.
    /// The result is validated.
    pub fn from_proto(p: &pb::Params, max_evidence_age_secs: u64) -> Result<Params, SlashingError> {
        let dec = |name: &str, bytes: &[u8]| -> Result<Dec, SlashingError> {
            let s = std::str::from_utf8(bytes)
                .map_err(|_| SlashingError::InvalidParams(format!("{name} is not UTF-8")))?;
            Dec::from_proto_str(s).map_err(|e| SlashingError::InvalidParams(format!("{name}: {e}")))
        };
        let d = p.downtime_jail_duration.as_ref().ok_or_else(|| {
            SlashingError::InvalidParams("downtime_jail_duration is required".into())
        })?;
        if d.nanos != 0 {
            return Err(SlashingError::InvalidParams(
                "downtime_jail_duration must be a whole number of seconds".into(),
            ));
        }
        let secs = u64::try_from(d.seconds).map_err(|_| {
            SlashingError::InvalidParams("downtime_jail_duration must not be negative".into())
        })?;
        let params = Params {
            signed_blocks_window: p.signed_blocks_window,
            min_signed_per_window: dec("min_signed_per_window", &p.min_signed_per_window)?,
            downtime_jail_duration_secs: secs,
            slash_fraction_double_sign: dec(
                "slash_fraction_double_sign",
                &p.slash_fraction_double_sign,
            )?,
            slash_fraction_downtime: dec("slash_fraction_downtime", &p.slash_fraction_downtime)?,
            max_evidence_age_secs,
        };
        params.validate()?;
        Ok(params)
    }
}

/// `round(d × n)` with ties to even (the SDK's banker's rounding), or `None` on overflow.
pub(crate) fn round_half_even_mul(d: Dec, n: u64) -> Option<u64> {
    let product = d.atomics().checked_mul(u128::from(n))?;
    let q = product.checked_div(DEC_ONE_ATOMICS)?;
    let r = product.checked_rem(DEC_ONE_ATOMICS)?;
    let half = DEC_ONE_ATOMICS.checked_div(2)?;
    let up = r > half || (r == half && q.checked_rem(2)? == 1);
    let rounded = if up { q.checked_add(1)? } else { q };
    u64::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_sdk() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(p.min_signed_per_window_blocks().unwrap(), 50);
        assert_eq!(p.max_missed_blocks().unwrap(), 50);
        assert_eq!(p.min_signed_per_window.to_string(), "0.500000000000000000");
    }

    #[test]
    fn rounding_is_half_to_even_like_legacy_dec() {
        let half = Dec::percent(50);
        assert_eq!(round_half_even_mul(half, 11), Some(6)); // 5.5 -> 6
        assert_eq!(round_half_even_mul(half, 13), Some(6)); // 6.5 -> 6
        assert_eq!(round_half_even_mul(half, 15), Some(8)); // 7.5 -> 8
        assert_eq!(round_half_even_mul("0.333".parse().unwrap(), 10), Some(3));
        assert_eq!(round_half_even_mul("0.96".parse().unwrap(), 10), Some(10));
        assert_eq!(round_half_even_mul(Dec::ONE, 100_000), Some(100_000));
        assert_eq!(round_half_even_mul(Dec::ZERO, 100_000), Some(0));
    }

    #[test]
    fn validate_refuses_out_of_range_values() {
        let ok = Params::default();
        let cases = [
            Params {
                signed_blocks_window: 9,
                ..ok.clone()
            },
            Params {
                signed_blocks_window: 100_001,
                ..ok.clone()
            },
            Params {
                signed_blocks_window: -1,
                ..ok.clone()
            },
            Params {
                min_signed_per_window: Dec::percent(101),
                ..ok.clone()
            },
            Params {
                slash_fraction_double_sign: Dec::percent(200),
                ..ok.clone()
            },
            Params {
                slash_fraction_downtime: Dec::percent(101),
                ..ok.clone()
            },
            Params {
                downtime_jail_duration_secs: 0,
                ..ok.clone()
            },
            Params {
                downtime_jail_duration_secs: 31_536_001,
                ..ok.clone()
            },
            Params {
                max_evidence_age_secs: 0,
                ..ok.clone()
            },
            Params {
                max_evidence_age_secs: 31_536_001,
                ..ok.clone()
            },
        ];
        for p in cases {
            assert!(
                matches!(p.validate(), Err(SlashingError::InvalidParams(_))),
                "{p:?}"
            );
        }
        Params {
            min_signed_per_window: Dec::ONE,
            signed_blocks_window: 10,
            ..ok
        }
        .validate()
        .unwrap();
    }

    #[test]
    fn proto_round_trip_keeps_the_evidence_age_aside() {
        let p = Params {
            max_evidence_age_secs: 77,
            ..Params::default()
        };
        let proto = p.to_proto();
        assert_eq!(proto.min_signed_per_window, b"500000000000000000".to_vec());
        assert_eq!(Params::from_proto(&proto, 77).unwrap(), p);
        let mut bad = proto.clone();
        bad.downtime_jail_duration = Some(Duration {
            seconds: 1,
            nanos: 5,
        });
        assert!(Params::from_proto(&bad, 77).is_err());
        let mut bad = proto;
        bad.min_signed_per_window = b"0.5".to_vec();
        assert!(Params::from_proto(&bad, 77).is_err());
    }
}
