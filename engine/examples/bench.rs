//! Benchmark of the attribution engine (not a test; see docs/performance.md).
//!
//! `cargo run --release -p openledger-engine --example bench -- [--sizes 100M,1G] [--outputs 200]
//! [--threads 2] [--min-span 64[,32]] [--no-divsufsort] [--no-sa-compare] [--dir PATH]`
//!
//! For each size: generates a deterministic synthetic corpus (seeded PRNG over a Zipf-weighted
//! word list, documents of 1-20 KB), builds an index in a temporary directory, times the suffix
//! array construction alone with libsais (the engine's) and divsufsort on the same text, and
//! times `attribute` on ~4 KB outputs mixing quoted passages and novel text, on one thread.
#![allow(clippy::disallowed_methods)] // wall-clock timing is the point here

use std::path::PathBuf;
use std::time::{Duration, Instant};

use openledger_engine::{attribute, Corpus, Document, Index, Params};

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "it",
    "that",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "be",
    "at",
    "by",
    "this",
    "have",
    "from",
    "or",
    "one",
    "had",
    "not",
    "but",
    "what",
    "all",
    "were",
    "when",
    "we",
    "there",
    "can",
    "an",
    "your",
    "which",
    "their",
    "said",
    "if",
    "do",
    "will",
    "each",
    "about",
    "how",
    "up",
    "out",
    "them",
    "then",
    "she",
    "many",
    "some",
    "so",
    "these",
    "would",
    "other",
    "into",
    "has",
    "more",
    "her",
    "two",
    "like",
    "him",
    "see",
    "time",
    "could",
    "no",
    "make",
    "than",
    "first",
    "been",
    "its",
    "who",
    "now",
    "people",
    "my",
    "made",
    "over",
    "did",
    "down",
    "only",
    "way",
    "find",
    "use",
    "may",
    "water",
    "long",
    "little",
    "very",
    "after",
    "words",
    "called",
    "just",
    "where",
    "most",
    "know",
    "ledger",
    "model",
    "data",
    "token",
    "café",
    "naïve",
    "résumé",
    "über",
    "façade",
    "coöperate",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pel", "dor", "an", "er", "is", "on", "ul",
    "gra", "ste", "qui", "bel", "mar", "tin", "sor", "fen", "lut", "zo", "wy", "cha", "pri",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new() -> Words {
        let mut rng = Rng(1);
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        while words.len() < 20_000 {
            let n = 1 + rng.below(4);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize])
                .collect();
            words.push(w);
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 1.0);
                total
            })
            .collect();
        Words { words, cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < u);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn text(&self, rng: &mut Rng, bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 32);
        let mut start = true;
        while s.len() < bytes {
            let w = self.pick(rng);
            if start {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
                start = false;
            } else {
                s.push_str(w);
            }
            match rng.below(20) {
                0 => {
                    s.push_str(". ");
                    start = true;
                }
                1 => s.push_str(", "),
                2 if rng.below(8) == 0 => {
                    s.push_str(".\n\n");
                    start = true;
                }
                _ => s.push(' '),
            }
        }
        s
    }
}

fn parse_size(s: &str) -> u64 {
    let s = s.trim();
    let (num, mult) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1_000),
        Some('M' | 'm') => (&s[..s.len() - 1], 1_000_000),
        Some('G' | 'g') => (&s[..s.len() - 1], 1_000_000_000),
        _ => (s, 1),
    };
    num.parse::<u64>().expect("size like 100M or 1G") * mult
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let k = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[k]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!("{} MB", kb / 1000))
        .unwrap_or_else(|| "n/a".into())
}

/// Snaps `k` down to the start of a word (after an ASCII space) in `t`.
fn snap(t: &[u8], mut k: usize) -> usize {
    while k > 0 && t[k - 1] != b' ' {
        k -= 1;
    }
    k
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes = vec![100_000_000u64];
    let mut outputs = 200usize;
    let mut threads = 2usize;
    let mut min_spans = vec![64u32];
    let mut divsufsort = true;
    let mut sa_compare = true;
    let mut base: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--sizes" => sizes = v.split(',').map(parse_size).collect(),
            "--outputs" => outputs = v.parse().expect("--outputs N"),
            "--threads" => threads = v.parse().expect("--threads N"),
            "--min-span" => {
                min_spans = v
                    .split(',')
                    .map(|x| x.parse().expect("--min-span N[,N]"))
                    .collect()
            }
            "--dir" => base = Some(PathBuf::from(v)),
            "--no-divsufsort" => {
                divsufsort = false;
                i += 1;
                continue;
            }
            "--no-sa-compare" => {
                sa_compare = false;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    let max_entries = 32;
    let words = Words::new();
    println!(
        "attribution engine bench: threads={threads} outputs={outputs} max_entries={max_entries} \
         cores={}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for size in sizes {
        let tmp = match &base {
            Some(b) => tempfile::tempdir_in(b),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let mut rng = Rng(size ^ 0x5EED);
        let t = Instant::now();
        let mut docs = Vec::new();
        let mut total = 0u64;
        while total < size {
            let len = 1_000 + rng.below(19_001) as usize;
            let content = words.text(&mut rng, len).into_bytes();
            total += content.len() as u64;
            let n = docs.len() as u64;
            docs.push(Document {
                contribution_id: 1_000_000 + n * 7919 % 10_000_019,
                datanet_id: 1,
                approval_height: 100 + n / 16,
                approval_seq: n % 16,
                content,
            });
        }
        println!(
            "\n== corpus {} MB: {} documents, generated in {:.1} s",
            total / 1_000_000,
            docs.len(),
            t.elapsed().as_secs_f64()
        );
        let dir = tmp.path().join("index");
        let t = Instant::now();
        let index = Index::build(&dir, 1, 1, docs, threads).expect("build");
        let build = t.elapsed();
        let corpus_mb = index.corpus_bytes() as f64 / 1e6;
        println!(
            "index build (normalise, libsais, rmq, write+fsync): {:.1} s = {:.2} MB/s; peak RSS {}",
            build.as_secs_f64(),
            corpus_mb / build.as_secs_f64(),
            peak_rss_mb()
        );
        drop(index);
        let t = Instant::now();
        let index = Index::open(&dir).expect("open");
        println!(
            "index open (header and document table checks, maps): {:.1} ms",
            ms(t.elapsed())
        );
        println!(
            "index size: {} bytes = {:.3} bytes per corpus byte",
            index.file_bytes(),
            index.file_bytes() as f64 / index.corpus_bytes() as f64
        );

        // Outputs: quoted passages (100-600 bytes from random documents) between novel text.
        let mut out_rng = Rng(size ^ 0xBEEF);
        let mut quoted_bytes = 0usize;
        let outs: Vec<Vec<u8>> = (0..outputs)
            .map(|_| {
                let mut o = Vec::with_capacity(4400);
                while o.len() < 4096 {
                    if out_rng.below(2) == 0 {
                        let d = out_rng.below(index.documents() as u64) as usize;
                        let t = index.document_text(d).unwrap_or(&[]);
                        let want = 100 + out_rng.below(501) as usize;
                        if t.len() > want + 1 {
                            let a = snap(t, out_rng.below((t.len() - want) as u64) as usize);
                            let b = snap(t, a + want).max(a);
                            o.extend_from_slice(&t[a..b]);
                            quoted_bytes += b - a;
                        }
                    } else {
                        let n = 100 + out_rng.below(500) as usize;
                        o.extend_from_slice(words.text(&mut out_rng, n).as_bytes());
                    }
                    o.push(b'\n');
                }
                o
            })
            .collect();
        let total_out: usize = outs.iter().map(Vec::len).sum();
        let corpus = Corpus::new(vec![index]);
        println!(
            "outputs: {}, {:.0} bytes avg, {:.0}% quoted passages",
            outs.len(),
            total_out as f64 / outs.len() as f64,
            100.0 * quoted_bytes as f64 / total_out as f64,
        );
        // Two passes: the first right after the build (the files are in the page cache, the
        // pages the searches touch are not yet mapped), the second with the same outputs.
        for (pass, &min_span) in ["first pass", "second pass"]
            .into_iter()
            .flat_map(|p| min_spans.iter().map(move |m| (p, m)))
        {
            let params = Params {
                min_span,
                max_entries,
            };
            let mut times = Vec::with_capacity(outs.len());
            let mut attributed = 0u64;
            let mut spans = 0usize;
            for o in &outs {
                let t = Instant::now();
                let a = attribute(&corpus, o, &params);
                times.push(t.elapsed());
                attributed += a.spans.iter().map(|s| s.len).sum::<u64>();
                spans += a.spans.len();
            }
            times.sort();
            let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
            println!(
                "attribute, min_span {min_span}, {pass}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms; \
                 {:.1} spans/output, {:.0}% of output bytes attributed",
                ms(percentile(&times, 0.50)),
                ms(percentile(&times, 0.99)),
                ms(*times.last().unwrap_or(&Duration::ZERO)),
                ms(mean),
                spans as f64 / outs.len() as f64,
                100.0 * attributed as f64 / total_out as f64
            );
        }
        drop(corpus);
        // Suffix array construction alone, both crates, same text.
        if sa_compare {
            let text = std::fs::read(dir.join("text.bin")).expect("text.bin");
            let t = Instant::now();
            let sa: Vec<i32> = libsais::SuffixArrayConstruction::for_text(&text[..])
                .in_owned_buffer32()
                .single_threaded()
                .run()
                .expect("libsais")
                .into_vec();
            let d = t.elapsed();
            println!(
                "suffix array libsais:    {:.1} s = {:.2} MB/s",
                d.as_secs_f64(),
                text.len() as f64 / 1e6 / d.as_secs_f64()
            );
            let on_disk = std::fs::read(dir.join("sa.bin")).expect("sa.bin");
            let same = sa
                .iter()
                .zip(on_disk.chunks_exact(4))
                .all(|(v, b)| (*v as u32).to_le_bytes() == b);
            assert!(same, "libsais result differs from sa.bin");
            drop(sa);
            if divsufsort {
                let mut sa = vec![0i32; text.len()];
                let t = Instant::now();
                divsufsort::sort_in_place(&text, &mut sa);
                let d = t.elapsed();
                println!(
                    "suffix array divsufsort: {:.1} s = {:.2} MB/s",
                    d.as_secs_f64(),
                    text.len() as f64 / 1e6 / d.as_secs_f64()
                );
                let same = sa
                    .iter()
                    .zip(on_disk.chunks_exact(4))
                    .all(|(v, b)| (*v as u32).to_le_bytes() == b);
                assert!(same, "divsufsort result differs from sa.bin");
            }
            println!("peak RSS after the suffix array runs: {}", peak_rss_mb());
        }

        drop(tmp);
    }
}
