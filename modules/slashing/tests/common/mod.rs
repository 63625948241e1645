//! Test harness: in-memory state, the mock staking keeper, validators and blocks.
#![allow(dead_code)]

use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, ConsAddress, Misbehavior, MisbehaviorKind, StateRead, VoteInfo,
};
use openledger_slashing::mock::MockStaking;
use openledger_slashing::{begin_block, GenesisState, Params, ValidatorView};

pub const T0: i64 = 1_700_000_000;
pub const POWER: i64 = 10;

pub fn cons(n: u8) -> ConsAddress {
    [n; 20]
}

pub fn operator(n: u8) -> Address {
    Address([n.wrapping_add(100); 20])
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: T0 + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

pub fn vote(n: u8, signed: bool) -> VoteInfo {
    VoteInfo {
        consensus_address: cons(n),
        power: POWER,
        signed,
    }
}

pub fn double_sign(n: u8, height: u64, time: i64) -> Misbehavior {
    Misbehavior {
        kind: MisbehaviorKind::DuplicateVote,
        consensus_address: cons(n),
        height,
        power: POWER,
        time_unix_secs: time,
    }
}

pub fn view(n: u8) -> ValidatorView {
    ValidatorView {
        operator: operator(n),
        consensus_address: cons(n),
        jailed: false,
        bonded: true,
        tokens: 10_000_000,
    }
}

/// Small window so tests run quickly: 10 blocks, half must be signed (max 5 missed).
pub fn small_params() -> Params {
    Params {
        signed_blocks_window: 10,
        ..Params::default()
    }
}

pub struct Env {
    pub state: MemState,
    pub keeper: MockStaking,
}

impl Env {
    /// Params set through genesis and `n` bonded validators 1..=n.
    pub fn new(params: Params, n: u8) -> Env {
        let mut state = MemState::empty();
        GenesisState {
            params,
            ..Default::default()
        }
        .init(&mut state)
        .unwrap();
        for i in 1..=n {
            MockStaking::put(&mut state, &view(i)).unwrap();
        }
        Env {
            state,
            keeper: MockStaking::new(),
        }
    }

    pub fn begin(&mut self, height: u64, votes: &[VoteInfo], ev: &[Misbehavior]) {
        begin_block(&mut self.state, &self.keeper, &block(height), votes, ev).unwrap();
    }

    pub fn validator(&self, n: u8) -> ValidatorView {
        MockStaking::get(&self.state, &cons(n)).unwrap().unwrap()
    }

    pub fn set_validator(&mut self, v: ValidatorView) {
        MockStaking::put(&mut self.state, &v).unwrap();
    }

    pub fn take_events(&mut self) -> Vec<openledger_framework::Event> {
        self.state.take_events()
    }
}

/// Number of keys (any generation) under a validator's bitmap prefix.
pub fn bit_keys<S: StateRead>(state: &S, n: u8) -> usize {
    state
        .prefix_raw(&openledger_slashing::state_key::missed_of(&cons(n)), None)
        .count()
}
