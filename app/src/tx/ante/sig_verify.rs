use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey as Secp256k1PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::mode_info::Sum as ModeSum;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{SignDoc, SignerInfo};
use openledger_auth::AuthWrite;
use openledger_framework::error::sdk;
use openledger_framework::{Address, StateWrite};
use openledger_proto::amino_json;
use prost::{Message, Name};
use sha2::{Digest, Sha256};

use super::AnteCtx;
use crate::tx::decode::DecodedTx;
use crate::tx::error::TxError;
use crate::tx::execute::ExecMode;
use crate::tx::sig_cache::SigCache;

/// The SIGN_MODE_DIRECT bytes: chain id and account number are bound into what is signed.
pub fn sign_bytes(tx: &DecodedTx, chain_id: &str, account_number: u64) -> Vec<u8> {
    SignDoc {
        body_bytes: tx.raw.body_bytes.clone(),
        auth_info_bytes: tx.raw.auth_info_bytes.clone(),
        chain_id: chain_id.to_string(),
        account_number,
    }
    .encode_to_vec()
}

/// Verify a 64-byte compact, low-S secp256k1 signature over sha256(msg).
pub fn verify_secp256k1(pubkey: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), TxError> {
    let unauthorized = |m: &str| TxError::sdk(sdk::UNAUTHORIZED, m.to_string());
    let pk = secp256k1::PublicKey::from_slice(pubkey)
        .map_err(|_| TxError::sdk(sdk::INVALID_PUBKEY, "invalid secp256k1 public key"))?;
    if sig.len() != 64 {
        return Err(unauthorized("signature must be 64 bytes (r || s)"));
    }
    let signature = secp256k1::ecdsa::Signature::from_compact(sig)
        .map_err(|_| unauthorized("malformed signature"))?;
    let mut normalized = signature;
    normalized.normalize_s();
    if normalized != signature {
        return Err(unauthorized("signature is not in low-S form"));
    }
    let digest: [u8; 32] = Sha256::digest(msg).into();
    let message = secp256k1::Message::from_digest(digest);
    secp256k1::SECP256K1
        .verify_ecdsa(&message, &signature, &pk)
        .map_err(|_| verification_failed())
}

/// A well-formed signature that does not verify: the only verdict remembered as bad.
fn verification_failed() -> TxError {
    TxError::sdk(
        sdk::UNAUTHORIZED,
        "signature verification failed; please verify account number and chain-id",
    )
}

fn pubkey_of(info: &SignerInfo) -> Result<Option<Vec<u8>>, TxError> {
    match &info.public_key {
        None => Ok(None),
        Some(any) if any.type_url == Secp256k1PubKey::type_url() => {
            let pk = Secp256k1PubKey::decode(any.value.as_slice())
                .map_err(|e| TxError::sdk(sdk::INVALID_PUBKEY, e.to_string()))?;
            if pk.key.len() != 33 {
                return Err(TxError::sdk(
                    sdk::INVALID_PUBKEY,
                    "secp256k1 public key must be 33 bytes (compressed)",
                ));
            }
            Ok(Some(pk.key))
        }
        Some(any) => Err(TxError::sdk(
            sdk::INVALID_PUBKEY,
            format!("unsupported public key type {}", any.type_url),
        )),
    }
}

/// The sign mode of a single signature: SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON.
/// Simulation accepts any single mode, since clients (cosmjs) simulate with
/// SIGN_MODE_UNSPECIFIED and an empty signature.
fn accepted_mode(info: &SignerInfo, mode: ExecMode, index: usize) -> Result<SignMode, TxError> {
    let refuse = |what: String| {
        TxError::sdk(
            sdk::UNAUTHORIZED,
            format!("signer {index}: {what}; use SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON"),
        )
    };
    match info.mode_info.as_ref().and_then(|m| m.sum.as_ref()) {
        Some(ModeSum::Single(s)) => match SignMode::try_from(s.mode) {
            Ok(m @ (SignMode::Direct | SignMode::LegacyAminoJson)) => Ok(m),
            _ if mode == ExecMode::Simulate => Ok(SignMode::Direct),
            Ok(other) => Err(refuse(format!(
                "sign mode {} is not supported",
                other.as_str_name()
            ))),
            Err(_) => Err(refuse(format!("unknown sign mode {}", s.mode))),
        },
        Some(ModeSum::Multi(_)) => Err(refuse("multisig signatures are not supported".into())),
        None => Err(refuse("missing sign mode".into())),
    }
}

/// The bytes signer `info` signed in `sign_mode`. SIGN_MODE_LEGACY_AMINO_JSON binds the
/// sequence the signer declares (checked against the account by the sequence step).
fn bytes_to_verify(
    tx: &DecodedTx,
    chain_id: &str,
    account_number: u64,
    info: &SignerInfo,
    sign_mode: SignMode,
) -> Result<Vec<u8>, TxError> {
    if sign_mode != SignMode::LegacyAminoJson {
        return Ok(sign_bytes(tx, chain_id, account_number));
    }
    let signer = amino_json::SignerData {
        chain_id,
        account_number,
        sequence: info.sequence,
    };
    amino_json::std_sign_bytes(signer, &tx.body, tx.auth_info.fee.as_ref())
        .map_err(|e| TxError::sdk(sdk::INVALID_REQUEST, e.to_string()))
}

/// One signature per signer, SIGN_MODE_DIRECT or SIGN_MODE_LEGACY_AMINO_JSON, by the key the signer's address commits to.
/// The account's public key is set by its first signed transaction.
pub fn set_pubkeys_and_verify<S: StateWrite>(state: &mut S, ctx: &AnteCtx) -> Result<(), TxError> {
    let tx = ctx.tx;
    let infos = &tx.auth_info.signer_infos;
    if infos.len() != ctx.signers.len() || tx.raw.signatures.len() != ctx.signers.len() {
        return Err(TxError::sdk(
            sdk::UNAUTHORIZED,
            format!(
                "wrong number of signers; expected {}, got {} signer infos and {} signatures",
                ctx.signers.len(),
                infos.len(),
                tx.raw.signatures.len()
            ),
        ));
    }
    for (i, ((signer, info), sig)) in ctx
        .signers
        .iter()
        .zip(infos)
        .zip(&tx.raw.signatures)
        .enumerate()
    {
        let mut account = super::signer_account(state, signer)?;
        // CheckTx refuses a replayed or future sequence before the costly verification, as
        // the SDK's signature step does, so a flood of stale txs costs no verification. Blocks
        // keep their order of steps (the sequence step), so their results do not change.
        if ctx.mode == ExecMode::Check {
            super::sequence::check(&account, info.sequence)?;
        }
        let sign_mode = accepted_mode(info, ctx.mode, i)?;
        let given = pubkey_of(info)?;
        let pubkey = match (&account.pub_key, given) {
            (Some(stored), Some(g)) if *stored != g => {
                return Err(TxError::sdk(
                    sdk::INVALID_PUBKEY,
                    format!("pubKey does not match the key of {signer}"),
                ))
            }
            (Some(stored), _) => stored.clone(),
            (None, Some(g)) => {
                if Address::from_secp256k1_pubkey(&g) != *signer {
                    return Err(TxError::sdk(
                        sdk::INVALID_PUBKEY,
                        format!(
                            "pubKey does not match signer address {signer} with signer index: {i}"
                        ),
                    ));
                }
                account.pub_key = Some(g.clone());
                state
                    .set_account(&account)
                    .map_err(|e| TxError::module(&e))?;
                g
            }
            (None, None) => {
                return Err(TxError::sdk(
                    sdk::INVALID_PUBKEY,
                    format!("pubkey on account {signer} is not set"),
                ))
            }
        };
        ctx.meter.consume(ctx.params.sig_verify_cost_secp256k1)?;
        if ctx.mode != ExecMode::Simulate {
            let bytes = bytes_to_verify(
                tx,
                &ctx.block.chain_id,
                account.account_number,
                info,
                sign_mode,
            )?;
            verify_cached(ctx.sig_cache, &pubkey, &bytes, sig)?;
        }
    }
    Ok(())
}

/// [`verify_secp256k1`] through this node's cache of verdicts: a signature verified (or found
/// not to verify) before is not verified again. The verdict depends on the three inputs
/// alone, so the result is the same with or without the cache.
pub fn verify_cached(
    cache: Option<&SigCache>,
    pubkey: &[u8],
    msg: &[u8],
    sig: &[u8],
) -> Result<(), TxError> {
    let Some(cache) = cache else {
        return verify_secp256k1(pubkey, msg, sig);
    };
    let key = SigCache::key(pubkey, msg, sig);
    match cache.verdict(&key) {
        Some(true) => Ok(()),
        Some(false) => Err(verification_failed()),
        None => {
            let result = verify_secp256k1(pubkey, msg, sig);
            match &result {
                Ok(()) => cache.insert(key),
                Err(e) if *e == verification_failed() => cache.insert_bad(key),
                // malformed inputs are refused before any costly work: nothing to remember
                Err(_) => {}
            }
            result
        }
    }
}

/// The verifications the signature step would do for `tx` on `state` (each signer's key,
/// sign bytes and signature), for a block's signatures to be verified ahead of execution.
/// A signer the step would refuse before verifying gives nothing; so does any error.
pub fn verifications<S: openledger_framework::StateRead>(
    state: &S,
    tx: &DecodedTx,
    signers: &[Address],
    chain_id: &str,
) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    use openledger_auth::AuthRead;
    let infos = &tx.auth_info.signer_infos;
    let mut out = Vec::new();
    for (i, ((signer, info), sig)) in signers
        .iter()
        .zip(infos)
        .zip(&tx.raw.signatures)
        .enumerate()
    {
        let Ok(Some(account)) = state.account(signer) else {
            continue;
        };
        let Ok(sign_mode) = accepted_mode(info, ExecMode::Finalize, i) else {
            continue;
        };
        let Some(pubkey) = account.pub_key.or_else(|| pubkey_of(info).ok().flatten()) else {
            continue;
        };
        if let Ok(bytes) = bytes_to_verify(tx, chain_id, account.account_number, info, sign_mode) {
            out.push((pubkey, bytes, sig.clone()));
        }
    }
    out
}
