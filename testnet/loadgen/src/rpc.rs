//! The few CometBFT RPC calls of a run, over HTTP JSON-RPC.

use anyhow::{anyhow, bail, Context};
use base64::Engine;
use serde_json::Value;
use std::time::Duration;

#[derive(Clone)]
pub struct Rpc {
    base: String,
    http: reqwest::Client,
}

/// What `broadcast_tx_sync`/`_async` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broadcast {
    /// CheckTx's code (always 0 for async), and its log.
    Code(u32, String),
    /// The mempool refused it as full: send it again later.
    MempoolFull,
    /// Any other RPC error (e.g. "tx already exists in cache").
    Error(String),
}

/// A block: header time, and its txs' bytes.
pub struct Block {
    pub height: u64,
    pub time: String,
    pub txs: Vec<Vec<u8>>,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn as_u64(v: &Value) -> Option<u64> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .or_else(|| v.as_u64())
}

impl Rpc {
    pub fn new(base: &str, connections: usize) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(connections.max(1))
            .timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            .build()?;
        Ok(Rpc {
            base: base.trim_end_matches('/').to_string(),
            http,
        })
    }

    /// POSTs a JSON-RPC call; the whole answer (with `result` or `error`).
    async fn call(&self, method: &str, params: Value) -> anyhow::Result<Value> {
        let body =
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let resp = self
            .http
            .post(&self.base)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .with_context(|| format!("{method} to {}", self.base))?;
        let bytes = resp.bytes().await?;
        serde_json::from_slice(&bytes).with_context(|| format!("{method}: the answer is not JSON"))
    }

    async fn result(&self, method: &str, params: Value) -> anyhow::Result<Value> {
        let mut v = self.call(method, params).await?;
        if let Some(e) = v.get("error") {
            bail!("{method}: {e}");
        }
        Ok(v.get_mut("result").map(Value::take).unwrap_or(Value::Null))
    }

    pub async fn broadcast(&self, tx: &[u8], sync: bool) -> anyhow::Result<Broadcast> {
        let method = if sync {
            "broadcast_tx_sync"
        } else {
            "broadcast_tx_async"
        };
        let v = self
            .call(method, serde_json::json!({ "tx": b64().encode(tx) }))
            .await?;
        if let Some(e) = v.get("error") {
            let text = format!(
                "{} {}",
                e.get("message").and_then(Value::as_str).unwrap_or(""),
                e.get("data").and_then(Value::as_str).unwrap_or("")
            );
            if text.contains("mempool is full") {
                return Ok(Broadcast::MempoolFull);
            }
            return Ok(Broadcast::Error(text.trim().to_string()));
        }
        let r = &v["result"];
        let code = r["code"].as_u64().unwrap_or(0) as u32;
        let log = r["log"].as_str().unwrap_or("").to_string();
        Ok(Broadcast::Code(code, log))
    }

    /// (chain id, latest height).
    pub async fn status(&self) -> anyhow::Result<(String, u64)> {
        let r = self.result("status", serde_json::json!({})).await?;
        let chain = r["node_info"]["network"]
            .as_str()
            .context("status: no node_info.network")?
            .to_string();
        let h = as_u64(&r["sync_info"]["latest_block_height"]).context("status: no height")?;
        Ok((chain, h))
    }

    pub async fn block(&self, height: u64) -> anyhow::Result<Block> {
        let r = self
            .result("block", serde_json::json!({ "height": height.to_string() }))
            .await?;
        let b = &r["block"];
        let time = b["header"]["time"]
            .as_str()
            .context("block: no header.time")?
            .to_string();
        let mut txs = Vec::new();
        if let Some(list) = b["data"]["txs"].as_array() {
            for t in list {
                let s = t.as_str().context("block: a tx is not a string")?;
                txs.push(b64().decode(s).context("block: a tx is not base64")?);
            }
        }
        Ok(Block { height, time, txs })
    }

    /// The result codes of a block's txs, in block order.
    pub async fn block_result_codes(&self, height: u64) -> anyhow::Result<Vec<u32>> {
        let r = self
            .result(
                "block_results",
                serde_json::json!({ "height": height.to_string() }),
            )
            .await?;
        Ok(r["txs_results"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|t| t["code"].as_u64().unwrap_or(0) as u32)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// (txs, bytes) in the mempool.
    pub async fn unconfirmed(&self) -> anyhow::Result<(u64, u64)> {
        let r = self
            .result("num_unconfirmed_txs", serde_json::json!({}))
            .await?;
        Ok((
            as_u64(&r["n_txs"]).unwrap_or(0),
            as_u64(&r["total_bytes"]).unwrap_or(0),
        ))
    }

    /// ABCI query of a gRPC method path with a protobuf request; the response bytes.
    pub async fn abci_query(&self, path: &str, data: &[u8]) -> anyhow::Result<Vec<u8>> {
        let r = self
            .result(
                "abci_query",
                serde_json::json!({ "path": path, "data": hex::encode(data) }),
            )
            .await?;
        let resp = &r["response"];
        let code = resp["code"].as_u64().unwrap_or(0);
        if code != 0 {
            return Err(anyhow!(
                "abci_query {path}: code {code}: {}",
                resp["log"].as_str().unwrap_or("")
            ));
        }
        match resp["value"].as_str() {
            Some(v) => Ok(b64().decode(v)?),
            None => Ok(Vec::new()),
        }
    }
}
