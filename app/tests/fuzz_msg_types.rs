//! Decode fuzzing of every message type the chain routes: for each registered type URL,
//! random bytes, a "valid-ish" encoding built from its descriptor (fields set to the signer's
//! address, small and boundary numbers, nested messages) and mutations of it, as the `Any`
//! value inside an otherwise valid signed tx. Through CheckTx and FinalizeBlock nothing
//! panics, every refusal has a non-zero code, and every invariant holds after every block
//! (the test node checks them on commit), whatever the handlers were given.
//!
//! CI runs a few cases per type; on demand `PROPTEST_CASES=100000 cargo test -p openledgerd
//! --release --test fuzz_msg_types`.

mod fuzz_support;

use std::cell::RefCell;

use cosmos_sdk_proto::Any;
use fuzz_support::{cases, mutate, pool, valid_ish, Rng};
use openledger_framework::{Address, VALOPER_PREFIX};
use openledger_testkit::{genesis_with_validators, TestKey, TestNode, TxSpec};
use proptest::prelude::*;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

#[test]
fn every_message_type_survives_random_and_mutated_values() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..3).map(TestKey::from_seed).collect();
    let g = genesis_with_validators(&keys, 1_000_000 * OPEN, 1, 100 * OPEN).unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &g).unwrap();
    node.block(vec![]).unwrap();
    let pool = pool();
    let urls: Vec<String> = openledger_app::modules::routes()
        .type_urls()
        .map(str::to_string)
        .collect();
    assert!(urls.len() > 50, "{} routed message types", urls.len());
    // every routed type has a descriptor to build valid-ish values from
    for u in &urls {
        assert!(
            pool.get_message_by_name(u.trim_start_matches('/'))
                .is_some(),
            "no descriptor for {u}"
        );
    }
    let signer = &keys[0];
    let addresses = vec![
        signer.address.to_string(),
        signer.address.to_bech32(VALOPER_PREFIX),
        keys[1].address.to_string(),
        Address::module("gov").to_string(),
    ];
    let node = RefCell::new(node);
    let stats = RefCell::new((0u64, 0u64, 0u64, 0u64));
    let per_type = cases(6);
    let mut runner = fuzz_support::runner(per_type.saturating_mul(urls.len() as u32));
    runner
        .run(
            &(any::<u64>(), any::<prop::sample::Index>()),
            |(seed, which)| {
                let mut rng = Rng::new(seed);
                let url = which.get(&urls);
                let desc = pool
                    .get_message_by_name(url.trim_start_matches('/'))
                    .unwrap();
                let plausible = valid_ish(&desc, &mut rng, &addresses);
                let value = match rng.below(6) {
                    0 => rng.bytes(256),
                    1..=3 => plausible,
                    _ => mutate(&plausible, &mut rng),
                };
                let msg = Any {
                    type_url: url.clone(),
                    value,
                };
                let decodes = openledger_app::tx::msg::Msg::from_any(&msg).is_ok();
                let mut n = node.borrow_mut();
                let state = n.state();
                let acc = openledger_auth::AuthRead::account(&state, &signer.address)
                    .unwrap()
                    .unwrap();
                let mut spec = TxSpec::new(CHAIN, vec![msg], acc.account_number, acc.sequence);
                spec.gas_limit = 2_000_000;
                spec.fee = 2_000_000u128 * 1_000_000_000;
                let tx = spec.sign(signer);
                let checked = n.app.check_tx(&tx).unwrap();
                if let Err(e) = &checked.result {
                    prop_assert!(e.code != 0 && !e.log.is_empty(), "{url}: {e:?}");
                }
                // executed in a block (replay path: no proposal check), invariants checked
                let (outcomes, _) = n
                    .finalize_and_commit(vec![tx])
                    .map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
                prop_assert_eq!(outcomes.len(), 1);
                let mut st = stats.borrow_mut();
                st.0 += 1;
                if decodes {
                    st.1 += 1;
                }
                if outcomes[0].ante_passed {
                    st.2 += 1;
                }
                match &outcomes[0].result {
                    Ok(()) => st.3 += 1,
                    Err(e) => prop_assert!(e.code != 0 && !e.log.is_empty(), "{url}: {e:?}"),
                }
                Ok(())
            },
        )
        .unwrap();
    let (n, decoded, ante, ok) = *stats.borrow();
    println!("{n} txs: {decoded} messages decoded, {ante} passed the ante steps, {ok} succeeded");
    // the valid-ish values decode often enough to exercise the handlers, not only decoding
    assert!(
        ante * 10 >= n,
        "only {ante} of {n} txs reached the handlers"
    );
}
