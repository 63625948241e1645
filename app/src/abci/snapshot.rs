//! State-sync connection. Snapshots are not offered yet: the list is empty and any offered
//! snapshot is rejected, which CometBFT handles by syncing blocks instead.

use std::future::{ready, Ready};
use std::task::{Context, Poll};

use tendermint::abci::response::{self, ApplySnapshotChunkResult, OfferSnapshot};
use tendermint::v0_38::abci::{SnapshotRequest, SnapshotResponse};
use tower_abci::BoxError;

#[derive(Clone, Default)]
pub struct SnapshotService;

impl tower::Service<SnapshotRequest> for SnapshotService {
    type Response = SnapshotResponse;
    type Error = BoxError;
    type Future = Ready<Result<SnapshotResponse, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: SnapshotRequest) -> Self::Future {
        let resp = match req {
            SnapshotRequest::ListSnapshots => {
                SnapshotResponse::ListSnapshots(response::ListSnapshots::default())
            }
            SnapshotRequest::OfferSnapshot(_) => {
                SnapshotResponse::OfferSnapshot(OfferSnapshot::Reject)
            }
            SnapshotRequest::LoadSnapshotChunk(_) => {
                SnapshotResponse::LoadSnapshotChunk(response::LoadSnapshotChunk::default())
            }
            SnapshotRequest::ApplySnapshotChunk(_) => {
                SnapshotResponse::ApplySnapshotChunk(response::ApplySnapshotChunk {
                    result: ApplySnapshotChunkResult::Abort,
                    refetch_chunks: Vec::new(),
                    reject_senders: Vec::new(),
                })
            }
        };
        ready(Ok(resp))
    }
}
