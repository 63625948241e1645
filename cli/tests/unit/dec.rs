//! Unit tests of `dec.rs`.
use super::*;

#[test]
fn decimal_and_wire_forms() {
    let tenth = parse("0.1").unwrap();
    assert_eq!(tenth.to_proto_string(), "100000000000000000");
    assert_eq!(tenth.to_string(), "0.100000000000000000");
    assert_eq!(short_string(tenth), "0.1");
    assert_eq!(
        parse("0.100000000000000000").unwrap(),
        tenth,
        "the SDK's printed form reads back"
    );
    assert_eq!(parse("1").unwrap(), Dec::ONE);
    assert_eq!(parse(" 0.1 ").unwrap(), tenth);
    assert_eq!(from_atomics_str("100000000000000000").unwrap(), tenth);
    assert_eq!(from_atomics_str("").unwrap(), Dec::ZERO);
    assert_eq!(Dec::ONE.to_proto_string(), "1000000000000000000");
}

#[test]
fn bad_decimals_are_refused() {
    for bad in [
        "",
        "-0.1",
        "abc",
        ".5",
        "1.",
        "0.1234567890123456789",
        "1e3",
        "0,5",
    ] {
        assert_eq!(
            parse(bad),
            Err(DecError::Invalid(bad.to_owned())),
            "{bad:?}"
        );
    }
    assert!(matches!(parse_fraction("1.5"), Err(DecError::AboveOne(_))));
    assert_eq!(parse_fraction("1").unwrap(), Dec::ONE);
    assert!(from_atomics_str("0.5").is_err());
    assert!(from_atomics_str("340282366920938463463374607431768211456").is_err());
}

#[test]
fn wire_values_display_as_decimals() {
    assert_eq!(display_legacy("50000000000000000"), "0.050000000000000000");
    assert_eq!(display_legacy("0.05"), "0.050000000000000000");
    assert_eq!(display_legacy("garbage"), "garbage");
    assert_eq!(display_decimal("0.334"), "0.334000000000000000");
    assert_eq!(display_decimal(""), "0.000000000000000000");
}
