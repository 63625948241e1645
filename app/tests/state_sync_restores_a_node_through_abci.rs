//! State sync through the four snapshot ABCI calls: node A takes snapshots every 3 heights
//! while it keeps committing; node B, empty, lists A's snapshots, is offered the newest with
//! the trusted app hash, applies the chunks A serves, reports A's height and app hash through
//! Info, and then runs the same next blocks as A to the same app hashes.

use std::sync::{Arc, Mutex};

use openledger_app::abci::snapshot::SnapshotService;
use openledger_app::app::App;
use openledger_app::statesync::{SnapshotStore, Snapshotter, FORMAT};
use openledger_app::store::{Storage, StoreConfig, StoreError};
use openledger_framework::StateRead;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};
use tendermint::abci::request;
use tendermint::abci::response::{ApplySnapshotChunkResult, OfferSnapshot};
use tendermint::abci::types::Snapshot as AbciSnapshot;
use tendermint::v0_38::abci::{SnapshotRequest, SnapshotResponse};
use tower::Service;

const CHAIN: &str = "openledger-test-1";

fn blocks(keys: &[TestKey], count: u64) -> Vec<Vec<Vec<u8>>> {
    let mut seqs = vec![0u64; keys.len()];
    let numbers = genesis_account_numbers(keys);
    let mut out = Vec::new();
    for b in 0..count {
        let mut txs = Vec::new();
        for i in 0..keys.len() {
            if (b + i as u64).is_multiple_of(3) {
                continue;
            }
            let to = &keys[(i + 1 + b as usize) % keys.len()].address;
            let spec = TxSpec::new(
                CHAIN,
                vec![msg_send(&keys[i].address, to, 1000 + b as u128)],
                numbers[i],
                seqs[i],
            );
            seqs[i] += 1;
            txs.push(spec.sign(&keys[i]));
        }
        out.push(txs);
    }
    out
}

fn call(svc: &mut SnapshotService, req: SnapshotRequest) -> SnapshotResponse {
    futures::executor::block_on(svc.call(req)).unwrap()
}

fn list(svc: &mut SnapshotService) -> Vec<AbciSnapshot> {
    match call(svc, SnapshotRequest::ListSnapshots) {
        SnapshotResponse::ListSnapshots(r) => r.snapshots,
        other => panic!("unexpected {other:?}"),
    }
}

fn offer(svc: &mut SnapshotService, snapshot: AbciSnapshot, app_hash: &[u8]) -> OfferSnapshot {
    let req = request::OfferSnapshot {
        snapshot,
        app_hash: app_hash.to_vec().try_into().unwrap(),
    };
    match call(svc, SnapshotRequest::OfferSnapshot(req)) {
        SnapshotResponse::OfferSnapshot(r) => r,
        other => panic!("unexpected {other:?}"),
    }
}

fn load(svc: &mut SnapshotService, s: &AbciSnapshot, chunk: u32) -> Vec<u8> {
    let req = request::LoadSnapshotChunk {
        height: s.height,
        format: s.format,
        chunk,
    };
    match call(svc, SnapshotRequest::LoadSnapshotChunk(req)) {
        SnapshotResponse::LoadSnapshotChunk(r) => r.chunk.to_vec(),
        other => panic!("unexpected {other:?}"),
    }
}

fn apply(svc: &mut SnapshotService, index: u32, chunk: Vec<u8>) -> ApplySnapshotChunkResult {
    let req = request::ApplySnapshotChunk {
        index,
        chunk: chunk.into(),
        sender: "peer-a".into(),
    };
    match call(svc, SnapshotRequest::ApplySnapshotChunk(req)) {
        SnapshotResponse::ApplySnapshotChunk(r) => r.result,
        other => panic!("unexpected {other:?}"),
    }
}

fn service(storage: &Storage, snapshots: &std::path::Path) -> (SnapshotService, Arc<Mutex<App>>) {
    let app = Arc::new(Mutex::new(
        App::new(storage.clone(), Default::default()).unwrap(),
    ));
    let svc = SnapshotService::new(
        app.clone(),
        storage.clone(),
        Default::default(),
        SnapshotStore::new(snapshots.to_path_buf()),
    );
    (svc, app)
}

#[test]
fn a_node_restored_from_a_snapshot_runs_the_next_blocks_like_its_source() {
    let keys: Vec<TestKey> = (0..6).map(TestKey::from_seed).collect();
    let genesis = genesis_funding(&keys, 1_000_000_000_000_000_000_000);
    let blocks = blocks(&keys, 12);
    let tmp = tempfile::tempdir().unwrap();
    let a_snapshots = tmp.path().join("a-snapshots");

    // Node A: snapshots at heights 3 and 6; the one of height 6 is written while A commits
    // heights 7 and 8.
    let mut a = TestNode::new(&tmp.path().join("a"), CHAIN, &genesis).unwrap();
    let snapshotter = Snapshotter::new(SnapshotStore::new(a_snapshots.clone()), 3, 2).unwrap();
    let mut writing = None;
    for txs in &blocks[..6] {
        a.block(txs.clone()).unwrap();
        if let Some(handle) = snapshotter.after_commit(a.app.storage()) {
            writing = Some(handle);
            if a.height < 6 {
                writing.take().unwrap().join().unwrap();
            }
        }
    }
    let (height6, hash6) = a.app.info();
    assert_eq!(height6, 6);
    a.recorded = Some(Vec::new());
    let mut a_hashes = Vec::new();
    for txs in &blocks[6..9] {
        a_hashes.push(a.block(txs.clone()).unwrap().1);
    }
    writing.unwrap().join().unwrap();
    let recorded = a.recorded.take().unwrap();

    let (mut serving, _) = service(a.app.storage(), &a_snapshots);
    let listed = list(&mut serving);
    let heights: Vec<u64> = listed.iter().map(|s| s.height.value()).collect();
    assert_eq!(heights, vec![3, 6]);
    let snapshot = listed[1].clone();
    assert_eq!(snapshot.format, FORMAT);
    assert!(load(&mut serving, &snapshot, snapshot.chunks).is_empty());

    // Node B: empty.
    let b_path = tmp.path().join("b");
    {
        let storage = Storage::open(&b_path, StoreConfig { keep_recent: 0 }).unwrap();
        let (mut svc, app) = service(&storage, &tmp.path().join("b-snapshots"));
        assert!(list(&mut svc).is_empty());

        let mut other_format = snapshot.clone();
        other_format.format = FORMAT + 1;
        assert_eq!(
            offer(&mut svc, other_format, &hash6),
            OfferSnapshot::RejectFormat
        );
        let mut garbled = snapshot.clone();
        garbled.metadata = b"garbled".to_vec().into();
        assert_eq!(offer(&mut svc, garbled, &hash6), OfferSnapshot::Reject);
        assert_eq!(
            offer(&mut svc, snapshot.clone(), &[7; 32]),
            OfferSnapshot::Reject
        );
        assert_eq!(
            offer(&mut svc, snapshot.clone(), &hash6),
            OfferSnapshot::Accept
        );

        // A corrupted chunk is asked for again, then the right ones restore the state.
        let mut bad = load(&mut serving, &snapshot, 0);
        bad[0] ^= 0xff;
        assert_eq!(apply(&mut svc, 0, bad), ApplySnapshotChunkResult::Retry);
        for i in 0..snapshot.chunks {
            let chunk = load(&mut serving, &snapshot, i);
            assert!(!chunk.is_empty());
            assert_eq!(apply(&mut svc, i, chunk), ApplySnapshotChunkResult::Accept);
        }
        // Info reports the restored height and app hash, from the rebuilt app too.
        let latest = storage.latest().unwrap();
        assert_eq!(
            (latest.height, latest.app_hash.to_vec()),
            (6, hash6.clone())
        );
        assert_eq!(app.lock().unwrap().info(), (6, hash6.clone()));
        assert_eq!(app.lock().unwrap().chain_id(), CHAIN);
        // Same key/values as A at height 6; nothing below it.
        let at6 = a.app.storage().snapshot_at(6).unwrap();
        let a_kv: Vec<_> = at6.prefix_raw(b"", None).collect::<Result<_, _>>().unwrap();
        let b_kv: Vec<_> = storage
            .latest_snapshot()
            .prefix_raw(b"", None)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(a_kv, b_kv);
        assert!(matches!(
            storage.snapshot_at(5),
            Err(StoreError::VersionNotAvailable { .. })
        ));
        // A second offer on the now non-empty store is refused.
        assert_eq!(
            offer(&mut svc, snapshot.clone(), &hash6),
            OfferSnapshot::Reject
        );
    }

    // B restarts on its restored store and runs A's next blocks, then new ones with A.
    let mut b = TestNode::reopen(&b_path, CHAIN).unwrap();
    assert_eq!(b.height, 6);
    for (block, expected) in recorded.iter().zip(&a_hashes) {
        assert_eq!(b.replay(block, true).unwrap(), *expected);
    }
    for txs in &blocks[9..] {
        let (outcomes, ha) = a.block(txs.clone()).unwrap();
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        let (_, hb) = b.block(txs.clone()).unwrap();
        assert_eq!(ha, hb);
    }
    assert_eq!(a.app.info(), b.app.info());
}
