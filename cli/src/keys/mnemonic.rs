//! BIP39 mnemonics and the BIP44 derivation of the account key.

use cosmrs::crypto::secp256k1::SigningKey;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use crate::chain::HD_PATH;

/// Entropy of a freshly generated mnemonic: 256 bits, i.e. 24 words.
const NEW_MNEMONIC_ENTROPY_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum MnemonicError {
    #[error("invalid mnemonic: {0} (expected 12, 15, 18, 21 or 24 English BIP39 words)")]
    Invalid(String),
    #[error("key derivation failed: {0}")]
    Derivation(String),
}

/// Generates a new 24-word English mnemonic from the operating system's random source.
pub fn generate() -> Result<Zeroizing<String>, MnemonicError> {
    let mut entropy = Zeroizing::new([0u8; NEW_MNEMONIC_ENTROPY_BYTES]);
    OsRng.fill_bytes(entropy.as_mut());
    let mnemonic = bip39::Mnemonic::from_entropy(entropy.as_ref())
        .map_err(|e| MnemonicError::Invalid(e.to_string()))?;
    Ok(Zeroizing::new(mnemonic.to_string()))
}

/// Validates a mnemonic typed or pasted by a user and returns its canonical form:
/// lowercase words separated by single spaces (the form the seed is computed from).
pub fn normalize(input: &str) -> Result<Zeroizing<String>, MnemonicError> {
    let words: Vec<String> = input.split_whitespace().map(|w| w.to_lowercase()).collect();
    let normalized = Zeroizing::new(words.join(" "));
    drop(Zeroizing::new(words));
    bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
        .map_err(|e| MnemonicError::Invalid(e.to_string()))?;
    Ok(normalized)
}

/// Derives the account signing key at m/44'/118'/0'/0/0 (empty BIP39 passphrase).
pub fn derive_signing_key(mnemonic: &str) -> Result<SigningKey, MnemonicError> {
    let secret = derive_secret_key(mnemonic)?;
    SigningKey::from_slice(secret.as_slice()).map_err(|e| MnemonicError::Derivation(e.to_string()))
}

/// The 32-byte secp256k1 secret key of [`derive_signing_key`], for signers other than the
/// transaction builder (the operator gateway's request signatures).
pub fn derive_secret_key(mnemonic: &str) -> Result<Zeroizing<[u8; 32]>, MnemonicError> {
    let normalized = normalize(mnemonic)?;
    let parsed = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
        .map_err(|e| MnemonicError::Invalid(e.to_string()))?;
    let seed = Zeroizing::new(parsed.to_seed_normalized(""));
    let path: bip32::DerivationPath = HD_PATH
        .parse()
        .map_err(|e: bip32::Error| MnemonicError::Derivation(e.to_string()))?;
    let xprv = bip32::XPrv::derive_from_path(seed.as_ref(), &path)
        .map_err(|e| MnemonicError::Derivation(e.to_string()))?;
    Ok(Zeroizing::new(xprv.private_key().to_bytes().into()))
}

#[cfg(test)]
#[path = "../../tests/unit/keys_mnemonic.rs"]
mod tests;
