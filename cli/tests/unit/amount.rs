use super::*;

const ONE_OPEN: u128 = 1_000_000_000_000_000_000;

fn coin(s: &str) -> Result<Coin, AmountError> {
    s.parse()
}

#[test]
fn display_unit_is_converted_exactly() {
    assert_eq!(
        coin("1.5OPEN").unwrap(),
        Coin::new(1_500_000_000_000_000_000, "aopen")
    );
    assert_eq!(coin("1OPEN").unwrap(), Coin::new(ONE_OPEN, "aopen"));
    assert_eq!(
        coin("0.000001OPEN").unwrap(),
        Coin::new(1_000_000_000_000, "aopen")
    );
    assert_eq!(
        coin("0.000000000000000001OPEN").unwrap(),
        Coin::new(1, "aopen")
    );
    assert_eq!(
        coin("123456789.123456789123456789OPEN").unwrap().amount,
        123_456_789_123_456_789_123_456_789
    );
    assert_eq!(coin("0OPEN").unwrap(), Coin::new(0, "aopen"));
    assert_eq!(coin("007OPEN").unwrap().amount, 7 * ONE_OPEN);
}

#[test]
fn base_unit_and_other_denoms_are_integers() {
    assert_eq!(coin("2500aopen").unwrap(), Coin::new(2500, "aopen"));
    assert_eq!(coin(" 2500 aopen ").unwrap(), Coin::new(2500, "aopen"));
    assert_eq!(coin("7uatom").unwrap(), Coin::new(7, "uatom"));
    let ibc = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";
    assert_eq!(coin(&format!("3{ibc}")).unwrap(), Coin::new(3, ibc));
}

#[test]
fn display_denom_is_case_insensitive() {
    assert_eq!(coin("2open").unwrap(), Coin::new(2 * ONE_OPEN, "aopen"));
    assert_eq!(coin("2Open").unwrap(), Coin::new(2 * ONE_OPEN, "aopen"));
}

#[test]
fn more_than_18_decimals_is_an_error() {
    assert!(matches!(
        coin("0.0000000000000000001OPEN"),
        Err(AmountError::TooManyDecimals { max: 18, .. })
    ));
    assert!(matches!(
        coin("1.5000000000000000000OPEN"),
        Err(AmountError::TooManyDecimals { .. })
    ));
}

#[test]
fn fractions_of_the_base_unit_are_errors() {
    assert!(matches!(
        coin("1.5aopen"),
        Err(AmountError::FractionalBaseUnit { .. })
    ));
}

#[test]
fn overflow_is_an_error() {
    // u128::MAX = 340282366920938463463374607431768211455
    assert_eq!(
        coin("340282366920938463463374607431768211455aopen")
            .unwrap()
            .amount,
        u128::MAX
    );
    assert!(matches!(
        coin("340282366920938463463374607431768211456aopen"),
        Err(AmountError::Overflow(_))
    ));
    // 3.4e20 OPEN = 3.4e38 aopen: fits; 10x that does not.
    assert!(coin("340282366920OPEN").is_ok());
    assert!(matches!(
        coin("340282366920938463464OPEN"),
        Err(AmountError::Overflow(_))
    ));
    assert!(matches!(
        coin("99999999999999999999999999999999999999999999OPEN"),
        Err(AmountError::Overflow(_))
    ));
}

#[test]
fn negative_and_garbage_are_errors() {
    assert!(matches!(coin("-1OPEN"), Err(AmountError::Negative(_))));
    assert!(matches!(coin("-5aopen"), Err(AmountError::Negative(_))));
    assert!(matches!(coin(""), Err(AmountError::Empty)));
    assert!(matches!(coin("   "), Err(AmountError::Empty)));
    assert!(matches!(coin("OPEN"), Err(AmountError::MissingNumber(_))));
    assert!(matches!(coin("+1OPEN"), Err(AmountError::MissingNumber(_))));
    assert!(matches!(coin("15"), Err(AmountError::MissingDenom(_))));
    assert!(matches!(coin("1.5"), Err(AmountError::MissingDenom(_))));
    assert!(matches!(
        coin("1.5.5OPEN"),
        Err(AmountError::InvalidNumber(_))
    ));
    assert!(matches!(coin(".5OPEN"), Err(AmountError::InvalidNumber(_))));
    assert!(matches!(coin("5.OPEN"), Err(AmountError::InvalidNumber(_))));
    assert!(matches!(coin("1a"), Err(AmountError::InvalidDenom(_))));
    assert!(matches!(coin("1aopen!"), Err(AmountError::InvalidDenom(_))));
    assert!(matches!(
        coin("1 OPEN extra"),
        Err(AmountError::InvalidDenom(_))
    ));
}

#[test]
fn coin_lists_are_sorted_and_unique() {
    let coins = parse_coins("5uatom,1OPEN").unwrap();
    assert_eq!(
        coins,
        vec![Coin::new(ONE_OPEN, "aopen"), Coin::new(5, "uatom")]
    );
    assert!(matches!(
        parse_coins("1OPEN,5aopen"),
        Err(AmountError::DuplicateDenom { .. })
    ));
    assert!(matches!(parse_coins(""), Err(AmountError::Empty)));
    assert!(matches!(
        parse_positive_coins("0aopen"),
        Err(AmountError::Zero(_))
    ));
    assert_eq!(
        parse_positive_coins("1aopen").unwrap(),
        vec![Coin::new(1, "aopen")]
    );
}

#[test]
fn formatting_shows_both_units() {
    assert_eq!(
        Coin::new(1_500_000_000_000_000_000, "aopen").display(),
        "1500000000000000000aopen (1.5 OPEN)"
    );
    assert_eq!(
        Coin::new(1, "aopen").display(),
        "1aopen (0.000000000000000001 OPEN)"
    );
    assert_eq!(Coin::new(0, "aopen").display(), "0aopen (0 OPEN)");
    assert_eq!(
        Coin::new(ONE_OPEN * 2, "aopen").display(),
        "2000000000000000000aopen (2 OPEN)"
    );
    assert_eq!(Coin::new(5, "uatom").display(), "5uatom");
    assert_eq!(format_decimal(1_000_000_000_000, 18), "0.000001");
}

#[test]
fn formatting_round_trips_through_parsing() {
    for amount in [
        0u128,
        1,
        10,
        999,
        ONE_OPEN - 1,
        ONE_OPEN,
        ONE_OPEN + 1,
        u128::MAX,
    ] {
        let text = format!("{}OPEN", format_decimal(amount, 18));
        assert_eq!(coin(&text).unwrap().amount, amount, "{text}");
    }
}

#[test]
fn gas_prices_are_exact_and_fees_round_up() {
    let price: GasPrice = "1000000000aopen".parse().unwrap();
    assert_eq!(
        price.fee_for(200_000).unwrap(),
        Coin::new(200_000_000_000_000, "aopen")
    );
    assert_eq!(price.to_string(), "1000000000aopen");

    let price: GasPrice = "0.025aopen".parse().unwrap();
    assert_eq!(price.fee_for(1000).unwrap(), Coin::new(25, "aopen"));
    assert_eq!(
        price.fee_for(1001).unwrap(),
        Coin::new(26, "aopen"),
        "ceil(25.025)"
    );
    assert_eq!(price.fee_for(0).unwrap(), Coin::new(0, "aopen"));

    let price: GasPrice = "0.000000001OPEN".parse().unwrap();
    assert_eq!(price, "1000000000aopen".parse().unwrap());

    assert!("0.0000000000000000001aopen".parse::<GasPrice>().is_err());
    assert!("-1aopen".parse::<GasPrice>().is_err());
    let huge: GasPrice = "340282366920938463463aopen".parse().unwrap();
    assert!(matches!(
        huge.fee_for(u64::MAX),
        Err(AmountError::Overflow(_))
    ));
}

#[test]
fn node_minimum_gas_price_picks_the_native_denom() {
    let p = GasPrice::from_node_minimum("0.1uatom,0.025aopen", "aopen").unwrap();
    assert_eq!(p.to_string(), "0.025aopen");
    let p = GasPrice::from_node_minimum("0.1uatom", "aopen").unwrap();
    assert_eq!(p.to_string(), "0.1uatom");
    let p = GasPrice::from_node_minimum("", "aopen").unwrap();
    assert!(p.is_zero());
    assert_eq!(p.to_string(), "0aopen");
    assert!(GasPrice::from_node_minimum("garbage", "aopen").is_err());
}

#[test]
fn parse_decimal_scales_exactly() {
    assert_eq!(parse_decimal("1.3", 6, 6).unwrap(), 1_300_000);
    assert_eq!(parse_decimal("2", 6, 6).unwrap(), 2_000_000);
    assert!(parse_decimal("1.0000001", 6, 6).is_err());
}
