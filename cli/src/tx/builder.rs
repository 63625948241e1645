//! Transaction assembly and signing, in SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON.
//!
//! A transaction is `TxRaw{body_bytes, auth_info_bytes, signatures}`. In direct mode the
//! signature covers `SignDoc{body_bytes, auth_info_bytes, chain_id, account_number}` exactly as
//! the bytes that go on the wire; in amino JSON mode (what a Ledger signs) it covers the
//! canonical JSON `StdSignDoc` of the same body and fee, written by the node's own encoder
//! (`openledger_proto::amino_json`), so both sides sign and verify the same bytes.

use anyhow::anyhow;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{AuthInfo as ProtoAuthInfo, TxBody, TxRaw};
use cosmos_sdk_proto::Any;
use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::crypto::PublicKey;
use cosmrs::tx::{AuthInfo, Body, Fee, ModeInfo, SignDoc, SignMode, SignerInfo};
use openledger_proto::amino_json;
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

/// How the signature is made (`--sign-mode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TxSignMode {
    /// SIGN_MODE_DIRECT: the protobuf SignDoc
    #[default]
    Direct,
    /// SIGN_MODE_LEGACY_AMINO_JSON: the amino JSON StdSignDoc (Ledger, amino wallets)
    AminoJson,
}

/// A transaction with everything but its signature.
#[derive(Debug, Clone)]
pub struct UnsignedTx {
    body: Body,
    signer: SignerData,
    fee: Fee,
    sign_mode: TxSignMode,
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
            sign_mode: TxSignMode::Direct,
        })
    }

    /// Sets how the transaction will be signed.
    pub fn with_sign_mode(mut self, sign_mode: TxSignMode) -> Self {
        self.sign_mode = sign_mode;
        self
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
        let mode = match self.sign_mode {
            TxSignMode::Direct => SignMode::Direct,
            TxSignMode::AminoJson => SignMode::LegacyAminoJson,
        };
        SignerInfo {
            public_key: Some(self.signer.public_key.into()),
            mode_info: ModeInfo::single(mode),
            sequence: self.signer.sequence,
        }
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

    /// The SIGN_MODE_LEGACY_AMINO_JSON bytes of this transaction for `chain_id`.
    pub fn amino_sign_bytes(&self, chain_id: &chain::Id) -> anyhow::Result<Vec<u8>> {
        let (body_bytes, auth_info_bytes) = self.body_and_auth_info_bytes()?;
        let body = TxBody::decode(body_bytes.as_slice())
            .map_err(|e| anyhow!("cannot encode the transaction body: {e}"))?;
        let auth_info = ProtoAuthInfo::decode(auth_info_bytes.as_slice())
            .map_err(|e| anyhow!("cannot encode the transaction auth info: {e}"))?;
        let signer = amino_json::SignerData {
            chain_id: chain_id.as_str(),
            account_number: self.signer.account_number,
            sequence: self.signer.sequence,
        };
        amino_json::std_sign_bytes(signer, &body, auth_info.fee.as_ref())
            .map_err(|e| anyhow!("cannot sign with amino JSON: {e}"))
    }

    /// Signs for `chain_id` in the transaction's sign mode.
    pub fn sign(&self, key: &SigningKey, chain_id: &chain::Id) -> anyhow::Result<SignedTx> {
        if key.public_key() != self.signer.public_key {
            return Err(anyhow!(
                "the signing key does not match the transaction's signer"
            ));
        }
        let (body_bytes, auth_info_bytes) = self.body_and_auth_info_bytes()?;
        if self.sign_mode == TxSignMode::AminoJson {
            let doc = self.amino_sign_bytes(chain_id)?;
            let signature = key.sign(&doc).map_err(|e| anyhow!("signing failed: {e}"))?;
            let bytes = TxRaw {
                body_bytes,
                auth_info_bytes,
                signatures: vec![signature.to_vec()],
            }
            .encode_to_vec();
            return Ok(SignedTx {
                hash: tx_hash(&bytes),
                bytes,
            });
        }
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
