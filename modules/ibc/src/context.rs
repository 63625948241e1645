//! The ibc-rs host contexts over our state: ICS-02 clients, ICS-03 connections and ICS-04
//! channels read and written at their ICS-24 paths in the `ibc` substore.
//!
//! ibc-rs hands the core context and the application (ICS-20) separate `&mut` borrows, while
//! both act on one state; [`Host`] therefore holds the state in a `RefCell`, borrowed only
//! for the length of one read or write, and every context refers to the same `Host`.

use std::cell::RefCell;
use std::time::Duration;

use ibc::clients::tendermint::client_state::ClientState as TmClientState;
use ibc::clients::tendermint::consensus_state::ConsensusState as TmConsensusState;
use ibc::core::channel::types::channel::ChannelEnd;
use ibc::core::channel::types::commitment::{AcknowledgementCommitment, PacketCommitment};
use ibc::core::channel::types::packet::Receipt;
use ibc::core::client::context::{
    ClientExecutionContext, ClientValidationContext, ExtClientValidationContext,
};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentPrefix;
use ibc::core::commitment_types::specs::ProofSpecs;
use ibc::core::connection::types::ConnectionEnd;
use ibc::core::handler::types::events::IbcEvent;
use ibc::core::host::types::error::HostError;
use ibc::core::host::types::identifiers::{ChainId, ClientId, ConnectionId, Sequence};
use ibc::core::host::types::path::{
    AckPath, ChannelEndPath, ClientConnectionPath, ClientConsensusStatePath, ClientStatePath,
    ClientUpdateHeightPath, ClientUpdateTimePath, CommitmentPath, ConnectionPath,
    NextChannelSequencePath, NextClientSequencePath, NextConnectionSequencePath, ReceiptPath,
    SeqAckPath, SeqRecvPath, SeqSendPath,
};
use ibc::core::host::{ExecutionContext, ValidationContext};
use ibc::cosmos_host::ValidateSelfClientContext;
use ibc::primitives::proto::{Any, Protobuf};
use ibc::primitives::{Signer, Timestamp};
use ibc_proto::ibc::core::client::v1::Height as RawHeight;
use ibc_proto::ibc::core::connection::v1::ClientPaths;
use openledger_framework::{Address, BlockCtx, StateRead, StateWrite, ACCOUNT_PREFIX};
use prost::Message;

use crate::events::record_ibc_event;
use crate::host;
use crate::state_key::{self, path_key};

/// The longest block time a counterparty should expect of us (connection delay periods in
/// blocks are derived from it).
pub const MAX_EXPECTED_TIME_PER_BLOCK: Duration = Duration::from_secs(30);

/// Most consensus heights `consensus_state_heights` answers, the oldest first. Its one caller,
/// the 07-tendermint client's pruning after each update, walks them from the oldest and stops
/// at the first unexpired one: the oldest few are all it needs, and a client updated every
/// block for weeks would otherwise make every update read thousands of keys.
const MAX_HEIGHTS_SCAN: usize = 64;

/// Our chain as ibc-rs sees it during one message: the state, the block and the chain's
/// fixed facts.
pub struct Host<'a> {
    state: RefCell<&'a mut dyn StateWrite>,
    pub block: &'a BlockCtx,
    pub chain_id: ChainId,
    /// The staking unbonding period: a counterparty's client of us must trust less.
    pub unbonding_period: Duration,
    proof_specs: ProofSpecs,
    /// Where an upgraded client state of us would be committed: ibc-go's path, which Hermes
    /// writes into every client of a Cosmos chain.
    upgrade_path: Vec<String>,
}

/// ibc-go's upgrade path (`upgrade` store, `upgradedIBCState` key).
pub fn upgrade_path() -> Vec<String> {
    vec!["upgrade".to_string(), "upgradedIBCState".to_string()]
}

impl std::fmt::Debug for Host<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("chain_id", &self.chain_id)
            .field("height", &self.block.height)
            .finish()
    }
}

/// The proof specs of our store: a JMT per substore under a JMT of substore roots.
pub fn our_proof_specs() -> ProofSpecs {
    let spec = jmt::ics23_spec();
    // same protobuf, two crates' types: ics23's and ibc-proto's
    let raw = ibc_proto::ics23::ProofSpec::decode(spec.encode_to_vec().as_slice()).ok();
    ProofSpecs::try_from(
        raw.into_iter()
            .flat_map(|s| [s.clone(), s])
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| ProofSpecs::cosmos())
}

impl<'a> Host<'a> {
    pub fn new(
        state: &'a mut dyn StateWrite,
        block: &'a BlockCtx,
        unbonding_period: Duration,
    ) -> Result<Self, HostError> {
        let chain_id = ChainId::new(&block.chain_id).map_err(HostError::invalid_state)?;
        Ok(Host {
            state: RefCell::new(state),
            block,
            chain_id,
            unbonding_period,
            proof_specs: our_proof_specs(),
            upgrade_path: upgrade_path(),
        })
    }

    /// Run `f` on the state, read-only.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&dyn StateRead) -> Result<T, HostError>,
    ) -> Result<T, HostError> {
        let guard = self
            .state
            .try_borrow()
            .map_err(|_| HostError::failed_to_retrieve("state is busy"))?;
        let s: &dyn StateWrite = &**guard;
        f(upcast(s))
    }

    /// Run `f` on the state, read-write.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn StateWrite) -> Result<T, HostError>,
    ) -> Result<T, HostError> {
        let mut guard = self
            .state
            .try_borrow_mut()
            .map_err(|_| HostError::failed_to_store("state is busy"))?;
        f(&mut **guard)
    }

    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, HostError> {
        self.read(|s| s.get_raw(key).map_err(HostError::failed_to_retrieve))
    }

    pub fn put(&self, key: Vec<u8>, value: Vec<u8>) -> Result<(), HostError> {
        self.write(|s| s.put_raw(key, value).map_err(HostError::failed_to_store))
    }

    pub fn del(&self, key: Vec<u8>) -> Result<(), HostError> {
        self.write(|s| s.delete(key).map_err(HostError::failed_to_store))
    }

    fn get_u64(&self, key: &[u8]) -> Result<Option<u64>, HostError> {
        match self.get(key)? {
            None => Ok(None),
            Some(b) => {
                let a: [u8; 8] = b
                    .as_slice()
                    .try_into()
                    .map_err(|_| HostError::invalid_state("stored sequence is not 8 bytes"))?;
                Ok(Some(u64::from_be_bytes(a)))
            }
        }
    }

    fn put_u64(&self, key: Vec<u8>, v: u64) -> Result<(), HostError> {
        self.put(key, v.to_be_bytes().to_vec())
    }

    pub fn host_height(&self) -> Result<Height, HostError> {
        Height::new(self.chain_id.revision_number(), self.block.height)
            .map_err(HostError::invalid_state)
    }

    pub fn host_timestamp(&self) -> Result<Timestamp, HostError> {
        let secs = u64::try_from(self.block.time_unix_secs)
            .map_err(|_| HostError::invalid_state("block time before 1970"))?;
        let nanos = secs
            .checked_mul(1_000_000_000)
            .and_then(|n| n.checked_add(u64::from(self.block.time_nanos)))
            .ok_or_else(|| HostError::invalid_state("block time overflows"))?;
        Ok(Timestamp::from_nanoseconds(nanos))
    }

    /// Record an event of ibc-rs (or of an application) on the state, as ibc-go emits it.
    pub fn emit(&self, event: IbcEvent) -> Result<(), HostError> {
        self.write(|s| record_ibc_event(s, event).map_err(host_other))
    }
}

/// A failure of ours reported to ibc-rs.
pub fn host_other(e: impl ToString) -> HostError {
    HostError::Other {
        description: e.to_string(),
    }
}

fn upcast(s: &dyn StateWrite) -> &dyn StateRead {
    s
}

/// The ibc-rs core context: one per message, over a shared [`Host`].
#[derive(Debug, Clone, Copy)]
pub struct IbcCtx<'h, 'a> {
    pub host: &'h Host<'a>,
}

fn decode_any(bytes: &[u8]) -> Result<Any, HostError> {
    Any::decode(bytes).map_err(HostError::failed_to_retrieve)
}

impl IbcCtx<'_, '_> {
    fn heights(&self, client_id: &ClientId) -> Result<Vec<Height>, HostError> {
        let prefix = state_key::consensus_heights_prefix(client_id.as_str());
        self.host.read(|s| {
            let mut out = Vec::new();
            for item in s.prefix_raw(&prefix, None).take(MAX_HEIGHTS_SCAN) {
                let (k, _) = item.map_err(HostError::failed_to_retrieve)?;
                out.push(height_from_index(&k[prefix.len()..], false)?);
            }
            Ok(out)
        })
    }

    /// The first consensus height after (`desc` false) or before (`desc` true) `height`.
    fn neighbour(
        &self,
        client_id: &ClientId,
        height: &Height,
        desc: bool,
    ) -> Result<Option<Height>, HostError> {
        let (prefix, start) = if desc {
            (
                state_key::consensus_heights_desc_prefix(client_id.as_str()),
                state_key::consensus_height_desc_key(
                    client_id.as_str(),
                    height.revision_number(),
                    height.revision_height(),
                ),
            )
        } else {
            (
                state_key::consensus_heights_prefix(client_id.as_str()),
                state_key::consensus_height_key(
                    client_id.as_str(),
                    height.revision_number(),
                    height.revision_height(),
                ),
            )
        };
        self.host.read(|s| {
            for item in s.prefix_raw(&prefix, Some(&start)).take(2) {
                let (k, _) = item.map_err(HostError::failed_to_retrieve)?;
                if k == start {
                    continue;
                }
                return Ok(Some(height_from_index(&k[prefix.len()..], desc)?));
            }
            Ok(None)
        })
    }
}

fn height_from_index(suffix: &[u8], desc: bool) -> Result<Height, HostError> {
    let bad = || HostError::invalid_state("bad consensus height index key");
    let rev: [u8; 8] = suffix
        .get(..8)
        .ok_or_else(bad)?
        .try_into()
        .map_err(|_| bad())?;
    let h: [u8; 8] = suffix
        .get(8..16)
        .ok_or_else(bad)?
        .try_into()
        .map_err(|_| bad())?;
    let (mut rev, mut h) = (u64::from_be_bytes(rev), u64::from_be_bytes(h));
    if desc {
        rev = u64::MAX - rev;
        h = u64::MAX - h;
    }
    Height::new(rev, h).map_err(HostError::invalid_state)
}

impl ClientValidationContext for IbcCtx<'_, '_> {
    type ClientStateRef = TmClientState;
    type ConsensusStateRef = TmConsensusState;

    fn client_state(&self, client_id: &ClientId) -> Result<TmClientState, HostError> {
        let bytes = self
            .host
            .get(&path_key(&ClientStatePath::new(client_id.clone())))?
            .ok_or_else(|| HostError::missing_state(format!("client {client_id}")))?;
        TmClientState::try_from(decode_any(&bytes)?).map_err(HostError::failed_to_retrieve)
    }

    fn consensus_state(
        &self,
        path: &ClientConsensusStatePath,
    ) -> Result<TmConsensusState, HostError> {
        let bytes = self.host.get(&path_key(path))?.ok_or_else(|| {
            HostError::missing_state(format!(
                "consensus state of {} at {}-{}",
                path.client_id, path.revision_number, path.revision_height
            ))
        })?;
        TmConsensusState::try_from(decode_any(&bytes)?).map_err(HostError::failed_to_retrieve)
    }

    fn client_update_meta(
        &self,
        client_id: &ClientId,
        height: &Height,
    ) -> Result<(Timestamp, Height), HostError> {
        let time_path = ClientUpdateTimePath::new(
            client_id.clone(),
            height.revision_number(),
            height.revision_height(),
        );
        let nanos = self
            .host
            .get_u64(&path_key(&time_path))?
            .ok_or_else(|| HostError::missing_state(format!("update time of {client_id}")))?;
        let height_path = ClientUpdateHeightPath::new(
            client_id.clone(),
            height.revision_number(),
            height.revision_height(),
        );
        let raw = self
            .host
            .get(&path_key(&height_path))?
            .ok_or_else(|| HostError::missing_state(format!("update height of {client_id}")))?;
        let raw = RawHeight::decode(raw.as_slice()).map_err(HostError::failed_to_retrieve)?;
        let h = Height::try_from(raw).map_err(HostError::failed_to_retrieve)?;
        Ok((Timestamp::from_nanoseconds(nanos), h))
    }
}

impl ClientExecutionContext for IbcCtx<'_, '_> {
    type ClientStateMut = TmClientState;

    fn store_client_state(
        &mut self,
        path: ClientStatePath,
        client_state: TmClientState,
    ) -> Result<(), HostError> {
        self.host
            .put(path_key(&path), Any::from(client_state).encode_to_vec())
    }

    fn store_consensus_state(
        &mut self,
        path: ClientConsensusStatePath,
        consensus_state: TmConsensusState,
    ) -> Result<(), HostError> {
        let id = path.client_id.as_str();
        let (rev, h) = (path.revision_number, path.revision_height);
        self.host
            .put(state_key::consensus_height_key(id, rev, h), Vec::new())?;
        self.host
            .put(state_key::consensus_height_desc_key(id, rev, h), Vec::new())?;
        self.host
            .put(path_key(&path), Any::from(consensus_state).encode_to_vec())
    }

    fn delete_consensus_state(&mut self, path: ClientConsensusStatePath) -> Result<(), HostError> {
        let id = path.client_id.as_str();
        let (rev, h) = (path.revision_number, path.revision_height);
        self.host.del(state_key::consensus_height_key(id, rev, h))?;
        self.host
            .del(state_key::consensus_height_desc_key(id, rev, h))?;
        self.host.del(path_key(&path))
    }

    fn store_update_meta(
        &mut self,
        client_id: ClientId,
        height: Height,
        host_timestamp: Timestamp,
        host_height: Height,
    ) -> Result<(), HostError> {
        let (rev, h) = (height.revision_number(), height.revision_height());
        self.host.put_u64(
            path_key(&ClientUpdateTimePath::new(client_id.clone(), rev, h)),
            host_timestamp.nanoseconds(),
        )?;
        self.host.put(
            path_key(&ClientUpdateHeightPath::new(client_id, rev, h)),
            RawHeight::from(host_height).encode_to_vec(),
        )
    }

    fn delete_update_meta(&mut self, client_id: ClientId, height: Height) -> Result<(), HostError> {
        let (rev, h) = (height.revision_number(), height.revision_height());
        self.host.del(path_key(&ClientUpdateTimePath::new(
            client_id.clone(),
            rev,
            h,
        )))?;
        self.host
            .del(path_key(&ClientUpdateHeightPath::new(client_id, rev, h)))
    }
}

impl ExtClientValidationContext for IbcCtx<'_, '_> {
    fn host_timestamp(&self) -> Result<Timestamp, HostError> {
        self.host.host_timestamp()
    }

    fn host_height(&self) -> Result<Height, HostError> {
        self.host.host_height()
    }

    fn consensus_state_heights(&self, client_id: &ClientId) -> Result<Vec<Height>, HostError> {
        self.heights(client_id)
    }

    fn next_consensus_state(
        &self,
        client_id: &ClientId,
        height: &Height,
    ) -> Result<Option<TmConsensusState>, HostError> {
        match self.neighbour(client_id, height, false)? {
            None => Ok(None),
            Some(h) => self
                .consensus_state(&ClientConsensusStatePath::new(
                    client_id.clone(),
                    h.revision_number(),
                    h.revision_height(),
                ))
                .map(Some),
        }
    }

    fn prev_consensus_state(
        &self,
        client_id: &ClientId,
        height: &Height,
    ) -> Result<Option<TmConsensusState>, HostError> {
        match self.neighbour(client_id, height, true)? {
            None => Ok(None),
            Some(h) => self
                .consensus_state(&ClientConsensusStatePath::new(
                    client_id.clone(),
                    h.revision_number(),
                    h.revision_height(),
                ))
                .map(Some),
        }
    }
}

impl ValidateSelfClientContext for IbcCtx<'_, '_> {
    fn chain_id(&self) -> &ChainId {
        &self.host.chain_id
    }

    fn host_current_height(&self) -> Height {
        // a chain id that parsed has a revision; heights start at 1
        self.host
            .host_height()
            .unwrap_or_else(|_| Height::min(self.host.chain_id.revision_number()))
    }

    fn proof_specs(&self) -> &ProofSpecs {
        &self.host.proof_specs
    }

    fn unbonding_period(&self) -> Duration {
        self.host.unbonding_period
    }

    fn upgrade_path(&self) -> &[String] {
        &self.host.upgrade_path
    }
}

impl ValidationContext for IbcCtx<'_, '_> {
    type V = Self;
    type HostClientState = TmClientState;
    type HostConsensusState = TmConsensusState;

    fn get_client_validation_context(&self) -> &Self::V {
        self
    }

    fn host_height(&self) -> Result<Height, HostError> {
        self.host.host_height()
    }

    fn host_timestamp(&self) -> Result<Timestamp, HostError> {
        self.host.host_timestamp()
    }

    fn host_consensus_state(&self, height: &Height) -> Result<TmConsensusState, HostError> {
        if height.revision_number() != self.host.chain_id.revision_number() {
            return Err(HostError::invalid_state(format!(
                "height {height} is not of this chain's revision"
            )));
        }
        let record = self
            .host
            .read(|s| host::host_record(s, height.revision_height()).map_err(host_other))?
            .ok_or_else(|| HostError::missing_state(format!("own consensus state at {height}")))?;
        record.consensus_state().map_err(host_other)
    }

    fn client_counter(&self) -> Result<u64, HostError> {
        Ok(self
            .host
            .get_u64(&path_key(&NextClientSequencePath))?
            .unwrap_or(0))
    }

    fn connection_end(&self, conn_id: &ConnectionId) -> Result<ConnectionEnd, HostError> {
        let bytes = self
            .host
            .get(&path_key(&ConnectionPath::new(conn_id)))?
            .ok_or_else(|| HostError::missing_state(format!("connection {conn_id}")))?;
        <ConnectionEnd as Protobuf<_>>::decode_vec(&bytes).map_err(HostError::failed_to_retrieve)
    }

    fn validate_self_client(&self, client_state: TmClientState) -> Result<(), HostError> {
        self.validate_self_tendermint_client(client_state.inner().clone())
    }

    fn commitment_prefix(&self) -> CommitmentPrefix {
        CommitmentPrefix::from_bytes(b"ibc")
    }

    fn connection_counter(&self) -> Result<u64, HostError> {
        Ok(self
            .host
            .get_u64(&path_key(&NextConnectionSequencePath))?
            .unwrap_or(0))
    }

    fn channel_end(&self, path: &ChannelEndPath) -> Result<ChannelEnd, HostError> {
        let bytes = self
            .host
            .get(&path_key(path))?
            .ok_or_else(|| HostError::missing_state(format!("channel {}/{}", path.0, path.1)))?;
        <ChannelEnd as Protobuf<_>>::decode_vec(&bytes).map_err(HostError::failed_to_retrieve)
    }

    fn get_next_sequence_send(&self, path: &SeqSendPath) -> Result<Sequence, HostError> {
        self.host
            .get_u64(&path_key(path))?
            .map(Sequence::from)
            .ok_or_else(|| HostError::missing_state(format!("next send sequence of {path}")))
    }

    fn get_next_sequence_recv(&self, path: &SeqRecvPath) -> Result<Sequence, HostError> {
        self.host
            .get_u64(&path_key(path))?
            .map(Sequence::from)
            .ok_or_else(|| HostError::missing_state(format!("next receive sequence of {path}")))
    }

    fn get_next_sequence_ack(&self, path: &SeqAckPath) -> Result<Sequence, HostError> {
        self.host
            .get_u64(&path_key(path))?
            .map(Sequence::from)
            .ok_or_else(|| HostError::missing_state(format!("next ack sequence of {path}")))
    }

    fn get_packet_commitment(&self, path: &CommitmentPath) -> Result<PacketCommitment, HostError> {
        self.host
            .get(&path_key(path))?
            .map(PacketCommitment::from)
            .ok_or_else(|| HostError::missing_state(format!("packet commitment {path}")))
    }

    fn get_packet_receipt(&self, path: &ReceiptPath) -> Result<Receipt, HostError> {
        Ok(match self.host.get(&path_key(path))? {
            Some(_) => Receipt::Ok,
            None => Receipt::None,
        })
    }

    fn get_packet_acknowledgement(
        &self,
        path: &AckPath,
    ) -> Result<AcknowledgementCommitment, HostError> {
        self.host
            .get(&path_key(path))?
            .map(AcknowledgementCommitment::from)
            .ok_or_else(|| HostError::missing_state(format!("packet acknowledgement {path}")))
    }

    fn channel_counter(&self) -> Result<u64, HostError> {
        Ok(self
            .host
            .get_u64(&path_key(&NextChannelSequencePath))?
            .unwrap_or(0))
    }

    fn max_expected_time_per_block(&self) -> Duration {
        MAX_EXPECTED_TIME_PER_BLOCK
    }

    fn validate_message_signer(&self, signer: &Signer) -> Result<(), HostError> {
        Address::from_bech32(signer.as_ref(), ACCOUNT_PREFIX)
            .map(|_| ())
            .map_err(|e| HostError::invalid_state(format!("signer: {e}")))
    }
}

impl ExecutionContext for IbcCtx<'_, '_> {
    type E = Self;

    fn get_client_execution_context(&mut self) -> &mut Self::E {
        self
    }

    fn increase_client_counter(&mut self) -> Result<(), HostError> {
        let n = self.client_counter()?;
        let next = n
            .checked_add(1)
            .ok_or_else(|| HostError::invalid_state("client counter overflows"))?;
        self.host.put_u64(path_key(&NextClientSequencePath), next)
    }

    fn store_connection(
        &mut self,
        path: &ConnectionPath,
        connection_end: ConnectionEnd,
    ) -> Result<(), HostError> {
        self.host.put(path_key(path), connection_end.encode_vec())
    }

    fn store_connection_to_client(
        &mut self,
        path: &ClientConnectionPath,
        conn_id: ConnectionId,
    ) -> Result<(), HostError> {
        let key = path_key(path);
        let mut paths = match self.host.get(&key)? {
            Some(b) => ClientPaths::decode(b.as_slice()).map_err(HostError::failed_to_retrieve)?,
            None => ClientPaths::default(),
        };
        let id = conn_id.to_string();
        if !paths.paths.contains(&id) {
            paths.paths.push(id);
        }
        self.host.put(key, paths.encode_to_vec())
    }

    fn increase_connection_counter(&mut self) -> Result<(), HostError> {
        let n = self.connection_counter()?;
        let next = n
            .checked_add(1)
            .ok_or_else(|| HostError::invalid_state("connection counter overflows"))?;
        self.host
            .put_u64(path_key(&NextConnectionSequencePath), next)
    }

    fn store_packet_commitment(
        &mut self,
        path: &CommitmentPath,
        commitment: PacketCommitment,
    ) -> Result<(), HostError> {
        self.host.put(path_key(path), commitment.into_vec())
    }

    fn delete_packet_commitment(&mut self, path: &CommitmentPath) -> Result<(), HostError> {
        self.host.del(path_key(path))
    }

    fn store_packet_receipt(&mut self, path: &ReceiptPath, _: Receipt) -> Result<(), HostError> {
        self.host.put(path_key(path), vec![1])
    }

    fn store_packet_acknowledgement(
        &mut self,
        path: &AckPath,
        ack: AcknowledgementCommitment,
    ) -> Result<(), HostError> {
        self.host.put(path_key(path), ack.into_vec())
    }

    fn delete_packet_acknowledgement(&mut self, path: &AckPath) -> Result<(), HostError> {
        self.host.del(path_key(path))
    }

    fn store_channel(
        &mut self,
        path: &ChannelEndPath,
        channel: ChannelEnd,
    ) -> Result<(), HostError> {
        self.host.put(path_key(path), channel.encode_vec())
    }

    fn store_next_sequence_send(
        &mut self,
        path: &SeqSendPath,
        seq: Sequence,
    ) -> Result<(), HostError> {
        self.host.put_u64(path_key(path), seq.value())
    }

    fn store_next_sequence_recv(
        &mut self,
        path: &SeqRecvPath,
        seq: Sequence,
    ) -> Result<(), HostError> {
        self.host.put_u64(path_key(path), seq.value())
    }

    fn store_next_sequence_ack(
        &mut self,
        path: &SeqAckPath,
        seq: Sequence,
    ) -> Result<(), HostError> {
        self.host.put_u64(path_key(path), seq.value())
    }

    fn increase_channel_counter(&mut self) -> Result<(), HostError> {
        let n = self.channel_counter()?;
        let next = n
            .checked_add(1)
            .ok_or_else(|| HostError::invalid_state("channel counter overflows"))?;
        self.host.put_u64(path_key(&NextChannelSequencePath), next)
    }

    fn emit_ibc_event(&mut self, event: IbcEvent) -> Result<(), HostError> {
        self.host.emit(event)
    }

    fn log_message(&mut self, message: String) -> Result<(), HostError> {
        tracing::debug!(target: "ibc", "{message}");
        Ok(())
    }
}

impl Host<'_> {
    /// A host over `state` (a fork of `parent`'s state) with `parent`'s block and facts.
    pub fn fork_of<'p: 'b, 'b>(parent: &Host<'p>, state: &'b mut dyn StateWrite) -> Host<'b> {
        Host {
            state: RefCell::new(state),
            block: parent.block,
            chain_id: parent.chain_id.clone(),
            unbonding_period: parent.unbonding_period,
            proof_specs: parent.proof_specs.clone(),
            upgrade_path: parent.upgrade_path.clone(),
        }
    }
}
