//! Every key the attribution module owns (substore `attribution`). Keys are public API:
//! changing one needs a migration. Integers are big-endian so keys sort numerically;
//! addresses are their 20 bytes.

use openledger_framework::Address;
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "attribution/";

fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// Protobuf `Params`.
pub fn params() -> Vec<u8> {
    b"attribution/params".to_vec()
}

/// The id of the current engine params (u64 BE).
pub fn engine_params_id() -> Vec<u8> {
    b"attribution/engine_params_id".to_vec()
}

pub fn engine_params_prefix() -> Vec<u8> {
    b"attribution/engine_params/".to_vec()
}

/// Protobuf `EngineParams` of one id, kept forever.
pub fn engine_params(id: u64) -> Vec<u8> {
    key(&[b"attribution/engine_params/", &id.to_be_bytes()])
}

/// The id the next receipt gets (u64 BE).
pub fn next_receipt_id() -> Vec<u8> {
    b"attribution/next_receipt_id".to_vec()
}

/// Protobuf `Totals`.
pub fn totals() -> Vec<u8> {
    b"attribution/totals".to_vec()
}

/// Protobuf `Pending`.
pub fn pending() -> Vec<u8> {
    b"attribution/pending".to_vec()
}

pub fn operators_prefix() -> Vec<u8> {
    b"attribution/operator/".to_vec()
}

/// Protobuf `Operator`.
pub fn operator(addr: &Address) -> Vec<u8> {
    key(&[b"attribution/operator/", addr.as_bytes()])
}

pub fn challenges_lost_prefix() -> Vec<u8> {
    b"attribution/challenges_lost/".to_vec()
}

/// Challenges of an operator's receipts settled CORRECTED (u64 BE; absent = 0). Derived from
/// the challenges and receipts on genesis import.
pub fn challenges_lost(addr: &Address) -> Vec<u8> {
    key(&[b"attribution/challenges_lost/", addr.as_bytes()])
}

pub fn unbonding_prefix() -> Vec<u8> {
    b"attribution/unbonding/".to_vec()
}

/// The unbonding queue, ordered by completion time (value: the operator's 20 bytes).
pub fn unbonding(completion_secs: u64, operator: &Address) -> Vec<u8> {
    key(&[
        b"attribution/unbonding/",
        &completion_secs.to_be_bytes(),
        operator.as_bytes(),
    ])
}

/// The first queue key with a completion after `secs`: entries before it are due at `secs`.
pub fn unbonding_after(secs: u64) -> Option<Vec<u8>> {
    let next = secs.checked_add(1)?;
    Some(key(&[b"attribution/unbonding/", &next.to_be_bytes()]))
}

pub fn accounts_prefix() -> Vec<u8> {
    b"attribution/account/".to_vec()
}

/// A user's inference balance (u128 BE).
pub fn account(user: &Address) -> Vec<u8> {
    key(&[b"attribution/account/", user.as_bytes()])
}

pub fn grants_prefix() -> Vec<u8> {
    b"attribution/grant/".to_vec()
}

pub fn grants_of(user: &Address) -> Vec<u8> {
    key(&[b"attribution/grant/", user.as_bytes()])
}

/// A grant's remaining spend limit (u128 BE).
pub fn grant(user: &Address, operator: &Address, model_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/grant/",
        user.as_bytes(),
        operator.as_bytes(),
        &model_id.to_be_bytes(),
    ])
}

pub fn withdrawals_prefix() -> Vec<u8> {
    b"attribution/withdrawal/".to_vec()
}

/// Protobuf `PendingWithdrawal`: a user's requested withdrawal.
pub fn withdrawal(user: &Address) -> Vec<u8> {
    key(&[b"attribution/withdrawal/", user.as_bytes()])
}

pub fn withdrawal_queue_prefix() -> Vec<u8> {
    b"attribution/withdrawal_queue/".to_vec()
}

/// Requested withdrawals by completion time, then user (value: the user's 20 bytes).
pub fn withdrawal_queue(completion_secs: u64, user: &Address) -> Vec<u8> {
    key(&[
        b"attribution/withdrawal_queue/",
        &completion_secs.to_be_bytes(),
        user.as_bytes(),
    ])
}

/// The first withdrawal queue key with a completion after `secs`.
pub fn withdrawal_queue_after(secs: u64) -> Option<Vec<u8>> {
    let next = secs.checked_add(1)?;
    Some(key(&[
        b"attribution/withdrawal_queue/",
        &next.to_be_bytes(),
    ]))
}

/// `(completion secs, user)` of a withdrawal queue key.
pub fn parse_withdrawal_queue(key: &[u8]) -> Option<(u64, Address)> {
    let rest = key.strip_prefix(b"attribution/withdrawal_queue/".as_slice())?;
    if rest.len() != 28 {
        return None;
    }
    let secs = u64::from_be_bytes(rest.get(..8)?.try_into().ok()?);
    Some((secs, trailing_address(rest)?))
}

pub fn revocations_prefix() -> Vec<u8> {
    b"attribution/revocation/".to_vec()
}

/// A grant's requested revocation: its completion (unix secs, u64 BE).
pub fn revocation(user: &Address, operator: &Address, model_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/revocation/",
        user.as_bytes(),
        operator.as_bytes(),
        &model_id.to_be_bytes(),
    ])
}

pub fn revocation_queue_prefix() -> Vec<u8> {
    b"attribution/revocation_queue/".to_vec()
}

/// Requested revocations by completion time, then grant (value: the model id BE).
pub fn revocation_queue(
    completion_secs: u64,
    user: &Address,
    operator: &Address,
    model_id: u64,
) -> Vec<u8> {
    key(&[
        b"attribution/revocation_queue/",
        &completion_secs.to_be_bytes(),
        user.as_bytes(),
        operator.as_bytes(),
        &model_id.to_be_bytes(),
    ])
}

/// The first revocation queue key with a completion after `secs`.
pub fn revocation_queue_after(secs: u64) -> Option<Vec<u8>> {
    let next = secs.checked_add(1)?;
    Some(key(&[
        b"attribution/revocation_queue/",
        &next.to_be_bytes(),
    ]))
}

/// `(completion secs, user, operator, model id)` of a revocation queue key.
pub fn parse_revocation_queue(key: &[u8]) -> Option<(u64, Address, Address, u64)> {
    let rest = key.strip_prefix(b"attribution/revocation_queue/".as_slice())?;
    if rest.len() != 56 {
        return None;
    }
    Some((
        u64::from_be_bytes(rest.get(..8)?.try_into().ok()?),
        Address::from_slice(rest.get(8..28)?).ok()?,
        Address::from_slice(rest.get(28..48)?).ok()?,
        trailing_u64(rest)?,
    ))
}

/// `(user, operator, model id)` of a revocation key.
pub fn parse_revocation(key: &[u8]) -> Option<(Address, Address, u64)> {
    let rest = key.strip_prefix(b"attribution/revocation/".as_slice())?;
    if rest.len() != 48 {
        return None;
    }
    Some((
        Address::from_slice(rest.get(..20)?).ok()?,
        Address::from_slice(rest.get(20..40)?).ok()?,
        trailing_u64(rest)?,
    ))
}

pub fn claimables_prefix() -> Vec<u8> {
    b"attribution/claimable/".to_vec()
}

/// Protobuf `Claimable`.
pub fn claimable(addr: &Address) -> Vec<u8> {
    key(&[b"attribution/claimable/", addr.as_bytes()])
}

pub fn receipts_prefix() -> Vec<u8> {
    b"attribution/receipt/".to_vec()
}

/// Protobuf `Receipt`.
pub fn receipt(id: u64) -> Vec<u8> {
    key(&[b"attribution/receipt/", &id.to_be_bytes()])
}

pub fn by_model_prefix() -> Vec<u8> {
    b"attribution/by_model/".to_vec()
}

pub fn by_model_of(model_id: u64) -> Vec<u8> {
    key(&[b"attribution/by_model/", &model_id.to_be_bytes()])
}

/// Receipts by model (value: the receipt id BE).
pub fn by_model(model_id: u64, id: u64) -> Vec<u8> {
    key(&[
        b"attribution/by_model/",
        &model_id.to_be_bytes(),
        &id.to_be_bytes(),
    ])
}

pub fn by_user_prefix() -> Vec<u8> {
    b"attribution/by_user/".to_vec()
}

pub fn by_user_of(user: &Address) -> Vec<u8> {
    key(&[b"attribution/by_user/", user.as_bytes()])
}

/// Receipts by user (value: the receipt id BE).
pub fn by_user(user: &Address, id: u64) -> Vec<u8> {
    key(&[b"attribution/by_user/", user.as_bytes(), &id.to_be_bytes()])
}

pub fn by_operator_prefix() -> Vec<u8> {
    b"attribution/by_operator/".to_vec()
}

pub fn by_operator_of(operator: &Address) -> Vec<u8> {
    key(&[b"attribution/by_operator/", operator.as_bytes()])
}

/// Receipts by operator (value: the receipt id BE).
pub fn by_operator(operator: &Address, id: u64) -> Vec<u8> {
    key(&[
        b"attribution/by_operator/",
        operator.as_bytes(),
        &id.to_be_bytes(),
    ])
}

pub fn requests_prefix() -> Vec<u8> {
    b"attribution/request/".to_vec()
}

/// An operator's request id (by its sha256) → the receipt id (u64 BE).
pub fn request(operator: &Address, request_id: &str) -> Vec<u8> {
    let digest = Sha256::digest(request_id.as_bytes());
    key(&[b"attribution/request/", operator.as_bytes(), &digest])
}

pub fn contrib_dn_prefix() -> Vec<u8> {
    b"attribution/contrib_dn/".to_vec()
}

pub fn contrib_dn_of(contributor: &Address) -> Vec<u8> {
    key(&[b"attribution/contrib_dn/", contributor.as_bytes()])
}

/// A contributor's credits from one datanet's contributions (u128 BE).
pub fn contrib_dn(contributor: &Address, datanet_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/contrib_dn/",
        contributor.as_bytes(),
        &datanet_id.to_be_bytes(),
    ])
}

pub fn contrib_model_prefix() -> Vec<u8> {
    b"attribution/contrib_model/".to_vec()
}

pub fn contrib_model_of(contributor: &Address) -> Vec<u8> {
    key(&[b"attribution/contrib_model/", contributor.as_bytes()])
}

/// A contributor's credits from one model's inferences (u128 BE).
pub fn contrib_model(contributor: &Address, model_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/contrib_model/",
        contributor.as_bytes(),
        &model_id.to_be_bytes(),
    ])
}

pub fn model_dn_prefix() -> Vec<u8> {
    b"attribution/model_dn/".to_vec()
}

pub fn model_dn_of(model_id: u64) -> Vec<u8> {
    key(&[b"attribution/model_dn/", &model_id.to_be_bytes()])
}

/// Protobuf `DatanetInfluence`.
pub fn model_dn(model_id: u64, datanet_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/model_dn/",
        &model_id.to_be_bytes(),
        &datanet_id.to_be_bytes(),
    ])
}

pub fn model_contrib_prefix() -> Vec<u8> {
    b"attribution/model_contrib/".to_vec()
}

pub fn model_contrib_of(model_id: u64) -> Vec<u8> {
    key(&[b"attribution/model_contrib/", &model_id.to_be_bytes()])
}

/// Protobuf `ContributorInfluence`.
pub fn model_contrib(model_id: u64, contributor: &Address) -> Vec<u8> {
    key(&[
        b"attribution/model_contrib/",
        &model_id.to_be_bytes(),
        contributor.as_bytes(),
    ])
}

pub fn top_dn_prefix() -> Vec<u8> {
    b"attribution/top_dn/".to_vec()
}

pub fn top_dn_of(model_id: u64) -> Vec<u8> {
    key(&[b"attribution/top_dn/", &model_id.to_be_bytes()])
}

/// Leaderboard of a model's datanets by earnings (aopen credited to their contributors),
/// highest first (value: datanet id BE). Not by influence: weights are free to pump with
/// inferences of a zero-priced model, credits are paid for by users.
pub fn top_dn(model_id: u64, earned: u128, datanet_id: u64) -> Vec<u8> {
    let inverted = u128::MAX.saturating_sub(earned);
    key(&[
        b"attribution/top_dn/",
        &model_id.to_be_bytes(),
        &inverted.to_be_bytes(),
        &datanet_id.to_be_bytes(),
    ])
}

pub fn top_contrib_prefix() -> Vec<u8> {
    b"attribution/top_contrib/".to_vec()
}

pub fn top_contrib_of(model_id: u64) -> Vec<u8> {
    key(&[b"attribution/top_contrib/", &model_id.to_be_bytes()])
}

/// Leaderboard of a model's contributors by earnings, highest first (value: the address).
pub fn top_contrib(model_id: u64, earned: u128, contributor: &Address) -> Vec<u8> {
    let inverted = u128::MAX.saturating_sub(earned);
    key(&[
        b"attribution/top_contrib/",
        &model_id.to_be_bytes(),
        &inverted.to_be_bytes(),
        contributor.as_bytes(),
    ])
}

/// The id the next challenge gets (u64 BE).
pub fn next_challenge_id() -> Vec<u8> {
    b"attribution/next_challenge_id".to_vec()
}

pub fn challenges_prefix() -> Vec<u8> {
    b"attribution/challenge/".to_vec()
}

/// Protobuf `Challenge`.
pub fn challenge(id: u64) -> Vec<u8> {
    key(&[b"attribution/challenge/", &id.to_be_bytes()])
}

pub fn challenge_status_prefix() -> Vec<u8> {
    b"attribution/challenge_status/".to_vec()
}

/// Challenges of one status (the enum's number, one byte).
pub fn challenge_status_of(status: u8) -> Vec<u8> {
    key(&[b"attribution/challenge_status/", &[status]])
}

/// Challenges by status, then id (value: the challenge id BE).
pub fn challenge_status(status: u8, id: u64) -> Vec<u8> {
    key(&[
        b"attribution/challenge_status/",
        &[status],
        &id.to_be_bytes(),
    ])
}

pub fn challenge_deadline_prefix() -> Vec<u8> {
    b"attribution/challenge_deadline/".to_vec()
}

/// OPEN challenges by deadline height, then id (value: the challenge id BE).
pub fn challenge_deadline(height: u64, id: u64) -> Vec<u8> {
    key(&[
        b"attribution/challenge_deadline/",
        &height.to_be_bytes(),
        &id.to_be_bytes(),
    ])
}

/// The first deadline key at `height`: entries before it have a deadline below `height`.
pub fn challenge_deadline_from(height: u64) -> Vec<u8> {
    key(&[b"attribution/challenge_deadline/", &height.to_be_bytes()])
}

/// The number of OPEN challenges (u64 BE).
pub fn open_challenge_count() -> Vec<u8> {
    b"attribution/open_challenge_count".to_vec()
}

pub fn holds_prefix() -> Vec<u8> {
    b"attribution/held/".to_vec()
}

/// A receipt's held data pool: release secs (u64 BE) then the id of the receipt's challenge
/// (u64 BE, 0 if none).
pub fn held(receipt_id: u64) -> Vec<u8> {
    key(&[b"attribution/held/", &receipt_id.to_be_bytes()])
}

pub fn release_queue_prefix() -> Vec<u8> {
    b"attribution/release/".to_vec()
}

/// Held data pools by release time, then receipt id (value: the receipt id BE). A receipt
/// with an OPEN or ESCALATED challenge is out of the queue until it is settled.
pub fn release(release_secs: u64, receipt_id: u64) -> Vec<u8> {
    key(&[
        b"attribution/release/",
        &release_secs.to_be_bytes(),
        &receipt_id.to_be_bytes(),
    ])
}

/// The first release key after `secs`: entries before it are due at `secs`.
pub fn release_after(secs: u64) -> Option<Vec<u8>> {
    let next = secs.checked_add(1)?;
    Some(key(&[b"attribution/release/", &next.to_be_bytes()]))
}

/// `(release secs, receipt id)` of a release queue key.
pub fn parse_release(key: &[u8]) -> Option<(u64, u64)> {
    let rest = key.strip_prefix(b"attribution/release/".as_slice())?;
    if rest.len() != 16 {
        return None;
    }
    Some((
        u64::from_be_bytes(rest.get(..8)?.try_into().ok()?),
        trailing_u64(rest)?,
    ))
}

pub fn corrected_prefix() -> Vec<u8> {
    b"attribution/corrected/".to_vec()
}

/// Protobuf `Receipt`: the receipt as a CORRECTED challenge re-split its data pool.
pub fn corrected(receipt_id: u64) -> Vec<u8> {
    key(&[b"attribution/corrected/", &receipt_id.to_be_bytes()])
}

/// The big-endian u64 that ends `key`.
pub fn trailing_u64(key: &[u8]) -> Option<u64> {
    let start = key.len().checked_sub(8)?;
    Some(u64::from_be_bytes(key.get(start..)?.try_into().ok()?))
}

/// The address that ends `key`.
pub fn trailing_address(key: &[u8]) -> Option<Address> {
    let start = key.len().checked_sub(20)?;
    Address::from_slice(key.get(start..)?).ok()
}

/// `(completion secs, operator)` of an unbonding queue key.
pub fn parse_unbonding(key: &[u8]) -> Option<(u64, Address)> {
    let rest = key.strip_prefix(b"attribution/unbonding/".as_slice())?;
    if rest.len() != 28 {
        return None;
    }
    let secs = u64::from_be_bytes(rest.get(..8)?.try_into().ok()?);
    Some((secs, trailing_address(rest)?))
}

/// `(user, operator, model_id)` of a grant key.
pub fn parse_grant(key: &[u8]) -> Option<(Address, Address, u64)> {
    let rest = key.strip_prefix(b"attribution/grant/".as_slice())?;
    if rest.len() != 48 {
        return None;
    }
    Some((
        Address::from_slice(rest.get(..20)?).ok()?,
        Address::from_slice(rest.get(20..40)?).ok()?,
        trailing_u64(rest)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_numerically_and_parse_back() {
        let a = Address([7; 20]);
        let b = Address([9; 20]);
        assert!(receipt(2) < receipt(256));
        assert!(unbonding(10, &b) < unbonding(11, &a));
        assert!(unbonding(10, &a) < unbonding_after(10).unwrap());
        assert!(unbonding_after(10).unwrap() <= unbonding(11, &a));
        assert_eq!(parse_unbonding(&unbonding(42, &a)), Some((42, a)));
        assert_eq!(parse_grant(&grant(&a, &b, 5)), Some((a, b, 5)));
        // higher earnings sort first; ties by datanet id
        assert!(top_dn(1, 500, 9) < top_dn(1, 400, 1));
        assert!(top_dn(1, 500, 1) < top_dn(1, 500, 2));
        assert!(top_contrib(1, 10, &b) < top_contrib(1, 9, &a));
        assert_eq!(trailing_address(&top_contrib(3, 1, &b)), Some(b));
        assert_eq!(trailing_u64(&by_user(&a, 77)), Some(77));
        assert_eq!(request(&a, "x").len(), PREFIX.len() + "request/".len() + 52);
        assert_ne!(request(&a, "x"), request(&a, "y"));
        assert!(operator(&a).starts_with(PREFIX.as_bytes()));
        assert!(release(10, 99) < release_after(10).unwrap());
        assert!(release_after(10).unwrap() <= release(11, 0));
        assert_eq!(parse_release(&release(42, 7)), Some((42, 7)));
        assert_eq!(
            parse_withdrawal_queue(&withdrawal_queue(42, &a)),
            Some((42, a))
        );
        assert!(withdrawal_queue(10, &b) < withdrawal_queue_after(10).unwrap());
        assert_eq!(
            parse_revocation_queue(&revocation_queue(42, &a, &b, 3)),
            Some((42, a, b, 3))
        );
        assert!(revocation_queue(10, &b, &b, u64::MAX) < revocation_queue_after(10).unwrap());
        assert_eq!(parse_revocation(&revocation(&a, &b, 3)), Some((a, b, 3)));
        // the queues are not inside the records' keyspaces
        assert!(!withdrawal_queue(1, &a).starts_with(&withdrawals_prefix()));
        assert!(!revocation_queue(1, &a, &b, 0).starts_with(&revocations_prefix()));
        assert!(challenge_deadline(9, u64::MAX) < challenge_deadline_from(10));
        assert!(challenge_deadline_from(10) <= challenge_deadline(10, 0));
        assert!(challenge_status(1, 5).starts_with(&challenge_status_of(1)));
        assert!(!challenge_status(2, 5).starts_with(&challenge_status_of(1)));
        // no prefix is a prefix of another keyspace
        assert!(!held(1).starts_with(&challenges_prefix()));
        assert!(!challenge_status(1, 1).starts_with(&challenges_prefix()));
    }
}
