//! Shared setup of the feedback tests: funded accounts, mock models and distribution keepers,
//! a `run` wrapper that applies a message like the app does and checks the invariants.
#![allow(dead_code)]

use openledger_bank::{Balance, BankRead, BankWrite};
use openledger_feedback::{
    commitment_hash, end_block, execute_add_bond, execute_commit_scores, execute_fund_round,
    execute_register_validator, execute_reveal_scores, execute_unbond_validator, feedback_address,
    invariants, DistributionKeeper, FeedbackError, GenesisState, ModelView, ModelsKeeper,
    MsgAddFeedbackBond, MsgCommitScores, MsgFundRound, MsgRegisterFeedbackValidator,
    MsgRevealScores, MsgUnbondFeedbackValidator, Params, OPEN,
};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Changes, Coin, Coins, ModuleError, MsgCtx, StateDelta, StateRead,
    StateWrite, BASE_DENOM,
};

pub const START: i64 = 1_700_000_000;
/// Every test account starts with 1000 OPEN.
pub const FUNDS: u128 = 1_000 * OPEN;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

/// The model creator of model 1 (latest version 0) and model 3 (retired); addr(2) created
/// model 2 (latest version 3).
pub fn creator() -> Address {
    addr(1)
}

pub fn community() -> Address {
    Address::module("distribution")
}

pub struct MockModels;

impl ModelsKeeper for MockModels {
    fn model(&self, _state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError> {
        Ok(match id {
            1 => Some(ModelView {
                id,
                creator: creator(),
                latest_version: 0,
                closed: false,
            }),
            2 => Some(ModelView {
                id,
                creator: addr(2),
                latest_version: 3,
                closed: false,
            }),
            3 => Some(ModelView {
                id,
                creator: creator(),
                latest_version: 1,
                closed: true,
            }),
            _ => None,
        })
    }
}

/// Sends to the distribution module account (the community pool).
pub struct MockDistribution;

impl DistributionKeeper for MockDistribution {
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        state
            .send(
                from,
                &community(),
                &Coins::single(BASE_DENOM, amount).unwrap(),
            )
            .map_err(|e| CallError::from_module(&e))
    }
}

/// A params set for tests: bonds of at least 1 OPEN, unbonding in 10 blocks.
pub fn test_params() -> Params {
    Params {
        min_validator_bond: OPEN,
        validator_unbonding_blocks: 10,
        min_round_reward: OPEN,
        ..Params::default()
    }
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: START + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

/// Accounts 1..=9 hold FUNDS aopen (and some "bopen"); feedback has `params`.
pub fn setup_with(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=9)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, FUNDS), Coin::new("bopen", 500)])
                    .unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

pub fn setup() -> MemState {
    setup_with(test_params())
}

pub fn balance(s: &MemState, a: &Address) -> u128 {
    s.balance(a, BASE_DENOM).unwrap()
}

pub fn supply(s: &MemState) -> u128 {
    s.supply(BASE_DENOM).unwrap()
}

pub fn escrow(s: &MemState) -> u128 {
    balance(s, &feedback_address())
}

pub fn check_invariants(s: &MemState) {
    invariants::check_all(s).unwrap();
    openledger_bank::invariants::total_supply_matches_balances(s).unwrap();
}

/// Run `f` on a fork as the app does: applied on success, dropped on failure. On failure the
/// parent must be untouched; on success every invariant must hold.
pub fn run<T>(
    s: &mut MemState,
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, FeedbackError>,
) -> Result<T, FeedbackError> {
    let before: Changes = s.changes().clone();
    let (r, changes) = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork);
        (r, fork.into_changes())
    };
    match r {
        Ok(v) => {
            s.apply(changes);
            check_invariants(s);
            Ok(v)
        }
        Err(e) => {
            assert_eq!(s.changes(), &before, "a refused message changed state");
            Err(e)
        }
    }
}

pub fn code(e: &FeedbackError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

/// A message context at `height` signed by `signer`.
pub fn with_ctx<T>(height: u64, signer: Address, f: impl FnOnce(&MsgCtx) -> T) -> T {
    let b = block(height);
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    f(&ctx)
}

pub fn register(s: &mut MemState, h: u64, who: Address, bond: u128) -> Result<(), FeedbackError> {
    let m = MsgRegisterFeedbackValidator {
        validator: who,
        bond,
    };
    run(s, |f| {
        with_ctx(h, who, |c| execute_register_validator(f, c, &m))
    })
}

pub fn add_bond(
    s: &mut MemState,
    h: u64,
    who: Address,
    amount: u128,
) -> Result<u128, FeedbackError> {
    let m = MsgAddFeedbackBond {
        validator: who,
        amount,
    };
    run(s, |f| with_ctx(h, who, |c| execute_add_bond(f, c, &m)))
}

pub fn unbond(s: &mut MemState, h: u64, who: Address) -> Result<u64, FeedbackError> {
    let m = MsgUnbondFeedbackValidator { validator: who };
    run(s, |f| {
        with_ctx(h, who, |c| execute_unbond_validator(f, c, &m))
    })
}

pub fn items(n: u8) -> Vec<String> {
    (1..=n).map(|i| hex::encode([i; 32])).collect()
}

/// A round on model 1 version 0 by its creator: `n` items, commits up to height 10, reveals
/// up to height 20.
pub fn fund_msg(reward: u128, n: u8) -> MsgFundRound {
    MsgFundRound {
        creator: creator(),
        model_id: 1,
        model_version: 0,
        reward,
        item_hashes: items(n),
        commit_deadline_height: 10,
        reveal_deadline_height: 20,
    }
}

pub fn fund(s: &mut MemState, h: u64, m: &MsgFundRound) -> Result<u64, FeedbackError> {
    run(s, |f| {
        with_ctx(h, m.creator, |c| execute_fund_round(f, c, &MockModels, m))
    })
}

pub fn salt(who: Address) -> Vec<u8> {
    vec![who.as_bytes()[0]; 16]
}

pub fn commit(
    s: &mut MemState,
    h: u64,
    who: Address,
    round_id: u64,
    scores: &[u32],
) -> Result<(), FeedbackError> {
    let m = MsgCommitScores {
        validator: who,
        round_id,
        commitment: commitment_hash(round_id, &who, scores, &salt(who)),
    };
    run(s, |f| with_ctx(h, who, |c| execute_commit_scores(f, c, &m)))
}

pub fn reveal_msg(who: Address, round_id: u64, scores: &[u32]) -> MsgRevealScores {
    MsgRevealScores {
        validator: who,
        round_id,
        scores: scores.to_vec(),
        salt: salt(who),
    }
}

pub fn reveal_with(
    s: &mut MemState,
    h: u64,
    signer: Address,
    m: &MsgRevealScores,
) -> Result<(), FeedbackError> {
    run(s, |f| {
        with_ctx(h, signer, |c| execute_reveal_scores(f, c, m))
    })
}

pub fn reveal(
    s: &mut MemState,
    h: u64,
    who: Address,
    round_id: u64,
    scores: &[u32],
) -> Result<(), FeedbackError> {
    reveal_with(s, h, who, &reveal_msg(who, round_id, scores))
}

/// The end block of height `h`.
pub fn end(s: &mut MemState, h: u64) {
    run(s, |f| end_block(f, &block(h), &MockDistribution)).unwrap();
}

pub fn events<'a>(s: &'a MemState, kind: &str) -> Vec<&'a openledger_framework::Event> {
    s.changes()
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .collect()
}
