//! The `app_state` of the genesis file: one field per module.

use openledger_framework::{
    Address, Changes, Coin, Coins, Dec, StateDelta, StateRead, StateWriteExt, BASE_DENOM,
};
use serde::{Deserialize, Serialize};

use crate::app::{keys, BlockParams};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppGenesis {
    #[serde(default)]
    pub auth: openledger_auth::GenesisState,
    #[serde(default)]
    pub bank: openledger_bank::GenesisState,
    #[serde(default)]
    pub staking: openledger_staking::GenesisState,
    #[serde(default)]
    pub distribution: openledger_distribution::GenesisState,
    #[serde(default)]
    pub slashing: openledger_slashing::GenesisState,
    #[serde(default)]
    pub gov: openledger_gov::GenesisState,
    #[serde(default)]
    pub datanets: openledger_datanets::GenesisState,
    #[serde(default)]
    pub models: openledger_models::GenesisState,
    #[serde(default)]
    pub attribution: openledger_attribution::GenesisState,
}

#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    #[error("genesis app_state is not valid JSON for this chain: {0}")]
    Json(#[from] serde_json::Error),
    #[error("auth genesis: {0}")]
    Auth(#[from] openledger_auth::AuthError),
    #[error("bank genesis: {0}")]
    Bank(#[from] openledger_bank::BankError),
    #[error("staking genesis: {0}")]
    Staking(#[from] openledger_staking::StakingError),
    #[error("distribution genesis: {0}")]
    Distribution(#[from] openledger_distribution::DistributionError),
    #[error("slashing genesis: {0}")]
    Slashing(#[from] openledger_slashing::SlashingError),
    #[error("gov genesis: {0}")]
    Gov(#[from] openledger_gov::GovError),
    #[error("datanets genesis: {0}")]
    Datanets(#[from] openledger_datanets::DatanetsError),
    #[error("models genesis: {0}")]
    Models(#[from] openledger_models::ModelsError),
    #[error("attribution genesis: {0}")]
    Attribution(#[from] openledger_attribution::AttributionError),
    #[error("genesis state is inconsistent: {0}")]
    Inconsistent(String),
    #[error("state: {0}")]
    State(#[from] openledger_framework::StateError),
}

impl AppGenesis {
    pub fn from_json(bytes: &[u8]) -> Result<Self, GenesisError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(AppGenesis::default());
        }
        Ok(serde_json::from_slice(bytes)?)
    }

    pub fn validate(&self) -> Result<(), GenesisError> {
        self.auth.validate()?;
        self.bank.validate()?;
        self.staking.validate()?;
        self.distribution.validate()?;
        self.slashing.validate()?;
        self.gov.validate()?;
        self.datanets.validate()?;
        self.models.validate()?;
        self.attribution.validate()?;
        Ok(())
    }

    /// The writes genesis makes on an empty state, in a fixed module order.
    pub fn build<S: StateRead>(
        &self,
        base: S,
        chain_id: &str,
        block: BlockParams,
    ) -> Result<Changes, GenesisError> {
        self.validate()?;
        let mut state = StateDelta::new(base);
        self.auth.init(&mut state)?;
        self.bank.init(&mut state)?;
        self.staking.init(&mut state)?;
        self.distribution.init(&mut state)?;
        self.slashing.init(&mut state)?;
        self.gov.init(&mut state)?;
        self.datanets.init(&mut state)?;
        self.models
            .init(&mut state, &crate::keepers::DatanetsView)?;
        self.attribution.init(&mut state)?;
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
        let balance = self
            .bank
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
        let pool = self.staking.add_validator(
            operator,
            consensus_pubkey,
            bond,
            moniker,
            commission_rate,
        )?;
        let rest: Vec<Coin> = balance
            .coins
            .iter()
            .filter(|c| c.denom != BASE_DENOM)
            .cloned()
            .chain((left > 0).then(|| Coin::new(BASE_DENOM, left)))
            .collect();
        balance.coins = Coins::normalize(rest).map_err(openledger_bank::BankError::from)?;
        self.bank.balances.retain(|b| !b.coins.is_empty());
        let bonded = Coins::single(BASE_DENOM, bond).map_err(openledger_bank::BankError::from)?;
        match self.bank.balances.iter_mut().find(|b| b.address == pool) {
            Some(b) => {
                b.coins = b
                    .coins
                    .checked_add(&bonded)
                    .map_err(openledger_bank::BankError::from)?
            }
            None => self.bank.balances.push(openledger_bank::Balance {
                address: pool,
                coins: bonded,
            }),
        }
        self.bank.supply.clear();
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, GenesisError> {
        Ok(AppGenesis {
            auth: openledger_auth::GenesisState::export(state)?,
            bank: openledger_bank::GenesisState::export(state)?,
            staking: openledger_staking::GenesisState::export(state)?,
            distribution: openledger_distribution::GenesisState::export(state)?,
            slashing: openledger_slashing::GenesisState::export(state)?,
            gov: openledger_gov::GenesisState::export(state)?,
            datanets: openledger_datanets::GenesisState::export(state)?,
            models: openledger_models::GenesisState::export(state)?,
            attribution: openledger_attribution::GenesisState::export(state)?,
        })
    }
}
