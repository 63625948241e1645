//! Genesis: add_validator, validation, init checks of the pools, InitChain updates, and the
//! init → export round trip.

mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::{Dec, ModuleError, ValidatorUpdate};
use openledger_staking::{
    bonded_pool, genesis_validator_updates, not_bonded_pool, BondStatus, GenesisState, Params,
    StakingRead,
};

fn two_validator_genesis() -> GenesisState {
    let mut g = GenesisState::default();
    let pool = g
        .add_validator(acc(2), pk(2), 20 * OPEN, "two", Dec::percent(5))
        .unwrap();
    assert_eq!(pool, bonded_pool());
    g.add_validator(acc(1), pk(1), 10 * OPEN, "one", Dec::percent(30))
        .unwrap();
    g
}

#[test]
fn genesis_validators_are_bonded_and_form_the_initial_set() {
    let g = two_validator_genesis();
    assert_eq!(g.validators[1].commission.max_rate, Dec::percent(30));
    assert_eq!(g.validators[0].commission.max_rate, Dec::percent(20));
    let c = Chain::with_genesis(&[(3, OPEN)], g, &[(bonded_pool(), 30 * OPEN)]);
    assert_eq!(
        genesis_validator_updates(&c.state).unwrap(),
        [
            ValidatorUpdate {
                ed25519_pubkey: pk(1),
                power: 10
            },
            ValidatorUpdate {
                ed25519_pubkey: pk(2),
                power: 20
            },
        ]
    );
    assert_eq!(c.state.last_total_power().unwrap(), 30);
    assert_eq!(c.validator(1).unwrap().status, BondStatus::Bonded);
    c.check_invariants();
    let mut c = c;
    assert!(c.end_block(5).is_empty());
}

#[test]
fn add_validator_refusals() {
    let mut g = two_validator_genesis();
    let e = g
        .add_validator(acc(1), pk(9), 10 * OPEN, "x", Dec::ZERO)
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 4));
    let e = g
        .add_validator(acc(9), pk(1), 10 * OPEN, "x", Dec::ZERO)
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 5));
    let e = g
        .add_validator(acc(9), pk(9), OPEN - 1, "x", Dec::ZERO)
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 100));
    let e = g
        .add_validator(acc(9), pk(9), OPEN, "", Dec::ZERO)
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("sdk", 18));
    let e = g
        .add_validator(acc(9), pk(9), OPEN, "x", Dec::percent(101))
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 10));
    g.params.min_commission_rate = Dec::percent(1);
    let e = g
        .add_validator(acc(9), pk(9), OPEN, "x", Dec::ZERO)
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 40));
    g.params.max_validators = 2;
    let e = g
        .add_validator(acc(9), pk(9), OPEN, "x", Dec::percent(1))
        .unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 100));
    // a refused validator leaves the genesis as it was
    g.params.max_validators = 100;
    let before = g.clone();
    let huge = (u128::try_from(openledger_staking::MAX_TOTAL_POWER).unwrap() + 1) * OPEN;
    assert!(g
        .add_validator(acc(9), pk(9), huge, "x", Dec::percent(1))
        .is_err());
    assert_eq!(g, before);
}

#[test]
fn init_checks_the_pools_and_consistency() {
    let g = two_validator_genesis();
    // pools not funded by the bank genesis
    let mut s = MemState::empty();
    let e = g.init(&mut s).unwrap_err();
    assert_eq!((e.codespace(), e.code()), ("staking", 100));

    let mut bad = g.clone();
    bad.delegations[0].shares += 1;
    assert!(bad.validate().is_err());
    let mut bad = g.clone();
    bad.validators[1].consensus_pubkey = pk(2);
    assert!(bad.validate().is_err());
    let mut bad = g.clone();
    bad.validators[0].jailed = true;
    assert!(bad.validate().is_err());
    let mut bad = g.clone();
    bad.delegations[0].validator = acc(7);
    assert!(bad.validate().is_err());
    let mut bad = g.clone();
    bad.params = Params {
        max_validators: 1,
        ..Params::default()
    };
    assert!(bad.validate().is_err());
    let mut bad = g.clone();
    bad.exported = true; // but no last powers listed
    assert!(bad.validate().is_err());
    let mut bad = g;
    bad.delegations.push(bad.delegations[0].clone());
    assert!(bad.validate().is_err());
}

#[test]
fn json_form_is_strict_and_round_trips() {
    let g = two_validator_genesis();
    let json = serde_json::to_string_pretty(&g).unwrap();
    assert!(json.contains("\"operator\": \"openvaloper1"));
    assert!(json.contains("\"status\": \"BOND_STATUS_BONDED\""));
    assert!(json.contains("\"delegator_shares\": \"20000000000000000000.000000000000000000\""));
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
    let mut v = serde_json::to_value(&g).unwrap();
    v["surprise"] = serde_json::json!(1);
    assert!(serde_json::from_value::<GenesisState>(v).is_err());
    let empty: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.params, Params::default());
}

#[test]
fn init_then_export_gives_the_same_state() {
    // a chain with every kind of record: bonded, unbonding and unbonded validators,
    // delegations, unbonding delegations and redelegations
    let genesis = GenesisState {
        params: Params {
            max_validators: 2,
            ..Params::default()
        },
        ..Default::default()
    };
    let mut c = Chain::with_genesis(
        &[
            (1, 1000 * OPEN),
            (2, 1000 * OPEN),
            (3, 1000 * OPEN),
            (4, 1000 * OPEN),
        ],
        genesis,
        &[],
    );
    c.create_validator(1, 30 * OPEN).unwrap();
    c.create_validator(2, 20 * OPEN).unwrap();
    c.create_validator(3, 10 * OPEN).unwrap();
    c.delegate(4, 1, 5 * OPEN).unwrap();
    c.end_block(5);
    c.undelegate(4, 1, 2 * OPEN).unwrap();
    c.redelegate(4, 1, 2, OPEN).unwrap();
    c.delegate(4, 3, 15 * OPEN).unwrap();
    c.end_block(5); // 3 enters, 2 starts unbonding
    assert_eq!(c.validator(2).unwrap().status, BondStatus::Unbonding);

    let exported = GenesisState::export(&c.state).unwrap();
    assert!(exported.exported);
    assert_eq!(exported.validators.len(), 3);
    assert_eq!(exported.unbonding_delegations.len(), 1);
    assert_eq!(exported.redelegations.len(), 1);
    assert_eq!(exported.last_validator_powers.len(), 2);

    // re-import through JSON into a fresh state with the same bank balances
    let json = serde_json::to_string(&exported).unwrap();
    let parsed: GenesisState = serde_json::from_str(&json).unwrap();
    let bank = openledger_bank::GenesisState::export(&c.state).unwrap();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    parsed.init(&mut fresh).unwrap();
    assert_eq!(GenesisState::export(&fresh).unwrap(), exported);
    // historical info is not exported (as in the SDK): a new chain starts its own
    let kept = |k: &[u8]| k.starts_with(b"staking/") && !k.starts_with(b"staking/historical/");
    assert_eq!(
        snapshot(&fresh).iter().filter(|(k, _)| kept(k)).count(),
        snapshot(&c.state).iter().filter(|(k, _)| kept(k)).count()
    );
    openledger_staking::invariants::all_invariants(&fresh).unwrap();
    // the exported last set is the set CometBFT continues with
    assert_eq!(
        genesis_validator_updates(&fresh).unwrap(),
        genesis_validator_updates(&c.state).unwrap()
    );
    // and the queues keep working after the import
    let mut c2 = Chain {
        state: fresh,
        height: c.height,
        time: c.time,
        hooks: Default::default(),
    };
    c2.end_block(1_814_400);
    c2.end_block(5);
    assert_eq!(c2.validator(2).unwrap().status, BondStatus::Unbonded);
    assert!(c2
        .state
        .unbonding_delegation(&acc(4), &acc(1))
        .unwrap()
        .is_none());
    assert_eq!(c2.pools().1, 20 * OPEN + OPEN);
    assert_eq!(c2.balance(4), 1000 * OPEN - 5 * OPEN - 15 * OPEN + 2 * OPEN);
    let _ = not_bonded_pool();
}
