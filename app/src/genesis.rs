//! The `app_state` of the genesis file: one field per module, named by the module and read
//! and written by it (see [`crate::modules::MODULES`]).

use std::collections::BTreeMap;

use openledger_framework::{
    Address, CallError, Changes, Coin, Coins, Dec, ModuleError, StateDelta, StateRead,
    StateWriteExt, BASE_DENOM,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::app::{keys, BlockParams};
use crate::modules::MODULES;

/// The block gas limit `openledgerd init` writes to `consensus_params.block.max_gas`: what a
/// block of the most expensive measured work per gas (bank sends over 100k accounts) executes
/// in 1.1-1.8 s on the 2-core reference machine (derivation in docs/performance.md, "Block gas
/// limit"). Three times the chain's `max_gas_per_tx` default, so the largest tx still fits.
pub const DEFAULT_BLOCK_MAX_GAS: i64 = 150_000_000;

/// The genesis `app_state`: each module's field as JSON, by module name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AppGenesis(BTreeMap<String, serde_json::Value>);

#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    #[error("genesis app_state is not valid JSON for this chain: {0}")]
    Json(#[from] serde_json::Error),
    #[error("genesis app_state has a field for no module of this chain: {0}")]
    UnknownModule(String),
    #[error("{module} genesis: {error}")]
    Module {
        module: &'static str,
        error: CallError,
    },
    #[error("genesis state is inconsistent: {0}")]
    Inconsistent(String),
    #[error("state: {0}")]
    State(#[from] openledger_framework::StateError),
}

impl GenesisError {
    pub fn module(module: &'static str, e: &dyn ModuleError) -> Self {
        GenesisError::Module {
            module,
            error: CallError::from_module(e),
        }
    }
}

fn module_name(name: &str) -> Result<&'static str, GenesisError> {
    MODULES
        .iter()
        .map(|m| m.name())
        .find(|m| *m == name)
        .ok_or_else(|| GenesisError::UnknownModule(name.to_string()))
}

impl AppGenesis {
    pub fn from_json(bytes: &[u8]) -> Result<Self, GenesisError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(AppGenesis::default());
        }
        Ok(serde_json::from_slice(bytes)?)
    }

    /// Every module's default genesis: what `openledgerd init` writes.
    pub fn defaults() -> Result<Self, GenesisError> {
        let mut g = AppGenesis::default();
        for m in MODULES {
            if let Some(v) = m.default_genesis() {
                g.0.insert(m.name().to_string(), v);
            }
        }
        Ok(g)
    }

    /// A module's field, typed (its default when absent).
    pub fn module<G: DeserializeOwned + Default>(&self, name: &str) -> Result<G, GenesisError> {
        let module = module_name(name)?;
        let value = self.0.get(name).unwrap_or(&serde_json::Value::Null);
        openledger_framework::module::genesis_from_json(module, value)
            .map_err(|error| GenesisError::Module { module, error })
    }

    /// Replace a module's field.
    pub fn set_module<G: Serialize>(&mut self, name: &str, g: &G) -> Result<(), GenesisError> {
        module_name(name)?;
        self.0.insert(name.to_string(), serde_json::to_value(g)?);
        Ok(())
    }

    /// Change a module's field in place: `genesis.edit("gov", |g: &mut GovGenesis| ...)`.
    pub fn edit<G: DeserializeOwned + Default + Serialize>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut G),
    ) -> Result<(), GenesisError> {
        let mut g: G = self.module(name)?;
        f(&mut g);
        self.set_module(name, &g)
    }

    fn field(&self, name: &str) -> &serde_json::Value {
        self.0.get(name).unwrap_or(&serde_json::Value::Null)
    }

    pub fn validate(&self) -> Result<(), GenesisError> {
        for name in self.0.keys() {
            module_name(name)?;
        }
        for m in MODULES {
            m.validate_genesis(self.field(m.name()))
                .map_err(|error| GenesisError::Module {
                    module: m.name(),
                    error,
                })?;
        }
        Ok(())
    }

    pub fn build<S: StateRead>(
        &self,
        base: S,
        chain_id: &str,
        block: BlockParams,
    ) -> Result<Changes, GenesisError> {
        self.validate()?;
        let mut state = StateDelta::new(base);
        for m in MODULES {
            m.init_genesis(&mut state, self.field(m.name()))
                .map_err(|error| GenesisError::Module {
                    module: m.name(),
                    error,
                })?;
        }
        // Cross-module consistency: the pools and escrows hold exactly what the modules say.
        crate::invariants::check_all(&state).map_err(GenesisError::Inconsistent)?;
        state.nonverifiable_put_borsh(keys::chain_id(), &chain_id.to_string())?;
        state.nonverifiable_put_borsh(keys::block_params(), &block)?;
        Ok(state.into_changes())
    }

    /// Make a funded account a genesis validator: `bond` aopen move from its genesis balance to
    /// the bonded pool as its self-delegation.
    pub fn add_validator(
        &mut self,
        operator: Address,
        consensus_pubkey: [u8; 32],
        bond: u128,
        moniker: &str,
        commission_rate: Dec,
    ) -> Result<(), GenesisError> {
        let inconsistent = |m: String| GenesisError::Inconsistent(m);
        let mut bank: openledger_bank::GenesisState = self.module("bank")?;
        let mut staking: openledger_staking::GenesisState = self.module("staking")?;
        let balance = bank
            .balances
            .iter_mut()
            .find(|b| b.address == operator)
            .ok_or_else(|| inconsistent(format!("{operator} has no genesis balance")))?;
        let have = balance.coins.amount_of(BASE_DENOM);
        let left = have.checked_sub(bond).ok_or_else(|| {
            inconsistent(format!(
                "{operator} holds {have}{BASE_DENOM} in genesis, less than {bond}{BASE_DENOM}"
            ))
        })?;
        let pool = staking
            .add_validator(operator, consensus_pubkey, bond, moniker, commission_rate)
            .map_err(|e| GenesisError::module("staking", &e))?;
        let rest: Vec<Coin> = balance
            .coins
            .iter()
            .filter(|c| c.denom != BASE_DENOM)
            .cloned()
            .chain((left > 0).then(|| Coin::new(BASE_DENOM, left)))
            .collect();
        balance.coins = Coins::normalize(rest)
            .map_err(|e| GenesisError::module("bank", &openledger_bank::BankError::from(e)))?;
        bank.balances.retain(|b| !b.coins.is_empty());
        let bonded = Coins::single(BASE_DENOM, bond)
            .map_err(|e| GenesisError::module("bank", &openledger_bank::BankError::from(e)))?;
        match bank.balances.iter_mut().find(|b| b.address == pool) {
            Some(b) => {
                b.coins = b.coins.checked_add(&bonded).map_err(|e| {
                    GenesisError::module("bank", &openledger_bank::BankError::from(e))
                })?
            }
            None => bank.balances.push(openledger_bank::Balance {
                address: pool,
                coins: bonded,
            }),
        }
        bank.supply.clear();
        self.set_module("bank", &bank)?;
        self.set_module("staking", &staking)?;
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, GenesisError> {
        let mut g = AppGenesis::default();
        for m in MODULES {
            let field = m
                .export_genesis(state)
                .map_err(|error| GenesisError::Module {
                    module: m.name(),
                    error,
                })?;
            if let Some(v) = field {
                g.0.insert(m.name().to_string(), v);
            }
        }
        Ok(g)
    }
}
