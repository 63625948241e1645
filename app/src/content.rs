//! The node's content store (docs/content-store.md): the `openledger-content` service and
//! fetcher over the committed datanets state, read through the datanets crate's public API
//! ([`DatanetsRead`] and its query functions), never its keys.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_content::service::ContentGrpc;
use openledger_content::{
    Chain, ChainError, ContentService, Contribution, FetchConfig, Fetcher, Hash, Store,
};
use openledger_datanets::proto as dpb;
use openledger_datanets::{ContributionStatus, DatanetsError, DatanetsRead, MAX_PAGE_LIMIT};

use crate::config::AppConfig;
use crate::store::{Snapshot, Storage};

/// Approved contributions one fetch round looks for at most.
pub const FETCH_PER_ROUND: usize = 256;

/// The content service as the gRPC server adds it.
pub type ContentGrpcService = ContentGrpc<ChainState>;

/// The chain as the content store sees it: the latest committed state.
#[derive(Clone)]
pub struct ChainState {
    storage: Storage,
}

fn unavailable(e: DatanetsError) -> ChainError {
    ChainError::Unavailable(e.to_string())
}

fn contribution(p: &dpb::Contribution, approved: bool) -> Option<Contribution> {
    let hash = match Hash::from_slice(&p.content_hash) {
        Ok(h) => h,
        Err(e) => {
            tracing::warn!(
                contribution = p.id,
                "content store: skipping a contribution: {e}"
            );
            return None;
        }
    };
    Some(Contribution {
        id: p.id,
        datanet_id: p.datanet_id,
        hash,
        size_bytes: p.size_bytes,
        content_uri: p.content_uri.clone(),
        approved,
    })
}

impl ChainState {
    pub fn new(storage: Storage) -> Self {
        ChainState { storage }
    }

    /// Every approved contribution of one datanet, a page of the datanets query at a time.
    fn approved_of(
        snapshot: &Snapshot,
        datanet_id: u64,
        visit: &mut dyn FnMut(Contribution) -> ControlFlow<()>,
    ) -> Result<ControlFlow<()>, ChainError> {
        let mut key = Vec::new();
        loop {
            let page = openledger_datanets::query_contributions_by_datanet(
                snapshot,
                &dpb::QueryContributionsByDatanetRequest {
                    datanet_id,
                    status: ContributionStatus::Approved.to_proto(),
                    pagination: Some(PageRequest {
                        key: std::mem::take(&mut key),
                        limit: MAX_PAGE_LIMIT,
                        ..Default::default()
                    }),
                },
            )
            .map_err(|e| match e {
                DatanetsError::UnknownDatanet(id) => ChainError::UnknownDatanet(id),
                e => unavailable(e),
            })?;
            for p in &page.contributions {
                if let Some(c) = contribution(p, true) {
                    if visit(c).is_break() {
                        return Ok(ControlFlow::Break(()));
                    }
                }
            }
            match page.pagination {
                Some(p) if !p.next_key.is_empty() => key = p.next_key,
                _ => return Ok(ControlFlow::Continue(())),
            }
        }
    }
}

impl Chain for ChainState {
    fn max_contribution_bytes(&self) -> Result<u64, ChainError> {
        Ok(self
            .storage
            .latest_snapshot()
            .datanets_params()
            .map_err(unavailable)?
            .max_contribution_bytes)
    }

    /// Datanets index contributions by content hash per datanet, so this is one point read
    /// per datanet (there is no chain-wide index by hash).
    fn contributions_with_hash(
        &self,
        hash: &Hash,
        limit: usize,
    ) -> Result<Vec<Contribution>, ChainError> {
        let s = self.storage.latest_snapshot();
        let next = s.next_datanet_id().map_err(unavailable)?;
        let mut out = Vec::new();
        for datanet_id in 1..next {
            if out.len() >= limit {
                break;
            }
            let Some(id) = s
                .contribution_by_hash(datanet_id, hash.as_bytes())
                .map_err(unavailable)?
            else {
                continue;
            };
            let Some(c) = s.contribution(id).map_err(unavailable)? else {
                continue;
            };
            let approved = match c.status {
                ContributionStatus::Approved => true,
                ContributionStatus::Pending => false,
                ContributionStatus::Rejected => continue,
            };
            out.push(Contribution {
                id: c.id,
                datanet_id: c.datanet_id,
                hash: Hash(c.content_hash),
                size_bytes: c.size_bytes,
                content_uri: c.content_uri,
                approved,
            });
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    fn approved_contributions(
        &self,
        datanet_id: u64,
        visit: &mut dyn FnMut(Contribution) -> ControlFlow<()>,
    ) -> Result<(), ChainError> {
        let s = self.storage.latest_snapshot();
        if datanet_id != 0 {
            return Self::approved_of(&s, datanet_id, visit).map(|_| ());
        }
        let next = s.next_datanet_id().map_err(unavailable)?;
        for id in 1..next {
            if s.datanet(id).map_err(unavailable)?.is_none() {
                continue;
            }
            if Self::approved_of(&s, id, visit)?.is_break() {
                break;
            }
        }
        Ok(())
    }
}

/// The node's content store, service and fetcher.
pub struct ContentNode {
    pub store: Arc<Store>,
    pub chain: Arc<ChainState>,
    pub fetcher: Arc<Fetcher>,
    pub fetch_interval: Duration,
}

impl ContentNode {
    /// Open the store at the configured directory (created if needed).
    pub fn open(home: &Path, cfg: &AppConfig, storage: Storage) -> anyhow::Result<ContentNode> {
        let dir = cfg.content_dir(home);
        let store = Arc::new(
            Store::open(&dir)
                .map_err(|e| anyhow::anyhow!("content store {}: {e}", dir.display()))?,
        );
        let fetcher = Fetcher::new(
            store.clone(),
            FetchConfig {
                peers: cfg.content_peers.clone(),
                allow_private_uris: cfg.content_fetch_private_uris,
                ..FetchConfig::default()
            },
        )?;
        Ok(ContentNode {
            store,
            chain: Arc::new(ChainState::new(storage)),
            fetcher: Arc::new(fetcher),
            fetch_interval: Duration::from_secs(cfg.content_fetch_interval_secs),
        })
    }

    /// The gRPC service over this node's store and chain.
    pub fn service(&self) -> ContentGrpcService {
        ContentService::new(self.store.clone(), self.chain.clone()).into_server()
    }

    /// The fetch loop: a round every `fetch_interval` (none when it is zero).
    pub fn fetch_task(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        self.fetcher
            .clone()
            .run(self.chain.clone(), self.fetch_interval, FETCH_PER_ROUND)
    }
}
