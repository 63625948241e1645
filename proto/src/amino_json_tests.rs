//! Amino JSON sign bytes against the vectors cosmjs produced (`testnet/cosmjs/amino_vectors.mjs`)
//! and the encoder's own rules.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{Fee, TxBody};
use cosmos_sdk_proto::Any;

use super::*;

const VECTORS: &str = include_str!("../tests/vectors/amino_json.json");

fn s(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn num(v: &serde_json::Value) -> u64 {
    s(v).parse().unwrap_or_default()
}

#[test]
fn cosmjs_vectors_are_reproduced_byte_for_byte() {
    let file: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 10);
    for v in vectors {
        let messages = v["msgs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| Any {
                type_url: s(&m["type_url"]),
                value: crate::json::from_json(&s(&m["type_url"]), &m["value"]).unwrap(),
            })
            .collect();
        let body = TxBody {
            messages,
            memo: s(&v["memo"]),
            timeout_height: num(&v["timeout_height"]),
            ..Default::default()
        };
        let fee = Fee {
            amount: v["fee"]["amount"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| Coin {
                    denom: s(&c["denom"]),
                    amount: s(&c["amount"]),
                })
                .collect(),
            gas_limit: num(&v["fee"]["gas"]),
            ..Default::default()
        };
        let signer = SignerData {
            chain_id: v["chain_id"].as_str().unwrap(),
            account_number: num(&v["account_number"]),
            sequence: num(&v["sequence"]),
        };
        let bytes = std_sign_bytes(signer, &body, Some(&fee)).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            s(&v["sign_bytes"]),
            "vector {}",
            v["name"]
        );
    }
}

#[test]
fn every_routed_message_has_its_amino_name() {
    for (url, name) in [
        ("/cosmos.bank.v1beta1.MsgSend", "cosmos-sdk/MsgSend"),
        (
            "/cosmos.staking.v1beta1.MsgDelegate",
            "cosmos-sdk/MsgDelegate",
        ),
        ("/cosmos.gov.v1.MsgVote", "cosmos-sdk/v1/MsgVote"),
        ("/cosmos.slashing.v1beta1.MsgUnjail", "cosmos-sdk/MsgUnjail"),
        (
            "/openledger.datanets.v1.MsgContribute",
            "openledger/MsgContribute",
        ),
        (
            "/openledger.models.v1.MsgUpdateParams",
            "openledger/models/MsgUpdateParams",
        ),
    ] {
        assert_eq!(amino_name(url).as_deref(), Some(name), "{url}");
    }
    // every openledger Msg service method's input declares one, at most 39 characters (Ledger)
    let mut seen = std::collections::BTreeSet::new();
    for service in crate::json::pool().services() {
        if service.name() != "Msg" || !service.full_name().starts_with("openledger.") {
            continue;
        }
        for method in service.methods() {
            let input = method.input();
            let name = amino_name_of(&input).unwrap_or_default();
            assert!(!name.is_empty(), "{} has no amino name", input.full_name());
            assert!(name.len() <= 39, "{name} is too long for a Ledger");
            assert!(seen.insert(name.clone()), "{name} declared twice");
        }
    }
    assert!(seen.len() > 30);
}

#[test]
fn message_without_amino_name_is_refused() {
    let any = Any {
        type_url: "/cosmos.bank.v1beta1.MsgSendResponse".into(),
        value: Vec::new(),
    };
    let err = msg_json(&any).unwrap_err();
    assert!(matches!(err, AminoError::NoAminoName(_)), "{err}");
    assert!(err.to_string().contains("has no amino name"));
    let unknown = Any {
        type_url: "/nope.v1.Msg".into(),
        value: Vec::new(),
    };
    assert!(matches!(
        msg_json(&unknown),
        Err(AminoError::UnknownMessage(_))
    ));
}

#[test]
fn pubkey_any_timestamp_and_escapes() {
    use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
    use prost::Message;
    // key_field: a public key is the base64 of its bytes
    let pk = Any {
        type_url: "/cosmos.crypto.secp256k1.PubKey".into(),
        value: PubKey { key: vec![1] }.encode_to_vec(),
    };
    assert_eq!(
        msg_json(&pk).unwrap(),
        r#"{"type":"tendermint/PubKeySecp256k1","value":"AQ=="}"#
    );
    let mut out = String::new();
    write_str(&mut out, "a<b>&\u{2028}\n\u{1}é");
    assert_eq!(out, "\"a\\u003cb\\u003e\\u0026\\u2028\\n\\u0001é\"");
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
}

#[test]
fn dont_omitempty_fields_are_written_when_empty() {
    // MsgSend.amount is dont_omitempty + legacy_coins: an empty list is []
    let any = Any {
        type_url: "/cosmos.bank.v1beta1.MsgSend".into(),
        value: Vec::new(),
    };
    assert_eq!(
        msg_json(&any).unwrap(),
        r#"{"type":"cosmos-sdk/MsgSend","value":{"amount":[]}}"#
    );
    // MsgVote.proposal_id is dont_omitempty: "0" is written, the empty voter is not
    let vote = Any {
        type_url: "/cosmos.gov.v1.MsgVote".into(),
        value: Vec::new(),
    };
    assert_eq!(
        msg_json(&vote).unwrap(),
        r#"{"type":"cosmos-sdk/v1/MsgVote","value":{"proposal_id":"0"}}"#
    );
}

#[test]
fn legacy_dec_atomics_are_written_as_decimals() {
    assert_eq!(
        legacy_dec_json("100000000000000000"),
        "0.100000000000000000"
    );
    assert_eq!(
        legacy_dec_json("1000000000000000000"),
        "1.000000000000000000"
    );
    assert_eq!(legacy_dec_json("0"), "0.000000000000000000");
    assert_eq!(legacy_dec_json("-5"), "-0.000000000000000005");
    assert_eq!(
        legacy_dec_json("12345000000000000000000"),
        "12345.000000000000000000"
    );
    assert_eq!(legacy_dec_json("0.5"), "0.5");
}

#[test]
fn proposal_messages_are_typed_by_their_amino_names() {
    use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
    use cosmos_sdk_proto::cosmos::gov::v1::MsgSubmitProposal;
    use prost::Message;
    let send = MsgSend {
        from_address: "open1gov".into(),
        to_address: "open1b".into(),
        amount: vec![Coin {
            denom: "aopen".into(),
            amount: "5".into(),
        }],
    };
    let proposal = MsgSubmitProposal {
        messages: vec![Any {
            type_url: "/cosmos.bank.v1beta1.MsgSend".into(),
            value: send.encode_to_vec(),
        }],
        proposer: "open1p".into(),
        title: "t & u".into(),
        ..Default::default()
    };
    let any = Any {
        type_url: "/cosmos.gov.v1.MsgSubmitProposal".into(),
        value: proposal.encode_to_vec(),
    };
    assert_eq!(
        msg_json(&any).unwrap(),
        concat!(
            r#"{"type":"cosmos-sdk/v1/MsgSubmitProposal","value":{"initial_deposit":[],"#,
            r#""messages":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"5","denom":"aopen"}],"#,
            r#""from_address":"open1gov","to_address":"open1b"}}],"proposer":"open1p","title":"t \u0026 u"}}"#
        )
    );
}

#[test]
fn ics20_transfer_is_signed_as_ibc_go_signs_it() {
    use ibc_proto::ibc::applications::transfer::v1::MsgTransfer;
    use ibc_proto::ibc::core::client::v1::Height;
    use prost::{Message, Name};
    let mut msg = MsgTransfer {
        source_port: "transfer".into(),
        source_channel: "channel-0".into(),
        token: Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "aopen".into(),
            amount: "25".into(),
        }),
        sender: "open1sender".into(),
        receiver: "cosmos1receiver".into(),
        timeout_height: Some(Height {
            revision_number: 1,
            revision_height: 1200,
        }),
        timeout_timestamp: 600_000_000_010,
        memo: String::new(),
    };
    assert_eq!(
        amino_name(&MsgTransfer::type_url()).as_deref(),
        Some("cosmos-sdk/MsgTransfer")
    );
    let any = |m: &MsgTransfer| Any {
        type_url: MsgTransfer::type_url(),
        value: m.encode_to_vec(),
    };
    assert_eq!(
        msg_json(&any(&msg)).unwrap(),
        r#"{"type":"cosmos-sdk/MsgTransfer","value":{"receiver":"cosmos1receiver","sender":"open1sender","source_channel":"channel-0","source_port":"transfer","timeout_height":{"revision_height":"1200","revision_number":"1"},"timeout_timestamp":"600000000010","token":{"amount":"25","denom":"aopen"}}}"#
    );
    // a disabled timeout height is `{}` (dont_omitempty, its numbers omitted), the memo is kept
    msg.timeout_height = Some(Height::default());
    msg.memo = "hi".into();
    assert_eq!(
        msg_json(&any(&msg)).unwrap(),
        r#"{"type":"cosmos-sdk/MsgTransfer","value":{"memo":"hi","receiver":"cosmos1receiver","sender":"open1sender","source_channel":"channel-0","source_port":"transfer","timeout_height":{},"timeout_timestamp":"600000000010","token":{"amount":"25","denom":"aopen"}}}"#
    );
}
