//! Account addresses: bech32 with the `open` prefix over 20 (or 32, for module-derived
//! accounts) bytes.

use cosmrs::crypto::PublicKey;
use cosmrs::AccountId;

use crate::chain::ACCOUNT_PREFIX;

#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error(
        "{input:?} is not a valid bech32 address ({reason}); check it for a mistyped character"
    )]
    InvalidBech32 { input: String, reason: String },
    #[error(
        "{input:?} has prefix {found:?}, but OpenLedger account addresses start with {expected:?}1"
    )]
    WrongPrefix {
        input: String,
        found: String,
        expected: &'static str,
    },
    #[error("{input:?} holds {len} bytes; account addresses hold 20 or 32")]
    WrongLength { input: String, len: usize },
    #[error("cannot derive an address from this public key: {0}")]
    PublicKey(String),
}

/// Parses and validates an `open1...` account address (checksum, prefix, length).
pub fn parse_account(input: &str) -> Result<AccountId, AddressError> {
    let input = input.trim();
    let id: AccountId =
        input
            .parse()
            .map_err(|e: cosmrs::ErrorReport| AddressError::InvalidBech32 {
                input: input.to_owned(),
                reason: e.root_cause().to_string(),
            })?;
    if id.prefix() != ACCOUNT_PREFIX {
        return Err(AddressError::WrongPrefix {
            input: input.to_owned(),
            found: id.prefix().to_owned(),
            expected: ACCOUNT_PREFIX,
        });
    }
    let len = id.to_bytes().len();
    if len != 20 && len != 32 {
        return Err(AddressError::WrongLength {
            input: input.to_owned(),
            len,
        });
    }
    Ok(id)
}

/// Whether `input` looks like an account address rather than a key name.
pub fn looks_like_address(input: &str) -> bool {
    input
        .trim()
        .to_ascii_lowercase()
        .starts_with(&format!("{ACCOUNT_PREFIX}1"))
}

/// The account address of a secp256k1 public key: bech32(ripemd160(sha256(pubkey))).
pub fn from_public_key(public_key: &PublicKey) -> Result<AccountId, AddressError> {
    public_key
        .account_id(ACCOUNT_PREFIX)
        .map_err(|e| AddressError::PublicKey(e.to_string()))
}

#[cfg(test)]
mod tests {
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
    fn address_detection() {
        assert!(looks_like_address("open1abc"));
        assert!(!looks_like_address("alice"));
        assert!(!looks_like_address("openvaloper1abc"));
    }
}
