//! Pagination limits shared by the modules' list queries.

/// Items in a page when the request sets no limit.
pub const DEFAULT_PAGE_LIMIT: u64 = 100;
/// The largest page a query returns, whatever the request asks for.
pub const MAX_PAGE_LIMIT: u64 = 1000;

/// The number of items to return for a requested `limit`: [`DEFAULT_PAGE_LIMIT`] for 0 (unset),
/// at most [`MAX_PAGE_LIMIT`].
pub fn page_limit(limit: u64) -> usize {
    let l = if limit == 0 {
        DEFAULT_PAGE_LIMIT
    } else {
        limit.min(MAX_PAGE_LIMIT)
    };
    // l <= MAX_PAGE_LIMIT, which fits any usize.
    usize::try_from(l).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_default_and_large_is_capped() {
        assert_eq!(page_limit(0), 100);
        assert_eq!(page_limit(1), 1);
        assert_eq!(page_limit(1000), 1000);
        assert_eq!(page_limit(1001), 1000);
        assert_eq!(page_limit(u64::MAX), 1000);
    }
}
