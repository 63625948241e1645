//! Unit tests of `tx/options.rs`.
use super::*;

#[test]
fn gas_settings() {
    assert_eq!("auto".parse::<GasSetting>().unwrap(), GasSetting::Auto);
    assert_eq!(
        "250000".parse::<GasSetting>().unwrap(),
        GasSetting::Fixed(250_000)
    );
    assert!("0".parse::<GasSetting>().is_err());
    assert!("-5".parse::<GasSetting>().is_err());
    assert!("lots".parse::<GasSetting>().is_err());
}

#[test]
fn gas_adjustment_rounds_up_exactly() {
    let adj: GasAdjustment = "1.3".parse().unwrap();
    assert_eq!(adj.apply(100_000), Some(130_000));
    assert_eq!(adj.apply(1), Some(2), "ceil(1.3)");
    assert_eq!(adj.apply(0), Some(0));
    let one: GasAdjustment = "1".parse().unwrap();
    assert_eq!(one.apply(12_345), Some(12_345));
    assert_eq!("2".parse::<GasAdjustment>().unwrap().apply(u64::MAX), None);
    assert!("0".parse::<GasAdjustment>().is_err());
    assert!("-1.3".parse::<GasAdjustment>().is_err());
    assert!("1.0000001".parse::<GasAdjustment>().is_err());
}

#[test]
fn fees_drop_zero_coins() {
    assert_eq!("0aopen".parse::<Fees>().unwrap(), Fees(vec![]));
    assert_eq!(
        "0.0002OPEN".parse::<Fees>().unwrap(),
        Fees(vec![Coin::new(200_000_000_000_000, "aopen")])
    );
    assert!("-1OPEN".parse::<Fees>().is_err());
}

#[test]
fn durations() {
    assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
    assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
    assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
    assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
    assert!(parse_duration("0s").is_err());
    assert!(parse_duration("soon").is_err());
    assert!(parse_duration("5h").is_err());
}
