//! A staking stand-in for distribution tests: a BTreeMap-backed [`StakingKeeper`] and a harness
//! that changes delegations and calls the distribution hooks where staking does.
#![allow(dead_code)]

use std::collections::BTreeMap;

use openledger_auth::FEE_COLLECTOR;
use openledger_bank::BankRead;
use openledger_distribution::{
    after_delegation_modified, before_delegation_removed, before_delegation_shares_modified,
    on_validator_created, on_validator_removed, DistributionError, GenesisState, StakingKeeper,
    ValidatorView,
};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Coins, ConsAddress, Dec, MsgCtx, StateRead, StateWrite, VoteInfo,
};

pub const DENOM: &str = "aopen";

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

/// Operator `n`'s address (also its account).
pub fn op(n: u8) -> Address {
    Address([100 + n; 20])
}

pub fn cons(n: u8) -> ConsAddress {
    [200 + n; 20]
}

pub fn gov() -> Address {
    Address::module("gov")
}

pub fn fee_collector() -> Address {
    Address::module(FEE_COLLECTOR)
}

pub fn module() -> Address {
    openledger_distribution::module_address()
}

pub fn block() -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height: 2,
        time_unix_secs: 0,
        time_nanos: 0,
    }
}

/// Run `f` with a message context signed by `signers`.
pub fn with_ctx<R>(signers: &[Address], f: impl FnOnce(&MsgCtx) -> R) -> R {
    let b = block();
    let ctx = MsgCtx {
        block: &b,
        signers,
        msg_index: 0,
    };
    f(&ctx)
}

pub fn vote(n: u8, power: i64) -> VoteInfo {
    VoteInfo {
        consensus_address: cons(n),
        power,
        signed: true,
    }
}

pub fn mint(s: &mut MemState, to: &Address, amount: u128) {
    openledger_bank::mint(s, to, &Coins::single(DENOM, amount).unwrap()).unwrap();
}

pub fn mint_denom(s: &mut MemState, to: &Address, denom: &str, amount: u128) {
    openledger_bank::mint(s, to, &Coins::single(denom, amount).unwrap()).unwrap();
}

pub fn balance(s: &MemState, a: &Address) -> u128 {
    s.balance(a, DENOM).unwrap()
}

/// Empty state with default distribution params.
pub fn new_state() -> MemState {
    let mut s = MemState::empty();
    GenesisState::default().init(&mut s).unwrap();
    s
}

#[derive(Debug, Default, Clone)]
pub struct MockKeeper {
    pub validators: BTreeMap<Address, ValidatorView>,
    pub cons_index: BTreeMap<ConsAddress, Address>,
    /// (delegator, operator) -> shares
    pub delegations: BTreeMap<(Address, Address), u128>,
}

impl StakingKeeper for MockKeeper {
    fn validator(
        &self,
        _state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<ValidatorView>, CallError> {
        Ok(self.validators.get(operator).cloned())
    }

    fn validator_by_consensus_address(
        &self,
        _state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<ValidatorView>, CallError> {
        Ok(self
            .cons_index
            .get(cons)
            .and_then(|o| self.validators.get(o))
            .cloned())
    }

    fn delegation_shares(
        &self,
        _state: &dyn StateRead,
        delegator: &Address,
        operator: &Address,
    ) -> Result<Option<u128>, CallError> {
        Ok(self.delegations.get(&(*delegator, *operator)).copied())
    }

    fn delegator_validators(
        &self,
        _state: &dyn StateRead,
        delegator: &Address,
        limit: usize,
    ) -> Result<Vec<Address>, CallError> {
        Ok(self
            .delegations
            .keys()
            .filter(|(d, _)| d == delegator)
            .map(|(_, o)| *o)
            .take(limit)
            .collect())
    }
}

impl MockKeeper {
    /// A validator (operator `n`, consensus address `n`) with `self_bond` shares of its own.
    pub fn create_validator<S: StateWrite>(
        &mut self,
        s: &mut S,
        n: u8,
        rate: Dec,
        self_bond: u128,
    ) -> Result<(), DistributionError> {
        let operator = op(n);
        self.validators.insert(
            operator,
            ValidatorView {
                operator,
                commission_rate: rate,
                tokens: 0,
                delegator_shares: 0,
            },
        );
        self.cons_index.insert(cons(n), operator);
        on_validator_created(s, &operator)?;
        if self_bond > 0 {
            self.delegate(s, &operator, &operator, self_bond)?;
        }
        Ok(())
    }

    /// Add shares (tokens = shares here), with staking's hook order.
    pub fn delegate<S: StateWrite>(
        &mut self,
        s: &mut S,
        delegator: &Address,
        operator: &Address,
        shares: u128,
    ) -> Result<(), DistributionError> {
        if self.delegations.contains_key(&(*delegator, *operator)) {
            before_delegation_shares_modified(s, self, delegator, operator)?;
        }
        *self.delegations.entry((*delegator, *operator)).or_insert(0) += shares;
        if let Some(v) = self.validators.get_mut(operator) {
            v.delegator_shares += shares;
            v.tokens += shares;
        }
        after_delegation_modified(s, self, delegator, operator)
    }

    /// Remove shares; removes the delegation when none are left.
    pub fn undelegate<S: StateWrite>(
        &mut self,
        s: &mut S,
        delegator: &Address,
        operator: &Address,
        shares: u128,
    ) -> Result<(), DistributionError> {
        let have = self.delegations[&(*delegator, *operator)];
        assert!(shares <= have);
        before_delegation_shares_modified(s, self, delegator, operator)?;
        if let Some(v) = self.validators.get_mut(operator) {
            v.delegator_shares -= shares;
            v.tokens -= shares;
        }
        if shares == have {
            before_delegation_removed(s, self, delegator, operator)?;
            self.delegations.remove(&(*delegator, *operator));
            Ok(())
        } else {
            self.delegations
                .insert((*delegator, *operator), have - shares);
            after_delegation_modified(s, self, delegator, operator)
        }
    }

    /// Remove a validator with no shares left.
    pub fn remove_validator<S: StateWrite>(
        &mut self,
        s: &mut S,
        operator: &Address,
    ) -> Result<(), DistributionError> {
        let v = self.validators.remove(operator).unwrap();
        assert_eq!(v.delegator_shares, 0);
        self.cons_index.retain(|_, o| o != operator);
        on_validator_removed(s, operator)
    }

    /// (delegator, shares) of every delegation to `operator`.
    pub fn delegations_of(&self, operator: &Address) -> Vec<(Address, u128)> {
        self.delegations
            .iter()
            .filter(|((_, o), _)| o == operator)
            .map(|((d, _), s)| (*d, *s))
            .collect()
    }

    /// Both distribution invariants, for every validator the keeper knows.
    pub fn check_invariants(&self, s: &MemState) {
        openledger_distribution::invariants::module_balance_matches_holdings(s).unwrap();
        for operator in self.validators.keys() {
            openledger_distribution::invariants::delegations_within_outstanding(
                s,
                operator,
                &self.delegations_of(operator),
            )
            .unwrap();
        }
    }
}
