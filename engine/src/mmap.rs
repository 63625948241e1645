//! Read-only memory maps of index files.

use std::fs::File;
use std::ops::Deref;

use memmap2::Mmap;

/// The bytes of one index file: a read-only map, or nothing for an empty file (a zero-length
/// file cannot be mapped).
pub(crate) enum Mapped {
    Map(Mmap),
    Empty,
}

impl Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Mapped::Map(m) => m,
            Mapped::Empty => &[],
        }
    }
}

/// Maps `file` read-only.
#[allow(unsafe_code)]
pub(crate) fn map(file: &File, len: u64) -> std::io::Result<Mapped> {
    if len == 0 {
        return Ok(Mapped::Empty);
    }
    // SAFETY: the map is read-only and private to this process. Index files are written once into
    // a temporary directory that is then renamed into place; the engine never writes to them
    // again, and the index directory must not be modified while an `Index` is open (documented in
    // docs/attribution-engine.md). Every access through the map is bounds-checked against the
    // length validated at open, so corrupt contents can give wrong answers but no out-of-bounds
    // read.
    let map = unsafe { Mmap::map(file)? };
    Ok(Mapped::Map(map))
}
