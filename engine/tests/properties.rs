//! `attribute` against the naive reference on small random corpora.

mod common;

use common::{doc, naive_attribute, IndexSpec};
use openledger_engine::{attribute, Params};
use proptest::prelude::*;

/// Pieces chosen to produce many partial matches, multi-byte characters and NFC-equivalent
/// spellings.
const PIECES: &[&str] = &[
    "a",
    "b",
    "ab",
    " ",
    "e",
    "\u{301}",
    "\u{e9}",
    "\u{e8}",
    "ba",
    "\u{1f600}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(0..PIECES.len(), 0..40)
        .prop_map(|v| v.iter().map(|&i| PIECES[i]).collect())
}

fn raw_doc() -> impl Strategy<Value = (u64, u64, String)> {
    (0u64..4, 0u64..3, text())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn matches_the_reference(
        index_docs in prop::collection::vec(prop::collection::vec(raw_doc(), 0..5), 1..3),
        output in text(),
        min_span in 0u32..11,
        max_entries in 0u32..5,
    ) {
        let mut next_id = 100u64;
        let specs: Vec<IndexSpec> = index_docs
            .iter()
            .enumerate()
            .map(|(k, docs)| {
                let datanet = 10 + k as u64;
                IndexSpec {
                    datanet_id: datanet,
                    version: 1,
                    documents: docs
                        .iter()
                        .map(|(h, s, t)| {
                            // Ids are not in approval order.
                            next_id -= 3;
                            doc(next_id, datanet, *h, *s, t.as_bytes())
                        })
                        .collect(),
                }
            })
            .collect();
        let tmp = tempfile::tempdir().unwrap();
        let corpus = common::build_corpus(tmp.path(), &specs, 1 + specs.len() % 2);
        let params = Params { min_span, max_entries };
        let got = attribute(&corpus, output.as_bytes(), &params);
        let want = naive_attribute(&specs, output.as_bytes(), &params);
        prop_assert_eq!(got, want);
    }
}
