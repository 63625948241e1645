//! The test vectors of docs/attribution-engine.md (files in tests/vectors/).
//!
//! Each file holds the indexes (documents with their approval keys), the parameters, the output
//! and the expected attribution. `ENGINE_BLESS_VECTORS=1` rewrites the expected part from the
//! current engine (review the diff by hand before committing it).

mod common;

use std::path::{Path, PathBuf};

use common::{build_corpus, naive_attribute, IndexSpec};
use openledger_engine::{attribute, normalize, Attribution, Document, Params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Vector {
    name: String,
    description: String,
    params: Params,
    indexes: Vec<VectorIndex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_hex: Option<String>,
    /// The normalised text of each span, for readers (checked too).
    #[serde(default)]
    span_texts: Vec<String>,
    expected: Option<Attribution>,
}

#[derive(Debug, Serialize, Deserialize)]
struct VectorIndex {
    datanet_id: u64,
    version: u64,
    documents: Vec<VectorDocument>,
}

#[derive(Debug, Serialize, Deserialize)]
struct VectorDocument {
    contribution_id: u64,
    datanet_id: u64,
    approval_height: u64,
    approval_seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_hex: Option<String>,
}

fn bytes(text: &Option<String>, hex_text: &Option<String>) -> Vec<u8> {
    match (text, hex_text) {
        (Some(t), None) => t.as_bytes().to_vec(),
        (None, Some(h)) => hex::decode(h).unwrap(),
        _ => panic!("exactly one of the text and hex forms must be given"),
    }
}

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn vectors() {
    let bless = std::env::var_os("ENGINE_BLESS_VECTORS").is_some();
    let files = vector_files();
    assert!(files.len() >= 6);
    for path in files {
        let mut v: Vector = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let specs: Vec<IndexSpec> = v
            .indexes
            .iter()
            .map(|i| IndexSpec {
                datanet_id: i.datanet_id,
                version: i.version,
                documents: i
                    .documents
                    .iter()
                    .map(|d| Document {
                        contribution_id: d.contribution_id,
                        datanet_id: d.datanet_id,
                        approval_height: d.approval_height,
                        approval_seq: d.approval_seq,
                        content: bytes(&d.content, &d.content_hex),
                    })
                    .collect(),
            })
            .collect();
        let output = bytes(&v.output, &v.output_hex);
        let tmp = tempfile::tempdir().unwrap();
        let corpus = build_corpus(tmp.path(), &specs, 2);
        let got = attribute(&corpus, &output, &v.params);
        assert_eq!(
            got,
            naive_attribute(&specs, &output, &v.params),
            "{}",
            v.name
        );
        let o = normalize(&output);
        let texts: Vec<String> = got
            .spans
            .iter()
            .map(|s| {
                String::from_utf8(o[s.start as usize..(s.start + s.len) as usize].to_vec()).unwrap()
            })
            .collect();
        if bless {
            v.expected = Some(got);
            v.span_texts = texts;
            let mut json = serde_json::to_string_pretty(&v).unwrap();
            json.push('\n');
            std::fs::write(&path, json).unwrap();
            continue;
        }
        assert_eq!(v.expected.as_ref(), Some(&got), "{}", v.name);
        assert_eq!(v.span_texts, texts, "{}", v.name);
    }
}
