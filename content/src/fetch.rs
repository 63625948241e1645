//! Filling the store with the contributions it misses.
//!
//! For each wanted contribution the [`Fetcher`] tries, in order, the contribution's
//! `content_uri` when it is `http://` or `https://` (a plain GET), then each configured peer's
//! content service (`Get`). Whatever a source answers is checked before it is stored: never
//! more than `size_bytes` bytes are read (a longer answer is cut off and refused), and the bytes
//! must be exactly `size_bytes` long with `content_hash` as their sha256. A contribution whose
//! every source failed waits before it is tried again, twice as long after each failure.
//!
//! URIs are written by contributors, so by default a node does not follow one to a loopback,
//! private, link-local or otherwise non-public address (checked on the resolved addresses, and
//! on every redirect); `file://` and other schemes are never followed. Peers are the
//! operator's choice and may be anywhere.

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::chain::{self, Chain, ChainError, Contribution};
use crate::client;
use crate::hash::Hash;
use crate::store::Store;
use crate::MAX_CONTENT_BYTES;

/// How a node fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Peers' gRPC URLs (`http://host:9090`), asked in this order.
    pub peers: Vec<String>,
    /// Contributions fetched at once.
    pub concurrency: usize,
    /// The longest one request to a URI or a peer may take.
    pub timeout: Duration,
    /// Follow URIs to loopback, private and other non-public addresses (off: a contributor
    /// could otherwise make every node request its own local services).
    pub allow_private_uris: bool,
    /// The wait before the first retry of a contribution no source could give; doubled after
    /// each further failure up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            peers: Vec::new(),
            concurrency: 4,
            timeout: Duration::from_secs(120),
            allow_private_uris: false,
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
        }
    }
}

/// Where bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Uri(String),
    Peer(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Uri(u) => write!(f, "{u}"),
            Source::Peer(p) => write!(f, "peer {p}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{0} bytes is more than any contribution may hold")]
    TooLarge(u64),
    #[error("no source: the URI is not http(s) and no peer is configured")]
    NoSource,
    /// Every source failed; each with its reason.
    #[error("{}", failures(.0))]
    Failed(Vec<(Source, String)>),
    #[error("the HTTP client could not be set up: {0}")]
    Setup(String),
    #[error("storing the fetched bytes: {0}")]
    Store(String),
}

fn failures(list: &[(Source, String)]) -> String {
    list.iter()
        .map(|(s, why)| format!("{s}: {why}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The outcome of one round of [`Fetcher::fetch_all`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Contributions fetched and stored.
    pub fetched: usize,
    /// Contributions no source could give (each now waits before a retry).
    pub failed: usize,
    /// Contributions skipped: already held, or waiting for a retry.
    pub skipped: usize,
}

#[derive(Debug, Clone, Copy)]
struct Retry {
    failures: u32,
    not_before: Instant,
}

/// Fetches missing contributions into a [`Store`].
pub struct Fetcher {
    store: Arc<Store>,
    cfg: FetchConfig,
    http: reqwest::Client,
    retries: Mutex<BTreeMap<Hash, Retry>>,
}

/// Whether an address is one a contributor's URI may make a node connect to.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0064 && s[1] == 0xff9b) // NAT64 (to IPv4 addresses)
                || (s[0..6] == [0, 0, 0, 0, 0, 0])) // IPv4-compatible, deprecated
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared address space 100.64/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18/15
        || o[0] >= 240) // reserved
}

/// The literal IP address of a URL's host, if it is one.
fn literal_ip(url: &reqwest::Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.parse::<IpAddr>().ok()
}

/// Why a URL may not be followed, if it may not.
fn refuse_url(url: &reqwest::Url, allow_private: bool) -> Option<String> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return Some(format!("{} URIs are not followed", url.scheme()));
    }
    if !allow_private {
        if let Some(ip) = literal_ip(url) {
            if !is_public(ip) {
                return Some(format!("{ip} is not a public address"));
            }
        }
    }
    None
}

/// A resolver that keeps only public addresses.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = all.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The innermost cause of an error, which says what actually went wrong.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

impl Fetcher {
    pub fn new(store: Arc<Store>, cfg: FetchConfig) -> Result<Fetcher, FetchError> {
        let allow_private = cfg.allow_private_uris;
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                return attempt.error("too many redirects");
            }
            match refuse_url(attempt.url(), allow_private) {
                Some(why) => attempt.error(format!("redirect refused: {why}")),
                None => attempt.follow(),
            }
        });
        let mut b = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .redirect(redirects)
            .user_agent(concat!("openledger-content/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            b = b.dns_resolver(Arc::new(PublicOnly));
        }
        let http = b.build().map_err(|e| FetchError::Setup(root_cause(&e)))?;
        Ok(Fetcher {
            store,
            cfg,
            http,
            retries: Mutex::new(BTreeMap::new()),
        })
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Whether `hash` failed recently and waits before its next try.
    pub fn waiting(&self, hash: &Hash) -> bool {
        let now = Instant::now();
        self.retries
            .lock()
            .map(|m| m.get(hash).is_some_and(|r| r.not_before > now))
            .unwrap_or(false)
    }

    fn note_failure(&self, hash: Hash) {
        if let Ok(mut m) = self.retries.lock() {
            let failures = m.get(&hash).map_or(0, |r| r.failures).saturating_add(1);
            let factor = 1u32
                .checked_shl(failures.saturating_sub(1))
                .unwrap_or(u32::MAX);
            let wait = self
                .cfg
                .retry_base
                .saturating_mul(factor)
                .min(self.cfg.retry_max);
            m.insert(
                hash,
                Retry {
                    failures,
                    not_before: Instant::now() + wait,
                },
            );
        }
    }

    fn note_success(&self, hash: &Hash) {
        if let Ok(mut m) = self.retries.lock() {
            m.remove(hash);
        }
    }

    /// Fetch one contribution's bytes from its URI or a peer, check them and store them; the
    /// source that gave them.
    pub async fn fetch(&self, want: &Contribution) -> Result<Source, FetchError> {
        if want.size_bytes > MAX_CONTENT_BYTES {
            return Err(FetchError::TooLarge(want.size_bytes));
        }
        let mut sources = Vec::new();
        let uri = want.content_uri.trim();
        let lower = uri.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            sources.push(Source::Uri(uri.to_string()));
        }
        sources.extend(self.cfg.peers.iter().cloned().map(Source::Peer));
        if sources.is_empty() {
            return Err(FetchError::NoSource);
        }
        let mut failed = Vec::new();
        for source in sources {
            let got = match &source {
                Source::Uri(u) => self.get_uri(u, want).await,
                Source::Peer(p) => self.get_peer(p, want).await,
            };
            match got.and_then(|bytes| check(&bytes, want).map(|()| bytes)) {
                Ok(bytes) => {
                    let store = self.store.clone();
                    let stored = tokio::task::spawn_blocking(move || store.put(&bytes))
                        .await
                        .map_err(|e| FetchError::Store(e.to_string()))?
                        .map_err(|e| FetchError::Store(e.to_string()))?;
                    if stored != want.hash {
                        return Err(FetchError::Store(format!(
                            "stored {stored}, wanted {}",
                            want.hash
                        )));
                    }
                    return Ok(source);
                }
                Err(why) => {
                    tracing::debug!(contribution = want.id, hash = %want.hash, %source, "fetch failed: {why}");
                    failed.push((source, why));
                }
            }
        }
        Err(FetchError::Failed(failed))
    }

    /// A GET of `uri`, reading at most `want.size_bytes` bytes.
    async fn get_uri(&self, uri: &str, want: &Contribution) -> Result<Vec<u8>, String> {
        let url = reqwest::Url::parse(uri).map_err(|e| format!("not a URL: {e}"))?;
        if let Some(why) = refuse_url(&url, self.cfg.allow_private_uris) {
            return Err(why);
        }
        let mut resp = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| root_cause(&e))?;
        if !resp.status().is_success() {
            return Err(format!("HTTP {}", resp.status()));
        }
        if let Some(n) = resp.content_length() {
            if n != want.size_bytes {
                return Err(format!(
                    "{n} bytes offered, the chain records {}",
                    want.size_bytes
                ));
            }
        }
        let cap = usize::try_from(want.size_bytes).map_err(|_| "too large".to_string())?;
        let mut body = Vec::with_capacity(cap.min(1 << 20));
        while let Some(chunk) = resp.chunk().await.map_err(|e| root_cause(&e))? {
            if body.len().saturating_add(chunk.len()) > cap {
                return Err(format!(
                    "more than the {} bytes the chain records",
                    want.size_bytes
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// A peer's `Get`, refused past `want.size_bytes` bytes.
    async fn get_peer(&self, peer: &str, want: &Contribution) -> Result<Vec<u8>, String> {
        client::get_at_most(peer, &want.hash, want.size_bytes, Some(self.cfg.timeout))
            .await
            .map_err(|e| e.to_string())
    }

    /// Fetch every contribution of `wanted` the store misses and that is not waiting for a
    /// retry, `concurrency` at a time.
    pub async fn fetch_all(self: &Arc<Self>, wanted: &[Contribution]) -> RoundReport {
        let mut report = RoundReport::default();
        let mut tasks = JoinSet::new();
        let concurrency = self.cfg.concurrency.max(1);
        for want in wanted {
            if chain::holds(&self.store, want) || self.waiting(&want.hash) {
                report.skipped = report.skipped.saturating_add(1);
                continue;
            }
            while tasks.len() >= concurrency {
                if let Some(done) = tasks.join_next().await {
                    tally(&mut report, done);
                }
            }
            let me = self.clone();
            let want = want.clone();
            tasks.spawn(async move {
                let r = me.fetch(&want).await;
                match &r {
                    Ok(source) => {
                        me.note_success(&want.hash);
                        tracing::info!(contribution = want.id, hash = %want.hash, bytes = want.size_bytes, %source, "content fetched");
                    }
                    Err(e) => {
                        me.note_failure(want.hash);
                        tracing::warn!(contribution = want.id, hash = %want.hash, "content not fetched: {e}");
                    }
                }
                r.is_ok()
            });
        }
        while let Some(done) = tasks.join_next().await {
            tally(&mut report, done);
        }
        report
    }

    /// One round: list up to `per_round` approved contributions the store misses (leaving out
    /// those waiting for a retry) and fetch them.
    pub async fn round<C: Chain>(
        self: &Arc<Self>,
        chain: &Arc<C>,
        per_round: usize,
    ) -> Result<RoundReport, ChainError> {
        let me = self.clone();
        let c = chain.clone();
        let wanted = tokio::task::spawn_blocking(move || {
            chain::missing(&me.store, &*c, 0, per_round, &|w| me.waiting(&w.hash))
        })
        .await
        .map_err(|e| ChainError::Unavailable(e.to_string()))??;
        Ok(self.fetch_all(&wanted).await)
    }

    /// Run a round every `interval` (never when it is zero), until the task is dropped.
    pub async fn run<C: Chain>(
        self: Arc<Self>,
        chain: Arc<C>,
        interval: Duration,
        per_round: usize,
    ) {
        if interval.is_zero() {
            tracing::info!("content fetching is off");
            return;
        }
        tracing::info!(
            peers = self.cfg.peers.len(),
            interval_secs = interval.as_secs(),
            "content fetcher started"
        );
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match self.round(&chain, per_round).await {
                Ok(r) if r.fetched > 0 || r.failed > 0 => {
                    tracing::info!(
                        fetched = r.fetched,
                        failed = r.failed,
                        "content fetch round"
                    )
                }
                Ok(r) => tracing::debug!(skipped = r.skipped, "content fetch round: nothing to do"),
                Err(e) => tracing::warn!("content fetch round: {e}"),
            }
        }
    }
}

fn tally(report: &mut RoundReport, done: Result<bool, tokio::task::JoinError>) {
    match done {
        Ok(true) => report.fetched = report.fetched.saturating_add(1),
        _ => report.failed = report.failed.saturating_add(1),
    }
}

/// The bytes are exactly those the chain records.
fn check(bytes: &[u8], want: &Contribution) -> Result<(), String> {
    let n = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if n != want.size_bytes {
        return Err(format!("{n} bytes, the chain records {}", want.size_bytes));
    }
    let got = Hash::of(bytes);
    if got != want.hash {
        return Err(format!("bytes with sha256 {got}, not {}", want.hash));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "2606:4700:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn urls_refused() {
        let u = |s: &str| reqwest::Url::parse(s).unwrap();
        assert!(refuse_url(&u("file:///etc/passwd"), true).is_some());
        assert!(refuse_url(&u("ftp://example.org/x"), true).is_some());
        assert!(refuse_url(&u("http://127.0.0.1:26657/status"), false).is_some());
        assert!(refuse_url(&u("http://[::1]:80/"), false).is_some());
        assert!(refuse_url(&u("http://127.0.0.1:26657/status"), true).is_none());
        assert!(refuse_url(&u("https://example.org/data"), false).is_none());
    }
}
