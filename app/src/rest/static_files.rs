//! The web dashboard's built files (`web/dist`), served by the REST gateway when `web_dir` is
//! set. A GET the route table does not know is looked up here: `/` is `index.html`, any other
//! path names a file under the directory. Only plain path segments are accepted (no `..`, no
//! hidden files, no backslashes), the resolved file must stay inside the directory (symlinks
//! included), and files larger than [`MAX_FILE_BYTES`] are refused. The app routes by URL
//! fragment (`/#/models/...`), so no fallback to `index.html` is needed for deep links.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

/// Largest file served (the bundle's chunks are far smaller).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Longest request path looked up.
const MAX_PATH_LEN: usize = 512;

/// A directory of static files.
#[derive(Debug, Clone)]
pub struct StaticFiles {
    root: PathBuf,
}

impl StaticFiles {
    /// Files under `root`, which must be a directory.
    pub fn new(root: &Path) -> anyhow::Result<Self> {
        let root = root
            .canonicalize()
            .map_err(|e| anyhow::anyhow!("web_dir {}: {e}", root.display()))?;
        if !root.is_dir() {
            anyhow::bail!("web_dir {} is not a directory", root.display());
        }
        Ok(StaticFiles { root })
    }

    /// The file a request path names, if the path is acceptable and the file exists inside
    /// the root.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        if path.len() > MAX_PATH_LEN || !path.starts_with('/') {
            return None;
        }
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() { "index.html" } else { rel };
        let mut file = self.root.clone();
        for seg in rel.split('/') {
            let plain = !seg.is_empty()
                && !seg.starts_with('.')
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
            if !plain {
                return None;
            }
            file.push(seg);
        }
        let real = file.canonicalize().ok()?;
        (real.starts_with(&self.root) && real.is_file()).then_some(real)
    }

    /// The reply for a GET of `path`, or `None` when there is no such file.
    pub async fn reply(&self, path: &str) -> Option<Response<Full<Bytes>>> {
        let file = self.resolve(path)?;
        let meta = tokio::fs::metadata(&file).await.ok()?;
        if meta.len() > MAX_FILE_BYTES {
            return None;
        }
        let body = tokio::fs::read(&file).await.ok()?;
        let mut r = Response::new(Full::new(Bytes::from(body)));
        *r.status_mut() = StatusCode::OK;
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(&file)),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // Vite names assets by content hash; index.html must be re-read to pick up a rebuild.
        let cache = if file.components().any(|c| c.as_os_str() == "assets") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        Some(r)
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, StaticFiles) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<html></html>").unwrap();
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/app-1a2b.js"), "1").unwrap();
        std::fs::write(dir.path().join(".secret"), "x").unwrap();
        let files = StaticFiles::new(dir.path()).unwrap();
        (dir, files)
    }

    #[test]
    fn root_is_index_and_assets_resolve() {
        let (_d, files) = site();
        assert!(files.resolve("/").unwrap().ends_with("index.html"));
        assert!(files.resolve("/index.html").is_some());
        assert!(files.resolve("/assets/app-1a2b.js").is_some());
        assert!(files.resolve("/assets/missing.js").is_none());
        assert!(
            files.resolve("/assets").is_none(),
            "directories are not served"
        );
    }

    #[test]
    fn traversal_and_hidden_files_are_refused() {
        let (_d, files) = site();
        for p in [
            "/../etc/passwd",
            "/assets/../index.html",
            "/.secret",
            "/assets//app-1a2b.js",
            "/assets\\app-1a2b.js",
            "/%2e%2e/x",
            "index.html",
        ] {
            assert!(files.resolve(p).is_none(), "{p}");
        }
        assert!(files.resolve(&format!("/{}", "a".repeat(600))).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        let (d, files) = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.txt"), d.path().join("x.txt")).unwrap();
        assert!(files.resolve("/x.txt").is_none());
    }

    #[tokio::test]
    async fn replies_carry_content_type_and_cache_policy() {
        let (_d, files) = site();
        let r = files.reply("/").await.unwrap();
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
        let r = files.reply("/assets/app-1a2b.js").await.unwrap();
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert!(files.reply("/nope.js").await.is_none());
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(StaticFiles::new(Path::new("/nonexistent/web/dist")).is_err());
    }
}
