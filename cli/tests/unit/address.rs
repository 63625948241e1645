//! Unit tests of `address.rs`.
use super::*;

#[test]
fn same_bytes_under_another_prefix_are_rejected_with_a_clear_error() {
    let cosmos = "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4";
    let err = parse_account(cosmos).unwrap_err();
    assert!(matches!(err, AddressError::WrongPrefix { .. }), "{err}");
    let bytes: AccountId = cosmos.parse().unwrap();
    let open = AccountId::new("open", &bytes.to_bytes()).unwrap();
    assert_eq!(parse_account(open.as_ref()).unwrap(), open);
}

#[test]
fn bad_checksum_is_rejected() {
    let bytes: AccountId = "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"
        .parse()
        .unwrap();
    let open = AccountId::new("open", &bytes.to_bytes())
        .unwrap()
        .to_string();
    let mut corrupted = open.clone().into_bytes();
    let last = corrupted.len() - 1;
    corrupted[last] = if corrupted[last] == b'q' { b'p' } else { b'q' };
    let corrupted = String::from_utf8(corrupted).unwrap();
    assert!(matches!(
        parse_account(&corrupted),
        Err(AddressError::InvalidBech32 { .. })
    ));
    assert!(parse_account("open1").is_err());
    assert!(parse_account("hello").is_err());
}

#[test]
fn operator_consensus_and_module_addresses() {
    let account = parse_account("open19rl4cm2hmr8afy4kldpxz3fka4jguq0attl9rz").unwrap();
    let valoper = validator_of_account(&account).unwrap();
    assert!(valoper.as_ref().starts_with("openvaloper1"));
    assert_eq!(parse_validator(valoper.as_ref()).unwrap(), valoper);
    assert_eq!(valoper.to_bytes(), account.to_bytes());
    assert!(matches!(
        parse_validator(account.as_ref()),
        Err(AddressError::WrongPrefix { .. })
    ));
    assert!(parse_account(valoper.as_ref()).is_err());

    let cons = consensus_address(&[1u8; 32]).unwrap();
    assert!(cons.as_ref().starts_with("openvalcons1"));
    assert_eq!(cons.to_bytes(), Sha256::digest([1u8; 32])[..20].to_vec());
    assert_eq!(parse_consensus(cons.as_ref()).unwrap(), cons);

    let gov = gov_authority().unwrap();
    assert_eq!(gov.to_bytes(), Sha256::digest(b"gov")[..20].to_vec());
    assert!(gov.as_ref().starts_with("open1"));
}

#[test]
fn consensus_keys_from_base64_json_and_files() {
    let b64 = "bNNlGls5R25wC3Sd8720F/3+7IZBhXcD22MNFtPk/v0=";
    let key = consensus_key(b64).unwrap();
    let sdk = format!(r#"{{"@type":"/cosmos.crypto.ed25519.PubKey","key":"{b64}"}}"#);
    assert_eq!(consensus_key(&sdk).unwrap(), key);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("priv_validator_key.json");
    let file =
        format!(r#"{{"pub_key": {{"type": "tendermint/PubKeyEd25519", "value": "{b64}"}}}}"#);
    std::fs::write(&path, file).unwrap();
    assert_eq!(consensus_key(path.to_str().unwrap()).unwrap(), key);
    assert!(consensus_key("AAAA").unwrap_err().contains("32 bytes"));
    let secp = r#"{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"AAAA"}"#;
    assert!(consensus_key(secp).unwrap_err().contains("ed25519"));
}

#[test]
fn address_detection() {
    assert!(looks_like_address("open1abc"));
    assert!(!looks_like_address("alice"));
    assert!(!looks_like_address("openvaloper1abc"));
}
