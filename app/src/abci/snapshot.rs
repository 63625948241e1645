//! State-sync connection: serves this node's snapshots and restores an empty node from a
//! peer's. The work is in [`crate::statesync`]; this only converts requests and responses.

use std::future::{ready, Ready};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tendermint::abci::request;
use tendermint::abci::response::{self, ApplySnapshotChunkResult, OfferSnapshot};
use tendermint::abci::types::Snapshot as AbciSnapshot;
use tendermint::v0_38::abci::{SnapshotRequest, SnapshotResponse};
use tower_abci::BoxError;
use tracing::{info, warn};

use crate::app::App;
use crate::statesync::restore::{ChunkOutcome, OfferRefusal};
use crate::statesync::{Restore, SnapshotStore};
use crate::store::Storage;
use crate::tx::execute::LocalPolicy;

#[derive(Clone)]
pub struct SnapshotService {
    store: SnapshotStore,
    /// Rebuilt from the restored store once a restore completes.
    app: Arc<Mutex<App>>,
    storage: Storage,
    local: LocalPolicy,
    restore: Arc<Mutex<Option<Restore>>>,
}

impl SnapshotService {
    pub fn new(
        app: Arc<Mutex<App>>,
        storage: Storage,
        local: LocalPolicy,
        store: SnapshotStore,
    ) -> Self {
        SnapshotService {
            store,
            app,
            storage,
            local,
            restore: Arc::new(Mutex::new(None)),
        }
    }

    fn list(&self) -> response::ListSnapshots {
        let snapshots = self
            .store
            .list()
            .into_iter()
            .filter_map(|meta| {
                Some(AbciSnapshot {
                    height: meta.height.try_into().ok()?,
                    format: meta.format,
                    chunks: meta.chunks(),
                    hash: meta.hash().to_vec().into(),
                    metadata: meta.encode().ok()?.into(),
                })
            })
            .collect();
        response::ListSnapshots { snapshots }
    }

    fn offer(&self, req: request::OfferSnapshot) -> OfferSnapshot {
        let s = &req.snapshot;
        if self.storage.latest().is_some() {
            warn!("refusing a state-sync snapshot: the store is not empty");
            return OfferSnapshot::Reject;
        }
        match Restore::offer(
            s.format,
            s.height.value(),
            s.chunks,
            &s.hash,
            &s.metadata,
            req.app_hash.as_bytes(),
        ) {
            Ok(restore) => {
                if let Ok(mut slot) = self.restore.lock() {
                    *slot = Some(restore);
                    return OfferSnapshot::Accept;
                }
                OfferSnapshot::Abort
            }
            Err(OfferRefusal::Format) => OfferSnapshot::RejectFormat,
            Err(OfferRefusal::Snapshot(why)) => {
                warn!(height = %s.height, reason = %why, "rejecting a state-sync snapshot");
                OfferSnapshot::Reject
            }
        }
    }

    fn apply(&self, req: request::ApplySnapshotChunk) -> response::ApplySnapshotChunk {
        let answer = |result| response::ApplySnapshotChunk {
            result,
            refetch_chunks: Vec::new(),
            reject_senders: Vec::new(),
        };
        let Ok(mut slot) = self.restore.lock() else {
            return answer(ApplySnapshotChunkResult::Abort);
        };
        let Some(restore) = slot.as_mut() else {
            return answer(ApplySnapshotChunkResult::Abort);
        };
        match restore.apply(&self.storage, req.index, &req.chunk) {
            ChunkOutcome::More => answer(ApplySnapshotChunkResult::Accept),
            ChunkOutcome::Refetch => {
                warn!(chunk = req.index, sender = %req.sender, "state-sync chunk does not match its hash");
                response::ApplySnapshotChunk {
                    result: ApplySnapshotChunkResult::Retry,
                    refetch_chunks: vec![req.index],
                    reject_senders: vec![req.sender],
                }
            }
            ChunkOutcome::RejectSnapshot(why) => {
                warn!(height = restore.height(), reason = %why, "rejecting a state-sync snapshot");
                *slot = None;
                answer(ApplySnapshotChunkResult::RejectSnapshot)
            }
            ChunkOutcome::Restored(done) => {
                *slot = None;
                let rebuilt = App::new(self.storage.clone(), self.local);
                match (rebuilt, self.app.lock()) {
                    (Ok(new_app), Ok(mut app)) => {
                        // keeps the mempool service's handle on the check state
                        app.replace(new_app);
                        info!(
                            height = done.height,
                            "state sync complete: the app runs on the restored state"
                        );
                        answer(ApplySnapshotChunkResult::Accept)
                    }
                    _ => answer(ApplySnapshotChunkResult::Abort),
                }
            }
        }
    }
}

impl tower::Service<SnapshotRequest> for SnapshotService {
    type Response = SnapshotResponse;
    type Error = BoxError;
    type Future = Ready<Result<SnapshotResponse, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: SnapshotRequest) -> Self::Future {
        let resp = match req {
            SnapshotRequest::ListSnapshots => SnapshotResponse::ListSnapshots(self.list()),
            SnapshotRequest::OfferSnapshot(r) => SnapshotResponse::OfferSnapshot(self.offer(r)),
            SnapshotRequest::LoadSnapshotChunk(r) => {
                let chunk = self
                    .store
                    .chunk(r.height.value(), r.format, r.chunk)
                    .unwrap_or_default();
                SnapshotResponse::LoadSnapshotChunk(response::LoadSnapshotChunk {
                    chunk: chunk.into(),
                })
            }
            SnapshotRequest::ApplySnapshotChunk(r) => {
                SnapshotResponse::ApplySnapshotChunk(self.apply(r))
            }
        };
        ready(Ok(resp))
    }
}
