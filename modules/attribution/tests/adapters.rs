//! Receipts naming a LoRA adapter: checked through the adapters keeper (declared serving, the
//! receipt's model, the price ceiling), each refusal changing nothing; and the operators'
//! lost challenges counted for their standing.

mod common;

use std::collections::BTreeMap;

use common::*;
use openledger_attribution::{
    execute_record_inference_with_adapters, proto, AdapterServingView, AdaptersKeeper,
    AttributionError, AttributionRead, ChallengeStatus, MsgRecordInference, MAX_ADAPTER_HASH_LEN,
};
use openledger_framework::{Address, CallError, ModuleError, StateRead};

/// (operator, adapter) -> (model, ceiling).
struct MockAdapters(BTreeMap<(Address, String), (u64, u128)>);

impl AdaptersKeeper for MockAdapters {
    fn serving(
        &self,
        _state: &dyn StateRead,
        operator: &Address,
        adapter_hash: &str,
    ) -> Result<Option<AdapterServingView>, CallError> {
        Ok(self
            .0
            .get(&(*operator, adapter_hash.to_string()))
            .map(|(m, c)| AdapterServingView {
                model_id: *m,
                price_ceiling_per_1k: *c,
            }))
    }
}

fn adapters() -> MockAdapters {
    MockAdapters(BTreeMap::from([
        ((addr(OP), "aa".to_string()), (1, RATE_IN)),
        ((addr(OP), "bb".to_string()), (3, RATE_IN)),
        ((addr(OP), "cc".to_string()), (1, RATE_IN - 1)),
    ]))
}

fn record_with(env: &mut Env, msg: &MsgRecordInference) -> Result<u64, AttributionError> {
    let a = adapters();
    env.run(msg.operator, |f, c, k| {
        execute_record_inference_with_adapters(f, c, msg, k, &a)
    })
    .map(|r| r.receipt_id)
}

fn with_adapter(request_id: &str, hash: &str) -> MsgRecordInference {
    MsgRecordInference {
        adapter_hash: hash.into(),
        ..record_msg(request_id)
    }
}

#[test]
fn a_receipt_names_the_adapter_served() {
    let mut env = Env::ready();
    let id = record_with(&mut env, &with_adapter("a", "aa")).unwrap();
    let r = env.s.receipt(id).unwrap().unwrap();
    assert_eq!(r.adapter_hash, "aa");
    assert_eq!(r.to_proto().adapter_hash, "aa");
    let events = env.events(EV_RECORDED);
    assert_eq!(events[0].attribute("adapter_hash"), Some("\"aa\""));
    // an empty adapter hash is today's receipt, encoding included
    let id = record_with(&mut env, &record_msg("b")).unwrap();
    let r = env.s.receipt(id).unwrap().unwrap();
    assert!(r.adapter_hash.is_empty());
    // and its event has no adapter attribute
    assert_eq!(env.events(EV_RECORDED)[1].attribute("adapter_hash"), None);
    let mut p = r.to_proto();
    let bytes = prost::Message::encode_to_vec(&p);
    p.adapter_hash = "aa".into();
    assert!(prost::Message::encode_to_vec(&p).len() > bytes.len());
}

#[test]
fn adapter_refusals_change_nothing() {
    let mut env = Env::ready();
    let code = |e: &AttributionError| (e.codespace(), e.code());
    // not declared (unknown adapter or not this operator's)
    let e = record_with(&mut env, &with_adapter("a", "dd")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 61), "{e}");
    // another model's adapter
    let e = record_with(&mut env, &with_adapter("a", "bb")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 62), "{e}");
    // the model's input rate is above the operator's ceiling for it
    let e = record_with(&mut env, &with_adapter("a", "cc")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 63), "{e}");
    // without an adapters module every adapter is refused
    let e = env.record(&with_adapter("a", "aa")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 61), "{e}");
    // too long on the wire
    let wire = proto::MsgRecordInference {
        operator: addr(OP).to_string(),
        user: addr(USER).to_string(),
        adapter_hash: "a".repeat(MAX_ADAPTER_HASH_LEN + 1),
        ..Default::default()
    };
    let e = MsgRecordInference::try_from(&wire).unwrap_err();
    assert_eq!(code(&e), ("attribution", 60), "{e}");
    assert_eq!(env.s.next_receipt_id().unwrap(), 1);
}

#[test]
fn corrected_challenges_count_as_lost() {
    let mut env = Env::ready();
    assert_eq!(env.s.challenges_lost(&addr(OP)).unwrap(), 0);
    env.record(&record_with_output("x")).unwrap();
    env.record(&record_with_output("y")).unwrap();
    env.challenge(7, 1, 10 * OPEN).unwrap();
    env.challenge(7, 2, 10 * OPEN).unwrap();
    let honest = [entry(11, 250_000), entry(13, 750_000)];
    let other = [entry(11, 500_000), entry(13, 500_000)];
    assert_eq!(
        env.settle(1, &honest, 3, 4).unwrap(),
        ChallengeStatus::Upheld
    );
    assert_eq!(
        env.settle(2, &other, 3, 4).unwrap(),
        ChallengeStatus::Corrected
    );
    assert_eq!(env.s.challenges_lost(&addr(OP)).unwrap(), 1);
}
