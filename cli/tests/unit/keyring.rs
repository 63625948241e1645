use super::*;

const TEST_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const PASS: &str = "a long passphrase";
const FAST: KdfParams = KdfParams {
    log_n: 4,
    r: 8,
    p: 1,
};

fn expected_test_address() -> String {
    let cosmos: cosmrs::AccountId = "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"
        .parse()
        .unwrap();
    cosmrs::AccountId::new("open", &cosmos.to_bytes())
        .unwrap()
        .to_string()
}

#[test]
fn recover_list_show_delete_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    assert!(keyring.keys().is_empty());

    let alice = keyring.add("alice", TEST_MNEMONIC, PASS, FAST).unwrap();
    assert_eq!(alice.address, expected_test_address());
    let fresh = mnemonic::generate().unwrap();
    let bob = keyring.add("bob", &fresh, PASS, FAST).unwrap();
    assert_ne!(alice.address, bob.address);

    // a fresh load sees both keys, sorted by name, found by name or address
    let keyring = Keyring::load(home.path()).unwrap();
    let names: Vec<_> = keyring.keys().iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["alice", "bob"]);
    assert_eq!(keyring.get("bob").unwrap(), &bob);
    assert_eq!(keyring.get(&alice.address).unwrap(), &alice);
    assert_eq!(
        address::from_public_key(&alice.public_key().unwrap())
            .unwrap()
            .to_string(),
        alice.address
    );

    // the secret decrypts back to the mnemonic and to the right key
    assert_eq!(*keyring.mnemonic(&bob, PASS).unwrap(), *fresh);
    let key = keyring.signing_key(&alice, PASS).unwrap();
    assert_eq!(key.public_key(), alice.public_key().unwrap());

    let mut keyring = keyring;
    let removed = keyring.delete("alice").unwrap();
    assert_eq!(removed.name, "alice");
    let keyring = Keyring::load(home.path()).unwrap();
    assert_eq!(keyring.keys().len(), 1);
    assert!(matches!(
        keyring.get("alice"),
        Err(KeyringError::NotFound(_))
    ));
}

#[test]
fn file_has_no_plaintext_secret_and_is_private() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    let fresh = mnemonic::generate().unwrap();
    keyring.add("alice", TEST_MNEMONIC, PASS, FAST).unwrap();
    keyring.add("bob", &fresh, PASS, FAST).unwrap();

    let text = std::fs::read_to_string(home.path().join(KEYRING_FILE)).unwrap();
    assert!(!text.contains("abandon"), "test mnemonic word in clear");
    assert!(!text.contains("about"), "test mnemonic word in clear");
    assert!(!text.contains(fresh.as_str()));
    assert!(!text.contains(PASS));

    // Remove what is legitimately in the clear (names, addresses, hex blobs); what remains
    // must be only the file's own field names and algorithm labels: no mnemonic word can hide.
    let mut scrubbed = text.clone();
    for key in keyring.keys() {
        let sealed = &key.encrypted_mnemonic;
        for value in [
            &key.address,
            &key.pubkey_hex,
            &sealed.salt,
            &sealed.nonce,
            &sealed.ciphertext,
        ] {
            scrubbed = scrubbed.replace(value.as_str(), "");
        }
        scrubbed = scrubbed.replace(&format!("\"{}\"", key.name), "");
        assert!(hex::decode(&sealed.ciphertext).is_ok());
    }
    let structural = [
        "version",
        "keys",
        "name",
        "address",
        "algo",
        "secp",
        "k",
        "hd",
        "path",
        "m",
        "pubkey",
        "hex",
        "encrypted",
        "mnemonic",
        "kdf",
        "scrypt",
        "params",
        "log",
        "n",
        "r",
        "p",
        "salt",
        "cipher",
        "xchacha",
        "poly",
        "nonce",
        "ciphertext",
    ];
    for token in scrubbed
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty())
    {
        assert!(
            structural.contains(&token),
            "unexpected text {token:?} in keyring file"
        );
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.path().join(KEYRING_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn wrong_passphrase_fails() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    let alice = keyring.add("alice", TEST_MNEMONIC, PASS, FAST).unwrap();
    assert!(matches!(
        keyring.signing_key(&alice, "not the passphrase"),
        Err(KeyringError::Seal(SealError::WrongPassphrase))
    ));
    // a second key must use the keyring's passphrase
    let other = mnemonic::generate().unwrap();
    assert!(matches!(
        keyring.add("bob", &other, "not the passphrase", FAST),
        Err(KeyringError::Seal(SealError::WrongPassphrase))
    ));
    assert_eq!(Keyring::load(home.path()).unwrap().keys().len(), 1);
}

#[test]
fn duplicates_and_bad_input_are_rejected() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    keyring.add("alice", TEST_MNEMONIC, PASS, FAST).unwrap();
    let other = mnemonic::generate().unwrap();
    assert!(matches!(
        keyring.add("alice", &other, PASS, FAST),
        Err(KeyringError::DuplicateName(_))
    ));
    assert!(matches!(
        keyring.add("alice2", TEST_MNEMONIC, PASS, FAST),
        Err(KeyringError::DuplicateKey { .. })
    ));
    assert!(matches!(
        keyring.add("bad name", &other, PASS, FAST),
        Err(KeyringError::InvalidName { .. })
    ));
    assert!(matches!(
        keyring.add("open1xyz", &other, PASS, FAST),
        Err(KeyringError::InvalidName { .. })
    ));
    assert!(matches!(
        keyring.add("carol", "not a mnemonic", PASS, FAST),
        Err(KeyringError::Mnemonic(_))
    ));
    assert!(matches!(
        keyring.delete("nobody"),
        Err(KeyringError::NotFound(_))
    ));
}

#[test]
fn new_keyring_needs_a_real_passphrase() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    assert!(matches!(
        keyring.add("alice", TEST_MNEMONIC, "short", FAST),
        Err(KeyringError::PassphraseTooShort)
    ));
    assert!(!home.path().join(KEYRING_FILE).exists());
}

#[test]
fn swapped_ciphertexts_do_not_decrypt() {
    let home = tempfile::tempdir().unwrap();
    let mut keyring = Keyring::load(home.path()).unwrap();
    let alice = keyring.add("alice", TEST_MNEMONIC, PASS, FAST).unwrap();
    let bob = keyring
        .add("bob", &mnemonic::generate().unwrap(), PASS, FAST)
        .unwrap();
    let mut forged = bob.clone();
    forged.encrypted_mnemonic = alice.encrypted_mnemonic.clone();
    assert!(matches!(
        keyring.signing_key(&forged, PASS),
        Err(KeyringError::Seal(SealError::WrongPassphrase))
    ));
}

#[test]
fn garbage_files_are_reported() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(KEYRING_FILE), "{ not json").unwrap();
    assert!(matches!(
        Keyring::load(home.path()),
        Err(KeyringError::Corrupt { .. })
    ));
    std::fs::write(
        home.path().join(KEYRING_FILE),
        r#"{"version": 9, "keys": []}"#,
    )
    .unwrap();
    assert!(matches!(
        Keyring::load(home.path()),
        Err(KeyringError::UnsupportedVersion { found: 9, .. })
    ));
}
