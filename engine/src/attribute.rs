//! Spans, scores and weights (docs/attribution-engine.md, "Attribution").

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::index::{ApprovalKey, Index};
use crate::normalize::normalize;
use crate::ENGINE_VERSION;

/// Engine parameters (chosen by governance; recorded in receipts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Params {
    /// Minimum span length in bytes of normalised text (0 behaves as 1).
    pub min_span: u32,
    /// Maximum number of contributions credited for one output.
    pub max_entries: u32,
}

/// A maximal verbatim span of the output credited to one contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// Offset in the normalised output.
    pub start: u64,
    /// Length in bytes.
    pub len: u64,
    /// The credited contribution.
    pub contribution_id: u64,
    /// Offset of the span's first occurrence in the contribution's normalised content.
    pub source_offset: u64,
}

/// The weight of one contribution in an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The contribution.
    pub contribution_id: u64,
    /// Sum of the lengths of its spans, in bytes.
    pub score: u64,
    /// Weight in parts per million; the weights of one attribution sum to 1,000,000.
    pub weight_ppm: u32,
}

/// The result of [`attribute`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attribution {
    /// [`ENGINE_VERSION`].
    pub engine_version: u32,
    /// `Params::min_span` as given.
    pub min_span: u32,
    /// Spans in output order.
    pub spans: Vec<Span>,
    /// Weighted contributions sorted by contribution id (empty: unattributed).
    pub entries: Vec<Entry>,
    /// [`evidence_hash`] of the spans, as lowercase hex in JSON.
    #[serde(with = "hex32")]
    pub evidence_hash: [u8; 32],
    /// Length of the normalised output in bytes.
    pub output_bytes: u64,
}

impl Attribution {
    /// True when no contribution is credited.
    pub fn is_unattributed(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The set of indexes an output is attributed against (e.g. the datanet versions a model
/// version was trained on).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    indexes: Vec<Arc<Index>>,
}

impl Corpus {
    /// A corpus of owned indexes.
    pub fn new(indexes: Vec<Index>) -> Corpus {
        Corpus {
            indexes: indexes.into_iter().map(Arc::new).collect(),
        }
    }
    /// A corpus of shared indexes (one index may serve several corpora).
    pub fn from_shared(indexes: Vec<Arc<Index>>) -> Corpus {
        Corpus { indexes }
    }
    /// The indexes, in the order given (the order does not change any result).
    pub fn indexes(&self) -> &[Arc<Index>] {
        &self.indexes
    }
    /// Number of documents over all indexes.
    pub fn documents(&self) -> usize {
        self.indexes.iter().map(|i| i.documents()).sum()
    }
    /// Normalised bytes over all indexes.
    pub fn corpus_bytes(&self) -> u64 {
        self.indexes.iter().map(|i| i.corpus_bytes()).sum()
    }
}

fn is_boundary(o: &[u8], k: usize) -> bool {
    match o.get(k) {
        None => true,
        Some(b) => (b & 0xC0) != 0x80,
    }
}

/// Attributes `output` (raw bytes, normalised here) against `corpus`. Deterministic and
/// single-threaded.
pub fn attribute(corpus: &Corpus, output: &[u8], params: &Params) -> Attribution {
    let o = normalize(output);
    let min_span = params.min_span.max(1) as usize;
    let mut spans = Vec::new();
    let mut lens = vec![0usize; corpus.indexes.len()];
    // Skipping probe distance (speed only; see "Cost" in the spec).
    let probe = min_span / 2;
    let mut i = 0usize;
    while i < o.len() {
        if o.len() - i < min_span {
            // No span can start here or later.
            break;
        }
        if probe > 0 {
            // If o[p..p+L+1] occurs nowhere (L = longest match at p), no span starts at any
            // j <= p with j + min_span >= p + L + 1: all of i..=p are skipped when that holds
            // for j = i.
            let p = i + probe;
            let l = longest_match(corpus, &o[p..]);
            if p + l < o.len() && p + l < i + min_span {
                i = p + 1;
                while !is_boundary(&o, i) {
                    i += 1;
                }
                continue;
            }
        }
        let p = &o[i..];
        for (slot, index) in lens.iter_mut().zip(&corpus.indexes) {
            *slot = index.longest_match(p);
        }
        let mut l = lens.iter().copied().max().unwrap_or(0);
        while l > 0 && !is_boundary(&o, i + l) {
            l -= 1;
        }
        if l >= min_span {
            if let Some(span) = earliest(corpus, &lens, &p[..l], i) {
                spans.push(span);
                i += l;
                continue;
            }
        }
        i += 1;
        while !is_boundary(&o, i) {
            i += 1;
        }
    }

    let mut scores: BTreeMap<u64, u64> = BTreeMap::new();
    for s in &spans {
        let e = scores.entry(s.contribution_id).or_insert(0);
        *e = e.saturating_add(s.len);
    }
    let scores: Vec<(u64, u64)> = scores.into_iter().collect();
    let entries = apportion_ppm(&scores, params.max_entries);
    Attribution {
        engine_version: ENGINE_VERSION,
        min_span: params.min_span,
        evidence_hash: evidence_hash(ENGINE_VERSION, params.min_span, &spans),
        spans,
        entries,
        output_bytes: o.len() as u64,
    }
}

/// Length of the longest prefix of `p` that occurs in some index.
fn longest_match(corpus: &Corpus, p: &[u8]) -> usize {
    corpus
        .indexes
        .iter()
        .map(|index| index.longest_match(p))
        .max()
        .unwrap_or(0)
}

/// The span for `q` (at output offset `start`): the earliest document over all indexes that
/// contains `q`, and the first offset of `q` in it.
fn earliest(corpus: &Corpus, lens: &[usize], q: &[u8], start: usize) -> Option<Span> {
    let mut best: Option<(ApprovalKey, u64)> = None;
    for (index, &l) in corpus.indexes.iter().zip(lens) {
        if l < q.len() {
            continue;
        }
        let Some(pos) = index.first_occurrence(q) else {
            continue;
        };
        let Some((doc, offset)) = index.locate(pos) else {
            continue;
        };
        let cand = (doc.key, offset);
        if best.is_none_or(|b| cand < b) {
            best = Some(cand);
        }
    }
    best.map(|(key, source_offset)| Span {
        start: start as u64,
        len: q.len() as u64,
        contribution_id: key.contribution_id,
        source_offset,
    })
}

/// Weights in parts per million by largest remainder (docs/attribution-engine.md, "Weights").
/// Scores of the same contribution id are summed first; zero scores are ignored. Keeps the
/// `max_entries` highest scores (ties: smaller contribution id), apportions 1,000,000 among them,
/// drops entries whose weight is 0 and returns the rest sorted by contribution id.
pub fn apportion_ppm(scores: &[(u64, u64)], max_entries: u32) -> Vec<Entry> {
    const TOTAL: u128 = 1_000_000;
    let mut merged: BTreeMap<u64, u64> = BTreeMap::new();
    for &(id, score) in scores {
        let e = merged.entry(id).or_insert(0);
        *e = e.saturating_add(score);
    }
    let mut kept: Vec<(u64, u64)> = merged.into_iter().filter(|&(_, s)| s > 0).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kept.truncate(max_entries as usize);
    let sum: u128 = kept.iter().map(|&(_, s)| s as u128).sum();
    if sum == 0 {
        return Vec::new();
    }
    // (contribution id, score, quota, remainder)
    let mut rows: Vec<(u64, u64, u128, u128)> = kept
        .iter()
        .map(|&(id, s)| {
            let x = TOTAL * s as u128;
            (id, s, x / sum, x % sum)
        })
        .collect();
    let given: u128 = rows.iter().map(|r| r.2).sum();
    let left = TOTAL.saturating_sub(given) as usize;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[b].3.cmp(&rows[a].3).then(rows[a].0.cmp(&rows[b].0)));
    for &k in order.iter().take(left) {
        rows[k].2 += 1;
    }
    let mut entries: Vec<Entry> = rows
        .into_iter()
        .filter(|r| r.2 > 0)
        .map(|(id, s, w, _)| Entry {
            contribution_id: id,
            score: s,
            weight_ppm: w as u32,
        })
        .collect();
    entries.sort_by_key(|e| e.contribution_id);
    entries
}

/// The domain tag of [`evidence_hash`].
pub const EVIDENCE_TAG: &[u8] = b"openledger/attribution-evidence/v1";

/// sha256 of the tag, the engine version and min_span (u32 big-endian), the number of spans
/// (u64 BE) and each span's start, len, contribution id and source offset (u64 BE).
pub fn evidence_hash(engine_version: u32, min_span: u32, spans: &[Span]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(EVIDENCE_TAG);
    h.update(engine_version.to_be_bytes());
    h.update(min_span.to_be_bytes());
    h.update((spans.len() as u64).to_be_bytes());
    for s in spans {
        h.update(s.start.to_be_bytes());
        h.update(s.len.to_be_bytes());
        h.update(s.contribution_id.to_be_bytes());
        h.update(s.source_offset.to_be_bytes());
    }
    h.finalize().into()
}

mod hex32 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; 32];
        hex::decode_to_slice(&text, &mut out).map_err(D::Error::custom)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(e: &[Entry]) -> Vec<(u64, u32)> {
        e.iter()
            .map(|e| (e.contribution_id, e.weight_ppm))
            .collect()
    }

    #[test]
    fn apportion_exact_and_remainders() {
        assert!(apportion_ppm(&[], 5).is_empty());
        assert!(apportion_ppm(&[(1, 0)], 5).is_empty());
        assert_eq!(weights(&apportion_ppm(&[(9, 10)], 5)), vec![(9, 1_000_000)]);
        // Three equal scores: 333,333 each, one unit left, to the smallest id.
        assert_eq!(
            weights(&apportion_ppm(&[(3, 1), (2, 1), (1, 1)], 5)),
            vec![(1, 333_334), (2, 333_333), (3, 333_333)]
        );
        // Remainders decide before ids.
        let e = apportion_ppm(&[(1, 1), (2, 2), (3, 4)], 5);
        assert_eq!(weights(&e), vec![(1, 142_857), (2, 285_714), (3, 571_429)]);
        assert_eq!(e.iter().map(|e| e.weight_ppm).sum::<u32>(), 1_000_000);
    }

    #[test]
    fn apportion_cut_and_zero_weights() {
        let e = apportion_ppm(&[(5, 10), (4, 10), (3, 30), (2, 1)], 2);
        assert_eq!(weights(&e), vec![(3, 750_000), (4, 250_000)]);
        assert!(apportion_ppm(&[(1, 5)], 0).is_empty());
        // A tiny score gets 0 ppm and is dropped; the sum stays 1,000,000.
        let e = apportion_ppm(&[(1, 10_000_000), (2, 1), (3, 1)], 3);
        assert_eq!(weights(&e), vec![(1, 1_000_000)]);
        // Duplicate ids are summed.
        assert_eq!(
            weights(&apportion_ppm(&[(1, 1), (2, 2), (1, 1)], 3)),
            vec![(1, 500_000), (2, 500_000)]
        );
    }

    #[test]
    fn apportion_large_scores() {
        let e = apportion_ppm(&[(1, u64::MAX), (2, u64::MAX), (3, 1)], 3);
        assert_eq!(weights(&e), vec![(1, 500_000), (2, 500_000)]);
    }

    #[test]
    fn evidence_hash_of_no_span() {
        let mut pre = EVIDENCE_TAG.to_vec();
        pre.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0]);
        let expected: [u8; 32] = Sha256::digest(&pre).into();
        assert_eq!(evidence_hash(1, 32, &[]), expected);
    }
}
