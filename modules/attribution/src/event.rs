//! Typed events: the kind is the full proto name of the event message and the attributes are
//! its fields as proto3 JSON values (64-bit integers and amounts as strings, 32-bit integers
//! as numbers, enums by name, messages as objects, timestamps as RFC 3339), sorted by key.

use base64::Engine as _;
use openledger_framework::time::Time;
use openledger_framework::{Address, Dec, Event};
use prost::Name;
use serde_json::{json, Value};

use crate::params::Params;
use crate::proto;
use crate::types::{Challenge, DatanetShare, Operator, Receipt};

fn typed<T: Name>(attrs: Vec<(&str, Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

fn ids(v: &[u64]) -> Value {
    Value::Array(v.iter().map(s).collect())
}

fn shares_json(d: &[DatanetShare]) -> Value {
    Value::Array(
        d.iter()
            .map(|d| {
                json!({
                    "datanet_id": d.datanet_id.to_string(),
                    "weight_ppm": d.weight_ppm,
                    "amount": d.amount.to_string(),
                })
            })
            .collect(),
    )
}

pub fn operator_registered(o: &Operator) -> Event {
    typed::<proto::EventOperatorRegistered>(vec![
        ("operator", s(o.address)),
        ("bond", s(o.bond)),
        ("endpoint", s(&o.endpoint)),
        ("models", ids(&o.models)),
    ])
}

pub fn operator_updated(o: &Operator, add_bond: u128) -> Event {
    typed::<proto::EventOperatorUpdated>(vec![
        ("operator", s(o.address)),
        ("endpoint", s(&o.endpoint)),
        ("models", ids(&o.models)),
        ("add_bond", s(add_bond)),
        ("bond", s(o.bond)),
    ])
}

pub fn operator_unbonding(o: &Operator, completion: Time) -> Event {
    typed::<proto::EventOperatorUnbonding>(vec![
        ("operator", s(o.address)),
        ("bond", s(o.bond)),
        ("completion_time", s(completion)),
    ])
}

pub fn operator_unbonded(operator: &Address, amount: u128) -> Event {
    typed::<proto::EventOperatorUnbonded>(vec![("operator", s(operator)), ("amount", s(amount))])
}

pub fn operator_slashed(
    operator: &Address,
    fraction: Dec,
    burned: u128,
    bond: u128,
    reason: &str,
) -> Event {
    typed::<proto::EventOperatorSlashed>(vec![
        ("operator", s(operator)),
        ("fraction", s(fraction.to_proto_string())),
        ("burned", s(burned)),
        ("bond", s(bond)),
        ("reason", s(reason)),
    ])
}

pub fn deposit(user: &Address, amount: u128, balance: u128) -> Event {
    typed::<proto::EventDeposit>(vec![
        ("user", s(user)),
        ("amount", s(amount)),
        ("balance", s(balance)),
    ])
}

pub fn withdraw(user: &Address, amount: u128, balance: u128) -> Event {
    typed::<proto::EventWithdraw>(vec![
        ("user", s(user)),
        ("amount", s(amount)),
        ("balance", s(balance)),
    ])
}

pub fn withdrawal_requested(user: &Address, amount: u128, completion: Time) -> Event {
    typed::<proto::EventWithdrawalRequested>(vec![
        ("user", s(user)),
        ("amount", s(amount)),
        ("completion_time", s(completion)),
    ])
}

pub fn revocation_requested(
    user: &Address,
    operator: &Address,
    model_id: u64,
    completion: Time,
) -> Event {
    typed::<proto::EventRevocationRequested>(vec![
        ("user", s(user)),
        ("operator", s(operator)),
        ("model_id", s(model_id)),
        ("completion_time", s(completion)),
    ])
}

pub fn grant(user: &Address, operator: &Address, model_id: u64, spend_limit: u128) -> Event {
    typed::<proto::EventGrant>(vec![
        ("user", s(user)),
        ("operator", s(operator)),
        ("model_id", s(model_id)),
        ("spend_limit", s(spend_limit)),
    ])
}

pub fn revoke(user: &Address, operator: &Address, model_id: u64) -> Event {
    typed::<proto::EventRevoke>(vec![
        ("user", s(user)),
        ("operator", s(operator)),
        ("model_id", s(model_id)),
    ])
}

pub fn inference_recorded(r: &Receipt) -> Event {
    let entries = u32::try_from(r.entries.len()).unwrap_or(u32::MAX);
    let mut attrs = vec![
        ("receipt_id", s(r.id)),
        ("model_id", s(r.model_id)),
        ("model_version", s(r.model_version)),
        ("operator", s(r.operator)),
        ("user", s(r.user)),
        ("fee", s(r.fee)),
        ("platform_fee", s(r.platform_fee)),
        ("creator_amount", s(r.creator_amount)),
        ("stakers_amount", s(r.stakers_amount)),
        ("data_pool", s(r.data_pool)),
        ("credited", s(r.credited)),
        ("withheld", s(r.withheld)),
        ("dust", s(r.dust)),
        ("entries", entries.into()),
        ("datanets", shares_json(&r.datanets)),
        ("engine_version", r.engine_version.into()),
        ("engine_params_id", s(r.engine_params_id)),
        // proto3 JSON encodes bytes as standard base64
        (
            "evidence_hash",
            s(base64::engine::general_purpose::STANDARD.encode(&r.evidence_hash)),
        ),
        ("unattributed", s(r.unattributed)),
    ];
    // only when set, so the events of receipts without an adapter are unchanged
    if !r.adapter_hash.is_empty() {
        attrs.push(("adapter_hash", s(&r.adapter_hash)));
    }
    typed::<proto::EventInferenceRecorded>(attrs)
}

pub fn rewards_claimed(claimant: &Address, amount: u128) -> Event {
    typed::<proto::EventRewardsClaimed>(vec![("claimant", s(claimant)), ("amount", s(amount))])
}

pub fn params_updated(authority: &Address, params: &Params) -> Event {
    let p = params.to_proto();
    typed::<proto::EventParamsUpdated>(vec![
        ("authority", s(authority)),
        (
            "params",
            json!({
                "platform_fee": p.platform_fee,
                "creator_share": p.creator_share,
                "stakers_share": p.stakers_share,
                "data_share": p.data_share,
                "max_attribution_entries": p.max_attribution_entries,
                "min_operator_bond": p.min_operator_bond,
                "operator_unbonding_time": p.operator_unbonding_time.to_string(),
                "max_models_per_operator": p.max_models_per_operator,
                "max_endpoint_len": p.max_endpoint_len,
                "max_request_id_len": p.max_request_id_len,
                "max_tokens_per_inference": p.max_tokens_per_inference.to_string(),
                "max_unbondings_per_block": p.max_unbondings_per_block,
                "engine": {
                    "version": params.engine.version,
                    "min_span": params.engine.min_span,
                    "normalization": params.engine.normalization,
                },
                "challenge_window_secs": p.challenge_window_secs.to_string(),
                "min_challenge_bond": p.min_challenge_bond,
                "max_challenge_output_bytes": p.max_challenge_output_bytes,
                "challenge_deadline_blocks": p.challenge_deadline_blocks.to_string(),
                "false_receipt_slash_fraction": p.false_receipt_slash_fraction,
                "challenger_reward_share": p.challenger_reward_share,
                "max_open_challenges": p.max_open_challenges,
                "max_releases_per_block": p.max_releases_per_block,
            }),
        ),
    ])
}

pub fn receipt_challenged(c: &Challenge) -> Event {
    typed::<proto::EventReceiptChallenged>(vec![
        ("challenge_id", s(c.id)),
        ("receipt_id", s(c.receipt_id)),
        ("challenger", s(c.challenger)),
        ("bond", s(c.bond)),
        ("deadline_height", s(c.deadline_height)),
    ])
}

/// A challenge left OPEN: UPHELD, CORRECTED (by the validators' powers, or 0 and 0 by
/// governance) or ESCALATED (0 and 0).
pub fn challenge_settled(c: &Challenge, agreeing_power: u64, total_power: u64) -> Event {
    typed::<proto::EventChallengeSettled>(vec![
        ("challenge_id", s(c.id)),
        ("receipt_id", s(c.receipt_id)),
        ("status", s(c.status.name())),
        ("slashed", s(c.slashed)),
        ("reward", s(c.reward)),
        ("agreeing_power", s(agreeing_power)),
        ("total_power", s(total_power)),
    ])
}

pub fn credits_released(receipt_id: u64, credited: u128) -> Event {
    typed::<proto::EventCreditsReleased>(vec![
        ("receipt_id", s(receipt_id)),
        ("credited", s(credited)),
    ])
}
