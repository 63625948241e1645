use super::*;

fn validator() -> Validator {
    Validator {
        operator: Address([1; 20]),
        consensus_pubkey: [2; 32],
        jailed: false,
        status: BondStatus::Unbonded,
        tokens: 0,
        delegator_shares: 0,
        description: Description {
            moniker: "v".into(),
            ..Default::default()
        },
        unbonding_height: 0,
        unbonding_time: 0,
        commission: Commission {
            rate: Dec::percent(10),
            max_rate: Dec::percent(20),
            max_change_rate: Dec::percent(1),
            update_time: 0,
        },
        min_self_delegation: 1,
    }
}

#[test]
fn shares_follow_the_exchange_rate() {
    let mut v = validator();
    assert_eq!(v.add_tokens_from_del(100).unwrap(), 100);
    v.remove_tokens(50).unwrap(); // slashed by half
    assert_eq!(v.add_tokens_from_del(50).unwrap(), 100);
    assert_eq!((v.tokens, v.delegator_shares), (100, 200));
    assert_eq!(v.tokens_from_shares(100), 50);
    assert_eq!(v.remove_del_shares(100).unwrap(), 50);
    // the last share takes everything left
    v.tokens = 51;
    assert_eq!(v.remove_del_shares(100).unwrap(), 51);
    assert_eq!((v.tokens, v.delegator_shares), (0, 0));
}

#[test]
fn zero_share_issuance_and_invalid_rate_are_refused() {
    let mut v = validator();
    v.add_tokens_from_del(10).unwrap();
    v.tokens = 30; // more tokens than shares
    assert!(v.add_tokens_from_del(2).is_err());
    v.tokens = 0;
    assert_eq!(
        v.add_tokens_from_del(5),
        Err(StakingError::DelegatorShareExRateInvalid)
    );
}

#[test]
fn commission_changes_are_limited() {
    let c = validator().commission;
    assert_eq!(
        c.validate_new_rate(Dec::percent(11), 100),
        Err(StakingError::CommissionUpdateTime)
    );
    let day = COMMISSION_UPDATE_INTERVAL_SECS;
    c.validate_new_rate(Dec::percent(11), day).unwrap();
    c.validate_new_rate(Dec::percent(9), day).unwrap();
    assert_eq!(
        c.validate_new_rate(Dec::percent(12), day),
        Err(StakingError::CommissionGtMaxChangeRate)
    );
    assert_eq!(
        c.validate_new_rate(Dec::percent(21), day),
        Err(StakingError::CommissionGtMaxRate)
    );
}

#[test]
fn commission_rates_are_checked() {
    let ok = CommissionRates {
        rate: Dec::percent(5),
        max_rate: Dec::percent(10),
        max_change_rate: Dec::percent(1),
    };
    ok.validate().unwrap();
    let huge = CommissionRates {
        max_rate: Dec::percent(101),
        ..ok
    };
    assert_eq!(huge.validate(), Err(StakingError::CommissionHuge));
    let over = CommissionRates {
        rate: Dec::percent(11),
        ..ok
    };
    assert_eq!(over.validate(), Err(StakingError::CommissionGtMaxRate));
    let change = CommissionRates {
        max_change_rate: Dec::percent(11),
        ..ok
    };
    assert_eq!(
        change.validate(),
        Err(StakingError::CommissionChangeRateGtMaxRate)
    );
}

#[test]
fn descriptions_merge_and_check_lengths() {
    let d = Description {
        moniker: "a".into(),
        website: "w".into(),
        ..Default::default()
    };
    let edit = Description {
        moniker: DO_NOT_MODIFY.into(),
        identity: DO_NOT_MODIFY.into(),
        website: "new".into(),
        security_contact: DO_NOT_MODIFY.into(),
        details: DO_NOT_MODIFY.into(),
    };
    let u = d.updated(&edit);
    assert_eq!(u.moniker, "a");
    assert_eq!(u.website, "new");
    assert!(Description::default().validate().is_err());
    let long = Description {
        moniker: "m".repeat(71),
        ..Default::default()
    };
    assert!(long.validate().is_err());
    edit.check_lengths().unwrap();
}

#[test]
fn share_wire_forms() {
    assert_eq!(shares_to_proto(0), "0");
    assert_eq!(shares_to_proto(5), "5000000000000000000");
    assert_eq!(shares_to_display(5), "5.000000000000000000");
    assert_eq!(tokens_to_power(3 * POWER_REDUCTION - 1), 2);
    assert_eq!(tokens_to_power(u128::MAX), i64::MAX);
}

#[test]
fn unbonding_entries_merge_on_same_height_and_time() {
    let mut u = UnbondingDelegation {
        delegator: Address([1; 20]),
        validator: Address([2; 20]),
        entries: vec![],
    };
    u.add_entry(5, 100, 10).unwrap();
    u.add_entry(5, 100, 7).unwrap();
    u.add_entry(6, 100, 1).unwrap();
    assert_eq!(u.entries.len(), 2);
    assert_eq!(u.entries[0].balance, 17);
    assert_eq!(u.entries[0].initial_balance, 17);
    assert_eq!(u.total_balance().unwrap(), 18);
}
