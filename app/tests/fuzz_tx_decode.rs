//! Decode fuzzing of transactions: random bytes and mutations of a valid signed tx through
//! the strict decoder, CheckTx, ProcessProposal and FinalizeBlock never panic and always give
//! a clean error (a non-zero code with a log), and oversized or length-bomb inputs (up to
//! 1 MiB) are refused quickly, before anything is allocated for what they claim.
//!
//! CI runs a few hundred cases; on demand `PROPTEST_CASES=1000000 cargo test -p openledgerd
//! --release --test fuzz_tx_decode`.

// The wall clock only measures the test itself (timings, time bounds), never the chain.
#![allow(clippy::disallowed_methods)]

mod fuzz_support;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
use fuzz_support::{cases, mutate, Rng};
use openledger_app::tx::decode::decode_tx;
use openledger_testkit::{genesis_with_validators, msg_send, TestKey, TestNode, TxSpec};
use proptest::prelude::*;
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn node() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..3).map(TestKey::from_seed).collect();
    let g = genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &g).unwrap();
    node.block(vec![]).unwrap();
    (dir, node, keys)
}

/// A send by `keys[0]` that CheckTx accepts.
fn valid_tx(node: &TestNode, keys: &[TestKey], memo: &str) -> Vec<u8> {
    let acc = openledger_auth::AuthRead::account(&node.state(), &keys[0].address)
        .unwrap()
        .unwrap();
    let mut spec = TxSpec::new(
        CHAIN,
        vec![msg_send(&keys[0].address, &keys[1].address, 1_000)],
        acc.account_number,
        acc.sequence,
    );
    spec.memo = memo.into();
    spec.sign(&keys[0])
}

/// Bytes for one case: random, or a mutation of a valid signed tx.
fn input(seed: u64, valid: &[u8], random: &[u8]) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    match rng.below(3) {
        0 => random.to_vec(),
        _ => mutate(valid, &mut rng),
    }
}

#[test]
fn random_and_mutated_txs_never_panic_the_decoder_or_check_tx() {
    let (_dir, node, keys) = node();
    let valid = valid_tx(&node, &keys, "fuzz");
    let params = openledger_auth::Params::default();
    assert!(decode_tx(&valid, &params).is_ok());
    let node = RefCell::new(node);
    let mut runner = fuzz_support::runner(cases(400));
    runner
        .run(
            &(
                any::<u64>(),
                proptest::collection::vec(any::<u8>(), 0..2048),
            ),
            |(seed, random)| {
                let bytes = input(seed, &valid, &random);
                if let Err(e) = decode_tx(&bytes, &params) {
                    prop_assert!(e.code != 0, "an error with code 0");
                    prop_assert!(!e.log.is_empty());
                }
                let outcome = node.borrow_mut().app.check_tx(&bytes).unwrap();
                if let Err(e) = &outcome.result {
                    prop_assert!(e.code != 0 && !e.log.is_empty());
                    prop_assert!(!outcome.ante_passed);
                } else {
                    // only an intact tx passes (a mutation of the memo's bytes breaks the
                    // signature)
                    prop_assert!(decode_tx(&bytes, &params).is_ok());
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn garbage_in_a_proposal_is_rejected_and_finalize_block_gives_errors() {
    let (_dir, node, keys) = node();
    let valid = valid_tx(&node, &keys, "fuzz");
    let node = RefCell::new(node);
    let mut runner = fuzz_support::runner(cases(48));
    runner
        .run(
            &(any::<u64>(), proptest::collection::vec(any::<u8>(), 0..512)),
            |(seed, random)| {
                let bytes = input(seed.wrapping_add(1), &valid, &random);
                let params = openledger_auth::Params::default();
                if decode_tx(&bytes, &params).is_ok() {
                    return Ok(()); // a mutation that left a decodable tx: not garbage
                }
                let mut n = node.borrow_mut();
                // ProcessProposal refuses the block, without panicking
                prop_assert!(!n.process(std::slice::from_ref(&bytes), None).unwrap());
                // a block decided anyway (replay) gives the tx an error code
                let (outcomes, _) = n.finalize_and_commit(vec![bytes]).unwrap();
                prop_assert_eq!(outcomes.len(), 1);
                let e = outcomes[0].result.as_ref().unwrap_err();
                prop_assert!(e.code != 0 && !e.log.is_empty());
                Ok(())
            },
        )
        .unwrap();
}

/// Inputs up to 1 MiB, and inputs whose length prefixes claim far more than they hold, are
/// refused fast: the size check comes before decoding, and decoding allocates only what is
/// really there.
#[test]
fn oversized_and_length_bomb_txs_are_refused_fast() {
    let (_dir, mut node, keys) = node();
    let params = openledger_auth::Params::default();
    let check = |node: &mut TestNode, bytes: &[u8]| {
        let t = Instant::now();
        let outcome = node.app.check_tx(bytes).unwrap();
        let e = outcome.result.unwrap_err();
        assert!(e.code != 0, "{}", e.log);
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "took {:?}",
            t.elapsed()
        );
        e
    };
    // 1 MiB of repeated signatures: refused on size
    let bomb = TxRaw {
        body_bytes: vec![],
        auth_info_bytes: vec![],
        signatures: vec![vec![0u8; 64]; 16 * 1024],
    }
    .encode_to_vec();
    assert!(bomb.len() >= 1 << 20);
    let e = check(&mut node, &bomb);
    assert_eq!(e.code, openledger_framework::error::sdk::TX_TOO_LARGE);
    // just under the size limit: tens of thousands of empty messages in the body, refused
    // by the message count after a decode bounded by the input size
    let n = (params.max_tx_bytes as usize - 1024) / 2;
    let body = cosmos_sdk_proto::cosmos::tx::v1beta1::TxBody {
        messages: vec![Default::default(); n],
        ..Default::default()
    };
    let many = TxRaw {
        body_bytes: body.encode_to_vec(),
        auth_info_bytes: vec![],
        signatures: vec![vec![0u8; 64]],
    }
    .encode_to_vec();
    assert!(many.len() as u64 <= params.max_tx_bytes);
    check(&mut node, &many);
    // length prefixes claiming up to 2^63 bytes
    let valid = valid_tx(&node, &keys, "");
    for field in 1u8..=4 {
        let mut b = vec![
            field << 3 | 2,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0x7f,
        ];
        b.extend_from_slice(&valid);
        check(&mut node, &b);
        let mut inner = valid.clone();
        inner.truncate(3);
        inner.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        check(&mut node, &inner);
    }
    // 1 MiB of random bytes
    let mut rng = Rng::new(7);
    let big: Vec<u8> = (0..1 << 20).map(|_| rng.next() as u8).collect();
    check(&mut node, &big);
}
