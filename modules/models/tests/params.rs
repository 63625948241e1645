//! `MsgUpdateParams`: governance replaces the params; later messages follow the new limits.

mod common;

use common::*;
use openledger_models::{execute_update_params, proto, ModelsRead, MsgUpdateParams, Params};

fn update(
    s: &mut openledger_framework::delta::MemState,
    authority: openledger_framework::Address,
    params: Params,
) -> Result<(), openledger_models::ModelsError> {
    let msg = MsgUpdateParams { authority, params };
    run(s, |f| {
        with_ctx(1, authority, |c| execute_update_params(f, c, &msg))
    })
}

#[test]
fn governance_updates_the_params() {
    let mut s = setup();
    let next = Params {
        min_creator_bond: 5 * BOND,
        max_name_len: 8,
        ..test_params()
    };
    update(&mut s, gov(), next.clone()).unwrap();
    assert_eq!(s.models_params().unwrap(), next);
    let ev = events(&s, "openledger.models.v1.EventParamsUpdated");
    assert_eq!(ev.len(), 1);
    assert!(ev[0]
        .attribute("params")
        .unwrap()
        .contains(r#""max_name_len":"8""#));
    // the new limits apply to later messages
    let e = propose_at(&mut s, 2, &propose_msg(1)).unwrap_err();
    assert_eq!(code(&e), ("models", 14));
    let mut m = propose_msg(1);
    m.name = "short".into();
    let e = propose_at(&mut s, 2, &m).unwrap_err();
    assert_eq!(code(&e), ("models", 5));
    m.bond = 5 * BOND;
    propose_at(&mut s, 2, &m).unwrap();
}

#[test]
fn update_params_refusals() {
    let mut s = setup();
    let e = update(&mut s, addr(1), Params::default()).unwrap_err();
    assert_eq!(code(&e), ("models", 7));
    assert_eq!(s.models_params().unwrap(), test_params());
    // invalid params never reach the handler
    let bad = proto::MsgUpdateParams {
        authority: gov().to_string(),
        params: Some(proto::Params {
            max_history_per_model: 3,
            ..Params::default().to_proto()
        }),
    };
    assert_eq!(
        code(&MsgUpdateParams::try_from(&bad).unwrap_err()),
        ("models", 22)
    );
    let missing = proto::MsgUpdateParams {
        authority: gov().to_string(),
        params: None,
    };
    assert_eq!(
        code(&MsgUpdateParams::try_from(&missing).unwrap_err()),
        ("models", 22)
    );
}
