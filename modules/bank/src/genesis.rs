//! Genesis import and export: params, balances and the total supply they add up to.

use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{Address, Coin, Coins, StateRead};
use serde::{Deserialize, Serialize};

use crate::error::BankError;
use crate::metadata::{default_denom_metadata, denom_metadata, set_denom_metadata, DenomMetadata};
use crate::params::Params;
use crate::state::{BankRead, BankWrite};
use crate::state_key;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    pub address: Address,
    pub coins: Coins,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub balances: Vec<Balance>,
    /// If given, must equal the sum of balances; if empty it is computed.
    #[serde(default)]
    pub supply: Vec<Coin>,
    /// How wallets display each denom (the SDK's `denom_metadata`); OPEN's when absent.
    #[serde(default = "default_denom_metadata")]
    pub denom_metadata: Vec<DenomMetadata>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            balances: Vec::new(),
            supply: Vec::new(),
            denom_metadata: default_denom_metadata(),
        }
    }
}

impl GenesisState {
    /// Total of all balances by denom.
    pub fn computed_supply(&self) -> Result<Coins, BankError> {
        let mut total = Coins::default();
        for b in &self.balances {
            total = total.checked_add(&b.coins)?;
        }
        Ok(total)
    }

    pub fn validate(&self) -> Result<(), BankError> {
        let mut seen = BTreeSet::new();
        for b in &self.balances {
            if !seen.insert(b.address) {
                return Err(BankError::InvalidGenesis(format!(
                    "duplicate balance for {}",
                    b.address
                )));
            }
        }
        let mut bases = BTreeSet::new();
        for m in &self.denom_metadata {
            m.validate()?;
            if !bases.insert(m.base.as_str()) {
                return Err(BankError::InvalidGenesis(format!(
                    "duplicate denom metadata for {}",
                    m.base
                )));
            }
        }
        if !self.supply.is_empty() {
            let given = Coins::new(self.supply.clone())?;
            if given != self.computed_supply()? {
                return Err(BankError::InvalidGenesis(
                    "supply does not equal the sum of balances".into(),
                ));
            }
        }
        Ok(())
    }

    pub fn init<S: BankWrite>(&self, state: &mut S) -> Result<(), BankError> {
        self.validate()?;
        state.set_bank_params(&self.params)?;
        // Sorted by address so account numbers do not depend on file order.
        let sorted: BTreeMap<Address, &Coins> = self
            .balances
            .iter()
            .map(|b| (b.address, &b.coins))
            .collect();
        for (addr, coins) in sorted {
            state.ensure_account(&addr)?;
            for c in coins.iter() {
                state.put_raw(
                    state_key::balance(&addr, &c.denom),
                    c.amount.to_be_bytes().to_vec(),
                )?;
            }
        }
        for c in self.computed_supply()?.iter() {
            state.put_raw(state_key::supply(&c.denom), c.amount.to_be_bytes().to_vec())?;
        }
        for m in &self.denom_metadata {
            set_denom_metadata(state, m)?;
        }
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, BankError> {
        let mut by_addr: BTreeMap<Address, Vec<Coin>> = BTreeMap::new();
        for item in state.prefix_raw(&state_key::all_balances(), None) {
            let (k, v) = item?;
            let (addr, denom) = state_key::parse_balance_key(&k)
                .ok_or_else(|| BankError::InvalidGenesis("malformed balance key".into()))?;
            let arr: [u8; 16] = v
                .as_slice()
                .try_into()
                .map_err(|_| BankError::InvalidGenesis("malformed balance".into()))?;
            by_addr
                .entry(addr)
                .or_default()
                .push(Coin::new(denom, u128::from_be_bytes(arr)));
        }
        let balances = by_addr
            .into_iter()
            .map(|(address, coins)| {
                Ok(Balance {
                    address,
                    coins: Coins::new(coins)?,
                })
            })
            .collect::<Result<Vec<_>, BankError>>()?;
        let mut supply = Vec::new();
        for item in state.prefix_raw(&state_key::supply_prefix(), None) {
            let (k, _) = item?;
            let denom =
                String::from_utf8_lossy(&k[state_key::supply_prefix().len()..]).into_owned();
            supply.push(Coin::new(denom.clone(), state.supply(&denom)?));
        }
        let mut metadata = Vec::new();
        let prefix = state_key::denom_metadata_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, _) = item?;
            let base = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
            if let Some(m) = denom_metadata(state, &base)? {
                metadata.push(m);
            }
        }
        Ok(GenesisState {
            params: state.bank_params()?,
            balances,
            supply,
            denom_metadata: metadata,
        })
    }
}
