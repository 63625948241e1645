//! The arithmetic of a run: percentiles, rate pacing, committed tx/s over a window of blocks,
//! and CometBFT's RFC 3339 block times.

use std::time::Duration;

/// Nearest-rank percentile (`p` in 0..=100) of an ascending slice; `None` when empty.
pub fn percentile(sorted: &[u64], p: u32) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    // rank = ceil(p/100 * n), at least 1
    let rank = (u64::from(p.min(100)) * n).div_ceil(100).max(1);
    sorted.get((rank - 1) as usize).copied()
}

/// When the `i`-th send (from 0) is due after the start, at `rate` sends per second (rounded
/// up to the nanosecond, so [`due_by`] at that instant counts it).
pub fn slot_offset(i: u64, rate: u64) -> Duration {
    if rate == 0 {
        return Duration::ZERO;
    }
    let nanos = (u128::from(i) * 1_000_000_000).div_ceil(u128::from(rate));
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// How many sends are due by `elapsed` at `rate` per second (slots 0..n have offsets <= elapsed).
pub fn due_by(elapsed: Duration, rate: u64) -> u64 {
    let n = elapsed.as_nanos() * u128::from(rate) / 1_000_000_000;
    u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1)
}

/// A block as the watcher saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockPoint {
    pub height: u64,
    /// Header time, nanoseconds since the epoch.
    pub time_ns: i128,
    /// When the watcher saw it, microseconds since the run started.
    pub seen_us: u64,
    pub num_txs: u64,
}

/// Committed tx/s over the blocks seen in `[from_us, to_us]`, by block time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throughput {
    /// Last block seen at or before `from_us` (its txs are not counted), else the first after.
    pub first_height: u64,
    /// Last block seen at or before `to_us`.
    pub last_height: u64,
    /// Txs of the blocks after `first_height` up to `last_height`.
    pub txs: u64,
    pub blocks: u64,
    /// Block time from the first block to the last.
    pub secs: f64,
    pub tps: f64,
}

/// The window's rate: the txs of blocks (first, last] over time(last) - time(first). Blocks
/// must be in height order. `None` without two blocks or when the time does not advance.
pub fn window_throughput(blocks: &[BlockPoint], from_us: u64, to_us: u64) -> Option<Throughput> {
    let first = blocks
        .iter()
        .rposition(|b| b.seen_us <= from_us)
        .or_else(|| blocks.iter().position(|b| b.seen_us > from_us))?;
    let last = blocks.iter().rposition(|b| b.seen_us <= to_us)?;
    if last <= first {
        return None;
    }
    let (b0, bk) = (blocks.get(first)?, blocks.get(last)?);
    let span_ns = bk.time_ns - b0.time_ns;
    if span_ns <= 0 {
        return None;
    }
    let txs: u64 = blocks
        .get(first + 1..=last)?
        .iter()
        .map(|b| b.num_txs)
        .sum();
    let secs = span_ns as f64 / 1e9;
    Some(Throughput {
        first_height: b0.height,
        last_height: bk.height,
        txs,
        blocks: (last - first) as u64,
        secs,
        tps: txs as f64 / secs,
    })
}

/// Nanoseconds since the epoch of an RFC 3339 UTC time as CometBFT writes it
/// (`2024-05-01T12:00:00.123456789Z`); `None` when it is not one.
pub fn parse_rfc3339_ns(s: &str) -> Option<i128> {
    let t: openledger_framework::time::Time = s.parse().ok()?;
    Some(i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50), Some(50));
        assert_eq!(percentile(&v, 99), Some(99));
        assert_eq!(percentile(&v, 100), Some(100));
        assert_eq!(percentile(&v, 0), Some(1));
        assert_eq!(percentile(&[7], 99), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn pacing_slots_and_due_counts() {
        assert_eq!(slot_offset(0, 100), Duration::ZERO);
        assert_eq!(slot_offset(1, 100), Duration::from_millis(10));
        assert_eq!(slot_offset(250, 100), Duration::from_millis(2500));
        assert_eq!(slot_offset(1, 3), Duration::from_nanos(333_333_334));
        assert_eq!(slot_offset(5, 0), Duration::ZERO);
        // slot 0 is due at once; at 100/s, 10 ms later slots 0 and 1 are due
        assert_eq!(due_by(Duration::ZERO, 100), 1);
        assert_eq!(due_by(Duration::from_millis(10), 100), 2);
        assert_eq!(due_by(Duration::from_millis(9), 100), 1);
        assert_eq!(due_by(Duration::from_secs(2), 1000), 2001);
        // consistent: every slot i with offset <= t is counted
        for rate in [1u64, 7, 100, 2500] {
            for i in 0..50u64 {
                let t = slot_offset(i, rate);
                assert!(due_by(t, rate) > i, "rate {rate} slot {i}");
            }
        }
    }

    fn block(height: u64, secs: i128, seen_us: u64, num_txs: u64) -> BlockPoint {
        BlockPoint {
            height,
            time_ns: secs * 1_000_000_000,
            seen_us,
            num_txs,
        }
    }

    #[test]
    fn window_counts_txs_after_the_first_block() {
        let blocks = [
            block(10, 100, 500_000, 7),
            block(11, 101, 1_500_000, 100),
            block(12, 102, 2_500_000, 200),
            block(13, 103, 3_500_000, 300),
            block(14, 104, 4_500_000, 400),
        ];
        // window 1 s .. 4 s: first = block 10 (last seen before 1 s), last = block 13
        let t = window_throughput(&blocks, 1_000_000, 4_000_000).unwrap();
        assert_eq!((t.first_height, t.last_height), (10, 13));
        assert_eq!(t.txs, 600);
        assert_eq!(t.blocks, 3);
        assert!((t.secs - 3.0).abs() < 1e-9);
        assert!((t.tps - 200.0).abs() < 1e-9);
        // a window starting before any block starts at the first block
        let t = window_throughput(&blocks, 0, 2_600_000).unwrap();
        assert_eq!((t.first_height, t.last_height, t.txs), (10, 12, 300));
        // fewer than two blocks, or no time between them: no figure
        assert_eq!(window_throughput(&blocks, 0, 600_000), None);
        assert_eq!(window_throughput(&[], 0, 10), None);
        let same = [block(1, 5, 1, 3), block(2, 5, 2, 3)];
        assert_eq!(window_throughput(&same, 0, 10), None);
    }

    #[test]
    fn rfc3339_times() {
        assert_eq!(parse_rfc3339_ns("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ns("1970-01-02T00:00:01.5Z"),
            Some(86_401_500_000_000)
        );
        // 2024-03-01 is 19783 days after the epoch (2024 is a leap year)
        assert_eq!(
            parse_rfc3339_ns("2024-03-01T00:00:00.000000001Z"),
            Some(19_783i128 * 86_400 * 1_000_000_000 + 1)
        );
        let a = parse_rfc3339_ns("2026-12-07T19:29:20.123456789Z").unwrap();
        let b = parse_rfc3339_ns("2026-12-07T19:29:21.023456789Z").unwrap();
        assert_eq!(b - a, 900_000_000);
        assert_eq!(parse_rfc3339_ns("2026-12-07T19:29:20+01:00"), None);
        assert_eq!(parse_rfc3339_ns("2026-13-07T19:29:20Z"), None);
        assert_eq!(parse_rfc3339_ns("2026-12-07T19:29:20.1234567890Z"), None);
    }
}
