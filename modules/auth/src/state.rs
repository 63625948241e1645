//! The only way to touch auth state.

use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
use openledger_framework::{Address, StateRead, StateReadExt, StateWrite, StateWriteExt};

use crate::account::Account;
use crate::error::AuthError;
use crate::params::Params;
use crate::state_key;

pub trait AuthRead: StateRead {
    fn account(&self, addr: &Address) -> Result<Option<Account>, AuthError> {
        match self.get_proto::<BaseAccount>(&state_key::account(addr))? {
            None => Ok(None),
            Some(p) => Account::from_proto(&p).map(Some),
        }
    }

    fn auth_params(&self) -> Result<Params, AuthError> {
        Ok(self.get_borsh(&state_key::params())?.unwrap_or_default())
    }

    fn next_account_number(&self) -> Result<u64, AuthError> {
        Ok(self
            .get_borsh::<u64>(&state_key::next_account_number())?
            .unwrap_or(0))
    }
}
impl<S: StateRead + ?Sized> AuthRead for S {}

pub trait AuthWrite: AuthRead + StateWrite {
    fn set_account(&mut self, account: &Account) -> Result<(), AuthError> {
        self.put_proto(state_key::account(&account.address), &account.to_proto())?;
        Ok(())
    }

    /// The account at `addr`, created with the next account number if it does not exist.
    fn ensure_account(&mut self, addr: &Address) -> Result<Account, AuthError> {
        if let Some(a) = self.account(addr)? {
            return Ok(a);
        }
        let number = self.next_account_number()?;
        let next = number.checked_add(1).ok_or(AuthError::Overflow)?;
        self.put_borsh(state_key::next_account_number(), &next)?;
        let account = Account {
            address: *addr,
            pub_key: None,
            account_number: number,
            sequence: 0,
        };
        self.set_account(&account)?;
        Ok(account)
    }

    fn set_auth_params(&mut self, params: &Params) -> Result<(), AuthError> {
        params.validate()?;
        self.put_borsh(state_key::params(), params)?;
        Ok(())
    }
}
impl<S: StateWrite + ?Sized> AuthWrite for S {}
