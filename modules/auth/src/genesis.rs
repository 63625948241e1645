//! Genesis import and export of accounts and params.

use openledger_framework::{Address, StateRead};
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::AuthError;
use crate::params::Params;
use crate::state::{AuthRead, AuthWrite};
use crate::state_key;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    pub address: Address,
    #[serde(default)]
    pub account_number: u64,
    #[serde(default)]
    pub sequence: u64,
    /// Hex of the 33-byte compressed secp256k1 key, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pub_key: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// Accounts with fixed numbers; accounts that only hold balances are created by bank.
    #[serde(default)]
    pub accounts: Vec<GenesisAccount>,
}

impl GenesisState {
    pub fn validate(&self) -> Result<(), AuthError> {
        self.params.validate()?;
        let mut numbers = std::collections::BTreeSet::new();
        let mut addrs = std::collections::BTreeSet::new();
        for a in &self.accounts {
            if !numbers.insert(a.account_number) {
                return Err(AuthError::InvalidGenesis(format!(
                    "duplicate account number {}",
                    a.account_number
                )));
            }
            if !addrs.insert(a.address) {
                return Err(AuthError::InvalidGenesis(format!(
                    "duplicate account {}",
                    a.address
                )));
            }
            if let Some(pk) = &a.pub_key {
                let bytes = hex::decode(pk).map_err(|_| AuthError::InvalidPubKey(pk.clone()))?;
                if bytes.len() != 33 {
                    return Err(AuthError::InvalidPubKey(pk.clone()));
                }
            }
        }
        Ok(())
    }

    pub fn init<S: AuthWrite>(&self, state: &mut S) -> Result<(), AuthError> {
        self.validate()?;
        state.set_auth_params(&self.params)?;
        let mut next = 0u64;
        for a in &self.accounts {
            let pub_key = match &a.pub_key {
                Some(h) => Some(hex::decode(h).map_err(|_| AuthError::InvalidPubKey(h.clone()))?),
                None => None,
            };
            state.set_account(&Account {
                address: a.address,
                pub_key,
                account_number: a.account_number,
                sequence: a.sequence,
            })?;
            next = next.max(a.account_number.checked_add(1).ok_or(AuthError::Overflow)?);
        }
        openledger_framework::StateWriteExt::put_borsh(
            state,
            state_key::next_account_number(),
            &next.max(state.next_account_number()?),
        )?;
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, AuthError> {
        let mut accounts = Vec::new();
        for item in state.prefix_raw(&state_key::accounts_prefix(), None) {
            let (_, v) = item?;
            let p =
                <cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount as prost::Message>::decode(
                    v.as_slice(),
                )
                .map_err(|e| AuthError::InvalidGenesis(e.to_string()))?;
            let a = Account::from_proto(&p)?;
            accounts.push(GenesisAccount {
                address: a.address,
                account_number: a.account_number,
                sequence: a.sequence,
                pub_key: a.pub_key.map(hex::encode),
            });
        }
        accounts.sort_by_key(|a| a.account_number);
        Ok(GenesisState {
            params: state.auth_params()?,
            accounts,
        })
    }
}
