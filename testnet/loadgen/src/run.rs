//! One run: senders over N connections (paced or flat out), an optional flood of invalid txs,
//! a block watcher and a mempool sampler; then the drain and the figures.

use crate::rpc::{Broadcast, Rpc};
use crate::stats::{self, BlockPoint};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The pre-built load of a run.
pub struct Load {
    /// Valid txs; ids are indexes.
    pub txs: Vec<Vec<u8>>,
    /// Per lane (an account, or a slice of kvstore txs) its tx ids in the order they must go.
    pub lanes: Vec<Vec<u32>>,
    /// Invalid txs with their kind; a `Some(lane)` one goes only once that lane has an
    /// accepted tx (a stale sequence must be stale when it arrives).
    pub flood: Vec<(FloodKind, Option<u32>, Vec<u8>)>,
    /// A lane's later txs are dropped when one is refused (sequences would no longer match).
    pub strict_order: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FloodKind {
    BadSignature,
    StaleSequence,
    Garbage,
}

impl FloodKind {
    pub fn name(self) -> &'static str {
        match self {
            FloodKind::BadSignature => "bad_signature",
            FloodKind::StaleSequence => "stale_sequence",
            FloodKind::Garbage => "garbage",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub duration: Duration,
    pub warmup: Duration,
    /// Valid sends per second; `None`: flat out.
    pub rate: Option<u64>,
    pub connections: usize,
    pub sync: bool,
    pub flood_rate: u64,
    pub flood_connections: usize,
    pub drain: Duration,
    pub poll: Duration,
    pub mempool_every: Duration,
    pub check_results: bool,
    pub quiet: bool,
}

#[derive(Default)]
struct Counters {
    attempts: AtomicU64,
    accepted: AtomicU64,
    accepted_in_window: AtomicU64,
    mempool_full: AtomicU64,
    refused: AtomicU64,
    rpc_errors: AtomicU64,
    broadcast_errors: AtomicU64,
    lanes_stopped: AtomicU64,
    lanes_exhausted: AtomicU64,
    flood_sent: AtomicU64,
    flood_refused: AtomicU64,
    flood_accepted: AtomicU64,
    flood_errors: AtomicU64,
    committed_ours: AtomicU64,
}

struct Shared {
    start: Instant,
    stop: AtomicBool,
    /// Microseconds since start + 1 of the accepted send of each tx; 0 when not accepted.
    sent_us: Vec<AtomicU64>,
    /// Accepted txs per lane.
    progress: Vec<AtomicU32>,
    c: Counters,
    /// (code, log) of valid txs the node refused, by code.
    refusals: Mutex<BTreeMap<u32, (u64, String)>>,
    /// (kind, code) -> count of the flood's answers.
    flood_codes: Mutex<BTreeMap<(FloodKind, u32), u64>>,
}

impl Shared {
    fn now_us(&self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }
}

/// A block as seen, with the ids of its txs (`u32::MAX` for txs that are not ours).
struct SeenBlock {
    point: BlockPoint,
    ids: Vec<u32>,
}

/// Everything the report needs.
pub struct Outcome {
    pub settings: Settings,
    pub window_from_us: u64,
    pub window_to_us: u64,
    pub throughput: Option<stats::Throughput>,
    pub blocks: Vec<BlockPoint>,
    pub attempts: u64,
    pub accepted: u64,
    pub accepted_in_window: u64,
    pub mempool_full: u64,
    pub refused: u64,
    pub refusals: BTreeMap<u32, (u64, String)>,
    pub rpc_errors: u64,
    /// Valid txs the RPC refused with an error other than a full mempool.
    pub broadcast_errors: u64,
    pub lanes_stopped: u64,
    pub lanes_exhausted: u64,
    pub committed_ours: u64,
    /// Accepted but not seen in a block by the end of the drain.
    pub uncommitted: u64,
    /// Inclusion latency (ms) of the txs sent in the window.
    pub latency_ms: Vec<u64>,
    /// (seconds since start, txs, bytes) of the mempool.
    pub mempool: Vec<(f64, u64, u64)>,
    pub flood_sent: u64,
    pub flood_refused: u64,
    pub flood_accepted: u64,
    pub flood_errors: u64,
    pub flood_codes: BTreeMap<(FloodKind, u32), u64>,
    /// Our txs committed with a non-zero result code (`None`: not checked).
    pub failed_in_block: Option<u64>,
    pub flood_in_block: u64,
}

pub async fn run(rpc: &Rpc, load: Load, s: Settings) -> anyhow::Result<Outcome> {
    let load = Arc::new(load);
    let mut index: HashMap<[u8; 32], u32> = HashMap::with_capacity(load.txs.len());
    for (i, tx) in load.txs.iter().enumerate() {
        index.insert(crate::txs::tx_hash(tx), i as u32);
    }
    let flood_hashes: std::collections::HashSet<[u8; 32]> = load
        .flood
        .iter()
        .map(|(_, _, tx)| crate::txs::tx_hash(tx))
        .collect();
    let (_, start_height) = rpc.status().await?;
    let shared = Arc::new(Shared {
        start: Instant::now(),
        stop: AtomicBool::new(false),
        sent_us: (0..load.txs.len()).map(|_| AtomicU64::new(0)).collect(),
        progress: (0..load.lanes.len()).map(|_| AtomicU32::new(0)).collect(),
        c: Counters::default(),
        refusals: Mutex::new(BTreeMap::new()),
        flood_codes: Mutex::new(BTreeMap::new()),
    });
    let window_from_us = s.warmup.as_micros() as u64;
    let window_to_us = (s.warmup + s.duration).as_micros() as u64;

    // block watcher
    let watch_stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (rpc, shared, stop, poll) = (rpc.clone(), shared.clone(), watch_stop.clone(), s.poll);
        let flood_hashes = Arc::new(flood_hashes);
        tokio::spawn(async move {
            watch_blocks(
                &rpc,
                &shared,
                &index,
                &flood_hashes,
                start_height,
                &stop,
                poll,
            )
            .await
        })
    };
    // mempool sampler
    let sampler = {
        let (rpc, shared, stop, every) = (
            rpc.clone(),
            shared.clone(),
            watch_stop.clone(),
            s.mempool_every,
        );
        tokio::spawn(async move {
            let mut samples = Vec::new();
            while !stop.load(Relaxed) {
                if let Ok((n, bytes)) = rpc.unconfirmed().await {
                    samples.push((shared.start.elapsed().as_secs_f64(), n, bytes));
                }
                tokio::time::sleep(every).await;
            }
            samples
        })
    };

    // senders
    let pacer = Arc::new(AtomicU64::new(0));
    let mut senders = Vec::new();
    let conns = s.connections.max(1);
    for w in 0..conns {
        let (rpc, shared, load, pacer) = (rpc.clone(), shared.clone(), load.clone(), pacer.clone());
        let (rate, sync) = (s.rate, s.sync);
        let lanes: Vec<usize> = (w..load.lanes.len()).step_by(conns).collect();
        senders.push(tokio::spawn(async move {
            send_lanes(
                &rpc,
                &shared,
                &load,
                lanes,
                &pacer,
                rate,
                sync,
                window_from_us,
                window_to_us,
            )
            .await
        }));
    }
    let mut flooders = Vec::new();
    if s.flood_rate > 0 && !load.flood.is_empty() {
        let fc = s.flood_connections.max(1);
        let next = Arc::new(AtomicU64::new(0));
        for _ in 0..fc {
            let (rpc, shared, load, next) =
                (rpc.clone(), shared.clone(), load.clone(), next.clone());
            let (rate, sync) = (s.flood_rate, s.sync);
            flooders.push(tokio::spawn(async move {
                flood(&rpc, &shared, &load, &next, rate, sync).await
            }));
        }
    }

    // progress lines while the load runs
    let end = s.warmup + s.duration;
    let mut last = (0u64, Instant::now());
    while shared.start.elapsed() < end {
        tokio::time::sleep(Duration::from_secs(1).min(end.saturating_sub(shared.start.elapsed())))
            .await;
        if !s.quiet {
            let acc = shared.c.accepted.load(Relaxed);
            let com = shared.c.committed_ours.load(Relaxed);
            let dt = last.1.elapsed().as_secs_f64().max(1e-3);
            // paced: sends due by now that have not started (the generator or the node lags)
            let lag = s.rate.map_or(0, |r| {
                stats::due_by(shared.start.elapsed(), r).saturating_sub(pacer.load(Relaxed))
            });
            eprintln!(
                "loadgen: t={:>5.1}s accepted {acc} ({:.0}/s) committed {com} behind schedule {lag} mempool-full retries {} refused {} flood sent {}",
                shared.start.elapsed().as_secs_f64(),
                (acc - last.0) as f64 / dt,
                shared.c.mempool_full.load(Relaxed),
                shared.c.refused.load(Relaxed),
                shared.c.flood_sent.load(Relaxed),
            );
            last = (acc, Instant::now());
        }
    }
    shared.stop.store(true, Relaxed);
    for h in senders.into_iter().chain(flooders) {
        h.await?;
    }

    // drain: until every accepted tx is in a block, or the drain time is over
    let drain_end = Instant::now() + s.drain;
    while Instant::now() < drain_end
        && shared.c.committed_ours.load(Relaxed) < shared.c.accepted.load(Relaxed)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // one more poll so the last block is in
    tokio::time::sleep(s.poll * 2).await;
    watch_stop.store(true, Relaxed);
    let seen = watcher.await??;
    let mempool = sampler.await?;

    let blocks: Vec<BlockPoint> = seen.iter().map(|b| b.point).collect();
    let throughput = stats::window_throughput(&blocks, window_from_us, window_to_us);

    // inclusion latency of the txs sent in the window
    let mut latency_ms = Vec::new();
    let mut uncommitted = shared.c.accepted.load(Relaxed);
    let mut committed_at = vec![0u64; load.txs.len()];
    for b in &seen {
        for &id in &b.ids {
            if let Some(c) = committed_at.get_mut(id as usize) {
                *c = b.point.seen_us;
            }
        }
    }
    for (id, sent) in shared.sent_us.iter().enumerate() {
        let sent = sent.load(Relaxed);
        let seen_at = committed_at.get(id).copied().unwrap_or(0);
        if sent == 0 || seen_at == 0 {
            continue;
        }
        uncommitted = uncommitted.saturating_sub(1);
        let sent = sent - 1;
        if sent >= window_from_us && sent <= window_to_us {
            latency_ms.push(seen_at.saturating_sub(sent) / 1000);
        }
    }
    latency_ms.sort_unstable();

    // result codes of our committed txs (after the load, so it costs the run nothing)
    let mut failed_in_block = None;
    if s.check_results {
        let mut failed = 0u64;
        for b in seen.iter().filter(|b| b.ids.iter().any(|&i| i < FLOOD_ID)) {
            let codes = rpc.block_result_codes(b.point.height).await?;
            for (i, &id) in b.ids.iter().enumerate() {
                if id < FLOOD_ID && codes.get(i).copied().unwrap_or(0) != 0 {
                    failed += 1;
                }
            }
        }
        failed_in_block = Some(failed);
    }

    let c = &shared.c;
    let refusals = shared
        .refusals
        .lock()
        .map(|m| m.clone())
        .unwrap_or_default();
    let flood_codes = shared
        .flood_codes
        .lock()
        .map(|m| m.clone())
        .unwrap_or_default();
    Ok(Outcome {
        window_from_us,
        window_to_us,
        throughput,
        blocks,
        attempts: c.attempts.load(Relaxed),
        accepted: c.accepted.load(Relaxed),
        accepted_in_window: c.accepted_in_window.load(Relaxed),
        mempool_full: c.mempool_full.load(Relaxed),
        refused: c.refused.load(Relaxed),
        refusals,
        rpc_errors: c.rpc_errors.load(Relaxed),
        broadcast_errors: c.broadcast_errors.load(Relaxed),
        lanes_stopped: c.lanes_stopped.load(Relaxed),
        lanes_exhausted: c.lanes_exhausted.load(Relaxed),
        committed_ours: c.committed_ours.load(Relaxed),
        uncommitted,
        latency_ms,
        mempool,
        flood_sent: c.flood_sent.load(Relaxed),
        flood_refused: c.flood_refused.load(Relaxed),
        flood_accepted: c.flood_accepted.load(Relaxed),
        flood_errors: c.flood_errors.load(Relaxed),
        flood_codes,
        failed_in_block,
        flood_in_block: seen_flood(&seen),
        settings: s,
    })
}

fn seen_flood(seen: &[SeenBlock]) -> u64 {
    seen.iter()
        .flat_map(|b| b.ids.iter())
        .filter(|&&i| i == FLOOD_ID)
        .count() as u64
}

const FLOOD_ID: u32 = u32::MAX - 1;

#[allow(clippy::too_many_arguments)]
async fn send_lanes(
    rpc: &Rpc,
    shared: &Shared,
    load: &Load,
    mut lanes: Vec<usize>,
    pacer: &AtomicU64,
    rate: Option<u64>,
    sync: bool,
    window_from_us: u64,
    window_to_us: u64,
) {
    let mut cursor: Vec<usize> = vec![0; lanes.len()];
    let mut k = 0usize;
    while !lanes.is_empty() && !shared.stop.load(Relaxed) {
        k %= lanes.len();
        let lane = lanes[k];
        let Some(&id) = load.lanes.get(lane).and_then(|l| l.get(cursor[k])) else {
            shared.c.lanes_exhausted.fetch_add(1, Relaxed);
            lanes.swap_remove(k);
            cursor.swap_remove(k);
            continue;
        };
        if let Some(rate) = rate {
            let slot = pacer.fetch_add(1, Relaxed);
            let due = shared.start + stats::slot_offset(slot, rate);
            tokio::time::sleep_until(due.into()).await;
            if shared.stop.load(Relaxed) {
                break;
            }
        }
        let Some(tx) = load.txs.get(id as usize) else {
            break;
        };
        let sent_at = shared.now_us();
        shared.c.attempts.fetch_add(1, Relaxed);
        let accepted = match rpc.broadcast(tx, sync).await {
            Ok(Broadcast::Code(0, _)) => true,
            Ok(Broadcast::Error(e)) if e.contains("already exists in cache") => true,
            Ok(Broadcast::MempoolFull) => {
                shared.c.mempool_full.fetch_add(1, Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            Ok(Broadcast::Code(code, log)) => {
                shared.c.refused.fetch_add(1, Relaxed);
                if let Ok(mut m) = shared.refusals.lock() {
                    m.entry(code).or_insert((0, log)).0 += 1;
                }
                false
            }
            Ok(Broadcast::Error(e)) => {
                shared.c.broadcast_errors.fetch_add(1, Relaxed);
                if let Ok(mut m) = shared.refusals.lock() {
                    m.entry(u32::MAX).or_insert((0, e)).0 += 1;
                }
                false
            }
            Err(_) => {
                // connection trouble: try the same tx again (a repeat is "already in cache")
                shared.c.rpc_errors.fetch_add(1, Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if accepted {
            if let Some(t) = shared.sent_us.get(id as usize) {
                t.store(sent_at + 1, Relaxed);
            }
            shared.c.accepted.fetch_add(1, Relaxed);
            if sent_at >= window_from_us && sent_at <= window_to_us {
                shared.c.accepted_in_window.fetch_add(1, Relaxed);
            }
            if let Some(p) = shared.progress.get(lane) {
                p.fetch_add(1, Relaxed);
            }
            cursor[k] += 1;
            k += 1;
        } else if load.strict_order {
            shared.c.lanes_stopped.fetch_add(1, Relaxed);
            lanes.swap_remove(k);
            cursor.swap_remove(k);
        } else {
            cursor[k] += 1;
            k += 1;
        }
    }
}

async fn flood(rpc: &Rpc, shared: &Shared, load: &Load, next: &AtomicU64, rate: u64, sync: bool) {
    let n = load.flood.len() as u64;
    while !shared.stop.load(Relaxed) {
        let slot = next.fetch_add(1, Relaxed);
        if slot >= n {
            return;
        }
        tokio::time::sleep_until((shared.start + stats::slot_offset(slot, rate)).into()).await;
        if shared.stop.load(Relaxed) {
            return;
        }
        let Some((kind, lane, tx)) = load.flood.get(slot as usize) else {
            return;
        };
        if let Some(l) = lane {
            // a stale sequence only once the valid one went in
            if shared
                .progress
                .get(*l as usize)
                .map_or(0, |p| p.load(Relaxed))
                == 0
            {
                continue;
            }
        }
        shared.c.flood_sent.fetch_add(1, Relaxed);
        let code = match rpc.broadcast(tx, sync).await {
            Ok(Broadcast::Code(code, _)) => code,
            Ok(Broadcast::MempoolFull) | Ok(Broadcast::Error(_)) | Err(_) => {
                shared.c.flood_errors.fetch_add(1, Relaxed);
                continue;
            }
        };
        if code == 0 {
            shared.c.flood_accepted.fetch_add(1, Relaxed);
        } else {
            shared.c.flood_refused.fetch_add(1, Relaxed);
        }
        if let Ok(mut m) = shared.flood_codes.lock() {
            *m.entry((*kind, code)).or_insert(0) += 1;
        }
    }
}

async fn watch_blocks(
    rpc: &Rpc,
    shared: &Shared,
    index: &HashMap<[u8; 32], u32>,
    flood: &std::collections::HashSet<[u8; 32]>,
    start_height: u64,
    stop: &AtomicBool,
    poll: Duration,
) -> anyhow::Result<Vec<SeenBlock>> {
    let mut seen = Vec::new();
    let mut next = start_height;
    while !stop.load(Relaxed) {
        let latest = match rpc.status().await {
            Ok((_, h)) => h,
            Err(_) => {
                tokio::time::sleep(poll).await;
                continue;
            }
        };
        while next <= latest {
            // a failed read is tried again at the next poll
            let Ok(b) = rpc.block(next).await else {
                break;
            };
            let seen_us = shared.now_us();
            let time_ns = stats::parse_rfc3339_ns(&b.time)
                .ok_or_else(|| anyhow::anyhow!("block {next}: bad time {}", b.time))?;
            let mut ids = Vec::with_capacity(b.txs.len());
            let mut ours = 0u64;
            for tx in &b.txs {
                let h = crate::txs::tx_hash(tx);
                match index.get(&h) {
                    Some(&id) => {
                        ours += 1;
                        ids.push(id);
                    }
                    None if flood.contains(&h) => ids.push(FLOOD_ID),
                    None => ids.push(u32::MAX),
                }
            }
            shared.c.committed_ours.fetch_add(ours, Relaxed);
            seen.push(SeenBlock {
                point: BlockPoint {
                    height: b.height,
                    time_ns,
                    seen_us,
                    num_txs: b.txs.len() as u64,
                },
                ids,
            });
            next += 1;
        }
        tokio::time::sleep(poll).await;
    }
    Ok(seen)
}
