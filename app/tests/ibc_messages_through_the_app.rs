//! IBC messages in transactions through the whole app: packets and transfers on channels
//! that do not exist fail and change nothing but the fee and the sequence; a 07-tendermint
//! client is created, numbered, announced by an indexed event and served with a proof.

use std::time::Duration;

use cosmos_sdk_proto::Any;
use ibc::apps::transfer::types::proto::transfer::v1::MsgTransfer;
use ibc::clients::tendermint::types::{
    AllowUpdate, ClientState as TmClientState, ConsensusState as TmConsensusState, TrustThreshold,
};
use ibc::core::channel::types::proto::v1::{
    Channel, Counterparty as ChanCounterparty, MsgAcknowledgement, MsgChannelOpenInit, MsgTimeout,
    Packet,
};
use ibc::core::client::types::proto::v1::{Height as RawHeight, MsgCreateClient};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentRoot;
use ibc::core::connection::types::proto::v1::{
    Counterparty as ConnCounterparty, MsgConnectionOpenInit,
};
use ibc::core::host::types::identifiers::ChainId;
use ibc::primitives::proto::Any as IbcAny;
use openledger_app::query::abci::QueryGateway;
use openledger_app::store::verify_proof;
use openledger_app::tx::execute::LocalPolicy;
use openledger_app::tx::{execute_tx, ExecMode, TxOutcome};
use openledger_auth::AuthRead;
use openledger_bank::BankRead;
use openledger_framework::{BlockCtx, StateDelta, StateRead};
use openledger_testkit::{genesis_funding, TestKey, TestNode};
use prost::Message;

const CHAIN: &str = "openledger-a-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    node: TestNode,
    alice: TestKey,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10 * OPEN),
    )
    .unwrap();
    node.block(vec![]).unwrap();
    node.block(vec![]).unwrap();
    Fixture {
        _dir: dir,
        node,
        alice,
    }
}

fn ibc_any(type_url: &str, m: &impl Message) -> Any {
    Any {
        type_url: type_url.into(),
        value: m.encode_to_vec(),
    }
}

fn transfer_on_missing_channel(f: &Fixture) -> Any {
    let mut m = MsgTransfer {
        source_port: "transfer".into(),
        source_channel: "channel-7".into(),
        sender: f.alice.address.to_string(),
        receiver: "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu".into(),
        timeout_height: Some(RawHeight {
            revision_number: 1,
            revision_height: 10_000,
        }),
        ..Default::default()
    };
    let mut token = m.token.take().unwrap_or_default();
    token.denom = "aopen".into();
    token.amount = OPEN.to_string();
    m.token = Some(token);
    ibc_any("/ibc.applications.transfer.v1.MsgTransfer", &m)
}

fn unknown_packet() -> Packet {
    Packet {
        sequence: 1,
        source_port: "transfer".into(),
        source_channel: "channel-3".into(),
        destination_port: "transfer".into(),
        destination_channel: "channel-4".into(),
        data: br#"{"denom":"aopen","amount":"1","sender":"a","receiver":"b"}"#.to_vec(),
        timeout_height: Some(RawHeight {
            revision_number: 1,
            revision_height: 10_000,
        }),
        timeout_timestamp: 0,
    }
}

fn proof_height() -> Option<RawHeight> {
    Some(RawHeight {
        revision_number: 1,
        revision_height: 5,
    })
}

fn ack_of_unknown_packet(f: &Fixture) -> Any {
    ibc_any(
        "/ibc.core.channel.v1.MsgAcknowledgement",
        &MsgAcknowledgement {
            packet: Some(unknown_packet()),
            acknowledgement: br#"{"result":"AQ=="}"#.to_vec(),
            proof_acked: vec![1, 2, 3],
            proof_height: proof_height(),
            signer: f.alice.address.to_string(),
        },
    )
}

fn timeout_of_unknown_packet(f: &Fixture) -> Any {
    ibc_any(
        "/ibc.core.channel.v1.MsgTimeout",
        &MsgTimeout {
            packet: Some(unknown_packet()),
            proof_unreceived: vec![1, 2, 3],
            proof_height: proof_height(),
            next_sequence_recv: 1,
            signer: f.alice.address.to_string(),
        },
    )
}

/// A 07-tendermint client of `openledger-b-1` whose consensus state is at `time`.
fn create_client(f: &Fixture, time: i64) -> Any {
    let cs = TmClientState::new(
        ChainId::new("openledger-b-1").unwrap(),
        TrustThreshold::ONE_THIRD,
        Duration::from_secs(14 * 24 * 3600),
        Duration::from_secs(21 * 24 * 3600),
        Duration::from_secs(20),
        Height::new(1, 10).unwrap(),
        openledger_ibc::our_proof_specs(),
        Vec::new(),
        AllowUpdate {
            after_expiry: false,
            after_misbehaviour: false,
        },
    )
    .unwrap();
    let cons = TmConsensusState::new(
        CommitmentRoot::from_bytes(&[5; 32]),
        tendermint::Time::from_unix_timestamp(time, 0).unwrap(),
        tendermint::Hash::from_bytes(tendermint::hash::Algorithm::Sha256, &[6; 32]).unwrap(),
    );
    ibc_any(
        "/ibc.core.client.v1.MsgCreateClient",
        &MsgCreateClient {
            client_state: Some(IbcAny::from(cs)),
            consensus_state: Some(IbcAny::from(cons)),
            signer: f.alice.address.to_string(),
        },
    )
}

/// Every key of the `ibc` substore but our own per-block host records.
fn ibc_state(f: &Fixture) -> Vec<(Vec<u8>, Vec<u8>)> {
    let s = f.node.state();
    s.prefix_raw(b"ibc/", None)
        .map(|kv| kv.unwrap())
        .filter(|(k, _)| !k.starts_with(b"ibc/x/host"))
        .collect()
}

fn assert_failed_in_ibc(o: &TxOutcome) {
    let err = o.result.as_ref().unwrap_err();
    assert!(o.ante_passed, "{}", err.log);
    assert_eq!((err.codespace, err.code), ("ibc", 2), "{}", err.log);
    assert!(err.log.len() < 500, "long log: {}", err.log);
}

/// `msg` by alice fails in the IBC module: on a fork of the committed state no `ibc/` key
/// changes, and through a block only her fee and sequence do.
fn fails_and_changes_nothing(f: &mut Fixture, msg: Any) -> String {
    let tx = f.node.sign(&f.alice, vec![msg.clone()]).unwrap();
    // the exact changes, on a fork
    let mut fork = StateDelta::new(f.node.state());
    let block = BlockCtx {
        chain_id: CHAIN.into(),
        height: f.node.height + 1,
        time_unix_secs: f.node.time + 1,
        time_nanos: 0,
    };
    let o = execute_tx(
        &mut fork,
        &block,
        &tx,
        ExecMode::Finalize,
        LocalPolicy::default(),
    )
    .unwrap();
    assert_failed_in_ibc(&o);
    let changed: Vec<String> = fork
        .changes()
        .verifiable
        .keys()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect();
    assert!(
        changed.iter().all(|k| !k.starts_with("ibc/")),
        "ibc keys changed: {changed:?}"
    );

    // through a block
    let before_ibc = ibc_state(f);
    let s = f.node.state();
    let balance = s.balance(&f.alice.address, "aopen").unwrap();
    let supply = s.supply("aopen").unwrap();
    let seq = s.account(&f.alice.address).unwrap().unwrap().sequence;
    let fee = u128::from(f.node.gas_limit) * 1_000_000_000;
    let (outcomes, _) = f.node.block(vec![tx]).unwrap();
    assert_failed_in_ibc(&outcomes[0]);
    let s = f.node.state();
    assert_eq!(s.balance(&f.alice.address, "aopen").unwrap(), balance - fee);
    assert_eq!(
        s.account(&f.alice.address).unwrap().unwrap().sequence,
        seq + 1
    );
    assert_eq!(s.supply("aopen").unwrap(), supply);
    assert_eq!(ibc_state(f), before_ibc);
    outcomes[0].result.as_ref().unwrap_err().log.clone()
}

#[test]
fn a_transfer_on_a_channel_that_does_not_exist_fails_and_changes_nothing() {
    let mut f = fixture();
    let msg = transfer_on_missing_channel(&f);
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("channel-7"), "{log}");
    let escrow = openledger_ibc::escrow_address("transfer", "channel-7");
    assert_eq!(f.node.state().balance(&escrow, "aopen").unwrap(), 0);
    assert_eq!(
        openledger_ibc::transfer::total_escrow_of(&f.node.state(), "aopen").unwrap(),
        0
    );
}

#[test]
fn acknowledgements_and_timeouts_of_unknown_packets_fail_and_change_nothing() {
    let mut f = fixture();
    let msg = ack_of_unknown_packet(&f);
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("channel transfer/channel-3"), "{log}");
    let msg = timeout_of_unknown_packet(&f);
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("channel transfer/channel-3"), "{log}");
}

#[test]
fn create_client_makes_a_client_served_with_a_proof_and_an_indexed_event() {
    let mut f = fixture();
    let msg = create_client(&f, f.node.time);
    let tx = f.node.sign(&f.alice, vec![msg.clone()]).unwrap();
    let (outcomes, app_hash) = f.node.block(vec![tx]).unwrap();
    let o = &outcomes[0];
    assert!(o.result.is_ok(), "{:?}", o.result);
    assert_eq!(
        o.msg_responses[0].type_url,
        "/ibc.core.client.v1.MsgCreateClientResponse"
    );

    let ev = o
        .events
        .iter()
        .find(|e| e.kind == "create_client")
        .expect("create_client event");
    assert_eq!(ev.attribute("client_id"), Some("07-tendermint-0"));
    assert_eq!(ev.attribute("client_type"), Some("07-tendermint"));
    assert!(
        ev.attributes
            .iter()
            .any(|a| a.key.starts_with("consensus_height") && a.value == "1-10"),
        "{ev:?}"
    );
    assert!(ev.attributes.iter().all(|a| a.index), "{ev:?}");

    // served by ABCI `store/ibc/key` with a proof against the committed app hash
    let gw = QueryGateway::new(f.node.app.storage().clone(), LocalPolicy::default());
    let key = b"clients/07-tendermint-0/clientState";
    let r = gw.query("store/ibc/key", key, 0, true);
    assert_eq!(r.code.value(), 0, "{}", r.log);
    assert_eq!(r.height.value(), f.node.height);
    let stored = f
        .node
        .state()
        .get_raw(b"ibc/clients/07-tendermint-0/clientState")
        .unwrap()
        .unwrap();
    assert_eq!(r.value.as_ref(), stored.as_slice());
    let any = IbcAny::decode(r.value.as_ref()).unwrap();
    assert_eq!(any.type_url, "/ibc.lightclients.tendermint.v1.ClientState");
    let cs = TmClientState::try_from(any).unwrap();
    assert_eq!(cs.chain_id.as_str(), "openledger-b-1");
    assert_eq!(cs.latest_height, Height::new(1, 10).unwrap());
    let ops = &r.proof.as_ref().expect("proof").ops;
    let proofs: Vec<ics23::CommitmentProof> = ops
        .iter()
        .map(|o| ics23::CommitmentProof::decode(o.data.as_slice()).unwrap())
        .collect();
    let full = [b"ibc/".as_slice(), key].concat();
    assert!(verify_proof(&app_hash, &full, Some(&stored), &proofs));
    assert!(!verify_proof(&app_hash, &full, Some(b"other"), &proofs));

    // its consensus state at 1-10 is there too
    assert!(f
        .node
        .state()
        .get_raw(b"ibc/clients/07-tendermint-0/consensusStates/1-10")
        .unwrap()
        .is_some());

    // the same message again makes the next client
    let o = f.node.exec(&f.alice, vec![msg]).unwrap();
    assert!(o.result.is_ok(), "{:?}", o.result);
    let ev = o
        .events
        .iter()
        .find(|e| e.kind == "create_client")
        .expect("create_client event");
    assert_eq!(ev.attribute("client_id"), Some("07-tendermint-1"));
    let s = f.node.state();
    assert!(s
        .get_raw(b"ibc/clients/07-tendermint-1/clientState")
        .unwrap()
        .is_some());
    assert_eq!(
        s.get_raw(b"ibc/nextClientSequence").unwrap(),
        Some(2u64.to_be_bytes().to_vec())
    );
}

#[test]
fn create_client_with_an_expired_consensus_state_fails_and_changes_nothing() {
    let mut f = fixture();
    // a consensus state older than the trusting period: the client would be expired
    let msg = create_client(&f, f.node.time - 15 * 24 * 3600);
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("Expired"), "{log}");
    assert!(f
        .node
        .state()
        .get_raw(b"ibc/clients/07-tendermint-0/clientState")
        .unwrap()
        .is_none());
}

fn connection_open_init(f: &Fixture) -> Any {
    let mut counterparty = ConnCounterparty {
        client_id: "07-tendermint-9".into(),
        ..Default::default()
    };
    let mut prefix = counterparty.prefix.take().unwrap_or_default();
    prefix.key_prefix = b"ibc".to_vec();
    counterparty.prefix = Some(prefix);
    ibc_any(
        "/ibc.core.connection.v1.MsgConnectionOpenInit",
        &MsgConnectionOpenInit {
            client_id: "07-tendermint-0".into(),
            counterparty: Some(counterparty),
            version: None,
            delay_period: 0,
            signer: f.alice.address.to_string(),
        },
    )
}

/// `ordering`: 1 unordered, 2 ordered.
fn channel_open_init(f: &Fixture, ordering: i32, version: &str) -> Any {
    ibc_any(
        "/ibc.core.channel.v1.MsgChannelOpenInit",
        &MsgChannelOpenInit {
            port_id: "transfer".into(),
            channel: Some(Channel {
                state: 1,
                ordering,
                counterparty: Some(ChanCounterparty {
                    port_id: "transfer".into(),
                    channel_id: String::new(),
                }),
                connection_hops: vec!["connection-0".into()],
                version: version.into(),
                upgrade_sequence: 0,
            }),
            signer: f.alice.address.to_string(),
        },
    )
}

fn event<'a>(o: &'a TxOutcome, kind: &str) -> &'a openledger_framework::Event {
    o.events
        .iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} event in {:?}", o.events))
}

#[test]
fn handshakes_start_on_our_side_and_a_transfer_waits_for_an_open_channel() {
    let mut f = fixture();
    let msg = create_client(&f, f.node.time);
    assert!(f.node.exec(&f.alice, vec![msg]).unwrap().result.is_ok());

    let o = f
        .node
        .exec(&f.alice, vec![connection_open_init(&f)])
        .unwrap();
    assert!(o.result.is_ok(), "{:?}", o.result);
    let ev = event(&o, "connection_open_init");
    assert_eq!(ev.attribute("connection_id"), Some("connection-0"));
    assert_eq!(ev.attribute("client_id"), Some("07-tendermint-0"));
    assert!(ev.attributes.iter().all(|a| a.index), "{ev:?}");
    let s = f.node.state();
    assert!(s
        .get_raw(b"ibc/connections/connection-0")
        .unwrap()
        .is_some());
    assert!(s
        .get_raw(b"ibc/clients/07-tendermint-0/connections")
        .unwrap()
        .is_some());

    // ICS-20 channels are unordered and speak ics20-1
    let msg = channel_open_init(&f, 2, "ics20-1");
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("ORDER_UNORDERED"), "{log}");
    let msg = channel_open_init(&f, 1, "ics20-2");
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("ics20-1"), "{log}");

    let o = f
        .node
        .exec(&f.alice, vec![channel_open_init(&f, 1, "ics20-1")])
        .unwrap();
    assert!(o.result.is_ok(), "{:?}", o.result);
    let ev = event(&o, "channel_open_init");
    assert_eq!(ev.attribute("port_id"), Some("transfer"));
    assert_eq!(ev.attribute("channel_id"), Some("channel-0"));
    assert_eq!(ev.attribute("connection_id"), Some("connection-0"));
    let s = f.node.state();
    let chan = s
        .get_raw(b"ibc/channelEnds/ports/transfer/channels/channel-0")
        .unwrap()
        .unwrap();
    let chan = Channel::decode(chan.as_slice()).unwrap();
    assert_eq!((chan.state, chan.ordering), (1, 1));
    assert_eq!(chan.version, "ics20-1");
    assert_eq!(
        s.get_raw(b"ibc/nextSequenceSend/ports/transfer/channels/channel-0")
            .unwrap(),
        Some(1u64.to_be_bytes().to_vec())
    );

    // the channel is only in INIT: a transfer on it fails and escrows nothing
    let mut transfer =
        MsgTransfer::decode(transfer_on_missing_channel(&f).value.as_slice()).unwrap();
    transfer.source_channel = "channel-0".into();
    let msg = ibc_any("/ibc.applications.transfer.v1.MsgTransfer", &transfer);
    let log = fails_and_changes_nothing(&mut f, msg);
    assert!(log.contains("channel-0"), "{log}");
    let escrow = openledger_ibc::escrow_address("transfer", "channel-0");
    assert_eq!(f.node.state().balance(&escrow, "aopen").unwrap(), 0);
}
