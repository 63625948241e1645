//! Encryption of secrets at rest: scrypt turns the keyring passphrase into a 256-bit key
//! for XChaCha20-Poly1305. Salt and nonce are random per secret; the KDF parameters are
//! stored next to the ciphertext so they can be raised later without breaking old files.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Environment variable that lowers (or raises) the scrypt cost, e.g. `10` in tests.
pub const SCRYPT_LOG_N_ENV: &str = "OPENLEDGER_KEYRING_SCRYPT_LOG_N";

const KDF_NAME: &str = "scrypt";
const CIPHER_NAME: &str = "xchacha20-poly1305";
const SALT_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

/// Default scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, the scrypt crate's recommendation).
const DEFAULT_LOG_N: u8 = 17;
const DEFAULT_R: u32 = 8;
const DEFAULT_P: u32 = 1;

/// Upper bounds accepted when reading a file, so a tampered file cannot demand gigabytes.
const MAX_LOG_N: u8 = 22;
const MAX_R: u32 = 32;
const MAX_P: u32 = 16;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("wrong keyring passphrase (or the keyring entry was modified)")]
    WrongPassphrase,
    #[error("invalid {SCRYPT_LOG_N_ENV}={0:?}: expected an integer from 1 to {MAX_LOG_N}")]
    InvalidLogNEnv(String),
    #[error("unsupported or invalid encryption parameters in the keyring: {0}")]
    InvalidParams(String),
    #[error("encryption failed")]
    Encrypt,
}

/// scrypt cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub log_n: u8,
    pub r: u32,
    pub p: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        Self {
            log_n: DEFAULT_LOG_N,
            r: DEFAULT_R,
            p: DEFAULT_P,
        }
    }
}

impl KdfParams {
    /// The default parameters, with `log_n` taken from [`SCRYPT_LOG_N_ENV`] when it is set.
    pub fn from_env() -> Result<Self, SealError> {
        match std::env::var(SCRYPT_LOG_N_ENV) {
            Ok(value) => {
                let log_n: u8 = value
                    .trim()
                    .parse()
                    .map_err(|_| SealError::InvalidLogNEnv(value.clone()))?;
                if !(1..=MAX_LOG_N).contains(&log_n) {
                    return Err(SealError::InvalidLogNEnv(value));
                }
                Ok(Self {
                    log_n,
                    ..Self::default()
                })
            }
            Err(_) => Ok(Self::default()),
        }
    }

    fn to_scrypt(self) -> Result<scrypt::Params, SealError> {
        if self.log_n == 0 || self.log_n > MAX_LOG_N || self.r > MAX_R || self.p > MAX_P {
            return Err(SealError::InvalidParams(format!(
                "scrypt log_n={} r={} p={}",
                self.log_n, self.r, self.p
            )));
        }
        scrypt::Params::new(self.log_n, self.r, self.p, KEY_LEN)
            .map_err(|e| SealError::InvalidParams(e.to_string()))
    }
}

/// A secret encrypted under the keyring passphrase, as stored in the keyring file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub kdf: String,
    pub kdf_params: KdfParams,
    /// hex
    pub salt: String,
    pub cipher: String,
    /// hex
    pub nonce: String,
    /// hex; includes the 16-byte Poly1305 tag
    pub ciphertext: String,
}

/// Encrypts `secret`; `context` is authenticated but not encrypted (it binds the ciphertext
/// to the entry it belongs to).
pub fn seal(
    secret: &[u8],
    passphrase: &str,
    context: &[u8],
    params: KdfParams,
) -> Result<Sealed, SealError> {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let key = derive_key(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: context,
            },
        )
        .map_err(|_| SealError::Encrypt)?;
    Ok(Sealed {
        kdf: KDF_NAME.to_owned(),
        kdf_params: params,
        salt: hex::encode(salt),
        cipher: CIPHER_NAME.to_owned(),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

/// Decrypts a [`Sealed`] secret; a wrong passphrase (or tampering) is [`SealError::WrongPassphrase`].
pub fn open(
    sealed: &Sealed,
    passphrase: &str,
    context: &[u8],
) -> Result<Zeroizing<Vec<u8>>, SealError> {
    if sealed.kdf != KDF_NAME || sealed.cipher != CIPHER_NAME {
        return Err(SealError::InvalidParams(format!(
            "kdf {:?}, cipher {:?}",
            sealed.kdf, sealed.cipher
        )));
    }
    let decode = |field: &str, value: &str, len: Option<usize>| {
        let bytes =
            hex::decode(value).map_err(|e| SealError::InvalidParams(format!("{field}: {e}")))?;
        match len {
            Some(len) if bytes.len() != len => Err(SealError::InvalidParams(format!(
                "{field}: expected {len} bytes, found {}",
                bytes.len()
            ))),
            _ => Ok(bytes),
        }
    };
    let salt = decode("salt", &sealed.salt, Some(SALT_LEN))?;
    let nonce = decode("nonce", &sealed.nonce, Some(NONCE_LEN))?;
    let ciphertext = decode("ciphertext", &sealed.ciphertext, None)?;
    let key = derive_key(passphrase, &salt, sealed.kdf_params)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad: context,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| SealError::WrongPassphrase)
}

fn derive_key(
    passphrase: &str,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, SealError> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    scrypt::scrypt(
        passphrase.as_bytes(),
        salt,
        &params.to_scrypt()?,
        key.as_mut(),
    )
    .map_err(|e| SealError::InvalidParams(e.to_string()))?;
    Ok(key)
}

#[cfg(test)]
#[path = "../../tests/unit/keys_seal.rs"]
mod tests;
