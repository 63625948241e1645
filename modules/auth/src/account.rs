//! The account record, stored as a `cosmos.auth.v1beta1.BaseAccount` so clients can read it.

use cosmos_sdk_proto::cosmos::auth::v1beta1::BaseAccount;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey as Secp256k1PubKey;
use openledger_framework::Address;
use prost::Message;

use crate::error::AuthError;

pub const SECP256K1_PUBKEY_TYPE_URL: &str = "/cosmos.crypto.secp256k1.PubKey";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub address: Address,
    /// 33-byte compressed secp256k1 key, set by the account's first signed transaction.
    pub pub_key: Option<Vec<u8>>,
    pub account_number: u64,
    pub sequence: u64,
}

impl Account {
    pub fn to_proto(&self) -> BaseAccount {
        BaseAccount {
            address: self.address.to_string(),
            pub_key: self.pub_key.as_ref().map(|k| cosmos_sdk_proto::Any {
                type_url: SECP256K1_PUBKEY_TYPE_URL.to_string(),
                value: Secp256k1PubKey { key: k.clone() }.encode_to_vec(),
            }),
            account_number: self.account_number,
            sequence: self.sequence,
        }
    }

    pub fn from_proto(p: &BaseAccount) -> Result<Self, AuthError> {
        let address: Address = p
            .address
            .parse()
            .map_err(|e| AuthError::InvalidAddress(format!("{e}")))?;
        let pub_key = match &p.pub_key {
            None => None,
            Some(any) if any.type_url == SECP256K1_PUBKEY_TYPE_URL => {
                let pk = Secp256k1PubKey::decode(any.value.as_slice())
                    .map_err(|e| AuthError::InvalidPubKey(e.to_string()))?;
                Some(pk.key)
            }
            Some(any) => return Err(AuthError::InvalidPubKey(any.type_url.clone())),
        };
        Ok(Account {
            address,
            pub_key,
            account_number: p.account_number,
            sequence: p.sequence,
        })
    }
}
