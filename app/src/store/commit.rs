//! Committing a prepared version: publish it in memory, then write it (and the pruning it
//! makes due) in one atomic sled batch, in the background writer or inline
//! (see `pipeline.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::db::{Latest, Shared};
use super::error::StoreError;
use super::layout::{self, all_trees, VersionMeta};
use super::pipeline::{self, NodeMap, Overlay, PrunePlan};
use super::prepare::PreparedCommit;
use super::CommitInfo;

/// Make `prepared` the latest version for every reader, then write it: in the background
/// writer when pipelined (this returns once it is queued; a write error is returned by the
/// next commit), inline otherwise (this returns once it is flushed). Waits first for the
/// previous version's background write. An error before the version is published leaves the
/// store unchanged; a write or flush error means the new version may not be durable, and the
/// node must stop (CometBFT replays the block on restart).
pub(crate) fn commit(shared: &Shared, prepared: PreparedCommit) -> Result<CommitInfo, StoreError> {
    let _serial = shared
        .commit_lock
        .lock()
        .map_err(|_| StoreError::Backend("a previous commit panicked".into()))?;
    // At most one version in flight: every height below this one is now on disk.
    shared.pipeline.wait_idle()?;
    let latest = shared.latest_height();
    if latest != prepared.base {
        return Err(StoreError::StalePrepare {
            prepared_on: prepared.base,
            latest,
        });
    }
    let height = prepared.height;
    let prune = prune_plan(shared, height, &prepared.meta)?;
    let overlay = Arc::new(overlay(prepared, prune));
    let info = CommitInfo {
        height,
        app_hash: overlay.meta.app_hash,
    };

    fail::fail_point!("commit-before-write", |_| crate::crash_point(
        "commit-before-write"
    ));
    if let Some(plan) = &overlay.prune {
        // Before anything is deleted, so readers of pruned heights notice (see `Shared::floor`).
        shared.raise_floor(plan.oldest);
    }
    {
        // Readers at the previous height hold the read lock while they use the flat table.
        let mut latest = shared.write_latest()?;
        shared.pipeline.install(Arc::clone(&overlay));
        shared.values.insert_all(
            overlay
                .flat
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        );
        *latest = Some(Latest {
            height,
            meta: Arc::clone(&overlay.meta),
        });
    }
    shared.init_floor(height);

    if shared.pipelined() {
        shared.pipeline.queue(overlay);
        return Ok(info);
    }
    shared.pipeline.start_inline();
    let result = pipeline::write_version(
        &shared.kv,
        &shared.cache,
        &overlay,
        shared.pipeline.chunks(),
    );
    let failed = result.as_ref().err().map(ToString::to_string);
    shared.pipeline.finish(&overlay, result);
    match failed {
        Some(e) => Err(StoreError::Backend(e)),
        None => Ok(info),
    }
}

/// The in-memory form of a prepared version.
fn overlay(prepared: PreparedCommit, prune: Option<PrunePlan>) -> Overlay {
    let PreparedCommit {
        height,
        meta,
        trees,
        flat,
        new_keys,
        nonverifiable,
        ..
    } = prepared;
    let mut nodes: Vec<NodeMap> = all_trees().map(|_| NodeMap::default()).collect();
    let mut preimages = BTreeMap::new();
    let mut stale = Vec::with_capacity(trees.len());
    for write in trees {
        let tree = write.tree;
        if let Some(map) = nodes.get_mut(usize::from(tree)) {
            map.extend(
                write
                    .update
                    .nodes
                    .into_iter()
                    .map(|(key, node)| (key, Arc::new(node))),
            );
        }
        for (key_hash, preimage) in write.preimages {
            preimages.insert((tree, key_hash.0), preimage);
        }
        stale.push((tree, write.update.stale_nodes));
    }
    Overlay {
        height,
        meta: Arc::new(meta),
        nodes,
        preimages,
        flat: flat.into_iter().collect(),
        nonverifiable: nonverifiable.into_iter().collect(),
        new_keys,
        stale,
        prune,
    }
}

/// The pruning committing `height` makes due: the new oldest readable height, if it moves.
/// Every earlier height is on disk when this runs.
fn prune_plan(
    shared: &Shared,
    height: u64,
    meta: &VersionMeta,
) -> Result<Option<PrunePlan>, StoreError> {
    if shared.keep_recent == 0 {
        return Ok(None);
    }
    let cutoff = height.saturating_sub(shared.keep_recent);
    if cutoff <= shared.oldest_height().unwrap_or(0) {
        return Ok(None);
    }
    // The oldest height that stays readable: the first committed one at or above the cutoff.
    let (oldest, oldest_meta) = match shared
        .kv
        .range(layout::meta_key(cutoff)..layout::meta_key(height))
        .next()
    {
        Some(entry) => {
            let (key, value) = entry?;
            (layout::meta_key_height(&key)?, VersionMeta::decode(&value)?)
        }
        None => (height, meta.clone()),
    };
    Ok(Some(PrunePlan {
        oldest,
        oldest_meta,
    }))
}
