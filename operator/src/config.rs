//! The gateway's configuration: a TOML file (docs/operator-gateway.md, "Configuration").

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid configuration: {0}")]
    Parse(String),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8088))
}
fn default_backend_timeout_secs() -> u64 {
    300
}
fn default_max_body_bytes() -> usize {
    1024 * 1024
}
fn default_max_concurrent_requests() -> usize {
    64
}
fn default_receipt_timeout_ms() -> u64 {
    30_000
}
fn default_batch_interval_ms() -> u64 {
    1_000
}
fn default_max_records_per_tx() -> usize {
    50
}
fn default_max_pending_records() -> usize {
    10_000
}
fn default_max_tracked_nonces() -> usize {
    1_000_000
}
fn default_max_output_tokens() -> u64 {
    1024
}

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address the gateway listens on.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The backend's OpenAI base URL, with its `/v1` (`http://127.0.0.1:8000/v1`).
    pub backend_url: String,
    /// Sent to the backend as `Authorization: Bearer ...` when set.
    #[serde(default)]
    pub backend_api_key: Option<String>,
    /// Longest wait for the backend's response headers, then for each streamed chunk, or for
    /// the body of a non-streamed response.
    #[serde(default = "default_backend_timeout_secs")]
    pub backend_timeout_secs: u64,
    /// Largest request body; larger ones are refused with 413.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// Requests served at once; more are refused with 429.
    #[serde(default = "default_max_concurrent_requests")]
    pub max_concurrent_requests: usize,
    /// How long a response waits for its record's inclusion before it answers
    /// `"status": "pending"`.
    #[serde(default = "default_receipt_timeout_ms")]
    pub receipt_timeout_ms: u64,
    /// How long the batcher gathers records into one transaction.
    #[serde(default = "default_batch_interval_ms")]
    pub batch_interval_ms: u64,
    /// Most records in one transaction.
    #[serde(default = "default_max_records_per_tx")]
    pub max_records_per_tx: usize,
    /// Records waiting for inclusion beyond which new requests are refused with 503.
    #[serde(default = "default_max_pending_records")]
    pub max_pending_records: usize,
    /// Nonces remembered at once (each until its request's expiry).
    #[serde(default = "default_max_tracked_nonces")]
    pub max_tracked_nonces: usize,
    /// The models served, as `[[models]]` tables.
    #[serde(default)]
    pub models: Vec<ModelEntry>,
    /// The chain the gateway records on, as a `[chain]` table (required by `serve` unless
    /// `--dev-fake-chain`).
    #[serde(default)]
    pub chain: Option<ChainSection>,
}

fn default_node() -> String {
    "http://127.0.0.1:26657".into()
}
fn default_grpc() -> String {
    "http://127.0.0.1:9090".into()
}
fn default_inclusion_timeout_secs() -> u64 {
    30
}
fn default_engine_refresh_secs() -> u64 {
    10
}

/// `[chain]`: where the chain is, which key signs the records, where the corpus lives.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ChainSection {
    /// CometBFT RPC URL of a node.
    #[serde(default = "default_node")]
    pub node: String,
    /// The node's gRPC URL (its content store).
    #[serde(default = "default_grpc")]
    pub grpc: String,
    /// An `openledger` home: its keyring holds the operator key; the content store and the
    /// indexes are kept under it.
    pub home: std::path::PathBuf,
    /// The operator's key name (or address) in that keyring.
    pub key: String,
    /// The environment variable holding the keyring passphrase (default
    /// OPENLEDGER_KEYRING_PASSPHRASE).
    #[serde(default)]
    pub passphrase_env: Option<String>,
    /// The chain id (default: the node's).
    #[serde(default)]
    pub chain_id: Option<String>,
    /// Longest wait for a record transaction's inclusion before it is retried.
    #[serde(default = "default_inclusion_timeout_secs")]
    pub inclusion_timeout_secs: u64,
    /// How often the chain's engine params are read again.
    #[serde(default = "default_engine_refresh_secs")]
    pub engine_refresh_secs: u64,
}

/// One model clients may ask for.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// The `model` clients send, e.g. `openledger/1`.
    pub name: String,
    /// The model's id on chain.
    pub model_id: u64,
    /// The model version served, explicitly (0, "latest", is not allowed).
    pub model_version: u64,
    /// The backend's model or adapter name.
    pub backend_model: String,
    /// Output tokens assumed for the fee ceiling, and sent to the backend as `max_tokens`, when
    /// the request sets no `max_tokens`.
    #[serde(default = "default_max_output_tokens")]
    pub max_output_tokens: u64,
    /// Fields set in every request forwarded for this model, over the client's (for example
    /// llama.cpp's `lora` adapter list). May not set the fields the gateway manages.
    #[serde(default)]
    pub backend_params: serde_json::Map<String, serde_json::Value>,
}

/// Request fields the gateway sets itself, which `backend_params` may not set.
pub const MANAGED_FIELDS: [&str; 6] = [
    "model",
    "stream",
    "stream_options",
    "max_tokens",
    "max_completion_tokens",
    "n",
];

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// Parses and checks a configuration text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// A configuration with every default, for `backend_url` and `models`.
    pub fn new(backend_url: impl Into<String>, models: Vec<ModelEntry>) -> Config {
        Config {
            listen: default_listen(),
            backend_url: backend_url.into(),
            backend_api_key: None,
            backend_timeout_secs: default_backend_timeout_secs(),
            max_body_bytes: default_max_body_bytes(),
            max_concurrent_requests: default_max_concurrent_requests(),
            receipt_timeout_ms: default_receipt_timeout_ms(),
            batch_interval_ms: default_batch_interval_ms(),
            max_records_per_tx: default_max_records_per_tx(),
            max_pending_records: default_max_pending_records(),
            max_tracked_nonces: default_max_tracked_nonces(),
            models,
            chain: None,
        }
    }

    /// Checks what the types do not.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        let url = self.backend_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return invalid(format!(
                "backend_url must be an http:// or https:// URL, got {url:?}"
            ));
        }
        for (name, value) in [
            ("backend_timeout_secs", self.backend_timeout_secs as usize),
            ("max_body_bytes", self.max_body_bytes),
            ("max_concurrent_requests", self.max_concurrent_requests),
            ("max_records_per_tx", self.max_records_per_tx),
            ("max_pending_records", self.max_pending_records),
            ("max_tracked_nonces", self.max_tracked_nonces),
        ] {
            if value == 0 {
                return invalid(format!("{name} must be at least 1"));
            }
        }
        if self.models.is_empty() {
            return invalid("no [[models]] entry".into());
        }
        let mut names = BTreeSet::new();
        for m in &self.models {
            if m.name.trim().is_empty() || m.name.len() > 256 {
                return invalid("a model name must be 1 to 256 characters".into());
            }
            if !names.insert(m.name.as_str()) {
                return invalid(format!("model {:?} is configured twice", m.name));
            }
            if m.model_id == 0 {
                return invalid(format!("model {:?}: model_id must be at least 1", m.name));
            }
            if m.model_version == 0 {
                return invalid(format!(
                    "model {:?}: model_version must be an explicit version (0, the latest, is not allowed)",
                    m.name
                ));
            }
            if m.backend_model.trim().is_empty() {
                return invalid(format!("model {:?}: backend_model is empty", m.name));
            }
            if let Some(field) = MANAGED_FIELDS
                .iter()
                .find(|f| m.backend_params.contains_key(**f))
            {
                return invalid(format!(
                    "model {:?}: backend_params may not set {field}",
                    m.name
                ));
            }
            if m.max_output_tokens == 0 {
                return invalid(format!(
                    "model {:?}: max_output_tokens must be at least 1",
                    m.name
                ));
            }
        }
        Ok(())
    }

    /// The model clients call `name`.
    pub fn model(&self, name: &str) -> Option<&ModelEntry> {
        self.models.iter().find(|m| m.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
listen = "0.0.0.0:9000"
backend_url = "http://127.0.0.1:8000/v1"
batch_interval_ms = 500

[[models]]
name = "openledger/1"
model_id = 1
model_version = 2
backend_model = "adapter-1"
max_output_tokens = 256

[[models]]
name = "openledger/2"
model_id = 2
model_version = 1
backend_model = "base"
backend_params = { lora = [{ id = 0, scale = 1.0 }] }
"#;

    #[test]
    fn parses_with_defaults() {
        let c = Config::parse(EXAMPLE).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.batch_interval_ms, 500);
        assert_eq!(c.max_records_per_tx, 50);
        assert_eq!(c.receipt_timeout_ms, 30_000);
        assert_eq!(c.max_body_bytes, 1 << 20);
        assert_eq!(c.models.len(), 2);
        assert_eq!(c.model("openledger/2").unwrap().max_output_tokens, 1024);
        assert!(c.model("openledger/3").is_none());
        assert_eq!(
            serde_json::Value::Object(c.models[1].backend_params.clone()),
            serde_json::json!({"lora": [{"id": 0, "scale": 1.0}]})
        );
    }

    #[test]
    fn the_example_parses() {
        let c = Config::parse(include_str!("../gateway.example.toml")).unwrap();
        assert_eq!(c, {
            let mut d = Config::new("http://127.0.0.1:8000/v1", c.models.clone());
            d.listen = c.listen;
            d.chain = c.chain.clone();
            d
        });
        assert_eq!(c.models[0].max_output_tokens, 512);
        let chain = c.chain.as_ref().unwrap();
        assert_eq!(
            (chain.key.as_str(), chain.inclusion_timeout_secs),
            ("operator", 30)
        );
    }

    #[test]
    fn refuses_bad_configs() {
        for (from, to) in [
            ("model_version = 2", "model_version = 0"),
            ("model_id = 2", "model_id = 0"),
            ("name = \"openledger/2\"", "name = \"openledger/1\""),
            ("http://127.0.0.1:8000/v1", "127.0.0.1:8000"),
            ("batch_interval_ms = 500", "batch_interval = 500"),
            ("max_output_tokens = 256", "max_output_tokens = 0"),
            ("backend_params = {", "backend_params = { model = \"x\","),
        ] {
            let text = EXAMPLE.replacen(from, to, 1);
            assert!(Config::parse(&text).is_err(), "{to}");
        }
    }
}
