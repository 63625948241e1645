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
    /// Serve the LCD REST gateway (the Cosmos SDK's REST routes) on `rest_addr`.
    pub rest_enable: bool,
    /// The LCD REST gateway.
    pub rest_addr: SocketAddr,
    /// Browser origins allowed to call the REST gateway (CORS), e.g.
    /// `["https://wallet.example"]`; `["*"]` (the default) allows any, which suits a devnet;
    /// `[]` allows none.
    pub rest_cors_allowed_origins: Vec<String>,
    /// Directory of the web dashboard's built files (`web/dist`), served by the REST gateway
    /// at the paths no query route takes (`/` is its `index.html`); unset: not served. A
    /// relative path is taken from the node home.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_dir: Option<PathBuf>,
    /// CometBFT RPC, used by gRPC broadcast, tx and block lookups.
    pub cometbft_rpc: String,
    /// This node's minimum gas price in aopen per gas, applied in CheckTx on top of the
    /// chain-wide minimum. Decimal integer.
    pub min_gas_price: String,
    /// Committed versions kept readable for historical queries and proofs (0 = all).
    pub keep_recent: u64,
    /// tracing filter, e.g. "info" or "openledger_app=debug,info".
    pub log_level: String,
    /// Directory of the content store (contribution bytes by sha256); unset:
    /// `<home>/data/content`. A relative path is taken from the node home.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_dir: Option<PathBuf>,
    /// gRPC URLs of other nodes whose content services the fetcher asks for missing
    /// contributions, in order, e.g. `["http://10.0.0.2:9090"]`.
    pub content_peers: Vec<String>,
    /// Seconds between rounds of fetching missing approved contributions (0: never fetch).
    pub content_fetch_interval_secs: u64,
    /// Follow contribution URIs that resolve to loopback, private or link-local addresses.
    /// Off by default: URIs are written by contributors, and a node should not request its own
    /// local services on their behalf.
    pub content_fetch_private_uris: bool,
    /// Milliseconds between rounds of the challenge runner, which re-runs the attribution
    /// engine on open challenges for this node's vote extension (0: never run it; the node
    /// then votes on no challenge).
    pub challenge_poll_interval_ms: u64,
    /// Rounds after which the runner recomputes a challenge it abstained on (contents missing
    /// from the content store, or another failure).
    pub challenge_retry_rounds: u64,
    /// Directory of the attribution engine's indexes, one per datanet version
    /// (`<datanet>/<version>`); unset: `<home>/data/index`. A relative path is taken from the
    /// node home.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_dir: Option<PathBuf>,
    /// Threads an index build uses (0: one per core).
    pub index_build_threads: usize,
    /// Queries (ABCI `Query`, gRPC, Simulate) running at once on the blocking pool; more wait
    /// for a permit (0: half the cores, at least 1). Consensus never waits for queries.
    pub query_max_concurrent: usize,
    /// Milliseconds a query may wait for a permit and run before it is answered with an error.
    pub query_timeout_ms: u64,
    /// Gas a Simulate may use (at least 100000): a larger gas limit is refused, a gas limit of
    /// 0 runs with this one.
    pub simulate_gas_cap: u64,
    /// Serve Prometheus metrics (the app's own, beside CometBFT's) on `metrics_addr`.
    pub metrics_enable: bool,
    /// Where `GET /metrics` answers in the Prometheus text format.
    pub metrics_addr: SocketAddr,
    /// Take a state-sync snapshot every this many heights (0: never). Snapshots are served
    /// to nodes joining by state sync.
    pub snapshot_interval: u64,
    /// State-sync snapshots kept on disk (the oldest are deleted beyond this; at least 1).
    pub snapshot_keep_recent: u32,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            abci_addr: SocketAddr::from(([127, 0, 0, 1], 26658)),
            grpc_addr: SocketAddr::from(([127, 0, 0, 1], 9090)),
            rest_enable: true,
            rest_addr: SocketAddr::from(([127, 0, 0, 1], 1317)),
            rest_cors_allowed_origins: vec!["*".to_string()],
            web_dir: None,
            cometbft_rpc: "http://127.0.0.1:26657".to_string(),
            min_gas_price: "0".to_string(),
            keep_recent: 100_000,
            log_level: "info".to_string(),
            content_dir: None,
            content_peers: Vec::new(),
            content_fetch_interval_secs: 10,
            content_fetch_private_uris: false,
            challenge_poll_interval_ms: 500,
            challenge_retry_rounds: 20,
            index_dir: None,
            index_build_threads: 1,
            query_max_concurrent: 0,
            query_timeout_ms: 10_000,
            simulate_gas_cap: 10_000_000,
            metrics_enable: false,
            metrics_addr: SocketAddr::from(([127, 0, 0, 1], 26661)),
            snapshot_interval: 0,
            snapshot_keep_recent: 2,
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

    /// The content store's directory: `content_dir` (relative to `home` unless absolute), or
    /// `<home>/data/content`.
    pub fn content_dir(&self, home: &Path) -> PathBuf {
        match &self.content_dir {
            Some(dir) => home.join(dir),
            None => home.join("data").join("content"),
        }
    }

    /// The engine indexes' directory: `index_dir` (relative to `home` unless absolute), or
    /// `<home>/data/index`.
    pub fn index_dir(&self, home: &Path) -> PathBuf {
        match &self.index_dir {
            Some(dir) => home.join(dir),
            None => home.join("data").join("index"),
        }
    }

    /// The query limits of [`crate::query::limits`].
    pub fn query_limits(&self) -> crate::query::QueryLimits {
        crate::query::QueryLimits {
            max_concurrent: self.query_max_concurrent,
            timeout: std::time::Duration::from_millis(self.query_timeout_ms),
            simulate_gas_cap: self.simulate_gas_cap,
        }
    }

    /// The dashboard's files to serve, if `web_dir` is set.
    pub fn web_files(
        &self,
        home: &Path,
    ) -> anyhow::Result<Option<crate::rest::static_files::StaticFiles>> {
        self.web_dir
            .as_ref()
            .map(|d| crate::rest::static_files::StaticFiles::new(&home.join(d)))
            .transpose()
    }

    /// The REST gateway's CORS policy.
    pub fn rest_cors(&self) -> crate::rest::Cors {
        crate::rest::Cors {
            allowed_origins: self.rest_cors_allowed_origins.clone(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_without_content_fields_loads_with_defaults() {
        let old = r#"
abci_addr = "127.0.0.1:26658"
grpc_addr = "127.0.0.1:9090"
cometbft_rpc = "http://127.0.0.1:26657"
min_gas_price = "0"
keep_recent = 100000
log_level = "info"
"#;
        let cfg: AppConfig = toml::from_str(old).unwrap();
        assert_eq!(cfg, AppConfig::default());
        let home = Path::new("node-home");
        assert_eq!(cfg.content_dir(home), home.join("data").join("content"));
        assert!(cfg.content_peers.is_empty());
        assert_eq!(cfg.content_fetch_interval_secs, 10);
    }

    #[test]
    fn content_fields_round_trip() {
        let cfg = AppConfig {
            content_dir: Some(PathBuf::from("blobs")),
            content_peers: vec!["http://10.0.0.2:9090".into()],
            content_fetch_interval_secs: 0,
            content_fetch_private_uris: true,
            ..AppConfig::default()
        };
        let text = toml::to_string_pretty(&cfg).unwrap();
        assert_eq!(toml::from_str::<AppConfig>(&text).unwrap(), cfg);
        let home = Path::new("node-home");
        assert_eq!(cfg.content_dir(home), home.join("blobs"));
        let abs = std::env::temp_dir().join("content");
        let cfg = AppConfig {
            content_dir: Some(abs.clone()),
            ..AppConfig::default()
        };
        assert_eq!(cfg.content_dir(home), abs);
        // the default file leaves content_dir out, so it follows the home
        let default_text = toml::to_string_pretty(&AppConfig::default()).unwrap();
        assert!(!default_text.contains("content_dir"));
        assert!(default_text.contains("content_fetch_interval_secs = 10"));
    }

    #[test]
    fn challenge_runner_fields_default_and_round_trip() {
        let old = "min_gas_price = \"0\"\ncontent_fetch_interval_secs = 10\n";
        let cfg: AppConfig = toml::from_str(old).unwrap();
        assert_eq!(cfg.challenge_poll_interval_ms, 500);
        assert_eq!(cfg.challenge_retry_rounds, 20);
        assert_eq!(cfg.index_build_threads, 1);
        let home = Path::new("node-home");
        assert_eq!(cfg.index_dir(home), home.join("data").join("index"));
        let cfg = AppConfig {
            challenge_poll_interval_ms: 0,
            challenge_retry_rounds: 3,
            index_dir: Some(PathBuf::from("idx")),
            index_build_threads: 0,
            ..AppConfig::default()
        };
        let text = toml::to_string_pretty(&cfg).unwrap();
        assert_eq!(toml::from_str::<AppConfig>(&text).unwrap(), cfg);
        assert_eq!(cfg.index_dir(home), home.join("idx"));
        let default_text = toml::to_string_pretty(&AppConfig::default()).unwrap();
        assert!(!default_text.contains("index_dir"));
        assert!(default_text.contains("challenge_poll_interval_ms = 500"));
    }

    #[test]
    fn rest_fields_default_and_round_trip() {
        let cfg: AppConfig = toml::from_str("min_gas_price = \"0\"\n").unwrap();
        assert!(cfg.rest_enable);
        assert_eq!(cfg.rest_addr, SocketAddr::from(([127, 0, 0, 1], 1317)));
        assert_eq!(cfg.rest_cors_allowed_origins, vec!["*".to_string()]);
        let cfg = AppConfig {
            rest_enable: false,
            rest_addr: SocketAddr::from(([0, 0, 0, 0], 1318)),
            rest_cors_allowed_origins: vec!["https://wallet.example".into()],
            ..AppConfig::default()
        };
        let text = toml::to_string_pretty(&cfg).unwrap();
        assert_eq!(toml::from_str::<AppConfig>(&text).unwrap(), cfg);
        assert_eq!(
            cfg.rest_cors().allowed_origins,
            cfg.rest_cors_allowed_origins
        );
        let default_text = toml::to_string_pretty(&AppConfig::default()).unwrap();
        assert!(default_text.contains("rest_addr = \"127.0.0.1:1317\""));
    }

    #[test]
    fn web_dir_is_unset_by_default_and_taken_from_the_home() {
        let cfg = AppConfig::default();
        assert_eq!(cfg.web_dir, None);
        assert!(!toml::to_string(&cfg).unwrap().contains("web_dir"));
        let home = tempfile::tempdir().unwrap();
        assert!(cfg.web_files(home.path()).unwrap().is_none());
        std::fs::create_dir(home.path().join("web")).unwrap();
        std::fs::write(home.path().join("web/index.html"), "<html></html>").unwrap();
        let cfg = AppConfig {
            web_dir: Some(PathBuf::from("web")),
            ..AppConfig::default()
        };
        let text = toml::to_string(&cfg).unwrap();
        assert_eq!(toml::from_str::<AppConfig>(&text).unwrap(), cfg);
        let files = cfg.web_files(home.path()).unwrap().unwrap();
        assert!(files.resolve("/").is_some());
        let missing = AppConfig {
            web_dir: Some(PathBuf::from("no-such-dir")),
            ..AppConfig::default()
        };
        assert!(missing.web_files(home.path()).is_err());
    }

    #[test]
    fn query_limit_fields_default_and_round_trip() {
        let cfg: AppConfig = toml::from_str("min_gas_price = \"0\"\n").unwrap();
        assert_eq!(cfg.query_max_concurrent, 0);
        assert_eq!(cfg.query_timeout_ms, 10_000);
        assert_eq!(cfg.simulate_gas_cap, 10_000_000);
        assert!(cfg.query_limits().concurrency() >= 1);
        let cfg = AppConfig {
            query_max_concurrent: 3,
            query_timeout_ms: 500,
            simulate_gas_cap: 2_000_000,
            ..AppConfig::default()
        };
        let text = toml::to_string_pretty(&cfg).unwrap();
        assert_eq!(toml::from_str::<AppConfig>(&text).unwrap(), cfg);
        assert_eq!(cfg.query_limits().concurrency(), 3);
    }
}
