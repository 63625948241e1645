//! An in-memory staking keeper for tests (here and in the app): validators live in state
//! under `mock_staking/`, so dropped forks roll them back; calls are recorded in order.

use std::cell::{Cell, RefCell};

use borsh::{BorshDeserialize, BorshSerialize};
use openledger_framework::{
    Address, CallError, ConsAddress, Dec, StateError, StateRead, StateReadExt, StateWrite,
    StateWriteExt,
};

use crate::keeper::{StakingKeeper, ValidatorView};

/// A call made to the mock, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MockCall {
    Slash {
        cons: ConsAddress,
        infraction_height: u64,
        power: i64,
        fraction: Dec,
    },
    Jail(ConsAddress),
    Unjail(Address),
}

#[derive(BorshSerialize, BorshDeserialize)]
struct Stored {
    operator: Address,
    cons: ConsAddress,
    jailed: bool,
    bonded: bool,
    tokens: u128,
}

fn by_cons(cons: &ConsAddress) -> Vec<u8> {
    let mut k = b"mock_staking/val/".to_vec();
    k.extend_from_slice(cons);
    k
}

fn by_operator(op: &Address) -> Vec<u8> {
    let mut k = b"mock_staking/op/".to_vec();
    k.extend_from_slice(op.as_bytes());
    k
}

/// Code of the mock's unjail refusal (in the `staking` codespace).
pub const MOCK_UNJAIL_REFUSAL_CODE: u32 = 77;

fn refuse(log: &str) -> CallError {
    CallError::new("staking", 3, log)
}

#[derive(Default)]
pub struct MockStaking {
    pub calls: RefCell<Vec<MockCall>>,
    /// When set, `slash` refuses (a staking error), to test that refusals change nothing.
    pub refuse_slash: Cell<bool>,
    /// When set, `slash` fails as a storage failure would.
    pub fail_storage: Cell<bool>,
    /// When set, `unjail` refuses as staking does for a self-delegation below the minimum.
    pub refuse_unjail: Cell<bool>,
}

impl MockStaking {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn put(state: &mut dyn StateWrite, v: &ValidatorView) -> Result<(), StateError> {
        let s = Stored {
            operator: v.operator,
            cons: v.consensus_address,
            jailed: v.jailed,
            bonded: v.bonded,
            tokens: v.tokens,
        };
        state.put_borsh(by_cons(&v.consensus_address), &s)?;
        state.put_borsh(by_operator(&v.operator), &v.consensus_address)
    }

    pub fn get(
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<ValidatorView>, StateError> {
        Ok(state
            .get_borsh::<Stored>(&by_cons(cons))?
            .map(|s| ValidatorView {
                operator: s.operator,
                consensus_address: s.cons,
                jailed: s.jailed,
                bonded: s.bonded,
                tokens: s.tokens,
            }))
    }

    pub fn calls(&self) -> Vec<MockCall> {
        self.calls.borrow().clone()
    }

    pub fn clear_calls(&self) {
        self.calls.borrow_mut().clear();
    }

    fn update(
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        f: impl FnOnce(&mut ValidatorView) -> Result<(), CallError>,
    ) -> Result<(), CallError> {
        let mut v = Self::get(state, cons)?.ok_or_else(|| refuse("no validator"))?;
        f(&mut v)?;
        Self::put(state, &v)?;
        Ok(())
    }
}

impl StakingKeeper for MockStaking {
    fn validator_by_consensus_address(
        &self,
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<ValidatorView>, CallError> {
        Ok(Self::get(state, cons)?)
    }

    fn validator(
        &self,
        state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<ValidatorView>, CallError> {
        match state.get_borsh::<ConsAddress>(&by_operator(operator))? {
            Some(cons) => Ok(Self::get(state, &cons)?),
            None => Ok(None),
        }
    }

    fn slash(
        &self,
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        infraction_height: u64,
        power: i64,
        fraction: Dec,
    ) -> Result<(), CallError> {
        self.calls.borrow_mut().push(MockCall::Slash {
            cons: *cons,
            infraction_height,
            power,
            fraction,
        });
        if self.fail_storage.get() {
            return Err(StateError::Storage("disk on fire".into()).into());
        }
        if self.refuse_slash.get() {
            return Err(refuse("slash refused"));
        }
        Self::update(state, cons, |v| {
            let cut = fraction
                .mul_floor(v.tokens)
                .ok_or_else(|| refuse("overflow"))?;
            v.tokens = v.tokens.saturating_sub(cut);
            Ok(())
        })
    }

    fn jail(&self, state: &mut dyn StateWrite, cons: &ConsAddress) -> Result<(), CallError> {
        self.calls.borrow_mut().push(MockCall::Jail(*cons));
        Self::update(state, cons, |v| {
            if v.jailed {
                return Err(refuse("already jailed"));
            }
            v.jailed = true;
            Ok(())
        })
    }

    fn unjail(&self, state: &mut dyn StateWrite, operator: &Address) -> Result<(), CallError> {
        self.calls.borrow_mut().push(MockCall::Unjail(*operator));
        if self.refuse_unjail.get() {
            return Err(CallError::new(
                "staking",
                MOCK_UNJAIL_REFUSAL_CODE,
                "self-delegation below the minimum",
            ));
        }
        let cons = self
            .validator(state, operator)?
            .ok_or_else(|| refuse("no validator"))?
            .consensus_address;
        Self::update(state, &cons, |v| {
            if !v.jailed {
                return Err(refuse("not jailed"));
            }
            v.jailed = false;
            Ok(())
        })
    }
}
