//! Helpers shared by the integration tests: corpus construction in a temporary directory and a
//! naive reference implementation of the attribution rules.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use openledger_engine::{
    evidence_hash, normalize, ApprovalKey, Attribution, Corpus, Document, Entry, Index, Params,
    Span, ENGINE_VERSION,
};

/// The documents of one index.
#[derive(Debug, Clone)]
pub struct IndexSpec {
    pub datanet_id: u64,
    pub version: u64,
    pub documents: Vec<Document>,
}

pub fn doc(id: u64, datanet: u64, height: u64, seq: u64, content: &[u8]) -> Document {
    Document {
        contribution_id: id,
        datanet_id: datanet,
        approval_height: height,
        approval_seq: seq,
        content: content.to_vec(),
    }
}

/// Builds every index under `root` (one subdirectory each) and returns the corpus.
pub fn build_corpus(root: &Path, specs: &[IndexSpec], threads: usize) -> Corpus {
    let indexes = specs
        .iter()
        .enumerate()
        .map(|(k, s)| {
            Index::build(
                &root.join(format!("index-{k}")),
                s.datanet_id,
                s.version,
                s.documents.clone(),
                threads,
            )
            .unwrap()
        })
        .collect();
    Corpus::new(indexes)
}

fn lcp(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().saturating_sub(needle.len())).find(|&s| hay[s..].starts_with(needle))
}

fn boundary(o: &[u8], k: usize) -> bool {
    k >= o.len() || (o[k] & 0xC0) != 0x80
}

/// Brute force over the documents, straight from the rules in docs/attribution-engine.md.
pub fn naive_attribute(specs: &[IndexSpec], output: &[u8], params: &Params) -> Attribution {
    let docs: Vec<(ApprovalKey, Vec<u8>)> = specs
        .iter()
        .flat_map(|s| s.documents.iter())
        .map(|d| (d.approval_key(), normalize(&d.content)))
        .collect();
    let o = normalize(output);
    let min_span = params.min_span.max(1) as usize;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < o.len() {
        let mut l = 0;
        for (_, t) in &docs {
            for s in 0..t.len() {
                l = l.max(lcp(&o[i..], &t[s..]));
            }
        }
        while l > 0 && !boundary(&o, i + l) {
            l -= 1;
        }
        if l >= min_span {
            let q = &o[i..i + l];
            let best = docs
                .iter()
                .filter_map(|(k, t)| find(t, q).map(|off| (*k, off)))
                .min()
                .unwrap();
            spans.push(Span {
                start: i as u64,
                len: l as u64,
                contribution_id: best.0.contribution_id,
                source_offset: best.1 as u64,
            });
            i += l;
        } else {
            i += 1;
            while !boundary(&o, i) {
                i += 1;
            }
        }
    }
    let mut scores: BTreeMap<u64, u64> = BTreeMap::new();
    for s in &spans {
        *scores.entry(s.contribution_id).or_default() += s.len;
    }
    Attribution {
        engine_version: ENGINE_VERSION,
        min_span: params.min_span,
        evidence_hash: evidence_hash(ENGINE_VERSION, params.min_span, &spans),
        entries: naive_apportion(scores, params.max_entries),
        spans,
        output_bytes: o.len() as u64,
    }
}

/// Largest remainder, written independently of the library.
pub fn naive_apportion(scores: BTreeMap<u64, u64>, max_entries: u32) -> Vec<Entry> {
    let mut v: Vec<(u64, u64)> = scores.into_iter().filter(|x| x.1 > 0).collect();
    v.sort_by_key(|&(id, s)| (std::cmp::Reverse(s), id));
    v.truncate(max_entries as usize);
    let total: u128 = v.iter().map(|x| x.1 as u128).sum();
    if total == 0 {
        return vec![];
    }
    let mut w: Vec<(u64, u64, u128)> = v
        .iter()
        .map(|&(id, s)| (id, s, 1_000_000u128 * s as u128 / total))
        .collect();
    let mut left = 1_000_000 - w.iter().map(|x| x.2).sum::<u128>();
    let mut by_rem: Vec<(u128, u64)> = v
        .iter()
        .map(|&(id, s)| (1_000_000u128 * s as u128 % total, id))
        .collect();
    by_rem.sort_by_key(|&(r, id)| (std::cmp::Reverse(r), id));
    for (_, id) in by_rem {
        if left == 0 {
            break;
        }
        w.iter_mut().find(|x| x.0 == id).unwrap().2 += 1;
        left -= 1;
    }
    let mut out: Vec<Entry> = w
        .into_iter()
        .filter(|x| x.2 > 0)
        .map(|(id, s, ppm)| Entry {
            contribution_id: id,
            score: s,
            weight_ppm: ppm as u32,
        })
        .collect();
    out.sort_by_key(|e| e.contribution_id);
    out
}
