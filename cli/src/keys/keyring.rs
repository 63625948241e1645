//! The keyring file `<home>/keyring.json`.
//!
//! Per key it stores the name, address, algorithm, HD path and compressed public key in the
//! clear (so `keys list`/`show` need no passphrase) and the mnemonic sealed under the keyring
//! passphrase (see [`super::seal`]). All keys share one passphrase. The file is written
//! atomically (temp file + rename) with mode 0600.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::crypto::PublicKey;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::mnemonic::{self, MnemonicError};
use super::seal::{self, KdfParams, SealError, Sealed};
use crate::address::{self, AddressError};
use crate::chain::HD_PATH;

/// File name of the keyring inside the home directory.
pub const KEYRING_FILE: &str = "keyring.json";
/// Version of the file layout written by this code.
const FORMAT_VERSION: u32 = 1;
/// The only key algorithm supported.
const ALGO_SECP256K1: &str = "secp256k1";
/// Minimum length of the passphrase that creates a keyring.
pub const MIN_PASSPHRASE_LEN: usize = 8;
const MAX_NAME_LEN: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("cannot read keyring {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write keyring {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("keyring {path} is not valid: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "keyring {path} has format version {found}, this openledger reads version {FORMAT_VERSION}"
    )]
    UnsupportedVersion { path: PathBuf, found: u32 },
    #[error("a key named {0:?} already exists in the keyring")]
    DuplicateName(String),
    #[error("this mnemonic is already in the keyring as {name:?} ({address})")]
    DuplicateKey { name: String, address: String },
    #[error("no key named {0:?} (or with that address) in the keyring")]
    NotFound(String),
    #[error("invalid key name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },
    #[error("the keyring passphrase must be at least {MIN_PASSPHRASE_LEN} characters long")]
    PassphraseTooShort,
    #[error("keyring entry {name:?} has an invalid public key: {reason}")]
    InvalidPublicKey { name: String, reason: String },
    #[error("keyring entry {0:?} is damaged: its public key does not match its secret")]
    PublicKeyMismatch(String),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error(transparent)]
    Mnemonic(#[from] MnemonicError),
    #[error(transparent)]
    Address(#[from] AddressError),
}

#[derive(Debug, Serialize, Deserialize)]
struct KeyringFile {
    version: u32,
    keys: Vec<KeyEntry>,
}

/// One key as stored in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEntry {
    pub name: String,
    pub address: String,
    pub algo: String,
    pub hd_path: String,
    /// 33-byte compressed secp256k1 public key, hex.
    pub pubkey_hex: String,
    /// The BIP39 mnemonic, encrypted.
    pub encrypted_mnemonic: Sealed,
}

impl KeyEntry {
    pub fn public_key(&self) -> Result<PublicKey, KeyringError> {
        let corrupt = |reason: String| KeyringError::InvalidPublicKey {
            name: self.name.clone(),
            reason,
        };
        let bytes = hex::decode(&self.pubkey_hex).map_err(|e| corrupt(e.to_string()))?;
        tendermint::PublicKey::from_raw_secp256k1(&bytes)
            .map(PublicKey::from)
            .ok_or_else(|| corrupt("public key is not a compressed secp256k1 point".to_owned()))
    }

    /// Authenticated data binding the ciphertext to this entry's name and address.
    fn binding(name: &str, address: &str) -> Vec<u8> {
        format!("openledger-keyring/v{FORMAT_VERSION}\0{name}\0{address}").into_bytes()
    }
}

/// The keyring of one home directory.
#[derive(Debug)]
pub struct Keyring {
    path: PathBuf,
    keys: Vec<KeyEntry>,
}

impl Keyring {
    /// Opens `<home>/keyring.json`; a missing file is an empty keyring.
    pub fn load(home: &Path) -> Result<Self, KeyringError> {
        let path = home.join(KEYRING_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path,
                    keys: Vec::new(),
                })
            }
            Err(source) => return Err(KeyringError::Read { path, source }),
        };
        let file: KeyringFile = serde_json::from_str(&text).map_err(|e| KeyringError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if file.version != FORMAT_VERSION {
            return Err(KeyringError::UnsupportedVersion {
                path,
                found: file.version,
            });
        }
        Ok(Self {
            path,
            keys: file.keys,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All keys, sorted by name.
    pub fn keys(&self) -> &[KeyEntry] {
        &self.keys
    }

    /// Finds a key by name, or by address.
    pub fn get(&self, name_or_address: &str) -> Result<&KeyEntry, KeyringError> {
        let wanted = name_or_address.trim();
        self.keys
            .iter()
            .find(|k| k.name == wanted)
            .or_else(|| self.keys.iter().find(|k| k.address == wanted))
            .ok_or_else(|| KeyringError::NotFound(wanted.to_owned()))
    }

    /// Stores a new key derived from `mnemonic` under `name`, encrypted with `passphrase`.
    ///
    /// When the keyring already holds keys, `passphrase` must be the one they use.
    pub fn add(
        &mut self,
        name: &str,
        mnemonic_input: &str,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<KeyEntry, KeyringError> {
        validate_name(name)?;
        if self.keys.iter().any(|k| k.name == name) {
            return Err(KeyringError::DuplicateName(name.to_owned()));
        }
        let phrase = mnemonic::normalize(mnemonic_input)?;
        let signing_key = mnemonic::derive_signing_key(&phrase)?;
        let public_key = signing_key.public_key();
        let address = address::from_public_key(&public_key)?.to_string();
        if let Some(existing) = self.keys.iter().find(|k| k.address == address) {
            return Err(KeyringError::DuplicateKey {
                name: existing.name.clone(),
                address,
            });
        }
        self.check_passphrase(passphrase)?;
        let encrypted_mnemonic = seal::seal(
            phrase.as_bytes(),
            passphrase,
            &KeyEntry::binding(name, &address),
            params,
        )?;
        let entry = KeyEntry {
            name: name.to_owned(),
            address,
            algo: ALGO_SECP256K1.to_owned(),
            hd_path: HD_PATH.to_owned(),
            pubkey_hex: hex::encode(public_key.to_bytes()),
            encrypted_mnemonic,
        };
        self.keys.push(entry.clone());
        self.keys.sort_by(|a, b| a.name.cmp(&b.name));
        self.save()?;
        Ok(entry)
    }

    /// Removes a key by name or address and returns it.
    pub fn delete(&mut self, name_or_address: &str) -> Result<KeyEntry, KeyringError> {
        let name = self.get(name_or_address)?.name.clone();
        let index = self
            .keys
            .iter()
            .position(|k| k.name == name)
            .ok_or_else(|| KeyringError::NotFound(name.clone()))?;
        let removed = self.keys.remove(index);
        self.save()?;
        Ok(removed)
    }

    /// Decrypts the mnemonic of `entry`.
    pub fn mnemonic(
        &self,
        entry: &KeyEntry,
        passphrase: &str,
    ) -> Result<Zeroizing<String>, KeyringError> {
        let bytes = seal::open(
            &entry.encrypted_mnemonic,
            passphrase,
            &KeyEntry::binding(&entry.name, &entry.address),
        )?;
        let text = std::str::from_utf8(&bytes).map_err(|_| KeyringError::Corrupt {
            path: self.path.clone(),
            reason: format!("key {:?}: decrypted secret is not text", entry.name),
        })?;
        Ok(Zeroizing::new(text.to_owned()))
    }

    /// Decrypts `entry` and derives its signing key, checking it against the stored public key.
    pub fn signing_key(
        &self,
        entry: &KeyEntry,
        passphrase: &str,
    ) -> Result<SigningKey, KeyringError> {
        let phrase = self.mnemonic(entry, passphrase)?;
        let key = mnemonic::derive_signing_key(&phrase)?;
        if key.public_key() != entry.public_key()? {
            return Err(KeyringError::PublicKeyMismatch(entry.name.clone()));
        }
        Ok(key)
    }

    /// A new keyring takes any passphrase of the minimum length; an existing one only its own.
    fn check_passphrase(&self, passphrase: &str) -> Result<(), KeyringError> {
        match self.keys.first() {
            Some(entry) => self.mnemonic(entry, passphrase).map(drop),
            None if passphrase.chars().count() < MIN_PASSPHRASE_LEN => {
                Err(KeyringError::PassphraseTooShort)
            }
            None => Ok(()),
        }
    }

    fn save(&self) -> Result<(), KeyringError> {
        let write_err = |source| KeyringError::Write {
            path: self.path.clone(),
            source,
        };
        let file = KeyringFile {
            version: FORMAT_VERSION,
            keys: self.keys.clone(),
        };
        let mut json = serde_json::to_vec_pretty(&file).map_err(|e| KeyringError::Corrupt {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        json.push(b'\n');
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir).map_err(write_err)?;
        }
        let tmp = self
            .path
            .with_extension(format!("json.tmp{}", std::process::id()));
        let result = write_private_file(&tmp, &json).and_then(|()| fs::rename(&tmp, &self.path));
        if result.is_err() {
            // Best effort: do not leave a partial temporary file behind.
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(write_err)
    }
}

/// Key names are short identifiers that cannot be mistaken for addresses.
fn validate_name(name: &str) -> Result<(), KeyringError> {
    let invalid = |reason| KeyringError::InvalidName {
        name: name.to_owned(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid("it is empty"));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(invalid("it is longer than 64 characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(invalid("use letters, digits, '-', '_' and '.' only"));
    }
    if address::looks_like_address(name) {
        return Err(invalid("it looks like an address"));
    }
    Ok(())
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
#[path = "../../tests/unit/keyring.rs"]
mod tests;
