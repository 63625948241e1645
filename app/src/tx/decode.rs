//! Strict decoding of `cosmos.tx.v1beta1.TxRaw` bytes.
//!
//! Every layer (TxRaw, TxBody, AuthInfo, each message) must re-encode to exactly the bytes
//! received: this refuses unknown fields (which could hide data a signer did not mean to sign)
//! and non-canonical encodings. Sizes and counts are bounded before any state is read.

use cosmos_sdk_proto::cosmos::tx::v1beta1::{AuthInfo, TxBody, TxRaw};
use openledger_auth::Params as AuthParams;
use openledger_framework::error::sdk;
use prost::Message;
use sha2::{Digest, Sha256};

use crate::tx::error::TxError;
use crate::tx::msg::Msg;

/// A transaction that passed stateless checks.
#[derive(Debug)]
pub struct DecodedTx {
    pub raw: TxRaw,
    pub body: TxBody,
    pub auth_info: AuthInfo,
    pub msgs: Vec<Msg>,
    /// sha256 of the transaction bytes (the CometBFT tx hash).
    pub hash: [u8; 32],
    pub size: usize,
}

fn canonical<T: Message + Default>(bytes: &[u8], what: &str) -> Result<T, TxError> {
    let m = T::decode(bytes).map_err(|e| TxError::sdk(sdk::TX_DECODE, format!("{what}: {e}")))?;
    if m.encoded_len() != bytes.len() || m.encode_to_vec() != bytes {
        return Err(TxError::sdk(
            sdk::TX_DECODE,
            format!("{what}: unknown or non-canonical fields"),
        ));
    }
    Ok(m)
}

pub fn decode_tx(bytes: &[u8], params: &AuthParams) -> Result<DecodedTx, TxError> {
    let max = usize::try_from(params.max_tx_bytes).unwrap_or(usize::MAX);
    if bytes.len() > max {
        return Err(TxError::sdk(
            sdk::TX_TOO_LARGE,
            format!("tx too large: {} bytes, max {max}", bytes.len()),
        ));
    }
    if bytes.is_empty() {
        return Err(TxError::sdk(sdk::TX_DECODE, "empty tx"));
    }
    let raw: TxRaw = canonical(bytes, "tx raw")?;
    let body: TxBody = canonical(&raw.body_bytes, "tx body")?;
    let auth_info: AuthInfo = canonical(&raw.auth_info_bytes, "auth info")?;

    if body.messages.is_empty() {
        return Err(TxError::sdk(
            sdk::INVALID_REQUEST,
            "must contain at least one message",
        ));
    }
    if body.messages.len() as u64 > params.max_msgs_per_tx {
        return Err(TxError::sdk(
            sdk::INVALID_REQUEST,
            format!(
                "too many messages: {}, max {}",
                body.messages.len(),
                params.max_msgs_per_tx
            ),
        ));
    }
    if !body.extension_options.is_empty() {
        return Err(TxError::sdk(
            sdk::UNKNOWN_EXTENSION_OPTIONS,
            "unknown extension options",
        ));
    }
    if body.memo.chars().count() as u64 > params.max_memo_characters {
        return Err(TxError::sdk(
            sdk::MEMO_TOO_LARGE,
            format!(
                "maximum number of characters is {} but received {} characters",
                params.max_memo_characters,
                body.memo.chars().count()
            ),
        ));
    }
    if raw.signatures.is_empty() {
        return Err(TxError::sdk(sdk::NO_SIGNATURES, "no signatures supplied"));
    }
    if raw.signatures.len() as u64 > params.tx_sig_limit {
        return Err(TxError::sdk(
            sdk::TOO_MANY_SIGNATURES,
            format!(
                "signatures: {}, limit: {}",
                raw.signatures.len(),
                params.tx_sig_limit
            ),
        ));
    }
    let fee = auth_info
        .fee
        .as_ref()
        .ok_or_else(|| TxError::sdk(sdk::INSUFFICIENT_FEE, "missing fee"))?;
    if !fee.granter.is_empty() {
        return Err(TxError::sdk(
            sdk::INVALID_REQUEST,
            "fee grants are not supported",
        ));
    }
    let msgs = body
        .messages
        .iter()
        .map(Msg::from_any)
        .collect::<Result<Vec<_>, _>>()?;
    let hash: [u8; 32] = Sha256::digest(bytes).into();
    Ok(DecodedTx {
        raw,
        body,
        auth_info,
        msgs,
        hash,
        size: bytes.len(),
    })
}

impl DecodedTx {
    /// The distinct signers of all messages, in order of first appearance (SDK `GetSigners`).
    pub fn signers(&self) -> Vec<openledger_framework::Address> {
        let mut out = Vec::new();
        for m in &self.msgs {
            for s in m.signers() {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    pub fn gas_limit(&self) -> u64 {
        self.auth_info
            .fee
            .as_ref()
            .map(|f| f.gas_limit)
            .unwrap_or(0)
    }
}
