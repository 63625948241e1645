//! Governance parameters: the SDK's `cosmos.gov.v1.Params` subset OpenLedger supports, the
//! limits of proposal content, and the gOPEN unlock rules. Every value `validate` accepts keeps
//! the chain live.

use borsh::{BorshDeserialize, BorshSerialize};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::tendermint::google::protobuf::Duration;
use openledger_framework::{Coin, Coins, Dec, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::GovError;

/// One year: the longest deposit period, voting period and unlock delay.
pub const MAX_PERIOD_SECS: u64 = 31_536_000;

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Total deposit that moves a proposal into its voting period.
    pub min_deposit: Coins,
    pub max_deposit_period_secs: u64,
    pub voting_period_secs: u64,
    /// Minimum share of the total gOPEN power that must vote.
    pub quorum: Dec,
    /// Share of non-abstaining power voting yes above which a proposal passes.
    pub threshold: Dec,
    /// Share of voting power voting no-with-veto above which a proposal is vetoed.
    pub veto_threshold: Dec,
    /// Share of `min_deposit` the initial deposit of a proposal must reach.
    pub min_initial_deposit_ratio: Dec,
    pub burn_vote_quorum: bool,
    pub burn_proposal_deposit_prevote: bool,
    pub burn_vote_veto: bool,
    pub max_messages: u32,
    pub max_metadata_len: u64,
    pub max_title_len: u64,
    pub max_summary_len: u64,
    /// Delay between `MsgBeginUnlock` and the payout of the OPEN.
    pub unlock_delay_secs: u64,
    /// Most pending unlock entries per account.
    pub max_unlock_entries: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            // 1000 OPEN
            min_deposit: Coins::new(vec![Coin::new(BASE_DENOM, 1_000_000_000_000_000_000_000)])
                .unwrap_or_default(),
            max_deposit_period_secs: 172_800,
            voting_period_secs: 172_800,
            quorum: Dec::permille(334),
            threshold: Dec::permille(500),
            veto_threshold: Dec::permille(334),
            min_initial_deposit_ratio: Dec::ZERO,
            burn_vote_quorum: false,
            burn_proposal_deposit_prevote: false,
            burn_vote_veto: true,
            max_messages: 16,
            max_metadata_len: 255,
            max_title_len: 140,
            max_summary_len: 10_000,
            unlock_delay_secs: 604_800,
            max_unlock_entries: 7,
        }
    }
}

impl Params {
    pub fn validate(&self) -> Result<(), GovError> {
        let bad = |m: &str| Err(GovError::InvalidParams(m.to_string()));
        if self.min_deposit.is_empty() {
            return bad("min_deposit must not be empty");
        }
        // JSON does not check coin lists: re-check sorting, denoms and positive amounts.
        if let Err(e) = Coins::new(self.min_deposit.clone().into_vec()) {
            return Err(GovError::InvalidParams(format!("min_deposit: {e}")));
        }
        let period = 1..=MAX_PERIOD_SECS;
        if !period.contains(&self.max_deposit_period_secs) {
            return bad("max_deposit_period must be between 1s and 1 year");
        }
        if !period.contains(&self.voting_period_secs) {
            return bad("voting_period must be between 1s and 1 year");
        }
        if !period.contains(&self.unlock_delay_secs) {
            return bad("unlock_delay must be between 1s and 1 year");
        }
        if self.quorum > Dec::ONE {
            return bad("quorum must be in 0..=1");
        }
        if self.threshold.is_zero() || self.threshold > Dec::ONE {
            return bad("threshold must be in (0, 1]");
        }
        if self.veto_threshold.is_zero() || self.veto_threshold > Dec::ONE {
            return bad("veto_threshold must be in (0, 1]");
        }
        if self.min_initial_deposit_ratio > Dec::ONE {
            return bad("min_initial_deposit_ratio must be in 0..=1");
        }
        if self.max_messages > 64 {
            return bad("max_messages must be in 0..=64");
        }
        if self.max_metadata_len > 10_240 {
            return bad("max_metadata_len must be in 0..=10240");
        }
        if !(1..=1_024).contains(&self.max_title_len) {
            return bad("max_title_len must be in 1..=1024");
        }
        if !(1..=100_000).contains(&self.max_summary_len) {
            return bad("max_summary_len must be in 1..=100000");
        }
        if !(1..=100).contains(&self.max_unlock_entries) {
            return bad("max_unlock_entries must be in 1..=100");
        }
        Ok(())
    }

    /// The SDK's `cosmos.gov.v1.Params`. Expedited and cancel fields are left unset.
    pub fn to_proto(&self) -> pb::Params {
        pb::Params {
            min_deposit: proto_coins(&self.min_deposit),
            max_deposit_period: Some(duration(self.max_deposit_period_secs)),
            voting_period: Some(duration(self.voting_period_secs)),
            quorum: self.quorum.to_string(),
            threshold: self.threshold.to_string(),
            veto_threshold: self.veto_threshold.to_string(),
            min_initial_deposit_ratio: self.min_initial_deposit_ratio.to_string(),
            proposal_cancel_ratio: String::new(),
            proposal_cancel_dest: String::new(),
            expedited_voting_period: None,
            expedited_threshold: String::new(),
            expedited_min_deposit: Vec::new(),
            burn_vote_quorum: self.burn_vote_quorum,
            burn_proposal_deposit_prevote: self.burn_proposal_deposit_prevote,
            burn_vote_veto: self.burn_vote_veto,
            min_deposit_ratio: String::new(),
        }
    }

    /// Apply the SDK-shaped params of a `MsgUpdateParams` on top of `self`. The fields the SDK
    /// message cannot express (content limits, gOPEN rules) keep their current values. The
    /// expedited, cancel and min-deposit-ratio fields must be unset or zero.
    pub fn with_proto(&self, p: &pb::Params) -> Result<Params, GovError> {
        let bad = |m: String| GovError::InvalidParams(m);
        let dec = |name: &str, s: &str| -> Result<Dec, GovError> {
            s.parse::<Dec>().map_err(|e| bad(format!("{name}: {e}")))
        };
        let unset_dec = |name: &str, s: &str| -> Result<(), GovError> {
            if s.is_empty() || dec(name, s)?.is_zero() {
                Ok(())
            } else {
                Err(bad(format!("{name} is not supported and must be unset")))
            }
        };
        unset_dec("proposal_cancel_ratio", &p.proposal_cancel_ratio)?;
        unset_dec("expedited_threshold", &p.expedited_threshold)?;
        unset_dec("min_deposit_ratio", &p.min_deposit_ratio)?;
        if !p.proposal_cancel_dest.is_empty() {
            return Err(bad("proposal_cancel_dest is not supported".into()));
        }
        if !p.expedited_min_deposit.is_empty()
            || p.expedited_voting_period
                .as_ref()
                .is_some_and(|d| d.seconds != 0 || d.nanos != 0)
        {
            return Err(bad("expedited proposals are not supported".into()));
        }
        let next = Params {
            min_deposit: coins_from_proto(&p.min_deposit)?,
            max_deposit_period_secs: duration_secs("max_deposit_period", &p.max_deposit_period)?,
            voting_period_secs: duration_secs("voting_period", &p.voting_period)?,
            quorum: dec("quorum", &p.quorum)?,
            threshold: dec("threshold", &p.threshold)?,
            veto_threshold: dec("veto_threshold", &p.veto_threshold)?,
            min_initial_deposit_ratio: if p.min_initial_deposit_ratio.is_empty() {
                Dec::ZERO
            } else {
                dec("min_initial_deposit_ratio", &p.min_initial_deposit_ratio)?
            },
            burn_vote_quorum: p.burn_vote_quorum,
            burn_proposal_deposit_prevote: p.burn_proposal_deposit_prevote,
            burn_vote_veto: p.burn_vote_veto,
            ..self.clone()
        };
        next.validate()?;
        Ok(next)
    }
}

fn duration(secs: u64) -> Duration {
    Duration {
        seconds: i64::try_from(secs).unwrap_or(i64::MAX),
        nanos: 0,
    }
}

fn duration_secs(name: &str, d: &Option<Duration>) -> Result<u64, GovError> {
    let d = d
        .as_ref()
        .ok_or_else(|| GovError::InvalidParams(format!("{name} must be set")))?;
    if d.nanos != 0 {
        return Err(GovError::InvalidParams(format!(
            "{name} must be whole seconds"
        )));
    }
    u64::try_from(d.seconds)
        .map_err(|_| GovError::InvalidParams(format!("{name} must not be negative")))
}

pub(crate) fn proto_coins(c: &Coins) -> Vec<PbCoin> {
    c.iter()
        .map(|c| PbCoin {
            denom: c.denom.clone(),
            amount: c.amount.to_string(),
        })
        .collect()
}

/// Validated coins (sorted, positive, valid denoms); empty is allowed.
pub(crate) fn coins_from_proto(c: &[PbCoin]) -> Result<Coins, GovError> {
    Ok(Coins::from_proto(c)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip_through_the_sdk_shape() {
        let p = Params::default();
        p.validate().unwrap();
        let pb = p.to_proto();
        assert_eq!(pb.quorum, "0.334000000000000000");
        assert_eq!(pb.min_deposit[0].amount, "1000000000000000000000");
        assert_eq!(pb.max_deposit_period.as_ref().unwrap().seconds, 172_800);
        assert_eq!(p.with_proto(&pb).unwrap(), p);
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let base = Params::default();
        type Edit = Box<dyn Fn(&mut Params)>;
        let cases: Vec<Edit> = vec![
            Box::new(|p| p.min_deposit = Coins::default()),
            Box::new(|p| p.max_deposit_period_secs = 0),
            Box::new(|p| p.voting_period_secs = MAX_PERIOD_SECS + 1),
            Box::new(|p| p.unlock_delay_secs = 0),
            Box::new(|p| p.quorum = Dec::from_atomics(Dec::ONE.atomics() + 1)),
            Box::new(|p| p.threshold = Dec::ZERO),
            Box::new(|p| p.veto_threshold = Dec::ZERO),
            Box::new(|p| p.min_initial_deposit_ratio = Dec::percent(101)),
            Box::new(|p| p.max_messages = 65),
            Box::new(|p| p.max_title_len = 0),
            Box::new(|p| p.max_summary_len = 0),
            Box::new(|p| p.max_unlock_entries = 0),
            Box::new(|p| p.max_unlock_entries = 101),
        ];
        for (i, f) in cases.iter().enumerate() {
            let mut p = base.clone();
            f(&mut p);
            assert!(
                matches!(p.validate(), Err(GovError::InvalidParams(_))),
                "case {i}"
            );
        }
    }

    #[test]
    fn sdk_params_with_unsupported_fields_are_refused() {
        let p = Params::default();
        let mut pb = p.to_proto();
        pb.expedited_threshold = "0.667".into();
        assert!(p.with_proto(&pb).is_err());
        let mut pb = p.to_proto();
        pb.expedited_threshold = "0.000000000000000000".into();
        pb.voting_period = Some(Duration {
            seconds: 10,
            nanos: 5,
        });
        assert!(p.with_proto(&pb).is_err());
        let mut pb = p.to_proto();
        pb.quorum = "1.5".into();
        assert!(p.with_proto(&pb).is_err());
        let mut pb = p.to_proto();
        pb.voting_period = Some(Duration {
            seconds: 60,
            nanos: 0,
        });
        pb.burn_vote_quorum = true;
        let next = p.with_proto(&pb).unwrap();
        assert_eq!(next.voting_period_secs, 60);
        assert!(next.burn_vote_quorum);
        assert_eq!(next.max_unlock_entries, p.max_unlock_entries);
    }
}
