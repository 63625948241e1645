//! Unit tests of `query/account.rs`.
use super::*;

#[test]
fn base_and_module_accounts_are_read_alike() {
    let key = json!({"@type": "/cosmos.crypto.secp256k1.PubKey", "key": "A1b2"});
    let base = json!({
        "@type": "/cosmos.auth.v1beta1.BaseAccount", "address": "open1x", "pub_key": key,
        "account_number": 4, "sequence": 9,
    });
    let account = summary(&base);
    assert_eq!(account["account_type"], "/cosmos.auth.v1beta1.BaseAccount");
    assert_eq!(account["account_number"], 4);
    assert_eq!(account["sequence"], 9);
    assert_eq!(account["pubkey"], key);

    let module = json!({
        "@type": "/cosmos.auth.v1beta1.ModuleAccount", "name": "fee_collector",
        "base_account": {"address": "open1y", "pub_key": null, "account_number": 2, "sequence": 0},
    });
    let account = summary(&module);
    assert_eq!(
        account["account_type"],
        "/cosmos.auth.v1beta1.ModuleAccount"
    );
    assert_eq!(account["account_number"], 2);
    assert_eq!(account["pubkey"], Json::Null);
}
