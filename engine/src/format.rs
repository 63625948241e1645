//! The files of an index (docs/attribution-engine.md, "Index files").

use sha2::{Digest, Sha256};

use crate::ENGINE_VERSION;

pub(crate) const META_FILE: &str = "meta.bin";
pub(crate) const TEXT_FILE: &str = "text.bin";
pub(crate) const SA_FILE: &str = "sa.bin";
pub(crate) const DOCS_FILE: &str = "docs.bin";
pub(crate) const RMQ_FILE: &str = "rmq.bin";

pub(crate) const MAGIC: [u8; 8] = *b"OLATTIDX";
pub(crate) const FORMAT_VERSION: u32 = 1;
pub(crate) const META_LEN: usize = 240;
pub(crate) const DOC_RECORD_LEN: usize = 88;
/// Byte placed after every document in the index text.
pub(crate) const SEPARATOR: u8 = 0xFF;

/// The header stored in `meta.bin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub engine_version: u32,
    pub normalization: [u8; 16],
    pub datanet_id: u64,
    pub version: u64,
    pub documents: u64,
    pub text_len: u64,
    pub rmq_block: u32,
    pub rmq_levels: u32,
    pub rmq_entries: u64,
    pub text_sha256: [u8; 32],
    pub sa_sha256: [u8; 32],
    pub docs_sha256: [u8; 32],
    pub rmq_sha256: [u8; 32],
}

pub(crate) fn normalization_field(id: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (o, b) in out.iter_mut().zip(id.as_bytes()) {
        *o = *b;
    }
    out
}

impl Meta {
    pub fn encode(&self) -> [u8; META_LEN] {
        let mut out = [0u8; META_LEN];
        let mut w = Writer {
            buf: &mut out,
            pos: 0,
        };
        w.put(&MAGIC);
        w.put(&FORMAT_VERSION.to_le_bytes());
        w.put(&self.engine_version.to_le_bytes());
        w.put(&self.normalization);
        w.put(&self.datanet_id.to_le_bytes());
        w.put(&self.version.to_le_bytes());
        w.put(&self.documents.to_le_bytes());
        w.put(&self.text_len.to_le_bytes());
        w.put(&self.rmq_block.to_le_bytes());
        w.put(&self.rmq_levels.to_le_bytes());
        w.put(&self.rmq_entries.to_le_bytes());
        w.put(&self.text_sha256);
        w.put(&self.sa_sha256);
        w.put(&self.docs_sha256);
        w.put(&self.rmq_sha256);
        let digest: [u8; 32] = Sha256::digest(&w.buf[..208]).into();
        w.put(&digest);
        out
    }

    /// Decodes and checks the magic, format, engine version and the header checksum.
    pub fn decode(bytes: &[u8]) -> Result<Meta, String> {
        if bytes.len() != META_LEN {
            return Err(format!(
                "{META_FILE} is {} bytes, expected {META_LEN}",
                bytes.len()
            ));
        }
        let mut r = Reader { buf: bytes, pos: 0 };
        if r.take::<8>() != MAGIC {
            return Err(format!("{META_FILE} has no index magic"));
        }
        let digest: [u8; 32] = Sha256::digest(&bytes[..208]).into();
        if digest[..] != bytes[208..] {
            return Err(format!("{META_FILE} checksum mismatch"));
        }
        let format = r.u32();
        if format != FORMAT_VERSION {
            return Err(format!(
                "index format {format}, this engine reads {FORMAT_VERSION}"
            ));
        }
        let engine_version = r.u32();
        if engine_version != ENGINE_VERSION {
            return Err(format!(
                "built by engine version {engine_version}, this is version {ENGINE_VERSION}"
            ));
        }
        Ok(Meta {
            engine_version,
            normalization: r.take::<16>(),
            datanet_id: r.u64(),
            version: r.u64(),
            documents: r.u64(),
            text_len: r.u64(),
            rmq_block: r.u32(),
            rmq_levels: r.u32(),
            rmq_entries: r.u64(),
            text_sha256: r.take::<32>(),
            sa_sha256: r.take::<32>(),
            docs_sha256: r.take::<32>(),
            rmq_sha256: r.take::<32>(),
        })
    }
}

/// One record of `docs.bin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocRecord {
    pub start: u64,
    pub len: u64,
    pub contribution_id: u64,
    pub approval_height: u64,
    pub datanet_id: u64,
    pub approval_seq: u64,
    pub raw_len: u64,
    pub raw_sha256: [u8; 32],
}

impl DocRecord {
    pub fn encode(&self) -> [u8; DOC_RECORD_LEN] {
        let mut out = [0u8; DOC_RECORD_LEN];
        let mut w = Writer {
            buf: &mut out,
            pos: 0,
        };
        for v in [
            self.start,
            self.len,
            self.contribution_id,
            self.approval_height,
            self.datanet_id,
            self.approval_seq,
            self.raw_len,
        ] {
            w.put(&v.to_le_bytes());
        }
        w.put(&self.raw_sha256);
        out
    }

    /// `bytes` must be `DOC_RECORD_LEN` long (callers use `chunks_exact`).
    pub fn decode(bytes: &[u8]) -> DocRecord {
        let mut r = Reader { buf: bytes, pos: 0 };
        DocRecord {
            start: r.u64(),
            len: r.u64(),
            contribution_id: r.u64(),
            approval_height: r.u64(),
            datanet_id: r.u64(),
            approval_seq: r.u64(),
            raw_len: r.u64(),
            raw_sha256: r.take::<32>(),
        }
    }
}

struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if let Some(dst) = self.buf.get_mut(self.pos..self.pos + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
        self.pos += bytes.len();
    }
}

/// Reads fixed-size fields; past the end it yields zeros (callers check lengths first).
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(src) = self.buf.get(self.pos..self.pos + N) {
            out.copy_from_slice(src);
        }
        self.pos += N;
        out
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take::<4>())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take::<8>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_round_trip() {
        let m = Meta {
            engine_version: ENGINE_VERSION,
            normalization: normalization_field("nfc"),
            datanet_id: 3,
            version: 4,
            documents: 5,
            text_len: 6,
            rmq_block: 1024,
            rmq_levels: 1,
            rmq_entries: 1,
            text_sha256: [1; 32],
            sa_sha256: [2; 32],
            docs_sha256: [3; 32],
            rmq_sha256: [4; 32],
        };
        let bytes = m.encode();
        assert_eq!(Meta::decode(&bytes).unwrap(), m);
        let mut bad = bytes;
        bad[40] ^= 1;
        assert!(Meta::decode(&bad).is_err());
        assert!(Meta::decode(&bytes[..100]).is_err());
    }
}
