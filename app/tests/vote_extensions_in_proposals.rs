//! Vote extensions in proposals: the proposer injects the extended last commit as `txs[0]`
//! (pruned of invalid extensions), every validator checks it in ProcessProposal, FinalizeBlock
//! skips it as a transaction, CheckTx refuses it, and replaying the blocks on a fresh node gives
//! the same app hashes.

use std::collections::BTreeMap;

use openledger_app::abci::vote_extension::{
    self as ve, BlockIdFlag, CommitInfo, ExtendedCommitInfo, ExtendedVoteInfo, Validator, VoteInfo,
    INJECTION_MAGIC,
};
use openledger_attribution::proto::{AttributionEntry, ChallengeVote, VoteExtension};
use openledger_framework::{consensus_address, ConsAddress};
use openledger_testkit::{
    consensus_key, genesis_with_validators, msg_send, TestKey, TestNode, KNOWN_CONSENSUS_SEEDS,
};
use prost::Message;

const CHAIN: &str = "openledger-ve-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
const COMMIT: i32 = BlockIdFlag::Commit as i32;
const ABSENT: i32 = BlockIdFlag::Absent as i32;
const NIL: i32 = BlockIdFlag::Nil as i32;

/// Four validators of power 100 (seeds 0..4), at height 3.
fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..6).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 4, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.advance_to(3).unwrap();
    (dir, node, keys)
}

fn addr(seed: u64) -> ConsAddress {
    consensus_address(&consensus_key(seed))
}

fn extension(challenges: &[u64]) -> Vec<u8> {
    VoteExtension {
        votes: challenges
            .iter()
            .map(|&id| ChallengeVote {
                challenge_id: id,
                content_missing: false,
                entries: vec![AttributionEntry {
                    contribution_id: 1,
                    weight_ppm: 1_000_000,
                }],
            })
            .collect(),
    }
    .encode_to_vec()
}

/// Every validator votes an extension for challenge 1.
fn all_extend() -> BTreeMap<ConsAddress, Vec<u8>> {
    (0..4).map(|s| (addr(s), extension(&[1]))).collect()
}

fn injected(txs: &[Vec<u8>]) -> ExtendedCommitInfo {
    assert!(ve::is_injection(&txs[0]), "txs[0] is not an injection");
    ve::decode_injection(&txs[0]).unwrap()
}

fn vote_of<'a>(c: &'a ExtendedCommitInfo, a: &ConsAddress) -> &'a ExtendedVoteInfo {
    c.votes
        .iter()
        .find(|v| v.validator.as_ref().unwrap().address.as_ref() == a.as_slice())
        .unwrap()
}

#[test]
fn the_extended_commit_is_injected_first_accepted_and_skipped_as_a_tx() {
    let (_dir, mut node, keys) = setup();
    let tx = node
        .sign(
            &keys[4],
            vec![msg_send(&keys[4].address, &keys[5].address, 7)],
        )
        .unwrap();
    let b = node
        .block_with_extensions(vec![tx.clone()], &all_extend())
        .unwrap();
    let (outcomes, txs) = (b.outcomes, b.txs);
    assert_eq!(txs.len(), 2);
    assert!(txs[0].starts_with(INJECTION_MAGIC));
    assert_eq!(txs[1], tx);
    let c = injected(&txs);
    assert_eq!(c.votes.len(), 4);
    assert!(c
        .votes
        .iter()
        .all(|v| v.block_id_flag == COMMIT && v.extension_signature.len() == 64));
    // One result per tx: the injection is an empty success, then the real tx.
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes[0].result.is_ok() && outcomes[0].gas_wanted == 0);
    assert!(outcomes[1].result.is_ok());
}

#[test]
fn no_extension_no_injection() {
    let (_dir, mut node, _) = setup();
    // No extension at all, then an extended commit with only empty extensions.
    let b = node
        .block_with_extensions(vec![], &BTreeMap::new())
        .unwrap();
    assert!(b.txs.is_empty());
    let c = node.extended_commit(&BTreeMap::new());
    assert!(node.propose_with(vec![], c, i64::MAX).unwrap().is_empty());
    // Extensions only from absent validators: none reaches the proposer.
    node.offline.insert(addr(0));
    let only_offline = BTreeMap::from([(addr(0), extension(&[1]))]);
    assert!(node.propose(vec![], &only_offline).unwrap().is_empty());
}

#[test]
fn the_proposer_prunes_invalid_extensions_and_marks_them_absent() {
    let (_dir, mut node, _) = setup();
    let mut exts = all_extend();
    exts.insert(addr(1), b"\xff\xffnot a vote extension".to_vec());
    // Challenge ids out of order: well-formed protobuf, invalid extension.
    let unordered = VoteExtension {
        votes: vec![
            ChallengeVote {
                challenge_id: 2,
                ..Default::default()
            },
            ChallengeVote {
                challenge_id: 1,
                ..Default::default()
            },
        ],
    };
    exts.insert(addr(2), unordered.encode_to_vec());
    let mut local = node.extended_commit(&exts);
    // Validator 3's signature does not match its extension.
    let v3 = local
        .votes
        .iter_mut()
        .find(|v| v.validator.as_ref().unwrap().address.as_ref() == addr(3).as_slice())
        .unwrap();
    let mut sig = v3.extension_signature.to_vec();
    sig[0] ^= 1;
    v3.extension_signature = sig.into();
    let txs = node.propose_with(vec![], local, i64::MAX).unwrap();
    let c = injected(&txs);
    for s in 1..4 {
        let v = vote_of(&c, &addr(s));
        assert_eq!(v.block_id_flag, ABSENT, "validator {s}");
        assert!(v.vote_extension.is_empty() && v.extension_signature.is_empty());
    }
    let v0 = vote_of(&c, &addr(0));
    assert_eq!(v0.block_id_flag, COMMIT);
    assert_eq!(v0.vote_extension.as_ref(), extension(&[1]).as_slice());
    // Pruned to absent is consistent with the last commit's COMMIT: accepted.
    assert!(node.process(&txs, None).unwrap());
    node.block(txs).unwrap();
}

#[test]
fn a_forged_or_misdirected_signature_is_rejected() {
    let (_dir, mut node, _) = setup();
    let txs = node.propose(vec![], &all_extend()).unwrap();
    assert!(node.process(&txs, None).unwrap());

    // A flipped bit in one signature.
    let mut c = injected(&txs);
    let mut sig = c.votes[2].extension_signature.to_vec();
    sig[10] ^= 0x40;
    c.votes[2].extension_signature = sig.into();
    assert!(!node.process(&[ve::encode_injection(&c)], None).unwrap());

    // Validator 0's extension replaced, its signature kept.
    let mut c = injected(&txs);
    let i0 = c
        .votes
        .iter()
        .position(|v| v.validator.as_ref().unwrap().address.as_ref() == addr(0).as_slice())
        .unwrap();
    c.votes[i0].vote_extension = extension(&[1, 2]).into();
    assert!(!node.process(&[ve::encode_injection(&c)], None).unwrap());

    // Validator 0's extension signed by validator 1's key.
    let sig = node
        .sign_extension(&consensus_key(1), &extension(&[1, 2]))
        .unwrap();
    c.votes[i0].extension_signature = sig.into();
    assert!(!node.process(&[ve::encode_injection(&c)], None).unwrap());

    // A missing signature.
    let mut c = injected(&txs);
    c.votes[1].extension_signature = Default::default();
    assert!(!node.process(&[ve::encode_injection(&c)], None).unwrap());

    // A malformed extension, correctly signed (VerifyVoteExtension would have refused it).
    let mut c = injected(&txs);
    let bad = b"\x0a\x02\x08\x00".to_vec(); // a vote for challenge 0
    assert!(ve::check_extension(&bad).is_err());
    let key = node
        .last_commit_votes()
        .iter()
        .find(|v| v.address.as_slice() == c.votes[0].validator.as_ref().unwrap().address.as_ref())
        .unwrap()
        .pubkey;
    c.votes[0].extension_signature = node.sign_extension(&key, &bad).unwrap().into();
    c.votes[0].vote_extension = bad.into();
    assert!(!node.process(&[ve::encode_injection(&c)], None).unwrap());
}

#[test]
fn a_signature_for_another_height_or_round_is_rejected() {
    let (_dir, mut node, _) = setup();
    let old = node.propose(vec![], &all_extend()).unwrap();
    node.block(old.clone()).unwrap();
    // The same validators and powers one height later: the signatures were for the old height.
    assert!(!node.process(&old, None).unwrap());
    // A commit of round 1 with signatures made for round 0.
    let mut c = node.extended_commit(&all_extend());
    c.round = 1;
    let mut commit = node.commit_info();
    commit.round = 1;
    assert!(!node
        .process(&[ve::encode_injection(&c)], Some(commit.clone()))
        .unwrap());
    // Signed for round 1: accepted.
    node.commit_round = 1;
    let txs = node.propose(vec![], &all_extend()).unwrap();
    assert!(node.process(&txs, Some(commit)).unwrap());
}

#[test]
fn an_unknown_validator_is_pruned_by_the_proposer_and_rejected_in_a_proposal() {
    let (_dir, mut node, _) = setup();
    // A validator the state does not know (its key is one the driver can sign with).
    let stranger_seed = KNOWN_CONSENSUS_SEEDS - 1;
    let stranger_key = consensus_key(stranger_seed);
    let stranger = consensus_address(&stranger_key);
    let ext = extension(&[1]);
    let sig = node.sign_extension(&stranger_key, &ext).unwrap();
    let mut local = node.extended_commit(&all_extend());
    local.votes.push(ExtendedVoteInfo {
        validator: Some(Validator {
            address: stranger.to_vec().into(),
            power: 1,
        }),
        vote_extension: ext.into(),
        extension_signature: sig.into(),
        block_id_flag: COMMIT,
    });
    let mut commit = node.commit_info();
    commit.votes.push(VoteInfo {
        validator: Some(Validator {
            address: stranger.to_vec().into(),
            power: 1,
        }),
        block_id_flag: COMMIT,
    });
    // The proposer prunes it...
    let txs = node.propose_with(vec![], local.clone(), i64::MAX).unwrap();
    let c = injected(&txs);
    assert_eq!(vote_of(&c, &stranger).block_id_flag, ABSENT);
    assert!(node.process(&txs, Some(commit.clone())).unwrap());
    // ...and a proposal that keeps it is rejected.
    assert!(!node
        .process(&[ve::encode_injection(&local)], Some(commit))
        .unwrap());
}

#[test]
fn an_injection_must_match_the_proposed_last_commit() {
    let (_dir, mut node, _) = setup();
    let txs = node.propose(vec![], &all_extend()).unwrap();
    let good = node.commit_info();
    assert!(node.process(&txs, Some(good.clone())).unwrap());

    let mut other = good.clone();
    other.round = 2;
    assert!(!node.process(&txs, Some(other)).unwrap(), "round");

    let mut other = good.clone();
    other.votes[1].validator.as_mut().unwrap().power += 1;
    assert!(!node.process(&txs, Some(other)).unwrap(), "power");

    let mut other = good.clone();
    other.votes.swap(0, 1);
    assert!(!node.process(&txs, Some(other)).unwrap(), "order");

    let mut other = good.clone();
    other.votes.pop();
    assert!(!node.process(&txs, Some(other)).unwrap(), "count");

    let mut other = good.clone();
    other.votes[2].block_id_flag = NIL;
    assert!(!node.process(&txs, Some(other)).unwrap(), "flag");

    // The injection claims a COMMIT the last commit does not have.
    let mut other = good.clone();
    other.votes[3].block_id_flag = ABSENT;
    assert!(!node.process(&txs, Some(other)).unwrap(), "absent");

    // No last commit at all.
    assert!(!node.process(&txs, Some(CommitInfo::default())).unwrap());

    // A duplicate validator in both.
    let mut c = injected(&txs);
    let mut dup = good.clone();
    c.votes[3] = c.votes[2].clone();
    dup.votes[3] = dup.votes[2].clone();
    assert!(!node
        .process(&[ve::encode_injection(&c)], Some(dup))
        .unwrap());
}

#[test]
fn an_injection_only_first_and_only_once() {
    let (_dir, mut node, keys) = setup();
    let txs = node.propose(vec![], &all_extend()).unwrap();
    let inj = txs[0].clone();
    let tx = node
        .sign(
            &keys[4],
            vec![msg_send(&keys[4].address, &keys[5].address, 7)],
        )
        .unwrap();
    assert!(node.process(&[inj.clone(), tx.clone()], None).unwrap());
    assert!(!node.process(&[inj.clone(), inj.clone()], None).unwrap());
    assert!(!node.process(&[tx.clone(), inj.clone()], None).unwrap());
    // Any tx with the magic counts as one, even if it does not decode.
    let mut junk = INJECTION_MAGIC.to_vec();
    junk.extend_from_slice(b"junk");
    assert!(!node.process(&[junk.clone()], None).unwrap());
    assert!(!node.process(&[inj.clone(), junk], None).unwrap());
    // Unknown fields appended to the commit.
    let mut extra = inj.clone();
    extra.extend_from_slice(&[0x18, 0x01]);
    assert!(!node.process(&[extra], None).unwrap());
    // An injection whose votes carry no extension has nothing to do in a block.
    let empty = node.extended_commit(&BTreeMap::new());
    let mut stripped = empty.clone();
    for v in &mut stripped.votes {
        v.extension_signature = Default::default();
    }
    assert!(!node
        .process(&[ve::encode_injection(&stripped)], None)
        .unwrap());
    // Signatures on empty extensions are not carried.
    assert!(!node.process(&[ve::encode_injection(&empty)], None).unwrap());
    // The block proposed as is goes through.
    node.block(vec![inj, tx]).unwrap();
}

#[test]
fn check_tx_refuses_the_magic() {
    let (_dir, mut node, _) = setup();
    let txs = node.propose(vec![], &all_extend()).unwrap();
    let o = node.app.check_tx(&txs[0]).unwrap();
    assert!(!o.ante_passed);
    assert!(o.result.is_err());
    let o = node.app.check_tx(INJECTION_MAGIC).unwrap();
    assert!(!o.ante_passed);
    // Any tx starting with a 0 byte fails to decode as a TxRaw anyway.
    let o = node.app.check_tx(b"\x00OLVE0").unwrap();
    assert!(!o.ante_passed);
    // The proposer never takes one from the mempool.
    let txs = node
        .propose(vec![txs[0].clone()], &BTreeMap::new())
        .unwrap();
    assert!(txs.is_empty());
}

#[test]
fn an_injection_too_large_for_the_block_is_left_out() {
    let (_dir, node, keys) = setup();
    let tx = node
        .sign(
            &keys[4],
            vec![msg_send(&keys[4].address, &keys[5].address, 7)],
        )
        .unwrap();
    let local = node.extended_commit(&all_extend());
    let size = node.propose_with(vec![], local.clone(), i64::MAX).unwrap()[0].len() as i64;
    // Room for the injection and the tx.
    let room = size + tx.len() as i64;
    let txs = node
        .propose_with(vec![tx.clone()], local.clone(), room)
        .unwrap();
    assert_eq!(txs.len(), 2);
    // Room for the injection only: the tx waits.
    let txs = node
        .propose_with(vec![tx.clone()], local.clone(), size)
        .unwrap();
    assert_eq!(txs.len(), 1);
    assert!(ve::is_injection(&txs[0]));
    // Not enough for the injection: the block goes without it.
    let txs = node
        .propose_with(vec![tx.clone()], local, size - 1)
        .unwrap();
    assert_eq!(txs, vec![tx]);
}

#[test]
fn replaying_blocks_with_injections_gives_the_same_app_hash() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..6).map(TestKey::from_seed).collect();
    let genesis = genesis_with_validators(&keys, 1_000_000 * OPEN, 4, 100 * OPEN).unwrap();
    let mut a = TestNode::new(&dir.path().join("a"), CHAIN, &genesis).unwrap();
    let mut blocks = Vec::new();
    let mut hashes = Vec::new();
    for h in 1..=8u64 {
        let mut exts = all_extend();
        if h % 3 == 0 {
            exts.insert(addr(h % 4), b"garbage".to_vec());
        }
        if h % 4 == 0 {
            a.offline.insert(addr(3));
        } else {
            a.offline.clear();
        }
        // Nothing is committed before the first block: no account to sign with yet.
        let mempool = if h == 1 {
            Vec::new()
        } else {
            vec![a
                .sign(
                    &keys[4],
                    vec![msg_send(&keys[4].address, &keys[5].address, h as u128)],
                )
                .unwrap()]
        };
        let b = a.block_with_extensions(mempool, &exts).unwrap();
        let (hash, txs) = (b.app_hash, b.txs);
        assert_eq!(
            h > 1,
            txs.first().is_some_and(|t| ve::is_injection(t)),
            "height {h}"
        );
        blocks.push(txs);
        hashes.push(hash);
    }
    // A fresh node running ProcessProposal and FinalizeBlock, and one only replaying
    // FinalizeBlock, as CometBFT does on restart.
    let mut b = TestNode::new(&dir.path().join("b"), CHAIN, &genesis).unwrap();
    let mut c = TestNode::new(&dir.path().join("c"), CHAIN, &genesis).unwrap();
    for (h, txs) in blocks.into_iter().enumerate() {
        if (h + 1) % 4 == 0 {
            b.offline.insert(addr(3));
            c.offline.insert(addr(3));
        } else {
            b.offline.clear();
            c.offline.clear();
        }
        let (_, hb) = b.block(txs.clone()).unwrap();
        let (_, hc) = c.finalize_and_commit(txs).unwrap();
        assert_eq!(hb, hashes[h], "height {}", h + 1);
        assert_eq!(hc, hashes[h], "height {}", h + 1);
    }
}

/// The consensus connection answers ExtendVote from the node's results (nothing open here:
/// an empty extension) and VerifyVoteExtension by shape alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consensus_service_extends_and_verifies() {
    use openledger_app::abci::consensus::ConsensusService;
    use openledger_app::app::App;
    use openledger_app::challenge_results::ChallengeResults;
    use openledger_app::store::{Storage, StoreConfig};
    use std::sync::{Arc, Mutex};
    use tendermint::abci::{request, response};
    use tendermint::v0_38::abci::{ConsensusRequest, ConsensusResponse};
    use tower::{Service, ServiceExt};

    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(&dir.path().join("db"), StoreConfig { keep_recent: 0 }).unwrap();
    let app = App::new(storage, Default::default()).unwrap();
    let results = ChallengeResults::new();
    results.insert(ChallengeVote {
        challenge_id: 1,
        content_missing: true,
        entries: Vec::new(),
    });
    let mut svc = ConsensusService::new(Arc::new(Mutex::new(app)), results);

    let extend = ConsensusRequest::ExtendVote(request::ExtendVote {
        hash: tendermint::Hash::Sha256([1; 32]),
        height: 1u32.into(),
        time: tendermint::Time::unix_epoch(),
        txs: Vec::new(),
        proposed_last_commit: None,
        misbehavior: Vec::new(),
        next_validators_hash: tendermint::Hash::Sha256([2; 32]),
        proposer_address: tendermint::account::Id::new([3; 20]),
    });
    match svc.ready().await.unwrap().call(extend).await.unwrap() {
        ConsensusResponse::ExtendVote(r) => assert!(r.vote_extension.is_empty()),
        other => panic!("unexpected {other:?}"),
    }

    let mut verify = |ext: Vec<u8>| {
        let req = ConsensusRequest::VerifyVoteExtension(request::VerifyVoteExtension {
            hash: tendermint::Hash::Sha256([1; 32]),
            validator_address: tendermint::account::Id::new([3; 20]),
            height: 1u32.into(),
            vote_extension: ext.into(),
        });
        let fut = svc.call(req);
        async move {
            match fut.await.unwrap() {
                ConsensusResponse::VerifyVoteExtension(r) => r,
                other => panic!("unexpected {other:?}"),
            }
        }
    };
    assert_eq!(
        verify(Vec::new()).await,
        response::VerifyVoteExtension::Accept
    );
    assert_eq!(
        verify(extension(&[1, 2])).await,
        response::VerifyVoteExtension::Accept
    );
    assert_eq!(
        verify(extension(&[2, 1])).await,
        response::VerifyVoteExtension::Reject
    );
    assert_eq!(
        verify(b"\xff".to_vec()).await,
        response::VerifyVoteExtension::Reject
    );
    assert_eq!(
        verify(vec![0; ve::MAX_EXTENSION_BYTES + 1]).await,
        response::VerifyVoteExtension::Reject
    );
}
