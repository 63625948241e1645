//! Persisting a prepared version and pruning old ones, in one atomic sled batch.

use std::sync::Arc;

use borsh::BorshDeserialize;

use super::codec;
use super::db::{Latest, Shared};
use super::error::StoreError;
use super::layout::{self, all_trees, StaleRecord, TreeId, VersionMeta};
use super::prepare::PreparedCommit;
use super::CommitInfo;

fn encode<T: borsh::BorshSerialize>(value: &T, what: &str) -> Result<Vec<u8>, StoreError> {
    borsh::to_vec(value).map_err(|e| StoreError::Backend(format!("encode {what}: {e}")))
}

/// Write `prepared` and the pruning it makes due in one sled batch, then flush. An error before
/// the batch is applied leaves the store unchanged; a flush error means the new version may not
/// be durable and the caller must stop (CometBFT replays the block on restart).
pub(crate) fn commit(shared: &Shared, prepared: PreparedCommit) -> Result<CommitInfo, StoreError> {
    let _serial = shared
        .commit_lock
        .lock()
        .map_err(|_| StoreError::Backend("a previous commit panicked".into()))?;
    let latest = shared.latest_height();
    if latest != prepared.base {
        return Err(StoreError::StalePrepare {
            prepared_on: prepared.base,
            latest,
        });
    }
    let PreparedCommit {
        height,
        meta,
        trees,
        flat,
        new_keys,
        nonverifiable,
        ..
    } = prepared;

    let mut batch = sled::Batch::default();
    for write in &trees {
        let tree = write.tree;
        for (key, node) in &write.update.nodes {
            batch.insert(layout::node_key(tree, key), codec::encode(node)?);
        }
        for (key_hash, preimage) in &write.preimages {
            batch.insert(
                &layout::preimage_key(tree, key_hash)[..],
                preimage.as_slice(),
            );
        }
    }
    for (key, value) in &flat {
        match value {
            Some(value) => batch.insert(layout::flat_key(key), value.as_slice()),
            None => batch.remove(layout::flat_key(key)),
        }
    }
    for key in new_keys {
        batch.insert(layout::key_index_key(&key), &[][..]);
    }
    for (key, value) in nonverifiable {
        match value {
            Some(value) => batch.insert(layout::nonverifiable_key(&key), value),
            None => batch.remove(layout::nonverifiable_key(&key)),
        }
    }
    batch.insert(&layout::meta_key(height)[..], encode(&meta, "metadata")?);
    batch.insert(layout::LATEST, &layout::encode_height(height)[..]);

    let mut records: Vec<(TreeId, StaleRecord)> = trees
        .iter()
        .map(|write| {
            let keys = write
                .update
                .stale_nodes
                .iter()
                .map(|key| layout::node_key(write.tree, key))
                .collect();
            (write.tree, StaleRecord { keys })
        })
        .collect();
    let new_floor = prune(shared, height, &meta, &mut records, &mut batch)?;
    for (tree, record) in &records {
        if !record.keys.is_empty() {
            batch.insert(
                &layout::stale_key(*tree, height)[..],
                encode(record, "pruning record")?,
            );
        }
    }

    fail::fail_point!("commit-before-write", |_| crate::crash_point(
        "commit-before-write"
    ));
    if let Some(floor) = new_floor {
        // Before anything is deleted, so readers of pruned heights notice (see `Shared::floor`).
        shared.raise_floor(floor);
    }
    let meta = Arc::new(meta);
    {
        // Readers at the previous height hold the read lock while they use the flat table.
        let mut latest = shared.write_latest()?;
        shared.kv.apply_batch(batch)?;
        shared.values.insert_all(flat);
        *latest = Some(Latest {
            height,
            meta: meta.clone(),
        });
    }
    shared.init_floor(height);
    shared.kv.flush().map_err(|e| {
        // The version is applied in memory but may not be on disk: the node must not go on.
        tracing::error!(height, error = %e, "flushing a committed state version failed");
        StoreError::from(e)
    })?;

    let tree_count = trees.len();
    for write in trees {
        // Keep the latest trees hot: drop what they no longer use, add what they now do.
        shared
            .cache
            .remove_all(write.tree, &write.update.stale_nodes);
        shared.cache.insert_all(write.tree, write.update.nodes);
    }
    tracing::debug!(
        height,
        app_hash = %hex::encode(meta.app_hash),
        trees = tree_count,
        oldest = ?new_floor,
        "committed state version"
    );
    Ok(CommitInfo {
        height,
        app_hash: meta.app_hash,
    })
}

/// Add to `batch` the deletion of everything that only heights below `height - keep_recent`
/// need; returns the new oldest readable height if it moved.
///
/// A tree's data stale since version `s` is needed only by versions below `s`. The oldest kept
/// height sees each tree at some version `b`, and every kept height sees it at `b` or later,
/// so everything stale since `b` or earlier can go.
fn prune(
    shared: &Shared,
    height: u64,
    meta: &VersionMeta,
    records: &mut [(TreeId, StaleRecord)],
    batch: &mut sled::Batch,
) -> Result<Option<u64>, StoreError> {
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

    for tree in all_trees() {
        let Some(boundary) = oldest_meta.tree_version(tree) else {
            continue;
        };
        let range = layout::stale_key(tree, 0)..=layout::stale_key(tree, boundary);
        for entry in shared.kv.range(range) {
            let (key, value) = entry?;
            let record = StaleRecord::try_from_slice(&value)
                .map_err(|e| StoreError::Corrupt(format!("pruning record: {e}")))?;
            for stale in record.keys {
                batch.remove(stale);
            }
            batch.remove(key);
        }
        if boundary >= height {
            // No kept height needs what this very version replaces.
            for (_, record) in records.iter_mut().filter(|(t, _)| *t == tree) {
                for stale in record.keys.drain(..) {
                    batch.remove(stale);
                }
            }
        }
    }
    for entry in shared
        .kv
        .range(layout::meta_key(0)..layout::meta_key(oldest))
    {
        batch.remove(entry?.0);
    }
    Ok(Some(oldest))
}
