//! Our own chain as an IBC host: its height and time, and the consensus state a counterparty's
//! 07-tendermint client of us stores at each height, kept for a window of heights so the
//! connection handshake can check what the counterparty claims about us.

use borsh::{BorshDeserialize, BorshSerialize};
use ibc::clients::tendermint::consensus_state::ConsensusState as TmConsensusState;
use ibc::clients::tendermint::types::ConsensusState as TmConsensusStateType;
use ibc::core::commitment_types::commitment::CommitmentRoot;
use ibc::core::host::types::identifiers::ChainId;
use openledger_framework::{BlockCtx, StateRead, StateReadExt, StateWrite, StateWriteExt};

use crate::error::IbcError;
use crate::state_key;

/// How many heights of our own consensus states are kept (the SDK's `HistoricalEntries`
/// default): a counterparty's handshake proves a state of ours at most this far back.
pub const HOST_HISTORY: u64 = 10_000;

/// What a 07-tendermint client of this chain stores at one height: the header's time, its
/// app hash (the root proofs verify against) and its next validator set hash.
#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct HostRecord {
    /// The IBC revision of the chain id (the `N` of `name-N`).
    pub revision_number: u64,
    pub height: u64,
    pub time_unix_secs: i64,
    pub time_nanos: u32,
    pub app_hash: Vec<u8>,
    pub next_validators_hash: Vec<u8>,
}

impl HostRecord {
    /// The block time in nanoseconds since the Unix epoch.
    pub fn time_unix_nanos(&self) -> Result<u64, IbcError> {
        let secs = u64::try_from(self.time_unix_secs)
            .map_err(|_| IbcError::Host("block time before 1970".into()))?;
        secs.checked_mul(1_000_000_000)
            .and_then(|n| n.checked_add(u64::from(self.time_nanos)))
            .ok_or_else(|| IbcError::Host("block time overflows".into()))
    }

    /// The record as the counterparty's client stores it.
    pub fn consensus_state(&self) -> Result<TmConsensusState, IbcError> {
        let time = tendermint::Time::from_unix_timestamp(self.time_unix_secs, self.time_nanos)
            .map_err(|e| IbcError::Host(format!("block time: {e}")))?;
        let next = tendermint::Hash::from_bytes(
            tendermint::hash::Algorithm::Sha256,
            &self.next_validators_hash,
        )
        .map_err(|e| IbcError::Host(format!("next validators hash: {e}")))?;
        let root = CommitmentRoot::from_bytes(&self.app_hash);
        Ok(TmConsensusStateType::new(root, time, next).into())
    }
}

/// Record this block as seen by a light client of us: called by the app at the start of
/// every block, with the app hash of the previous block (the one this block's header
/// carries). Drops the record that just left the window (one delete per block).
pub fn record_block(
    state: &mut dyn StateWrite,
    block: &BlockCtx,
    app_hash: &[u8],
    next_validators_hash: &[u8],
) -> Result<(), IbcError> {
    let record = HostRecord {
        revision_number: revision_of(&block.chain_id),
        height: block.height,
        time_unix_secs: block.time_unix_secs,
        time_nanos: block.time_nanos,
        app_hash: app_hash.to_vec(),
        next_validators_hash: next_validators_hash.to_vec(),
    };
    state.put_borsh(state_key::host_record_key(block.height), &record)?;
    state.put_raw(
        state_key::HOST_LATEST.to_vec(),
        block.height.to_be_bytes().to_vec(),
    )?;
    if let Some(old) = block.height.checked_sub(HOST_HISTORY) {
        state.delete(state_key::host_record_key(old))?;
    }
    Ok(())
}

pub fn host_record(state: &dyn StateRead, height: u64) -> Result<Option<HostRecord>, IbcError> {
    Ok(state.get_borsh(&state_key::host_record_key(height))?)
}

/// The latest recorded host block, if any block has run since IBC existed.
pub fn latest_host_record(state: &dyn StateRead) -> Result<Option<HostRecord>, IbcError> {
    let Some(bytes) = state.get_raw(state_key::HOST_LATEST)? else {
        return Ok(None);
    };
    let h: [u8; 8] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| IbcError::Host("bad latest host height".into()))?;
    host_record(state, u64::from_be_bytes(h))
}

/// The IBC revision number of a chain id: the `N` of `name-N` (0 for ids without one).
pub fn revision_of(chain_id: &str) -> u64 {
    ChainId::new(chain_id)
        .map(|c| c.revision_number())
        .unwrap_or(0)
}
