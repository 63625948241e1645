//! Restoring a snapshot offered by CometBFT: OfferSnapshot checks its metadata and remembers
//! the trusted app hash, each ApplySnapshotChunk checks one chunk against the metadata, and the
//! last one imports the whole state into the (empty) store, which refuses it unless its root
//! is the trusted app hash.

use tracing::info;

use super::format::{
    sha256, Entry, RecordDecoder, SnapshotMeta, FORMAT, KIND_NONVERIFIABLE, KIND_VERIFIABLE,
};
use super::SnapshotError;
use crate::store::{CommitInfo, Storage};

/// Why an offered snapshot is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum OfferRefusal {
    /// Not a format this build restores.
    Format,
    /// Metadata that does not decode or contradicts the offer.
    Snapshot(String),
}

/// What to do after a chunk.
#[derive(Debug)]
pub enum ChunkOutcome {
    /// Accepted; more chunks to come.
    More,
    /// The last chunk: the state is restored.
    Restored(CommitInfo),
    /// The chunk does not match its hash: fetch it again from another peer.
    Refetch,
    /// The snapshot is bad (undecodable content, wrong app hash): try another one.
    RejectSnapshot(String),
}

/// A restore in progress.
#[derive(Debug)]
pub struct Restore {
    meta: SnapshotMeta,
    trusted_app_hash: [u8; 32],
    next: u32,
    decoder: RecordDecoder,
    verifiable: Vec<Entry>,
    nonverifiable: Vec<Entry>,
}

impl Restore {
    /// Check an offered snapshot against its own metadata; `app_hash` is the app hash CometBFT
    /// verified through the light client for that height.
    pub fn offer(
        format: u32,
        height: u64,
        chunks: u32,
        hash: &[u8],
        metadata: &[u8],
        app_hash: &[u8],
    ) -> Result<Restore, OfferRefusal> {
        if format != FORMAT {
            return Err(OfferRefusal::Format);
        }
        let refuse = |why: String| OfferRefusal::Snapshot(why);
        let meta = SnapshotMeta::decode(metadata).map_err(|e| refuse(e.to_string()))?;
        if meta.height != height || meta.chunks() != chunks || meta.hash().as_slice() != hash {
            return Err(refuse("the metadata does not match the offer".into()));
        }
        let trusted_app_hash: [u8; 32] = app_hash
            .try_into()
            .map_err(|_| refuse(format!("trusted app hash of {} bytes", app_hash.len())))?;
        if meta.app_hash != trusted_app_hash {
            return Err(refuse(
                "the snapshot's app hash is not the trusted one".into(),
            ));
        }
        info!(
            height,
            chunks,
            app_hash = %hex::encode(trusted_app_hash),
            "accepted a state-sync snapshot offer"
        );
        Ok(Restore {
            meta,
            trusted_app_hash,
            next: 0,
            decoder: RecordDecoder::default(),
            verifiable: Vec::new(),
            nonverifiable: Vec::new(),
        })
    }

    pub fn height(&self) -> u64 {
        self.meta.height
    }

    /// Apply chunk `index`; chunks must come in order. The store is written only by the last
    /// chunk, and only if the restored root is the trusted app hash.
    pub fn apply(&mut self, storage: &Storage, index: u32, chunk: &[u8]) -> ChunkOutcome {
        if index != self.next {
            // CometBFT applies in order; anything else is a chunk to fetch again.
            return ChunkOutcome::Refetch;
        }
        let Some(expected) = self.meta.chunk_hashes.get(index as usize) else {
            return ChunkOutcome::RejectSnapshot(format!("no chunk {index}"));
        };
        if chunk.len() as u64 != self.meta.chunk_len(index) || sha256(chunk) != *expected {
            return ChunkOutcome::Refetch;
        }
        // The bytes are the ones the metadata names: a decoding failure is the snapshot's.
        if let Err(e) = self.take(chunk) {
            return ChunkOutcome::RejectSnapshot(e.to_string());
        }
        self.next = self.next.saturating_add(1);
        if self.next < self.meta.chunks() {
            return ChunkOutcome::More;
        }
        match self.finish(storage) {
            Ok(info) => ChunkOutcome::Restored(info),
            Err(e) => ChunkOutcome::RejectSnapshot(e.to_string()),
        }
    }

    fn take(&mut self, chunk: &[u8]) -> Result<(), SnapshotError> {
        for (kind, entry) in self.decoder.feed(chunk)? {
            match kind {
                KIND_VERIFIABLE if self.nonverifiable.is_empty() => self.verifiable.push(entry),
                KIND_NONVERIFIABLE => self.nonverifiable.push(entry),
                _ => {
                    return Err(SnapshotError::Invalid(
                        "a verifiable entry after the non-verifiable ones".into(),
                    ))
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, storage: &Storage) -> Result<CommitInfo, SnapshotError> {
        if self.decoder.leftover() != 0 {
            return Err(SnapshotError::Invalid(
                "the stream ends inside a record".into(),
            ));
        }
        if self.verifiable.len() as u64 != self.meta.verifiable_entries
            || self.nonverifiable.len() as u64 != self.meta.nonverifiable_entries
        {
            return Err(SnapshotError::Invalid(
                "entry counts differ from the metadata".into(),
            ));
        }
        if self.nonverifiable.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(SnapshotError::Invalid(
                "non-verifiable keys are not ascending".into(),
            ));
        }
        let verifiable = std::mem::take(&mut self.verifiable);
        let nonverifiable = std::mem::take(&mut self.nonverifiable);
        let info = storage.import(
            self.meta.height,
            &self.meta.versions,
            &verifiable,
            &nonverifiable,
            self.trusted_app_hash,
        )?;
        info!(
            height = info.height,
            app_hash = %hex::encode(info.app_hash),
            keys = verifiable.len(),
            "restored state from a state-sync snapshot"
        );
        Ok(info)
    }
}
