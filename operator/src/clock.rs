//! Wall-clock time. The gateway is not consensus code: request expiries are unix times chosen
//! by clients, so it reads the system clock (the workspace bans that elsewhere).

/// Seconds since the unix epoch (0 if the clock is before it).
#[allow(clippy::disallowed_methods)]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
