//! A small in-memory chain for staking tests: bank-funded accounts, forks per message (applied
//! on success, dropped on error), end blocks with advancing time, and recording hooks.
#![allow(dead_code)]

use std::cell::RefCell;

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_bank::{Balance, BankRead};
use openledger_framework::delta::{EmptyState, MemState};
use openledger_framework::{
    Address, BlockCtx, CallError, Coins, ConsAddress, Dec, MsgCtx, StateDelta, StateRead,
    StateWrite, ValidatorUpdate, VALOPER_PREFIX,
};
use openledger_staking::{
    ed25519_pubkey_to_any, invariants, GenesisState, MsgCreateValidator, StakingError,
    StakingHooks, StakingRead, POWER_REDUCTION,
};

pub const OPEN: u128 = POWER_REDUCTION;
pub const DAY: i64 = 86_400;
pub const GENESIS_TIME: i64 = 1_700_000_000;

pub fn acc(n: u8) -> Address {
    Address([n; 20])
}

pub fn pk(n: u8) -> [u8; 32] {
    [n; 32]
}

pub fn cons(n: u8) -> ConsAddress {
    openledger_framework::consensus_address(&pk(n))
}

pub fn valoper(n: u8) -> String {
    acc(n).to_bech32(VALOPER_PREFIX)
}

pub fn coin(amount: u128) -> PbCoin {
    PbCoin {
        denom: "aopen".into(),
        amount: amount.to_string(),
    }
}

/// Every key and value of a state, to compare states.
pub fn snapshot<S: StateRead>(s: &S) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.prefix_raw(b"", None).collect::<Result<_, _>>().unwrap()
}

/// Hooks that record every call, optionally failing one kind.
#[derive(Default)]
pub struct RecordingHooks {
    pub calls: RefCell<Vec<String>>,
    pub fail_on: Option<&'static str>,
}

impl RecordingHooks {
    fn rec(&self, name: &'static str, args: String) -> Result<(), CallError> {
        self.calls.borrow_mut().push(format!("{name}({args})"));
        if self.fail_on == Some(name) {
            return Err(CallError::new("distribution", 9, format!("{name} failed")));
        }
        Ok(())
    }

    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.borrow_mut())
    }
}

fn short(a: &Address) -> String {
    a.0[0].to_string()
}

impl StakingHooks for RecordingHooks {
    fn after_validator_created(
        &self,
        _: &mut dyn StateWrite,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec("after_validator_created", short(op))
    }
    fn before_delegation_shares_modified(
        &self,
        _: &mut dyn StateWrite,
        d: &Address,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec(
            "before_delegation_shares_modified",
            format!("{},{}", short(d), short(op)),
        )
    }
    fn after_delegation_modified(
        &self,
        _: &mut dyn StateWrite,
        d: &Address,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec(
            "after_delegation_modified",
            format!("{},{}", short(d), short(op)),
        )
    }
    fn before_delegation_removed(
        &self,
        _: &mut dyn StateWrite,
        d: &Address,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec(
            "before_delegation_removed",
            format!("{},{}", short(d), short(op)),
        )
    }
    fn after_validator_removed(
        &self,
        _: &mut dyn StateWrite,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec("after_validator_removed", short(op))
    }
    fn after_validator_bonded(
        &self,
        _: &mut dyn StateWrite,
        _: &ConsAddress,
        op: &Address,
    ) -> Result<(), CallError> {
        self.rec("after_validator_bonded", short(op))
    }
}

pub struct Chain {
    pub state: MemState,
    pub height: u64,
    pub time: i64,
    pub hooks: RecordingHooks,
}

impl Chain {
    /// Accounts `n` funded with `amount` aopen, default staking params.
    pub fn new(funded: &[(u8, u128)]) -> Self {
        Self::with_genesis(funded, GenesisState::default(), &[])
    }

    /// Bank genesis for `funded` plus the pool balances, then the staking genesis.
    pub fn with_genesis(
        funded: &[(u8, u128)],
        genesis: GenesisState,
        pools: &[(Address, u128)],
    ) -> Self {
        let mut balances: Vec<Balance> = funded
            .iter()
            .map(|(n, a)| Balance {
                address: acc(*n),
                coins: Coins::single("aopen", *a).unwrap(),
            })
            .collect();
        for (addr, amount) in pools {
            if *amount > 0 {
                balances.push(Balance {
                    address: *addr,
                    coins: Coins::single("aopen", *amount).unwrap(),
                });
            }
        }
        let mut state = MemState::empty();
        openledger_bank::GenesisState {
            balances,
            ..Default::default()
        }
        .init(&mut state)
        .unwrap();
        genesis.init(&mut state).unwrap();
        Chain {
            state,
            height: 1,
            time: GENESIS_TIME,
            hooks: RecordingHooks::default(),
        }
    }

    pub fn block(&self) -> BlockCtx {
        BlockCtx {
            chain_id: "test-1".into(),
            height: self.height,
            time_unix_secs: self.time,
            time_nanos: 0,
        }
    }

    /// Run `f` in a fork signed by `signer`: applied on success; on error the fork is dropped
    /// and the state is checked to be unchanged.
    pub fn exec<T>(
        &mut self,
        signer: Address,
        f: impl FnOnce(&mut StateDelta<&MemState>, &MsgCtx, &RecordingHooks) -> Result<T, StakingError>,
    ) -> Result<T, StakingError> {
        let before = snapshot(&self.state);
        let block = self.block();
        let signers = [signer];
        let ctx = MsgCtx {
            block: &block,
            signers: &signers,
            msg_index: 0,
        };
        let mut fork = StateDelta::new(&self.state);
        let out = f(&mut fork, &ctx, &self.hooks);
        match out {
            Ok(v) => {
                let changes = fork.into_changes();
                self.state.apply(changes);
                Ok(v)
            }
            Err(e) => {
                drop(fork);
                assert_eq!(snapshot(&self.state), before, "refusal changed state");
                Err(e)
            }
        }
    }

    pub fn create_validator_msg(n: u8, amount: u128) -> pb::MsgCreateValidator {
        pb::MsgCreateValidator {
            description: Some(pb::Description {
                moniker: format!("val{n}"),
                ..Default::default()
            }),
            commission: Some(pb::CommissionRates {
                rate: Dec::percent(10).to_proto_string(),
                max_rate: Dec::percent(20).to_proto_string(),
                max_change_rate: Dec::percent(1).to_proto_string(),
            }),
            min_self_delegation: "1".into(),
            #[allow(deprecated)]
            delegator_address: String::new(),
            validator_address: valoper(n),
            pubkey: Some(ed25519_pubkey_to_any(&pk(n))),
            value: Some(coin(amount)),
        }
    }

    pub fn create_validator(&mut self, n: u8, amount: u128) -> Result<(), StakingError> {
        let msg = MsgCreateValidator::try_from(&Self::create_validator_msg(n, amount))?;
        self.exec(acc(n), |s, ctx, h| {
            openledger_staking::execute_create_validator(s, ctx, h, &msg)
        })
        .map(|_| ())
    }

    pub fn delegate(&mut self, d: u8, v: u8, amount: u128) -> Result<(), StakingError> {
        let msg = openledger_staking::MsgDelegate::try_from(&pb::MsgDelegate {
            delegator_address: acc(d).to_string(),
            validator_address: valoper(v),
            amount: Some(coin(amount)),
        })?;
        self.exec(acc(d), |s, ctx, h| {
            openledger_staking::execute_delegate(s, ctx, h, &msg)
        })
        .map(|_| ())
    }

    pub fn undelegate(
        &mut self,
        d: u8,
        v: u8,
        amount: u128,
    ) -> Result<pb::MsgUndelegateResponse, StakingError> {
        let msg = openledger_staking::MsgUndelegate::try_from(&pb::MsgUndelegate {
            delegator_address: acc(d).to_string(),
            validator_address: valoper(v),
            amount: Some(coin(amount)),
        })?;
        self.exec(acc(d), |s, ctx, h| {
            openledger_staking::execute_undelegate(s, ctx, h, &msg)
        })
    }

    pub fn redelegate(
        &mut self,
        d: u8,
        src: u8,
        dst: u8,
        amount: u128,
    ) -> Result<pb::MsgBeginRedelegateResponse, StakingError> {
        let msg = openledger_staking::MsgBeginRedelegate::try_from(&pb::MsgBeginRedelegate {
            delegator_address: acc(d).to_string(),
            validator_src_address: valoper(src),
            validator_dst_address: valoper(dst),
            amount: Some(coin(amount)),
        })?;
        self.exec(acc(d), |s, ctx, h| {
            openledger_staking::execute_begin_redelegate(s, ctx, h, &msg)
        })
    }

    pub fn cancel_unbonding(
        &mut self,
        d: u8,
        v: u8,
        amount: u128,
        height: u64,
    ) -> Result<(), StakingError> {
        let msg = openledger_staking::MsgCancelUnbondingDelegation::try_from(
            &pb::MsgCancelUnbondingDelegation {
                delegator_address: acc(d).to_string(),
                validator_address: valoper(v),
                amount: Some(coin(amount)),
                creation_height: i64::try_from(height).unwrap(),
            },
        )?;
        self.exec(acc(d), |s, ctx, h| {
            openledger_staking::execute_cancel_unbonding_delegation(s, ctx, h, &msg)
        })
        .map(|_| ())
    }

    /// End the current block, then start the next one `secs` later.
    pub fn end_block(&mut self, secs: i64) -> Vec<ValidatorUpdate> {
        let block = self.block();
        let updates = openledger_staking::end_block(&mut self.state, &block, &self.hooks).unwrap();
        self.check_invariants();
        self.height += 1;
        self.time += secs;
        updates
    }

    pub fn check_invariants(&self) {
        invariants::all_invariants(&self.state).unwrap();
        openledger_bank::invariants::total_supply_matches_balances(&self.state).unwrap();
    }

    pub fn balance(&self, n: u8) -> u128 {
        self.state.balance(&acc(n), "aopen").unwrap()
    }

    pub fn pools(&self) -> (u128, u128) {
        (
            self.state.bonded_pool_balance().unwrap(),
            self.state.not_bonded_pool_balance().unwrap(),
        )
    }

    pub fn validator(&self, n: u8) -> Option<openledger_staking::Validator> {
        self.state.validator(&acc(n)).unwrap()
    }

    pub fn shares(&self, d: u8, v: u8) -> u128 {
        self.state
            .delegation(&acc(d), &acc(v))
            .unwrap()
            .map(|d| d.shares)
            .unwrap_or(0)
    }

    pub fn events(&self) -> Vec<String> {
        self.state
            .changes()
            .events
            .iter()
            .map(|e| e.kind.clone())
            .collect()
    }

    pub fn clear_events(&mut self) {
        let _ = self.state.take_events();
    }

    /// A copy of the state, to run something on it and compare.
    pub fn fork_copy(&self) -> MemState {
        StateDelta::with_changes(EmptyState, self.state.changes().clone())
    }
}
