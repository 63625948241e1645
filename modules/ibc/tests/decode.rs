//! IBC messages inside Cosmos transactions, decoded without state: the signer each names,
//! and short refusals of unknown, malformed and invalid messages.

use std::time::Duration;

use cosmos_sdk_proto::Any as SdkAny;
use ibc::clients::tendermint::types::{
    AllowUpdate, ClientState as TmClientStateType, ConsensusState as TmConsensusStateType,
    TrustThreshold,
};
use ibc::core::client::types::Height;
use ibc::core::commitment_types::commitment::CommitmentRoot;
use ibc::core::commitment_types::specs::ProofSpecs;
use ibc::core::host::types::identifiers::ChainId;
use ibc::primitives::proto::Any as IbcAny;
use ibc_proto::cosmos::base::v1beta1::Coin;
use ibc_proto::ibc::applications::transfer::v1::MsgTransfer as RawMsgTransfer;
use ibc_proto::ibc::core::client::v1::{Height as RawHeight, MsgCreateClient};
use openledger_framework::{Address, ACCOUNT_PREFIX};
use openledger_ibc::{decode, IbcError, IbcMsg, MSG_TRANSFER, TYPE_URLS};
use prost::Message;

fn sender() -> Address {
    Address([7; 20])
}

fn any(type_url: &str, value: Vec<u8>) -> SdkAny {
    SdkAny {
        type_url: type_url.into(),
        value,
    }
}

fn transfer(denom: &str, amount: &str, sender: String) -> RawMsgTransfer {
    RawMsgTransfer {
        source_port: "transfer".into(),
        source_channel: "channel-0".into(),
        token: Some(Coin {
            denom: denom.into(),
            amount: amount.into(),
        }),
        sender,
        receiver: "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu".into(),
        timeout_height: Some(RawHeight {
            revision_number: 1,
            revision_height: 1_000,
        }),
        timeout_timestamp: 0,
        memo: String::new(),
    }
}

fn transfer_any(m: &RawMsgTransfer) -> SdkAny {
    any(MSG_TRANSFER, m.encode_to_vec())
}

fn create_client(signer: String) -> MsgCreateClient {
    let cs = TmClientStateType::new(
        ChainId::new("openledger-b-1").unwrap(),
        TrustThreshold::ONE_THIRD,
        Duration::from_secs(1_000),
        Duration::from_secs(2_000),
        Duration::from_secs(10),
        Height::new(1, 10).unwrap(),
        ProofSpecs::cosmos(),
        Vec::new(),
        AllowUpdate {
            after_expiry: false,
            after_misbehaviour: false,
        },
    )
    .unwrap();
    let cons = TmConsensusStateType::new(
        CommitmentRoot::from_bytes(&[1; 32]),
        tendermint::Time::from_unix_timestamp(1_700_000_000, 0).unwrap(),
        tendermint::Hash::from_bytes(tendermint::hash::Algorithm::Sha256, &[2; 32]).unwrap(),
    );
    MsgCreateClient {
        client_state: Some(IbcAny::from(cs)),
        consensus_state: Some(IbcAny::from(cons)),
        signer,
    }
}

/// Refused with a short error of the expected kind.
fn refused(a: &SdkAny) -> IbcError {
    let e = decode(a).unwrap_err();
    let text = e.to_string();
    assert!(text.len() < 300, "long error: {text}");
    assert!(!text.is_empty());
    e
}

#[test]
fn a_valid_transfer_decodes_with_its_sender_as_signer() {
    let raw = transfer("aopen", "5", sender().to_bech32(ACCOUNT_PREFIX));
    let (msg, signers) = decode(&transfer_any(&raw)).unwrap();
    assert_eq!(signers, vec![sender()]);
    let IbcMsg::Transfer(m) = msg else {
        panic!("not a transfer: {msg:?}");
    };
    assert_eq!(m.port_id_on_a.as_str(), "transfer");
    assert_eq!(m.chan_id_on_a.as_str(), "channel-0");
    assert_eq!(m.packet_data.token.denom.to_string(), "aopen");
    assert_eq!(m.packet_data.token.amount.to_string(), "5");
    // the receiver is on the other chain: any address it understands
    assert!(m.packet_data.receiver.as_ref().starts_with("cosmos1"));
}

#[test]
fn a_valid_core_message_decodes_with_its_signer() {
    let m = create_client(sender().to_bech32(ACCOUNT_PREFIX));
    let (msg, signers) = decode(&any(
        "/ibc.core.client.v1.MsgCreateClient",
        m.encode_to_vec(),
    ))
    .unwrap();
    assert_eq!(signers, vec![sender()]);
    match msg {
        IbcMsg::Core { type_url, .. } => {
            assert_eq!(type_url, "/ibc.core.client.v1.MsgCreateClient")
        }
        other => panic!("not a core message: {other:?}"),
    }
}

#[test]
fn unknown_type_urls_are_refused() {
    for url in [
        "/cosmos.bank.v1beta1.MsgSend",
        "/ibc.core.client.v1.MsgRecoverClient",
        "/ibc.core.channel.v1.MsgChannelUpgradeInit",
        "/ibc.applications.transfer.v1.MsgUpdateParams",
        "",
    ] {
        let e = refused(&any(url, Vec::new()));
        assert!(matches!(e, IbcError::InvalidRequest(_)), "{url}: {e:?}");
        assert!(e.to_string().contains("unknown IBC message"), "{url}: {e}");
    }
    // every type this chain routes is known
    assert!(TYPE_URLS.contains(&MSG_TRANSFER));
    assert_eq!(TYPE_URLS.len(), 19);
}

#[test]
fn malformed_bytes_are_refused_for_every_family() {
    let garbage = vec![0xff, 0xff, 0xff];
    for url in [
        "/ibc.core.client.v1.MsgCreateClient",
        "/ibc.core.client.v1.MsgUpdateClient",
        "/ibc.core.connection.v1.MsgConnectionOpenInit",
        "/ibc.core.connection.v1.MsgConnectionOpenTry",
        "/ibc.core.channel.v1.MsgChannelOpenInit",
        "/ibc.core.channel.v1.MsgChannelCloseInit",
        "/ibc.core.channel.v1.MsgRecvPacket",
        "/ibc.core.channel.v1.MsgAcknowledgement",
        "/ibc.core.channel.v1.MsgTimeout",
        MSG_TRANSFER,
    ] {
        let e = refused(&any(url, garbage.clone()));
        assert!(matches!(e, IbcError::InvalidRequest(_)), "{url}: {e:?}");
        // an empty message lacks its required fields (a client state, a packet, ...)
        let e = refused(&any(url, Vec::new()));
        assert!(matches!(e, IbcError::InvalidRequest(_)), "{url}: {e:?}");
    }
}

#[test]
fn signers_that_are_not_open_addresses_are_refused() {
    for bad in [
        sender().to_bech32("cosmos"),
        "open1notanaddress".to_string(),
        "alice".to_string(),
    ] {
        let e = refused(&transfer_any(&transfer("aopen", "5", bad.clone())));
        assert!(matches!(e, IbcError::InvalidAddress(_)), "{bad}: {e:?}");
        let e = refused(&any(
            "/ibc.core.client.v1.MsgCreateClient",
            create_client(bad.clone()).encode_to_vec(),
        ));
        assert!(matches!(e, IbcError::InvalidAddress(_)), "{bad}: {e:?}");
    }
}

#[test]
fn transfers_with_bad_denoms_or_amounts_are_refused() {
    let s = sender().to_bech32(ACCOUNT_PREFIX);
    for (denom, amount) in [
        ("", "5"),
        ("  ", "5"),
        ("aopen", "-5"),
        ("aopen", "1.5"),
        ("aopen", "five"),
    ] {
        let e = refused(&transfer_any(&transfer(denom, amount, s.clone())));
        assert!(
            matches!(e, IbcError::InvalidRequest(_)),
            "{denom:?} {amount:?}: {e:?}"
        );
    }
    // no token at all
    let mut m = transfer("aopen", "5", s.clone());
    m.token = None;
    assert!(matches!(
        refused(&transfer_any(&m)),
        IbcError::InvalidRequest(_)
    ));
    // a bad source channel
    let mut m = transfer("aopen", "5", s);
    m.source_channel = "chan nel".into();
    assert!(matches!(
        refused(&transfer_any(&m)),
        IbcError::InvalidRequest(_)
    ));
}

#[test]
fn a_transfer_of_zero_is_refused() {
    let s = sender().to_bech32(ACCOUNT_PREFIX);
    // an empty amount parses as zero
    for amount in ["0", "", "000"] {
        let e = refused(&transfer_any(&transfer("aopen", amount, s.clone())));
        assert!(
            matches!(e, IbcError::InvalidCoins(_) | IbcError::InvalidRequest(_)),
            "{e:?}"
        );
    }
}

#[test]
fn a_transfer_of_a_denom_the_bank_refuses_is_refused() {
    let s = sender().to_bech32(ACCOUNT_PREFIX);
    for denom in ["a!b", "ab", "transfer/channel-0/a b", "ibc/"] {
        let e = refused(&transfer_any(&transfer(denom, "5", s.clone())));
        assert!(
            matches!(e, IbcError::InvalidCoins(_) | IbcError::InvalidRequest(_)),
            "{denom}: {e:?}"
        );
    }
}

#[test]
fn non_canonical_transfer_encodings_are_refused() {
    let raw = transfer("aopen", "5", sender().to_bech32(ACCOUNT_PREFIX));
    let mut bytes = raw.encode_to_vec();
    // source_port (field 1) again: protobuf keeps the last, the bytes are not canonical
    bytes.extend_from_slice(&[0x0a, 8]);
    bytes.extend_from_slice(b"transfer");
    assert_eq!(RawMsgTransfer::decode(bytes.as_slice()).unwrap(), raw);
    let e = refused(&any(MSG_TRANSFER, bytes));
    assert!(e.to_string().contains("canonical"), "{e}");

    // an unknown field appended
    let mut bytes = raw.encode_to_vec();
    bytes.extend_from_slice(&[0xf8, 0x01, 0x01]); // field 31, varint 1
    let e = refused(&any(MSG_TRANSFER, bytes));
    assert!(e.to_string().contains("canonical"), "{e}");
}
