//! MsgUpdateParams: governance only; the new params apply to later messages.

mod common;

use common::*;
use openledger_finetune::{execute_update_params, FinetuneError, FinetuneRead, MsgUpdateParams};

fn update_params(
    s: &mut openledger_framework::delta::MemState,
    who: openledger_framework::Address,
    params: openledger_finetune::Params,
) -> Result<(), FinetuneError> {
    let msg = MsgUpdateParams {
        authority: who,
        params,
    };
    run(s, |f| {
        with_ctx(5, who, |c| execute_update_params(f, c, &msg))
    })
}

#[test]
fn only_governance_updates_params() {
    let mut s = setup();
    let mut p = test_params();
    p.min_job_budget = 10_000;
    assert!(matches!(
        update_params(&mut s, creator(), p.clone()),
        Err(FinetuneError::InvalidAuthority { .. })
    ));
    // The gov address must also have signed.
    let msg = MsgUpdateParams {
        authority: gov(),
        params: p.clone(),
    };
    let r = run(&mut s, |f| {
        with_ctx(5, creator(), |c| execute_update_params(f, c, &msg))
    });
    assert!(matches!(r, Err(FinetuneError::Unauthorized(_))));
    assert_eq!(s.finetune_params().unwrap(), test_params());

    update_params(&mut s, gov(), p.clone()).unwrap();
    assert_eq!(s.finetune_params().unwrap(), p);
    assert!(s
        .changes()
        .events
        .iter()
        .any(|e| e.kind == "openledger.finetune.v1.EventParamsUpdated"));
    // The higher minimum applies from now on.
    assert!(matches!(
        open(&mut s, 6, 50),
        Err(FinetuneError::BudgetTooSmall { min: 10_000, .. })
    ));
}
