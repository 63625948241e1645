//! Our own chain as an IBC host: the record of each block a counterparty's client of us
//! stores, its window of `HOST_HISTORY` heights, and the consensus state ibc-rs asks for.

use std::time::Duration;

use ibc::core::client::types::Height;
use ibc::core::host::ValidationContext;
use openledger_framework::delta::MemState;
use openledger_framework::{BlockCtx, StateRead};
use openledger_ibc::host::{host_record, latest_host_record};
use openledger_ibc::{
    record_block, revision_of, state_key, Host, HostRecord, IbcCtx, HOST_HISTORY,
};

const CHAIN: &str = "openledger-a-1";
const T0: i64 = 1_700_000_000;

fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: CHAIN.into(),
        height,
        time_unix_secs: T0 + height as i64,
        time_nanos: 250,
    }
}

fn app_hash(height: u64) -> Vec<u8> {
    let mut h = [0u8; 32];
    h[..8].copy_from_slice(&height.to_be_bytes());
    h.to_vec()
}

fn record(s: &mut MemState, height: u64) {
    record_block(s, &block(height), &app_hash(height), &[9; 32]).unwrap();
}

fn host_records(s: &MemState) -> usize {
    s.prefix_raw(state_key::HOST_PREFIX.as_bytes(), None)
        .count()
}

#[test]
fn record_block_stores_the_record_and_the_latest_height() {
    let mut s = MemState::empty();
    assert_eq!(latest_host_record(&s).unwrap(), None);
    record(&mut s, 5);
    let expected = HostRecord {
        revision_number: 1,
        height: 5,
        time_unix_secs: T0 + 5,
        time_nanos: 250,
        app_hash: app_hash(5),
        next_validators_hash: vec![9; 32],
    };
    assert_eq!(host_record(&s, 5).unwrap(), Some(expected.clone()));
    assert_eq!(
        s.get_raw(state_key::HOST_LATEST).unwrap(),
        Some(5u64.to_be_bytes().to_vec())
    );
    assert_eq!(latest_host_record(&s).unwrap(), Some(expected));

    record(&mut s, 6);
    assert_eq!(latest_host_record(&s).unwrap().unwrap().height, 6);
    // the earlier record stays
    assert_eq!(host_record(&s, 5).unwrap().unwrap().height, 5);
    assert_eq!(host_record(&s, 7).unwrap(), None);
}

#[test]
fn consensus_state_of_a_record_has_app_hash_time_and_next_validators() {
    let r = HostRecord {
        revision_number: 1,
        height: 3,
        time_unix_secs: T0,
        time_nanos: 42,
        app_hash: vec![0xAB; 32],
        next_validators_hash: vec![0xCD; 32],
    };
    let cs = r.consensus_state().unwrap();
    let inner = cs.inner();
    assert_eq!(inner.root.as_bytes(), &[0xAB; 32][..]);
    assert_eq!(
        inner.timestamp,
        tendermint::Time::from_unix_timestamp(T0, 42).unwrap()
    );
    assert_eq!(inner.next_validators_hash.as_bytes(), &[0xCD; 32][..]);
    assert_eq!(r.time_unix_nanos().unwrap(), T0 as u64 * 1_000_000_000 + 42);

    // a next validators hash that is not a sha256 is refused, not truncated
    let bad = HostRecord {
        next_validators_hash: vec![1; 5],
        ..r.clone()
    };
    assert!(bad.consensus_state().is_err());
    // a time before 1970 is refused
    let early = HostRecord {
        time_unix_secs: -1,
        ..r
    };
    assert!(early.time_unix_nanos().is_err());
}

#[test]
fn records_older_than_the_window_are_pruned_one_per_block() {
    let mut s = MemState::empty();
    for h in 1..=HOST_HISTORY {
        record(&mut s, h);
    }
    // nothing left the window yet
    assert_eq!(host_records(&s), HOST_HISTORY as usize);
    assert!(host_record(&s, 1).unwrap().is_some());

    record(&mut s, HOST_HISTORY + 1);
    assert_eq!(host_record(&s, 1).unwrap(), None);
    assert!(host_record(&s, 2).unwrap().is_some());
    assert_eq!(host_records(&s), HOST_HISTORY as usize);

    record(&mut s, HOST_HISTORY + 2);
    assert_eq!(host_record(&s, 2).unwrap(), None);
    assert!(host_record(&s, 3).unwrap().is_some());
    assert!(host_record(&s, HOST_HISTORY + 2).unwrap().is_some());
    assert_eq!(host_records(&s), HOST_HISTORY as usize);
}

#[test]
fn revision_is_the_number_after_the_last_dash() {
    assert_eq!(revision_of("openledger-a-1"), 1);
    assert_eq!(revision_of("openledger-7"), 7);
    assert_eq!(revision_of("foo"), 0);
    assert_eq!(revision_of(""), 0);

    // a record carries the revision of the chain id it was made under
    let mut s = MemState::empty();
    let other = BlockCtx {
        chain_id: "foo".into(),
        ..block(3)
    };
    record_block(&mut s, &other, &app_hash(3), &[9; 32]).unwrap();
    assert_eq!(host_record(&s, 3).unwrap().unwrap().revision_number, 0);
    record(&mut s, 4);
    assert_eq!(host_record(&s, 4).unwrap().unwrap().revision_number, 1);
}

#[test]
fn host_consensus_state_is_served_only_for_recorded_heights_of_our_revision() {
    let mut s = MemState::empty();
    record(&mut s, 4);
    record(&mut s, 5);
    let now = block(6);
    let host = Host::new(&mut s, &now, Duration::from_secs(3600)).unwrap();
    let ctx = IbcCtx { host: &host };

    assert_eq!(
        ValidationContext::host_height(&ctx).unwrap(),
        Height::new(1, 6).unwrap()
    );
    let got = ctx
        .host_consensus_state(&Height::new(1, 5).unwrap())
        .unwrap();
    let expected = HostRecord {
        revision_number: 1,
        height: 5,
        time_unix_secs: T0 + 5,
        time_nanos: 250,
        app_hash: app_hash(5),
        next_validators_hash: vec![9; 32],
    }
    .consensus_state()
    .unwrap();
    assert_eq!(got.inner(), expected.inner());

    // another revision's height, even one recorded under our numbering
    let e = ctx
        .host_consensus_state(&Height::new(2, 5).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("revision"), "{e}");
    assert!(ctx
        .host_consensus_state(&Height::new(0, 5).unwrap())
        .is_err());
    // never recorded
    assert!(ctx
        .host_consensus_state(&Height::new(1, 3).unwrap())
        .is_err());
    assert!(ctx
        .host_consensus_state(&Height::new(1, 6).unwrap())
        .is_err());
}
