//! Unit tests of `keys/seal.rs`.
use super::*;

const FAST: KdfParams = KdfParams {
    log_n: 4,
    r: 8,
    p: 1,
};

#[test]
fn round_trip() {
    let sealed = seal(b"secret words", "correct horse", b"ctx", FAST).unwrap();
    assert_eq!(
        open(&sealed, "correct horse", b"ctx").unwrap().as_slice(),
        b"secret words"
    );
    assert!(!sealed.ciphertext.contains(&hex::encode(b"secret")));
}

#[test]
fn wrong_passphrase_or_context_fails() {
    let sealed = seal(b"secret", "correct horse", b"ctx", FAST).unwrap();
    assert!(matches!(
        open(&sealed, "wrong", b"ctx"),
        Err(SealError::WrongPassphrase)
    ));
    assert!(matches!(
        open(&sealed, "correct horse", b"other"),
        Err(SealError::WrongPassphrase)
    ));
}

#[test]
fn salt_and_nonce_are_fresh() {
    let a = seal(b"secret", "pw", b"", FAST).unwrap();
    let b = seal(b"secret", "pw", b"", FAST).unwrap();
    assert_ne!(a.salt, b.salt);
    assert_ne!(a.nonce, b.nonce);
    assert_ne!(a.ciphertext, b.ciphertext);
}

#[test]
fn absurd_parameters_are_refused() {
    let mut sealed = seal(b"secret", "pw", b"", FAST).unwrap();
    sealed.kdf_params.log_n = 40;
    assert!(matches!(
        open(&sealed, "pw", b""),
        Err(SealError::InvalidParams(_))
    ));
}
