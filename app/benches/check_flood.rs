//! CheckTx under a flood of invalid txs.
//!
//! 1. Rejections per second on one thread (one core), per kind: garbage bytes, an unknown
//!    account, a stale (replayed) sequence, a bad signature (signed for another chain id: the
//!    chain id is only in the signed bytes, so this is what a wrong chain id costs), the same
//!    bad-signature txs sent again; and valid CheckTx per second.
//! 2. The block path (ProcessProposal, FinalizeBlock, Commit of blocks of valid bank sends,
//!    each tx checked first) without a flood, with a flood of invalid txs on another thread
//!    through the check state's own lock (as the mempool connection does), and with the same
//!    flood through the app's lock (the wiring before CheckTx had its own state), for
//!    comparison; then blocks whose txs this node never checked (no signature cached), their
//!    signatures verified on every core before execution or one by one during it.
//!
//! Run: `cargo bench -p openledgerd --bench check_flood`
//! Env: BENCH_ACCOUNTS=5000, BENCH_BLOCKS=10, BENCH_BLOCK_TXS=1000, BENCH_REJECTS=20000,
//! BENCH_FLOOD_RATE=5000 (the paced flood).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openledger_app::app::{App, BlockInput};
use openledger_app::check::Checker;
use openledger_testkit::{
    genesis_account_numbers, genesis_funding, msg_send, TestKey, TestNode, TxSpec,
};

const CHAIN: &str = "openledger-bench-1";

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator for the garbage bytes.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

struct Chain {
    keys: Vec<TestKey>,
    numbers: Vec<u64>,
    seqs: Vec<u64>,
    /// Senders of valid txs are `0..active`; the others only sign bad signatures, so those
    /// stay at the right sequence for the whole run.
    active: usize,
    /// Next sender, round robin.
    next: usize,
    /// Distinct amounts keep every signed tx distinct.
    nonce: u128,
}

impl Chain {
    fn spec(&mut self, from: usize, seq: u64, chain_id: &str) -> TxSpec {
        let to = (from + 1) % self.keys.len();
        self.nonce += 1;
        TxSpec::new(
            chain_id,
            vec![msg_send(
                &self.keys[from].address,
                &self.keys[to].address,
                1_000 + self.nonce,
            )],
            self.numbers[from],
            seq,
        )
    }

    /// The next valid tx (consecutive sequences per sender).
    fn valid(&mut self) -> Vec<u8> {
        let from = self.next;
        self.next = (self.next + 1) % self.active;
        self.valid_from(from)
    }

    fn valid_from(&mut self, from: usize) -> Vec<u8> {
        let seq = self.seqs[from];
        self.seqs[from] += 1;
        self.spec(from, seq, CHAIN).sign(&self.keys[from])
    }

    /// A tx replaying a sequence already used (the sender's first).
    fn stale(&mut self, i: usize) -> Vec<u8> {
        let from = i % self.keys.len();
        assert!(self.seqs[from] > 0);
        self.spec(from, 0, CHAIN).sign(&self.keys[from])
    }

    /// A tx at the right sequence, signed for another chain: the signature does not verify.
    fn bad_sig(&mut self, i: usize) -> Vec<u8> {
        let from = self.active + i % (self.keys.len() - self.active);
        let seq = self.seqs[from];
        self.spec(from, seq, "another-chain-1")
            .sign(&self.keys[from])
    }
}

fn garbage(n: usize) -> Vec<Vec<u8>> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|_| {
            let len = 100 + (rng.next() % 200) as usize;
            (0..len).map(|_| rng.next() as u8).collect()
        })
        .collect()
}

fn unknown_accounts(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let k = TestKey::from_seed(10_000_000 + i as u64);
            let to = TestKey::from_seed(1);
            TxSpec::new(CHAIN, vec![msg_send(&k.address, &to.address, 1)], 0, 0).sign(&k)
        })
        .collect()
}

/// Rejections per second on this thread; every tx must be refused.
fn rejects_per_sec(checker: &Checker, txs: &[Vec<u8>]) -> f64 {
    let t = Instant::now();
    for tx in txs {
        let o = checker.check_tx(tx).unwrap();
        assert!(o.result.is_err());
    }
    txs.len() as f64 / t.elapsed().as_secs_f64()
}

/// CPU time of the calling thread (Linux, 10 ms ticks): on a machine whose cores are all
/// busy, tx per CPU-second shows whether the block path itself got slower or only got less CPU.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15; after the name, field 3 (the state) is at 0
    let field = |i: usize| -> u64 { fields.get(i).and_then(|f| f.parse().ok()).unwrap_or(0) };
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq)]
enum Flood {
    None,
    /// Through the check state's own lock, as the mempool connection does.
    OwnLock,
    /// The same at a fixed rate (rejects/s), leaving the block path its core on this machine.
    Paced(u64),
    /// Through the app lock the block path holds (the former wiring).
    AppLock,
}

/// Blocks of valid txs through CheckTx (if `precheck`) then the block path; a flood thread
/// meanwhile. Returns (block-path tx/s, tx per CPU-second of the block path's thread, flood
/// rejects/s).
#[allow(clippy::too_many_arguments)]
fn blocks(
    app: &Arc<Mutex<App>>,
    chain: &mut Chain,
    flood: Flood,
    precheck: bool,
    invalid: &Arc<Vec<Vec<u8>>>,
    n_blocks: usize,
    block_txs: usize,
    height: &mut u64,
) -> (f64, f64, f64) {
    let all: Vec<Vec<Vec<u8>>> = (0..n_blocks)
        .map(|_| (0..block_txs).map(|_| chain.valid()).collect())
        .collect();
    let checker = app.lock().unwrap().checker();
    let stop = Arc::new(AtomicBool::new(false));
    let rejected = Arc::new(AtomicU64::new(0));
    let flooder = (flood != Flood::None).then(|| {
        let (stop, rejected, invalid) = (stop.clone(), rejected.clone(), invalid.clone());
        let (app, checker) = (app.clone(), checker.clone());
        std::thread::spawn(move || {
            let t = Instant::now();
            'outer: loop {
                for tx in invalid.iter() {
                    if stop.load(Ordering::Relaxed) {
                        break 'outer;
                    }
                    let o = match flood {
                        Flood::AppLock => app.lock().unwrap().check_tx(tx).unwrap(),
                        _ => checker.check_tx(tx).unwrap(),
                    };
                    assert!(o.result.is_err());
                    let n = rejected.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Flood::Paced(rate) = flood {
                        let due = Duration::from_secs_f64(n as f64 / rate as f64);
                        if let Some(wait) = due.checked_sub(t.elapsed()) {
                            std::thread::sleep(wait);
                        }
                    }
                }
            }
            t.elapsed()
        })
    });
    let mut block_path = Duration::ZERO;
    let mut block_cpu = Duration::ZERO;
    for txs in all {
        for tx in txs.iter().filter(|_| precheck) {
            let o = match flood {
                Flood::AppLock => app.lock().unwrap().check_tx(tx).unwrap(),
                _ => checker.check_tx(tx).unwrap(),
            };
            assert!(o.result.is_ok(), "{:?}", o.result);
        }
        *height += 1;
        let h = *height;
        let time = tendermint::Time::from_unix_timestamp(1_700_000_000 + h as i64, 0).unwrap();
        let bytes: Vec<bytes::Bytes> = txs.into_iter().map(Into::into).collect();
        let hash = vec![h as u8; 32];
        let input = BlockInput::default();
        let t = Instant::now();
        let cpu = thread_cpu();
        // one lock per request, as the consensus connection takes it
        assert!(app
            .lock()
            .unwrap()
            .process_proposal(&bytes, hash.clone(), h, time, &input)
            .unwrap());
        let done = app
            .lock()
            .unwrap()
            .finalize_block(&bytes, hash, h, time, &input)
            .unwrap();
        assert!(done.outcomes.iter().all(|o| o.result.is_ok()));
        app.lock().unwrap().commit().unwrap();
        block_path += t.elapsed();
        block_cpu += thread_cpu().saturating_sub(cpu);
    }
    stop.store(true, Ordering::Relaxed);
    let flood_rate = match flooder {
        Some(h) => {
            let elapsed = h.join().unwrap();
            rejected.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64()
        }
        None => 0.0,
    };
    let n = (n_blocks * block_txs) as f64;
    (
        n / block_path.as_secs_f64(),
        n / block_cpu.as_secs_f64().max(0.01),
        flood_rate,
    )
}

fn main() {
    let accounts = env("BENCH_ACCOUNTS", 5_000);
    let n_blocks = env("BENCH_BLOCKS", 10);
    let block_txs = env("BENCH_BLOCK_TXS", 1_000);
    let n_rejects = env("BENCH_REJECTS", 20_000);
    println!("== CheckTx flood: {accounts} accounts, load {} ==", load());

    let keys: Vec<TestKey> = (0..accounts as u64).map(TestKey::from_seed).collect();
    let genesis = genesis_funding(&keys, 1_000_000_000_000_000_000_000);
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.check_invariants = false;
    node.block(vec![]).unwrap();
    let numbers = genesis_account_numbers(&keys);
    let mut chain = Chain {
        keys,
        numbers,
        seqs: vec![0; accounts],
        active: accounts - accounts / 5,
        next: 0,
        nonce: 0,
    };
    // one tx per account, so that sequence 0 is stale for everyone
    for chunk in (0..accounts).collect::<Vec<_>>().chunks(block_txs) {
        let txs = chunk.iter().map(|&from| chain.valid_from(from)).collect();
        let (outcomes, _) = node.block(txs).unwrap();
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
    }
    let mut height = node.height;
    let checker = node.app.checker();

    let t = Instant::now();
    let garbage = garbage(n_rejects);
    let unknown = unknown_accounts(n_rejects.min(5_000));
    let stale: Vec<Vec<u8>> = (0..n_rejects).map(|i| chain.stale(i)).collect();
    let bad: Vec<Vec<u8>> = (0..n_rejects).map(|i| chain.bad_sig(i)).collect();
    let valid: Vec<Vec<u8>> = (0..n_rejects.min(chain.active))
        .map(|_| chain.valid())
        .collect();
    println!("prepared the txs in {:.1} s", t.elapsed().as_secs_f64());

    println!("rejects/s on one thread (load {}):", load());
    println!(
        "  garbage bytes        {:>9.0}",
        rejects_per_sec(&checker, &garbage)
    );
    println!(
        "  unknown account      {:>9.0}",
        rejects_per_sec(&checker, &unknown)
    );
    println!(
        "  stale sequence       {:>9.0}",
        rejects_per_sec(&checker, &stale)
    );
    println!(
        "  bad signature        {:>9.0}",
        rejects_per_sec(&checker, &bad)
    );
    let again = &bad[bad.len().saturating_sub(5_000)..];
    println!(
        "  bad signature again  {:>9.0}",
        rejects_per_sec(&checker, again)
    );
    let t = Instant::now();
    for tx in &valid {
        let o = checker.check_tx(tx).unwrap();
        assert!(o.result.is_ok(), "{:?}", o.result);
    }
    println!(
        "valid CheckTx/s on one thread: {:.0}",
        valid.len() as f64 / t.elapsed().as_secs_f64()
    );
    // commit the valid ones, so the block txs follow on from their sequences
    let (outcomes, _) = node.block(valid).unwrap();
    assert!(outcomes.iter().all(|o| o.result.is_ok()));
    height = height.max(node.height);

    // the flood: a mix of the three invalid kinds
    let mut mix = Vec::with_capacity(3 * n_rejects);
    for i in 0..n_rejects {
        mix.push(garbage[i].clone());
        mix.push(stale[i].clone());
        mix.push(bad[i].clone());
    }
    let mix = Arc::new(mix);
    let app = Arc::new(Mutex::new(node.app));
    println!(
        "block path, {n_blocks} blocks of {block_txs} bank sends (each checked first), flood of garbage, stale and bad-signature txs on another thread:"
    );
    let paced = env("BENCH_FLOOD_RATE", 5_000) as u64;
    let paced_name = format!("paced flood ({paced}/s), own lock");
    for (name, flood, precheck, parallel) in [
        ("no flood", Flood::None, true, true),
        ("flood, CheckTx on its own lock", Flood::OwnLock, true, true),
        (paced_name.as_str(), Flood::Paced(paced), true, true),
        (
            "flood through the app lock (former wiring)",
            Flood::AppLock,
            true,
            true,
        ),
        ("no flood (again)", Flood::None, true, true),
        (
            "not checked first: signatures in parallel",
            Flood::None,
            false,
            true,
        ),
        (
            "not checked first: signatures one by one",
            Flood::None,
            false,
            false,
        ),
    ] {
        app.lock().unwrap().set_parallel_verify(parallel);
        let (tps, per_cpu, flood_rate) = blocks(
            &app,
            &mut chain,
            flood,
            precheck,
            &mix,
            n_blocks,
            block_txs,
            &mut height,
        );
        println!(
            "  {name:<44} {tps:>6.0} tx/s ({per_cpu:>6.0} per CPU-s)  flood {flood_rate:>6.0} rejects/s  (load {})",
            load()
        );
    }
}
