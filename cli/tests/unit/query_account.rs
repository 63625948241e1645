//! Unit tests of `query/account.rs`.
use super::*;

#[test]
fn base_and_module_accounts_decode() {
    let key = cosmrs::crypto::secp256k1::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let base = BaseAccount {
        address: "open1x".into(),
        pub_key: Some(key.public_key().to_any().unwrap()),
        account_number: 4,
        sequence: 9,
    };
    let any =
        Any { type_url: "/cosmos.auth.v1beta1.BaseAccount".into(), value: base.encode_to_vec() };
    let account = decode_account(&any).unwrap();
    assert_eq!(account.account_number, 4);
    assert_eq!(account.sequence, 9);
    assert_eq!(account.public_key, Some(key.public_key()));

    let module = ModuleAccount {
        base_account: Some(BaseAccount { pub_key: None, ..base }),
        name: "fee_collector".into(),
        permissions: vec![],
    };
    let any = Any {
        type_url: "/cosmos.auth.v1beta1.ModuleAccount".into(),
        value: module.encode_to_vec(),
    };
    let account = decode_account(&any).unwrap();
    assert_eq!(account.public_key, None);

    let other =
        Any { type_url: "/cosmos.vesting.v1beta1.ContinuousVestingAccount".into(), value: vec![] };
    assert!(decode_account(&other).is_err());
}
