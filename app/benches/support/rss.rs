//! Resident memory of this process from `/proc/self/status` (Linux; zeros elsewhere).

/// `(peak, current)` resident set size in MiB: VmHWM and VmRSS.
pub fn rss_mib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kib| kib / 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Print the peak and current RSS after `label`.
pub fn report(label: &str) {
    let (peak, current) = rss_mib();
    println!("  rss after {label}: peak {peak} MiB, current {current} MiB");
}
