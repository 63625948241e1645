//! Suffix array construction (libsais, single-threaded).
//!
//! The suffix array of a text is unique, so any correct construction gives the same bytes; the
//! tests cross-check libsais against divsufsort and a naive sort.

use crate::error::EngineError;

/// The largest index text: every position must fit in a u32 suffix-array entry.
pub const MAX_TEXT_BYTES: u64 = u32::MAX as u64;

/// The suffix array of `text` (`text.len() <= MAX_TEXT_BYTES`): the start positions of all
/// suffixes in lexicographic byte order, a suffix that is a proper prefix of another sorting first.
pub(crate) fn suffix_array(text: &[u8]) -> Result<Vec<u32>, EngineError> {
    let n = text.len() as u64;
    if n > MAX_TEXT_BYTES {
        return Err(EngineError::TooLarge {
            bytes: n,
            max: MAX_TEXT_BYTES,
        });
    }
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let err = |e: libsais::LibsaisError| EngineError::SuffixArray(format!("{e:?}"));
    if text.len() <= libsais::LIBSAIS_I32_OUTPUT_MAXIMUM_SIZE {
        let sa: Vec<i32> = libsais::SuffixArrayConstruction::for_text(text)
            .in_owned_buffer32()
            .single_threaded()
            .run()
            .map_err(err)?
            .into_vec();
        // Entries are in 0..n <= i32::MAX: the cast is exact.
        Ok(sa.into_iter().map(|v| v as u32).collect())
    } else {
        let sa: Vec<i64> = libsais::SuffixArrayConstruction::for_text(text)
            .in_owned_buffer64()
            .single_threaded()
            .run()
            .map_err(err)?
            .into_vec();
        // Entries are in 0..n <= u32::MAX: the cast is exact.
        Ok(sa.into_iter().map(|v| v as u32).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &[u8]) -> Vec<u32> {
        let mut sa: Vec<u32> = (0..text.len() as u32).collect();
        sa.sort_by(|&a, &b| text[a as usize..].cmp(&text[b as usize..]));
        sa
    }

    #[test]
    fn matches_naive_and_divsufsort() {
        let mut seed = 7u64;
        for round in 0..200 {
            let len = (round * 7) % 300;
            let alphabet: &[u8] = if round % 2 == 0 {
                b"ab\xff"
            } else {
                b"abcdefgh \xff"
            };
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let expected = naive(&text);
            assert_eq!(suffix_array(&text).unwrap(), expected);
            let mut ds = vec![0i32; text.len()];
            divsufsort::sort_in_place(&text, &mut ds);
            let ds: Vec<u32> = ds.into_iter().map(|v| v as u32).collect();
            assert_eq!(ds, expected);
        }
    }
}
