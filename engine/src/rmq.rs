//! Range minimum over suffix-array values: block minima plus a sparse table over them
//! (docs/attribution-engine.md, "Earliest occurrence").

/// Entries of the suffix array per block.
pub const RMQ_BLOCK: usize = 1024;

/// The shape of the persisted structure for a suffix array of `n` entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Number of blocks, `ceil(n / RMQ_BLOCK)`.
    pub blocks: usize,
    /// Number of sparse-table levels, `floor(log2(blocks)) + 1` (0 when there is no block).
    pub levels: usize,
    /// Total number of u32 entries over all levels.
    pub entries: usize,
}

impl Shape {
    pub fn for_len(n: usize) -> Shape {
        let blocks = n.div_ceil(RMQ_BLOCK);
        let mut levels = 0;
        let mut entries = 0;
        while levels < usize::BITS as usize && (1usize << levels) <= blocks {
            entries += blocks - (1usize << levels) + 1;
            levels += 1;
        }
        Shape {
            blocks,
            levels,
            entries,
        }
    }

    /// Offset (in entries) of level `k`.
    fn level_offset(&self, k: usize) -> usize {
        // Sum over j < k of (blocks - 2^j + 1) = k * (blocks + 1) - (2^k - 1).
        k * (self.blocks + 1) - ((1usize << k) - 1)
    }
}

/// Builds the sparse table over the block minima of `sa`; level 0 is computed on `threads`
/// threads (the result does not depend on it).
pub(crate) fn build(sa: &[u32], threads: usize) -> Vec<u32> {
    let shape = Shape::for_len(sa.len());
    let mut table = vec![0u32; shape.entries];
    if shape.blocks == 0 {
        return table;
    }
    {
        let level0 = &mut table[..shape.blocks];
        let per = shape.blocks.div_ceil(threads.max(1));
        std::thread::scope(|s| {
            for (t, out) in level0.chunks_mut(per).enumerate() {
                let first_block = t * per;
                s.spawn(move || {
                    for (j, slot) in out.iter_mut().enumerate() {
                        let b = first_block + j;
                        let end = ((b + 1) * RMQ_BLOCK).min(sa.len());
                        *slot = sa[b * RMQ_BLOCK..end]
                            .iter()
                            .copied()
                            .min()
                            .unwrap_or(u32::MAX);
                    }
                });
            }
        });
    }
    for k in 1..shape.levels {
        let prev = shape.level_offset(k - 1);
        let cur = shape.level_offset(k);
        let half = 1usize << (k - 1);
        let count = shape.blocks - (1usize << k) + 1;
        for j in 0..count {
            table[cur + j] = table[prev + j].min(table[prev + j + half]);
        }
    }
    table
}

/// Read access to the persisted structure.
pub(crate) struct Rmq<'a> {
    pub sa: &'a [u8],
    pub table: &'a [u8],
    pub shape: Shape,
}

fn read_u32(bytes: &[u8], i: usize) -> u32 {
    match bytes.get(4 * i..4 * i + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => u32::MAX,
    }
}

impl Rmq<'_> {
    /// The minimum of `sa[a..b]`, `u32::MAX` for an empty range. Reads at most `2 * RMQ_BLOCK`
    /// suffix-array entries and two table entries.
    pub fn min(&self, a: usize, b: usize) -> u32 {
        if a >= b {
            return u32::MAX;
        }
        let scan = |x: usize, y: usize| (x..y).map(|i| read_u32(self.sa, i)).min();
        let ba = a / RMQ_BLOCK;
        let bb = (b - 1) / RMQ_BLOCK;
        if bb <= ba + 1 {
            return scan(a, b).unwrap_or(u32::MAX);
        }
        let left = scan(a, (ba + 1) * RMQ_BLOCK).unwrap_or(u32::MAX);
        let right = scan(bb * RMQ_BLOCK, b).unwrap_or(u32::MAX);
        // Whole blocks ba+1 ..= bb-1.
        let (x, y) = (ba + 1, bb - 1);
        let k = (usize::BITS - 1 - (y - x + 1).leading_zeros()) as usize;
        let off = self.shape.level_offset(k);
        let mid = read_u32(self.table, off + x).min(read_u32(self.table, off + y + 1 - (1 << k)));
        left.min(right).min(mid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        assert_eq!(Shape::for_len(0).entries, 0);
        assert_eq!(
            Shape::for_len(1),
            Shape {
                blocks: 1,
                levels: 1,
                entries: 1
            }
        );
        let s = Shape::for_len(5 * RMQ_BLOCK + 3);
        assert_eq!((s.blocks, s.levels, s.entries), (6, 3, 6 + 5 + 3));
        assert_eq!(s.level_offset(2), 11);
    }

    #[test]
    fn queries_match_scan() {
        let n = 9 * RMQ_BLOCK + 77;
        let mut x = 12345u64;
        let sa: Vec<u32> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 1_000_000) as u32
            })
            .collect();
        let t1 = build(&sa, 1);
        assert_eq!(t1, build(&sa, 3));
        let sa_bytes: Vec<u8> = sa.iter().flat_map(|v| v.to_le_bytes()).collect();
        let table: Vec<u8> = t1.iter().flat_map(|v| v.to_le_bytes()).collect();
        let rmq = Rmq {
            sa: &sa_bytes,
            table: &table,
            shape: Shape::for_len(n),
        };
        for (a, b) in [
            (0, n),
            (1, n - 1),
            (5, 6),
            (RMQ_BLOCK - 1, 3 * RMQ_BLOCK + 1),
            (2 * RMQ_BLOCK, 7 * RMQ_BLOCK),
            (100, 2 * RMQ_BLOCK + 5),
        ] {
            assert_eq!(rmq.min(a, b), *sa[a..b].iter().min().unwrap(), "{a}..{b}");
        }
        for step in 0..300 {
            let a = (step * 313) % n;
            let b = (a + 1 + step * step * 17 % n).min(n);
            assert_eq!(rmq.min(a, b), *sa[a..b].iter().min().unwrap(), "{a}..{b}");
        }
    }
}
