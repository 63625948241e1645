//! Two-level ICS-23 proofs: a key in its substore tree, and the substore root in the root tree.
//! Both levels use [`jmt::ics23_spec`], so clients configure `[jmt::ics23_spec(),
//! jmt::ics23_spec()]`.

use ics23::commitment_proof::Proof;
use ics23::{CommitmentProof, ExistenceProof, HostFunctionsManager};

use super::db::Shared;
use super::error::StoreError;
use super::layout::{self, VersionMeta, ROOT_TREE};
use super::tree::{Jmt, TreeStore, EMPTY_ROOT};
use super::{split_key, split_key_indexed, SUBSTORES};

fn proof_error(e: anyhow::Error) -> StoreError {
    StoreError::Proof(format!("{e:#}"))
}

pub(crate) fn get_with_proof(
    shared: &Shared,
    height: u64,
    meta: Option<&VersionMeta>,
    key: &[u8],
) -> Result<(Option<Vec<u8>>, Vec<CommitmentProof>), StoreError> {
    shared.ensure_readable(height)?;
    let proven = prove(shared, meta, key);
    // Pruning raises the floor before deleting: if it is still below us, the walks were intact
    // (and if they failed, being pruned is the reason to report).
    shared.ensure_readable(height)?;
    proven
}

fn prove(
    shared: &Shared,
    meta: Option<&VersionMeta>,
    key: &[u8],
) -> Result<(Option<Vec<u8>>, Vec<CommitmentProof>), StoreError> {
    let (index, inner) = split_key_indexed(key).ok_or_else(|| StoreError::unknown_substore(key))?;
    if inner.is_empty() {
        return Err(StoreError::invalid_key(
            key,
            "ICS-23 cannot prove an empty key inside a substore",
        ));
    }
    let name = SUBSTORES
        .get(index)
        .ok_or_else(|| StoreError::unknown_substore(key))?;
    let meta = meta.ok_or_else(|| StoreError::Proof("nothing has been committed yet".into()))?;

    let root_reader = TreeStore::reading(shared, ROOT_TREE);
    let (substore_root, root_proof) = Jmt::new(&root_reader)
        .get_with_ics23_proof(name.as_bytes().to_vec(), meta.root_version)
        .map_err(proof_error)?;
    let (value, proofs) = match substore_root {
        // The substore is empty: the root-level proof alone shows the key is absent.
        None => (None, vec![root_proof]),
        Some(root) if root == EMPTY_ROOT => (None, vec![root_proof]),
        Some(_) => {
            let tree = layout::substore_tree(index)?;
            let version = meta.tree_version(tree).ok_or_else(|| {
                StoreError::Corrupt(format!("substore {name} has a root but no version"))
            })?;
            let reader = TreeStore::reading(shared, tree);
            let (value, proof) = Jmt::new(&reader)
                .get_with_ics23_proof(inner.to_vec(), version)
                .map_err(proof_error)?;
            (value, vec![proof, root_proof])
        }
    };
    for proof in &proofs {
        ensure_expressible(proof)?;
    }
    Ok((value, proofs))
}

/// The existence proofs inside a commitment proof (one, or the neighbours of an absent key).
fn existence_proofs(proof: &CommitmentProof) -> Vec<&ExistenceProof> {
    match &proof.proof {
        Some(Proof::Exist(exist)) => vec![exist],
        Some(Proof::Nonexist(non)) => non.left.iter().chain(non.right.iter()).collect(),
        _ => Vec::new(),
    }
}

/// ICS-23 rejects existence proofs of empty values, so such a proof would never verify.
fn ensure_expressible(proof: &CommitmentProof) -> Result<(), StoreError> {
    if existence_proofs(proof).iter().any(|e| e.value.is_empty()) {
        return Err(StoreError::Proof(
            "the key or its neighbour holds an empty value, which ICS-23 cannot express".into(),
        ));
    }
    Ok(())
}

/// The root a proof commits to (for a non-existence proof, the root its neighbours prove).
fn committed_root(proof: &CommitmentProof) -> Option<Vec<u8>> {
    let exist = existence_proofs(proof).into_iter().next()?;
    ics23::calculate_existence_root::<HostFunctionsManager>(exist).ok()
}

/// Verify a proof from [`Snapshot::get_with_proof`](super::Snapshot::get_with_proof) that the
/// full `key` holds `value` (`Some`) or is absent (`None`) in the state with `app_hash`.
///
/// Accepts `[substore proof, root proof]`, and for an absent key also the single root proof
/// showing its whole substore empty.
pub fn verify_proof(
    app_hash: &[u8; 32],
    key: &[u8],
    value: Option<&[u8]>,
    proofs: &[CommitmentProof],
) -> bool {
    let Some((name, inner)) = split_key(key) else {
        return false;
    };
    let spec = jmt::ics23_spec();
    let app_hash = app_hash.to_vec();
    match (proofs, value) {
        ([substore, root], value) => {
            let Some(substore_root) = committed_root(substore) else {
                return false;
            };
            let in_substore = match value {
                Some(value) => ics23::verify_membership::<HostFunctionsManager>(
                    substore,
                    &spec,
                    &substore_root,
                    inner,
                    value,
                ),
                None => ics23::verify_non_membership::<HostFunctionsManager>(
                    substore,
                    &spec,
                    &substore_root,
                    inner,
                ),
            };
            in_substore
                && ics23::verify_membership::<HostFunctionsManager>(
                    root,
                    &spec,
                    &app_hash,
                    name.as_bytes(),
                    &substore_root,
                )
        }
        ([root], None) => {
            ics23::verify_membership::<HostFunctionsManager>(
                root,
                &spec,
                &app_hash,
                name.as_bytes(),
                &EMPTY_ROOT,
            ) || ics23::verify_non_membership::<HostFunctionsManager>(
                root,
                &spec,
                &app_hash,
                name.as_bytes(),
            )
        }
        _ => false,
    }
}
