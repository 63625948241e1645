//! Behaviour of `attribute` on hand-made corpora.

mod common;

use common::{build_corpus, doc, naive_attribute, IndexSpec};
use openledger_engine::{attribute, evidence_hash, Params, Span};

const ORIGINAL: &str = "It was the best of times, it was the worst of times, it was the age of \
wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of \
incredulity.";

#[test]
fn flooding_credits_the_original() {
    // The original is approved first; 50 copies and near-copies follow in the same datanet and
    // 50 in another datanet (another index).
    let mut first = vec![doc(1000, 1, 10, 0, ORIGINAL.as_bytes())];
    let mut second = Vec::new();
    for k in 0..50u64 {
        let copy = match k % 3 {
            0 => ORIGINAL.to_string(),
            1 => format!("copied: {ORIGINAL} (again)"),
            _ => ORIGINAL.replace("wisdom", "w1sdom"),
        };
        first.push(doc(2000 + k, 1, 11 + k, k, copy.as_bytes()));
        second.push(doc(3000 + k, 2, 10 + k, 0, copy.as_bytes()));
    }
    let specs = vec![
        IndexSpec {
            datanet_id: 1,
            version: 1,
            documents: first,
        },
        IndexSpec {
            datanet_id: 2,
            version: 4,
            documents: second,
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 2);
    let params = Params {
        min_span: 16,
        max_entries: 8,
    };
    // The quote is delimited by characters that no copy has around it (a copy that also matched
    // the surrounding characters would have a strictly longer match and win the span).
    let output = format!("As the book says,\n{ORIGINAL}\nAnd that is all I know.");
    let a = attribute(&corpus, output.as_bytes(), &params);
    assert_eq!(a.entries.len(), 1, "{a:?}");
    assert_eq!(a.entries[0].contribution_id, 1000);
    assert_eq!(a.entries[0].weight_ppm, 1_000_000);
    assert_eq!(a.spans.len(), 1);
    assert_eq!(a.spans[0].len as usize, ORIGINAL.len());
    assert_eq!(a.spans[0].source_offset, 0);
    assert_eq!(a, naive_attribute(&specs, output.as_bytes(), &params));
}

#[test]
fn later_longer_match_wins_the_span() {
    let specs = vec![IndexSpec {
        datanet_id: 1,
        version: 1,
        documents: vec![
            doc(1, 1, 1, 0, b"the rain in spain falls"),
            doc(2, 1, 2, 0, b"the rain in spain falls mainly on the plain"),
        ],
    }];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 1);
    let params = Params {
        min_span: 8,
        max_entries: 8,
    };
    let a = attribute(
        &corpus,
        b"the rain in spain falls mainly on the plain",
        &params,
    );
    assert_eq!(
        a.spans,
        vec![Span {
            start: 0,
            len: 43,
            contribution_id: 2,
            source_offset: 0
        }]
    );
    // The shared part alone goes to the earlier contribution.
    let b = attribute(&corpus, b"the rain in spain falls", &params);
    assert_eq!(b.spans[0].contribution_id, 1);
}

#[test]
fn unattributed_output() {
    let specs = vec![IndexSpec {
        datanet_id: 1,
        version: 1,
        documents: vec![doc(1, 1, 1, 0, b"abcdefgh ijklmnop")],
    }];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 1);
    let params = Params {
        min_span: 8,
        max_entries: 8,
    };
    let a = attribute(&corpus, b"abcdefg and-ijklmno", &params);
    assert!(a.is_unattributed());
    assert!(a.spans.is_empty());
    assert_eq!(a.evidence_hash, evidence_hash(1, 8, &[]));
    assert_eq!(a.output_bytes, 19);
    // The empty output and the empty corpus are unattributed too.
    assert!(attribute(&corpus, b"", &params).is_unattributed());
    let empty = build_corpus(
        tmp.path().join("empty").as_path(),
        &[IndexSpec {
            datanet_id: 1,
            version: 1,
            documents: vec![],
        }],
        1,
    );
    assert!(attribute(&empty, b"abcdefgh ijklmnop", &params).is_unattributed());
    assert!(attribute(&openledger_engine::Corpus::new(vec![]), b"abc", &params).is_unattributed());
}

#[test]
fn nfc_equivalent_text_matches() {
    let specs = vec![IndexSpec {
        datanet_id: 1,
        version: 1,
        documents: vec![doc(
            5,
            1,
            1,
            0,
            "re\u{301}sume\u{301} of the cafe\u{301}".as_bytes(),
        )],
    }];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 1);
    let params = Params {
        min_span: 4,
        max_entries: 8,
    };
    let a = attribute(
        &corpus,
        "r\u{e9}sum\u{e9} of the caf\u{e9}".as_bytes(),
        &params,
    );
    assert_eq!(a.spans.len(), 1);
    assert_eq!(a.spans[0].len, a.output_bytes);
    assert_eq!(a.entries[0].weight_ppm, 1_000_000);
}

#[test]
fn span_ends_on_a_character_boundary() {
    // "é" is C3 A9 and "è" is C3 A8: the byte match "l'ét\xC3" is cut back to "l'ét".
    let specs = vec![IndexSpec {
        datanet_id: 1,
        version: 1,
        documents: vec![doc(1, 1, 1, 0, "l'\u{e9}t\u{e9}".as_bytes())],
    }];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 1);
    let out = "l'\u{e9}t\u{e8}".as_bytes();
    let five = Params {
        min_span: 5,
        max_entries: 8,
    };
    let a = attribute(&corpus, out, &five);
    assert_eq!(a.spans.len(), 1);
    assert_eq!(a.spans[0].len, 5);
    let six = Params {
        min_span: 6,
        max_entries: 8,
    };
    assert!(attribute(&corpus, out, &six).is_unattributed());
}

#[test]
fn deterministic_and_independent_of_index_order() {
    let specs = vec![
        IndexSpec {
            datanet_id: 1,
            version: 1,
            documents: vec![
                doc(1, 1, 5, 0, b"shared sentence number one"),
                doc(2, 1, 7, 0, b"only here: sentence number two"),
            ],
        },
        IndexSpec {
            datanet_id: 2,
            version: 1,
            documents: vec![doc(3, 2, 5, 0, b"shared sentence number one")],
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(&tmp.path().join("a"), &specs, 1);
    let reversed: Vec<IndexSpec> = specs.iter().rev().cloned().collect();
    let corpus_rev = build_corpus(&tmp.path().join("b"), &reversed, 1);
    let params = Params {
        min_span: 6,
        max_entries: 8,
    };
    let out = b"x shared sentence number one; only here: sentence number two.";
    let a = attribute(&corpus, out, &params);
    assert_eq!(a, attribute(&corpus, out, &params));
    assert_eq!(a, attribute(&corpus_rev, out, &params));
    // Same height: datanet 1 sorts before datanet 2.
    assert_eq!(a.spans[0].contribution_id, 1);
    assert_eq!(a, naive_attribute(&specs, out, &params));
}

#[test]
fn min_span_zero_behaves_as_one() {
    let specs = vec![IndexSpec {
        datanet_id: 1,
        version: 1,
        documents: vec![doc(1, 1, 1, 0, b"ab")],
    }];
    let tmp = tempfile::tempdir().unwrap();
    let corpus = build_corpus(tmp.path(), &specs, 1);
    let zero = Params {
        min_span: 0,
        max_entries: 1,
    };
    let a = attribute(&corpus, b"xaby", &zero);
    assert_eq!(a.spans.len(), 1);
    assert_eq!(a.min_span, 0);
    assert_eq!(a, naive_attribute(&specs, b"xaby", &zero));
}
