//! Unit tests of `keys/mnemonic.rs`.
use super::*;
use crate::address;

const TEST_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

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
