//! Every message the chain accepts, keyed by its protobuf type URL.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank_pb;
use cosmos_sdk_proto::Any;
use openledger_bank::{MsgMultiSend, MsgSend};
use openledger_framework::error::sdk;
use openledger_framework::Address;
use prost::{Message, Name};

use crate::tx::error::TxError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    BankSend(MsgSend),
    BankMultiSend(MsgMultiSend),
}

fn decode_canonical<T: Message + Default>(any: &Any) -> Result<T, TxError> {
    let m = T::decode(any.value.as_slice())
        .map_err(|e| TxError::sdk(sdk::TX_DECODE, format!("{}: {e}", any.type_url)))?;
    if m.encoded_len() != any.value.len() || m.encode_to_vec() != any.value {
        return Err(TxError::sdk(
            sdk::TX_DECODE,
            format!("{}: unknown or non-canonical fields", any.type_url),
        ));
    }
    Ok(m)
}

impl Msg {
    pub fn from_any(any: &Any) -> Result<Msg, TxError> {
        let t = any.type_url.as_str();
        if t == bank_pb::MsgSend::type_url() {
            let m: bank_pb::MsgSend = decode_canonical(any)?;
            return MsgSend::try_from(&m)
                .map(Msg::BankSend)
                .map_err(|e| TxError::module(&e));
        }
        if t == bank_pb::MsgMultiSend::type_url() {
            let m: bank_pb::MsgMultiSend = decode_canonical(any)?;
            return MsgMultiSend::try_from(&m)
                .map(Msg::BankMultiSend)
                .map_err(|e| TxError::module(&e));
        }
        Err(TxError::sdk(
            sdk::UNKNOWN_REQUEST,
            format!("unrecognized message type: {t}"),
        ))
    }

    pub fn signers(&self) -> Vec<Address> {
        match self {
            Msg::BankSend(m) => m.signers(),
            Msg::BankMultiSend(m) => m.signers(),
        }
    }

    pub fn type_url(&self) -> String {
        match self {
            Msg::BankSend(_) => bank_pb::MsgSend::type_url(),
            Msg::BankMultiSend(_) => bank_pb::MsgMultiSend::type_url(),
        }
    }

    pub fn module(&self) -> &'static str {
        match self {
            Msg::BankSend(_) | Msg::BankMultiSend(_) => "bank",
        }
    }
}
