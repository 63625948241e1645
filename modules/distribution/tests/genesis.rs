//! Genesis: validation, init then export round trip, JSON form.

mod common;

use common::*;
use openledger_distribution::{
    allocate_tokens, execute_set_withdraw_address, DelegatorStartIndex, DistributionError,
    GenesisState, MsgSetWithdrawAddress, Params, ValidatorGenesis, WithdrawAddress,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Coin, Dec, ModuleError};

fn busy_state() -> MemState {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(5), 1_000)
        .unwrap();
    k.create_validator(&mut s, 2, Dec::percent(20), 7).unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 333).unwrap();
    k.delegate(&mut s, &addr(1), &op(2), 3).unwrap();
    mint(&mut s, &fee_collector(), 123_457);
    mint_denom(&mut s, &fee_collector(), "uusdc", 5);
    allocate_tokens(&mut s, &k, &[vote(1, 3), vote(2, 4), vote(3, 1)]).unwrap();
    k.delegate(&mut s, &addr(2), &op(1), 10).unwrap();
    let msg = MsgSetWithdrawAddress {
        delegator: addr(1),
        withdraw_address: addr(9),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_set_withdraw_address(&mut s, ctx, &msg)
    })
    .unwrap();
    mint(&mut s, &fee_collector(), 1_000);
    allocate_tokens(&mut s, &k, &[vote(1, 3), vote(2, 4)]).unwrap();
    k.check_invariants(&s);
    s
}

/// Copy the bank part of a state's genesis into a fresh state, then distribution's.
fn reimport(g: &GenesisState, from: &MemState) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState::export(from)
        .unwrap()
        .init(&mut s)
        .unwrap();
    g.init(&mut s).unwrap();
    s
}

#[test]
fn init_then_export_gives_the_same() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();
    assert_eq!(g.validators.len(), 2);
    assert_eq!(g.delegator_start_indexes.len(), 5);
    assert_eq!(g.withdraw_addresses.len(), 1);
    assert_eq!(g.community_pool.len(), 2);
    let s2 = reimport(&g, &s);
    assert_eq!(GenesisState::export(&s2).unwrap(), g);

    // and through JSON
    let json = serde_json::to_string_pretty(&g).unwrap();
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
    assert!(json.contains("openvaloper1"));
}

#[test]
fn default_genesis_is_valid_and_empty() {
    let g = GenesisState::default();
    g.validate().unwrap();
    let mut s = MemState::empty();
    g.init(&mut s).unwrap();
    assert_eq!(GenesisState::export(&s).unwrap(), g);
    let json = serde_json::to_value(&g).unwrap();
    assert_eq!(json["params"]["community_tax"], "0.020000000000000000");
    let parsed: GenesisState =
        serde_json::from_str(r#"{"params":{"community_tax":"0.1","withdraw_addr_enabled":false}}"#)
            .unwrap();
    assert_eq!(
        parsed.params,
        Params {
            community_tax: Dec::percent(10),
            withdraw_addr_enabled: false
        }
    );
    assert!(serde_json::from_str::<GenesisState>(r#"{"unknown":1}"#).is_err());
}

fn expect_invalid(g: &GenesisState) {
    let err = g.validate().unwrap_err();
    assert!(
        matches!(
            err,
            DistributionError::InvalidGenesis(_) | DistributionError::InvalidParams(_)
        ),
        "{err}"
    );
}

#[test]
fn invalid_genesis_is_refused() {
    let v = |n: u8, index: u128| ValidatorGenesis {
        operator: op(n),
        reward_index: index,
        outstanding: 0,
        commission: 0,
    };
    let start = |d: u8, n: u8, index: u128| DelegatorStartIndex {
        delegator: addr(d),
        validator: op(n),
        start_index: index,
    };
    let base = GenesisState::default();

    let mut g = base.clone();
    g.params.community_tax = Dec::percent(101);
    expect_invalid(&g);

    let mut g = base.clone();
    g.community_pool = vec![Coin::new("uusdc", 1), Coin::new("aopen", 1)];
    expect_invalid(&g);
    g.community_pool = vec![Coin::new("aopen", 0)];
    expect_invalid(&g);

    let mut g = base.clone();
    g.validators = vec![v(1, 5), v(1, 6)];
    expect_invalid(&g);

    let mut g = base.clone();
    g.validators = vec![v(1, 5)];
    g.delegator_start_indexes = vec![start(1, 1, 6)];
    expect_invalid(&g);
    g.delegator_start_indexes = vec![start(1, 1, 5), start(1, 1, 5)];
    expect_invalid(&g);
    g.delegator_start_indexes = vec![start(1, 2, 1)]; // no record for validator 2: index 0
    expect_invalid(&g);

    let mut g = base.clone();
    g.withdraw_addresses = vec![
        WithdrawAddress {
            delegator: addr(1),
            withdraw_address: addr(2),
        },
        WithdrawAddress {
            delegator: addr(1),
            withdraw_address: addr(3),
        },
    ];
    expect_invalid(&g);
    g.withdraw_addresses = vec![WithdrawAddress {
        delegator: addr(1),
        withdraw_address: module(),
    }];
    expect_invalid(&g);
}

#[test]
fn init_requires_the_module_balance_to_match() {
    let g = GenesisState {
        community_pool: vec![Coin::new("aopen", 10)],
        validators: vec![ValidatorGenesis {
            operator: op(1),
            reward_index: 1,
            outstanding: 5,
            commission: 3,
        }],
        ..Default::default()
    };
    g.validate().unwrap();
    let mut s = MemState::empty();
    let err = g.init(&mut s).unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("distribution", 14));

    let mut s = MemState::empty();
    mint(&mut s, &module(), 18);
    g.init(&mut s).unwrap();
    assert_eq!(GenesisState::export(&s).unwrap(), g);
}
