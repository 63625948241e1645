//! Snapshot format 1.
//!
//! The stream is every verifiable key/value of the height in ascending key order, then every
//! non-verifiable key/value in ascending key order, each as one record:
//!
//! | field | bytes |
//! |---|---|
//! | kind: 0 verifiable, 1 non-verifiable | 1 |
//! | key length (u32, big-endian) | 4 |
//! | key | key length |
//! | value length (u32, big-endian) | 4 |
//! | value | value length |
//!
//! The stream is cut into chunks of exactly `chunk_bytes` bytes (the last one shorter; an empty
//! stream is one empty chunk), so records may span chunks. Same state, same chunks. The
//! metadata (borsh [`SnapshotMeta`]) carries each chunk's SHA-256; the snapshot hash CometBFT
//! compares between peers is the SHA-256 of the chunk hashes concatenated.

use borsh::{BorshDeserialize, BorshSerialize};
use sha2::{Digest, Sha256};

use super::SnapshotError;
use crate::store::{TreeVersions, SUBSTORES};

/// The only snapshot format this build writes and restores.
pub const FORMAT: u32 = 1;
/// Chunk size written by this build.
pub const CHUNK_BYTES: u32 = 4 << 20;
/// The largest chunk size a restore accepts.
pub const MAX_CHUNK_BYTES: u32 = 16 << 20;
/// The most chunks a restore accepts.
pub const MAX_CHUNKS: u32 = 1024;
/// The largest stream a restore accepts (it is held in memory until imported).
pub const MAX_TOTAL_BYTES: u64 = 2 << 30;
/// The largest metadata a restore decodes (1024 chunk hashes and the fixed fields fit).
pub const MAX_METADATA_BYTES: usize = 64 << 10;
/// Bounds on one record.
pub const MAX_KEY_BYTES: u32 = 64 << 10;
pub const MAX_VALUE_BYTES: u32 = 16 << 20;
/// The most non-verifiable entries exported (the app keeps a handful of settings there).
pub const MAX_NONVERIFIABLE: usize = 10_000;

pub const KIND_VERIFIABLE: u8 = 0;
pub const KIND_NONVERIFIABLE: u8 = 1;

/// What ListSnapshots advertises as `metadata`, and what is stored beside the chunks.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct SnapshotMeta {
    pub format: u32,
    pub height: u64,
    /// The app hash of the height: the root the restored store must have.
    pub app_hash: [u8; 32],
    /// The tree versions of the height, so the restored store has the same metadata.
    pub versions: TreeVersions,
    pub chunk_bytes: u32,
    pub total_bytes: u64,
    pub verifiable_entries: u64,
    pub nonverifiable_entries: u64,
    pub chunk_hashes: Vec<[u8; 32]>,
}

fn invalid<T>(why: impl Into<String>) -> Result<T, SnapshotError> {
    Err(SnapshotError::Invalid(why.into()))
}

impl SnapshotMeta {
    pub fn encode(&self) -> Result<Vec<u8>, SnapshotError> {
        borsh::to_vec(self).map_err(|e| SnapshotError::Invalid(format!("encode metadata: {e}")))
    }

    /// Decode and check metadata from a peer (or disk): bounded size, a known format and
    /// substore count, and a chunk count consistent with the sizes and the bounds.
    pub fn decode(bytes: &[u8]) -> Result<Self, SnapshotError> {
        if bytes.len() > MAX_METADATA_BYTES {
            return invalid(format!("metadata of {} bytes", bytes.len()));
        }
        let meta = SnapshotMeta::try_from_slice(bytes)
            .map_err(|e| SnapshotError::Invalid(format!("metadata: {e}")))?;
        meta.check()?;
        Ok(meta)
    }

    fn check(&self) -> Result<(), SnapshotError> {
        if self.format != FORMAT {
            return invalid(format!("format {}", self.format));
        }
        if self.chunk_bytes == 0 || self.chunk_bytes > MAX_CHUNK_BYTES {
            return invalid(format!("chunk size {}", self.chunk_bytes));
        }
        if self.total_bytes > MAX_TOTAL_BYTES {
            return invalid(format!("{} bytes of state", self.total_bytes));
        }
        if self.versions.substores.len() != SUBSTORES.len() {
            return invalid("substore count differs from this build's");
        }
        let expected = expected_chunks(self.total_bytes, self.chunk_bytes);
        if expected > u64::from(MAX_CHUNKS) || self.chunk_hashes.len() as u64 != expected {
            return invalid(format!(
                "{} chunk hashes for {} bytes in chunks of {}",
                self.chunk_hashes.len(),
                self.total_bytes,
                self.chunk_bytes
            ));
        }
        Ok(())
    }

    /// The hash CometBFT sees: SHA-256 over the chunk hashes.
    pub fn hash(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        for h in &self.chunk_hashes {
            hasher.update(h);
        }
        hasher.finalize().into()
    }

    pub fn chunks(&self) -> u32 {
        u32::try_from(self.chunk_hashes.len()).unwrap_or(u32::MAX)
    }

    /// The exact length chunk `index` must have.
    pub fn chunk_len(&self, index: u32) -> u64 {
        let start = u64::from(index).saturating_mul(u64::from(self.chunk_bytes));
        self.total_bytes
            .saturating_sub(start)
            .min(u64::from(self.chunk_bytes))
    }
}

/// Chunks of a stream of `total` bytes: at least one.
pub fn expected_chunks(total: u64, chunk_bytes: u32) -> u64 {
    total.div_ceil(u64::from(chunk_bytes.max(1))).max(1)
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Append one record to `out`.
pub fn encode_record(
    out: &mut Vec<u8>,
    kind: u8,
    key: &[u8],
    value: &[u8],
) -> Result<(), SnapshotError> {
    let key_len = u32::try_from(key.len())
        .ok()
        .filter(|l| *l <= MAX_KEY_BYTES);
    let value_len = u32::try_from(value.len())
        .ok()
        .filter(|l| *l <= MAX_VALUE_BYTES);
    let (Some(key_len), Some(value_len)) = (key_len, value_len) else {
        return invalid(format!(
            "entry with a {}-byte key and a {}-byte value",
            key.len(),
            value.len()
        ));
    };
    out.push(kind);
    out.extend_from_slice(&key_len.to_be_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&value_len.to_be_bytes());
    out.extend_from_slice(value);
    Ok(())
}

/// One decoded record.
pub type Entry = (Vec<u8>, Vec<u8>);

/// Decodes records from chunks fed in order; a record may span chunks.
#[derive(Debug, Default)]
pub struct RecordDecoder {
    pending: Vec<u8>,
}

impl RecordDecoder {
    /// Feed the next chunk; returns the records it completes, as `(kind, key, value)`.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<(u8, Entry)>, SnapshotError> {
        self.pending.extend_from_slice(chunk);
        let mut out = Vec::new();
        let mut pos = 0usize;
        while let Some((record, next)) = parse_record(&self.pending, pos)? {
            out.push(record);
            pos = next;
        }
        self.pending.drain(..pos);
        Ok(out)
    }

    /// Bytes of an unfinished record (must be 0 after the last chunk).
    pub fn leftover(&self) -> usize {
        self.pending.len()
    }
}

fn read_u32(buf: &[u8], pos: usize) -> Option<u32> {
    let bytes: [u8; 4] = buf.get(pos..pos.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

/// A decoded record (kind, key/value) and the position after it.
type Parsed = ((u8, Entry), usize);

/// The record at `pos` and the position after it; `None` if it is not complete yet.
fn parse_record(buf: &[u8], pos: usize) -> Result<Option<Parsed>, SnapshotError> {
    let Some(&kind) = buf.get(pos) else {
        return Ok(None);
    };
    if kind != KIND_VERIFIABLE && kind != KIND_NONVERIFIABLE {
        return invalid(format!("record kind {kind}"));
    }
    let Some(key_len) = read_u32(buf, pos + 1) else {
        return Ok(None);
    };
    if key_len > MAX_KEY_BYTES {
        return invalid(format!("key of {key_len} bytes"));
    }
    let key_start = pos + 5;
    let key_end = key_start + key_len as usize;
    let Some(value_len) = read_u32(buf, key_end) else {
        return Ok(None);
    };
    if value_len > MAX_VALUE_BYTES {
        return invalid(format!("value of {value_len} bytes"));
    }
    let value_start = key_end + 4;
    let value_end = value_start + value_len as usize;
    let (Some(key), Some(value)) = (buf.get(key_start..key_end), buf.get(value_start..value_end))
    else {
        return Ok(None);
    };
    Ok(Some(((kind, (key.to_vec(), value.to_vec())), value_end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_decode_across_any_chunk_boundary() {
        let mut stream = Vec::new();
        encode_record(&mut stream, KIND_VERIFIABLE, b"bank/a", b"1").unwrap();
        encode_record(&mut stream, KIND_VERIFIABLE, b"bank/b", &[7; 300]).unwrap();
        encode_record(&mut stream, KIND_NONVERIFIABLE, b"app/x", b"").unwrap();
        for size in [1, 2, 5, 17, stream.len()] {
            let mut decoder = RecordDecoder::default();
            let mut records = Vec::new();
            for chunk in stream.chunks(size) {
                records.extend(decoder.feed(chunk).unwrap());
            }
            assert_eq!(decoder.leftover(), 0);
            assert_eq!(records.len(), 3);
            assert_eq!(records[1].1 .1, vec![7; 300]);
            assert_eq!(records[2].0, KIND_NONVERIFIABLE);
        }
    }

    #[test]
    fn oversized_or_unknown_records_are_refused() {
        let mut bad = vec![KIND_VERIFIABLE];
        bad.extend_from_slice(&(MAX_KEY_BYTES + 1).to_be_bytes());
        assert!(RecordDecoder::default().feed(&bad).is_err());
        assert!(RecordDecoder::default().feed(&[9, 0, 0, 0, 0]).is_err());
        let huge = vec![0; (MAX_KEY_BYTES + 1) as usize];
        assert!(encode_record(&mut Vec::new(), KIND_VERIFIABLE, &huge, b"").is_err());
    }

    fn meta(total: u64, chunk_bytes: u32, chunks: usize) -> SnapshotMeta {
        SnapshotMeta {
            format: FORMAT,
            height: 10,
            app_hash: [1; 32],
            versions: TreeVersions {
                root: 10,
                substores: vec![None; SUBSTORES.len()],
            },
            chunk_bytes,
            total_bytes: total,
            verifiable_entries: 0,
            nonverifiable_entries: 0,
            chunk_hashes: vec![[0; 32]; chunks],
        }
    }

    #[test]
    fn metadata_must_be_consistent_and_bounded() {
        let ok = meta(10, 4, 3);
        assert_eq!(SnapshotMeta::decode(&ok.encode().unwrap()).unwrap(), ok);
        assert_eq!(ok.chunk_len(2), 2);
        assert!(SnapshotMeta::decode(&meta(10, 4, 2).encode().unwrap()).is_err());
        assert!(SnapshotMeta::decode(&meta(10, 0, 1).encode().unwrap()).is_err());
        let too_many = u64::from(MAX_CHUNKS) + 1;
        assert!(
            SnapshotMeta::decode(&meta(too_many, 1, too_many as usize).encode().unwrap()).is_err()
        );
        assert!(SnapshotMeta::decode(
            &meta(MAX_TOTAL_BYTES + 1, MAX_CHUNK_BYTES, 1)
                .encode()
                .unwrap()
        )
        .is_err());
        assert!(SnapshotMeta::decode(b"not borsh").is_err());
        assert!(SnapshotMeta::decode(&vec![0; MAX_METADATA_BYTES + 1]).is_err());
        let mut other = meta(0, 4, 1);
        other.format = 2;
        assert!(SnapshotMeta::decode(&other.encode().unwrap()).is_err());
    }
}
