//! A content-addressed directory.
//!
//! ```text
//! <root>/
//!   ab/abcdef…  the bytes whose sha256 is abcdef… (64 lowercase hex characters), fanned out
//!               by their first two characters
//!   tmp/        files being written; renamed into place once complete and synced
//!   quarantine/ files whose bytes did not match their name, moved aside for inspection
//! ```
//!
//! Nothing read from the directory is trusted: [`Store::get`] re-hashes the file and refuses
//! (quarantines) one whose bytes are not those its name says, reads at most
//! [`MAX_CONTENT_BYTES`](crate::MAX_CONTENT_BYTES) plus one byte, and only regular files count.
//! [`Store::len_of`] and [`Store::has`] look only at the file's metadata.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::hash::Hash;
use crate::MAX_CONTENT_BYTES;

const TMP_DIR: &str = "tmp";
const QUARANTINE_DIR: &str = "quarantine";
/// Temporary files older than this when the store opens are left over from a crash.
const STALE_TMP: Duration = Duration::from_secs(3600);

/// Errors of the store. Their text names no file: it may reach a client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("content store I/O error: {0}")]
    Io(#[from] io::Error),
    #[error("content of {0} bytes is more than the {MAX_CONTENT_BYTES} a store holds")]
    TooLarge(usize),
}

/// The outcome of [`Store::insert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub hash: Hash,
    /// The store already held these bytes (checked, not only present).
    pub existed: bool,
}

/// What [`Store::verify_all`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Files whose bytes match their name.
    pub ok: u64,
    /// Total size of those files.
    pub ok_bytes: u64,
    /// Files moved to `quarantine/` (bytes not matching their name, or not a regular file).
    pub quarantined: u64,
    /// Entries that are not named as content (left alone).
    pub strays: u64,
}

/// A content-addressed directory of contribution bytes.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Wall-clock nanoseconds, only to name temporary and quarantined files (node-local, not
/// consensus).
#[allow(clippy::disallowed_methods)]
fn nanos_now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Whether `name` is a content file name: 64 lowercase hexadecimal characters.
fn parse_name(name: &str) -> Option<Hash> {
    if name.len() != 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    name.parse().ok()
}

fn is_fanout_dir(name: &str) -> bool {
    name.len() == 2
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

impl Store {
    /// Open (creating it if needed) the store at `root`, and remove temporary files left over
    /// from an interrupted write.
    pub fn open(root: impl AsRef<Path>) -> Result<Store, StoreError> {
        let root = root.as_ref().to_path_buf();
        fs::create_dir_all(root.join(TMP_DIR))?;
        fs::create_dir_all(root.join(QUARANTINE_DIR))?;
        let store = Store { root };
        store.remove_stale_tmp();
        Ok(store)
    }

    /// The directory of the store.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the bytes of `hash` live.
    pub fn path_of(&self, hash: &Hash) -> PathBuf {
        let name = hash.to_hex();
        self.root.join(&name[..2]).join(name)
    }

    fn remove_stale_tmp(&self) {
        let Ok(entries) = fs::read_dir(self.root.join(TMP_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TMP);
            if old {
                if let Err(e) = fs::remove_file(entry.path()) {
                    tracing::warn!(file = %entry.path().display(), "removing a stale temporary file: {e}");
                }
            }
        }
    }

    fn tmp_path(&self) -> PathBuf {
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        self.root
            .join(TMP_DIR)
            .join(format!("{}-{}-{n}", std::process::id(), nanos_now()))
    }

    /// Store `bytes` under their sha256 and return it. Storing bytes already held is a no-op.
    pub fn put(&self, bytes: &[u8]) -> Result<Hash, StoreError> {
        self.insert(bytes).map(|i| i.hash)
    }

    /// [`put`](Store::put), also telling whether the store already held the bytes. A file of
    /// that name whose bytes do not match is quarantined and replaced.
    pub fn insert(&self, bytes: &[u8]) -> Result<Inserted, StoreError> {
        if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_CONTENT_BYTES) {
            return Err(StoreError::TooLarge(bytes.len()));
        }
        let hash = Hash::of(bytes);
        if self.len_of(&hash)? == u64::try_from(bytes.len()).ok() && self.get(&hash)?.is_some() {
            return Ok(Inserted {
                hash,
                existed: true,
            });
        }
        self.write_atomic(&hash, bytes)?;
        Ok(Inserted {
            hash,
            existed: false,
        })
    }

    /// Write to a temporary file, sync it, rename it into place and sync the directory: a
    /// reader sees the whole file or none, even across a crash.
    fn write_atomic(&self, hash: &Hash, bytes: &[u8]) -> Result<(), StoreError> {
        let target = self.path_of(hash);
        let dir = target.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir)?;
        let tmp = self.tmp_path();
        let written = (|| -> io::Result<()> {
            let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, &target)?;
            sync_dir(&dir)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        Ok(written?)
    }

    /// The length of the regular file holding `hash`, from its metadata (the bytes are not
    /// checked; [`get`](Store::get) checks them).
    pub fn len_of(&self, hash: &Hash) -> Result<Option<u64>, StoreError> {
        match fs::symlink_metadata(self.path_of(hash)) {
            Ok(m) if m.is_file() => Ok(Some(m.len())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a regular file holds `hash` (from its metadata, as [`len_of`](Store::len_of)).
    pub fn has(&self, hash: &Hash) -> Result<bool, StoreError> {
        Ok(self.len_of(hash)?.is_some())
    }

    /// The bytes of `hash`, re-hashed: `None` when the store does not hold them, or held a file
    /// whose bytes do not match (that file is quarantined).
    pub fn get(&self, hash: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.path_of(hash);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                self.quarantine(&path, "not a regular file");
                return Ok(None);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        let bytes = match read_capped(&path) {
            Ok(Some(b)) => b,
            Ok(None) => {
                self.quarantine(&path, "larger than any content");
                return Ok(None);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if Hash::of(&bytes) != *hash {
            self.quarantine(&path, "bytes do not match the name");
            return Ok(None);
        }
        Ok(Some(bytes))
    }

    /// Remove the bytes of `hash`; whether there was a file.
    pub fn remove(&self, hash: &Hash) -> Result<bool, StoreError> {
        match fs::remove_file(self.path_of(hash)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Move a bad file out of the content tree into `quarantine/`, or delete it when it cannot
    /// be moved.
    fn quarantine(&self, path: &Path, why: &str) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let to = self
            .root
            .join(QUARANTINE_DIR)
            .join(format!("{name}.{}", nanos_now()));
        match fs::rename(path, &to) {
            Ok(()) => {
                tracing::warn!(file = %path.display(), quarantined = %to.display(), "content refused: {why}");
            }
            Err(e) => {
                tracing::warn!(file = %path.display(), "content refused ({why}); moving it aside failed ({e}), deleting it");
                if let Err(e) = fs::remove_file(path).or_else(|_| fs::remove_dir_all(path)) {
                    tracing::error!(file = %path.display(), "deleting refused content: {e}");
                }
            }
        }
    }

    /// Every hash the store holds a file for, ascending (names only; nothing is read).
    pub fn list(&self) -> Result<Vec<Hash>, StoreError> {
        let mut out = Vec::new();
        self.walk(|hash, _, _| {
            if let Some(h) = hash {
                out.push(h);
            }
        })?;
        out.sort();
        Ok(out)
    }

    /// Visit every entry of the fan-out directories: its hash when it is named and placed as
    /// content, its path, and whether it is a regular file.
    fn walk(&self, mut visit: impl FnMut(Option<Hash>, PathBuf, bool)) -> Result<(), StoreError> {
        for dir in fs::read_dir(&self.root)? {
            let dir = dir?;
            let dir_name = dir.file_name().to_string_lossy().into_owned();
            if !is_fanout_dir(&dir_name) || !dir.file_type()?.is_dir() {
                continue;
            }
            for entry in fs::read_dir(dir.path())? {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let hash = parse_name(&name).filter(|_| name.starts_with(&dir_name));
                let is_file = entry.file_type()?.is_file();
                visit(hash, entry.path(), is_file);
            }
        }
        Ok(())
    }

    /// Re-hash every file: quarantine those whose bytes do not match their name, count the
    /// rest. A maintenance pass; it reads the whole store.
    pub fn verify_all(&self) -> Result<VerifyReport, StoreError> {
        let mut entries = Vec::new();
        self.walk(|hash, path, is_file| entries.push((hash, path, is_file)))?;
        let mut report = VerifyReport::default();
        for (hash, path, is_file) in entries {
            let Some(hash) = hash else {
                tracing::warn!(file = %path.display(), "not a content file name; left alone");
                report.strays = report.strays.saturating_add(1);
                continue;
            };
            if !is_file {
                self.quarantine(&path, "not a regular file");
                report.quarantined = report.quarantined.saturating_add(1);
                continue;
            }
            match self.get(&hash)? {
                Some(bytes) => {
                    report.ok = report.ok.saturating_add(1);
                    report.ok_bytes = report
                        .ok_bytes
                        .saturating_add(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
                }
                None => {
                    // `get` quarantined it (or it vanished meanwhile).
                    report.quarantined = report.quarantined.saturating_add(1);
                }
            }
        }
        Ok(report)
    }
}

/// The whole file, or `None` when it is longer than any content may be.
fn read_capped(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let f = File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() > MAX_CONTENT_BYTES {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(MAX_CONTENT_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_CONTENT_BYTES) {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_hex_of_64() {
        let h = Hash::of(b"x");
        assert_eq!(parse_name(&h.to_hex()), Some(h));
        assert_eq!(parse_name(&h.to_hex().to_uppercase()), None);
        assert_eq!(parse_name("abc"), None);
        assert!(is_fanout_dir("0f"));
        assert!(!is_fanout_dir("tmp"));
        assert!(!is_fanout_dir("0F"));
    }
}
