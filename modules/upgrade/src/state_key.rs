//! Every key the upgrade module owns. Keys are public API: changing one needs a migration.

const DONE: &[u8] = b"upgrade/done/";
const VERSION: &[u8] = b"upgrade/version/";

/// `upgrade/plan`: borsh [`crate::Plan`], present while an upgrade is scheduled.
pub fn plan() -> Vec<u8> {
    b"upgrade/plan".to_vec()
}

/// `upgrade/done/<name>`: borsh u64, the height a plan was applied at.
pub fn done(name: &str) -> Vec<u8> {
    let mut k = DONE.to_vec();
    k.extend_from_slice(name.as_bytes());
    k
}

/// Prefix of every module version.
pub fn version_prefix() -> Vec<u8> {
    VERSION.to_vec()
}

/// `upgrade/version/<module name>`: borsh u64, the version of the module's state.
pub fn version(module: &str) -> Vec<u8> {
    let mut k = version_prefix();
    k.extend_from_slice(module.as_bytes());
    k
}

/// The module name of a version key.
pub fn parse_version_key(key: &[u8]) -> Option<String> {
    let name = key.strip_prefix(VERSION)?;
    String::from_utf8(name.to_vec()).ok()
}
