//! Domain types of proposals, deposits and votes, stored as their `cosmos.gov.v1` protobuf
//! form so queries serve them unchanged.

use std::fmt;

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::Any;
use openledger_framework::coin::amount_string;
use openledger_framework::{Address, Coins, Dec};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::GovError;
use crate::params::{coins_from_proto, proto_coins};
use openledger_framework::time::Time;

/// The stage of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProposalStatus {
    DepositPeriod,
    VotingPeriod,
    Passed,
    Rejected,
    Failed,
}

impl ProposalStatus {
    pub fn to_proto(self) -> pb::ProposalStatus {
        match self {
            ProposalStatus::DepositPeriod => pb::ProposalStatus::DepositPeriod,
            ProposalStatus::VotingPeriod => pb::ProposalStatus::VotingPeriod,
            ProposalStatus::Passed => pb::ProposalStatus::Passed,
            ProposalStatus::Rejected => pb::ProposalStatus::Rejected,
            ProposalStatus::Failed => pb::ProposalStatus::Failed,
        }
    }

    pub fn from_proto(v: i32) -> Option<ProposalStatus> {
        match pb::ProposalStatus::try_from(v).ok()? {
            pb::ProposalStatus::DepositPeriod => Some(ProposalStatus::DepositPeriod),
            pb::ProposalStatus::VotingPeriod => Some(ProposalStatus::VotingPeriod),
            pb::ProposalStatus::Passed => Some(ProposalStatus::Passed),
            pb::ProposalStatus::Rejected => Some(ProposalStatus::Rejected),
            pb::ProposalStatus::Failed => Some(ProposalStatus::Failed),
            pb::ProposalStatus::Unspecified => None,
        }
    }

    /// Deposits are escrowed only while the proposal is in one of these two periods.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ProposalStatus::DepositPeriod | ProposalStatus::VotingPeriod
        )
    }
}

impl Serialize for ProposalStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.to_proto().as_str_name())
    }
}

impl<'de> Deserialize<'de> for ProposalStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        pb::ProposalStatus::from_str_name(&s)
            .and_then(|p| ProposalStatus::from_proto(p as i32))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown proposal status {s:?}")))
    }
}

/// A vote option (the SDK's `VoteOption` without `UNSPECIFIED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum VoteOption {
    Yes,
    Abstain,
    No,
    NoWithVeto,
}

impl VoteOption {
    pub fn to_proto(self) -> pb::VoteOption {
        match self {
            VoteOption::Yes => pb::VoteOption::Yes,
            VoteOption::Abstain => pb::VoteOption::Abstain,
            VoteOption::No => pb::VoteOption::No,
            VoteOption::NoWithVeto => pb::VoteOption::NoWithVeto,
        }
    }

    pub fn from_proto(v: i32) -> Result<VoteOption, GovError> {
        match pb::VoteOption::try_from(v) {
            Ok(pb::VoteOption::Yes) => Ok(VoteOption::Yes),
            Ok(pb::VoteOption::Abstain) => Ok(VoteOption::Abstain),
            Ok(pb::VoteOption::No) => Ok(VoteOption::No),
            Ok(pb::VoteOption::NoWithVeto) => Ok(VoteOption::NoWithVeto),
            _ => Err(GovError::InvalidVote(format!("option {v}"))),
        }
    }
}

impl Serialize for VoteOption {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.to_proto().as_str_name())
    }
}

impl<'de> Deserialize<'de> for VoteOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as Deserialize>::deserialize(d)?;
        let p = pb::VoteOption::from_str_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown vote option {s:?}")))?;
        VoteOption::from_proto(p as i32).map_err(serde::de::Error::custom)
    }
}

/// One option of a (possibly split) vote with its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedVoteOption {
    pub option: VoteOption,
    pub weight: Dec,
}

impl fmt::Display for WeightedVoteOption {
    /// The SDK's text form, used in the `option` attribute of `proposal_vote`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "option:{} weight:\"{}\"",
            self.option.to_proto().as_str_name(),
            self.weight
        )
    }
}

/// Options of a vote: non-empty, no option twice, every weight in (0, 1], weights summing to
/// exactly 1.
pub fn validate_options(options: &[WeightedVoteOption]) -> Result<(), GovError> {
    if options.is_empty() {
        return Err(GovError::InvalidVote("no vote options".into()));
    }
    let mut total = Dec::ZERO;
    for (i, o) in options.iter().enumerate() {
        if o.weight.is_zero() || o.weight > Dec::ONE {
            return Err(GovError::InvalidVote(o.to_string()));
        }
        if options.iter().take(i).any(|p| p.option == o.option) {
            return Err(GovError::InvalidVote("duplicated vote option".into()));
        }
        total = total
            .checked_add(o.weight)
            .ok_or_else(|| GovError::InvalidVote("total weight overflow 1.00".into()))?;
    }
    if total > Dec::ONE {
        return Err(GovError::InvalidVote("total weight overflow 1.00".into()));
    }
    if total < Dec::ONE {
        return Err(GovError::InvalidVote("total weight lower than 1.00".into()));
    }
    Ok(())
}

pub fn options_to_proto(options: &[WeightedVoteOption]) -> Vec<pb::WeightedVoteOption> {
    options
        .iter()
        .map(|o| pb::WeightedVoteOption {
            option: o.option.to_proto() as i32,
            weight: o.weight.to_string(),
        })
        .collect()
}

pub fn options_from_proto(
    options: &[pb::WeightedVoteOption],
) -> Result<Vec<WeightedVoteOption>, GovError> {
    options
        .iter()
        .map(|o| {
            Ok(WeightedVoteOption {
                option: VoteOption::from_proto(o.option)?,
                weight: o
                    .weight
                    .parse::<Dec>()
                    .map_err(|e| GovError::InvalidVote(e.to_string()))?,
            })
        })
        .collect()
}

/// Tally counts in aopen of gOPEN power.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyResult {
    #[serde(with = "amount_string")]
    pub yes_count: u128,
    #[serde(with = "amount_string")]
    pub abstain_count: u128,
    #[serde(with = "amount_string")]
    pub no_count: u128,
    #[serde(with = "amount_string")]
    pub no_with_veto_count: u128,
}

impl TallyResult {
    pub fn to_proto(self) -> pb::TallyResult {
        pb::TallyResult {
            yes_count: self.yes_count.to_string(),
            abstain_count: self.abstain_count.to_string(),
            no_count: self.no_count.to_string(),
            no_with_veto_count: self.no_with_veto_count.to_string(),
        }
    }

    pub fn from_proto(t: &pb::TallyResult) -> Result<TallyResult, GovError> {
        let n = |s: &str| -> Result<u128, GovError> {
            if s.is_empty() {
                return Ok(0);
            }
            openledger_framework::coin::parse_amount(s)
                .map_err(|e| GovError::InvalidProposal(format!("tally: {e}")))
        };
        Ok(TallyResult {
            yes_count: n(&t.yes_count)?,
            abstain_count: n(&t.abstain_count)?,
            no_count: n(&t.no_count)?,
            no_with_veto_count: n(&t.no_with_veto_count)?,
        })
    }
}

/// A message of a proposal in genesis JSON: its type URL and its protobuf bytes in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyJson {
    type_url: String,
    value: String,
}

mod any_list {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[Any], s: S) -> Result<S::Ok, S::Error> {
        let list: Vec<AnyJson> = v
            .iter()
            .map(|a| AnyJson {
                type_url: a.type_url.clone(),
                value: hex::encode(&a.value),
            })
            .collect();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Any>, D::Error> {
        let list = Vec::<AnyJson>::deserialize(d)?;
        list.into_iter()
            .map(|a| {
                Ok(Any {
                    type_url: a.type_url,
                    value: hex::decode(&a.value).map_err(serde::de::Error::custom)?,
                })
            })
            .collect()
    }
}

/// A governance proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub id: u64,
    /// Messages executed with the gov module account as signer if the proposal passes.
    #[serde(with = "any_list")]
    pub messages: Vec<Any>,
    pub status: ProposalStatus,
    /// Zero until the voting period ends.
    pub final_tally_result: TallyResult,
    pub submit_time: Time,
    pub deposit_end_time: Time,
    pub total_deposit: Coins,
    #[serde(default)]
    pub voting_start_time: Option<Time>,
    #[serde(default)]
    pub voting_end_time: Option<Time>,
    #[serde(default)]
    pub metadata: String,
    pub title: String,
    pub summary: String,
    pub proposer: Address,
    #[serde(default)]
    pub failed_reason: String,
}

impl Proposal {
    pub fn to_proto(&self) -> pb::Proposal {
        pb::Proposal {
            id: self.id,
            messages: self.messages.clone(),
            status: self.status.to_proto() as i32,
            final_tally_result: Some(self.final_tally_result.to_proto()),
            submit_time: Some(self.submit_time.to_proto()),
            deposit_end_time: Some(self.deposit_end_time.to_proto()),
            total_deposit: proto_coins(&self.total_deposit),
            voting_start_time: self.voting_start_time.map(Time::to_proto),
            voting_end_time: self.voting_end_time.map(Time::to_proto),
            metadata: self.metadata.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            proposer: self.proposer.to_string(),
            expedited: false,
            failed_reason: self.failed_reason.clone(),
        }
    }

    pub fn from_proto(p: &pb::Proposal) -> Result<Proposal, GovError> {
        let bad = |m: &str| GovError::InvalidProposal(format!("proposal {}: {m}", p.id));
        let time = |t: &Option<cosmos_sdk_proto::Timestamp>| -> Result<Option<Time>, GovError> {
            t.as_ref()
                .map(Time::from_proto)
                .transpose()
                .map_err(|e| bad(&e.to_string()))
        };
        let proposal = Proposal {
            id: p.id,
            messages: p.messages.clone(),
            status: ProposalStatus::from_proto(p.status).ok_or_else(|| bad("status"))?,
            final_tally_result: match &p.final_tally_result {
                Some(t) => TallyResult::from_proto(t)?,
                None => TallyResult::default(),
            },
            submit_time: time(&p.submit_time)?.ok_or_else(|| bad("no submit time"))?,
            deposit_end_time: time(&p.deposit_end_time)?
                .ok_or_else(|| bad("no deposit end time"))?,
            total_deposit: coins_from_proto(&p.total_deposit)?,
            voting_start_time: time(&p.voting_start_time)?,
            voting_end_time: time(&p.voting_end_time)?,
            metadata: p.metadata.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            proposer: p
                .proposer
                .parse()
                .map_err(|e: openledger_framework::AddressError| bad(&e.to_string()))?,
            failed_reason: p.failed_reason.clone(),
        };
        if p.expedited {
            return Err(bad("expedited proposals are not supported"));
        }
        proposal.check()?;
        Ok(proposal)
    }

    /// Consistency of the fields with the status.
    pub fn check(&self) -> Result<(), GovError> {
        let bad = |m: &str| {
            Err(GovError::InvalidProposal(format!(
                "proposal {}: {m}",
                self.id
            )))
        };
        if self.id == 0 {
            return bad("id 0");
        }
        if self.deposit_end_time < self.submit_time {
            return bad("deposit ends before submission");
        }
        match self.status {
            ProposalStatus::DepositPeriod => {
                if self.voting_start_time.is_some() || self.voting_end_time.is_some() {
                    return bad("voting times set during the deposit period");
                }
            }
            _ => match (self.voting_start_time, self.voting_end_time) {
                (Some(s), Some(e)) if s <= e => {}
                _ => return bad("voting period times missing or reversed"),
            },
        }
        Ok(())
    }
}

/// An escrowed deposit on a proposal in its deposit or voting period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deposit {
    pub proposal_id: u64,
    pub depositor: Address,
    pub amount: Coins,
}

impl Deposit {
    pub fn to_proto(&self) -> pb::Deposit {
        pb::Deposit {
            proposal_id: self.proposal_id,
            depositor: self.depositor.to_string(),
            amount: proto_coins(&self.amount),
        }
    }

    pub fn from_proto(d: &pb::Deposit) -> Result<Deposit, GovError> {
        Ok(Deposit {
            proposal_id: d.proposal_id,
            depositor: d.depositor.parse()?,
            amount: coins_from_proto(&d.amount)?,
        })
    }
}

/// A vote on a proposal in its voting period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub proposal_id: u64,
    pub voter: Address,
    pub options: Vec<WeightedVoteOption>,
    #[serde(default)]
    pub metadata: String,
}

impl Vote {
    pub fn to_proto(&self) -> pb::Vote {
        pb::Vote {
            proposal_id: self.proposal_id,
            voter: self.voter.to_string(),
            options: options_to_proto(&self.options),
            metadata: self.metadata.clone(),
        }
    }

    pub fn from_proto(v: &pb::Vote) -> Result<Vote, GovError> {
        Ok(Vote {
            proposal_id: v.proposal_id,
            voter: v.voter.parse()?,
            options: options_from_proto(&v.options)?,
            metadata: v.metadata.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(option: VoteOption, weight: &str) -> WeightedVoteOption {
        WeightedVoteOption {
            option,
            weight: weight.parse().unwrap(),
        }
    }

    #[test]
    fn vote_options_must_sum_to_one_without_duplicates() {
        use VoteOption::*;
        assert!(validate_options(&[w(Yes, "1")]).is_ok());
        assert!(validate_options(&[w(Yes, "0.5"), w(No, "0.5")]).is_ok());
        assert!(validate_options(&[
            w(Yes, "0.333333333333333333"),
            w(No, "0.333333333333333333"),
            w(Abstain, "0.333333333333333334")
        ])
        .is_ok());
        for bad in [
            vec![],
            vec![w(Yes, "0.5")],
            vec![w(Yes, "0.5"), w(Yes, "0.5")],
            vec![w(Yes, "0.7"), w(No, "0.4")],
            vec![w(Yes, "1"), w(No, "0")],
            vec![w(Yes, "1.5")],
        ] {
            let e = validate_options(&bad).unwrap_err();
            assert!(matches!(e, GovError::InvalidVote(_)), "{bad:?}");
        }
    }

    #[test]
    fn option_text_matches_the_sdk() {
        assert_eq!(
            w(VoteOption::Yes, "1").to_string(),
            "option:VOTE_OPTION_YES weight:\"1.000000000000000000\""
        );
        assert!(VoteOption::from_proto(0).is_err());
        assert!(VoteOption::from_proto(5).is_err());
    }
}
