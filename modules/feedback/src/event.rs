//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings), sorted by key.

use openledger_framework::{Address, Event};
use prost::Name;
use serde_json::{json, Value};

use crate::params::Params;
use crate::proto;
use crate::types::{Round, RoundResult};

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

pub fn validator_registered(v: &Address, bond: u128) -> Event {
    typed::<proto::EventValidatorRegistered>(vec![
        ("validator", v.to_string().into()),
        ("bond", bond.to_string().into()),
    ])
}

pub fn bond_added(v: &Address, amount: u128, bond: u128) -> Event {
    typed::<proto::EventBondAdded>(vec![
        ("validator", v.to_string().into()),
        ("amount", amount.to_string().into()),
        ("bond", bond.to_string().into()),
    ])
}

pub fn validator_unbonding(v: &Address, amount: u128, completion_height: u64) -> Event {
    typed::<proto::EventValidatorUnbonding>(vec![
        ("validator", v.to_string().into()),
        ("amount", amount.to_string().into()),
        ("completion_height", completion_height.to_string().into()),
    ])
}

pub fn unbonding_completed(v: &Address, amount: u128) -> Event {
    typed::<proto::EventUnbondingCompleted>(vec![
        ("validator", v.to_string().into()),
        ("amount", amount.to_string().into()),
    ])
}

pub fn round_funded(r: &Round) -> Event {
    typed::<proto::EventRoundFunded>(vec![
        ("round_id", r.id.to_string().into()),
        ("creator", r.creator.to_string().into()),
        ("model_id", r.model_id.to_string().into()),
        ("model_version", r.model_version.to_string().into()),
        ("reward", r.reward.to_string().into()),
        ("item_count", r.item_hashes.len().to_string().into()),
        (
            "commit_deadline_height",
            r.commit_deadline_height.to_string().into(),
        ),
        (
            "reveal_deadline_height",
            r.reveal_deadline_height.to_string().into(),
        ),
    ])
}

pub fn scores_committed(round_id: u64, v: &Address, stake: u128) -> Event {
    typed::<proto::EventScoresCommitted>(vec![
        ("round_id", round_id.to_string().into()),
        ("validator", v.to_string().into()),
        ("stake", stake.to_string().into()),
    ])
}

pub fn scores_revealed(round_id: u64, v: &Address) -> Event {
    typed::<proto::EventScoresRevealed>(vec![
        ("round_id", round_id.to_string().into()),
        ("validator", v.to_string().into()),
    ])
}

pub fn round_settled(r: &RoundResult) -> Event {
    typed::<proto::EventRoundSettled>(vec![
        ("round_id", r.round_id.to_string().into()),
        ("model_id", r.model_id.to_string().into()),
        ("model_version", r.model_version.to_string().into()),
        ("consensus", json!(r.consensus)),
        ("paid", r.paid.to_string().into()),
        ("refunded", r.refunded.to_string().into()),
        ("slashed", r.slashed.to_string().into()),
    ])
}

pub fn params_updated(authority: &Address, params: &Params) -> Event {
    let p = params.to_proto();
    typed::<proto::EventParamsUpdated>(vec![
        ("authority", authority.to_string().into()),
        (
            "params",
            json!({
                "min_validator_bond": p.min_validator_bond,
                "validator_unbonding_blocks": p.validator_unbonding_blocks.to_string(),
                "min_round_reward": p.min_round_reward,
                "max_items_per_round": p.max_items_per_round.to_string(),
                "max_validators_per_round": p.max_validators_per_round.to_string(),
                "max_score": p.max_score,
                "reward_distance_bps": p.reward_distance_bps,
                "slash_distance_bps": p.slash_distance_bps,
                "slash_fraction": p.slash_fraction,
                "max_settlements_per_block": p.max_settlements_per_block.to_string(),
                "max_round_blocks": p.max_round_blocks.to_string(),
            }),
        ),
    ])
}
