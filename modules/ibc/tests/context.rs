//! The ibc-rs host contexts over our state: what ibc-rs stores comes back as it was, at the
//! ICS-24 paths and in the encodings a counterparty verifies, and the checks of a
//! counterparty's client of us refuse what they must.

use std::time::Duration;

use ibc::clients::tendermint::client_state::ClientState as TmClientState;
use ibc::clients::tendermint::consensus_state::ConsensusState as TmConsensusState;
use ibc::clients::tendermint::types::{
    AllowUpdate, ClientState as TmClientStateType, ConsensusState as TmConsensusStateType,
    TrustThreshold,
};
use ibc::core::channel::types::channel::{
    ChannelEnd, Counterparty as ChanCounterparty, Order, State as ChanState,
};
use ibc::core::channel::types::commitment::{AcknowledgementCommitment, PacketCommitment};
use ibc::core::channel::types::packet::Receipt;
use ibc::core::channel::types::Version as ChanVersion;
use ibc::core::client::context::{
    ClientExecutionContext, ClientValidationContext, ExtClientValidationContext,
};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::{CommitmentPrefix, CommitmentRoot};
use ibc::core::commitment_types::specs::ProofSpecs;
use ibc::core::connection::types::version::Version as ConnVersion;
use ibc::core::connection::types::{ConnectionEnd, Counterparty as ConnCounterparty, State};
use ibc::core::host::types::identifiers::{
    ChainId, ChannelId, ClientId, ConnectionId, PortId, Sequence,
};
use ibc::core::host::types::path::{
    AckPath, ChannelEndPath, ClientConnectionPath, ClientConsensusStatePath, ClientStatePath,
    CommitmentPath, ConnectionPath, ReceiptPath, SeqAckPath, SeqRecvPath, SeqSendPath,
};
use ibc::core::host::{ExecutionContext, ValidationContext};
use ibc::primitives::proto::Any;
use ibc::primitives::{Signer, Timestamp};
use ibc_proto::ibc::core::connection::v1::ClientPaths;
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, StateRead, ACCOUNT_PREFIX};
use openledger_ibc::{our_proof_specs, state_key, Host, IbcCtx};
use prost::Message;

const CHAIN: &str = "openledger-a-1";
const T0: i64 = 1_700_000_000;
const UNBONDING: Duration = Duration::from_secs(21 * 24 * 3600);
const HOST_HEIGHT: u64 = 50;

fn block() -> BlockCtx {
    BlockCtx {
        chain_id: CHAIN.into(),
        height: HOST_HEIGHT,
        time_unix_secs: T0,
        time_nanos: 0,
    }
}

fn h(rev: u64, height: u64) -> Height {
    Height::new(rev, height).unwrap()
}

fn client_id(n: u64) -> ClientId {
    ClientId::new("07-tendermint", n).unwrap()
}

/// A 07-tendermint client state of `chain` at `latest`, as a counterparty's client of
/// `chain` holds it.
fn tm_client(
    chain: &str,
    latest: Height,
    specs: ProofSpecs,
    trusting: Duration,
    unbonding: Duration,
) -> TmClientState {
    TmClientStateType::new(
        ChainId::new(chain).unwrap(),
        TrustThreshold::ONE_THIRD,
        trusting,
        unbonding,
        Duration::from_secs(10),
        latest,
        specs,
        Vec::new(),
        AllowUpdate {
            after_expiry: false,
            after_misbehaviour: false,
        },
    )
    .unwrap()
    .into()
}

fn counterparty_client(latest: Height) -> TmClientState {
    tm_client(
        "openledger-b-1",
        latest,
        our_proof_specs(),
        UNBONDING / 2,
        UNBONDING,
    )
}

fn tm_consensus(seed: u8, secs: i64) -> TmConsensusState {
    TmConsensusStateType::new(
        CommitmentRoot::from_bytes(&[seed; 32]),
        tendermint::Time::from_unix_timestamp(secs, 0).unwrap(),
        tendermint::Hash::from_bytes(tendermint::hash::Algorithm::Sha256, &[seed; 32]).unwrap(),
    )
    .into()
}

fn cs_path(id: &ClientId, height: Height) -> ClientConsensusStatePath {
    ClientConsensusStatePath::new(
        id.clone(),
        height.revision_number(),
        height.revision_height(),
    )
}

fn root_of(cs: &TmConsensusState) -> Vec<u8> {
    cs.inner().root.as_bytes().to_vec()
}

#[test]
fn client_state_round_trips_as_any_at_its_ics24_path() {
    let mut s = MemState::empty();
    let b = block();
    let cs = counterparty_client(h(1, 10));
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = IbcCtx { host: &host };
        ctx.store_client_state(ClientStatePath::new(client_id(0)), cs.clone())
            .unwrap();
        assert_eq!(ctx.client_state(&client_id(0)).unwrap(), cs);
        let e = ctx.client_state(&client_id(1)).unwrap_err();
        assert!(e.to_string().contains("07-tendermint-1"), "{e}");
    }
    let stored = s
        .get_raw(b"ibc/clients/07-tendermint-0/clientState")
        .unwrap()
        .unwrap();
    assert_eq!(stored, Any::from(cs.clone()).encode_to_vec());
    let any = Any::decode(stored.as_slice()).unwrap();
    assert_eq!(any.type_url, "/ibc.lightclients.tendermint.v1.ClientState");
    assert_eq!(TmClientState::try_from(any).unwrap(), cs);
}

#[test]
fn consensus_states_round_trip_and_their_heights_are_ascending() {
    let mut s = MemState::empty();
    let b = block();
    let id = client_id(0);
    let heights = [h(1, 10), h(1, 2), h(1, 7), h(2, 1)];
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = IbcCtx { host: &host };
        for (i, height) in heights.iter().enumerate() {
            ctx.store_consensus_state(cs_path(&id, *height), tm_consensus(i as u8 + 1, T0))
                .unwrap();
        }
        for (i, height) in heights.iter().enumerate() {
            let got = ctx.consensus_state(&cs_path(&id, *height)).unwrap();
            assert_eq!(got, tm_consensus(i as u8 + 1, T0));
        }
        assert!(ctx.consensus_state(&cs_path(&id, h(1, 3))).is_err());
        assert_eq!(
            ctx.consensus_state_heights(&id).unwrap(),
            vec![h(1, 2), h(1, 7), h(1, 10), h(2, 1)]
        );
        // another client has none
        assert!(ctx
            .consensus_state_heights(&client_id(1))
            .unwrap()
            .is_empty());
    }
    let stored = s
        .get_raw(b"ibc/clients/07-tendermint-0/consensusStates/1-7")
        .unwrap()
        .unwrap();
    assert_eq!(stored, Any::from(tm_consensus(3, T0)).encode_to_vec());
}

#[test]
fn next_and_prev_consensus_states_around_a_height() {
    let mut s = MemState::empty();
    let b = block();
    let id = client_id(0);
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let mut ctx = IbcCtx { host: &host };
    // seed = revision height, revision 2 gets seed 200
    for height in [h(1, 10), h(1, 2), h(1, 7), h(2, 1)] {
        let seed = if height.revision_number() == 2 {
            200
        } else {
            height.revision_height() as u8
        };
        ctx.store_consensus_state(cs_path(&id, height), tm_consensus(seed, T0))
            .unwrap();
    }
    let next = |height: Height| {
        ctx.next_consensus_state(&id, &height)
            .unwrap()
            .map(|c| root_of(&c)[0])
    };
    let prev = |height: Height| {
        ctx.prev_consensus_state(&id, &height)
            .unwrap()
            .map(|c| root_of(&c)[0])
    };
    // at a stored height: its neighbours, not itself
    assert_eq!(next(h(1, 7)), Some(10));
    assert_eq!(prev(h(1, 7)), Some(2));
    // between stored heights
    assert_eq!(next(h(1, 3)), Some(7));
    assert_eq!(prev(h(1, 9)), Some(7));
    // across revisions
    assert_eq!(next(h(1, 10)), Some(200));
    assert_eq!(prev(h(2, 1)), Some(10));
    assert_eq!(next(h(1, 11)), Some(200));
    assert_eq!(prev(h(2, 5)), Some(200));
    // none at the ends
    assert_eq!(prev(h(1, 2)), None);
    assert_eq!(prev(h(1, 1)), None);
    assert_eq!(next(h(2, 1)), None);
    assert_eq!(next(h(3, 1)), None);
    // another client has none
    assert!(ctx
        .next_consensus_state(&client_id(1), &h(1, 1))
        .unwrap()
        .is_none());
    assert!(ctx
        .prev_consensus_state(&client_id(1), &h(1, 9))
        .unwrap()
        .is_none());
}

#[test]
fn delete_consensus_state_removes_it_from_both_indexes() {
    let mut s = MemState::empty();
    let b = block();
    let id = client_id(0);
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = IbcCtx { host: &host };
        for (seed, height) in [(2u8, h(1, 2)), (7, h(1, 7)), (10, h(1, 10))] {
            ctx.store_consensus_state(cs_path(&id, height), tm_consensus(seed, T0))
                .unwrap();
        }
        ctx.delete_consensus_state(cs_path(&id, h(1, 7))).unwrap();
        assert!(ctx.consensus_state(&cs_path(&id, h(1, 7))).is_err());
        assert_eq!(
            ctx.consensus_state_heights(&id).unwrap(),
            vec![h(1, 2), h(1, 10)]
        );
        // the ascending and the descending index both skip it
        assert_eq!(
            ctx.next_consensus_state(&id, &h(1, 2))
                .unwrap()
                .map(|c| root_of(&c)[0]),
            Some(10)
        );
        assert_eq!(
            ctx.prev_consensus_state(&id, &h(1, 10))
                .unwrap()
                .map(|c| root_of(&c)[0]),
            Some(2)
        );
    }
    assert_eq!(
        s.get_raw(b"ibc/clients/07-tendermint-0/consensusStates/1-7")
            .unwrap(),
        None
    );
    assert_eq!(
        s.get_raw(&state_key::consensus_height_key("07-tendermint-0", 1, 7))
            .unwrap(),
        None
    );
    assert_eq!(
        s.get_raw(&state_key::consensus_height_desc_key(
            "07-tendermint-0",
            1,
            7
        ))
        .unwrap(),
        None
    );
    assert!(s
        .get_raw(&state_key::consensus_height_desc_key(
            "07-tendermint-0",
            1,
            10
        ))
        .unwrap()
        .is_some());
}

#[test]
fn update_meta_round_trips_and_is_deleted() {
    let mut s = MemState::empty();
    let b = block();
    let id = client_id(3);
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let mut ctx = IbcCtx { host: &host };
    assert!(ctx.client_update_meta(&id, &h(1, 5)).is_err());
    let t = Timestamp::from_nanoseconds(1_700_000_123_000_000_007);
    ctx.store_update_meta(id.clone(), h(1, 5), t, h(1, 42))
        .unwrap();
    assert_eq!(
        ctx.client_update_meta(&id, &h(1, 5)).unwrap(),
        (t, h(1, 42))
    );
    // another height of the same client has none
    assert!(ctx.client_update_meta(&id, &h(1, 6)).is_err());
    ctx.delete_update_meta(id.clone(), h(1, 5)).unwrap();
    assert!(ctx.client_update_meta(&id, &h(1, 5)).is_err());
}

#[test]
fn counters_start_at_zero_and_increase() {
    let mut s = MemState::empty();
    let b = block();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = IbcCtx { host: &host };
        assert_eq!(ctx.client_counter().unwrap(), 0);
        assert_eq!(ctx.connection_counter().unwrap(), 0);
        assert_eq!(ctx.channel_counter().unwrap(), 0);
        ctx.increase_client_counter().unwrap();
        ctx.increase_client_counter().unwrap();
        ctx.increase_connection_counter().unwrap();
        ctx.increase_channel_counter().unwrap();
        ctx.increase_channel_counter().unwrap();
        ctx.increase_channel_counter().unwrap();
        assert_eq!(ctx.client_counter().unwrap(), 2);
        assert_eq!(ctx.connection_counter().unwrap(), 1);
        assert_eq!(ctx.channel_counter().unwrap(), 3);
    }
    // u64 big-endian at the ibc-go keys
    assert_eq!(
        s.get_raw(b"ibc/nextClientSequence").unwrap(),
        Some(2u64.to_be_bytes().to_vec())
    );
    assert_eq!(
        s.get_raw(b"ibc/nextChannelSequence").unwrap(),
        Some(3u64.to_be_bytes().to_vec())
    );
}

fn connection_end(client: &ClientId) -> ConnectionEnd {
    ConnectionEnd::new(
        State::Open,
        client.clone(),
        ConnCounterparty::new(
            client_id(9),
            Some(ConnectionId::new(9)),
            CommitmentPrefix::from_bytes(b"ibc"),
        ),
        ConnVersion::compatibles(),
        Duration::ZERO,
    )
    .unwrap()
}

#[test]
fn connections_and_client_connections_round_trip() {
    let mut s = MemState::empty();
    let b = block();
    let conn = ConnectionId::new(0);
    let end = connection_end(&client_id(0));
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = IbcCtx { host: &host };
        assert!(ctx.connection_end(&conn).is_err());
        ctx.store_connection(&ConnectionPath::new(&conn), end.clone())
            .unwrap();
        assert_eq!(ctx.connection_end(&conn).unwrap(), end);
        let path = ClientConnectionPath::new(client_id(0));
        ctx.store_connection_to_client(&path, conn.clone()).unwrap();
        ctx.store_connection_to_client(&path, ConnectionId::new(4))
            .unwrap();
        // stored twice, listed once
        ctx.store_connection_to_client(&path, conn.clone()).unwrap();
    }
    let stored = s.get_raw(b"ibc/connections/connection-0").unwrap().unwrap();
    assert_eq!(
        stored,
        ibc_proto::ibc::core::connection::v1::ConnectionEnd::from(end).encode_to_vec()
    );
    let paths = s
        .get_raw(b"ibc/clients/07-tendermint-0/connections")
        .unwrap()
        .unwrap();
    assert_eq!(
        ClientPaths::decode(paths.as_slice()).unwrap().paths,
        vec!["connection-0".to_string(), "connection-4".to_string()]
    );
}

#[test]
fn channels_sequences_and_packet_state_round_trip_and_delete() {
    let mut s = MemState::empty();
    let b = block();
    let port = PortId::transfer();
    let chan = ChannelId::new(0);
    let end = ChannelEnd::new(
        ChanState::Open,
        Order::Unordered,
        ChanCounterparty::new(PortId::transfer(), Some(ChannelId::new(5))),
        vec![ConnectionId::new(0)],
        ChanVersion::new("ics20-1".into()),
    )
    .unwrap();
    let seq = Sequence::from(3);
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let mut ctx = IbcCtx { host: &host };

    let chan_path = ChannelEndPath::new(&port, &chan);
    assert!(ctx.channel_end(&chan_path).is_err());
    ctx.store_channel(&chan_path, end.clone()).unwrap();
    assert_eq!(ctx.channel_end(&chan_path).unwrap(), end);
    assert!(ctx
        .channel_end(&ChannelEndPath::new(&port, &ChannelId::new(1)))
        .is_err());

    // sequences: absent until stored
    let send = SeqSendPath::new(&port, &chan);
    let recv = SeqRecvPath::new(&port, &chan);
    let ack = SeqAckPath::new(&port, &chan);
    assert!(ctx.get_next_sequence_send(&send).is_err());
    assert!(ctx.get_next_sequence_recv(&recv).is_err());
    assert!(ctx.get_next_sequence_ack(&ack).is_err());
    ctx.store_next_sequence_send(&send, Sequence::from(7))
        .unwrap();
    ctx.store_next_sequence_recv(&recv, Sequence::from(8))
        .unwrap();
    ctx.store_next_sequence_ack(&ack, Sequence::from(9))
        .unwrap();
    assert_eq!(
        ctx.get_next_sequence_send(&send).unwrap(),
        Sequence::from(7)
    );
    assert_eq!(
        ctx.get_next_sequence_recv(&recv).unwrap(),
        Sequence::from(8)
    );
    assert_eq!(ctx.get_next_sequence_ack(&ack).unwrap(), Sequence::from(9));

    // packet commitment
    let cpath = CommitmentPath::new(&port, &chan, seq);
    assert!(ctx.get_packet_commitment(&cpath).is_err());
    let commitment = PacketCommitment::from(vec![0x11; 32]);
    ctx.store_packet_commitment(&cpath, commitment.clone())
        .unwrap();
    assert_eq!(ctx.get_packet_commitment(&cpath).unwrap(), commitment);
    ctx.delete_packet_commitment(&cpath).unwrap();
    assert!(ctx.get_packet_commitment(&cpath).is_err());

    // receipt
    let rpath = ReceiptPath::new(&port, &chan, seq);
    assert!(matches!(
        ctx.get_packet_receipt(&rpath).unwrap(),
        Receipt::None
    ));
    ctx.store_packet_receipt(&rpath, Receipt::Ok).unwrap();
    assert!(matches!(
        ctx.get_packet_receipt(&rpath).unwrap(),
        Receipt::Ok
    ));

    // acknowledgement
    let apath = AckPath::new(&port, &chan, seq);
    assert!(ctx.get_packet_acknowledgement(&apath).is_err());
    let a = AcknowledgementCommitment::from(vec![0x22; 32]);
    ctx.store_packet_acknowledgement(&apath, a.clone()).unwrap();
    assert_eq!(ctx.get_packet_acknowledgement(&apath).unwrap(), a);
    ctx.delete_packet_acknowledgement(&apath).unwrap();
    assert!(ctx.get_packet_acknowledgement(&apath).is_err());
    drop(host);

    // the encodings at the ICS-24 keys
    assert_eq!(
        s.get_raw(b"ibc/channelEnds/ports/transfer/channels/channel-0")
            .unwrap()
            .unwrap(),
        ibc_proto::ibc::core::channel::v1::Channel::from(end).encode_to_vec()
    );
    assert_eq!(
        s.get_raw(b"ibc/nextSequenceSend/ports/transfer/channels/channel-0")
            .unwrap(),
        Some(7u64.to_be_bytes().to_vec())
    );
    assert_eq!(
        s.get_raw(b"ibc/receipts/ports/transfer/channels/channel-0/sequences/3")
            .unwrap(),
        Some(vec![1])
    );
    assert_eq!(
        s.get_raw(b"ibc/commitments/ports/transfer/channels/channel-0/sequences/3")
            .unwrap(),
        None
    );
    assert_eq!(
        s.get_raw(b"ibc/acks/ports/transfer/channels/channel-0/sequences/3")
            .unwrap(),
        None
    );
}

/// A counterparty's client of us that `validate_self_client` accepts.
fn self_client(latest: Height) -> TmClientState {
    tm_client(CHAIN, latest, our_proof_specs(), UNBONDING / 2, UNBONDING)
}

#[test]
fn validate_self_client_accepts_a_correct_client_of_our_chain() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    ctx.validate_self_client(self_client(h(1, HOST_HEIGHT - 1)))
        .unwrap();
    ctx.validate_self_client(self_client(h(1, 1))).unwrap();
    assert_eq!(ctx.commitment_prefix().as_bytes(), b"ibc");
}

#[test]
fn validate_self_client_refuses_what_does_not_describe_us() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    let refused = |cs: TmClientState| ctx.validate_self_client(cs).unwrap_err().to_string();

    // another chain id
    let e = refused(counterparty_client(h(1, 10)));
    assert!(e.contains("chain ID"), "{e}");
    // another revision of our name
    let e = refused(tm_client(
        "openledger-a-2",
        h(2, 10),
        our_proof_specs(),
        UNBONDING / 2,
        UNBONDING,
    ));
    assert!(e.contains("chain ID"), "{e}");
    // a latest height at or above ours
    let e = refused(self_client(h(1, HOST_HEIGHT)));
    assert!(e.contains("less than chain height"), "{e}");
    assert!(ctx
        .validate_self_client(self_client(h(1, HOST_HEIGHT + 1)))
        .is_err());
    // a Cosmos SDK chain's IAVL proof specs
    let e = refused(tm_client(
        CHAIN,
        h(1, 10),
        ProofSpecs::cosmos(),
        UNBONDING / 2,
        UNBONDING,
    ));
    assert!(e.contains("proof specs"), "{e}");
    // frozen
    let frozen: TmClientState = self_client(h(1, 10))
        .inner()
        .clone()
        .with_frozen_height(h(1, 5))
        .into();
    let e = refused(frozen);
    assert!(e.contains("frozen"), "{e}");
    // an unbonding period other than ours
    let e = refused(tm_client(
        CHAIN,
        h(1, 10),
        our_proof_specs(),
        UNBONDING / 4,
        UNBONDING / 2,
    ));
    assert!(e.contains("unbonding"), "{e}");
}

#[test]
fn validate_self_client_refuses_a_height_of_another_revision() {
    // our chain id at revision 1, the client's latest height at revision 0: its own
    // validation already refuses the mismatch, as does ours
    let mut cs = self_client(h(1, 10)).inner().clone();
    cs.latest_height = h(0, 10);
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    assert!(ctx.validate_self_client(cs.into()).is_err());
}

#[test]
fn message_signers_are_open_addresses() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    let ours = Address([3; 20]).to_bech32(ACCOUNT_PREFIX);
    assert!(ours.starts_with("open1"));
    ctx.validate_message_signer(&Signer::from(ours)).unwrap();
    for bad in [
        Address([3; 20]).to_bech32("cosmos"),
        "open1notbech32".to_string(),
        String::new(),
    ] {
        assert!(
            ctx.validate_message_signer(&Signer::from(bad.clone()))
                .is_err(),
            "{bad}"
        );
    }
}

#[test]
fn host_height_and_time_come_from_the_block() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    assert_eq!(
        ValidationContext::host_height(&ctx).unwrap(),
        h(1, HOST_HEIGHT)
    );
    assert_eq!(
        ValidationContext::host_timestamp(&ctx).unwrap(),
        Timestamp::from_nanoseconds(T0 as u64 * 1_000_000_000)
    );
    // a chain id ibc-rs cannot parse is refused when the host is built
    let mut s2 = MemState::empty();
    let bad = BlockCtx {
        chain_id: String::new(),
        ..block()
    };
    assert!(Host::new(&mut s2, &bad, UNBONDING).is_err());
}

#[test]
fn consensus_state_heights_answer_the_oldest_first_and_are_bounded() {
    let mut s = MemState::empty();
    let b = block();
    let id = client_id(0);
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let mut ctx = IbcCtx { host: &host };
    // stored newest first
    for n in (1..=70u64).rev() {
        ctx.store_consensus_state(cs_path(&id, h(1, n)), tm_consensus(1, T0))
            .unwrap();
    }
    let heights = ctx.consensus_state_heights(&id).unwrap();
    // the oldest 64: what the client's pruning walks
    assert_eq!(heights, (1..=64).map(|n| h(1, n)).collect::<Vec<_>>());
}

/// Hermes builds every 07-tendermint client of a Cosmos chain with the upgrade path
/// `["upgrade", "upgradedIBCState"]` (ibc-relayer `chain/cosmos.rs`, `build_client_state`),
/// and ibc-go hosts accept exactly that path (or none). ConnOpenTry and ConnOpenAck on our
/// side check the counterparty's client of us with `validate_self_client`.
#[test]
fn validate_self_client_accepts_the_upgrade_path_hermes_sets() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = IbcCtx { host: &host };
    let mut cs = self_client(h(1, 10)).inner().clone();
    cs.upgrade_path = vec!["upgrade".into(), "upgradedIBCState".into()];
    ctx.validate_self_client(cs.clone().into()).unwrap();
    // another path is still refused
    cs.upgrade_path = vec!["other".into()];
    assert!(ctx.validate_self_client(cs.into()).is_err());
}
