//! Every key the models module owns (substore `models`). Keys are public API: changing one
//! needs a migration. Integers are big-endian so keys sort numerically.

use openledger_framework::Address;

use crate::model::Stage;

pub const PREFIX: &str = "models/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// Protobuf `Params`.
pub fn params() -> Vec<u8> {
    b"models/params".to_vec()
}

/// The id the next model gets (u64 BE).
pub fn next_model_id() -> Vec<u8> {
    b"models/next_model_id".to_vec()
}

pub fn models_prefix() -> Vec<u8> {
    b"models/model/".to_vec()
}

/// Protobuf `Model`.
pub fn model(id: u64) -> Vec<u8> {
    key(&[b"models/model/", &id.to_be_bytes()])
}

pub fn versions_prefix() -> Vec<u8> {
    b"models/version/".to_vec()
}

pub fn versions_of(id: u64) -> Vec<u8> {
    key(&[b"models/version/", &id.to_be_bytes()])
}

/// Protobuf `ModelVersion`.
pub fn version(id: u64, number: u64) -> Vec<u8> {
    key(&[b"models/version/", &id.to_be_bytes(), &number.to_be_bytes()])
}

pub fn history_prefix() -> Vec<u8> {
    b"models/history/".to_vec()
}

pub fn history_of(id: u64) -> Vec<u8> {
    key(&[b"models/history/", &id.to_be_bytes()])
}

/// Protobuf `HistoryEntry`.
pub fn history(id: u64, seq: u64) -> Vec<u8> {
    key(&[b"models/history/", &id.to_be_bytes(), &seq.to_be_bytes()])
}

pub fn pricing_prefix() -> Vec<u8> {
    b"models/pricing/".to_vec()
}

pub fn pricing_of(id: u64) -> Vec<u8> {
    key(&[b"models/pricing/", &id.to_be_bytes()])
}

/// Protobuf `PricingEntry`. The height is stored inverted (`u64::MAX - height`) so that an
/// ascending scan from the inverted height of `h` finds the entry in effect at `h` first.
pub fn pricing(id: u64, effective_height: u64) -> Vec<u8> {
    let inverted = u64::MAX.saturating_sub(effective_height);
    key(&[
        b"models/pricing/",
        &id.to_be_bytes(),
        &inverted.to_be_bytes(),
    ])
}

pub fn by_stage_prefix() -> Vec<u8> {
    b"models/by_stage/".to_vec()
}

pub fn by_stage_of(stage: Stage) -> Vec<u8> {
    key(&[b"models/by_stage/", &[stage.code()]])
}

/// Index of models by stage (value: id BE).
pub fn by_stage(stage: Stage, id: u64) -> Vec<u8> {
    key(&[b"models/by_stage/", &[stage.code()], &id.to_be_bytes()])
}

pub fn by_creator_prefix() -> Vec<u8> {
    b"models/by_creator/".to_vec()
}

pub fn by_creator_of(creator: &Address) -> Vec<u8> {
    key(&[b"models/by_creator/", creator.as_bytes()])
}

/// Index of models by creator (value: id BE).
pub fn by_creator(creator: &Address, id: u64) -> Vec<u8> {
    key(&[b"models/by_creator/", creator.as_bytes(), &id.to_be_bytes()])
}

/// The big-endian u64 that ends `key`.
pub fn trailing_u64(key: &[u8]) -> Option<u64> {
    let start = key.len().checked_sub(8)?;
    Some(u64::from_be_bytes(key.get(start..)?.try_into().ok()?))
}

/// `(stage code, id)` of a stage index key.
pub fn parse_by_stage(key: &[u8]) -> Option<(u8, u64)> {
    let rest = key.strip_prefix(b"models/by_stage/".as_slice())?;
    if rest.len() != 9 {
        return None;
    }
    Some((*rest.first()?, trailing_u64(rest)?))
}

/// `(creator, id)` of a creator index key.
pub fn parse_by_creator(key: &[u8]) -> Option<(Address, u64)> {
    let rest = key.strip_prefix(b"models/by_creator/".as_slice())?;
    if rest.len() != 28 {
        return None;
    }
    Some((
        Address::from_slice(rest.get(..20)?).ok()?,
        trailing_u64(rest)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_numerically_and_parse_back() {
        assert!(model(2) < model(256));
        assert!(version(1, 9) < version(1, 10));
        // later effective heights sort first
        assert!(pricing(1, 10) < pricing(1, 9));
        assert!(pricing(1, 0) < pricing(2, u64::MAX));
        assert_eq!(
            parse_by_stage(&by_stage(Stage::Deployed, 7)),
            Some((Stage::Deployed.code(), 7))
        );
        let a = Address([9; 20]);
        assert_eq!(parse_by_creator(&by_creator(&a, 5)), Some((a, 5)));
        assert_eq!(trailing_u64(&history(3, 4)), Some(4));
        assert!(model(1).starts_with(PREFIX.as_bytes()));
    }
}
