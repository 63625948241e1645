//! Consensus connection: requests arrive strictly in order and are answered in `call`, so the
//! order CometBFT sends them is the order they run in.

use std::future::{ready, Ready};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use openledger_framework::{Misbehavior, MisbehaviorKind, ValidatorUpdate, VoteInfo};
use tendermint::abci::response::{self, ProcessProposal, VerifyVoteExtension};
use tendermint::v0_38::abci::{ConsensusRequest, ConsensusResponse};
use tower_abci::BoxError;
use tracing::{error, warn};

use tendermint::abci::types::{self as abci_types, CommitInfo, ExtendedCommitInfo};
use tendermint::validator;

use crate::abci::events::to_abci_events;
use crate::abci::vote_extension as ve;
use crate::app::{App, AppError, BlockInput, BlockParams, LastCommit};
use crate::challenge_results::ChallengeResults;
use crate::statesync::Snapshotter;
use crate::tx::result::exec_tx_result;

#[derive(Clone)]
pub struct ConsensusService {
    app: Arc<Mutex<App>>,
    /// This node's challenge results (filled by the challenge runner), read by ExtendVote.
    results: ChallengeResults,
    /// Takes state-sync snapshots after Commit, if enabled.
    snapshots: Option<Snapshotter>,
}

impl ConsensusService {
    pub fn new(app: Arc<Mutex<App>>, results: ChallengeResults) -> Self {
        ConsensusService {
            app,
            results,
            snapshots: None,
        }
    }

    /// Take a state-sync snapshot after each Commit `snapshotter` says is due.
    pub fn with_snapshots(mut self, snapshotter: Option<Snapshotter>) -> Self {
        self.snapshots = snapshotter;
        self
    }
}

fn vote(addr: [u8; 20], power: tendermint::vote::Power, signed: bool) -> VoteInfo {
    VoteInfo {
        consensus_address: addr,
        power: i64::try_from(power.value()).unwrap_or(i64::MAX),
        signed,
    }
}

fn votes<'a>(
    list: impl Iterator<
        Item = (
            &'a abci_types::Validator,
            &'a abci_types::BlockSignatureInfo,
        ),
    >,
) -> Vec<VoteInfo> {
    list.map(|(v, sig)| vote(v.address, v.power, sig.is_signed()))
        .collect()
}

fn commit_votes(c: &CommitInfo) -> Vec<VoteInfo> {
    votes(c.votes.iter().map(|v| (&v.validator, &v.sig_info)))
}

fn extended_commit_votes(c: &ExtendedCommitInfo) -> Vec<VoteInfo> {
    votes(c.votes.iter().map(|v| (&v.validator, &v.sig_info)))
}

/// Evidence of an unknown kind is dropped: CometBFT only sends the two known kinds.
fn misbehavior(list: &[abci_types::Misbehavior]) -> Vec<Misbehavior> {
    list.iter()
        .filter_map(|m| {
            let kind = match m.kind {
                abci_types::MisbehaviorKind::DuplicateVote => MisbehaviorKind::DuplicateVote,
                abci_types::MisbehaviorKind::LightClientAttack => {
                    MisbehaviorKind::LightClientAttack
                }
                abci_types::MisbehaviorKind::Unknown => return None,
            };
            let nanos = m.time.unix_timestamp_nanos();
            Some(Misbehavior {
                kind,
                consensus_address: m.validator.address,
                height: m.height.value(),
                power: i64::try_from(m.validator.power.value()).unwrap_or(i64::MAX),
                time_unix_secs: i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(0),
            })
        })
        .collect()
}

/// Validator updates for CometBFT. Keys come from our own state, which only holds valid
/// ed25519 keys; one that does not convert is an internal error.
pub fn to_abci_updates(updates: &[ValidatorUpdate]) -> Result<Vec<validator::Update>, AppError> {
    updates
        .iter()
        .map(|u| {
            let pub_key = tendermint::PublicKey::from_raw_ed25519(&u.ed25519_pubkey)
                .ok_or_else(|| AppError::Protocol("invalid ed25519 key in state".into()))?;
            let power = tendermint::vote::Power::try_from(u.power)
                .map_err(|e| AppError::Protocol(format!("invalid validator power: {e}")))?;
            Ok(validator::Update { pub_key, power })
        })
        .collect()
}

fn handle(
    app: &mut App,
    results: &ChallengeResults,
    req: ConsensusRequest,
) -> Result<ConsensusResponse, AppError> {
    Ok(match req {
        ConsensusRequest::InitChain(r) => {
            let block = r.consensus_params.block;
            let params = BlockParams {
                max_bytes: i64::try_from(block.max_bytes).unwrap_or(i64::MAX),
                max_gas: block.max_gas,
            };
            let initial = r.initial_height.value();
            let (app_hash, validators) =
                app.init_chain(&r.chain_id, &r.app_state_bytes, initial, params)?;
            app.set_genesis_time(r.time);
            // The staking genesis decides the set; without genesis validators CometBFT's own
            // genesis validators stay in place (an unstaked development chain).
            let validators = if validators.is_empty() {
                r.validators
            } else {
                to_abci_updates(&validators)?
            };
            ConsensusResponse::InitChain(response::InitChain {
                consensus_params: None,
                validators,
                app_hash: app_hash.to_vec().try_into().unwrap_or_default(),
            })
        }
        ConsensusRequest::PrepareProposal(r) => {
            let input = BlockInput {
                votes: r
                    .local_last_commit
                    .as_ref()
                    .map(extended_commit_votes)
                    .unwrap_or_default(),
                misbehavior: misbehavior(&r.misbehavior),
                last_commit: r
                    .local_last_commit
                    .map(|c| LastCommit::Extended(c.into()))
                    .unwrap_or_default(),
                next_validators_hash: r.next_validators_hash.as_bytes().to_vec(),
            };
            let txs =
                app.prepare_proposal(r.txs, r.max_tx_bytes, r.height.value(), r.time, &input)?;
            ConsensusResponse::PrepareProposal(response::PrepareProposal { txs })
        }
        ConsensusRequest::ProcessProposal(r) => {
            let input = BlockInput {
                votes: r
                    .proposed_last_commit
                    .as_ref()
                    .map(commit_votes)
                    .unwrap_or_default(),
                misbehavior: misbehavior(&r.misbehavior),
                last_commit: r
                    .proposed_last_commit
                    .map(|c| LastCommit::Decided(c.into()))
                    .unwrap_or_default(),
                next_validators_hash: r.next_validators_hash.as_bytes().to_vec(),
            };
            let ok = app.process_proposal(
                &r.txs,
                r.hash.as_bytes().to_vec(),
                r.height.value(),
                r.time,
                &input,
            )?;
            ConsensusResponse::ProcessProposal(if ok {
                ProcessProposal::Accept
            } else {
                ProcessProposal::Reject
            })
        }
        ConsensusRequest::FinalizeBlock(r) => {
            let input = BlockInput {
                votes: commit_votes(&r.decided_last_commit),
                misbehavior: misbehavior(&r.misbehavior),
                last_commit: LastCommit::Decided(r.decided_last_commit.into()),
                next_validators_hash: r.next_validators_hash.as_bytes().to_vec(),
            };
            let timer = crate::metrics::Timer::start();
            let done = app.finalize_block(
                &r.txs,
                r.hash.as_bytes().to_vec(),
                r.height.value(),
                r.time,
                &input,
            )?;
            crate::metrics::global().observe_finalize(r.height.value(), &done, timer.elapsed());
            ConsensusResponse::FinalizeBlock(response::FinalizeBlock {
                events: to_abci_events(&done.events),
                tx_results: done.outcomes.iter().map(exec_tx_result).collect(),
                validator_updates: to_abci_updates(&done.validator_updates)?,
                consensus_param_updates: None,
                app_hash: done.app_hash.to_vec().try_into().unwrap_or_default(),
            })
        }
        ConsensusRequest::Commit => {
            let timer = crate::metrics::Timer::start();
            app.commit()?;
            crate::metrics::global().observe_commit(timer.elapsed());
            ConsensusResponse::Commit(response::Commit {
                data: Default::default(),
                retain_height: 0u32.into(),
            })
        }
        // This node's results for the open challenges (empty when there is none).
        ConsensusRequest::ExtendVote(_) => ConsensusResponse::ExtendVote(response::ExtendVote {
            vote_extension: app.extend_vote(results).into(),
        }),
        // Shape and size only: the answer depends on the extension's bytes alone.
        ConsensusRequest::VerifyVoteExtension(r) => {
            ConsensusResponse::VerifyVoteExtension(match ve::check_extension(&r.vote_extension) {
                Ok(_) => VerifyVoteExtension::Accept,
                Err(e) => {
                    warn!(
                        validator = %r.validator_address,
                        height = %r.height,
                        reason = %e,
                        "rejecting a vote extension"
                    );
                    VerifyVoteExtension::Reject
                }
            })
        }
    })
}

impl tower::Service<ConsensusRequest> for ConsensusService {
    type Response = ConsensusResponse;
    type Error = BoxError;
    type Future = Ready<Result<ConsensusResponse, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: ConsensusRequest) -> Self::Future {
        let app = self.app.clone();
        let results = self.results.clone();
        let snapshots = self.snapshots.clone();
        let result = tokio::task::block_in_place(move || {
            let mut app = app
                .lock()
                .map_err(|_| AppError::Protocol("app lock poisoned".into()))?;
            let resp = handle(&mut app, &results, req)?;
            // Still under the app lock, so no later block commits before the snapshot's
            // non-verifiable entries are read.
            if let (ConsensusResponse::Commit(_), Some(s)) = (&resp, &snapshots) {
                s.after_commit(app.storage());
            }
            Ok::<_, AppError>(resp)
        });
        ready(result.map_err(|e| {
            // The node cannot continue safely: CometBFT stops when this connection fails.
            error!(error = %e, "consensus request failed");
            BoxError::from(e)
        }))
    }
}
