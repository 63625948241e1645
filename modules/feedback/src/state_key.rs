//! Every key the feedback module owns. Keys are public API: changing one needs a migration.
//! Integers are big-endian so keys sort numerically.

use openledger_framework::Address;

pub const PREFIX: &str = "services/feedback/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// Protobuf `Params`.
pub fn params() -> Vec<u8> {
    b"services/feedback/params".to_vec()
}

/// The id the next round gets (u64 BE).
pub fn next_round_id() -> Vec<u8> {
    b"services/feedback/next_round_id".to_vec()
}

pub fn validators_prefix() -> Vec<u8> {
    b"services/feedback/validator/".to_vec()
}

/// Borsh `Validator`.
pub fn validator(a: &Address) -> Vec<u8> {
    key(&[b"services/feedback/validator/", a.as_bytes()])
}

pub fn unbondings_prefix() -> Vec<u8> {
    b"services/feedback/unbonding/".to_vec()
}

/// Borsh `Unbonding` (at most one per address).
pub fn unbonding(a: &Address) -> Vec<u8> {
    key(&[b"services/feedback/unbonding/", a.as_bytes()])
}

pub fn unbond_queue_prefix() -> Vec<u8> {
    b"services/feedback/unbond_queue/".to_vec()
}

/// Queue of unbondings by completion height (empty value).
pub fn unbond_queue(height: u64, a: &Address) -> Vec<u8> {
    key(&[
        b"services/feedback/unbond_queue/",
        &height.to_be_bytes(),
        a.as_bytes(),
    ])
}

pub fn rounds_prefix() -> Vec<u8> {
    b"services/feedback/round/".to_vec()
}

/// Borsh `Round`.
pub fn round(id: u64) -> Vec<u8> {
    key(&[b"services/feedback/round/", &id.to_be_bytes()])
}

pub fn rounds_of_model(model_id: u64) -> Vec<u8> {
    key(&[
        b"services/feedback/round_by_model/",
        &model_id.to_be_bytes(),
    ])
}

pub fn round_by_model_prefix() -> Vec<u8> {
    b"services/feedback/round_by_model/".to_vec()
}

/// Index of rounds by model (empty value).
pub fn round_by_model(model_id: u64, id: u64) -> Vec<u8> {
    key(&[
        b"services/feedback/round_by_model/",
        &model_id.to_be_bytes(),
        &id.to_be_bytes(),
    ])
}

pub fn commitments_prefix() -> Vec<u8> {
    b"services/feedback/commit/".to_vec()
}

pub fn commitments_of(round_id: u64) -> Vec<u8> {
    key(&[b"services/feedback/commit/", &round_id.to_be_bytes()])
}

/// Borsh `Commitment`.
pub fn commitment(round_id: u64, v: &Address) -> Vec<u8> {
    key(&[
        b"services/feedback/commit/",
        &round_id.to_be_bytes(),
        v.as_bytes(),
    ])
}

pub fn settle_queue_prefix() -> Vec<u8> {
    b"services/feedback/settle_queue/".to_vec()
}

/// Rounds awaiting settlement by reveal deadline (empty value).
pub fn settle_queue(height: u64, round_id: u64) -> Vec<u8> {
    key(&[
        b"services/feedback/settle_queue/",
        &height.to_be_bytes(),
        &round_id.to_be_bytes(),
    ])
}

pub fn results_prefix() -> Vec<u8> {
    b"services/feedback/result/".to_vec()
}

/// Borsh `RoundResult`.
pub fn result(round_id: u64) -> Vec<u8> {
    key(&[b"services/feedback/result/", &round_id.to_be_bytes()])
}

pub fn settled_prefix() -> Vec<u8> {
    b"services/feedback/settled/".to_vec()
}

pub fn settled_of(model_id: u64, version: u64) -> Vec<u8> {
    key(&[
        b"services/feedback/settled/",
        &model_id.to_be_bytes(),
        &version.to_be_bytes(),
    ])
}

/// Index of settled rounds by model version (empty value).
pub fn settled(model_id: u64, version: u64, round_id: u64) -> Vec<u8> {
    key(&[
        b"services/feedback/settled/",
        &model_id.to_be_bytes(),
        &version.to_be_bytes(),
        &round_id.to_be_bytes(),
    ])
}

/// The big-endian u64 at `key[at..at + 8]`.
pub fn u64_at(key: &[u8], at: usize) -> Option<u64> {
    let end = at.checked_add(8)?;
    Some(u64::from_be_bytes(key.get(at..end)?.try_into().ok()?))
}

/// The big-endian u64 that ends `key`.
pub fn trailing_u64(key: &[u8]) -> Option<u64> {
    u64_at(key, key.len().checked_sub(8)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_numerically() {
        let a = Address([1; 20]);
        assert!(round(2) < round(256));
        assert!(settle_queue(9, 5) < settle_queue(10, 1));
        assert!(unbond_queue(9, &a) < unbond_queue(10, &a));
        assert_eq!(trailing_u64(&settled(1, 2, 3)), Some(3));
        assert_eq!(
            u64_at(&settle_queue(7, 8), settle_queue_prefix().len()),
            Some(7)
        );
        assert!(commitment(1, &a).starts_with(&commitments_of(1)));
        assert!(round(1).starts_with(PREFIX.as_bytes()));
    }
}
