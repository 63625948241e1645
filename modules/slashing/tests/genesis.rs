//! Genesis: validation, init → export round trip (also through JSON and after activity).

mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::{Address, Dec};
use openledger_slashing::{
    invariants, ConsAddr, GenesisSigningInfo, GenesisState, MissedBlock, Params, SlashingError,
    Timestamp, ValidatorMissedBlocks,
};

fn sample() -> GenesisState {
    GenesisState {
        params: Params {
            signed_blocks_window: 50,
            min_signed_per_window: Dec::percent(5),
            ..Params::default()
        },
        signing_infos: vec![
            GenesisSigningInfo {
                address: ConsAddr(cons(1)),
                start_height: 3,
                index_offset: 70,
                jailed_until: Timestamp {
                    seconds: T0,
                    nanos: 5,
                },
                tombstoned: false,
                missed_blocks_counter: 2,
            },
            GenesisSigningInfo {
                address: ConsAddr(cons(2)),
                start_height: 0,
                index_offset: 0,
                jailed_until: openledger_slashing::DOUBLE_SIGN_JAIL_END_TIME,
                tombstoned: true,
                missed_blocks_counter: 0,
            },
        ],
        missed_blocks: vec![ValidatorMissedBlocks {
            address: ConsAddr(cons(1)),
            missed_blocks: vec![
                MissedBlock {
                    index: 4,
                    missed: true,
                },
                MissedBlock {
                    index: 49,
                    missed: true,
                },
            ],
        }],
    }
}

#[test]
fn init_then_export_gives_the_same_genesis() {
    let g = sample();
    let mut state = MemState::empty();
    g.init(&mut state).unwrap();
    invariants::check_all(&state).unwrap();
    assert_eq!(GenesisState::export(&state).unwrap(), g);
    // through JSON too
    let json = serde_json::to_string_pretty(&g).unwrap();
    assert!(json.contains("openvalcons1"));
    assert!(json.contains("\"min_signed_per_window\": \"0.050000000000000000\""));
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
}

#[test]
fn default_genesis_is_empty_and_valid() {
    let g: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(g, GenesisState::default());
    let mut state = MemState::empty();
    g.init(&mut state).unwrap();
    assert_eq!(GenesisState::export(&state).unwrap(), g);
    assert!(serde_json::from_str::<GenesisState>(r#"{"unknown": 1}"#).is_err());
}

#[test]
fn export_after_blocks_round_trips_into_a_new_chain() {
    let mut env = Env::new(small_params(), 3);
    for h in 1..=30u64 {
        let now = block(h).time_unix_secs;
        let ev = if h == 20 {
            vec![double_sign(3, 18, now)]
        } else {
            vec![]
        };
        env.begin(
            h,
            &[vote(1, h % 3 != 0), vote(2, h > 5), vote(3, true)],
            &ev,
        );
    }
    let exported = GenesisState::export(&env.state).unwrap();
    exported.validate().unwrap();
    assert_eq!(exported.signing_infos.len(), 3);
    let mut fresh = MemState::empty();
    exported.init(&mut fresh).unwrap();
    invariants::check_all(&fresh).unwrap();
    assert_eq!(GenesisState::export(&fresh).unwrap(), exported);
}

#[test]
fn validation_refuses_inconsistent_genesis() {
    type Mutation = Box<dyn Fn(&mut GenesisState)>;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "bad params",
            Box::new(|g| g.params.signed_blocks_window = 1),
        ),
        (
            "duplicate signing info",
            Box::new(|g| {
                let first = g.signing_infos[0].clone();
                g.signing_infos.push(first);
            }),
        ),
        (
            "counter differs from bits",
            Box::new(|g| g.signing_infos[0].missed_blocks_counter = 3),
        ),
        (
            "counter without bits",
            Box::new(|g| g.signing_infos[1].missed_blocks_counter = 1),
        ),
        (
            "index outside the window",
            Box::new(|g| g.missed_blocks[0].missed_blocks[1].index = 50),
        ),
        (
            "duplicate index",
            Box::new(|g| g.missed_blocks[0].missed_blocks[1].index = 4),
        ),
        (
            "bits without signing info",
            Box::new(|g| g.missed_blocks[0].address = ConsAddr(cons(9))),
        ),
        (
            "duplicate missed blocks",
            Box::new(|g| {
                let first = g.missed_blocks[0].clone();
                g.missed_blocks.push(first);
            }),
        ),
        (
            "bad nanos",
            Box::new(|g| g.signing_infos[0].jailed_until.nanos = 1_000_000_000),
        ),
    ];
    for (name, mutate) in cases {
        let mut g = sample();
        mutate(&mut g);
        assert!(
            matches!(g.validate(), Err(SlashingError::InvalidGenesis(_))),
            "{name}"
        );
        let mut state = MemState::empty();
        assert!(g.init(&mut state).is_err(), "{name}");
    }
    // a cosmos1 address is not a consensus address
    let json = serde_json::to_string(&sample()).unwrap().replace(
        &Address(cons(1)).to_bech32("openvalcons"),
        &Address(cons(1)).to_string(),
    );
    assert!(serde_json::from_str::<GenesisState>(&json).is_err());
}

#[test]
fn unset_bits_in_genesis_are_ignored() {
    let mut g = sample();
    g.missed_blocks[0].missed_blocks.push(MissedBlock {
        index: 7,
        missed: false,
    });
    let mut state = MemState::empty();
    g.init(&mut state).unwrap();
    assert_eq!(GenesisState::export(&state).unwrap(), sample());
}

#[test]
fn a_pending_window_reset_is_exported_as_reset() {
    let mut env = Env::new(small_params(), 1);
    for h in 1..=4u64 {
        env.begin(h, &[vote(1, false)], &[]);
    }
    // governance changes the window
    let mut g = GenesisState::export(&env.state).unwrap();
    assert_eq!(g.signing_infos[0].missed_blocks_counter, 4);
    g.params.signed_blocks_window = 20;
    let b = block(5);
    let gov = Address::module("gov");
    let signers = [gov];
    let ctx = openledger_framework::MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    openledger_slashing::execute_update_params(
        &mut env.state,
        &ctx,
        &openledger_slashing::MsgUpdateParams {
            authority: gov,
            params: g.params.clone(),
        },
    )
    .unwrap();
    let exported = GenesisState::export(&env.state).unwrap();
    assert_eq!(exported.signing_infos[0].missed_blocks_counter, 0);
    assert_eq!(exported.signing_infos[0].index_offset, 0);
    assert!(exported.missed_blocks.is_empty());
    exported.validate().unwrap();
}
