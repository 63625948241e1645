//! Everything read from the person at the keyboard: the keyring passphrase, confirmations
//! and mnemonics. Non-interactive use goes through environment variables and stdin instead.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{bail, Context as _};
use zeroize::Zeroizing;

use crate::keys::keyring::MIN_PASSPHRASE_LEN;

/// Environment variable holding the keyring passphrase for non-interactive use.
pub const PASSPHRASE_ENV: &str = "OPENLEDGER_KEYRING_PASSPHRASE";

/// Longest mnemonic input accepted (24 words of at most 8 letters fit easily).
const MAX_MNEMONIC_INPUT: u64 = 4096;

/// What the passphrase is for: creating a keyring asks twice on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseUse {
    Unlock,
    Create,
}

/// The keyring passphrase, from (in order) the variable named by `--keyring-passphrase-env`,
/// `OPENLEDGER_KEYRING_PASSPHRASE`, or a hidden prompt on the terminal.
pub fn keyring_passphrase(
    env_name: Option<&str>,
    purpose: PassphraseUse,
) -> anyhow::Result<Zeroizing<String>> {
    if let Some(name) = env_name {
        return match std::env::var(name) {
            Ok(value) => Ok(Zeroizing::new(value)),
            Err(_) => bail!(
                "environment variable {name} (named by --keyring-passphrase-env) is not set or not valid UTF-8"
            ),
        };
    }
    match std::env::var(PASSPHRASE_ENV) {
        Ok(value) => return Ok(Zeroizing::new(value)),
        Err(std::env::VarError::NotUnicode(_)) => bail!("{PASSPHRASE_ENV} is not valid UTF-8"),
        Err(std::env::VarError::NotPresent) => {}
    }
    ensure_passphrase_source(None)?;
    match purpose {
        PassphraseUse::Unlock => read_hidden("Enter keyring passphrase: "),
        PassphraseUse::Create => {
            let first = read_hidden(&format!(
                "Enter a new keyring passphrase (at least {MIN_PASSPHRASE_LEN} characters): "
            ))?;
            if first.chars().count() < MIN_PASSPHRASE_LEN {
                bail!(
                    "the keyring passphrase must be at least {MIN_PASSPHRASE_LEN} characters long"
                );
            }
            let second = read_hidden("Re-enter the keyring passphrase: ")?;
            if *first != *second {
                bail!("the two passphrases do not match");
            }
            Ok(first)
        }
    }
}

/// Fails early when the passphrase will be needed but can come from nowhere.
pub fn ensure_passphrase_source(env_name: Option<&str>) -> anyhow::Result<()> {
    if env_name.is_some() || std::env::var_os(PASSPHRASE_ENV).is_some() || has_terminal() {
        return Ok(());
    }
    bail!(
        "the keyring passphrase is needed but there is no terminal to ask on; \
         set {PASSPHRASE_ENV} or pass --keyring-passphrase-env NAME"
    )
}

/// Fails early when a confirmation will be needed but cannot be asked.
pub fn ensure_can_confirm() -> anyhow::Result<()> {
    if has_terminal() {
        return Ok(());
    }
    bail!("confirmation needed but there is no terminal to ask on; pass --yes to proceed")
}

/// Asks a yes/no question on the terminal; without one the caller must have passed `--yes`.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    ensure_can_confirm()?;
    let answer = ask_terminal(&format!("{question} [y/N]: "))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Reads a mnemonic from stdin: a hidden prompt on a terminal, else the whole piped input.
pub fn read_mnemonic_stdin() -> anyhow::Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return read_hidden("Enter your BIP39 mnemonic: ");
    }
    let mut text = Zeroizing::new(String::new());
    stdin
        .lock()
        .take(MAX_MNEMONIC_INPUT)
        .read_to_string(&mut text)
        .context("cannot read the mnemonic from stdin")?;
    if text.trim().is_empty() {
        bail!("no mnemonic on stdin (pipe it in, or use --mnemonic-file)");
    }
    Ok(text)
}

/// Reads a mnemonic from a file.
pub fn read_mnemonic_file(path: &Path) -> anyhow::Result<Zeroizing<String>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open mnemonic file {}", path.display()))?;
    let mut text = Zeroizing::new(String::new());
    file.take(MAX_MNEMONIC_INPUT)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read mnemonic file {}", path.display()))?;
    Ok(text)
}

fn read_hidden(prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .context("cannot read from the terminal")
}

/// Whether a person can be asked: a controlling terminal exists.
#[cfg(unix)]
fn has_terminal() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

#[cfg(not(unix))]
fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

#[cfg(unix)]
fn ask_terminal(prompt: &str) -> anyhow::Result<String> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context("cannot open the terminal")?;
    let mut writer = &tty;
    writer.write_all(prompt.as_bytes())?;
    writer.flush()?;
    let mut line = String::new();
    std::io::BufReader::new(&tty).read_line(&mut line)?;
    Ok(line)
}

#[cfg(not(unix))]
fn ask_terminal(prompt: &str) -> anyhow::Result<String> {
    let mut err = std::io::stderr().lock();
    err.write_all(prompt.as_bytes())?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line)
}
