//! Node configuration: `<home>/config/app.toml`, with command-line flags overriding it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AppConfig {
    /// Where CometBFT's `proxy_app` connects.
    pub abci_addr: SocketAddr,
    /// The gRPC query gateway.
    pub grpc_addr: SocketAddr,
    /// CometBFT RPC, used by gRPC broadcast, tx and block lookups.
    pub cometbft_rpc: String,
    /// This node's minimum gas price in aopen per gas, applied in CheckTx on top of the
    /// chain-wide minimum. Decimal integer.
    pub min_gas_price: String,
    /// Committed versions kept readable for historical queries and proofs (0 = all).
    pub keep_recent: u64,
    /// tracing filter, e.g. "info" or "openledger_app=debug,info".
    pub log_level: String,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            abci_addr: SocketAddr::from(([127, 0, 0, 1], 26658)),
            grpc_addr: SocketAddr::from(([127, 0, 0, 1], 9090)),
            cometbft_rpc: "http://127.0.0.1:26657".to_string(),
            min_gas_price: "0".to_string(),
            keep_recent: 100_000,
            log_level: "info".to_string(),
        }
    }
}

impl AppConfig {
    pub fn path(home: &Path) -> PathBuf {
        home.join("config").join("app.toml")
    }

    pub fn load(home: &Path) -> anyhow::Result<Self> {
        let path = Self::path(home);
        if !path.exists() {
            return Ok(AppConfig::default());
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("parsing {}: {e}", path.display()))
    }

    pub fn write(&self, home: &Path) -> anyhow::Result<()> {
        let path = Self::path(home);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let body = toml::to_string_pretty(self)?;
        std::fs::write(
            &path,
            format!("# openledgerd node configuration; flags of `openledgerd start` override it.\n{body}"),
        )?;
        Ok(())
    }

    pub fn min_gas_price(&self) -> anyhow::Result<u128> {
        openledger_framework::coin::parse_amount(&self.min_gas_price)
            .map_err(|e| anyhow::anyhow!("min_gas_price: {e}"))
    }
}

pub fn db_path(home: &Path) -> PathBuf {
    home.join("data").join("openledger.db")
}

pub fn genesis_path(home: &Path) -> PathBuf {
    home.join("config").join("genesis.json")
}
