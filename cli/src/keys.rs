//! `openledger keys ...`: the local keyring.

pub mod keyring;
pub mod mnemonic;
pub mod seal;

use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Subcommand};
use cosmrs::crypto::PublicKey;
use serde::Serialize;

use crate::context::Context;
use crate::output::{self, Render};
use crate::prompt::{self, PassphraseUse};
use keyring::{KeyEntry, Keyring};
use seal::KdfParams;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key from a new 24-word mnemonic (shown once), or recover one with --recover
    Add(AddArgs),
    /// Recover a key from an existing mnemonic read from stdin or --mnemonic-file
    Import(ImportArgs),
    /// List the keys in the keyring
    List,
    /// Show a key's address and public key
    Show(ShowArgs),
    /// Delete a key from the keyring
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Name of the new key (letters, digits, '-', '_', '.')
    pub name: String,
    /// Recover the key from an existing BIP39 mnemonic read from stdin instead of creating one
    #[arg(long)]
    pub recover: bool,
    /// With --recover: read the mnemonic from this file instead of stdin
    #[arg(long, requires = "recover", value_name = "FILE")]
    pub mnemonic_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Name of the new key (letters, digits, '-', '_', '.')
    pub name: String,
    /// Read the mnemonic from this file instead of stdin
    #[arg(long, value_name = "FILE")]
    pub mnemonic_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Key name or address
    pub name: String,
    /// Print only the address
    #[arg(long, short = 'a')]
    pub address: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Key name or address
    pub name: String,
    /// Skip the confirmation question
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(ctx: &Context, cmd: KeysCommand) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::Add(args) if args.recover => {
            import(ctx, &args.name, args.mnemonic_file.as_deref())
        }
        KeysCommand::Add(args) => add_new(ctx, &args.name),
        KeysCommand::Import(args) => import(ctx, &args.name, args.mnemonic_file.as_deref()),
        KeysCommand::List => list(ctx),
        KeysCommand::Show(args) => show(ctx, &args),
        KeysCommand::Delete(args) => delete(ctx, &args),
    }
}

fn add_new(ctx: &Context, name: &str) -> anyhow::Result<()> {
    let mut keyring = ctx.keyring()?;
    ensure_name_free(&keyring, name)?;
    let params = KdfParams::from_env()?;
    let passphrase = ctx.passphrase(creation_or_unlock(&keyring))?;
    let phrase = mnemonic::generate()?;
    let entry = keyring.add(name, &phrase, &passphrase, params)?;
    output::emit(
        ctx.output,
        &KeyAdded { key: KeyView::new(&entry)?, mnemonic: Some(phrase.as_str()) },
    )
}

fn import(ctx: &Context, name: &str, file: Option<&std::path::Path>) -> anyhow::Result<()> {
    let mut keyring = ctx.keyring()?;
    ensure_name_free(&keyring, name)?;
    let params = KdfParams::from_env()?;
    let input = match file {
        Some(path) => prompt::read_mnemonic_file(path)?,
        None => prompt::read_mnemonic_stdin()?,
    };
    // Fail on a mistyped mnemonic before asking for the passphrase.
    let phrase = mnemonic::normalize(&input)?;
    let passphrase = ctx.passphrase(creation_or_unlock(&keyring))?;
    let entry = keyring.add(name, &phrase, &passphrase, params)?;
    output::emit(ctx.output, &KeyAdded { key: KeyView::new(&entry)?, mnemonic: None })
}

fn list(ctx: &Context) -> anyhow::Result<()> {
    let keyring = ctx.keyring()?;
    let keys = keyring.keys().iter().map(KeyView::new).collect::<Result<Vec<_>, _>>()?;
    output::emit(ctx.output, &KeyList(keys))
}

fn show(ctx: &Context, args: &ShowArgs) -> anyhow::Result<()> {
    let keyring = ctx.keyring()?;
    let entry = keyring.get(&args.name)?;
    if args.address {
        output::emit(ctx.output, &AddressOnly { address: entry.address.clone() })
    } else {
        output::emit(ctx.output, &KeyView::new(entry)?)
    }
}

fn delete(ctx: &Context, args: &DeleteArgs) -> anyhow::Result<()> {
    let mut keyring = ctx.keyring()?;
    let entry = keyring.get(&args.name)?.clone();
    if !args.yes {
        let question = format!(
            "Delete key {:?} ({})? Without its mnemonic it cannot be restored.",
            entry.name, entry.address
        );
        if !prompt::confirm(&question)? {
            bail!("aborted: key {:?} was not deleted", entry.name);
        }
    }
    let removed = keyring.delete(&entry.name)?;
    output::emit(ctx.output, &KeyDeleted { deleted: KeyView::new(&removed)? })
}

fn ensure_name_free(keyring: &Keyring, name: &str) -> anyhow::Result<()> {
    if keyring.keys().iter().any(|k| k.name == name) {
        return Err(keyring::KeyringError::DuplicateName(name.to_owned()).into());
    }
    Ok(())
}

fn creation_or_unlock(keyring: &Keyring) -> PassphraseUse {
    if keyring.keys().is_empty() {
        PassphraseUse::Create
    } else {
        PassphraseUse::Unlock
    }
}

/// The public part of a key, as shown to users.
#[derive(Debug, Serialize)]
struct KeyView {
    name: String,
    address: String,
    /// `{"@type": "/cosmos.crypto.secp256k1.PubKey", "key": "<base64>"}`
    pubkey: PublicKey,
    pubkey_hex: String,
    algo: String,
    hd_path: String,
}

impl KeyView {
    fn new(entry: &KeyEntry) -> Result<Self, keyring::KeyringError> {
        Ok(Self {
            name: entry.name.clone(),
            address: entry.address.clone(),
            pubkey: entry.public_key()?,
            pubkey_hex: entry.pubkey_hex.clone(),
            algo: entry.algo.clone(),
            hd_path: entry.hd_path.clone(),
        })
    }
}

impl Render for KeyView {
    fn text(&self) -> String {
        format!(
            "name:    {}\naddress: {}\npubkey:  {}\nhd path: {}",
            self.name,
            self.address,
            self.pubkey.to_json(),
            self.hd_path
        )
    }
}

#[derive(Debug, Serialize)]
struct KeyAdded<'a> {
    #[serde(flatten)]
    key: KeyView,
    /// Only for a newly generated key; shown exactly once.
    #[serde(skip_serializing_if = "Option::is_none")]
    mnemonic: Option<&'a str>,
}

impl Render for KeyAdded<'_> {
    fn text(&self) -> String {
        let mut text = self.key.text();
        if let Some(mnemonic) = self.mnemonic {
            text.push_str(
                "\n\n**Important** write this mnemonic phrase down and keep it safe.\n\
                 It is the only way to recover the key; it will not be shown again.\n\n",
            );
            text.push_str(mnemonic);
        }
        text
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct KeyList(Vec<KeyView>);

impl Render for KeyList {
    fn text(&self) -> String {
        if self.0.is_empty() {
            return "no keys (create one with `openledger keys add NAME`)".to_owned();
        }
        let width = self.0.iter().map(|k| k.name.len()).max().unwrap_or(0).max(4);
        let mut text = format!("{:width$}  ADDRESS\n", "NAME");
        for key in &self.0 {
            text.push_str(&format!("{:width$}  {}\n", key.name, key.address));
        }
        text
    }
}

#[derive(Debug, Serialize)]
struct AddressOnly {
    address: String,
}

impl Render for AddressOnly {
    fn text(&self) -> String {
        self.address.clone()
    }
}

#[derive(Debug, Serialize)]
struct KeyDeleted {
    deleted: KeyView,
}

impl Render for KeyDeleted {
    fn text(&self) -> String {
        format!("Deleted key {} ({})", self.deleted.name, self.deleted.address)
    }
}
