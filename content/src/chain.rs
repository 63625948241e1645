//! What the content store needs to know of the chain, as a trait the node implements over its
//! committed state (and tests over a fixed list).

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use openledger_proto::openledger::content::v1 as pb;

use crate::hash::Hash;
use crate::store::Store;

/// A contribution's record on chain, as far as its bytes are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub id: u64,
    pub datanet_id: u64,
    pub hash: Hash,
    pub size_bytes: u64,
    pub content_uri: String,
    /// Approved (otherwise pending).
    pub approved: bool,
}

impl Contribution {
    pub fn to_missing(&self) -> pb::MissingContribution {
        pb::MissingContribution {
            contribution_id: self.id,
            datanet_id: self.datanet_id,
            content_hash: self.hash.0.to_vec(),
            size_bytes: self.size_bytes,
            content_uri: self.content_uri.clone(),
        }
    }

    /// A record read back from a [`pb::MissingContribution`] (a Status answer); `None` when its
    /// hash is not 32 bytes.
    pub fn from_missing(m: &pb::MissingContribution) -> Option<Contribution> {
        Some(Contribution {
            id: m.contribution_id,
            datanet_id: m.datanet_id,
            hash: Hash::from_slice(&m.content_hash).ok()?,
            size_bytes: m.size_bytes,
            content_uri: m.content_uri.clone(),
            approved: true,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("unknown datanet {0}")]
    UnknownDatanet(u64),
    /// The state could not be read; the text is short and names no file.
    #[error("chain state unavailable: {0}")]
    Unavailable(String),
}

/// A read-only view of the chain's committed state. Calls may block (they read the node's
/// store): async callers run them on a blocking thread.
pub trait Chain: Send + Sync + 'static {
    /// The datanets `max_contribution_bytes` parameter. Called on every gRPC request: cheap.
    fn max_contribution_bytes(&self) -> Result<u64, ChainError>;

    /// Pending or approved contributions whose content hash is `hash`, by id, at most `limit`.
    fn contributions_with_hash(
        &self,
        hash: &Hash,
        limit: usize,
    ) -> Result<Vec<Contribution>, ChainError>;

    /// Visit the approved contributions of datanet `datanet_id` (every datanet when 0), by id
    /// within a datanet, until `visit` breaks. [`ChainError::UnknownDatanet`] for a datanet
    /// that does not exist.
    fn approved_contributions(
        &self,
        datanet_id: u64,
        visit: &mut dyn FnMut(Contribution) -> ControlFlow<()>,
    ) -> Result<(), ChainError>;
}

/// Whether `store` holds a file of the right size for `c` (metadata only).
pub fn holds(store: &Store, c: &Contribution) -> bool {
    matches!(store.len_of(&c.hash), Ok(Some(n)) if n == c.size_bytes)
}

/// The `Status` answer: approved contributions in scope, those held, their bytes, and up to
/// `limit` missing ones in contribution id order. Reads every approved contribution in scope.
pub fn status<C: Chain + ?Sized>(
    store: &Store,
    chain: &C,
    datanet_id: u64,
    limit: usize,
) -> Result<pb::StatusResponse, ChainError> {
    let mut out = pb::StatusResponse::default();
    let mut missing: BTreeMap<u64, Contribution> = BTreeMap::new();
    chain.approved_contributions(datanet_id, &mut |c| {
        out.approved = out.approved.saturating_add(1);
        if holds(store, &c) {
            out.held = out.held.saturating_add(1);
            out.held_bytes = out.held_bytes.saturating_add(c.size_bytes);
        } else if limit > 0 {
            missing.insert(c.id, c);
            if missing.len() > limit {
                missing.pop_last();
            }
        }
        ControlFlow::Continue(())
    })?;
    out.missing = missing.values().map(Contribution::to_missing).collect();
    Ok(out)
}

/// Up to `limit` approved contributions (of one datanet, or all when 0) that `store` misses,
/// leaving out those `skip` names (e.g. ones waiting for a retry).
pub fn missing<C: Chain + ?Sized>(
    store: &Store,
    chain: &C,
    datanet_id: u64,
    limit: usize,
    skip: &dyn Fn(&Contribution) -> bool,
) -> Result<Vec<Contribution>, ChainError> {
    let mut out: Vec<Contribution> = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    chain.approved_contributions(datanet_id, &mut |c| {
        // One hash may be the content of contributions in several datanets: fetch it once.
        if !holds(store, &c) && !skip(&c) && !out.iter().any(|o| o.hash == c.hash) {
            out.push(c);
        }
        if out.len() >= limit {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    Ok(out)
}
