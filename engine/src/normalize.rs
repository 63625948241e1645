//! Normalisation "nfc" (docs/attribution-engine.md, "Normalisation").

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The identifier of the only normalisation of engine version 1.
pub const NORMALIZATION_NFC: &str = "nfc";

/// The Unicode version of the NFC tables used by [`normalize`].
pub const UNICODE_VERSION: (u8, u8, u8) = unicode_normalization::UNICODE_VERSION;

/// Normalises bytes: UTF-8 decoding with U+FFFD for each maximal invalid subpart, then Unicode
/// NFC, then UTF-8 encoding. The result is valid UTF-8 and never contains the byte 0xFF.
pub fn normalize(bytes: &[u8]) -> Vec<u8> {
    if bytes.is_ascii() {
        return bytes.to_vec();
    }
    let text = String::from_utf8_lossy(bytes);
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.into_owned().into_bytes();
    }
    text.nfc().collect::<String>().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_unchanged() {
        assert_eq!(normalize(b"Hello,  World\n"), b"Hello,  World\n");
    }

    #[test]
    fn composes() {
        assert_eq!(normalize("e\u{301}".as_bytes()), "\u{e9}".as_bytes());
        assert_eq!(normalize("\u{e9}".as_bytes()), "\u{e9}".as_bytes());
        // Canonical reordering of combining marks.
        assert_eq!(
            normalize("a\u{323}\u{302}".as_bytes()),
            normalize("a\u{302}\u{323}".as_bytes())
        );
        // No compatibility mapping and no case folding.
        assert_eq!(normalize("\u{fb01}A".as_bytes()), "\u{fb01}A".as_bytes());
    }

    #[test]
    fn replaces_maximal_subparts() {
        // "\xF0\x9F\x98" is one maximal subpart (a truncated 4-byte sequence), "\xFF" another.
        assert_eq!(
            normalize(b"a\xF0\x9F\x98b\xFFc"),
            "a\u{fffd}b\u{fffd}c".as_bytes()
        );
        // A surrogate encoding: each byte is its own maximal subpart.
        assert_eq!(
            normalize(b"\xED\xA0\x80"),
            "\u{fffd}\u{fffd}\u{fffd}".as_bytes()
        );
        assert_eq!(normalize(b"\xC0\xAF"), "\u{fffd}\u{fffd}".as_bytes());
    }

    #[test]
    fn unicode_version_is_pinned() {
        assert_eq!(UNICODE_VERSION, (18, 0, 0));
    }
}
