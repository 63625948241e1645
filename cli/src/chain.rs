//! OpenLedger chain constants the CLI relies on.

/// Bech32 human-readable prefix of account addresses.
pub const ACCOUNT_PREFIX: &str = "open";
/// Base denomination: the unit amounts are counted in on chain.
pub const BASE_DENOM: &str = "aopen";
/// Display denomination: 1 OPEN = 10^18 aopen.
pub const DISPLAY_DENOM: &str = "OPEN";
/// Decimal places between [`DISPLAY_DENOM`] and [`BASE_DENOM`].
pub const DISPLAY_DECIMALS: u32 = 18;
/// BIP44 derivation path (coin type 118, like the Cosmos Hub).
pub const HD_PATH: &str = "m/44'/118'/0'/0/0";
/// CometBFT RPC endpoint used when neither `--node` nor `OPENLEDGER_NODE` is given.
pub const DEFAULT_NODE: &str = "http://127.0.0.1:26657";
/// The node's gRPC endpoint on the same machine.
pub const DEFAULT_GRPC: &str = "http://127.0.0.1:9090";
/// Gas limit used when `--gas` is not given.
pub const DEFAULT_GAS: u64 = 200_000;
/// Bech32 human-readable prefix of validator operator addresses (same 20 bytes as the
/// operator's account).
pub const VALOPER_PREFIX: &str = "openvaloper";
/// Bech32 human-readable prefix of validator consensus addresses (first 20 bytes of
/// sha256 of the ed25519 consensus public key, as CometBFT computes them).
pub const VALCONS_PREFIX: &str = "openvalcons";
/// Name of the governance module account, the authority of parameter changes.
pub const GOV_MODULE: &str = "gov";
