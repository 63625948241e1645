//! `complete_fine_tuning`: the fine-tuning module moves a model FINE_TUNING -> ALIGNMENT with
//! the training run hash as evidence, recorded like MsgAdvanceModel records it; refused in
//! any other stage and for bad evidence, changing nothing.

mod common;

use common::*;
use openledger_framework::Address;
use openledger_models::{complete_fine_tuning, Evidence, ModelsError, ModelsRead, Stage};

fn complete(
    s: &mut openledger_framework::delta::MemState,
    id: u64,
    hash: &str,
    metrics: &str,
) -> Result<(), ModelsError> {
    let actor = Address::module("finetune");
    run(s, |f| {
        complete_fine_tuning(f, &block(20), id, actor, hash, metrics.into())
    })
}

#[test]
fn fine_tuning_completes_with_the_training_run_as_evidence() {
    let mut s = setup();
    let id = propose(&mut s, 1);
    assert!(matches!(
        complete(&mut s, id, "ab", ""),
        Err(ModelsError::IllegalTransition { .. })
    ));
    approve(&mut s, id);
    let creator = addr(1);
    advance(
        &mut s,
        10,
        creator,
        id,
        Stage::DataCollection,
        Evidence::default(),
    )
    .unwrap();
    advance(
        &mut s,
        11,
        creator,
        id,
        Stage::FineTuning,
        Evidence::default(),
    )
    .unwrap();
    assert!(matches!(
        complete(&mut s, id, "not hex", ""),
        Err(ModelsError::InvalidHash { .. })
    ));
    assert!(matches!(
        complete(&mut s, id, "ab", &"x".repeat(5000)),
        Err(ModelsError::TooLong { .. })
    ));
    assert!(matches!(
        complete(&mut s, 99, "ab", ""),
        Err(ModelsError::UnknownModel(99))
    ));
    complete(&mut s, id, "ab12", "eval_accuracy_bps=8750").unwrap();
    let m = s.model(id).unwrap().unwrap();
    assert_eq!(m.stage, Stage::Alignment);
    let h = s.history_entry(id, m.history_count).unwrap().unwrap();
    assert_eq!(h.actor, Address::module("finetune"));
    assert_eq!(h.evidence.training_run_hash.unwrap().to_hex(), "ab12");
    assert_eq!(h.evidence.metrics, "eval_accuracy_bps=8750");
    assert_eq!(events(&s, EV_STAGE).len(), 5);
    // Once only.
    assert!(matches!(
        complete(&mut s, id, "ab12", ""),
        Err(ModelsError::IllegalTransition { .. })
    ));
}
