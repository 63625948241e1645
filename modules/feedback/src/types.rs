//! The records of the module: validators, unbondings, rounds, commitments and results. Stored
//! with borsh; served and exported through their protobuf and JSON forms.

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::coin::amount_string;
use openledger_framework::Address;
use serde::{Deserialize, Serialize};

use crate::proto;

/// A registered feedback validator.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validator {
    pub address: Address,
    #[serde(with = "amount_string")]
    pub bond: u128,
    /// Unsettled rounds it committed to; it cannot unbond while this is not 0.
    pub open_rounds: u64,
}

impl Validator {
    pub fn to_proto(&self) -> proto::FeedbackValidator {
        proto::FeedbackValidator {
            address: self.address.to_string(),
            bond: self.bond.to_string(),
            open_rounds: self.open_rounds,
        }
    }
}

/// A bond on its way back to a validator that left.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unbonding {
    pub address: Address,
    #[serde(with = "amount_string")]
    pub amount: u128,
    pub completion_height: u64,
}

impl Unbonding {
    pub fn to_proto(&self) -> proto::Unbonding {
        proto::Unbonding {
            address: self.address.to_string(),
            amount: self.amount.to_string(),
            completion_height: self.completion_height,
        }
    }
}

/// A funded round.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub id: u64,
    pub creator: Address,
    pub model_id: u64,
    pub model_version: u64,
    #[serde(with = "amount_string")]
    pub reward: u128,
    pub item_hashes: Vec<String>,
    pub commit_deadline_height: u64,
    pub reveal_deadline_height: u64,
    pub settled: bool,
    pub commit_count: u64,
    pub reveal_count: u64,
    pub funded_height: u64,
}

impl Round {
    pub fn to_proto(&self) -> proto::Round {
        let status = if self.settled {
            proto::RoundStatus::Settled
        } else {
            proto::RoundStatus::Open
        };
        proto::Round {
            id: self.id,
            creator: self.creator.to_string(),
            model_id: self.model_id,
            model_version: self.model_version,
            reward: self.reward.to_string(),
            item_hashes: self.item_hashes.clone(),
            commit_deadline_height: self.commit_deadline_height,
            reveal_deadline_height: self.reveal_deadline_height,
            status: status as i32,
            commit_count: self.commit_count,
            reveal_count: self.reveal_count,
            funded_height: self.funded_height,
        }
    }
}

/// A validator's commitment in a round, and its scores once revealed.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub round_id: u64,
    pub validator: Address,
    /// sha256, lowercase hex in JSON.
    #[serde(with = "hex_32")]
    pub commitment: [u8; 32],
    /// The validator's bond at commit time: its weight in the round.
    #[serde(with = "amount_string")]
    pub stake: u128,
    pub revealed: bool,
    #[serde(default)]
    pub scores: Vec<u32>,
}

impl Commitment {
    pub fn to_proto(&self) -> proto::Commitment {
        proto::Commitment {
            round_id: self.round_id,
            validator: self.validator.to_string(),
            commitment: hex::encode(self.commitment),
            stake: self.stake.to_string(),
            revealed: self.revealed,
            scores: self.scores.clone(),
        }
    }
}

/// How one validator fared in a settled round.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub validator: Address,
    #[serde(with = "amount_string")]
    pub stake: u128,
    pub revealed: bool,
    pub distance: u32,
    pub agreement: u32,
    #[serde(with = "amount_string")]
    pub reward: u128,
    #[serde(with = "amount_string")]
    pub slashed: u128,
}

impl Outcome {
    pub fn to_proto(&self) -> proto::ValidatorOutcome {
        proto::ValidatorOutcome {
            validator: self.validator.to_string(),
            stake: self.stake.to_string(),
            revealed: self.revealed,
            distance: self.distance,
            agreement: self.agreement,
            reward: self.reward.to_string(),
            slashed: self.slashed.to_string(),
        }
    }
}

/// A settled round: the consensus per item is the version's alignment evidence.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundResult {
    pub round_id: u64,
    pub model_id: u64,
    pub model_version: u64,
    pub consensus: Vec<u32>,
    pub validators: Vec<Outcome>,
    #[serde(with = "amount_string")]
    pub paid: u128,
    #[serde(with = "amount_string")]
    pub refunded: u128,
    #[serde(with = "amount_string")]
    pub slashed: u128,
    pub settled_height: u64,
}

impl RoundResult {
    pub fn to_proto(&self) -> proto::RoundResult {
        proto::RoundResult {
            round_id: self.round_id,
            model_id: self.model_id,
            model_version: self.model_version,
            consensus: self.consensus.clone(),
            validators: self.validators.iter().map(Outcome::to_proto).collect(),
            paid: self.paid.to_string(),
            refunded: self.refunded.to_string(),
            slashed: self.slashed.to_string(),
            settled_height: self.settled_height,
        }
    }
}

/// `[u8; 32]` as lowercase hex in JSON.
mod hex_32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        crate::msg::parse_commitment(&s).map_err(serde::de::Error::custom)
    }
}
