//! State store throughput: a bank substore of 100k keys, then blocks of about 1000 updated keys
//! (333 transactions touching 3 random accounts each), each block read, prepared and committed
//! (one atomic sled batch plus a flush). The same updates are also applied to a JMT held in
//! memory, as the reference for the hashing and tree-building cost alone.
//!
//! ```text
//! cargo bench -p openledgerd --bench store
//! STORE_BENCH_KEYS=1000000 STORE_BENCH_BLOCKS=50 STORE_BENCH_KEEP=0 cargo bench -p openledgerd --bench store
//! ```
//!
//! Each phase is reported in wall-clock time and in CPU time of the benchmark thread (from
//! `/proc/thread-self/schedstat`), which stays comparable when other work shares the machine.
//!
//! `STORE_BENCH_KEEP` is `keep_recent` (default 10, so pruning runs in every measured block after
//! the tenth; 0 disables pruning). `STORE_BENCH_IDLE_MS` sleeps that long after each block, like
//! the rest of a block interval; sled reclaims log space only in its background thread, so disk
//! use is representative only with some idle time.

// A benchmark measures wall-clock time; none of this is consensus code.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use jmt::storage::{LeafNode, Node, NodeBatch, NodeKey, TreeReader};
use jmt::{KeyHash, OwnedValue, Sha256Jmt, Version};
use openledger_app::store::{Storage, StoreConfig};
use openledger_framework::{Changes, StateRead};

const TXS_PER_BLOCK: usize = 333;
const KEYS_PER_TX: usize = 3;
const VALUE_LEN: usize = 100;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// splitmix64: reproducible keys and values without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn account_key(i: u64) -> Vec<u8> {
    // 32 random-looking bytes per account, hex encoded like an address index.
    let mut rng = Rng(i);
    format!("bank/balance/{}", hex::encode(rng.bytes(32))).into_bytes()
}

/// CPU time of the calling thread; zero where the kernel does not report it.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// Wall-clock and thread CPU time of a phase.
#[derive(Default, Clone, Copy)]
struct Spent {
    wall: Duration,
    cpu: Duration,
}

impl Spent {
    fn measure<T>(&mut self, f: impl FnOnce() -> T) -> (T, Duration) {
        let (wall, cpu) = (Instant::now(), thread_cpu());
        let out = f();
        let elapsed = wall.elapsed();
        self.wall += elapsed;
        self.cpu += thread_cpu().saturating_sub(cpu);
        (out, elapsed)
    }

    fn add(self, other: Spent) -> Spent {
        Spent {
            wall: self.wall + other.wall,
            cpu: self.cpu + other.cpu,
        }
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The blocks of the run: which accounts each block updates, with the new values.
fn blocks(keys: u64, count: u64) -> Vec<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut rng = Rng(0x5eed);
    (0..count)
        .map(|_| {
            let mut block: Vec<(Vec<u8>, Vec<u8>)> = (0..TXS_PER_BLOCK * KEYS_PER_TX)
                .map(|_| (account_key(rng.next() % keys), rng.bytes(VALUE_LEN)))
                .collect();
            block.sort();
            block.dedup_by(|a, b| a.0 == b.0);
            block
        })
        .collect()
}

fn main() {
    let keys = env("STORE_BENCH_KEYS", 100_000);
    let block_count = env("STORE_BENCH_BLOCKS", 100);
    let keep_recent = env("STORE_BENCH_KEEP", 10);
    let idle = Duration::from_millis(env("STORE_BENCH_IDLE_MS", 0));
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Storage::open(dir.path(), StoreConfig { keep_recent }).expect("open store");
    println!(
        "store bench: {keys} keys, {block_count} blocks of ~{} updates, keep_recent {keep_recent}",
        TXS_PER_BLOCK * KEYS_PER_TX
    );

    // Genesis: every account in one version.
    let mut rng = Rng(1);
    let mut genesis = Changes::default();
    for i in 0..keys {
        genesis
            .verifiable
            .insert(account_key(i), Some(rng.bytes(VALUE_LEN)));
    }
    let start = Instant::now();
    let prepared = store.prepare(1, &genesis).expect("prepare genesis");
    let prepare_time = start.elapsed();
    let start = Instant::now();
    store.commit(prepared).expect("commit genesis");
    let commit_time = start.elapsed();
    println!(
        "genesis: prepare {:.1} us/key, commit {:.1} us/key, total {:.2} s",
        us(prepare_time) / keys as f64,
        us(commit_time) / keys as f64,
        (prepare_time + commit_time).as_secs_f64()
    );

    let blocks = blocks(keys, block_count);
    let (mut read, mut prepare, mut commit) =
        (Spent::default(), Spent::default(), Spent::default());
    let mut worst = Duration::ZERO;
    let mut updated = 0u64;
    for (i, block) in blocks.iter().enumerate() {
        let height = i as u64 + 2;
        let snapshot = store.latest_snapshot();
        read.measure(|| {
            for (key, _) in block {
                let value = snapshot.get_raw(key).expect("read");
                assert!(value.is_some(), "account exists");
            }
        });
        let mut changes = Changes::default();
        for (key, value) in block {
            changes.verifiable.insert(key.clone(), Some(value.clone()));
        }
        let (prepared, prepare_wall) =
            prepare.measure(|| store.prepare(height, &changes).expect("prepare"));
        let (_, commit_wall) = commit.measure(|| store.commit(prepared).expect("commit"));
        worst = worst.max(prepare_wall + commit_wall);
        updated += block.len() as u64;
        std::thread::sleep(idle);
        if (i + 1) % 50 == 0 {
            let stats = store.stats().expect("stats");
            println!(
                "  after {} blocks: {:.1} MB on disk, {} nodes",
                i + 1,
                stats.size_on_disk as f64 / 1e6,
                stats.nodes
            );
        }
    }
    let per_key = |d: Duration| us(d) / updated as f64;
    let per_block = |d: Duration| ms(d) / block_count as f64;
    println!("blocks: {updated} updates in {block_count} blocks (wall clock | thread CPU)");
    println!(
        "  read     {:6.2} us/get                 | {:6.2} us/get",
        per_key(read.wall),
        per_key(read.cpu)
    );
    for (label, spent) in [
        ("prepare", prepare),
        ("commit ", commit),
        ("total  ", prepare.add(commit)),
    ] {
        println!(
            "  {label}  {:6.1} us/key {:6.1} ms/block | {:6.1} us/key {:6.1} ms/block",
            per_key(spent.wall),
            per_block(spent.wall),
            per_key(spent.cpu),
            per_block(spent.cpu)
        );
    }
    println!("  worst block {:.1} ms", ms(worst));
    let stats = store.stats().expect("stats");
    println!(
        "  disk: {:.1} MB (sled), {} nodes, {} versions kept",
        stats.size_on_disk as f64 / 1e6,
        stats.nodes,
        stats.versions
    );

    in_memory_reference(keys, &blocks);
}

/// The same updates on a JMT in memory: the cost of hashing and building the tree alone.
fn in_memory_reference(keys: u64, blocks: &[Vec<(Vec<u8>, Vec<u8>)>]) {
    let tree = MemoryTree::default();
    let mut rng = Rng(1);
    let genesis: Vec<_> = (0..keys)
        .map(|i| {
            let key = account_key(i);
            let inner = key.strip_prefix(b"bank/").unwrap_or(&key).to_vec();
            (
                KeyHash::with::<sha2::Sha256>(&inner),
                Some(rng.bytes(VALUE_LEN)),
            )
        })
        .collect();
    let (_, batch) = Sha256Jmt::new(&tree)
        .put_value_set(genesis, 1)
        .expect("in-memory genesis");
    tree.write(&batch.node_batch);
    let (mut general, mut batched) = (Spent::default(), Spent::default());
    let mut updated = 0u64;
    for (i, block) in blocks.iter().enumerate() {
        let version = i as Version + 2;
        let set: Vec<_> = block
            .iter()
            .map(|(key, value)| {
                let inner = key.strip_prefix(b"bank/").unwrap_or(key);
                (KeyHash::with::<sha2::Sha256>(inner), value.clone())
            })
            .collect();
        let jmt = Sha256Jmt::new(&tree);
        let ((root, _), _) = general.measure(|| {
            jmt.put_value_set(set.iter().map(|(k, v)| (*k, Some(v.clone()))), version)
                .expect("in-memory update")
        });
        let ((roots, batch), _) = batched.measure(|| {
            jmt.batch_put_value_sets(vec![set], None, version)
                .expect("in-memory batch update")
        });
        assert_eq!(roots.first(), Some(&root), "both jmt paths agree");
        tree.write(&batch.node_batch);
        updated += block.len() as u64;
    }
    println!("in-memory jmt reference (same updates, no storage; wall | thread CPU):");
    for (label, spent) in [
        ("put_value_set       ", general),
        ("batch_put_value_sets", batched),
    ] {
        println!(
            "  {label} {:6.1} us/key | {:6.1} us/key",
            us(spent.wall) / updated as f64,
            us(spent.cpu) / updated as f64
        );
    }
}

#[derive(Default)]
struct MemoryTree {
    nodes: RwLock<HashMap<NodeKey, Node>>,
}

impl MemoryTree {
    fn write(&self, batch: &NodeBatch) {
        let mut nodes = self.nodes.write().expect("lock");
        for (key, node) in batch.nodes() {
            nodes.insert(key.clone(), node.clone());
        }
    }
}

impl TreeReader for MemoryTree {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        Ok(self.nodes.read().expect("lock").get(node_key).cloned())
    }

    fn get_value_option(&self, _: Version, _: KeyHash) -> anyhow::Result<Option<OwnedValue>> {
        Ok(None)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        Ok(None)
    }
}
