//! Module params: the platform fee and the shares of an inference fee, operator bonds and the
//! limits of operator records and inference messages. Every value `validate` accepts keeps the
//! chain live: every limit has a hard upper bound.

use openledger_framework::coin::amount_string;
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::AttributionError;
use crate::fee::Shares;
use crate::proto;
use crate::types::{amount_from_wire, dec_from_wire};

/// 1 OPEN in aopen.
pub const ONE_OPEN: u128 = 1_000_000_000_000_000_000;
/// 0.01 OPEN.
pub const DEFAULT_PLATFORM_FEE: u128 = ONE_OPEN / 100;
/// 100 OPEN.
pub const DEFAULT_MIN_OPERATOR_BOND: u128 = 100 * ONE_OPEN;
/// 21 days.
pub const DEFAULT_OPERATOR_UNBONDING_TIME: u64 = 1_814_400;

/// One day: how long a receipt's data pool is held, open to challenges.
pub const DEFAULT_CHALLENGE_WINDOW_SECS: u64 = 86_400;
/// 10 OPEN.
pub const DEFAULT_MIN_CHALLENGE_BOND: u128 = 10 * ONE_OPEN;
/// 64 KiB.
pub const DEFAULT_MAX_CHALLENGE_OUTPUT_BYTES: u32 = 65_536;
pub const DEFAULT_CHALLENGE_DEADLINE_BLOCKS: u64 = 100;
pub const DEFAULT_MAX_OPEN_CHALLENGES: u32 = 100;
pub const DEFAULT_MAX_RELEASES_PER_BLOCK: u32 = 1000;
/// Ten minutes between a withdrawal or revocation request and its effect.
pub const DEFAULT_WITHDRAWAL_DELAY_SECS: u64 = 600;

/// Allowed ranges (inclusive).
pub const ATTRIBUTION_ENTRIES_RANGE: (u32, u32) = (1, 1024);
pub const UNBONDING_TIME_RANGE: (u64, u64) = (1, 31_536_000);
pub const MODELS_PER_OPERATOR_RANGE: (u32, u32) = (1, 1024);
pub const ENDPOINT_LEN_RANGE: (u32, u32) = (1, 4096);
pub const REQUEST_ID_LEN_RANGE: (u32, u32) = (1, 1024);
pub const TOKENS_RANGE: (u64, u64) = (1, u64::MAX);
pub const UNBONDINGS_PER_BLOCK_RANGE: (u32, u32) = (1, 10_000);
pub const MIN_SPAN_RANGE: (u32, u32) = (1, 65_536);
pub const CHALLENGE_WINDOW_RANGE: (u64, u64) = (1, 31_536_000);
/// The upper bound is also the hard cap of `MsgChallengeReceipt.output` (1 MiB).
pub const CHALLENGE_OUTPUT_BYTES_RANGE: (u32, u32) = (1, 1_048_576);
pub const CHALLENGE_DEADLINE_RANGE: (u64, u64) = (1, 100_000);
pub const OPEN_CHALLENGES_RANGE: (u32, u32) = (1, 1000);
pub const RELEASES_PER_BLOCK_RANGE: (u32, u32) = (1, 100_000);
pub const WITHDRAWAL_DELAY_RANGE: (u64, u64) = (1, 31_536_000);

/// The attribution engine versions this software runs (docs/attribution-engine.md). A
/// proposal naming another version is refused, so a chain never asks for an engine its
/// validators do not have.
pub const SUPPORTED_ENGINE_VERSIONS: &[u32] = &[1];
/// The normalisation rules of engine version 1.
pub const SUPPORTED_NORMALIZATIONS: &[&str] = &["nfc"];
/// Default shortest credited span: 32 bytes of normalised text, about six English words.
pub const DEFAULT_MIN_SPAN: u32 = 32;

/// The attribution engine every recorded inference must have run, and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineParams {
    pub version: u32,
    /// Shortest credited span, in bytes of normalised text.
    pub min_span: u32,
    pub normalization: String,
}

impl Default for EngineParams {
    fn default() -> Self {
        EngineParams {
            version: 1,
            min_span: DEFAULT_MIN_SPAN,
            normalization: "nfc".into(),
        }
    }
}

impl EngineParams {
    pub fn validate(&self) -> Result<(), AttributionError> {
        if !SUPPORTED_ENGINE_VERSIONS.contains(&self.version) {
            return Err(AttributionError::InvalidParams(format!(
                "engine version {} is not supported (supported: {:?})",
                self.version, SUPPORTED_ENGINE_VERSIONS
            )));
        }
        in_range("engine.min_span", self.min_span, MIN_SPAN_RANGE)?;
        if !SUPPORTED_NORMALIZATIONS.contains(&self.normalization.as_str()) {
            return Err(AttributionError::InvalidParams(format!(
                "engine normalization {:?} is not supported (supported: {:?})",
                self.normalization, SUPPORTED_NORMALIZATIONS
            )));
        }
        Ok(())
    }

    pub fn to_proto(&self) -> proto::EngineParams {
        proto::EngineParams {
            version: self.version,
            min_span: self.min_span,
            normalization: self.normalization.clone(),
        }
    }

    pub fn from_proto(p: &proto::EngineParams) -> EngineParams {
        EngineParams {
            version: p.version,
            min_span: p.min_span,
            normalization: p.normalization.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Charged on top of the token fee of every inference; goes to the community pool.
    #[serde(with = "amount_string")]
    pub platform_fee: u128,
    /// Shares of the token fee; the three add up to exactly 1.
    pub creator_share: Dec,
    pub stakers_share: Dec,
    pub data_share: Dec,
    pub max_attribution_entries: u32,
    #[serde(with = "amount_string")]
    pub min_operator_bond: u128,
    /// Seconds.
    pub operator_unbonding_time: u64,
    pub max_models_per_operator: u32,
    pub max_endpoint_len: u32,
    pub max_request_id_len: u32,
    /// Limit of each of input and output tokens.
    pub max_tokens_per_inference: u64,
    pub max_unbondings_per_block: u32,
    /// Older genesis files have no engine section: they get the default engine.
    #[serde(default)]
    pub engine: EngineParams,
    /// Seconds a receipt's data pool is held (open to challenges) before its credits become
    /// claimable. Older genesis files lack this and the fields below: they get the defaults.
    #[serde(default = "default_challenge_window_secs")]
    pub challenge_window_secs: u64,
    /// The least bond of a challenge.
    #[serde(with = "amount_string", default = "default_min_challenge_bond")]
    pub min_challenge_bond: u128,
    /// The largest output a challenge may carry, in bytes.
    #[serde(default = "default_max_challenge_output_bytes")]
    pub max_challenge_output_bytes: u32,
    /// Blocks the validators have to agree on a challenge before it is escalated.
    #[serde(default = "default_challenge_deadline_blocks")]
    pub challenge_deadline_blocks: u64,
    /// Part of the operator's bond slashed for a corrected (false) receipt.
    #[serde(default = "default_false_receipt_slash_fraction")]
    pub false_receipt_slash_fraction: Dec,
    /// Part of that slash paid to the challenger; the rest is burned.
    #[serde(default = "default_challenger_reward_share")]
    pub challenger_reward_share: Dec,
    /// OPEN challenges at once, at most.
    #[serde(default = "default_max_open_challenges")]
    pub max_open_challenges: u32,
    /// Held data pools released per end block, at most.
    #[serde(default = "default_max_releases_per_block")]
    pub max_releases_per_block: u32,
    /// Seconds between a withdrawal or revocation request and its effect; meanwhile recorded
    /// inferences are still charged to the deposit and the grant.
    #[serde(default = "default_withdrawal_delay_secs")]
    pub withdrawal_delay_secs: u64,
}

fn default_challenge_window_secs() -> u64 {
    DEFAULT_CHALLENGE_WINDOW_SECS
}
fn default_min_challenge_bond() -> u128 {
    DEFAULT_MIN_CHALLENGE_BOND
}
fn default_max_challenge_output_bytes() -> u32 {
    DEFAULT_MAX_CHALLENGE_OUTPUT_BYTES
}
fn default_challenge_deadline_blocks() -> u64 {
    DEFAULT_CHALLENGE_DEADLINE_BLOCKS
}
fn default_false_receipt_slash_fraction() -> Dec {
    Dec::percent(10)
}
fn default_challenger_reward_share() -> Dec {
    Dec::percent(50)
}
fn default_max_open_challenges() -> u32 {
    DEFAULT_MAX_OPEN_CHALLENGES
}
fn default_max_releases_per_block() -> u32 {
    DEFAULT_MAX_RELEASES_PER_BLOCK
}
fn default_withdrawal_delay_secs() -> u64 {
    DEFAULT_WITHDRAWAL_DELAY_SECS
}

impl Default for Params {
    fn default() -> Self {
        Params {
            platform_fee: DEFAULT_PLATFORM_FEE,
            creator_share: Dec::percent(70),
            stakers_share: Dec::percent(10),
            data_share: Dec::percent(20),
            max_attribution_entries: 256,
            min_operator_bond: DEFAULT_MIN_OPERATOR_BOND,
            operator_unbonding_time: DEFAULT_OPERATOR_UNBONDING_TIME,
            max_models_per_operator: 64,
            max_endpoint_len: 256,
            max_request_id_len: 128,
            max_tokens_per_inference: 1_000_000_000,
            max_unbondings_per_block: 100,
            engine: EngineParams::default(),
            challenge_window_secs: DEFAULT_CHALLENGE_WINDOW_SECS,
            min_challenge_bond: DEFAULT_MIN_CHALLENGE_BOND,
            max_challenge_output_bytes: DEFAULT_MAX_CHALLENGE_OUTPUT_BYTES,
            challenge_deadline_blocks: DEFAULT_CHALLENGE_DEADLINE_BLOCKS,
            false_receipt_slash_fraction: default_false_receipt_slash_fraction(),
            challenger_reward_share: default_challenger_reward_share(),
            max_open_challenges: DEFAULT_MAX_OPEN_CHALLENGES,
            max_releases_per_block: DEFAULT_MAX_RELEASES_PER_BLOCK,
            withdrawal_delay_secs: DEFAULT_WITHDRAWAL_DELAY_SECS,
        }
    }
}

fn in_range<T: PartialOrd + std::fmt::Display>(
    name: &str,
    v: T,
    (lo, hi): (T, T),
) -> Result<(), AttributionError> {
    if v < lo || v > hi {
        return Err(AttributionError::InvalidParams(format!(
            "{name} must be in {lo}..={hi}, got {v}"
        )));
    }
    Ok(())
}

impl Params {
    pub fn validate(&self) -> Result<(), AttributionError> {
        in_range("creator_share", self.creator_share, (Dec::ZERO, Dec::ONE))?;
        in_range("stakers_share", self.stakers_share, (Dec::ZERO, Dec::ONE))?;
        in_range("data_share", self.data_share, (Dec::ZERO, Dec::ONE))?;
        let sum = self
            .creator_share
            .checked_add(self.stakers_share)
            .and_then(|s| s.checked_add(self.data_share));
        if sum != Some(Dec::ONE) {
            return Err(AttributionError::InvalidParams(
                "creator_share + stakers_share + data_share must be exactly 1".into(),
            ));
        }
        in_range(
            "max_attribution_entries",
            self.max_attribution_entries,
            ATTRIBUTION_ENTRIES_RANGE,
        )?;
        if self.min_operator_bond == 0 {
            return Err(AttributionError::InvalidParams(
                "min_operator_bond must be at least 1aopen".into(),
            ));
        }
        in_range(
            "operator_unbonding_time",
            self.operator_unbonding_time,
            UNBONDING_TIME_RANGE,
        )?;
        in_range(
            "max_models_per_operator",
            self.max_models_per_operator,
            MODELS_PER_OPERATOR_RANGE,
        )?;
        in_range(
            "max_endpoint_len",
            self.max_endpoint_len,
            ENDPOINT_LEN_RANGE,
        )?;
        in_range(
            "max_request_id_len",
            self.max_request_id_len,
            REQUEST_ID_LEN_RANGE,
        )?;
        in_range(
            "max_tokens_per_inference",
            self.max_tokens_per_inference,
            TOKENS_RANGE,
        )?;
        in_range(
            "max_unbondings_per_block",
            self.max_unbondings_per_block,
            UNBONDINGS_PER_BLOCK_RANGE,
        )?;
        self.engine.validate()?;
        in_range(
            "challenge_window_secs",
            self.challenge_window_secs,
            CHALLENGE_WINDOW_RANGE,
        )?;
        if self.min_challenge_bond == 0 {
            return Err(AttributionError::InvalidParams(
                "min_challenge_bond must be at least 1aopen".into(),
            ));
        }
        in_range(
            "max_challenge_output_bytes",
            self.max_challenge_output_bytes,
            CHALLENGE_OUTPUT_BYTES_RANGE,
        )?;
        in_range(
            "challenge_deadline_blocks",
            self.challenge_deadline_blocks,
            CHALLENGE_DEADLINE_RANGE,
        )?;
        in_range(
            "false_receipt_slash_fraction",
            self.false_receipt_slash_fraction,
            (Dec::ZERO, Dec::ONE),
        )?;
        in_range(
            "challenger_reward_share",
            self.challenger_reward_share,
            (Dec::ZERO, Dec::ONE),
        )?;
        in_range(
            "max_open_challenges",
            self.max_open_challenges,
            OPEN_CHALLENGES_RANGE,
        )?;
        in_range(
            "max_releases_per_block",
            self.max_releases_per_block,
            RELEASES_PER_BLOCK_RANGE,
        )?;
        in_range(
            "withdrawal_delay_secs",
            self.withdrawal_delay_secs,
            WITHDRAWAL_DELAY_RANGE,
        )?;
        Ok(())
    }

    /// The three shares of the token fee.
    pub fn shares(&self) -> Shares {
        Shares {
            creator: self.creator_share,
            stakers: self.stakers_share,
            data: self.data_share,
        }
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            platform_fee: self.platform_fee.to_string(),
            creator_share: self.creator_share.to_proto_string(),
            stakers_share: self.stakers_share.to_proto_string(),
            data_share: self.data_share.to_proto_string(),
            max_attribution_entries: self.max_attribution_entries,
            min_operator_bond: self.min_operator_bond.to_string(),
            operator_unbonding_time: self.operator_unbonding_time,
            max_models_per_operator: self.max_models_per_operator,
            max_endpoint_len: self.max_endpoint_len,
            max_request_id_len: self.max_request_id_len,
            max_tokens_per_inference: self.max_tokens_per_inference,
            max_unbondings_per_block: self.max_unbondings_per_block,
            engine: Some(self.engine.to_proto()),
            challenge_window_secs: self.challenge_window_secs,
            min_challenge_bond: self.min_challenge_bond.to_string(),
            max_challenge_output_bytes: self.max_challenge_output_bytes,
            challenge_deadline_blocks: self.challenge_deadline_blocks,
            false_receipt_slash_fraction: self.false_receipt_slash_fraction.to_proto_string(),
            challenger_reward_share: self.challenger_reward_share.to_proto_string(),
            max_open_challenges: self.max_open_challenges,
            max_releases_per_block: self.max_releases_per_block,
            withdrawal_delay_secs: self.withdrawal_delay_secs,
        }
    }

    /// Decode and validate.
    pub fn from_proto(p: &proto::Params) -> Result<Params, AttributionError> {
        let bad = |e: AttributionError| AttributionError::InvalidParams(e.to_string());
        let params = Params {
            platform_fee: amount_from_wire("platform_fee", &p.platform_fee).map_err(bad)?,
            creator_share: dec_from_wire("creator_share", &p.creator_share).map_err(bad)?,
            stakers_share: dec_from_wire("stakers_share", &p.stakers_share).map_err(bad)?,
            data_share: dec_from_wire("data_share", &p.data_share).map_err(bad)?,
            max_attribution_entries: p.max_attribution_entries,
            min_operator_bond: amount_from_wire("min_operator_bond", &p.min_operator_bond)
                .map_err(bad)?,
            operator_unbonding_time: p.operator_unbonding_time,
            max_models_per_operator: p.max_models_per_operator,
            max_endpoint_len: p.max_endpoint_len,
            max_request_id_len: p.max_request_id_len,
            max_tokens_per_inference: p.max_tokens_per_inference,
            max_unbondings_per_block: p.max_unbondings_per_block,
            engine: p
                .engine
                .as_ref()
                .map(EngineParams::from_proto)
                .ok_or_else(|| AttributionError::InvalidParams("engine must be set".into()))?,
            challenge_window_secs: p.challenge_window_secs,
            min_challenge_bond: amount_from_wire("min_challenge_bond", &p.min_challenge_bond)
                .map_err(bad)?,
            max_challenge_output_bytes: p.max_challenge_output_bytes,
            challenge_deadline_blocks: p.challenge_deadline_blocks,
            false_receipt_slash_fraction: dec_from_wire(
                "false_receipt_slash_fraction",
                &p.false_receipt_slash_fraction,
            )
            .map_err(bad)?,
            challenger_reward_share: dec_from_wire(
                "challenger_reward_share",
                &p.challenger_reward_share,
            )
            .map_err(bad)?,
            max_open_challenges: p.max_open_challenges,
            max_releases_per_block: p.max_releases_per_block,
            withdrawal_delay_secs: p.withdrawal_delay_secs,
        };
        params.validate()?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let p = Params::default();
        p.validate().unwrap();
        assert_eq!(p.platform_fee, 10_000_000_000_000_000);
        assert_eq!(p.min_operator_bond, 100_000_000_000_000_000_000);
        assert_eq!(p.creator_share.to_proto_string(), "700000000000000000");
        assert_eq!(Params::from_proto(&p.to_proto()).unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"platform_fee\":\"10000000000000000\""));
        assert!(json.contains("\"creator_share\":\"0.700000000000000000\""));
        assert_eq!(serde_json::from_str::<Params>(&json).unwrap(), p);
        assert_eq!(p.challenge_window_secs, 86_400);
        assert_eq!(p.min_challenge_bond, 10_000_000_000_000_000_000);
        assert_eq!(p.max_challenge_output_bytes, 65_536);
        assert_eq!(p.challenge_deadline_blocks, 100);
        assert_eq!(p.false_receipt_slash_fraction, Dec::percent(10));
        assert_eq!(p.challenger_reward_share, Dec::percent(50));
        assert_eq!(p.max_open_challenges, 100);
        assert_eq!(p.max_releases_per_block, 1000);
        assert_eq!(p.withdrawal_delay_secs, 600);
        let proto = p.to_proto();
        assert_eq!(proto.false_receipt_slash_fraction, "100000000000000000");
        assert_eq!(proto.min_challenge_bond, "10000000000000000000");
    }

    #[test]
    fn params_without_the_challenge_fields_load_with_their_defaults() {
        let mut v = serde_json::to_value(Params::default()).unwrap();
        let o = v.as_object_mut().unwrap();
        for k in [
            "challenge_window_secs",
            "min_challenge_bond",
            "max_challenge_output_bytes",
            "challenge_deadline_blocks",
            "false_receipt_slash_fraction",
            "challenger_reward_share",
            "max_open_challenges",
            "max_releases_per_block",
            "withdrawal_delay_secs",
        ] {
            assert!(o.remove(k).is_some(), "{k}");
        }
        let p: Params = serde_json::from_value(v).unwrap();
        assert_eq!(p, Params::default());
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let d = Params::default;
        let bad = [
            Params {
                creator_share: Dec::percent(71),
                ..d()
            },
            Params {
                data_share: Dec::percent(19),
                ..d()
            },
            Params {
                creator_share: Dec::percent(101),
                stakers_share: Dec::ZERO,
                data_share: Dec::ZERO,
                ..d()
            },
            Params {
                max_attribution_entries: 0,
                ..d()
            },
            Params {
                max_attribution_entries: 1025,
                ..d()
            },
            Params {
                min_operator_bond: 0,
                ..d()
            },
            Params {
                operator_unbonding_time: 0,
                ..d()
            },
            Params {
                operator_unbonding_time: 31_536_001,
                ..d()
            },
            Params {
                max_models_per_operator: 1025,
                ..d()
            },
            Params {
                max_endpoint_len: 4097,
                ..d()
            },
            Params {
                max_request_id_len: 0,
                ..d()
            },
            Params {
                max_tokens_per_inference: 0,
                ..d()
            },
            Params {
                max_unbondings_per_block: 10_001,
                ..d()
            },
            Params {
                challenge_window_secs: 0,
                ..d()
            },
            Params {
                withdrawal_delay_secs: 0,
                ..d()
            },
            Params {
                withdrawal_delay_secs: 31_536_001,
                ..d()
            },
            Params {
                challenge_window_secs: 31_536_001,
                ..d()
            },
            Params {
                min_challenge_bond: 0,
                ..d()
            },
            Params {
                max_challenge_output_bytes: 0,
                ..d()
            },
            Params {
                max_challenge_output_bytes: 1_048_577,
                ..d()
            },
            Params {
                challenge_deadline_blocks: 0,
                ..d()
            },
            Params {
                challenge_deadline_blocks: 100_001,
                ..d()
            },
            Params {
                false_receipt_slash_fraction: Dec::percent(101),
                ..d()
            },
            Params {
                challenger_reward_share: Dec::percent(101),
                ..d()
            },
            Params {
                max_open_challenges: 0,
                ..d()
            },
            Params {
                max_open_challenges: 1001,
                ..d()
            },
            Params {
                max_releases_per_block: 0,
                ..d()
            },
            Params {
                max_releases_per_block: 100_001,
                ..d()
            },
            Params {
                engine: EngineParams {
                    version: 2,
                    ..EngineParams::default()
                },
                ..d()
            },
            Params {
                engine: EngineParams {
                    min_span: 0,
                    ..EngineParams::default()
                },
                ..d()
            },
            Params {
                engine: EngineParams {
                    normalization: "nfkc".into(),
                    ..EngineParams::default()
                },
                ..d()
            },
        ];
        for p in bad {
            assert!(
                matches!(p.validate(), Err(AttributionError::InvalidParams(_))),
                "{p:?}"
            );
        }
        // a platform fee of 0 and a share of 0 are allowed, and so are a slash fraction and a
        // challenger reward share of 0 or 1
        Params {
            platform_fee: 0,
            creator_share: Dec::percent(80),
            stakers_share: Dec::ZERO,
            false_receipt_slash_fraction: Dec::ZERO,
            challenger_reward_share: Dec::ONE,
            ..d()
        }
        .validate()
        .unwrap();
        let mut proto = d().to_proto();
        proto.challenge_window_secs = 0;
        assert!(matches!(
            Params::from_proto(&proto),
            Err(AttributionError::InvalidParams(_))
        ));
        let mut proto = d().to_proto();
        proto.creator_share = "0.7".into();
        assert!(matches!(
            Params::from_proto(&proto),
            Err(AttributionError::InvalidParams(_))
        ));
        let mut proto = d().to_proto();
        proto.platform_fee = "-1".into();
        assert!(Params::from_proto(&proto).is_err());
        let mut proto = d().to_proto();
        proto.engine = None;
        assert!(matches!(
            Params::from_proto(&proto),
            Err(AttributionError::InvalidParams(_))
        ));
    }
}
