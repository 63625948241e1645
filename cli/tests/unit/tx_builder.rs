use super::*;
use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{
    AuthInfo as ProtoAuthInfo, SignDoc as ProtoSignDoc, TxBody,
};
use k256::ecdsa::signature::Verifier;
use prost::Name;

use crate::keys::mnemonic;

const TEST_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn send_msg(from: &str) -> Any {
    let msg = MsgSend {
        from_address: from.to_owned(),
        to_address: from.to_owned(),
        amount: vec![cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
            denom: "aopen".into(),
            amount: "1500000000000000000".into(),
        }],
    };
    Any {
        type_url: MsgSend::type_url(),
        value: msg.encode_to_vec(),
    }
}

fn unsigned(key: &SigningKey) -> UnsignedTx {
    let from = crate::address::from_public_key(&key.public_key())
        .unwrap()
        .to_string();
    let signer = SignerData {
        public_key: key.public_key(),
        account_number: 7,
        sequence: 3,
    };
    UnsignedTx::new(vec![send_msg(&from)], "hello", 0, signer)
        .unwrap()
        .with_fee(&[Coin::new(200_000_000_000_000, "aopen")], 200_000)
        .unwrap()
}

#[test]
fn signature_verifies_over_the_sign_doc() {
    let key = mnemonic::derive_signing_key(TEST_MNEMONIC).unwrap();
    let chain_id: chain::Id = "openledger-devnet-1".parse().unwrap();
    let signed = unsigned(&key).sign(&key, &chain_id).unwrap();

    let raw = TxRaw::decode(signed.bytes.as_slice()).unwrap();
    assert_eq!(raw.signatures.len(), 1);
    let sign_doc = ProtoSignDoc {
        body_bytes: raw.body_bytes.clone(),
        auth_info_bytes: raw.auth_info_bytes.clone(),
        chain_id: "openledger-devnet-1".to_owned(),
        account_number: 7,
    }
    .encode_to_vec();

    let pubkey_bytes = key.public_key().to_bytes();
    assert_eq!(pubkey_bytes.len(), 33, "compressed secp256k1 key");
    let verifying_key = k256::ecdsa::VerifyingKey::from_sec1_bytes(&pubkey_bytes).unwrap();
    let signature = k256::ecdsa::Signature::from_slice(&raw.signatures[0]).unwrap();
    assert_eq!(raw.signatures[0].len(), 64);
    assert!(signature.normalize_s().is_none(), "signature must be low-S");
    verifying_key.verify(&sign_doc, &signature).unwrap();

    // A different chain id or account number must not verify.
    let other_chain = ProtoSignDoc {
        body_bytes: raw.body_bytes.clone(),
        auth_info_bytes: raw.auth_info_bytes.clone(),
        chain_id: "openledger-1".to_owned(),
        account_number: 7,
    }
    .encode_to_vec();
    assert!(verifying_key.verify(&other_chain, &signature).is_err());

    assert_eq!(signed.hash, tx_hash(&signed.bytes));
    assert_eq!(signed.hash.to_string().len(), 64);
    assert_eq!(
        signed.hash.to_string(),
        signed.hash.to_string().to_uppercase()
    );
}

#[test]
fn body_and_auth_info_carry_the_transaction() {
    let key = mnemonic::derive_signing_key(TEST_MNEMONIC).unwrap();
    let chain_id: chain::Id = "openledger-1".parse().unwrap();
    let signed = unsigned(&key).sign(&key, &chain_id).unwrap();
    let raw = TxRaw::decode(signed.bytes.as_slice()).unwrap();

    let body = TxBody::decode(raw.body_bytes.as_slice()).unwrap();
    assert_eq!(body.memo, "hello");
    assert_eq!(body.messages.len(), 1);
    assert_eq!(body.messages[0].type_url, "/cosmos.bank.v1beta1.MsgSend");

    let auth = ProtoAuthInfo::decode(raw.auth_info_bytes.as_slice()).unwrap();
    let fee = auth.fee.unwrap();
    assert_eq!(fee.gas_limit, 200_000);
    assert_eq!(fee.amount[0].amount, "200000000000000");
    assert_eq!(fee.amount[0].denom, "aopen");
    assert_eq!(auth.signer_infos.len(), 1);
    let signer = &auth.signer_infos[0];
    assert_eq!(signer.sequence, 3);
    let pk = signer.public_key.as_ref().unwrap();
    assert_eq!(pk.type_url, "/cosmos.crypto.secp256k1.PubKey");
    let mode = signer.mode_info.as_ref().unwrap().sum.as_ref().unwrap();
    match mode {
        cosmos_sdk_proto::cosmos::tx::v1beta1::mode_info::Sum::Single(single) => {
            assert_eq!(
                single.mode,
                cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode::Direct as i32
            );
        }
        other => panic!("unexpected mode {other:?}"),
    }
}

#[test]
fn simulation_bytes_have_one_empty_signature() {
    let key = mnemonic::derive_signing_key(TEST_MNEMONIC).unwrap();
    let bytes = unsigned(&key).simulation_bytes().unwrap();
    let raw = TxRaw::decode(bytes.as_slice()).unwrap();
    assert_eq!(raw.signatures, vec![Vec::<u8>::new()]);
    assert!(!raw.body_bytes.is_empty());
    assert!(!raw.auth_info_bytes.is_empty());
}

#[test]
fn signing_with_another_key_is_refused() {
    let key = mnemonic::derive_signing_key(TEST_MNEMONIC).unwrap();
    let other = SigningKey::from_slice(&[9u8; 32]).unwrap();
    let chain_id: chain::Id = "openledger-1".parse().unwrap();
    assert!(unsigned(&key).sign(&other, &chain_id).is_err());
}
