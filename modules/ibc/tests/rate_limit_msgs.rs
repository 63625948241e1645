//! Governance messages (add, update, remove, reset), their validation and authority, the
//! queries and genesis.

#[path = "rate_limit_common/mod.rs"]
mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, ModuleError, MsgCtx};
use openledger_ibc::rate_limit::{
    self as rl, proto, MsgRemoveRateLimit, PendingSend, RateLimitError, RateLimitGenesis,
};
use prost::Name;

fn invalid_request(r: Result<impl std::fmt::Debug, RateLimitError>) {
    match r {
        Err(RateLimitError::InvalidRequest(_)) => {}
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[test]
fn add_creates_a_rate_limit_with_the_supply_as_channel_value() {
    let mut s = with_limit("10", "20", 6);
    let r = limit(&s);
    assert_eq!(
        (r.quota.max_percent_send, r.quota.max_percent_recv),
        (10, 20)
    );
    assert_eq!(r.quota.duration_hours, 6);
    assert_eq!(r.flow.channel_value, SUPPLY);
    assert_eq!((r.flow.inflow, r.flow.outflow), (0, 0));
    assert_eq!(r.window_start, T0);
    let events = s.take_events();
    let e = events
        .iter()
        .find(|e| e.kind == proto::EventRateLimitAdded::full_name())
        .unwrap();
    assert_eq!(e.attribute("max_percent_send"), Some("\"10\""));
    assert_eq!(e.attribute("channel_value"), Some("\"1000000\""));
    // a client id is accepted as in ibc-go
    let m = add_msg(&gov(), "ibc/ABCDEF0123", "07-tendermint-0", "5", "0", 1).unwrap();
    as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap();
    rl::check_invariants(&s).unwrap();
}

#[test]
fn add_is_refused_if_it_exists_or_the_channel_or_supply_is_missing() {
    let mut s = with_limit("10", "10", 24);
    let before = dump(&s);
    let m = add_msg(&gov(), DENOM, CH, "50", "50", 1).unwrap();
    let e = as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap_err();
    assert!(matches!(e, RateLimitError::AlreadyExists { .. }));
    assert_eq!((e.codespace(), e.code()), ("ratelimit", 1));
    let m = add_msg(&gov(), DENOM, "channel-10", "50", "50", 1).unwrap();
    let e = as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap_err();
    assert_eq!(e, RateLimitError::ChannelNotFound("channel-10".into()));
    let m = add_msg(&gov(), "nosupply", CH, "50", "50", 1).unwrap();
    let e = as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap_err();
    assert_eq!(e, RateLimitError::ZeroChannelValue("nosupply".into()));
    assert_eq!(dump(&s), before);
}

#[test]
fn only_the_gov_module_account_may_act() {
    let mut s = with_limit("10", "10", 24);
    let before = dump(&s);
    let user = Address([7; 20]);
    let b = BlockCtx {
        chain_id: "test-1".into(),
        height: 1,
        time_unix_secs: T0,
        time_nanos: 0,
    };
    let signers = [user];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let m = add_msg(&user, DENOM, "channel-1", "10", "10", 1).unwrap();
    let e = rl::execute_add_rate_limit(&mut s, &ctx, &KEEPER, &m).unwrap_err();
    assert!(matches!(e, RateLimitError::InvalidAuthority { .. }));
    let mut u = update_msg("50", "50", 1).unwrap();
    u.authority = user;
    assert!(matches!(
        rl::execute_update_rate_limit(&mut s, &ctx, &KEEPER, &u).unwrap_err(),
        RateLimitError::InvalidAuthority { .. }
    ));
    let n = MsgRemoveRateLimit {
        authority: user,
        ..name_msg(DENOM, CH)
    };
    assert!(matches!(
        rl::execute_remove_rate_limit(&mut s, &ctx, &n).unwrap_err(),
        RateLimitError::InvalidAuthority { .. }
    ));
    assert!(matches!(
        rl::execute_reset_rate_limit(&mut s, &ctx, &KEEPER, &n).unwrap_err(),
        RateLimitError::InvalidAuthority { .. }
    ));
    // the gov address named but not signing
    let e = rl::execute_remove_rate_limit(&mut s, &ctx, &name_msg(DENOM, CH)).unwrap_err();
    assert_eq!(e, RateLimitError::Unauthorized(gov().to_string()));
    assert_eq!(e.code(), 4);
    assert_eq!(dump(&s), before);
    assert_eq!(n.signers(), vec![user]);
}

#[test]
fn bad_percents_durations_ids_and_denoms_are_refused() {
    let g = gov();
    for (send, recv) in [
        ("101", "10"),
        ("10", "101"),
        ("-1", "10"),
        ("+5", "10"),
        ("", "10"),
        ("abc", "10"),
        ("0100", "10"),
        ("1000", "10"),
        ("10.5", "10"),
        ("0", "0"),
    ] {
        invalid_request(add_msg(&g, DENOM, CH, send, recv, 1));
    }
    invalid_request(add_msg(&g, DENOM, CH, "10", "10", 0));
    invalid_request(update_msg("10", "10", 0));
    invalid_request(update_msg("200", "10", 1));
    for id in [
        "",
        "channel-",
        "channel-x",
        "channel-1/2",
        "CHANNEL-1",
        "chan-1",
        "07-tendermint",
        "07-Tendermint-0",
        "channel-99999999999999999999999",
    ] {
        invalid_request(add_msg(&g, DENOM, id, "10", "10", 1));
    }
    for denom in ["", "a", "1abc", "a b c"] {
        invalid_request(add_msg(&g, denom, CH, "10", "10", 1));
    }
    assert!(matches!(
        add_msg(&g, DENOM, CH, "10", "10", 1).map(|_| ()),
        Ok(())
    ));
    // 100 and 0 are the bounds
    add_msg(&g, DENOM, CH, "100", "0", 1).unwrap();
    add_msg(&g, DENOM, CH, "0", "100", u64::MAX).unwrap();
    match add_msg(&g, DENOM, CH, "10", "10", 1).map(|m| m.authority) {
        Ok(a) => assert_eq!(a, g),
        Err(e) => panic!("{e}"),
    }
    let e = rl::MsgAddRateLimit::try_from(&proto::MsgAddRateLimit {
        authority: "nope".into(),
        denom: DENOM.into(),
        channel_or_client_id: CH.into(),
        max_percent_send: "1".into(),
        max_percent_recv: "1".into(),
        duration_hours: 1,
    })
    .unwrap_err();
    assert!(matches!(e, RateLimitError::InvalidAddress(_)));
}

#[test]
fn a_window_of_huge_duration_never_ends() {
    let mut s = MemState::empty();
    let m = add_msg(&gov(), DENOM, CH, "10", "10", u64::MAX).unwrap();
    as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap();
    send(&mut s, T0, 100_000, 1).unwrap();
    assert!(send(&mut s, i64::MAX, 1, 2).is_err());
}

#[test]
fn update_replaces_the_quota_and_starts_a_new_window() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 100_000, 1).unwrap();
    let m = update_msg("20", "5", 2).unwrap();
    let k = Keeper { supply: 2 * SUPPLY };
    as_gov(T0 + 100, |c| {
        rl::execute_update_rate_limit(&mut s, c, &k, &m)
    })
    .unwrap();
    let r = limit(&s);
    assert_eq!(
        (r.quota.max_percent_send, r.quota.max_percent_recv),
        (20, 5)
    );
    assert_eq!(r.quota.duration_hours, 2);
    assert_eq!((r.flow.inflow, r.flow.outflow), (0, 0));
    assert_eq!(r.flow.channel_value, 2 * SUPPLY);
    assert_eq!(r.window_start, T0 + 100);
    send(&mut s, T0 + 100, 400_000, 2).unwrap();
    assert!(s
        .take_events()
        .iter()
        .any(|e| e.kind == proto::EventRateLimitUpdated::full_name()));
    // an unknown one
    let mut m = update_msg("20", "5", 2).unwrap();
    m.channel_or_client_id = "channel-3".into();
    let e = as_gov(T0, |c| {
        rl::execute_update_rate_limit(&mut s, c, &KEEPER, &m)
    })
    .unwrap_err();
    assert!(matches!(e, RateLimitError::NotFound { .. }));
    assert_eq!(e.code(), 2);
}

#[test]
fn remove_ends_the_checks() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 100_000, 1).unwrap();
    assert!(send(&mut s, T0, 1, 2).is_err());
    as_gov(T0, |c| {
        rl::execute_remove_rate_limit(&mut s, c, &name_msg(DENOM, CH))
    })
    .unwrap();
    assert!(rl::state::rate_limit(&s, CH, DENOM).unwrap().is_none());
    send(&mut s, T0, SUPPLY, 2).unwrap();
    assert!(s
        .take_events()
        .iter()
        .any(|e| e.kind == proto::EventRateLimitRemoved::full_name()));
    // the pending send of the removed limit goes with its ack, and undoes nothing
    assert!(!rl::undo_send(&mut s, CH, 1).unwrap());
    let e = as_gov(T0, |c| {
        rl::execute_remove_rate_limit(&mut s, c, &name_msg(DENOM, CH))
    })
    .unwrap_err();
    assert!(matches!(e, RateLimitError::NotFound { .. }));
}

#[test]
fn reset_zeroes_the_flows_now() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 100_000, 1).unwrap();
    recv(&mut s, T0, 7).unwrap();
    let k = Keeper { supply: 500 };
    as_gov(T0 + 60, |c| {
        rl::execute_reset_rate_limit(&mut s, c, &k, &name_msg(DENOM, CH))
    })
    .unwrap();
    let r = limit(&s);
    assert_eq!(
        (r.flow.inflow, r.flow.outflow, r.flow.channel_value),
        (0, 0, 500)
    );
    assert_eq!(r.window_start, T0 + 60);
    let e = as_gov(T0, |c| {
        rl::execute_reset_rate_limit(&mut s, c, &KEEPER, &name_msg(DENOM, "channel-2"))
    })
    .unwrap_err();
    assert!(matches!(e, RateLimitError::NotFound { .. }));
}

/// Three rate limits: aopen on channel-0 and channel-1, a voucher on channel-0.
fn three() -> MemState {
    let mut s = with_limit("10", "10", 24);
    for (denom, ch) in [("aopen", "channel-1"), ("ibc/ABCDEF0123", "channel-0")] {
        let m = add_msg(&gov(), denom, ch, "1", "2", 3).unwrap();
        as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)).unwrap();
    }
    s
}

fn paths(r: &[proto::RateLimit]) -> Vec<(String, String)> {
    r.iter()
        .map(|r| {
            let p = r.path.clone().unwrap();
            (p.channel_or_client_id, p.denom)
        })
        .collect()
}

#[test]
fn queries_list_all_by_channel_and_one() {
    let mut s = three();
    send(&mut s, T0, 5, 1).unwrap();
    let all = rl::query_all_rate_limits(&s, &proto::QueryAllRateLimitsRequest { pagination: None })
        .unwrap();
    assert_eq!(
        paths(&all.rate_limits),
        vec![
            ("channel-0".into(), "aopen".into()),
            ("channel-0".into(), "ibc/ABCDEF0123".into()),
            ("channel-1".into(), "aopen".into()),
        ]
    );
    assert!(all.pagination.unwrap().next_key.is_empty());
    let r = &all.rate_limits[0];
    assert_eq!(r.flow.clone().unwrap().outflow, "5");
    assert_eq!(r.flow.clone().unwrap().channel_value, SUPPLY.to_string());
    assert_eq!(r.quota.clone().unwrap().max_percent_send, "10");
    assert_eq!(r.window_start.unwrap().seconds, T0);

    // pages of one
    let mut key = Vec::new();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let page = rl::query_all_rate_limits(
            &s,
            &proto::QueryAllRateLimitsRequest {
                pagination: Some(PageRequest {
                    key: key.clone(),
                    limit: 1,
                    ..Default::default()
                }),
            },
        )
        .unwrap();
        seen.extend(paths(&page.rate_limits));
        key = page.pagination.unwrap().next_key;
    }
    assert!(key.is_empty());
    assert_eq!(seen, paths(&all.rate_limits));

    let by = rl::query_rate_limits_by_channel_or_client_id(
        &s,
        &proto::QueryRateLimitsByChannelOrClientIdRequest {
            channel_or_client_id: "channel-0".into(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(by.rate_limits.len(), 2);
    let one = rl::query_rate_limit(
        &s,
        &proto::QueryRateLimitRequest {
            denom: "ibc/ABCDEF0123".into(),
            channel_or_client_id: "channel-0".into(),
        },
    )
    .unwrap();
    assert_eq!(one.rate_limit.unwrap().quota.unwrap().max_percent_recv, "2");
    let none = rl::query_rate_limit(
        &s,
        &proto::QueryRateLimitRequest {
            denom: "aopen".into(),
            channel_or_client_id: "channel-5".into(),
        },
    )
    .unwrap();
    assert!(none.rate_limit.is_none());
    invalid_request(rl::query_rate_limit(
        &s,
        &proto::QueryRateLimitRequest {
            denom: "aopen".into(),
            channel_or_client_id: "x/y".into(),
        },
    ));
    // channel-1 is not a prefix of channel-10
    let empty = rl::query_rate_limits_by_channel_or_client_id(
        &s,
        &proto::QueryRateLimitsByChannelOrClientIdRequest {
            channel_or_client_id: "channel-10".into(),
            pagination: None,
        },
    )
    .unwrap();
    assert!(empty.rate_limits.is_empty());
}

#[test]
fn genesis_round_trips_with_flows_and_pending_sends() {
    let mut s = three();
    send(&mut s, T0, 5_000, 1).unwrap();
    send(&mut s, T0, 6_000, 2).unwrap();
    recv(&mut s, T0, 70).unwrap();
    rl::check_send(&mut s, T0, "aopen", "channel-1", 300, SUPPLY, 9).unwrap();
    rl::check_invariants(&s).unwrap();
    let g = RateLimitGenesis::export(&s).unwrap();
    assert_eq!(g.rate_limits.len(), 3);
    assert_eq!(g.pending_sends.len(), 3);
    let json = serde_json::to_value(&g).unwrap();
    let back: RateLimitGenesis = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, g);
    let mut fresh = MemState::empty();
    back.init(&mut fresh).unwrap();
    assert_eq!(dump(&fresh), dump(&s));
    assert_eq!(RateLimitGenesis::export(&fresh).unwrap(), g);
    // the imported state keeps working: undo of an imported pending send
    assert!(rl::undo_send(&mut fresh, CH, 2).unwrap());
    assert_eq!(limit(&fresh).flow.outflow, 5_000);
    // an empty genesis is the default
    let empty: RateLimitGenesis = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, RateLimitGenesis::default());
    empty.validate().unwrap();
    assert!(json["rate_limits"][0]["flow"]["outflow"].is_string());
}

#[test]
fn bad_genesis_is_refused() {
    let mut s = three();
    send(&mut s, T0, 5_000, 1).unwrap();
    let good = RateLimitGenesis::export(&s).unwrap();
    let refused = |g: RateLimitGenesis| {
        let e = g.validate().unwrap_err();
        assert!(matches!(e, RateLimitError::InvalidGenesis(_)), "{e:?}");
        assert!(g.init(&mut MemState::empty()).is_err());
    };
    let mut g = good.clone();
    g.rate_limits.push(g.rate_limits[0].clone());
    refused(g);
    let mut g = good.clone();
    g.rate_limits[0].quota.max_percent_send = 101;
    refused(g);
    let mut g = good.clone();
    g.rate_limits[0].quota.duration_hours = 0;
    refused(g);
    let mut g = good.clone();
    g.rate_limits[0].channel_or_client_id = "nope".into();
    refused(g);
    let mut g = good.clone();
    g.rate_limits[0].window_id = g.next_window_id;
    refused(g);
    let mut g = good.clone();
    g.pending_sends.push(g.pending_sends[0].clone());
    refused(g);
    let mut g = good.clone();
    g.pending_sends.push(PendingSend {
        sequence: 5,
        window_id: 0,
        ..g.pending_sends[0].clone()
    });
    refused(g);
    // the outflow must cover the pending sends of its window
    let mut g = good.clone();
    g.rate_limits[0].flow.outflow = 4_999;
    refused(g);
    good.validate().unwrap();
}
