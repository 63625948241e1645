//! The signatures of a block's txs, verified on every core before the block is executed in
//! order. Verification only fills this node's signature cache: execution then finds each
//! verdict there instead of verifying, one tx after another. The key, sign bytes and account
//! number are read from the state at the start of the block; a tx whose signer changes them
//! earlier in the same block is simply verified again during execution. So results and their
//! order are exactly those of a sequential execution.

use openledger_auth::AuthRead;
use openledger_framework::StateRead;

use crate::abci::vote_extension as ve;
use crate::tx::ante::{verifications, verify_cached};
use crate::tx::decode::decode_tx;
use crate::tx::sig_cache::SigCache;

/// Fewer signatures than this are verified on the calling thread alone.
const MIN_PARALLEL: usize = 64;

/// Verify, in parallel, the signatures of `txs` that `cache` holds no verdict for.
pub fn preverify<S: StateRead>(state: &S, chain_id: &str, txs: &[bytes::Bytes], cache: &SigCache) {
    let Ok(params) = state.auth_params() else {
        return;
    };
    let mut jobs = Vec::new();
    for bytes in txs {
        if ve::is_injection(bytes) {
            continue;
        }
        let Ok(tx) = decode_tx(bytes, &params) else {
            continue;
        };
        for (pubkey, msg, sig) in verifications(state, &tx, &tx.signers(), chain_id) {
            if cache.verdict(&SigCache::key(&pubkey, &msg, &sig)).is_none() {
                jobs.push((pubkey, msg, sig));
            }
        }
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(16);
    if jobs.len() < MIN_PARALLEL || threads < 2 {
        return;
    }
    let per_thread = jobs.len().div_ceil(threads);
    std::thread::scope(|s| {
        for chunk in jobs.chunks(per_thread) {
            s.spawn(move || {
                for (pubkey, msg, sig) in chunk {
                    // the verdict, good or bad, is what the cache keeps
                    let _ = verify_cached(Some(cache), pubkey, msg, sig);
                }
            });
        }
    });
}
