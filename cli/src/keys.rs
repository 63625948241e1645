//! `openledger keys ...`: the local keyring.

pub mod keyring;
pub mod mnemonic;
pub mod seal;

use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Subcommand};
use serde_json::{json, Value as Json};

use crate::context::Context;
use crate::output;
use crate::prompt::{self, PassphraseUse};
use crate::schema::text::{cell, labelled};
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
    let mut doc = view(&entry)?;
    doc["mnemonic"] = json!(phrase.as_str());
    output::emit_doc(ctx.output, &doc, &|doc| {
        format!(
            "{}\n\n**Important** write this mnemonic phrase down and keep it safe.\n\
             It is the only way to recover the key; it will not be shown again.\n\n{}",
            key_text(doc),
            cell(doc, "mnemonic")
        )
    })
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
    output::emit_doc(ctx.output, &view(&entry)?, &key_text)
}

fn list(ctx: &Context) -> anyhow::Result<()> {
    let keyring = ctx.keyring()?;
    let keys = keyring
        .keys()
        .iter()
        .map(view)
        .collect::<Result<Vec<_>, _>>()?;
    output::emit_doc(ctx.output, &Json::Array(keys), &|doc| {
        let keys = doc.as_array().cloned().unwrap_or_default();
        if keys.is_empty() {
            return "no keys (create one with `openledger keys add NAME`)".to_owned();
        }
        let width = keys
            .iter()
            .map(|k| cell(k, "name").len())
            .max()
            .unwrap_or(0)
            .max(4);
        let rows = keys
            .iter()
            .map(|k| format!("{:width$}  {}", cell(k, "name"), cell(k, "address")));
        std::iter::once(format!("{:width$}  ADDRESS", "NAME"))
            .chain(rows)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn show(ctx: &Context, args: &ShowArgs) -> anyhow::Result<()> {
    let keyring = ctx.keyring()?;
    let entry = keyring.get(&args.name)?;
    if args.address {
        return output::emit_doc(ctx.output, &json!({ "address": entry.address }), &|d| {
            cell(d, "address")
        });
    }
    output::emit_doc(ctx.output, &view(entry)?, &key_text)
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
    output::emit_doc(ctx.output, &json!({ "deleted": view(&removed)? }), &|doc| {
        format!(
            "Deleted key {} ({})",
            cell(&doc["deleted"], "name"),
            cell(&doc["deleted"], "address")
        )
    })
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

/// The public part of a key, as shown to users: `{name, address, pubkey (`{"@type":
/// "/cosmos.crypto.secp256k1.PubKey", "key": "<base64>"}`), pubkey_hex, algo, hd_path}`.
fn view(entry: &KeyEntry) -> Result<Json, keyring::KeyringError> {
    Ok(json!({
        "name": entry.name, "address": entry.address, "pubkey": entry.public_key()?,
        "pubkey_hex": entry.pubkey_hex, "algo": entry.algo, "hd_path": entry.hd_path,
    }))
}

fn key_text(doc: &Json) -> String {
    labelled(&[
        ("name", cell(doc, "name")),
        ("address", cell(doc, "address")),
        ("pubkey", doc["pubkey"].to_string()),
        ("hd path", cell(doc, "hd_path")),
    ])
}
