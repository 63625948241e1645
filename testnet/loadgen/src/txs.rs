//! Keys derived from seeds, signed bank sends (SIGN_MODE_DIRECT, as a wallet encodes them),
//! the invalid txs of the flood, kvstore txs of the same size, and the genesis funding.

use anyhow::{bail, Context};
use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{
    mode_info, AuthInfo, Fee, ModeInfo, SignDoc, SignerInfo, TxBody, TxRaw,
};
use cosmos_sdk_proto::Any;
use openledger_framework::{Address, BASE_DENOM};
use prost::{Message, Name};
use sha2::{Digest, Sha256};

/// A secp256k1 key of the load: secret = sha256("openledger-loadgen/" || seed as 8 BE bytes).
/// Public development keys, like the devnet's: never fund them on a network of value.
#[derive(Clone)]
pub struct LoadKey {
    secret: secp256k1::SecretKey,
    pub pubkey: [u8; 33],
    pub address: Address,
}

impl LoadKey {
    pub fn from_seed(seed: u64) -> Self {
        let mut h = Sha256::new();
        h.update(b"openledger-loadgen/");
        h.update(seed.to_be_bytes());
        let mut bytes: [u8; 32] = h.finalize().into();
        let secret = loop {
            match secp256k1::SecretKey::from_slice(&bytes) {
                Ok(s) => break s,
                Err(_) => bytes = Sha256::digest(bytes).into(),
            }
        };
        let pubkey =
            secp256k1::PublicKey::from_secret_key(secp256k1::SECP256K1, &secret).serialize();
        LoadKey {
            secret,
            pubkey,
            address: Address::from_secp256k1_pubkey(&pubkey),
        }
    }

    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        let digest: [u8; 32] = Sha256::digest(msg).into();
        let m = secp256k1::Message::from_digest(digest);
        secp256k1::SECP256K1
            .sign_ecdsa(&m, &self.secret)
            .serialize_compact()
            .to_vec()
    }
}

/// The keys of seeds `first .. first + count`.
pub fn keys(first: u64, count: u64) -> Vec<LoadKey> {
    (first..first.saturating_add(count))
        .map(LoadKey::from_seed)
        .collect()
}

/// What every send of a run shares.
#[derive(Debug, Clone)]
pub struct SendParams {
    pub chain_id: String,
    pub gas_limit: u64,
    /// Fee in aopen.
    pub fee: u128,
}

/// One signed `MsgSend` of `amount` aopen from `key` to `to`.
pub fn signed_send(
    p: &SendParams,
    key: &LoadKey,
    to: &Address,
    account_number: u64,
    sequence: u64,
    amount: u128,
) -> Vec<u8> {
    let msg = Any {
        type_url: MsgSend::type_url(),
        value: MsgSend {
            from_address: key.address.to_string(),
            to_address: to.to_string(),
            amount: vec![coin(amount)],
        }
        .encode_to_vec(),
    };
    let body = TxBody {
        messages: vec![msg],
        ..Default::default()
    }
    .encode_to_vec();
    let auth_info = AuthInfo {
        signer_infos: vec![SignerInfo {
            public_key: Some(Any {
                type_url: PubKey::type_url(),
                value: PubKey {
                    key: key.pubkey.to_vec(),
                }
                .encode_to_vec(),
            }),
            mode_info: Some(ModeInfo {
                sum: Some(mode_info::Sum::Single(mode_info::Single {
                    mode: SignMode::Direct as i32,
                })),
            }),
            sequence,
        }],
        fee: Some(Fee {
            amount: vec![coin(p.fee)],
            gas_limit: p.gas_limit,
            payer: String::new(),
            granter: String::new(),
        }),
        ..Default::default()
    }
    .encode_to_vec();
    let doc = SignDoc {
        body_bytes: body.clone(),
        auth_info_bytes: auth_info.clone(),
        chain_id: p.chain_id.clone(),
        account_number,
    };
    let sig = key.sign(&doc.encode_to_vec());
    TxRaw {
        body_bytes: body,
        auth_info_bytes: auth_info,
        signatures: vec![sig],
    }
    .encode_to_vec()
}

fn coin(amount: u128) -> Coin {
    Coin {
        denom: BASE_DENOM.to_string(),
        amount: amount.to_string(),
    }
}

/// A signed tx with its signature's last byte flipped: the node must refuse it.
pub fn corrupt_signature(tx: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut raw = TxRaw::decode(tx).context("not a TxRaw")?;
    let Some(last) = raw.signatures.first_mut().and_then(|s| s.last_mut()) else {
        bail!("the tx has no signature");
    };
    *last ^= 0x01;
    Ok(raw.encode_to_vec())
}

/// `len` bytes that decode as no tx: a deterministic stream from `seed`, starting with
/// `first` (0 is no valid protobuf field tag; `=` makes no valid kvstore tx).
pub fn garbage(seed: u64, len: usize, first: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut counter = 0u64;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(b"openledger-loadgen/garbage/");
        h.update(seed.to_be_bytes());
        h.update(counter.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    if let Some(f) = out.first_mut() {
        *f = first;
    }
    out
}

/// A kvstore tx `key=value` of `len` bytes (longer when the key needs it): a unique key from
/// `run` and `i`, the value padded with `x`. One `=`, no `:`, as the kvstore app requires.
pub fn kv_tx(run: u64, i: u64, len: usize) -> Vec<u8> {
    let mut tx = format!("lg{run:x}-{i}=x").into_bytes();
    while tx.len() < len {
        tx.push(b'x');
    }
    tx
}

/// CometBFT's tx hash: sha256 of the bytes.
pub fn tx_hash(tx: &[u8]) -> [u8; 32] {
    Sha256::digest(tx).into()
}

/// Adds a balance of `amount` aopen for each address to a genesis.json's
/// `app_state.bank.balances` (summing with an existing balance of the same address) and clears
/// the supply, as `openledgerd genesis add-account` does; the node recomputes it.
pub fn fund_in_genesis(
    genesis: &mut serde_json::Value,
    addresses: &[Address],
    amount: u128,
) -> anyhow::Result<()> {
    let bank = genesis
        .pointer_mut("/app_state/bank")
        .and_then(|b| b.as_object_mut())
        .context("genesis has no app_state.bank (not an openledgerd genesis?)")?;
    let balances = bank
        .entry("balances")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()))
        .as_array_mut()
        .context("app_state.bank.balances is not a list")?;
    let mut index = std::collections::BTreeMap::new();
    for (i, b) in balances.iter().enumerate() {
        if let Some(a) = b.get("address").and_then(|a| a.as_str()) {
            index.insert(a.to_string(), i);
        }
    }
    for addr in addresses {
        let a = addr.to_string();
        if let Some(&i) = index.get(&a) {
            bail!("{a} already has a balance in this genesis (funded twice?) at index {i}");
        }
        index.insert(a.clone(), balances.len());
        balances.push(serde_json::json!({
            "address": a,
            "coins": [{ "denom": BASE_DENOM, "amount": amount.to_string() }],
        }));
    }
    bank.insert("supply".into(), serde_json::Value::Array(Vec::new()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_deterministic_and_distinct() {
        let a = keys(0, 3);
        let b = keys(0, 3);
        assert_eq!(a.len(), 3);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.address, y.address);
        }
        assert_ne!(a[0].address, a[1].address);
        assert!(a[0].address.to_string().starts_with("open1"));
    }

    #[test]
    fn sends_differ_by_sequence_and_corruption_changes_only_the_signature() {
        let k = keys(0, 2);
        let p = SendParams {
            chain_id: "c".into(),
            gas_limit: 100_000,
            fee: 100_000_000_000_000,
        };
        let t0 = signed_send(&p, &k[0], &k[1].address, 5, 0, 1);
        let t1 = signed_send(&p, &k[0], &k[1].address, 5, 1, 1);
        assert_ne!(tx_hash(&t0), tx_hash(&t1));
        let bad = corrupt_signature(&t0).unwrap();
        let (a, b) = (TxRaw::decode(&*t0).unwrap(), TxRaw::decode(&*bad).unwrap());
        assert_eq!(a.body_bytes, b.body_bytes);
        assert_ne!(a.signatures, b.signatures);
    }

    #[test]
    fn kv_txs_have_the_size_and_one_equals_sign() {
        let t = kv_tx(0xabc, 42, 300);
        assert_eq!(t.len(), 300);
        assert_eq!(t.iter().filter(|&&c| c == b'=').count(), 1);
        assert_ne!(kv_tx(1, 1, 50), kv_tx(1, 2, 50));
        let g = garbage(3, 250, 0);
        assert_eq!(g.len(), 250);
        assert_eq!(g[0], 0);
    }

    #[test]
    fn genesis_funding_appends_and_refuses_duplicates() {
        let mut g = serde_json::json!({"app_state": {"bank": {"balances": [], "supply": [{"denom": "aopen", "amount": "5"}]}}});
        let k = keys(7, 2);
        let addrs: Vec<Address> = k.iter().map(|k| k.address).collect();
        fund_in_genesis(&mut g, &addrs, 10).unwrap();
        assert_eq!(
            g["app_state"]["bank"]["balances"].as_array().unwrap().len(),
            2
        );
        assert_eq!(g["app_state"]["bank"]["supply"], serde_json::json!([]));
        assert!(fund_in_genesis(&mut g, &addrs[..1], 10).is_err());
    }
}
