//! MsgCreateDatanet and MsgUpdateDatanet: success, indexes, events and every refusal.

mod common;

use common::*;
use openledger_datanets::{
    execute_create_datanet, execute_update_params, DatanetsError, DatanetsRead, MsgUpdateDatanet,
    MsgUpdateParams, Params, Visibility, CODESPACE,
};
use openledger_framework::{Address, Dec, StateDelta};

#[test]
fn create_assigns_sequential_ids_and_records_everything() {
    let mut s = setup();
    let a = public_datanet(&mut s);
    let b = permissioned_datanet(&mut s);
    assert_eq!((a, b), (1, 2));
    assert_eq!(s.next_datanet_id().unwrap(), 3);
    let d = s.datanet(b).unwrap().unwrap();
    assert_eq!(d.owner, addr(1));
    assert_eq!(d.visibility, Visibility::Permissioned);
    assert_eq!(d.curators, vec![addr(2)]);
    assert_eq!(d.contribution_bond, OPEN);
    assert_eq!(d.fee_per_byte, 1_000);
    assert_eq!(d.access_price, 10 * OPEN);
    assert_eq!(d.created_height, HEIGHT);
    assert_eq!(d.created_time.secs, TIME);
    assert!(s.is_allowed(b, &addr(3)).unwrap());
    assert!(!s.is_allowed(b, &addr(5)).unwrap());
    assert_eq!(s.allow_list(b, 100).unwrap(), vec![addr(3), addr(4)]);
    assert_eq!(s.datanet_stats(b).unwrap(), Default::default());
    assert!(s.latest_version(b).unwrap().is_none());
    // No funds move on creation.
    assert_eq!(balance(&s, &addr(1)), FUNDS);
}

#[test]
fn create_emits_a_typed_event() {
    let s = setup();
    let b = block();
    let signers = [addr(1)];
    let ctx = openledger_framework::MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let mut fork = StateDelta::new(&s);
    execute_create_datanet(&mut fork, &ctx, &create_msg(1, Visibility::Public)).unwrap();
    let events = fork.take_events();
    let e = events
        .iter()
        .find(|e| e.kind == "openledger.datanets.v1.EventCreateDatanet")
        .unwrap();
    assert_eq!(e.attribute("datanet_id"), Some("\"1\""));
    assert_eq!(e.attribute("visibility"), Some("\"VISIBILITY_PUBLIC\""));
    let keys: Vec<&str> = e.attributes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, vec!["datanet_id", "name", "owner", "visibility"]);
}

#[test]
fn create_refusals_change_nothing() {
    let mut s = setup();
    let base = create_msg(1, Visibility::Permissioned);
    let p = Params::default();

    let mut m = base.clone();
    m.contribution_bond = OPEN - 1;
    let e = create(&mut s, &m).unwrap_err();
    assert!(
        matches!(e, DatanetsError::BondTooLow { given, min } if given == OPEN - 1 && min == OPEN)
    );
    assert_eq!(code(&e), (CODESPACE, 12));

    let mut m = base.clone();
    m.fee_per_byte = 999;
    let e = create(&mut s, &m).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::FeeTooLow {
            given: 999,
            min: 1_000
        }
    ));
    assert_eq!(code(&e), (CODESPACE, 13));

    let mut m = base.clone();
    m.name = String::new();
    assert!(matches!(
        create(&mut s, &m),
        Err(DatanetsError::InvalidField { field: "name", .. })
    ));
    let mut m = base.clone();
    m.name = "x".repeat(65);
    assert!(matches!(
        create(&mut s, &m),
        Err(DatanetsError::TooLong { field: "name", .. })
    ));
    let mut m = base.clone();
    m.summary = "x".repeat(281);
    assert!(matches!(
        create(&mut s, &m),
        Err(DatanetsError::TooLong {
            field: "summary",
            ..
        })
    ));
    let mut m = base.clone();
    m.description = "x".repeat(4097);
    assert!(create(&mut s, &m).is_err());
    let mut m = base.clone();
    m.tags = (0..11).map(|i| format!("t{i}")).collect();
    let e = create(&mut s, &m).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::TooMany {
            field: "tags",
            len: 11,
            max: 10
        }
    ));
    assert_eq!(code(&e), (CODESPACE, 22));
    let mut m = base.clone();
    m.curators = (10..31).map(addr).collect();
    assert!(matches!(
        create(&mut s, &m),
        Err(DatanetsError::TooMany {
            field: "curators",
            ..
        })
    ));
    let mut m = base.clone();
    m.allow_list = (0..1001u16)
        .map(|i| {
            let mut a = [0u8; 20];
            a[..2].copy_from_slice(&i.to_be_bytes());
            Address(a)
        })
        .collect();
    assert!(matches!(
        create(&mut s, &m),
        Err(DatanetsError::TooMany {
            field: "allow_list",
            ..
        })
    ));
    // Not signed by the owner.
    let e = run(&mut s, addr(9), |f, c| execute_create_datanet(f, c, &base)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert_eq!(s.next_datanet_id().unwrap(), 1);
    assert!(p.validate().is_ok());
}

#[test]
fn update_replaces_metadata_and_indexes() {
    let mut s = setup();
    let id = permissioned_datanet(&mut s);
    let msg = MsgUpdateDatanet {
        owner: addr(1),
        datanet_id: id,
        summary: "new summary".into(),
        description: "new description".into(),
        tags: vec!["images".into(), "xray".into()],
        licence: "CC0-1.0".into(),
        curators: vec![addr(5), addr(6)],
        allow_list: vec![addr(7)],
        access_price: 3 * OPEN,
    };
    update(&mut s, &msg).unwrap();
    let d = s.datanet(id).unwrap().unwrap();
    assert_eq!(d.summary, "new summary");
    assert_eq!(d.tags, vec!["images".to_string(), "xray".to_string()]);
    assert_eq!(d.curators, vec![addr(5), addr(6)]);
    assert_eq!(d.access_price, 3 * OPEN);
    // Fixed fields are unchanged.
    assert_eq!(d.name, "datanet of 1");
    assert_eq!(d.contribution_bond, OPEN);
    assert_eq!(d.fee_per_byte, 1_000);
    assert_eq!(s.allow_list(id, 100).unwrap(), vec![addr(7)]);
    assert!(!s.is_allowed(id, &addr(3)).unwrap());
    // The tag index follows.
    let r = openledger_datanets::query_datanets(
        &s,
        &openledger_datanets::proto::QueryDatanetsRequest {
            tag: "medical".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.datanets.is_empty());
    let r = openledger_datanets::query_datanets(
        &s,
        &openledger_datanets::proto::QueryDatanetsRequest {
            tag: "xray".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.datanets.len(), 1);
}

#[test]
fn update_refusals_change_nothing() {
    let mut s = setup();
    let public = public_datanet(&mut s);
    let perm = permissioned_datanet(&mut s);
    let msg = MsgUpdateDatanet {
        owner: addr(1),
        datanet_id: perm,
        summary: String::new(),
        description: String::new(),
        tags: vec![],
        licence: String::new(),
        curators: vec![],
        allow_list: vec![],
        access_price: 0,
    };
    // A curator is not the owner.
    let mut m = msg.clone();
    m.owner = addr(2);
    let e = update(&mut s, &m).unwrap_err();
    assert!(matches!(e, DatanetsError::NotOwner { .. }));
    assert_eq!(code(&e), (CODESPACE, 7));
    let mut m = msg.clone();
    m.datanet_id = 99;
    let e = update(&mut s, &m).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 4));
    // A public datanet cannot get a price or an allow list.
    let mut m = msg.clone();
    m.datanet_id = public;
    m.access_price = 1;
    assert!(matches!(
        update(&mut s, &m),
        Err(DatanetsError::InvalidField {
            field: "access_price",
            ..
        })
    ));
    let mut m = msg.clone();
    m.datanet_id = public;
    m.allow_list = vec![addr(3)];
    assert!(update(&mut s, &m).is_err());
    let mut m = msg.clone();
    m.licence = "x".repeat(65);
    assert!(update(&mut s, &m).is_err());
    assert_eq!(s.datanet(perm).unwrap().unwrap().summary, "medical imaging");
}

#[test]
fn params_change_only_through_gov() {
    let mut s = setup();
    let new = Params {
        max_contribution_bytes: 10,
        reject_slash_fraction: Dec::percent(20),
        ..Params::default()
    };
    let gov = Address::module(openledger_auth::GOV_AUTHORITY);
    let msg = MsgUpdateParams {
        authority: addr(1),
        params: new.clone(),
    };
    let e = run(&mut s, addr(1), |f, c| execute_update_params(f, c, &msg)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let msg = MsgUpdateParams {
        authority: gov,
        params: new.clone(),
    };
    run(&mut s, gov, |f, c| execute_update_params(f, c, &msg)).unwrap();
    assert_eq!(s.datanets_params().unwrap(), new);
}
