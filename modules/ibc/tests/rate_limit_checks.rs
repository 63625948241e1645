//! The checks of the transfer paths: quotas under, at and over the limit both ways, net flow,
//! windows, undo and completion of sends.

#[path = "rate_limit_common/mod.rs"]
mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::ModuleError;
use openledger_ibc::rate_limit::{self as rl, proto, state::threshold, RateLimitError};
use prost::Name;

fn exceeded(e: &RateLimitError) -> bool {
    matches!(e, RateLimitError::QuotaExceeded(_))
}

#[test]
fn no_rate_limit_checks_and_records_nothing() {
    let mut s = MemState::empty();
    rl::check_send(&mut s, T0, DENOM, CH, u128::MAX, SUPPLY, 1).unwrap();
    rl::check_recv(&mut s, T0, DENOM, CH, u128::MAX, SUPPLY).unwrap();
    assert!(!rl::undo_send(&mut s, CH, 1).unwrap());
    assert!(!rl::complete_send(&mut s, CH, 1).unwrap());
    assert!(dump(&s).is_empty());
    // a limit on another denom or channel does not apply either
    let mut s = with_limit("10", "10", 24);
    let before = dump(&s);
    rl::check_send(&mut s, T0, "ibc/ABCDEF", CH, SUPPLY, SUPPLY, 1).unwrap();
    rl::check_send(&mut s, T0, DENOM, "channel-1", SUPPLY, SUPPLY, 1).unwrap();
    assert_eq!(dump(&s), before);
}

#[test]
fn send_under_at_and_over_the_quota() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 99_999, 1).unwrap();
    send(&mut s, T0, 1, 2).unwrap(); // exactly 10%: allowed
    assert_eq!(limit(&s).flow.outflow, 100_000);
    let before = dump(&s);
    let e = send(&mut s, T0, 1, 3).unwrap_err();
    assert!(exceeded(&e));
    assert!(e
        .to_string()
        .starts_with("rate limit exceeded: net outflow of aopen on channel-0"));
    assert_eq!((e.codespace(), e.code()), ("ratelimit", 4));
    assert_eq!(dump(&s), before, "a refused send changes nothing");
    assert!(rl::state::pending_send(&s, CH, 3).unwrap().is_none());
}

#[test]
fn recv_under_at_and_over_the_quota() {
    let mut s = with_limit("10", "5", 24);
    recv(&mut s, T0, 49_999).unwrap();
    recv(&mut s, T0, 1).unwrap();
    assert_eq!(limit(&s).flow.inflow, 50_000);
    let before = dump(&s);
    let e = recv(&mut s, T0, 1).unwrap_err();
    assert!(exceeded(&e));
    assert!(e.to_string().contains("net inflow"));
    assert_eq!(dump(&s), before);
}

#[test]
fn the_net_flow_is_checked() {
    let mut s = with_limit("10", "10", 24);
    recv(&mut s, T0, 50_000).unwrap();
    // net outflow 150_000 - 50_000 = 100_000: at the limit
    send(&mut s, T0, 150_000, 1).unwrap();
    assert!(exceeded(&send(&mut s, T0, 1, 2).unwrap_err()));
    // net inflow is now -100_000: up to 200_000 more may come in
    recv(&mut s, T0, 200_000).unwrap();
    assert!(exceeded(&recv(&mut s, T0, 1).unwrap_err()));
    let f = limit(&s).flow;
    assert_eq!((f.inflow, f.outflow), (250_000, 150_000));
}

#[test]
fn zero_percent_blocks_one_direction_only() {
    let mut s = with_limit("0", "10", 24);
    assert!(exceeded(&send(&mut s, T0, 1, 1).unwrap_err()));
    recv(&mut s, T0, 10).unwrap();
    // ibc-go's rule is on the net flow: what came in may go back out
    send(&mut s, T0, 10, 2).unwrap();
    assert!(exceeded(&send(&mut s, T0, 1, 3).unwrap_err()));
}

#[test]
fn hundred_percent_allows_the_whole_supply() {
    let mut s = with_limit("100", "100", 24);
    send(&mut s, T0, SUPPLY, 1).unwrap();
    assert!(exceeded(&send(&mut s, T0, 1, 2).unwrap_err()));
}

#[test]
fn threshold_rounds_down_and_never_overflows() {
    assert_eq!(threshold(999, 10), 99);
    assert_eq!(threshold(1_000, 10), 100);
    assert_eq!(threshold(1_000, 0), 0);
    assert_eq!(threshold(u128::MAX, 100), u128::MAX);
    assert_eq!(threshold(u128::MAX, 50), u128::MAX / 2);
    let mut s = MemState::empty();
    let m = add_msg(&gov(), DENOM, CH, "10", "10", 1).unwrap();
    let k = Keeper { supply: 999 };
    as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &k, &m)).unwrap();
    rl::check_send(&mut s, T0, DENOM, CH, 99, 999, 1).unwrap();
    assert!(exceeded(
        &rl::check_send(&mut s, T0, DENOM, CH, 1, 999, 2).unwrap_err()
    ));
}

#[test]
fn a_window_without_supply_checks_nothing_and_overflow_is_an_error() {
    let mut s = with_limit("10", "10", 1);
    // the next window starts with a supply of 0: no check (as in ibc-go)
    rl::check_send(&mut s, T0 + HOUR, DENOM, CH, 5, 0, 1).unwrap();
    assert_eq!(limit(&s).flow.channel_value, 0);
    let e = rl::check_send(&mut s, T0 + HOUR, DENOM, CH, u128::MAX, 0, 2).unwrap_err();
    assert_eq!(e, RateLimitError::Overflow);
    assert_eq!(limit(&s).flow.outflow, 5);
}

#[test]
fn a_window_resets_at_its_end_with_the_new_supply() {
    let mut s = with_limit("10", "10", 2);
    send(&mut s, T0, 100_000, 1).unwrap();
    recv(&mut s, T0, 30_000).unwrap();
    // one second before the end: still the same window
    let before = limit(&s);
    assert!(exceeded(
        &send(&mut s, T0 + 2 * HOUR - 1, 30_001, 2).unwrap_err()
    ));
    assert_eq!(limit(&s), before);
    // at the end: flows from zero, the supply passed in as channel value
    s.take_events();
    rl::check_send(&mut s, T0 + 2 * HOUR, DENOM, CH, 200_000, 2_000_000, 3).unwrap();
    let after = limit(&s);
    assert_eq!(after.flow.outflow, 200_000);
    assert_eq!(after.flow.inflow, 0);
    assert_eq!(after.flow.channel_value, 2_000_000);
    assert_eq!(after.window_start, T0 + 2 * HOUR);
    assert!(after.window_id > before.window_id);
    let events = s.take_events();
    assert!(events
        .iter()
        .any(|e| e.kind == proto::EventRateLimitReset::full_name()));
    // windows stay aligned: 5.5 windows later the window started at a whole multiple
    recv(&mut s, T0 + 13 * HOUR + HOUR / 2, 1).unwrap();
    assert_eq!(limit(&s).window_start, T0 + 12 * HOUR);
    assert_eq!(limit(&s).flow.outflow, 0);
}

#[test]
fn a_refused_transfer_does_not_start_the_window() {
    let mut s = with_limit("10", "10", 1);
    let before = dump(&s);
    assert!(exceeded(&send(&mut s, T0 + HOUR, SUPPLY, 1).unwrap_err()));
    assert_eq!(dump(&s), before);
}

#[test]
fn undo_of_a_send_happens_exactly_once() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 100_000, 7).unwrap();
    assert!(rl::undo_send(&mut s, CH, 7).unwrap());
    assert_eq!(limit(&s).flow.outflow, 0);
    // a second timeout or error ack of the same packet changes nothing
    let before = dump(&s);
    assert!(!rl::undo_send(&mut s, CH, 7).unwrap());
    assert!(!rl::complete_send(&mut s, CH, 7).unwrap());
    assert_eq!(dump(&s), before);
    // the quota is free again
    send(&mut s, T0, 100_000, 8).unwrap();
}

#[test]
fn a_successful_ack_keeps_the_outflow() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 60_000, 1).unwrap();
    assert!(rl::complete_send(&mut s, CH, 1).unwrap());
    assert!(!rl::undo_send(&mut s, CH, 1).unwrap());
    assert_eq!(limit(&s).flow.outflow, 60_000);
    assert!(rl::state::pending_send(&s, CH, 1).unwrap().is_none());
}

#[test]
fn unknown_packets_change_nothing() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 1_000, 1).unwrap();
    let before = dump(&s);
    assert!(!rl::undo_send(&mut s, CH, 2).unwrap());
    assert!(!rl::undo_send(&mut s, "channel-1", 1).unwrap());
    assert!(!rl::complete_send(&mut s, CH, 2).unwrap());
    assert_eq!(dump(&s), before);
}

#[test]
fn a_send_of_an_earlier_window_is_not_undone() {
    let mut s = with_limit("10", "10", 1);
    send(&mut s, T0, 60_000, 1).unwrap();
    send(&mut s, T0 + HOUR, 50_000, 2).unwrap();
    assert!(!rl::undo_send(&mut s, CH, 1).unwrap());
    assert_eq!(limit(&s).flow.outflow, 50_000);
    assert!(rl::state::pending_send(&s, CH, 1).unwrap().is_none());
    assert!(rl::undo_send(&mut s, CH, 2).unwrap());
    assert_eq!(limit(&s).flow.outflow, 0);
}

#[test]
fn sends_before_an_update_reset_or_removal_are_not_undone() {
    let mut s = with_limit("10", "10", 24);
    send(&mut s, T0, 60_000, 1).unwrap();
    as_gov(T0 + 10, |c| {
        rl::execute_reset_rate_limit(&mut s, c, &KEEPER, &name_msg(DENOM, CH))
    })
    .unwrap();
    send(&mut s, T0 + 10, 10_000, 2).unwrap();
    assert!(!rl::undo_send(&mut s, CH, 1).unwrap());
    assert_eq!(limit(&s).flow.outflow, 10_000);

    let m = update_msg("20", "20", 24).unwrap();
    as_gov(T0 + 20, |c| {
        rl::execute_update_rate_limit(&mut s, c, &KEEPER, &m)
    })
    .unwrap();
    assert!(!rl::undo_send(&mut s, CH, 2).unwrap());
    assert_eq!(limit(&s).flow.outflow, 0);

    send(&mut s, T0 + 30, 10_000, 3).unwrap();
    as_gov(T0 + 40, |c| {
        rl::execute_remove_rate_limit(&mut s, c, &name_msg(DENOM, CH))
    })
    .unwrap();
    let m = add_msg(&gov(), DENOM, CH, "10", "10", 24).unwrap();
    as_gov(T0 + 50, |c| {
        rl::execute_add_rate_limit(&mut s, c, &KEEPER, &m)
    })
    .unwrap();
    send(&mut s, T0 + 50, 5, 4).unwrap();
    assert!(!rl::undo_send(&mut s, CH, 3).unwrap());
    assert_eq!(limit(&s).flow.outflow, 5);
    rl::check_invariants(&s).unwrap();
}

#[test]
fn a_refusal_converts_to_a_call_error_with_its_code() {
    let mut s = with_limit("10", "10", 24);
    let e = send(&mut s, T0, SUPPLY, 1).unwrap_err();
    let c: openledger_framework::CallError = e.clone().into();
    assert_eq!((c.codespace, c.code), ("ratelimit", 4));
    assert_eq!(c.log, e.to_string());
}

#[test]
fn denoms_are_those_of_this_chain_as_in_ibc_go() {
    // ATOM over Osmosis' channel-0: the well-known voucher denom
    let atom = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";
    assert_eq!(rl::ibc_denom("transfer/channel-0/uatom"), atom);
    assert_eq!(rl::ibc_denom("aopen"), "aopen");
    assert_eq!(rl::ibc_denom("gamm/pool/1"), "gamm/pool/1");
    assert_eq!(rl::ibc_denom("transfer/channel-0"), "transfer/channel-0");
    // sends: native as is, an ibc denom as is, a full path hashed
    assert_eq!(rl::send_denom("aopen"), "aopen");
    assert_eq!(rl::send_denom(atom), atom);
    assert_eq!(rl::send_denom("transfer/channel-0/uatom"), atom);
    // receives: our own token back is itself; a foreign one is the voucher minted here
    assert_eq!(
        rl::recv_denom(
            "transfer",
            "channel-7",
            "transfer",
            "channel-0",
            "transfer/channel-7/aopen"
        ),
        "aopen"
    );
    assert_eq!(
        rl::recv_denom("transfer", "channel-141", "transfer", "channel-0", "uatom"),
        atom
    );
    // a voucher of ours coming back from a third chain keeps the rest of its trace
    assert_eq!(
        rl::recv_denom(
            "transfer",
            "channel-7",
            "transfer",
            "channel-0",
            "transfer/channel-7/transfer/channel-0/uatom"
        ),
        atom
    );
}
