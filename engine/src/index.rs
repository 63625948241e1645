//! One index: the normalised documents of one datanet version, their suffix array, the document
//! table and the range-minimum structure, memory-mapped from a directory.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::EngineError;
use crate::format::{
    normalization_field, DocRecord, Meta, DOCS_FILE, DOC_RECORD_LEN, META_FILE, META_LEN, RMQ_FILE,
    SA_FILE, SEPARATOR, TEXT_FILE,
};
use crate::mmap::{self, Mapped};
use crate::normalize::{normalize, NORMALIZATION_NFC};
use crate::rmq::{self, Rmq, Shape, RMQ_BLOCK};
use crate::sa::{self, MAX_TEXT_BYTES};
use crate::ENGINE_VERSION;

/// A contribution as given to [`Index::build`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// On-chain id of the contribution.
    pub contribution_id: u64,
    /// The datanet it was approved into (must be the index's datanet).
    pub datanet_id: u64,
    /// Block height of the approval.
    pub approval_height: u64,
    /// 1-based order of the approval within its datanet (the chain's `approval_seq`).
    pub approval_seq: u64,
    /// The raw contribution bytes (normalised by the build).
    pub content: Vec<u8>,
}

impl Document {
    /// The approval order key of this document.
    pub fn approval_key(&self) -> ApprovalKey {
        ApprovalKey {
            approval_height: self.approval_height,
            datanet_id: self.datanet_id,
            approval_seq: self.approval_seq,
            contribution_id: self.contribution_id,
        }
    }
}

/// The approval order key: documents compare by height, then datanet, then order of approval in
/// the datanet, then contribution id. The smaller key is the earlier approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApprovalKey {
    /// Block height of the approval.
    pub approval_height: u64,
    /// Datanet of the contribution.
    pub datanet_id: u64,
    /// 1-based order of the approval within its datanet (the chain's `approval_seq`).
    pub approval_seq: u64,
    /// Contribution id (a last tie-break).
    pub contribution_id: u64,
}

/// A document as stored in an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentInfo {
    /// The approval order key (includes the contribution id).
    pub key: ApprovalKey,
    /// Offset of the normalised content in the index text.
    pub start: u64,
    /// Length of the normalised content.
    pub len: u64,
    /// Length of the raw content.
    pub raw_len: u64,
    /// sha256 of the raw content.
    pub raw_sha256: [u8; 32],
}

impl DocumentInfo {
    /// The contribution id.
    pub fn contribution_id(&self) -> u64 {
        self.key.contribution_id
    }
}

/// An opened index. It is immutable; the files must not be changed while it is open.
pub struct Index {
    dir: PathBuf,
    meta: Meta,
    text: Mapped,
    sa: Mapped,
    rmq: Mapped,
    rmq_shape: Shape,
    docs: Vec<DocumentInfo>,
    corpus_bytes: u64,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("dir", &self.dir)
            .field("datanet_id", &self.meta.datanet_id)
            .field("version", &self.meta.version)
            .field("documents", &self.docs.len())
            .field("text_len", &self.meta.text_len)
            .finish()
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

struct Prepared {
    normalized: Vec<u8>,
    raw_len: u64,
    raw_sha256: [u8; 32],
}

impl Index {
    /// Builds the index of `docs` for (`datanet_id`, `version`) into the new directory `dir`
    /// (which must not exist), then opens it. The files are written into a temporary sibling
    /// directory that is renamed to `dir` at the end. `threads` (0 counts as 1) only changes the
    /// speed: the files are byte-identical for any thread count and any order of `docs`.
    pub fn build(
        dir: &Path,
        datanet_id: u64,
        version: u64,
        mut docs: Vec<Document>,
        threads: usize,
    ) -> Result<Index, EngineError> {
        let threads = threads.max(1);
        if dir.exists() {
            return Err(EngineError::AlreadyExists(dir.to_path_buf()));
        }
        let mut ids = BTreeSet::new();
        for d in &docs {
            if d.datanet_id != datanet_id {
                return Err(EngineError::DatanetMismatch {
                    contribution_id: d.contribution_id,
                    expected: datanet_id,
                    found: d.datanet_id,
                });
            }
            if !ids.insert(d.contribution_id) {
                return Err(EngineError::DuplicateContribution(d.contribution_id));
            }
        }
        drop(ids);
        docs.sort_by_key(Document::approval_key);

        let prepared = prepare(&docs, threads)?;
        let mut text_len: u64 = 0;
        for p in &prepared {
            text_len = text_len.saturating_add(p.normalized.len() as u64 + 1);
        }
        if text_len > MAX_TEXT_BYTES {
            return Err(EngineError::TooLarge {
                bytes: text_len,
                max: MAX_TEXT_BYTES,
            });
        }
        let mut text = Vec::with_capacity(text_len as usize);
        let mut records = Vec::with_capacity(docs.len());
        for (d, p) in docs.iter().zip(prepared) {
            records.push(DocRecord {
                start: text.len() as u64,
                len: p.normalized.len() as u64,
                contribution_id: d.contribution_id,
                approval_height: d.approval_height,
                datanet_id: d.datanet_id,
                approval_seq: d.approval_seq,
                raw_len: p.raw_len,
                raw_sha256: p.raw_sha256,
            });
            text.extend_from_slice(&p.normalized);
            text.push(SEPARATOR);
        }
        drop(docs);

        let sa = sa::suffix_array(&text)?;
        let table = rmq::build(&sa, threads);
        let shape = Shape::for_len(sa.len());

        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "index".to_string());
        let tmp = parent.join(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| EngineError::io("remove", &tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| EngineError::io("create", &tmp, e))?;
        let written = write_files(
            &tmp, datanet_id, version, &text, &sa, &records, &table, shape,
        );
        drop(sa);
        drop(table);
        drop(text);
        if let Err(e) = written {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        if let Err(e) = fs::rename(&tmp, dir) {
            let _ = fs::remove_dir_all(&tmp);
            if dir.exists() {
                return Err(EngineError::AlreadyExists(dir.to_path_buf()));
            }
            return Err(EngineError::io("rename into", dir, e));
        }
        if let Ok(p) = File::open(&parent) {
            let _ = p.sync_all();
        }
        Index::open(dir)
    }

    /// Opens an index directory written by [`Index::build`]: checks the header, the file sizes
    /// and the document table, and memory-maps the files. Nothing is rebuilt; [`Index::verify`]
    /// checks the file contents in full.
    pub fn open(dir: &Path) -> Result<Index, EngineError> {
        let meta_path = dir.join(META_FILE);
        let mut meta_bytes = Vec::with_capacity(META_LEN);
        File::open(&meta_path)
            .and_then(|f| f.take(META_LEN as u64 + 1).read_to_end(&mut meta_bytes))
            .map_err(|e| EngineError::io("read", &meta_path, e))?;
        let meta = Meta::decode(&meta_bytes).map_err(|r| EngineError::corrupt(&meta_path, r))?;
        let corrupt = |reason: String| EngineError::corrupt(dir, reason);
        if meta.normalization != normalization_field(NORMALIZATION_NFC) {
            return Err(corrupt("unknown normalisation".into()));
        }
        if meta.text_len > MAX_TEXT_BYTES {
            return Err(corrupt(format!("text length {} too large", meta.text_len)));
        }
        let n = meta.text_len as usize;
        let shape = Shape::for_len(n);
        if meta.rmq_block as usize != RMQ_BLOCK
            || meta.rmq_levels as usize != shape.levels
            || meta.rmq_entries != shape.entries as u64
        {
            return Err(corrupt(
                "range-minimum shape does not match the text".into(),
            ));
        }
        let docs_len = meta
            .documents
            .checked_mul(DOC_RECORD_LEN as u64)
            .ok_or_else(|| corrupt("document count too large".into()))?;
        let text = map_file(dir, TEXT_FILE, meta.text_len)?;
        let sa = map_file(dir, SA_FILE, 4 * meta.text_len)?;
        let docs_map = map_file(dir, DOCS_FILE, docs_len)?;
        let rmq = map_file(dir, RMQ_FILE, 4 * shape.entries as u64)?;

        let mut docs = Vec::with_capacity(meta.documents as usize);
        let mut expected_start = 0u64;
        let mut corpus_bytes = 0u64;
        let mut prev: Option<ApprovalKey> = None;
        for chunk in docs_map.chunks_exact(DOC_RECORD_LEN) {
            let r = DocRecord::decode(chunk);
            let key = ApprovalKey {
                approval_height: r.approval_height,
                datanet_id: r.datanet_id,
                approval_seq: r.approval_seq,
                contribution_id: r.contribution_id,
            };
            if r.datanet_id != meta.datanet_id {
                return Err(corrupt(format!(
                    "contribution {} of another datanet",
                    r.contribution_id
                )));
            }
            if prev.is_some_and(|p| p >= key) {
                return Err(corrupt("documents not in approval order".into()));
            }
            prev = Some(key);
            let end = r.start.checked_add(r.len).filter(|&e| e < meta.text_len);
            let Some(end) = end.filter(|_| r.start == expected_start) else {
                return Err(corrupt(format!(
                    "document table entry of contribution {} out of place",
                    r.contribution_id
                )));
            };
            if text.get(end as usize) != Some(&SEPARATOR) {
                return Err(corrupt(format!(
                    "no separator after contribution {}",
                    r.contribution_id
                )));
            }
            expected_start = end + 1;
            corpus_bytes += r.len;
            docs.push(DocumentInfo {
                key,
                start: r.start,
                len: r.len,
                raw_len: r.raw_len,
                raw_sha256: r.raw_sha256,
            });
        }
        if expected_start != meta.text_len {
            return Err(corrupt("document table does not cover the text".into()));
        }
        Ok(Index {
            dir: dir.to_path_buf(),
            meta,
            text,
            sa,
            rmq,
            rmq_shape: shape,
            docs,
            corpus_bytes,
        })
    }

    /// Re-reads every file and checks it against the sha256 checksums in the header (reads the
    /// whole index: seconds per GB).
    pub fn verify(&self) -> Result<(), EngineError> {
        let corrupt =
            |what: &str| EngineError::corrupt(&self.dir, format!("{what} checksum mismatch"));
        let h = |b: &[u8]| -> [u8; 32] { Sha256::digest(b).into() };
        if h(&self.text) != self.meta.text_sha256 {
            return Err(corrupt(TEXT_FILE));
        }
        if h(&self.sa) != self.meta.sa_sha256 {
            return Err(corrupt(SA_FILE));
        }
        if h(&self.rmq) != self.meta.rmq_sha256 {
            return Err(corrupt(RMQ_FILE));
        }
        let docs_path = self.dir.join(DOCS_FILE);
        let docs_bytes =
            fs::read(&docs_path).map_err(|e| EngineError::io("read", &docs_path, e))?;
        if h(&docs_bytes) != self.meta.docs_sha256 {
            return Err(corrupt(DOCS_FILE));
        }
        Ok(())
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// The datanet of the index.
    pub fn datanet_id(&self) -> u64 {
        self.meta.datanet_id
    }
    /// The datanet version of the index.
    pub fn version(&self) -> u64 {
        self.meta.version
    }
    /// Number of documents.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }
    /// Total normalised bytes of the documents (without separators).
    pub fn corpus_bytes(&self) -> u64 {
        self.corpus_bytes
    }
    /// Length of the index text: normalised bytes plus one separator per document.
    pub fn text_bytes(&self) -> u64 {
        self.meta.text_len
    }
    /// Total size of the index files in bytes.
    pub fn file_bytes(&self) -> u64 {
        (META_LEN + self.text.len() + self.sa.len() + self.rmq.len()) as u64
            + self.meta.documents * DOC_RECORD_LEN as u64
    }
    /// The documents in approval order.
    pub fn document_infos(&self) -> &[DocumentInfo] {
        &self.docs
    }
    /// The contribution ids in approval order.
    pub fn contribution_ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.docs.iter().map(|d| d.key.contribution_id)
    }
    /// The normalised content of the `i`-th document in approval order.
    pub fn document_text(&self, i: usize) -> Option<&[u8]> {
        let d = self.docs.get(i)?;
        self.text.get(d.start as usize..(d.start + d.len) as usize)
    }

    // ---- search ----

    fn sa_len(&self) -> usize {
        self.sa.len() / 4
    }

    fn sa_at(&self, k: usize) -> usize {
        match self.sa.get(4 * k..4 * k + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize,
            None => usize::MAX,
        }
    }

    fn suffix(&self, k: usize) -> &[u8] {
        self.text.get(self.sa_at(k)..).unwrap_or(&[])
    }

    /// Binary search over the suffix array for `p`. With `upper == false` it returns the first
    /// rank whose suffix is >= `p`; with `upper == true` the first rank whose suffix is greater
    /// than every string that starts with `p`. Also returns the common-prefix lengths of `p`
    /// with the suffixes just below and at that rank (0 where there is none).
    fn search(&self, p: &[u8], upper: bool) -> (usize, usize, usize) {
        let (mut lo, mut hi) = (0usize, self.sa_len());
        let (mut llo, mut lhi) = (0usize, 0usize);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let s = self.suffix(mid);
            let skip = llo.min(lhi);
            let l =
                skip + common_prefix(p.get(skip..).unwrap_or(&[]), s.get(skip..).unwrap_or(&[]));
            let go_right = if l >= p.len() {
                upper
            } else {
                match (s.get(l), p.get(l)) {
                    (Some(c), Some(d)) => c < d,
                    _ => true,
                }
            };
            if go_right {
                lo = mid + 1;
                llo = l;
            } else {
                hi = mid;
                lhi = l;
            }
        }
        (lo, llo, lhi)
    }

    /// Length of the longest prefix of `p` that occurs in the index text.
    pub(crate) fn longest_match(&self, p: &[u8]) -> usize {
        let (_, llo, lhi) = self.search(p, false);
        llo.max(lhi).min(p.len())
    }

    /// The smallest text position at which `q` occurs, if it occurs.
    pub(crate) fn first_occurrence(&self, q: &[u8]) -> Option<usize> {
        let (a, _, _) = self.search(q, false);
        let (b, _, _) = self.search(q, true);
        if a >= b {
            return None;
        }
        let rmq = Rmq {
            sa: &self.sa,
            table: &self.rmq,
            shape: self.rmq_shape,
        };
        let pos = rmq.min(a, b) as usize;
        (pos < self.text.len()).then_some(pos)
    }

    /// The document containing text position `pos` and the offset in it.
    pub(crate) fn locate(&self, pos: usize) -> Option<(&DocumentInfo, u64)> {
        let pos = pos as u64;
        let i = self
            .docs
            .partition_point(|d| d.start <= pos)
            .checked_sub(1)?;
        let d = self.docs.get(i)?;
        (pos < d.start + d.len).then_some((d, pos - d.start))
    }
}

/// Length of the common prefix of `a` and `b`.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        let d = x ^ y;
        if d != 0 {
            return i + (d.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn prepare(docs: &[Document], threads: usize) -> Result<Vec<Prepared>, EngineError> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Prepared)>> = Mutex::new(Vec::with_capacity(docs.len()));
    let work = || {
        let mut local = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(d) = docs.get(i) else { break };
            local.push((
                i,
                Prepared {
                    normalized: normalize(&d.content),
                    raw_len: d.content.len() as u64,
                    raw_sha256: Sha256::digest(&d.content).into(),
                },
            ));
        }
        if let Ok(mut r) = results.lock() {
            r.extend(local);
        }
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.min(docs.len().max(1)))
            .map(|_| s.spawn(work))
            .collect();
        work();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| EngineError::Thread))
    })?;
    let mut results = results.into_inner().map_err(|_| EngineError::Thread)?;
    if results.len() != docs.len() {
        return Err(EngineError::Thread);
    }
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, p)| p).collect())
}

fn map_file(dir: &Path, name: &str, expected_len: u64) -> Result<Mapped, EngineError> {
    let path = dir.join(name);
    let file = File::open(&path).map_err(|e| EngineError::io("open", &path, e))?;
    let len = file
        .metadata()
        .map_err(|e| EngineError::io("stat", &path, e))?
        .len();
    if len != expected_len {
        return Err(EngineError::corrupt(
            &path,
            format!("{len} bytes, expected {expected_len}"),
        ));
    }
    mmap::map(&file, len).map_err(|e| EngineError::io("map", &path, e))
}

/// Writes the chunks to `dir/name` and syncs it; returns the sha256 of the file.
fn write_file<C: AsRef<[u8]>>(
    dir: &Path,
    name: &str,
    chunks: impl IntoIterator<Item = C>,
) -> Result<[u8; 32], EngineError> {
    let path = dir.join(name);
    let io = |e| EngineError::io("write", &path, e);
    let file = File::create(&path).map_err(io)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    for c in chunks {
        hasher.update(c.as_ref());
        w.write_all(c.as_ref()).map_err(io)?;
    }
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(hasher.finalize().into())
}

/// The little-endian bytes of `values`, in chunks.
fn u32_chunks(values: &[u32]) -> impl Iterator<Item = Vec<u8>> + '_ {
    values
        .chunks(1 << 16)
        .map(|c| c.iter().flat_map(|v| v.to_le_bytes()).collect())
}

#[allow(clippy::too_many_arguments)]
fn write_files(
    tmp: &Path,
    datanet_id: u64,
    version: u64,
    text: &[u8],
    sa: &[u32],
    records: &[DocRecord],
    table: &[u32],
    shape: Shape,
) -> Result<(), EngineError> {
    let text_sha256 = write_file(tmp, TEXT_FILE, text.chunks(1 << 20))?;
    let sa_sha256 = write_file(tmp, SA_FILE, u32_chunks(sa))?;
    let rmq_sha256 = write_file(tmp, RMQ_FILE, u32_chunks(table))?;
    let docs_sha256 = write_file(tmp, DOCS_FILE, records.iter().map(DocRecord::encode))?;
    let meta = Meta {
        engine_version: ENGINE_VERSION,
        normalization: normalization_field(NORMALIZATION_NFC),
        datanet_id,
        version,
        documents: records.len() as u64,
        text_len: text.len() as u64,
        rmq_block: RMQ_BLOCK as u32,
        rmq_levels: shape.levels as u32,
        rmq_entries: shape.entries as u64,
        text_sha256,
        sa_sha256,
        docs_sha256,
        rmq_sha256,
    };
    write_file(tmp, META_FILE, [meta.encode()])?;
    if let Ok(d) = File::open(tmp) {
        let _ = d.sync_all();
    }
    Ok(())
}
