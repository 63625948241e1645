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
    let normalized = normalize(mnemonic)?;
    let parsed = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
        .map_err(|e| MnemonicError::Invalid(e.to_string()))?;
    let seed = Zeroizing::new(parsed.to_seed_normalized(""));
    let path: bip32::DerivationPath = HD_PATH
        .parse()
        .map_err(|e: bip32::Error| MnemonicError::Derivation(e.to_string()))?;
    SigningKey::derive_from_path(seed.as_ref(), &path)
        .map_err(|e| MnemonicError::Derivation(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address;

    const TEST_MNEMONIC: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn standard_test_mnemonic_derives_the_well_known_account() {
        let key = derive_signing_key(TEST_MNEMONIC).unwrap();
        let cosmos = key.public_key().account_id("cosmos").unwrap();
        assert_eq!(
            cosmos.as_ref(),
            "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"
        );

        let open = address::from_public_key(&key.public_key()).unwrap();
        assert_eq!(open.prefix(), "open");
        assert_eq!(
            open.to_bytes(),
            cosmos.to_bytes(),
            "same 20 bytes, other prefix"
        );
        let expected = cosmrs::AccountId::new("open", &cosmos.to_bytes()).unwrap();
        assert_eq!(open, expected);
    }

    #[test]
    fn generated_mnemonics_have_24_valid_words_and_differ() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.split(' ').count(), 24);
        assert_ne!(*a, *b);
        assert_eq!(*normalize(&a).unwrap(), *a);
        derive_signing_key(&a).unwrap();
    }

    #[test]
    fn user_input_is_normalized() {
        let messy = format!("  {}\n", TEST_MNEMONIC.to_uppercase().replace(' ', "  \t"));
        assert_eq!(*normalize(&messy).unwrap(), TEST_MNEMONIC);
    }

    #[test]
    fn invalid_mnemonics_are_rejected() {
        // wrong checksum word
        let bad = TEST_MNEMONIC.replace("about", "abandon");
        assert!(matches!(normalize(&bad), Err(MnemonicError::Invalid(_))));
        // unknown word
        assert!(normalize(&TEST_MNEMONIC.replace("about", "bitcoin1")).is_err());
        // wrong length
        assert!(normalize("abandon abandon abandon").is_err());
        assert!(normalize("").is_err());
    }
}
