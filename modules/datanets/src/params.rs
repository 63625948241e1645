//! Datanets parameters. Every value `validate` accepts keeps the chain live: limits have hard
//! upper bounds so no message, publish or genesis import can grow without bound.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::Dec;
use serde::{Deserialize, Serialize};

use crate::error::DatanetsError;
use crate::proto;

/// 1 GiB: the largest `max_contribution_bytes`.
pub const MAX_CONTRIBUTION_BYTES_LIMIT: u64 = 1 << 30;
/// Most characters (bytes) of one tag.
pub const MAX_TAG_LEN: usize = 32;
/// Hard bounds of the list params, whatever governance sets.
pub const MAX_TAGS_LIMIT: u32 = 32;
pub const MAX_CURATORS_LIMIT: u32 = 100;
pub const MAX_ALLOW_LIST_LIMIT: u32 = 10_000;
/// Hard bounds of the text params.
pub const MAX_URI_LEN_LIMIT: u64 = 4_096;
pub const MAX_METADATA_LEN_LIMIT: u64 = 65_536;
pub const MAX_NAME_LEN_LIMIT: u64 = 256;
pub const MAX_SUMMARY_LEN_LIMIT: u64 = 4_096;
pub const MAX_DESCRIPTION_LEN_LIMIT: u64 = 65_536;
/// Hard bounds of the commitment and price-delay params.
pub const MAX_COMMITMENT_TTL_LIMIT: u64 = 100_000;
pub const MAX_OPEN_COMMITMENTS_LIMIT: u32 = 64;
pub const MAX_PRICE_INCREASE_DELAY_LIMIT: u64 = 1_000_000;

/// 1 OPEN in aopen.
pub const ONE_OPEN: u128 = 1_000_000_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Smallest bond a datanet may ask of each contribution (aopen).
    #[serde(with = "amount_string")]
    pub min_contribution_bond: u128,
    /// Smallest fee per byte a datanet may ask (aopen).
    #[serde(with = "amount_string")]
    pub min_fee_per_byte: u128,
    /// Largest contribution, in bytes: 1..=1 GiB.
    pub max_contribution_bytes: u64,
    pub max_uri_len: u64,
    /// Contribution metadata and curation notes.
    pub max_metadata_len: u64,
    /// Datanet names and licences.
    pub max_name_len: u64,
    /// Datanet summaries and version notes.
    pub max_summary_len: u64,
    pub max_description_len: u64,
    pub max_tags: u32,
    pub max_curators: u32,
    pub max_allow_list: u32,
    /// Share of the bond burned when a contribution is rejected as adversarial or spam.
    pub reject_slash_fraction: Dec,
    /// Added to the contributor's penalty score on such a rejection.
    pub penalty_per_rejection: u64,
    /// Penalty score from which a contributor's rewards are multiplied by
    /// `penalty_reward_multiplier`.
    pub penalty_threshold: u64,
    pub penalty_reward_multiplier: Dec,
    /// Blocks after its block during which a contribution commitment can be revealed.
    #[serde(default = "default_commitment_ttl")]
    pub commitment_ttl_blocks: u64,
    /// Most unexpired commitments one address may hold.
    #[serde(default = "default_max_open_commitments")]
    pub max_open_commitments: u32,
    /// Blocks before a raised access price takes effect.
    #[serde(default = "default_price_increase_delay")]
    pub price_increase_delay_blocks: u64,
}

fn default_commitment_ttl() -> u64 {
    600
}

fn default_max_open_commitments() -> u32 {
    16
}

fn default_price_increase_delay() -> u64 {
    600
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_contribution_bond: ONE_OPEN,
            min_fee_per_byte: 1_000,
            max_contribution_bytes: 5_242_880,
            max_uri_len: 512,
            max_metadata_len: 2_048,
            max_name_len: 64,
            max_summary_len: 280,
            max_description_len: 4_096,
            max_tags: 10,
            max_curators: 20,
            max_allow_list: 1_000,
            reject_slash_fraction: Dec::percent(50),
            penalty_per_rejection: 1,
            penalty_threshold: 3,
            penalty_reward_multiplier: Dec::percent(50),
            commitment_ttl_blocks: default_commitment_ttl(),
            max_open_commitments: default_max_open_commitments(),
            price_increase_delay_blocks: default_price_increase_delay(),
        }
    }
}

impl Params {
    pub fn validate(&self) -> Result<(), DatanetsError> {
        fn check<T: PartialOrd + std::fmt::Display>(
            name: &str,
            v: T,
            lo: T,
            hi: T,
        ) -> Result<(), DatanetsError> {
            if v < lo || v > hi {
                return Err(DatanetsError::InvalidParams(format!(
                    "{name} must be in {lo}..={hi}, got {v}"
                )));
            }
            Ok(())
        }
        check(
            "max_contribution_bytes",
            self.max_contribution_bytes,
            1,
            MAX_CONTRIBUTION_BYTES_LIMIT,
        )?;
        check("max_uri_len", self.max_uri_len, 1, MAX_URI_LEN_LIMIT)?;
        check(
            "max_metadata_len",
            self.max_metadata_len,
            0,
            MAX_METADATA_LEN_LIMIT,
        )?;
        check("max_name_len", self.max_name_len, 1, MAX_NAME_LEN_LIMIT)?;
        check(
            "max_summary_len",
            self.max_summary_len,
            0,
            MAX_SUMMARY_LEN_LIMIT,
        )?;
        check(
            "max_description_len",
            self.max_description_len,
            0,
            MAX_DESCRIPTION_LEN_LIMIT,
        )?;
        check("max_tags", self.max_tags, 0, MAX_TAGS_LIMIT)?;
        check("max_curators", self.max_curators, 0, MAX_CURATORS_LIMIT)?;
        check(
            "max_allow_list",
            self.max_allow_list,
            0,
            MAX_ALLOW_LIST_LIMIT,
        )?;
        check(
            "reject_slash_fraction",
            self.reject_slash_fraction,
            Dec::ZERO,
            Dec::ONE,
        )?;
        check(
            "penalty_reward_multiplier",
            self.penalty_reward_multiplier,
            Dec::ZERO,
            Dec::ONE,
        )?;
        check("penalty_threshold", self.penalty_threshold, 1, u64::MAX)?;
        check(
            "commitment_ttl_blocks",
            self.commitment_ttl_blocks,
            1,
            MAX_COMMITMENT_TTL_LIMIT,
        )?;
        check(
            "max_open_commitments",
            self.max_open_commitments,
            1,
            MAX_OPEN_COMMITMENTS_LIMIT,
        )?;
        check(
            "price_increase_delay_blocks",
            self.price_increase_delay_blocks,
            1,
            MAX_PRICE_INCREASE_DELAY_LIMIT,
        )?;
        Ok(())
    }

    /// The reward multiplier of a contributor with `penalty_score`: 1 below the threshold,
    /// `penalty_reward_multiplier` at or above it.
    pub fn reward_multiplier(&self, penalty_score: u64) -> Dec {
        if penalty_score >= self.penalty_threshold {
            self.penalty_reward_multiplier
        } else {
            Dec::ONE
        }
    }

    pub fn to_proto(&self) -> proto::Params {
        proto::Params {
            min_contribution_bond: self.min_contribution_bond.to_string(),
            min_fee_per_byte: self.min_fee_per_byte.to_string(),
            max_contribution_bytes: self.max_contribution_bytes,
            max_uri_len: self.max_uri_len,
            max_metadata_len: self.max_metadata_len,
            max_name_len: self.max_name_len,
            max_summary_len: self.max_summary_len,
            max_description_len: self.max_description_len,
            max_tags: self.max_tags,
            max_curators: self.max_curators,
            max_allow_list: self.max_allow_list,
            reject_slash_fraction: self.reject_slash_fraction.to_proto_string(),
            penalty_per_rejection: self.penalty_per_rejection,
            penalty_threshold: self.penalty_threshold,
            penalty_reward_multiplier: self.penalty_reward_multiplier.to_proto_string(),
            commitment_ttl_blocks: self.commitment_ttl_blocks,
            max_open_commitments: self.max_open_commitments,
            price_increase_delay_blocks: self.price_increase_delay_blocks,
        }
    }

    /// Parse and validate the protobuf form.
    pub fn from_proto(p: &proto::Params) -> Result<Params, DatanetsError> {
        let amount = |name: &str, s: &str| {
            parse_amount(s).map_err(|e| DatanetsError::InvalidParams(format!("{name}: {e}")))
        };
        let dec = |name: &str, s: &str| {
            Dec::from_proto_str(s).map_err(|e| DatanetsError::InvalidParams(format!("{name}: {e}")))
        };
        let params = Params {
            min_contribution_bond: amount("min_contribution_bond", &p.min_contribution_bond)?,
            min_fee_per_byte: amount("min_fee_per_byte", &p.min_fee_per_byte)?,
            max_contribution_bytes: p.max_contribution_bytes,
            max_uri_len: p.max_uri_len,
            max_metadata_len: p.max_metadata_len,
            max_name_len: p.max_name_len,
            max_summary_len: p.max_summary_len,
            max_description_len: p.max_description_len,
            max_tags: p.max_tags,
            max_curators: p.max_curators,
            max_allow_list: p.max_allow_list,
            reject_slash_fraction: dec("reject_slash_fraction", &p.reject_slash_fraction)?,
            penalty_per_rejection: p.penalty_per_rejection,
            penalty_threshold: p.penalty_threshold,
            penalty_reward_multiplier: dec(
                "penalty_reward_multiplier",
                &p.penalty_reward_multiplier,
            )?,
            commitment_ttl_blocks: p.commitment_ttl_blocks,
            max_open_commitments: p.max_open_commitments,
            price_increase_delay_blocks: p.price_increase_delay_blocks,
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
        let pb = p.to_proto();
        assert_eq!(pb.min_contribution_bond, "1000000000000000000");
        assert_eq!(pb.reject_slash_fraction, "500000000000000000");
        assert_eq!(Params::from_proto(&pb).unwrap(), p);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["reject_slash_fraction"], "0.500000000000000000");
        assert_eq!(json["min_fee_per_byte"], "1000");
        let back: Params = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn multiplier_applies_at_the_threshold() {
        let p = Params::default();
        assert_eq!(p.reward_multiplier(2), Dec::ONE);
        assert_eq!(p.reward_multiplier(3), Dec::percent(50));
        assert_eq!(p.reward_multiplier(u64::MAX), Dec::percent(50));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        type Edit = Box<dyn Fn(&mut Params)>;
        let cases: Vec<Edit> = vec![
            Box::new(|p| p.max_contribution_bytes = 0),
            Box::new(|p| p.max_contribution_bytes = MAX_CONTRIBUTION_BYTES_LIMIT + 1),
            Box::new(|p| p.max_uri_len = 0),
            Box::new(|p| p.max_name_len = 0),
            Box::new(|p| p.max_description_len = MAX_DESCRIPTION_LEN_LIMIT + 1),
            Box::new(|p| p.max_tags = MAX_TAGS_LIMIT + 1),
            Box::new(|p| p.max_curators = MAX_CURATORS_LIMIT + 1),
            Box::new(|p| p.max_allow_list = MAX_ALLOW_LIST_LIMIT + 1),
            Box::new(|p| p.reject_slash_fraction = Dec::percent(101)),
            Box::new(|p| p.penalty_reward_multiplier = Dec::percent(101)),
            Box::new(|p| p.penalty_threshold = 0),
            Box::new(|p| p.commitment_ttl_blocks = 0),
            Box::new(|p| p.commitment_ttl_blocks = MAX_COMMITMENT_TTL_LIMIT + 1),
            Box::new(|p| p.max_open_commitments = 0),
            Box::new(|p| p.max_open_commitments = MAX_OPEN_COMMITMENTS_LIMIT + 1),
            Box::new(|p| p.price_increase_delay_blocks = 0),
            Box::new(|p| p.price_increase_delay_blocks = MAX_PRICE_INCREASE_DELAY_LIMIT + 1),
        ];
        for (i, f) in cases.iter().enumerate() {
            let mut p = Params::default();
            f(&mut p);
            assert!(
                matches!(p.validate(), Err(DatanetsError::InvalidParams(_))),
                "case {i}"
            );
            assert!(Params::from_proto(&p.to_proto()).is_err(), "case {i}");
        }
        // 1 GiB itself is allowed.
        let p = Params {
            max_contribution_bytes: MAX_CONTRIBUTION_BYTES_LIMIT,
            ..Params::default()
        };
        p.validate().unwrap();
    }
}
