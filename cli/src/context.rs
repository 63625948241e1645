//! What every command needs from the global flags: where the node and the keyring are,
//! and how to print.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use cosmrs::AccountId;

use crate::address;
use crate::cli::GlobalOpts;
use crate::keys::keyring::Keyring;
use crate::output::OutputFormat;
use crate::prompt::{self, PassphraseUse};
use crate::rpc::Rpc;
use crate::schema::args::Resolve;

/// Name of the default home directory under `$HOME`.
const DEFAULT_HOME_DIR: &str = ".openledger";

#[derive(Debug)]
pub struct Context {
    pub node: String,
    /// The node's gRPC endpoint.
    pub grpc: String,
    pub chain_id: Option<String>,
    /// `--home`; `None` means `$HOME/.openledger`, resolved when the keyring is needed.
    home: Option<PathBuf>,
    pub output: OutputFormat,
    pub passphrase_env: Option<String>,
}

impl Context {
    pub fn new(global: GlobalOpts) -> Self {
        Self {
            node: global.node,
            grpc: global.grpc,
            chain_id: global.chain_id.filter(|id| !id.trim().is_empty()),
            home: global.home,
            output: global.output,
            passphrase_env: global.keyring_passphrase_env,
        }
    }

    /// The directory holding the keyring.
    pub fn home(&self) -> anyhow::Result<PathBuf> {
        if let Some(home) = &self.home {
            return Ok(home.clone());
        }
        match std::env::var_os("HOME") {
            Some(user_home) if !user_home.is_empty() => {
                Ok(PathBuf::from(user_home).join(DEFAULT_HOME_DIR))
            }
            _ => bail!("cannot find the home directory ($HOME is not set); pass --home DIR"),
        }
    }

    pub fn keyring(&self) -> anyhow::Result<Keyring> {
        Ok(Keyring::load(&self.home()?)?)
    }

    pub fn rpc(&self) -> anyhow::Result<Rpc> {
        Rpc::connect(&self.node)
    }

    pub fn passphrase(&self, purpose: PassphraseUse) -> anyhow::Result<zeroize::Zeroizing<String>> {
        prompt::keyring_passphrase(self.passphrase_env.as_deref(), purpose)
    }

    /// The chain id from `--chain-id`, else from the node's `/status`.
    pub async fn chain_id(&self, rpc: &Rpc) -> anyhow::Result<tendermint::chain::Id> {
        match &self.chain_id {
            Some(id) => id
                .parse()
                .with_context(|| format!("invalid --chain-id {id:?}")),
            None => Ok(rpc.status().await?.node_info.network),
        }
    }

    /// The account of a key in the keyring; `what` names the address that was expected instead.
    fn key_account(&self, input: &str, what: &str) -> anyhow::Result<AccountId> {
        let keyring = self.keyring()?;
        match keyring.get(input) {
            Ok(entry) => Ok(address::parse_account(&entry.address)?),
            Err(_) => bail!(
                "{input:?} is neither {what} address nor the name of a key in {}",
                keyring.path().display()
            ),
        }
    }

    /// An `open1...` address, or the address of a key in the keyring.
    pub fn account(&self, input: &str) -> anyhow::Result<AccountId> {
        if address::looks_like_address(input) {
            return Ok(address::parse_account(input)?);
        }
        self.key_account(input, &format!("an {}1...", crate::chain::ACCOUNT_PREFIX))
    }

    /// An `openvaloper1...` address, or the validator that a key of the keyring operates.
    pub fn validator(&self, input: &str) -> anyhow::Result<AccountId> {
        let prefix = format!("{}1", crate::chain::VALOPER_PREFIX);
        if input.trim().to_ascii_lowercase().starts_with(&prefix) {
            return Ok(address::parse_validator(input)?);
        }
        if address::looks_like_address(input) {
            bail!("{input:?} is an account address; validators are given by their operator address ({prefix}...)");
        }
        let account = self.key_account(input, &format!("a {prefix}..."))?;
        Ok(address::validator_of_account(&account)?)
    }

    /// A key name or address, as the address a field needs.
    pub fn resolve(&self, kind: Resolve, input: &str) -> anyhow::Result<String> {
        Ok(match kind {
            Resolve::None => input.to_owned(),
            Resolve::Account => self.account(input)?.to_string(),
            Resolve::Validator => self.validator(input)?.to_string(),
        })
    }
}
