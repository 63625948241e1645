//! Transaction assembly and SIGN_MODE_DIRECT signing.
//!
//! A transaction is `TxRaw{body_bytes, auth_info_bytes, signatures}`; the signature covers
//! `SignDoc{body_bytes, auth_info_bytes, chain_id, account_number}` exactly as the bytes that
//! go on the wire, so the node can verify without re-encoding anything.

use anyhow::anyhow;
use cosmos_sdk_proto::cosmos::tx::v1beta1::TxRaw;
use cosmos_sdk_proto::Any;
use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::crypto::PublicKey;
use cosmrs::tx::{AuthInfo, Body, Fee, SignDoc, SignerInfo};
use prost::Message;
use sha2::{Digest, Sha256};
use tendermint::chain;

use crate::amount::Coin;

/// Who signs, and the replay-protection numbers the chain expects from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerData {
    pub public_key: PublicKey,
    pub account_number: u64,
    pub sequence: u64,
}

/// A transaction with everything but its signature.
#[derive(Debug, Clone)]
pub struct UnsignedTx {
    body: Body,
    signer: SignerData,
    fee: Fee,
}

/// Signed transaction bytes and their CometBFT hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTx {
    pub bytes: Vec<u8>,
    pub hash: tendermint::Hash,
}

impl UnsignedTx {
    pub fn new(
        messages: Vec<Any>,
        memo: &str,
        timeout_height: u64,
        signer: SignerData,
    ) -> anyhow::Result<Self> {
        let timeout = tendermint::block::Height::try_from(timeout_height)
            .map_err(|e| anyhow!("invalid timeout height {timeout_height}: {e}"))?;
        Ok(Self {
            body: Body::new(messages, memo, timeout),
            signer,
            fee: Fee {
                amount: Vec::new(),
                gas_limit: 0,
                payer: None,
                granter: None,
            },
        })
    }

    /// Sets the fee coins and gas limit.
    pub fn with_fee(mut self, amount: &[Coin], gas_limit: u64) -> anyhow::Result<Self> {
        let amount = amount
            .iter()
            .map(|c| {
                cosmrs::Coin::new(c.amount, &c.denom)
                    .map_err(|e| anyhow!("invalid fee coin {c}: {e}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.fee = Fee {
            amount,
            gas_limit,
            payer: None,
            granter: None,
        };
        Ok(self)
    }

    pub fn signer(&self) -> &SignerData {
        &self.signer
    }

    fn auth_info(&self) -> AuthInfo {
        SignerInfo::single_direct(Some(self.signer.public_key), self.signer.sequence)
            .auth_info(self.fee.clone())
    }

    fn body_and_auth_info_bytes(&self) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
        let body = self
            .body
            .clone()
            .into_bytes()
            .map_err(|e| anyhow!("cannot encode the transaction body: {e}"))?;
        let auth_info = self
            .auth_info()
            .into_bytes()
            .map_err(|e| anyhow!("cannot encode the transaction auth info: {e}"))?;
        Ok((body, auth_info))
    }

    /// The bytes to simulate: a well-formed `TxRaw` with one empty signature per signer.
    pub fn simulation_bytes(&self) -> anyhow::Result<Vec<u8>> {
        let (body_bytes, auth_info_bytes) = self.body_and_auth_info_bytes()?;
        Ok(TxRaw {
            body_bytes,
            auth_info_bytes,
            signatures: vec![Vec::new()],
        }
        .encode_to_vec())
    }

    /// Signs with SIGN_MODE_DIRECT for `chain_id`.
    pub fn sign(&self, key: &SigningKey, chain_id: &chain::Id) -> anyhow::Result<SignedTx> {
        if key.public_key() != self.signer.public_key {
            return Err(anyhow!(
                "the signing key does not match the transaction's signer"
            ));
        }
        let (body_bytes, auth_info_bytes) = self.body_and_auth_info_bytes()?;
        let sign_doc = SignDoc {
            body_bytes,
            auth_info_bytes,
            chain_id: chain_id.to_string(),
            account_number: self.signer.account_number,
        };
        let raw = sign_doc
            .sign(key)
            .map_err(|e| anyhow!("signing failed: {e}"))?;
        let bytes = raw
            .to_bytes()
            .map_err(|e| anyhow!("cannot encode the transaction: {e}"))?;
        Ok(SignedTx {
            hash: tx_hash(&bytes),
            bytes,
        })
    }
}

/// CometBFT's transaction hash: SHA-256 of the raw bytes.
pub fn tx_hash(bytes: &[u8]) -> tendermint::Hash {
    tendermint::Hash::Sha256(Sha256::digest(bytes).into())
}

#[cfg(test)]
#[path = "../../tests/unit/tx_builder.rs"]
mod tests;
