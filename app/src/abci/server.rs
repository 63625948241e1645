//! Wire the services into a tower-abci v0.38 server.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tower_abci::v038::Server;

use crate::abci::consensus::ConsensusService;
use crate::abci::info::InfoService;
use crate::abci::mempool::MempoolService;
use crate::abci::snapshot::SnapshotService;
use crate::app::App;
use crate::challenge_results::ChallengeResults;
use crate::query::abci::QueryGateway;
use crate::statesync::{SnapshotStore, Snapshotter};

/// Serve ABCI on `addr` until the listener fails. `results` are this node's challenge
/// results, which ExtendVote puts in its vote extensions.
pub async fn serve(
    app: Arc<Mutex<App>>,
    gateway: QueryGateway,
    results: ChallengeResults,
    addr: SocketAddr,
) -> anyhow::Result<()> {
    let none = SnapshotStore::new(std::path::PathBuf::new());
    serve_with_snapshots(app, gateway, results, addr, none, None).await
}

/// [`serve`] serving and restoring state-sync snapshots kept in `store`; `snapshotter` takes
/// them after Commit (`None`: never).
pub async fn serve_with_snapshots(
    app: Arc<Mutex<App>>,
    gateway: QueryGateway,
    results: ChallengeResults,
    addr: SocketAddr,
    store: SnapshotStore,
    snapshotter: Option<Snapshotter>,
) -> anyhow::Result<()> {
    let snapshot = SnapshotService::new(
        app.clone(),
        gateway.storage().clone(),
        gateway.local(),
        store,
    );
    // CheckTx's own handle on the check state, taken once: the mempool connection never
    // takes the app lock the consensus connection holds while it executes a block.
    let checker = app
        .lock()
        .map_err(|_| anyhow::anyhow!("app lock poisoned"))?
        .checker();
    let server = Server::builder()
        .consensus(ConsensusService::new(app.clone(), results).with_snapshots(snapshotter))
        .mempool(MempoolService::new(checker))
        .info(InfoService::new(gateway))
        .snapshot(snapshot)
        .finish()
        .ok_or_else(|| anyhow::anyhow!("ABCI server is missing a service"))?;
    server
        .listen_tcp(addr)
        .await
        .map_err(|e| anyhow::anyhow!("ABCI server on {addr}: {e}"))
}
