//! Domain types: an adapter, a serving declaration and an uptime claim, each with its
//! protobuf form, and the syntax checks of adapter hashes and SPDX licence expressions.

use openledger_framework::coin::{amount_string, parse_amount};
use openledger_framework::Address;
use serde::{Deserialize, Serialize};

use crate::error::AdaptersError;
use crate::proto;

/// Largest adapter hash, in bytes (128 hex digits).
pub const MAX_HASH_BYTES: usize = 64;
/// Longest SPDX id in a licence expression.
pub const MAX_LICENCE_ID_LEN: usize = 64;
/// Most SPDX ids in one licence expression (joined by `OR`, `AND` or `WITH`).
pub const MAX_LICENCE_IDS: usize = 8;
/// Largest uptime claim: 100% in basis points.
pub const MAX_UPTIME_BPS: u32 = 10_000;

/// What registering an adapter records (the contract with the finetune module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdapterSpec {
    /// Lowercase hex, 1..=64 bytes.
    pub hash: String,
    pub model_id: u64,
    /// 0 = not yet published as a version.
    pub model_version: u64,
    pub base_model: String,
    pub rank: u32,
    pub size_bytes: u64,
    /// SPDX id.
    pub licence: String,
    /// 0 = none.
    pub job_id: u64,
    pub owner: Address,
}

/// A registered adapter: its spec and the height it was registered at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    pub hash: String,
    pub model_id: u64,
    pub model_version: u64,
    pub base_model: String,
    pub rank: u32,
    pub size_bytes: u64,
    pub licence: String,
    pub job_id: u64,
    pub owner: Address,
    pub height: u64,
}

impl Adapter {
    pub fn from_spec(spec: AdapterSpec, height: u64) -> Adapter {
        Adapter {
            hash: spec.hash,
            model_id: spec.model_id,
            model_version: spec.model_version,
            base_model: spec.base_model,
            rank: spec.rank,
            size_bytes: spec.size_bytes,
            licence: spec.licence,
            job_id: spec.job_id,
            owner: spec.owner,
            height,
        }
    }

    pub fn to_proto(&self) -> proto::Adapter {
        proto::Adapter {
            hash: self.hash.clone(),
            model_id: self.model_id,
            model_version: self.model_version,
            base_model: self.base_model.clone(),
            rank: self.rank,
            size_bytes: self.size_bytes,
            licence: self.licence.clone(),
            job_id: self.job_id,
            owner: self.owner.to_string(),
            height: self.height,
        }
    }

    pub fn from_proto(p: &proto::Adapter) -> Result<Adapter, AdaptersError> {
        Ok(Adapter {
            hash: p.hash.clone(),
            model_id: p.model_id,
            model_version: p.model_version,
            base_model: p.base_model.clone(),
            rank: p.rank,
            size_bytes: p.size_bytes,
            licence: p.licence.clone(),
            job_id: p.job_id,
            owner: p.owner.parse()?,
            height: p.height,
        })
    }
}

/// An operator serving an adapter, with its price ceiling in aopen per 1000 tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServingEntry {
    pub operator: Address,
    pub adapter_hash: String,
    #[serde(with = "amount_string")]
    pub price_ceiling_per_1k: u128,
    pub height: u64,
}

impl ServingEntry {
    pub fn to_proto(&self) -> proto::ServingEntry {
        proto::ServingEntry {
            operator: self.operator.to_string(),
            adapter_hash: self.adapter_hash.clone(),
            price_ceiling_per_1k: self.price_ceiling_per_1k.to_string(),
            height: self.height,
        }
    }

    pub fn from_proto(p: &proto::ServingEntry) -> Result<ServingEntry, AdaptersError> {
        Ok(ServingEntry {
            operator: p.operator.parse()?,
            adapter_hash: p.adapter_hash.clone(),
            price_ceiling_per_1k: parse_ceiling(&p.price_ceiling_per_1k)?,
            height: p.height,
        })
    }
}

/// An operator's latest uptime claim (a statement, not a proof).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UptimeClaim {
    pub operator: Address,
    pub window_start_height: u64,
    pub window_end_height: u64,
    pub uptime_bps: u32,
    pub height: u64,
}

impl UptimeClaim {
    pub fn to_proto(&self) -> proto::UptimeClaim {
        proto::UptimeClaim {
            operator: self.operator.to_string(),
            window_start_height: self.window_start_height,
            window_end_height: self.window_end_height,
            uptime_bps: self.uptime_bps,
            height: self.height,
        }
    }

    pub fn from_proto(p: &proto::UptimeClaim) -> Result<UptimeClaim, AdaptersError> {
        Ok(UptimeClaim {
            operator: p.operator.parse()?,
            window_start_height: p.window_start_height,
            window_end_height: p.window_end_height,
            uptime_bps: p.uptime_bps,
            height: p.height,
        })
    }

    /// start <= end <= `height` (the height the claim is made at), bps at most 10000.
    pub fn check(&self) -> Result<(), AdaptersError> {
        if self.window_start_height > self.window_end_height {
            return Err(AdaptersError::InvalidWindow(format!(
                "start {} is after end {}",
                self.window_start_height, self.window_end_height
            )));
        }
        if self.window_end_height > self.height {
            return Err(AdaptersError::InvalidWindow(format!(
                "end {} is after the current height {}",
                self.window_end_height, self.height
            )));
        }
        if self.uptime_bps > MAX_UPTIME_BPS {
            return Err(AdaptersError::InvalidUptime(self.uptime_bps));
        }
        Ok(())
    }
}

/// A price ceiling: a decimal integer string of aopen.
pub fn parse_ceiling(s: &str) -> Result<u128, AdaptersError> {
    parse_amount(s).map_err(|e| AdaptersError::InvalidCeiling(format!("{s:?}: {e}")))
}

/// An adapter hash: lowercase hex of 1 to 64 bytes.
pub fn check_hash(hash: &str) -> Result<(), AdaptersError> {
    if hash.is_empty() {
        return Err(AdaptersError::InvalidHash("empty".into()));
    }
    if !hash.len().is_multiple_of(2) {
        return Err(AdaptersError::InvalidHash(
            "odd number of hex digits".into(),
        ));
    }
    if hash.len() > MAX_HASH_BYTES * 2 {
        return Err(AdaptersError::InvalidHash(format!(
            "{} bytes, at most {MAX_HASH_BYTES}",
            hash.len() / 2
        )));
    }
    if !hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(AdaptersError::InvalidHash("not lowercase hex".into()));
    }
    Ok(())
}

fn is_operator(token: &str) -> bool {
    matches!(token, "OR" | "AND" | "WITH")
}

fn is_licence_id(token: &str) -> bool {
    (1..=MAX_LICENCE_ID_LEN).contains(&token.len())
        && !is_operator(token)
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
}

/// An SPDX licence expression without parentheses: ids of `[A-Za-z0-9.+-]{1,64}` joined by
/// `OR`, `AND` or `WITH` (single spaces), at most [`MAX_LICENCE_IDS`] ids; `max_len` bytes.
/// The syntax only: whether an id is on the SPDX list is for readers to judge.
pub fn check_licence(licence: &str, max_len: u64) -> Result<(), AdaptersError> {
    crate::params::check_len("licence", licence, max_len)?;
    let invalid = || AdaptersError::InvalidLicence(licence.to_string());
    let tokens: Vec<&str> = licence.split(' ').collect();
    if tokens.len().is_multiple_of(2) || tokens.len() > MAX_LICENCE_IDS.saturating_mul(2) {
        return Err(invalid());
    }
    for (i, token) in tokens.iter().enumerate() {
        let ok = if i % 2 == 0 {
            is_licence_id(token)
        } else {
            is_operator(token)
        };
        if !ok {
            return Err(invalid());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes() {
        check_hash("ab").unwrap();
        check_hash(&"0f".repeat(64)).unwrap();
        for bad in ["", "a", "AB", "zz", &"00".repeat(65)] {
            assert!(
                matches!(check_hash(bad), Err(AdaptersError::InvalidHash(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn licences() {
        for ok in [
            "MIT",
            "Apache-2.0",
            "GPL-2.0+",
            "MIT OR Apache-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "LicenseRef-my.licence",
        ] {
            check_licence(ok, 128).unwrap();
        }
        for bad in [
            "",
            " MIT",
            "MIT ",
            "MIT  OR Apache-2.0",
            "MIT OR",
            "OR",
            "MIT Apache-2.0",
            "(MIT OR Apache-2.0)",
            "MIT/Apache",
            "a OR b OR c OR d OR e OR f OR g OR h OR i",
        ] {
            assert!(check_licence(bad, 128).is_err(), "{bad:?}");
        }
        assert!(matches!(
            check_licence("Apache-2.0", 5),
            Err(AdaptersError::TooLong { .. })
        ));
        assert!(check_licence(&"a".repeat(65), 128).is_err());
    }

    #[test]
    fn uptime_claim_checks() {
        let c = UptimeClaim {
            operator: Address([1; 20]),
            window_start_height: 5,
            window_end_height: 9,
            uptime_bps: 9_990,
            height: 10,
        };
        c.check().unwrap();
        assert_eq!(UptimeClaim::from_proto(&c.to_proto()).unwrap(), c);
        let late = UptimeClaim {
            window_end_height: 11,
            ..c.clone()
        };
        assert!(matches!(late.check(), Err(AdaptersError::InvalidWindow(_))));
        let reversed = UptimeClaim {
            window_start_height: 10,
            ..c.clone()
        };
        assert!(matches!(
            reversed.check(),
            Err(AdaptersError::InvalidWindow(_))
        ));
        let over = UptimeClaim {
            uptime_bps: 10_001,
            ..c
        };
        assert!(matches!(
            over.check(),
            Err(AdaptersError::InvalidUptime(10_001))
        ));
    }
}
