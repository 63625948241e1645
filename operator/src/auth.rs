//! Signed requests: the gateway has no API keys; every paid request is signed by the user's
//! account key (docs/operator-gateway.md, "Signed requests").
//!
//! Headers:
//!
//! | header | value |
//! |---|---|
//! | `x-openledger-address` | the user's bech32 account address, prefix `open` |
//! | `x-openledger-pubkey` | base64 of the 33-byte compressed secp256k1 public key |
//! | `x-openledger-nonce` | 1 to 64 characters of `[A-Za-z0-9_-]`, never reused by the user |
//! | `x-openledger-expiry` | unix seconds after which the request is refused |
//! | `x-openledger-signature` | base64 of the 64-byte compact ECDSA signature (low S) |
//!
//! The signature is over sha256 of [`sign_bytes`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use base64::Engine as _;
use bech32::{Bech32, Hrp};
use ripemd::Ripemd160;
use secp256k1::ecdsa::Signature;
use secp256k1::{Message, PublicKey, SecretKey, SECP256K1};
use sha2::{Digest, Sha256};

pub const HEADER_ADDRESS: &str = "x-openledger-address";
pub const HEADER_PUBKEY: &str = "x-openledger-pubkey";
pub const HEADER_NONCE: &str = "x-openledger-nonce";
pub const HEADER_EXPIRY: &str = "x-openledger-expiry";
pub const HEADER_SIGNATURE: &str = "x-openledger-signature";

/// The first line of the signed bytes.
pub const SIGN_DOMAIN: &str = "openledger-gateway-v1";
/// The bech32 prefix of account addresses.
pub const ACCOUNT_PREFIX: &str = "open";
/// How far in the future an expiry may be.
pub const MAX_EXPIRY_AHEAD_SECS: u64 = 300;
/// The longest nonce.
pub const MAX_NONCE_LEN: usize = 64;

/// Why a request's signature headers are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("missing header {0}")]
    Missing(&'static str),
    #[error("malformed header {0}: {1}")]
    Malformed(&'static str, &'static str),
    #[error("the public key does not belong to the address")]
    AddressMismatch,
    #[error("invalid signature")]
    BadSignature,
    #[error("the request has expired")]
    Expired,
    #[error("the expiry is more than {MAX_EXPIRY_AHEAD_SECS} seconds ahead")]
    TooFarAhead,
    #[error("replayed request")]
    Replayed,
    #[error("too many requests in flight; try again shortly")]
    NonceCacheFull,
}

/// The bytes whose sha256 is signed:
/// `"openledger-gateway-v1\n" METHOD "\n" PATH "\n" nonce "\n" expiry "\n" hex(sha256(body))`,
/// where METHOD is upper case, PATH the request path without query (`/v1/chat/completions`),
/// expiry in decimal and the hex in lower case. No trailing newline.
pub fn sign_bytes(method: &str, path: &str, nonce: &str, expiry: u64, body: &[u8]) -> Vec<u8> {
    format!(
        "{SIGN_DOMAIN}\n{method}\n{path}\n{nonce}\n{expiry}\n{}",
        hex::encode(Sha256::digest(body))
    )
    .into_bytes()
}

/// The account address of a public key: bech32 `open` of ripemd160(sha256(compressed key)).
pub fn address_of(public_key: &PublicKey) -> String {
    let hash = Ripemd160::digest(Sha256::digest(public_key.serialize()));
    encode_address(&hash)
}

fn encode_address(bytes: &[u8]) -> String {
    // The prefix is a valid constant and 20 bytes are far below bech32's length limit, so
    // neither step can fail; an empty string (never a valid address) stands in if it did.
    Hrp::parse(ACCOUNT_PREFIX)
        .ok()
        .and_then(|hrp| bech32::encode::<Bech32>(hrp, bytes).ok())
        .unwrap_or_default()
}

/// The address of a secret key.
pub fn address_of_secret(secret_key: &SecretKey) -> String {
    address_of(&PublicKey::from_secret_key(SECP256K1, secret_key))
}

/// The request id a signed request is recorded under:
/// the first 32 hex characters of hex(sha256(address "\n" nonce)). A replay of a signed request
/// has the same id, so the chain never charges it twice.
pub fn request_id(address: &str, nonce: &str) -> String {
    let mut h = Sha256::new();
    h.update(address.as_bytes());
    h.update(b"\n");
    h.update(nonce.as_bytes());
    let mut id = hex::encode(h.finalize());
    id.truncate(32);
    id
}

/// Whether a nonce is 1 to 64 characters of `[A-Za-z0-9_-]`.
pub fn valid_nonce(nonce: &str) -> bool {
    !nonce.is_empty()
        && nonce.len() <= MAX_NONCE_LEN
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The signature headers of a request (the client side).
pub fn sign_request(
    secret_key: &SecretKey,
    address: &str,
    method: &str,
    path: &str,
    body: &[u8],
    nonce: &str,
    expiry: u64,
) -> Vec<(&'static str, String)> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let public_key = PublicKey::from_secret_key(SECP256K1, secret_key);
    let digest: [u8; 32] = Sha256::digest(sign_bytes(method, path, nonce, expiry, body)).into();
    let signature = SECP256K1.sign_ecdsa(&Message::from_digest(digest), secret_key);
    vec![
        (HEADER_ADDRESS, address.to_string()),
        (HEADER_PUBKEY, b64.encode(public_key.serialize())),
        (HEADER_NONCE, nonce.to_string()),
        (HEADER_EXPIRY, expiry.to_string()),
        (HEADER_SIGNATURE, b64.encode(signature.serialize_compact())),
    ]
}

/// The parsed signature headers of a request.
#[derive(Debug, Clone)]
pub struct SignedHeaders {
    /// The address as sent.
    pub address: String,
    pub public_key: PublicKey,
    pub nonce: String,
    pub expiry: u64,
    pub signature: Signature,
}

/// Parses the signature headers; `get` returns a header's value by its lower-case name (`None`
/// when absent or not visible ASCII).
pub fn parse_headers<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<SignedHeaders, AuthError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let header = |name: &'static str| -> Result<&'a str, AuthError> {
        get(name).map(str::trim).ok_or(AuthError::Missing(name))
    };
    let address = header(HEADER_ADDRESS)?;
    if address.is_empty() || address.len() > 128 {
        return Err(AuthError::Malformed(
            HEADER_ADDRESS,
            "not an account address",
        ));
    }
    let pubkey_bytes = b64
        .decode(header(HEADER_PUBKEY)?)
        .map_err(|_| AuthError::Malformed(HEADER_PUBKEY, "not base64"))?;
    if pubkey_bytes.len() != 33 {
        return Err(AuthError::Malformed(
            HEADER_PUBKEY,
            "not a 33-byte compressed secp256k1 public key",
        ));
    }
    let public_key = PublicKey::from_slice(&pubkey_bytes)
        .map_err(|_| AuthError::Malformed(HEADER_PUBKEY, "not a secp256k1 public key"))?;
    let nonce = header(HEADER_NONCE)?;
    if !valid_nonce(nonce) {
        return Err(AuthError::Malformed(
            HEADER_NONCE,
            "must be 1 to 64 characters of A-Z a-z 0-9 _ -",
        ));
    }
    let expiry_text = header(HEADER_EXPIRY)?;
    if expiry_text.is_empty()
        || expiry_text.len() > 20
        || !expiry_text.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AuthError::Malformed(HEADER_EXPIRY, "not unix seconds"));
    }
    let expiry = expiry_text
        .parse::<u64>()
        .map_err(|_| AuthError::Malformed(HEADER_EXPIRY, "not unix seconds"))?;
    let sig_bytes = b64
        .decode(header(HEADER_SIGNATURE)?)
        .map_err(|_| AuthError::Malformed(HEADER_SIGNATURE, "not base64"))?;
    if sig_bytes.len() != 64 {
        return Err(AuthError::Malformed(
            HEADER_SIGNATURE,
            "not a 64-byte compact signature",
        ));
    }
    let signature = Signature::from_compact(&sig_bytes)
        .map_err(|_| AuthError::Malformed(HEADER_SIGNATURE, "not a compact ECDSA signature"))?;
    Ok(SignedHeaders {
        address: address.to_string(),
        public_key,
        nonce: nonce.to_string(),
        expiry,
        signature,
    })
}

/// Checks a request's signature at unix time `now`; returns the user's address (canonical,
/// lower case).
pub fn verify(
    headers: &SignedHeaders,
    method: &str,
    path: &str,
    body: &[u8],
    now: u64,
) -> Result<String, AuthError> {
    let (hrp, data) = bech32::decode(&headers.address)
        .map_err(|_| AuthError::Malformed(HEADER_ADDRESS, "not a bech32 address"))?;
    if !hrp.as_str().eq_ignore_ascii_case(ACCOUNT_PREFIX) || data.len() != 20 {
        return Err(AuthError::Malformed(
            HEADER_ADDRESS,
            "not an account address with prefix open",
        ));
    }
    let derived = Ripemd160::digest(Sha256::digest(headers.public_key.serialize()));
    if derived.as_slice() != data.as_slice() {
        return Err(AuthError::AddressMismatch);
    }
    if headers.expiry < now {
        return Err(AuthError::Expired);
    }
    if headers.expiry > now.saturating_add(MAX_EXPIRY_AHEAD_SECS) {
        return Err(AuthError::TooFarAhead);
    }
    let digest: [u8; 32] = Sha256::digest(sign_bytes(
        method,
        path,
        &headers.nonce,
        headers.expiry,
        body,
    ))
    .into();
    // libsecp256k1 only accepts signatures in lower-S form.
    SECP256K1
        .verify_ecdsa(
            &Message::from_digest(digest),
            &headers.signature,
            &headers.public_key,
        )
        .map_err(|_| AuthError::BadSignature)?;
    Ok(encode_address(&derived))
}

/// The nonces seen per address, each kept until its request's expiry, bounded in size.
#[derive(Debug)]
pub struct NonceCache {
    capacity: usize,
    inner: Mutex<NonceInner>,
}

#[derive(Debug, Default)]
struct NonceInner {
    seen: BTreeMap<(String, String), u64>,
    by_expiry: BTreeSet<(u64, String, String)>,
}

impl NonceCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new(NonceInner::default()),
        }
    }

    /// Notes `nonce` of `address` until `expiry`; refuses a nonce already noted and not yet
    /// expired at `now`, and any nonce when the cache is full of unexpired ones.
    pub fn check_and_insert(
        &self,
        address: &str,
        nonce: &str,
        expiry: u64,
        now: u64,
    ) -> Result<(), AuthError> {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while let Some(first) = inner.by_expiry.first().cloned() {
            if first.0 >= now {
                break;
            }
            inner.by_expiry.remove(&first);
            inner.seen.remove(&(first.1, first.2));
        }
        let key = (address.to_string(), nonce.to_string());
        if inner.seen.contains_key(&key) {
            return Err(AuthError::Replayed);
        }
        if inner.seen.len() >= self.capacity {
            return Err(AuthError::NonceCacheFull);
        }
        inner
            .by_expiry
            .insert((expiry, key.0.clone(), key.1.clone()));
        inner.seen.insert(key, expiry);
        Ok(())
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .map(|i| i.seen.len())
            .unwrap_or_else(|poisoned| poisoned.into_inner().seen.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_slice(&[byte; 32]).unwrap()
    }

    fn headers_map(pairs: &[(&'static str, String)]) -> BTreeMap<&'static str, String> {
        pairs.iter().cloned().collect()
    }

    fn parse(map: &BTreeMap<&'static str, String>) -> Result<SignedHeaders, AuthError> {
        parse_headers(|name| map.get(name).map(String::as_str))
    }

    #[test]
    fn sign_bytes_are_exact() {
        let bytes = sign_bytes("POST", "/v1/completions", "n1", 1700000000, b"{}");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "openledger-gateway-v1\nPOST\n/v1/completions\nn1\n1700000000\n\
             44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }

    #[test]
    fn round_trip_and_refusals() {
        let sk = key(7);
        let address = address_of_secret(&sk);
        assert!(address.starts_with("open1"));
        let now = 1_000_000;
        let body = br#"{"model":"m"}"#;
        let signed = sign_request(
            &sk,
            &address,
            "POST",
            "/v1/chat/completions",
            body,
            "abc",
            now + 60,
        );
        let h = parse(&headers_map(&signed)).unwrap();
        assert_eq!(
            verify(&h, "POST", "/v1/chat/completions", body, now).unwrap(),
            address
        );
        // another body, path, or time
        assert_eq!(
            verify(&h, "POST", "/v1/chat/completions", b"{}", now),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            verify(&h, "POST", "/v1/completions", body, now),
            Err(AuthError::BadSignature)
        );
        assert_eq!(
            verify(&h, "POST", "/v1/chat/completions", body, now + 61),
            Err(AuthError::Expired)
        );
        assert_eq!(
            verify(&h, "POST", "/v1/chat/completions", body, now - 241),
            Err(AuthError::TooFarAhead)
        );
        // another key for the same address
        let other = sign_request(
            &key(8),
            &address,
            "POST",
            "/v1/chat/completions",
            body,
            "abc",
            now + 60,
        );
        let h = parse(&headers_map(&other)).unwrap();
        assert_eq!(
            verify(&h, "POST", "/v1/chat/completions", body, now),
            Err(AuthError::AddressMismatch)
        );
    }

    #[test]
    fn high_s_is_refused() {
        let sk = key(9);
        let address = address_of_secret(&sk);
        let now = 10;
        let mut signed = sign_request(&sk, &address, "POST", "/p", b"", "n", now + 5);
        let h = parse(&headers_map(&signed)).unwrap();
        // n - s: the same signature with a high S
        let compact = h.signature.serialize_compact();
        let order = secp256k1::constants::CURVE_ORDER;
        let mut s = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let v = i16::from(order[i]) - i16::from(compact[32 + i]) - borrow;
            borrow = i16::from(v < 0);
            s[i] = (v + 256 * borrow) as u8;
        }
        let mut high = compact;
        high[32..].copy_from_slice(&s);
        signed[4].1 = base64::engine::general_purpose::STANDARD.encode(high);
        let h = parse(&headers_map(&signed)).unwrap();
        assert_eq!(
            verify(&h, "POST", "/p", b"", now),
            Err(AuthError::BadSignature)
        );
    }

    #[test]
    fn malformed_headers() {
        let sk = key(3);
        let address = address_of_secret(&sk);
        let good = headers_map(&sign_request(&sk, &address, "POST", "/p", b"", "n", 100));
        for (name, value) in [
            (HEADER_PUBKEY, "***"),
            (HEADER_PUBKEY, "AAAA"),
            (HEADER_NONCE, "a b"),
            (HEADER_NONCE, ""),
            (HEADER_EXPIRY, "-1"),
            (HEADER_EXPIRY, "99999999999999999999999"),
            (HEADER_SIGNATURE, "AAAA"),
        ] {
            let mut m = good.clone();
            m.insert(name, value.to_string());
            assert!(
                matches!(parse(&m), Err(AuthError::Malformed(n, _)) if n == name),
                "{name}={value}"
            );
        }
        let mut m = good.clone();
        m.remove(HEADER_SIGNATURE);
        assert_eq!(parse(&m).err(), Some(AuthError::Missing(HEADER_SIGNATURE)));
        let mut m = good;
        m.insert(
            HEADER_ADDRESS,
            "cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a".into(),
        );
        let h = parse(&m).unwrap();
        assert!(matches!(
            verify(&h, "POST", "/p", b"", 50),
            Err(AuthError::Malformed(HEADER_ADDRESS, _))
        ));
    }

    #[test]
    fn nonces_expire_and_are_bounded() {
        let cache = NonceCache::new(2);
        cache.check_and_insert("a", "1", 10, 0).unwrap();
        assert_eq!(
            cache.check_and_insert("a", "1", 10, 5),
            Err(AuthError::Replayed)
        );
        cache.check_and_insert("b", "1", 20, 5).unwrap();
        assert_eq!(
            cache.check_and_insert("c", "1", 20, 5),
            Err(AuthError::NonceCacheFull)
        );
        // "a"/"1" expired at 10: pruned at 11
        cache.check_and_insert("c", "1", 20, 11).unwrap();
        cache.check_and_insert("a", "1", 30, 21).unwrap();
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn request_ids() {
        let id = request_id("open1abc", "n");
        assert_eq!(id.len(), 32);
        assert_eq!(id, request_id("open1abc", "n"));
        assert_ne!(id, request_id("open1abc", "m"));
    }
}

#[cfg(test)]
mod vector {
    use super::*;

    /// The worked example of docs/operator-gateway.md.
    #[test]
    fn documented_vector() {
        let sk = SecretKey::from_slice(&[0x11; 32]).unwrap();
        let address = address_of_secret(&sk);
        assert_eq!(address, "open1l3e9pgs3mmwuwrh95fecme0s0qtn28807pqr4w");
        let body = br#"{"model":"openledger/1","messages":[{"role":"user","content":"hi"}]}"#;
        let path = "/v1/chat/completions";
        let bytes = sign_bytes("POST", path, "n1", 1700000000, body);
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "openledger-gateway-v1\nPOST\n/v1/chat/completions\nn1\n1700000000\n\
             15d35cb8726ab60d5957a52be605a1f20bcbe5c07651ad48023240b119831843"
        );
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            "63c7883d2bb95513b9163da84c12da3d6d37819ab894708d5db4178788d8699d"
        );
        let headers = sign_request(&sk, &address, "POST", path, body, "n1", 1700000000);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(h, _)| *h == name)
                .map(|(_, v)| v.as_str())
                .unwrap()
        };
        assert_eq!(
            get(HEADER_PUBKEY),
            "A081W9y3zAr3KO88zrlhXZBoS7Wyyl+FmrDwtwQHWHGq"
        );
        assert_eq!(
            get(HEADER_SIGNATURE),
            "ZOjtRM8VxD6+FcBA1Tal3//h1pGroPB148cRcm+zhbAF7rw2JrfGN0CI+x+4d5Jofb0vbleXHA+VM7or6XIuTg=="
        );
        assert_eq!(
            request_id(&address, "n1"),
            "7131f1ca5f7728a079d4f76a3438015d"
        );
    }
}
