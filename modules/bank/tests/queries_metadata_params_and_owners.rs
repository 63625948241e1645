//! The bank queries wallets and explorers read besides balances: Params, OPEN's denom
//! metadata from genesis (and its export), DenomsMetadata, DenomOwners with pagination, and
//! SendEnabled; a denom without metadata is NOT_FOUND.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_bank::{
    query_denom_metadata, query_denom_owners, query_denoms_metadata, query_params,
    query_send_enabled, Balance, DenomMetadata, GenesisState,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Address, Coins, ModuleError};

fn addr(n: u8) -> Address {
    Address([n; 20])
}

fn chain(holders: u8) -> MemState {
    let mut s = MemState::empty();
    GenesisState {
        balances: (1..=holders)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::single("aopen", 100 * u128::from(i)).unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

#[test]
fn genesis_carries_opens_denom_metadata_and_exports_it() {
    let s = chain(1);
    let m = query_denom_metadata(
        &s,
        &pb::QueryDenomMetadataRequest {
            denom: "aopen".into(),
        },
    )
    .unwrap()
    .metadata
    .unwrap();
    assert_eq!(m.base, "aopen");
    assert_eq!(m.display, "OPEN");
    assert_eq!(m.name, "OPEN");
    assert_eq!(m.symbol, "OPEN");
    let units: Vec<(&str, u32)> = m
        .denom_units
        .iter()
        .map(|u| (u.denom.as_str(), u.exponent))
        .collect();
    assert_eq!(units, [("aopen", 0), ("OPEN", 18)]);
    let exported = GenesisState::export(&s).unwrap();
    assert_eq!(exported.denom_metadata, vec![DenomMetadata::open()]);
    // a genesis file without the field gets OPEN's metadata
    let g: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(g.denom_metadata, vec![DenomMetadata::open()]);
}

#[test]
fn metadata_of_an_unknown_denom_is_not_found() {
    let s = chain(1);
    let e = query_denom_metadata(
        &s,
        &pb::QueryDenomMetadataRequest {
            denom: "uatom".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), openledger_framework::error::sdk::KEY_NOT_FOUND);
    assert_eq!(e.to_string(), "denom metadata for uatom not found");
}

#[test]
fn invalid_metadata_is_refused_at_genesis() {
    let mut bad = DenomMetadata::open();
    bad.display = "nope".into();
    let g = GenesisState {
        denom_metadata: vec![bad],
        ..Default::default()
    };
    assert!(g.init(&mut MemState::empty()).is_err());
    let dup = GenesisState {
        denom_metadata: vec![DenomMetadata::open(), DenomMetadata::open()],
        ..Default::default()
    };
    assert!(dup.validate().is_err());
}

#[test]
fn denoms_metadata_lists_open() {
    let s = chain(1);
    let r =
        query_denoms_metadata(&s, &pb::QueryDenomsMetadataRequest { pagination: None }).unwrap();
    assert_eq!(r.metadatas.len(), 1);
    assert_eq!(r.metadatas[0].base, "aopen");
    assert!(r.pagination.unwrap().next_key.is_empty());
}

#[test]
fn params_answer_the_default_send_flag() {
    let s = chain(1);
    let p = query_params(&s, &pb::QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert!(p.default_send_enabled);
    let r = query_send_enabled(
        &s,
        &pb::QuerySendEnabledRequest {
            denoms: vec!["aopen".into()],
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(r.send_enabled.len(), 1);
    assert!(r.send_enabled[0].enabled);
    assert!(query_send_enabled(
        &s,
        &pb::QuerySendEnabledRequest {
            denoms: vec!["".into()],
            pagination: None,
        },
    )
    .is_err());
}

#[test]
fn denom_owners_pages_by_address_with_next_key() {
    let s = chain(5);
    let page = |key: Vec<u8>, limit| {
        query_denom_owners(
            &s,
            &pb::QueryDenomOwnersRequest {
                denom: "aopen".into(),
                pagination: Some(PageRequest {
                    key,
                    limit,
                    ..Default::default()
                }),
            },
        )
        .unwrap()
    };
    let first = page(Vec::new(), 2);
    assert_eq!(first.denom_owners.len(), 2);
    assert_eq!(first.denom_owners[0].address, addr(1).to_string());
    let next = first.pagination.unwrap().next_key;
    assert_eq!(next, addr(3).as_bytes().to_vec());
    let rest = page(next, 0);
    assert_eq!(rest.denom_owners.len(), 3);
    assert_eq!(rest.denom_owners[2].balance.as_ref().unwrap().amount, "500");
    assert!(rest.pagination.unwrap().next_key.is_empty());
    // a bad key is refused
    assert!(query_denom_owners(
        &s,
        &pb::QueryDenomOwnersRequest {
            denom: "aopen".into(),
            pagination: Some(PageRequest {
                key: vec![1, 2, 3],
                ..Default::default()
            }),
        },
    )
    .is_err());
}
