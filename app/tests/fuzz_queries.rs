//! Decode fuzzing of queries: ABCI Query with every routed gRPC method path (the modules'
//! query routes and the node's own) and random request bytes, "valid-ish" requests built from
//! the method's input descriptor, and mutations of them, at the latest height and at a past
//! one, with and without proofs; also raw store paths with random keys. Nothing panics,
//! every refusal has a non-zero code, and every response is bounded. Request bodies up to
//! 1 MiB are answered fast.
//!
//! CI runs a few cases per path; on demand `PROPTEST_CASES=100000 cargo test -p openledgerd
//! --release --test fuzz_queries`.

// The wall clock only measures the test itself (timings, time bounds), never the chain.
#![allow(clippy::disallowed_methods)]

mod fuzz_support;

use std::time::{Duration, Instant};

use fuzz_support::{cases, mutate, pool, valid_ish, Rng};
use openledger_app::query::abci::{QueryGateway, NODE_ROUTES};
use openledger_app::tx::execute::LocalPolicy;
use openledger_framework::VALOPER_PREFIX;
use openledger_testkit::{genesis_with_validators, msg_send, TestKey, TestNode};
use proptest::prelude::*;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
/// No query answer may be larger than this.
const MAX_RESPONSE: usize = 4 << 20;

fn paths() -> Vec<String> {
    openledger_app::modules::routes()
        .query_paths()
        .chain(NODE_ROUTES.iter().copied())
        .map(str::to_string)
        .collect()
}

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..3).map(TestKey::from_seed).collect();
    let g = genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &g).unwrap();
    node.block(vec![]).unwrap();
    let tx = node
        .sign(
            &keys[0],
            vec![msg_send(&keys[0].address, &keys[1].address, OPEN)],
        )
        .unwrap();
    node.block(vec![tx]).unwrap();
    node.block(vec![]).unwrap();
    (dir, node, keys)
}

/// The request message of a method path `/pkg.Service/Method`.
fn input_type(
    pool: &prost_reflect::DescriptorPool,
    path: &str,
) -> prost_reflect::MessageDescriptor {
    let (service, method) = path
        .trim_start_matches('/')
        .rsplit_once('/')
        .unwrap_or_else(|| panic!("bad path {path}"));
    let s = pool
        .get_service_by_name(service)
        .unwrap_or_else(|| panic!("no service {service}"));
    let m = s
        .methods()
        .find(|m| m.name() == method)
        .unwrap_or_else(|| panic!("no method {path}"));
    m.input()
}

#[test]
fn every_query_path_survives_random_and_mutated_requests() {
    let (_dir, node, keys) = setup();
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let pool = pool();
    let paths = paths();
    assert!(paths.len() > 40, "{} query paths", paths.len());
    let addresses = vec![
        keys[0].address.to_string(),
        keys[0].address.to_bech32(VALOPER_PREFIX),
        keys[2].address.to_string(),
    ];
    let inputs: Vec<_> = paths.iter().map(|p| input_type(&pool, p)).collect();
    let answered = std::cell::Cell::new((0u64, 0u64));
    let mut runner = fuzz_support::runner(cases(8).saturating_mul(paths.len() as u32));
    runner
        .run(
            &(any::<u64>(), any::<prop::sample::Index>()),
            |(seed, which)| {
                let mut rng = Rng::new(seed);
                let i = which.index(paths.len());
                let plausible = valid_ish(&inputs[i], &mut rng, &addresses);
                let data = match rng.below(4) {
                    0 => rng.bytes(128),
                    1 => plausible,
                    _ => mutate(&plausible, &mut rng),
                };
                let height = [0, 1, 2, 99][rng.idx(4)];
                let t = Instant::now();
                let r = gw.query(&paths[i], &data, height, rng.chance(20));
                prop_assert!(t.elapsed() < Duration::from_secs(5), "{} slow", paths[i]);
                prop_assert!(
                    r.value.len() <= MAX_RESPONSE,
                    "{} answered {} bytes",
                    paths[i],
                    r.value.len()
                );
                if r.code.is_err() {
                    prop_assert!(!r.log.is_empty(), "{}: an error without a log", paths[i]);
                }
                let (n, ok) = answered.get();
                answered.set((n + 1, ok + u64::from(r.code.is_ok())));
                Ok(())
            },
        )
        .unwrap();
    let (n, ok) = answered.get();
    println!("{n} queries, {ok} answered with code 0");
    // the valid-ish requests reach the handlers, not only the decoders
    assert!(ok * 20 >= n, "only {ok} of {n} queries answered");
}

#[test]
fn store_paths_and_unknown_paths_survive_random_keys() {
    let (_dir, node, _keys) = setup();
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let mut runner = fuzz_support::runner(cases(200));
    runner
        .run(
            &(any::<u64>(), proptest::collection::vec(any::<u8>(), 0..96)),
            |(seed, key)| {
                let mut rng = Rng::new(seed);
                let substore = ["bank", "auth", "staking", "gov", "nope", ""][rng.idx(6)];
                let path = match rng.below(3) {
                    0 => format!("store/{substore}/key"),
                    1 => format!("/{}", String::from_utf8_lossy(&rng.bytes(24))),
                    _ => String::from_utf8_lossy(&rng.bytes(40)).into_owned(),
                };
                let r = gw.query(&path, &key, [0, 1, 7][rng.idx(3)], rng.chance(50));
                prop_assert!(r.value.len() <= MAX_RESPONSE);
                if r.code.is_err() {
                    prop_assert!(!r.log.is_empty());
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Requests of 1 MiB, random or a valid request followed by a length bomb, on every path:
/// answered (refused) fast with a bounded response.
#[test]
fn one_mib_requests_are_answered_fast_on_every_path() {
    let (_dir, node, _keys) = setup();
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let mut rng = Rng::new(11);
    let big: Vec<u8> = (0..1 << 20).map(|_| rng.next() as u8).collect();
    let mut bomb = vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    bomb.resize(1 << 20, 0);
    let started = Instant::now();
    for p in paths() {
        for data in [&big, &bomb] {
            let t = Instant::now();
            let r = gw.query(&p, data, 0, false);
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "{p}: {:?}",
                t.elapsed()
            );
            assert!(
                r.value.len() <= MAX_RESPONSE,
                "{p}: {} bytes",
                r.value.len()
            );
        }
    }
    println!("1 MiB requests on every path: {:?}", started.elapsed());
}
