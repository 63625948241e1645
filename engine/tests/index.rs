//! Building, opening and refusing indexes.

mod common;

use std::fs;
use std::path::Path;

use common::doc;
use openledger_engine::{attribute, Corpus, Document, EngineError, Index, Params};

fn sample_docs() -> Vec<Document> {
    let mut docs = Vec::new();
    let mut x = 99u64;
    for id in 0..300u64 {
        let mut text = String::new();
        let words = 5 + (id % 40);
        for _ in 0..words {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let w = [
                "alpha",
                "beta",
                "gamma",
                "délta",
                "e\u{301}psilon",
                "zeta",
                "eta",
            ][(x >> 40) as usize % 7];
            text.push_str(w);
            text.push(' ');
        }
        // Heights repeat: the datanet and sequence break the ties.
        docs.push(doc(id * 7 % 307, 4, id / 10, id % 10, text.as_bytes()));
    }
    docs
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = sample_docs();
    let mut reversed = docs.clone();
    reversed.reverse();
    let a = Index::build(&tmp.path().join("a"), 4, 2, docs.clone(), 1).unwrap();
    let b = Index::build(&tmp.path().join("b"), 4, 2, docs, 2).unwrap();
    let c = Index::build(&tmp.path().join("c"), 4, 2, reversed, 7).unwrap();
    let fa = files(a.dir());
    assert_eq!(
        fa.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["docs.bin", "meta.bin", "rmq.bin", "sa.bin", "text.bin"]
    );
    assert_eq!(fa, files(b.dir()));
    assert_eq!(fa, files(c.dir()));
    a.verify().unwrap();
    // No temporary directory is left behind.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 3);
}

#[test]
fn open_after_build_gives_the_same_results() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    let built = Index::build(&dir, 4, 9, sample_docs(), 2).unwrap();
    assert_eq!(built.datanet_id(), 4);
    assert_eq!(built.version(), 9);
    assert_eq!(built.documents(), 300);
    let ids: Vec<u64> = built.contribution_ids().collect();
    let params = Params {
        min_span: 12,
        max_entries: 5,
    };
    let output = "gamma délta épsilon zeta eta alpha beta — and something else: zeta eta gamma";
    let a = attribute(&Corpus::new(vec![built]), output.as_bytes(), &params);
    assert!(!a.is_unattributed());
    let opened = Index::open(&dir).unwrap();
    assert_eq!(opened.contribution_ids().collect::<Vec<_>>(), ids);
    assert_eq!(opened.documents(), 300);
    let b = attribute(&Corpus::new(vec![opened]), output.as_bytes(), &params);
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(
        serde_json::from_str::<openledger_engine::Attribution>(&json).unwrap(),
        a
    );
}

#[test]
fn build_refuses_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    let dup = vec![doc(1, 1, 1, 0, b"a"), doc(1, 1, 2, 0, b"b")];
    assert!(matches!(
        Index::build(&dir, 1, 1, dup, 1),
        Err(EngineError::DuplicateContribution(1))
    ));
    let other = vec![doc(1, 2, 1, 0, b"a")];
    assert!(matches!(
        Index::build(&dir, 1, 1, other, 1),
        Err(EngineError::DatanetMismatch { .. })
    ));
    Index::build(&dir, 1, 1, vec![doc(1, 1, 1, 0, b"a")], 1).unwrap();
    assert!(matches!(
        Index::build(&dir, 1, 1, vec![doc(1, 1, 1, 0, b"a")], 1),
        Err(EngineError::AlreadyExists(_))
    ));
}

fn build_sample(root: &Path, name: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    Index::build(&dir, 4, 1, sample_docs(), 1).unwrap();
    dir
}

#[test]
fn truncated_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for (k, name) in ["meta.bin", "text.bin", "sa.bin", "docs.bin", "rmq.bin"]
        .iter()
        .enumerate()
    {
        let dir = build_sample(tmp.path(), &format!("t{k}"));
        let path = dir.join(name);
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        let err = Index::open(&dir).unwrap_err();
        assert!(matches!(err, EngineError::Corrupt { .. }), "{name}: {err}");
        fs::remove_file(&path).unwrap();
        let err = Index::open(&dir).unwrap_err();
        assert!(matches!(err, EngineError::Io { .. }), "{name}: {err}");
    }
}

#[test]
fn corrupt_headers_and_tables_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // Any flipped header byte fails the header checksum.
    let dir = build_sample(tmp.path(), "meta");
    let meta = fs::read(dir.join("meta.bin")).unwrap();
    for i in 0..meta.len() {
        let mut m = meta.clone();
        m[i] ^= 0x20;
        fs::write(dir.join("meta.bin"), &m).unwrap();
        assert!(Index::open(&dir).is_err(), "byte {i}");
    }
    // A document table out of order or misplaced.
    let dir = build_sample(tmp.path(), "docs");
    let docs = fs::read(dir.join("docs.bin")).unwrap();
    for i in (0..docs.len()).step_by(37) {
        let mut d = docs.clone();
        d[i] ^= 0x01;
        fs::write(dir.join("docs.bin"), &d).unwrap();
        // The sha256 fields are not checked at open; everything else is.
        if let Ok(index) = Index::open(&dir) {
            assert!(index.verify().is_err(), "byte {i}");
        }
    }
    // A separator overwritten in the text.
    let dir = build_sample(tmp.path(), "text");
    let mut text = fs::read(dir.join("text.bin")).unwrap();
    let last = text.len() - 1;
    text[last] = b'x';
    fs::write(dir.join("text.bin"), &text).unwrap();
    assert!(Index::open(&dir).is_err());
}

#[test]
fn garbage_suffix_array_gives_no_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build_sample(tmp.path(), "sa");
    let len = fs::metadata(dir.join("sa.bin")).unwrap().len() as usize;
    let mut x = 5u64;
    let garbage: Vec<u8> = (0..len)
        .map(|i| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(i as u64);
            (x >> 56) as u8
        })
        .collect();
    fs::write(dir.join("sa.bin"), garbage).unwrap();
    let fs_rmq = fs::read(dir.join("rmq.bin")).unwrap();
    fs::write(dir.join("rmq.bin"), vec![0xEE; fs_rmq.len()]).unwrap();
    let index = Index::open(&dir).unwrap();
    assert!(index.verify().is_err());
    let corpus = Corpus::new(vec![index]);
    let params = Params {
        min_span: 1,
        max_entries: 3,
    };
    // Wrong answers are possible, a panic is not.
    let _ = attribute(&corpus, "alpha beta gamma délta zeta".as_bytes(), &params);
}

#[test]
fn index_and_corpus_are_shareable_between_threads() {
    fn check<T: Send + Sync>() {}
    check::<Index>();
    check::<Corpus>();
}
