//! Shared setup of the adapters tests: mock models and attribution keepers, and a `run`
//! wrapper that applies a message like the app does (all or nothing) and checks the
//! invariants.
#![allow(dead_code)]

use std::collections::BTreeMap;

use openledger_adapters::{invariants, AttributionKeeper, ModelView, ModelsKeeper, OperatorView};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, ModuleError, MsgCtx, StateDelta, StateRead,
};

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub const CREATOR: u8 = 1;
pub const OTHER_CREATOR: u8 = 2;
/// Active, serves model 1.
pub const OP: u8 = 10;
/// Active, serves model 2.
pub const OP2: u8 = 11;
/// Unbonding, serves model 1.
pub const OP_UNBONDING: u8 = 12;
/// Active, serves models 1 and 2.
pub const OP_BOTH: u8 = 13;

/// Model 1 (creator 1, "llama-3-8b", versions 1 and 2) and model 2 (creator 2,
/// "mistral-7b", no versions).
pub struct MockModels;

impl ModelsKeeper for MockModels {
    fn model(&self, _state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError> {
        Ok(match id {
            1 => Some(ModelView {
                id,
                creator: addr(CREATOR),
                base_model: "llama-3-8b".into(),
            }),
            2 => Some(ModelView {
                id,
                creator: addr(OTHER_CREATOR),
                base_model: "mistral-7b".into(),
            }),
            _ => None,
        })
    }

    fn version_exists(
        &self,
        _state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<bool, CallError> {
        Ok(id == 1 && (1..=2).contains(&number))
    }
}

pub struct MockAttribution(pub BTreeMap<Address, OperatorView>);

impl Default for MockAttribution {
    fn default() -> Self {
        let mut m = BTreeMap::new();
        for (n, active, models) in [
            (OP, true, vec![1]),
            (OP2, true, vec![2]),
            (OP_UNBONDING, false, vec![1]),
            (OP_BOTH, true, vec![1, 2]),
        ] {
            m.insert(
                addr(n),
                OperatorView {
                    address: addr(n),
                    active,
                    models,
                    receipts_recorded: u64::from(n) * 3,
                    challenges_lost: u64::from(n % 2),
                },
            );
        }
        MockAttribution(m)
    }
}

impl AttributionKeeper for MockAttribution {
    fn operator(
        &self,
        _state: &dyn StateRead,
        address: &Address,
    ) -> Result<Option<OperatorView>, CallError> {
        Ok(self.0.get(address).cloned())
    }
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: 1_700_000_000 + i64::try_from(height).unwrap_or(0) * 5,
        time_nanos: 0,
    }
}

/// Run `f` with a message context at `height` signed by `signer`.
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

/// Execute on a fork of `s`: applied on success, dropped on error (like the app). The
/// invariants must hold either way.
pub fn run<T, E: std::fmt::Debug>(
    s: &mut MemState,
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, E>,
) -> Result<T, E> {
    let result = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork);
        r.map(|t| (t, fork.into_changes()))
    };
    let out = match result {
        Ok((t, changes)) => {
            s.apply(changes);
            Ok(t)
        }
        Err(e) => Err(e),
    };
    invariants::check_all(&*s, &MockAttribution::default()).unwrap();
    out
}

/// (codespace, code) of an error.
pub fn code<E: ModuleError>(e: &E) -> (&'static str, u32) {
    (e.codespace(), e.code())
}
