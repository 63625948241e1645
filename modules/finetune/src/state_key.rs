//! Every key the finetune module owns, under the `services` substore. Keys are public API:
//! changing one needs a migration. Integers are big-endian so keys sort numerically.

use openledger_framework::Address;

use crate::types::JobStatus;

pub const PREFIX: &str = "services/finetune/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Protobuf `Params`.
pub fn params() -> Vec<u8> {
    b"services/finetune/params".to_vec()
}

/// The id the next job gets (u64 BE).
pub fn next_job_id() -> Vec<u8> {
    b"services/finetune/next_job_id".to_vec()
}

pub fn providers_prefix() -> Vec<u8> {
    b"services/finetune/provider/".to_vec()
}

/// Borsh `Provider`.
pub fn provider(addr: &Address) -> Vec<u8> {
    key(&[b"services/finetune/provider/", addr.as_bytes()])
}

pub fn jobs_prefix() -> Vec<u8> {
    b"services/finetune/job/".to_vec()
}

/// Borsh `Job`.
pub fn job(id: u64) -> Vec<u8> {
    key(&[b"services/finetune/job/", &id.to_be_bytes()])
}

/// Index of jobs by creator (value: empty).
pub fn by_creator_of(a: &Address) -> Vec<u8> {
    key(&[b"services/finetune/by_creator/", a.as_bytes()])
}

pub fn by_creator(a: &Address, id: u64) -> Vec<u8> {
    key(&[&by_creator_of(a), &id.to_be_bytes()])
}

pub fn by_provider_of(a: &Address) -> Vec<u8> {
    key(&[b"services/finetune/by_provider/", a.as_bytes()])
}

pub fn by_provider(a: &Address, id: u64) -> Vec<u8> {
    key(&[&by_provider_of(a), &id.to_be_bytes()])
}

pub fn by_model_of(model_id: u64) -> Vec<u8> {
    key(&[b"services/finetune/by_model/", &model_id.to_be_bytes()])
}

pub fn by_model(model_id: u64, id: u64) -> Vec<u8> {
    key(&[&by_model_of(model_id), &id.to_be_bytes()])
}

pub fn by_status_of(s: JobStatus) -> Vec<u8> {
    key(&[b"services/finetune/by_status/", &[s.code()]])
}

pub fn by_status(s: JobStatus, id: u64) -> Vec<u8> {
    key(&[&by_status_of(s), &id.to_be_bytes()])
}

/// Queue of jobs due at the end of a height (deadline or end of the dispute window).
pub fn job_due_prefix() -> Vec<u8> {
    b"services/finetune/job_due/".to_vec()
}

pub fn job_due(height: u64, id: u64) -> Vec<u8> {
    key(&[&job_due_prefix(), &height.to_be_bytes(), &id.to_be_bytes()])
}

/// Queue of provider bonds paid back at the end of a height.
pub fn unbond_due_prefix() -> Vec<u8> {
    b"services/finetune/unbond_due/".to_vec()
}

pub fn unbond_due(height: u64, a: &Address) -> Vec<u8> {
    key(&[&unbond_due_prefix(), &height.to_be_bytes(), a.as_bytes()])
}

/// The big-endian u64 that ends `key`.
pub fn trailing_u64(key: &[u8]) -> Option<u64> {
    let start = key.len().checked_sub(8)?;
    Some(u64::from_be_bytes(key.get(start..)?.try_into().ok()?))
}

/// The height (the first 8 bytes after `prefix`) of a queue key.
pub fn due_height(prefix: &[u8], key: &[u8]) -> Option<u64> {
    let rest = key.strip_prefix(prefix)?;
    Some(u64::from_be_bytes(rest.get(..8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_numerically_and_parse_back() {
        assert!(job(2) < job(256));
        assert!(job_due(9, 100) < job_due(10, 1));
        assert_eq!(trailing_u64(&by_model(3, 7)), Some(7));
        assert_eq!(due_height(&job_due_prefix(), &job_due(42, 1)), Some(42));
        let a = Address([7; 20]);
        assert_eq!(
            due_height(&unbond_due_prefix(), &unbond_due(5, &a)),
            Some(5)
        );
        assert!(provider(&a).starts_with(PREFIX.as_bytes()));
        assert!(by_status(JobStatus::Paid, 1).starts_with(&by_status_of(JobStatus::Paid)));
    }
}
