//! Every key the adapters module owns: under `services/adapters/`, in the `services` substore
//! the AI service modules share. Keys are public API: changing one needs a migration.
//! Integers are big-endian so keys sort numerically. Adapter hashes are stored as their hex
//! text; where a hash is followed by more key, a one-byte length comes first.

use openledger_framework::Address;

pub const PREFIX: &str = "services/adapters/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// The hash with a one-byte length prefix (a checked hash has at most 128 hex digits).
fn sized(hash: &str) -> Vec<u8> {
    let len = u8::try_from(hash.len()).unwrap_or(u8::MAX);
    key(&[&[len], hash.as_bytes()])
}

/// Protobuf `Params`.
pub fn params() -> Vec<u8> {
    b"services/adapters/params".to_vec()
}

pub fn adapters_prefix() -> Vec<u8> {
    b"services/adapters/adapter/".to_vec()
}

/// Protobuf `Adapter`.
pub fn adapter(hash: &str) -> Vec<u8> {
    key(&[b"services/adapters/adapter/", hash.as_bytes()])
}

pub fn by_model_prefix() -> Vec<u8> {
    b"services/adapters/by_model/".to_vec()
}

pub fn by_model_of(model_id: u64) -> Vec<u8> {
    key(&[b"services/adapters/by_model/", &model_id.to_be_bytes()])
}

pub fn by_model_version_of(model_id: u64, version: u64) -> Vec<u8> {
    key(&[
        b"services/adapters/by_model/",
        &model_id.to_be_bytes(),
        &version.to_be_bytes(),
    ])
}

/// Index of adapters by model and version (value: empty).
pub fn by_model(model_id: u64, version: u64, hash: &str) -> Vec<u8> {
    key(&[&by_model_version_of(model_id, version), hash.as_bytes()])
}

/// The hash that ends a `by_model` key.
pub fn parse_by_model(k: &[u8]) -> Option<String> {
    let rest = k.strip_prefix(b"services/adapters/by_model/".as_slice())?;
    String::from_utf8(rest.get(16..)?.to_vec()).ok()
}

pub fn serving_prefix() -> Vec<u8> {
    b"services/adapters/serving/".to_vec()
}

pub fn serving_of(hash: &str) -> Vec<u8> {
    key(&[b"services/adapters/serving/", &sized(hash)])
}

/// Protobuf `ServingEntry` of an operator serving an adapter.
pub fn serving(hash: &str, operator: &Address) -> Vec<u8> {
    key(&[&serving_of(hash), operator.as_bytes()])
}

pub fn by_operator_prefix() -> Vec<u8> {
    b"services/adapters/by_operator/".to_vec()
}

pub fn by_operator_of(operator: &Address) -> Vec<u8> {
    key(&[b"services/adapters/by_operator/", operator.as_bytes()])
}

/// Index of the adapters an operator serves (value: empty).
pub fn by_operator(operator: &Address, hash: &str) -> Vec<u8> {
    key(&[&by_operator_of(operator), hash.as_bytes()])
}

/// `(operator, hash)` of a `by_operator` key.
pub fn parse_by_operator(k: &[u8]) -> Option<(Address, String)> {
    let rest = k.strip_prefix(b"services/adapters/by_operator/".as_slice())?;
    let op = Address::from_slice(rest.get(..20)?).ok()?;
    Some((op, String::from_utf8(rest.get(20..)?.to_vec()).ok()?))
}

pub fn operator_count_prefix() -> Vec<u8> {
    b"services/adapters/operator_count/".to_vec()
}

/// Number of adapters an operator serves (u64 BE).
pub fn operator_count(operator: &Address) -> Vec<u8> {
    key(&[b"services/adapters/operator_count/", operator.as_bytes()])
}

pub fn server_count_prefix() -> Vec<u8> {
    b"services/adapters/server_count/".to_vec()
}

/// Number of operators serving an adapter (u64 BE).
pub fn server_count(hash: &str) -> Vec<u8> {
    key(&[b"services/adapters/server_count/", hash.as_bytes()])
}

pub fn uptime_prefix() -> Vec<u8> {
    b"services/adapters/uptime/".to_vec()
}

/// Protobuf `UptimeClaim`: the operator's latest.
pub fn uptime(operator: &Address) -> Vec<u8> {
    key(&[b"services/adapters/uptime/", operator.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_and_parse_back() {
        assert!(by_model(1, 9, "ff") < by_model(1, 10, "00"));
        assert!(by_model(2, 0, "00") > by_model(1, u64::MAX, "ff"));
        assert_eq!(parse_by_model(&by_model(3, 4, "abcd")), Some("abcd".into()));
        let a = Address([9; 20]);
        assert_eq!(
            parse_by_operator(&by_operator(&a, "ab")),
            Some((a, "ab".to_string()))
        );
        // a hash that is a prefix of another does not share its serving range
        assert!(!serving(&"ab".repeat(2), &a).starts_with(&serving_of("ab")));
        assert!(adapter("ab").starts_with(PREFIX.as_bytes()));
    }
}
