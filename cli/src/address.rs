//! Addresses: accounts (bech32 `open` over 20, or 32 for module-derived accounts, bytes),
//! validator operators (`openvaloper`, the same 20 bytes as the operator's account) and
//! consensus addresses (`openvalcons`, the first 20 bytes of sha256 of the ed25519 key).

use cosmrs::crypto::PublicKey;
use cosmrs::AccountId;
use sha2::{Digest, Sha256};

use crate::chain::{ACCOUNT_PREFIX, GOV_MODULE, VALCONS_PREFIX, VALOPER_PREFIX};

#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error(
        "{input:?} is not a valid bech32 address ({reason}); check it for a mistyped character"
    )]
    InvalidBech32 { input: String, reason: String },
    #[error(
        "{input:?} has prefix {found:?}, but OpenLedger {kind} addresses start with {expected}1"
    )]
    WrongPrefix {
        input: String,
        found: String,
        expected: &'static str,
        kind: &'static str,
    },
    #[error("{input:?} holds {len} bytes; account addresses hold 20 or 32")]
    WrongLength { input: String, len: usize },
    #[error("{input:?} holds {len} bytes; {kind} addresses hold 20")]
    WrongLength20 {
        input: String,
        len: usize,
        kind: &'static str,
    },
    #[error("cannot encode an address: {0}")]
    Encode(String),
    #[error("cannot derive an address from this public key: {0}")]
    PublicKey(String),
}

/// Parses a bech32 string (checksum) and checks its prefix; `kind` names the address kind in
/// the error.
fn parse_prefixed(
    input: &str,
    prefix: &'static str,
    kind: &'static str,
) -> Result<AccountId, AddressError> {
    let id: AccountId =
        input
            .parse()
            .map_err(|e: cosmrs::ErrorReport| AddressError::InvalidBech32 {
                input: input.to_owned(),
                reason: e.root_cause().to_string(),
            })?;
    if id.prefix() != prefix {
        return Err(AddressError::WrongPrefix {
            input: input.to_owned(),
            found: id.prefix().to_owned(),
            expected: prefix,
            kind,
        });
    }
    Ok(id)
}

/// Parses and validates an `open1...` account address (checksum, prefix, length).
pub fn parse_account(input: &str) -> Result<AccountId, AddressError> {
    let input = input.trim();
    let id = parse_prefixed(input, ACCOUNT_PREFIX, "account")?;
    let len = id.to_bytes().len();
    if len != 20 && len != 32 {
        return Err(AddressError::WrongLength {
            input: input.to_owned(),
            len,
        });
    }
    Ok(id)
}

/// Parses a bech32 string with the given prefix and exactly 20 bytes.
fn parse_20(
    input: &str,
    prefix: &'static str,
    kind: &'static str,
) -> Result<AccountId, AddressError> {
    let input = input.trim();
    let id = parse_prefixed(input, prefix, kind)?;
    let len = id.to_bytes().len();
    if len != 20 {
        return Err(AddressError::WrongLength20 {
            input: input.to_owned(),
            len,
            kind,
        });
    }
    Ok(id)
}

/// Parses and validates an `openvaloper1...` validator operator address.
pub fn parse_validator(input: &str) -> Result<AccountId, AddressError> {
    parse_20(input, VALOPER_PREFIX, "validator operator")
}

/// Parses and validates an `openvalcons1...` consensus address.
pub fn parse_consensus(input: &str) -> Result<AccountId, AddressError> {
    parse_20(input, VALCONS_PREFIX, "consensus")
}

/// Encodes 20 (or 32) bytes under `prefix`.
fn encode(prefix: &str, bytes: &[u8]) -> Result<AccountId, AddressError> {
    AccountId::new(prefix, bytes).map_err(|e| AddressError::Encode(e.to_string()))
}

/// The operator address (`openvaloper1...`) of an account.
pub fn validator_of_account(account: &AccountId) -> Result<AccountId, AddressError> {
    encode(VALOPER_PREFIX, &account.to_bytes())
}

/// The consensus address (`openvalcons1...`) of an ed25519 consensus public key.
pub fn consensus_address(ed25519_pubkey: &[u8]) -> Result<AccountId, AddressError> {
    encode(VALCONS_PREFIX, &Sha256::digest(ed25519_pubkey)[..20])
}

/// A module account: the first 20 bytes of sha256 of the module name, as `open1...`.
pub fn module_account(name: &str) -> Result<AccountId, AddressError> {
    encode(ACCOUNT_PREFIX, &Sha256::digest(name.as_bytes())[..20])
}

/// The governance module account, the authority of parameter changes.
pub fn gov_authority() -> Result<AccountId, AddressError> {
    module_account(GOV_MODULE)
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

/// An ed25519 consensus public key: the path of a CometBFT `priv_validator_key.json` (only its
/// public key is read), the key's JSON (`{"@type": "/cosmos.crypto.ed25519.PubKey", "key": ...}`
/// or `{"type": "tendermint/PubKeyEd25519", "value": ...}`), or the key in base64.
pub fn consensus_key(input: &str) -> Result<[u8; 32], String> {
    let input = input.trim();
    let path = std::path::Path::new(input);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return key_from_json(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    if input.starts_with('{') {
        return key_from_json(input);
    }
    key_from_base64(input).map_err(|e| {
        format!("{e} (expected a base64 ed25519 public key, its JSON, or the path of a priv_validator_key.json; no file {input:?} exists)")
    })
}

fn key_from_base64(b64: &str) -> Result<[u8; 32], String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| format!("invalid base64 public key: {e}"))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("an ed25519 public key has 32 bytes, got {}", b.len()))
}

fn key_from_json(text: &str) -> Result<[u8; 32], String> {
    use serde_json::Value;
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("invalid public key JSON: {e}"))?;
    let key = value.get("pub_key").unwrap_or(&value);
    let (kind, b64) = match (key.get("@type"), key.get("type")) {
        (Some(kind), _) => (kind, key.get("key")),
        (None, Some(kind)) => (kind, key.get("value")),
        (None, None) => return Err("no public key type in the JSON".to_owned()),
    };
    let kind = kind.as_str().unwrap_or_default();
    if kind != "tendermint/PubKeyEd25519" && kind != "/cosmos.crypto.ed25519.PubKey" {
        return Err(format!(
            "the consensus key must be ed25519, this one is {kind:?}"
        ));
    }
    let b64 = b64
        .and_then(Value::as_str)
        .ok_or_else(|| "the public key JSON has no key value".to_owned())?;
    key_from_base64(b64)
}

#[cfg(test)]
#[path = "../tests/unit/address.rs"]
mod tests;
