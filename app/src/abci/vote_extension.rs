//! Vote extensions: how validators settle attribution challenges (see docs/challenges.md,
//! "Consensus: vote extensions").
//!
//! * **ExtendVote** puts this node's engine results for the open challenges in a
//!   [`VoteExtension`] (computed in the background, never inside the call).
//! * **VerifyVoteExtension** checks only shape and size ([`check_extension`]): the answer may
//!   depend on nothing but the request.
//! * **PrepareProposal** prunes the extended last commit ([`prune`]: an extension that is
//!   malformed, unsigned, badly signed or from a validator the state does not know is cleared
//!   and its vote marked absent) and prepends it as `txs[0]`: [`INJECTION_MAGIC`] followed by
//!   the protobuf of the CometBFT v0.38 `ExtendedCommitInfo`.
//! * **ProcessProposal** accepts an injection only at index 0, and only if it matches the
//!   proposed last commit and every extension in it is well formed and correctly signed
//!   ([`validate_injection`]).
//! * **FinalizeBlock** tallies the injected votes ([`ballots`], [`tally`]) and settles the
//!   challenges on which more than 2/3 of the commit's voting power agrees.
//!
//! Everything here except [`build_extension`] runs in consensus: pure functions of their input,
//! integer arithmetic, bounded loops.

use std::collections::{BTreeMap, BTreeSet};

use openledger_attribution::proto::{AttributionEntry, ChallengeVote, VoteExtension};
use openledger_framework::consensus_address;
use prost::Message;
use tendermint_proto::v0_38::types::CanonicalVoteExtension;

/// CometBFT v0.38's commit messages, as the injection carries them.
pub use tendermint_proto::v0_38::abci::{
    CommitInfo, ExtendedCommitInfo, ExtendedVoteInfo, Validator, VoteInfo,
};
pub use tendermint_proto::v0_38::types::BlockIdFlag;

/// The first bytes of the injected transaction. A Cosmos `TxRaw` (or any protobuf message)
/// can never start with 0x00: that is a field tag with number 0, which is invalid. So no
/// mempool transaction can be mistaken for an injection, and CheckTx refuses any tx that
/// starts with it.
pub const INJECTION_MAGIC: &[u8] = b"\x00OLVE1";

/// Largest vote extension accepted, in bytes (CometBFT's own limit, `MaxVoteExtensionSize`).
pub const MAX_EXTENSION_BYTES: usize = 1 << 20;
/// Most challenge votes one extension may carry.
pub const MAX_EXTENSION_VOTES: usize = 1000;
/// Most attribution entries one challenge vote may carry (the receipts' own limit).
pub const MAX_VOTE_ENTRIES: usize = 1024;
/// The weights of a non-empty result sum to exactly this (parts per million).
pub const PPM: u64 = 1_000_000;
/// Most votes an injected commit may hold (CometBFT's `MaxVotesCount`).
pub const MAX_COMMIT_VOTES: usize = 10_000;

const COMMIT: i32 = BlockIdFlag::Commit as i32;
const ABSENT: i32 = BlockIdFlag::Absent as i32;
const NIL: i32 = BlockIdFlag::Nil as i32;

/// Why an extension or an injection is refused (the message is for logs only).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

fn invalid(msg: impl Into<String>) -> Invalid {
    Invalid(msg.into())
}

/// Encoding that re-encodes to exactly the bytes given: no unknown fields, no
/// non-canonical varints, so the bytes have one meaning.
fn decode_canonical<M: Message + Default>(bytes: &[u8], what: &str) -> Result<M, Invalid> {
    let m = M::decode(bytes).map_err(|e| invalid(format!("{what}: {e}")))?;
    if m.encoded_len() != bytes.len() || m.encode_to_vec() != bytes {
        return Err(invalid(format!("{what}: unknown or non-canonical fields")));
    }
    Ok(m)
}

/// One challenge vote is well formed: a challenge id; an abstention (`content_missing`)
/// carries no entries; otherwise at most [`MAX_VOTE_ENTRIES`] entries with contribution ids
/// ≥ 1 in strictly increasing order, weights ≥ 1, summing to [`PPM`] (or no entry at all:
/// the engine found no span).
pub fn check_vote(v: &ChallengeVote) -> Result<(), Invalid> {
    if v.challenge_id == 0 {
        return Err(invalid("challenge id 0"));
    }
    if v.content_missing {
        if !v.entries.is_empty() {
            return Err(invalid(format!(
                "challenge {}: an abstention carries entries",
                v.challenge_id
            )));
        }
        return Ok(());
    }
    if v.entries.len() > MAX_VOTE_ENTRIES {
        return Err(invalid(format!(
            "challenge {}: {} entries, max {MAX_VOTE_ENTRIES}",
            v.challenge_id,
            v.entries.len()
        )));
    }
    let mut last = 0u64;
    let mut sum = 0u64;
    for e in &v.entries {
        if e.contribution_id <= last {
            return Err(invalid(format!(
                "challenge {}: contribution ids not strictly increasing from 1",
                v.challenge_id
            )));
        }
        if e.weight_ppm == 0 {
            return Err(invalid(format!(
                "challenge {}: contribution {} has weight 0",
                v.challenge_id, e.contribution_id
            )));
        }
        last = e.contribution_id;
        // At most 1024 weights below 2^32 each: no overflow, but stay checked.
        sum = sum
            .checked_add(u64::from(e.weight_ppm))
            .ok_or_else(|| invalid("weight overflow"))?;
    }
    if !v.entries.is_empty() && sum != PPM {
        return Err(invalid(format!(
            "challenge {}: weights sum to {sum}, not {PPM}",
            v.challenge_id
        )));
    }
    Ok(())
}

/// VerifyVoteExtension's rule, and the rule for every extension in an injected commit: empty,
/// or a canonically encoded [`VoteExtension`] of at most [`MAX_EXTENSION_BYTES`] bytes with at
/// most [`MAX_EXTENSION_VOTES`] votes in strictly increasing challenge id order (so no
/// duplicate), each well formed ([`check_vote`]). Depends on the bytes only.
pub fn check_extension(bytes: &[u8]) -> Result<VoteExtension, Invalid> {
    if bytes.is_empty() {
        return Ok(VoteExtension::default());
    }
    if bytes.len() > MAX_EXTENSION_BYTES {
        return Err(invalid(format!(
            "{} bytes, max {MAX_EXTENSION_BYTES}",
            bytes.len()
        )));
    }
    let ext: VoteExtension = decode_canonical(bytes, "vote extension")?;
    if ext.votes.len() > MAX_EXTENSION_VOTES {
        return Err(invalid(format!(
            "{} votes, max {MAX_EXTENSION_VOTES}",
            ext.votes.len()
        )));
    }
    let mut last = 0u64;
    for v in &ext.votes {
        if v.challenge_id <= last {
            return Err(invalid(
                "challenge ids not strictly increasing (duplicate or unordered)",
            ));
        }
        last = v.challenge_id;
        check_vote(v)?;
    }
    Ok(ext)
}

/// ExtendVote's extension from this node's results: the well-formed ones, in challenge id
/// order, as many as fit the limits. Empty bytes when there is none. Never fails: a result
/// that would make the extension invalid is left out, since other validators would reject
/// the whole precommit.
pub fn build_extension(results: Vec<ChallengeVote>) -> Vec<u8> {
    let mut by_id: BTreeMap<u64, ChallengeVote> = BTreeMap::new();
    for v in results {
        if check_vote(&v).is_ok() {
            by_id.insert(v.challenge_id, v);
        }
    }
    let mut ext = VoteExtension {
        votes: by_id.into_values().take(MAX_EXTENSION_VOTES).collect(),
    };
    while !ext.votes.is_empty() && ext.encoded_len() > MAX_EXTENSION_BYTES {
        ext.votes.pop();
    }
    if ext.votes.is_empty() {
        return Vec::new();
    }
    ext.encode_to_vec()
}

/// The bytes a validator's consensus key signs for its extension (CometBFT's
/// `VoteExtensionSignBytes`): `CanonicalVoteExtension`, varint-length-delimited.
pub fn sign_bytes(extension: &[u8], height: i64, round: i64, chain_id: &str) -> Vec<u8> {
    CanonicalVoteExtension {
        extension: extension.to_vec(),
        height,
        round,
        chain_id: chain_id.to_string(),
    }
    .encode_length_delimited_to_vec()
}

/// Whether a transaction is (or pretends to be) an injected commit.
pub fn is_injection(tx: &[u8]) -> bool {
    tx.starts_with(INJECTION_MAGIC)
}

pub fn encode_injection(commit: &ExtendedCommitInfo) -> Vec<u8> {
    let mut out = INJECTION_MAGIC.to_vec();
    out.extend_from_slice(&commit.encode_to_vec());
    out
}

/// The injected commit of a transaction that starts with [`INJECTION_MAGIC`].
pub fn decode_injection(tx: &[u8]) -> Result<ExtendedCommitInfo, Invalid> {
    let body = tx
        .strip_prefix(INJECTION_MAGIC)
        .ok_or_else(|| invalid("not an injected commit"))?;
    let commit: ExtendedCommitInfo = decode_canonical(body, "injected commit")?;
    if commit.votes.len() > MAX_COMMIT_VOTES {
        return Err(invalid(format!(
            "{} votes, max {MAX_COMMIT_VOTES}",
            commit.votes.len()
        )));
    }
    Ok(commit)
}

/// Whether any vote of the commit carries an extension.
pub fn has_extensions(commit: &ExtendedCommitInfo) -> bool {
    commit.votes.iter().any(|v| !v.vote_extension.is_empty())
}

/// Where the signatures of a commit's extensions are checked: the chain, and the height and
/// round the votes were cast at (the height before the block that carries them).
#[derive(Debug, Clone, Copy)]
pub struct SignCtx<'a> {
    pub chain_id: &'a str,
    pub height: i64,
    pub round: i64,
}

/// The consensus public key (ed25519) of a validator by its CometBFT address, from the state;
/// `Ok(None)` when the state does not know it. `Err` is a storage failure.
pub trait ConsensusKeys {
    type Error;
    fn consensus_key(&self, address: &[u8; 20]) -> Result<Option<[u8; 32]>, Self::Error>;
}

fn address(v: &ExtendedVoteInfo) -> Option<[u8; 20]> {
    v.validator
        .as_ref()
        .and_then(|val| <[u8; 20]>::try_from(val.address.as_ref()).ok())
}

/// Checks one COMMIT vote with a non-empty extension: well formed, signed, by a validator the
/// state knows, with a valid ed25519 signature over the sign bytes. Inner `Err` is the
/// reason the vote is invalid; outer `Err` a storage failure.
fn check_signed_extension<K: ConsensusKeys>(
    v: &ExtendedVoteInfo,
    ctx: &SignCtx<'_>,
    keys: &K,
) -> Result<Result<(), Invalid>, K::Error> {
    if let Err(e) = check_extension(&v.vote_extension) {
        return Ok(Err(e));
    }
    let Some(addr) = address(v) else {
        return Ok(Err(invalid("vote without a validator address")));
    };
    let Ok(sig) = <[u8; 64]>::try_from(v.extension_signature.as_ref()) else {
        return Ok(Err(invalid(format!(
            "validator {}: extension signature of {} bytes",
            hex::encode(addr),
            v.extension_signature.len()
        ))));
    };
    let Some(key) = keys.consensus_key(&addr)? else {
        return Ok(Err(invalid(format!(
            "validator {}: unknown consensus key",
            hex::encode(addr)
        ))));
    };
    if consensus_address(&key) != addr {
        return Ok(Err(invalid(format!(
            "validator {}: key does not match the address",
            hex::encode(addr)
        ))));
    }
    let Ok(vk) = ed25519_consensus::VerificationKey::try_from(key) else {
        return Ok(Err(invalid(format!(
            "validator {}: invalid ed25519 key",
            hex::encode(addr)
        ))));
    };
    let msg = sign_bytes(&v.vote_extension, ctx.height, ctx.round, ctx.chain_id);
    if vk
        .verify(&ed25519_consensus::Signature::from(sig), &msg)
        .is_err()
    {
        return Ok(Err(invalid(format!(
            "validator {}: bad extension signature",
            hex::encode(addr)
        ))));
    }
    Ok(Ok(()))
}

/// PrepareProposal's pruning (as Skip connect does it): every COMMIT vote whose extension is
/// not valid ([`check_signed_extension`]) loses its extension and signature and is marked
/// ABSENT; a vote without an extension carries no signature; NIL and ABSENT votes carry
/// neither. The votes themselves (addresses, powers, order) stay as CometBFT gave them.
pub fn prune<K: ConsensusKeys>(
    local: &ExtendedCommitInfo,
    ctx: &SignCtx<'_>,
    keys: &K,
) -> Result<ExtendedCommitInfo, K::Error> {
    let mut out = local.clone();
    for v in &mut out.votes {
        let keep = v.block_id_flag == COMMIT
            && !v.vote_extension.is_empty()
            && check_signed_extension(v, ctx, keys)?.is_ok();
        if !keep {
            if v.block_id_flag == COMMIT && !v.vote_extension.is_empty() {
                v.block_id_flag = ABSENT;
            }
            v.vote_extension = Default::default();
            v.extension_signature = Default::default();
        }
    }
    Ok(out)
}

/// ProcessProposal's rule for an injected commit. It must match the proposed last commit:
/// same round, same number of votes, the same validator address and power at each index
/// (no duplicate address), the same flag except that a COMMIT vote may have been pruned to
/// ABSENT. Only COMMIT votes carry extensions, and a vote carries a signature only with an
/// extension. Every extension must be valid and signed ([`check_signed_extension`]), and
/// there must be at least one (an injection without extension has no reason to exist).
pub fn validate_injection<K: ConsensusKeys>(
    injected: &ExtendedCommitInfo,
    proposed: &CommitInfo,
    ctx: &SignCtx<'_>,
    keys: &K,
) -> Result<Result<(), Invalid>, K::Error> {
    if injected.round != proposed.round {
        return Ok(Err(invalid(format!(
            "round {} but the last commit's is {}",
            injected.round, proposed.round
        ))));
    }
    if injected.votes.len() != proposed.votes.len() {
        return Ok(Err(invalid(format!(
            "{} votes but the last commit has {}",
            injected.votes.len(),
            proposed.votes.len()
        ))));
    }
    let mut seen = BTreeSet::new();
    let mut extensions = 0usize;
    for (i, (inj, prop)) in injected.votes.iter().zip(&proposed.votes).enumerate() {
        let (Some(a), Some(b)) = (inj.validator.as_ref(), prop.validator.as_ref()) else {
            return Ok(Err(invalid(format!("vote {i}: no validator"))));
        };
        if a.address != b.address || a.power != b.power {
            return Ok(Err(invalid(format!(
                "vote {i}: validator or power differs from the last commit"
            ))));
        }
        if a.power < 0 {
            return Ok(Err(invalid(format!("vote {i}: negative power"))));
        }
        if address(inj).is_none() || !seen.insert(a.address.clone()) {
            return Ok(Err(invalid(format!(
                "vote {i}: bad or duplicate validator address"
            ))));
        }
        let pruned = inj.block_id_flag == ABSENT && prop.block_id_flag == COMMIT;
        if inj.block_id_flag != prop.block_id_flag && !pruned {
            return Ok(Err(invalid(format!(
                "vote {i}: flag {} but the last commit has {}",
                inj.block_id_flag, prop.block_id_flag
            ))));
        }
        if ![COMMIT, ABSENT, NIL].contains(&inj.block_id_flag) {
            return Ok(Err(invalid(format!("vote {i}: unknown flag"))));
        }
        if inj.vote_extension.is_empty() {
            if !inj.extension_signature.is_empty() {
                return Ok(Err(invalid(format!(
                    "vote {i}: a signature without an extension"
                ))));
            }
            continue;
        }
        if inj.block_id_flag != COMMIT {
            return Ok(Err(invalid(format!(
                "vote {i}: an extension on a vote that is not COMMIT"
            ))));
        }
        if let Err(e) = check_signed_extension(inj, ctx, keys)? {
            return Ok(Err(invalid(format!("vote {i}: {e}"))));
        }
        extensions += 1;
    }
    if extensions == 0 {
        return Ok(Err(invalid("an injected commit without any extension")));
    }
    Ok(Ok(()))
}

/// A validator's voting power and its well-formed extension, as tallied.
#[derive(Debug, Clone, PartialEq)]
pub struct Ballot {
    pub power: u64,
    pub extension: VoteExtension,
}

/// The ballots of an injected commit and its total power. The total is the power of every
/// vote in the commit (absent, nil and pruned included); only COMMIT votes with a well-formed
/// extension are ballots. Anything else abstains.
pub fn ballots(commit: &ExtendedCommitInfo) -> (Vec<Ballot>, u64) {
    let mut total = 0u64;
    let mut out = Vec::new();
    for v in commit.votes.iter().take(MAX_COMMIT_VOTES) {
        let power = v
            .validator
            .as_ref()
            .and_then(|val| u64::try_from(val.power).ok())
            .unwrap_or(0);
        total = total.saturating_add(power);
        if v.block_id_flag != COMMIT || v.vote_extension.is_empty() {
            continue;
        }
        if let Ok(extension) = check_extension(&v.vote_extension) {
            out.push(Ballot { power, extension });
        }
    }
    (out, total)
}

/// A result that more than 2/3 of the voting power agreed on.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub challenge_id: u64,
    pub entries: Vec<AttributionEntry>,
    pub power: u64,
}

/// Whether `power` is more than 2/3 of `total`: `power × 3 > total × 2` (exactly 2/3 is not
/// enough). In u128, so it cannot overflow.
pub fn supermajority(power: u64, total: u64) -> bool {
    u128::from(power) * 3 > u128::from(total) * 2
}

/// The tally. For each challenge id, the ballots' results that are not `content_missing` are
/// grouped by their exact entries list (each ballot's power counted once per challenge); a
/// group whose power is more than 2/3 of `total` is an agreement. Abstentions (content
/// missing, no result, no extension, absent, nil) count in the total but in no group, so they
/// work against settling. Agreements come in challenge id order; at most one per challenge.
pub fn tally(ballots: &[Ballot], total: u64) -> Vec<Agreement> {
    type Entries = Vec<(u64, u32)>;
    let mut groups: BTreeMap<u64, BTreeMap<Entries, u64>> = BTreeMap::new();
    for b in ballots {
        let mut counted = BTreeSet::new();
        for v in &b.extension.votes {
            if v.content_missing || !counted.insert(v.challenge_id) {
                continue;
            }
            let key: Entries = v
                .entries
                .iter()
                .map(|e| (e.contribution_id, e.weight_ppm))
                .collect();
            let power = groups
                .entry(v.challenge_id)
                .or_default()
                .entry(key)
                .or_default();
            *power = power.saturating_add(b.power);
        }
    }
    groups
        .into_iter()
        .filter_map(|(challenge_id, results)| {
            // The group with the most power, the first in entries order on a tie.
            let (entries, power) =
                results
                    .into_iter()
                    .fold(None::<(Entries, u64)>, |best, (k, p)| match best {
                        Some((bk, bp)) if bp >= p => Some((bk, bp)),
                        _ => Some((k, p)),
                    })?;
            supermajority(power, total).then(|| Agreement {
                challenge_id,
                entries: entries
                    .into_iter()
                    .map(|(contribution_id, weight_ppm)| AttributionEntry {
                        contribution_id,
                        weight_ppm,
                    })
                    .collect(),
                power,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(list: &[(u64, u32)]) -> Vec<AttributionEntry> {
        list.iter()
            .map(|&(contribution_id, weight_ppm)| AttributionEntry {
                contribution_id,
                weight_ppm,
            })
            .collect()
    }

    fn result(id: u64, list: &[(u64, u32)]) -> ChallengeVote {
        ChallengeVote {
            challenge_id: id,
            content_missing: false,
            entries: entries(list),
        }
    }

    fn missing(id: u64) -> ChallengeVote {
        ChallengeVote {
            challenge_id: id,
            content_missing: true,
            entries: Vec::new(),
        }
    }

    fn ballot(power: u64, votes: Vec<ChallengeVote>) -> Ballot {
        Ballot {
            power,
            extension: VoteExtension { votes },
        }
    }

    const A: &[(u64, u32)] = &[(1, 600_000), (2, 400_000)];
    const B: &[(u64, u32)] = &[(1, 1_000_000)];

    #[test]
    fn exactly_two_thirds_does_not_settle_more_does() {
        // 2 of 3 equal validators: exactly 2/3.
        let b = [ballot(1, vec![result(1, A)]), ballot(1, vec![result(1, A)])];
        assert!(tally(&b, 3).is_empty());
        // 200 of 300 is exactly 2/3; 201 of 300 is more.
        assert!(tally(&[ballot(200, vec![result(1, A)])], 300).is_empty());
        let got = tally(&[ballot(201, vec![result(1, A)])], 300);
        assert_eq!(
            got,
            vec![Agreement {
                challenge_id: 1,
                entries: entries(A),
                power: 201
            }]
        );
        assert!(!supermajority(0, 0));
        assert!(supermajority(u64::MAX, u64::MAX));
    }

    #[test]
    fn abstentions_and_missing_content_count_against() {
        // 3 of 4 agree: settles. One of them content-missing: 2 of 4 do not.
        let agree = || ballot(1, vec![result(7, B)]);
        assert_eq!(tally(&[agree(), agree(), agree()], 4).len(), 1);
        assert!(tally(&[agree(), agree(), ballot(1, vec![missing(7)])], 4).is_empty());
        // A ballot without a vote for the challenge abstains too.
        assert!(tally(&[agree(), agree(), ballot(1, vec![result(8, B)])], 4)
            .iter()
            .all(|a| a.challenge_id != 7));
    }

    #[test]
    fn conflicting_results_and_one_liar() {
        // 2 say A, 2 say B: nothing settles.
        let b = [
            ballot(1, vec![result(1, A)]),
            ballot(1, vec![result(1, A)]),
            ballot(1, vec![result(1, B)]),
            ballot(1, vec![result(1, B)]),
        ];
        assert!(tally(&b, 4).is_empty());
        // 3 honest of 4 settle A whatever the fourth says; the liar cannot settle B alone,
        // even with more power than any honest one.
        let b = [
            ballot(10, vec![result(1, A)]),
            ballot(10, vec![result(1, A)]),
            ballot(10, vec![result(1, A)]),
            ballot(12, vec![result(1, B)]),
        ];
        let got = tally(&b, 42);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].entries, entries(A));
        assert_eq!(got[0].power, 30);
        // An empty result (unattributed) is a result like any other.
        let b = [ballot(3, vec![result(2, &[])])];
        assert_eq!(tally(&b, 4)[0].entries, Vec::new());
    }

    #[test]
    fn several_challenges_in_id_order_and_a_ballot_counts_once() {
        let dup = VoteExtension {
            votes: vec![result(5, A), result(5, A)],
        };
        let b = [
            Ballot {
                power: 2,
                extension: dup,
            },
            ballot(2, vec![result(3, B), result(5, A)]),
            ballot(2, vec![result(3, B)]),
        ];
        let got: Vec<(u64, u64)> = tally(&b, 5)
            .iter()
            .map(|a| (a.challenge_id, a.power))
            .collect();
        // Challenge 5: 4 of 5 (the duplicate vote counted once); challenge 3: 4 of 5.
        assert_eq!(got, vec![(3, 4), (5, 4)]);
    }

    #[test]
    fn extension_shape() {
        let ok = VoteExtension {
            votes: vec![result(1, A), missing(2), result(3, &[])],
        };
        assert_eq!(check_extension(&ok.encode_to_vec()), Ok(ok.clone()));
        assert_eq!(check_extension(&[]), Ok(VoteExtension::default()));
        let bad = |votes: Vec<ChallengeVote>| {
            check_extension(&VoteExtension { votes }.encode_to_vec()).is_err()
        };
        assert!(bad(vec![result(2, A), result(2, B)]), "duplicate id");
        assert!(bad(vec![result(2, A), result(1, B)]), "unordered ids");
        assert!(bad(vec![result(0, A)]), "id 0");
        assert!(bad(vec![result(1, &[(1, 500_000)])]), "sum not 1e6");
        assert!(bad(vec![result(1, &[(0, 1_000_000)])]), "contribution 0");
        assert!(bad(vec![result(1, &[(2, 1), (1, 999_999)])]), "unordered");
        assert!(bad(vec![result(1, &[(1, 0), (2, 1_000_000)])]), "weight 0");
        let mut m = missing(1);
        m.entries = entries(B);
        assert!(bad(vec![m]), "abstention with entries");
        let many: Vec<AttributionEntry> = (1..=1025u64)
            .map(|i| AttributionEntry {
                contribution_id: i,
                weight_ppm: if i == 1 { 1_000_000 - 1024 } else { 1 },
            })
            .collect();
        let mut v = result(1, &[]);
        v.entries = many.clone();
        assert!(bad(vec![v.clone()]), "1025 entries");
        v.entries.pop();
        v.entries[0].weight_ppm += 1;
        assert!(!bad(vec![v]), "1024 entries");
        assert!(
            bad((1..=1001).map(|i| result(i, B)).collect()),
            "1001 votes"
        );
        assert!(
            !bad((1..=1000).map(|i| result(i, B)).collect()),
            "1000 votes"
        );
        // Garbage, unknown fields, oversize.
        assert!(check_extension(b"\xff\xff\xff").is_err());
        let mut unknown = ok.encode_to_vec();
        unknown.extend_from_slice(&[0x10, 0x01]);
        assert!(check_extension(&unknown).is_err());
        assert!(check_extension(&vec![0u8; MAX_EXTENSION_BYTES + 1]).is_err());
    }

    #[test]
    fn built_extensions_are_valid_and_skip_bad_results() {
        assert!(build_extension(Vec::new()).is_empty());
        let bytes = build_extension(vec![
            result(3, A),
            result(1, &[(1, 5)]), // bad sum: left out
            result(2, B),
        ]);
        let ext = check_extension(&bytes).unwrap();
        let ids: Vec<u64> = ext.votes.iter().map(|v| v.challenge_id).collect();
        assert_eq!(ids, vec![2, 3]);
        let bytes = build_extension((1..=1200).map(|i| result(i, B)).collect());
        assert_eq!(check_extension(&bytes).unwrap().votes.len(), 1000);
        assert!(build_extension(vec![result(1, &[(1, 5)])]).is_empty());
    }

    #[test]
    fn the_magic_is_no_protobuf_and_injections_round_trip() {
        assert!(is_injection(&encode_injection(
            &ExtendedCommitInfo::default()
        )));
        assert!(cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw::decode(INJECTION_MAGIC).is_err());
        let c = ExtendedCommitInfo {
            round: 2,
            votes: vec![ExtendedVoteInfo {
                validator: Some(Validator {
                    address: vec![1u8; 20].into(),
                    power: 5,
                }),
                vote_extension: vec![1, 2].into(),
                extension_signature: vec![3; 64].into(),
                block_id_flag: COMMIT,
            }],
        };
        let tx = encode_injection(&c);
        assert_eq!(decode_injection(&tx), Ok(c));
        let mut extra = tx.clone();
        extra.extend_from_slice(&[0x18, 0x01]);
        assert!(decode_injection(&extra).is_err());
        assert!(decode_injection(&tx[1..]).is_err());
    }

    #[test]
    fn entry_limit_is_the_receipts_limit() {
        assert_eq!(
            MAX_VOTE_ENTRIES,
            openledger_attribution::MAX_ATTRIBUTION_ENTRIES as usize
        );
        assert_eq!(PPM, u64::from(openledger_attribution::PPM));
    }
}
