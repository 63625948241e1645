//! The route tables the app registers for rate limiting, built with the framework's macros as
//! the app builds them: canonical decoding, signers, proposal flags, execution and queries.

#[path = "rate_limit_common/mod.rs"]
mod common;

use common::*;
use openledger_framework::delta::MemState;
use openledger_framework::module::{pack, respond};
use openledger_framework::{msg_routes, query_routes, MsgCtx, MsgRoute, QueryRoute, StateWrite};
use openledger_ibc::rate_limit::{self as rl, proto as pb};
use openledger_proto::methods::openledger::ibc::v1::query as q;
use prost::Message;

const RATE_LIMIT_KEEPERS: Keeper = Keeper { supply: SUPPLY };

fn msg_table() -> Vec<MsgRoute> {
    msg_routes![
        #[proposal]
        pb::MsgAddRateLimit => rl::MsgAddRateLimit => |s, c, m| respond(
            rl::execute_add_rate_limit(s, c, &RATE_LIMIT_KEEPERS, m),
            |()| pb::MsgAddRateLimitResponse {},
        ),
        #[proposal]
        pb::MsgUpdateRateLimit => rl::MsgUpdateRateLimit => |s, c, m| respond(
            rl::execute_update_rate_limit(s, c, &RATE_LIMIT_KEEPERS, m),
            |()| pb::MsgUpdateRateLimitResponse {},
        ),
        #[proposal]
        pb::MsgRemoveRateLimit => rl::MsgRemoveRateLimit => |s, c, m| respond(
            rl::execute_remove_rate_limit(s, c, m),
            |()| pb::MsgRemoveRateLimitResponse {},
        ),
        #[proposal]
        pb::MsgResetRateLimit => rl::MsgResetRateLimit => |s, c, m| respond(
            rl::execute_reset_rate_limit(s, c, &RATE_LIMIT_KEEPERS, m),
            |()| pb::MsgResetRateLimitResponse {},
        ),
    ]
}

fn query_table() -> Vec<QueryRoute> {
    query_routes![
        q::ALL_RATE_LIMITS => pb::QueryAllRateLimitsRequest
            => |s, r| rl::query_all_rate_limits(s, r),
        q::RATE_LIMIT => pb::QueryRateLimitRequest => |s, r| rl::query_rate_limit(s, r),
        q::RATE_LIMITS_BY_CHANNEL_OR_CLIENT_ID => pb::QueryRateLimitsByChannelOrClientIdRequest
            => |s, r| rl::query_rate_limits_by_channel_or_client_id(s, r),
    ]
}

/// Decode and execute `any` through its route, as governance would.
fn run(s: &mut MemState, any: &cosmos_sdk_proto::Any) -> Result<(), String> {
    let routes = msg_table();
    let route = routes
        .iter()
        .find(|r| r.type_url == any.type_url)
        .ok_or("no route")?;
    assert!(route.proposal);
    let (msg, signers) = (route.decode)(any).map_err(|e| e.log)?;
    assert_eq!(signers, vec![gov()]);
    let b = block(T0);
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let state: &mut dyn StateWrite = s;
    (route.execute)(state, &ctx, msg.as_ref())
        .map(|_| ())
        .map_err(|e| format!("{}/{}: {}", e.codespace, e.code, e.log))
}

#[test]
fn the_route_tables_decode_execute_and_answer() {
    let routes = msg_table();
    let urls: Vec<&str> = routes.iter().map(|r| r.type_url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/openledger.ibc.v1.MsgAddRateLimit",
            "/openledger.ibc.v1.MsgUpdateRateLimit",
            "/openledger.ibc.v1.MsgRemoveRateLimit",
            "/openledger.ibc.v1.MsgResetRateLimit",
        ]
    );
    let mut s = MemState::empty();
    let add = pb::MsgAddRateLimit {
        authority: gov().to_string(),
        denom: DENOM.into(),
        channel_or_client_id: CH.into(),
        max_percent_send: "10".into(),
        max_percent_recv: "10".into(),
        duration_hours: 24,
    };
    run(&mut s, &pack(&add)).unwrap();
    assert_eq!(limit(&s).quota.max_percent_send, 10);
    // refusals keep their codespace and code
    let err = run(&mut s, &pack(&add)).unwrap_err();
    assert!(err.starts_with("ratelimit/1: "), "{err}");
    let bad = pb::MsgAddRateLimit {
        max_percent_send: "101".into(),
        ..add.clone()
    };
    assert!(run(&mut s, &pack(&bad))
        .unwrap_err()
        .contains("max_percent_send"));
    let update = pb::MsgUpdateRateLimit {
        authority: gov().to_string(),
        denom: DENOM.into(),
        channel_or_client_id: CH.into(),
        max_percent_send: "20".into(),
        max_percent_recv: "5".into(),
        duration_hours: 2,
    };
    run(&mut s, &pack(&update)).unwrap();
    let (denom, channel) = (DENOM.to_string(), CH.to_string());
    let reset = pb::MsgResetRateLimit {
        authority: gov().to_string(),
        denom: denom.clone(),
        channel_or_client_id: channel.clone(),
    };
    run(&mut s, &pack(&reset)).unwrap();

    let queries = query_table();
    let ask = |s: &MemState, path: &str, req: Vec<u8>| {
        let r = queries.iter().find(|r| r.path == path).unwrap();
        (r.handle)(s, &req)
    };
    let all = ask(
        &s,
        q::ALL_RATE_LIMITS,
        pb::QueryAllRateLimitsRequest { pagination: None }.encode_to_vec(),
    )
    .unwrap();
    let all = pb::QueryAllRateLimitsResponse::decode(all.as_slice()).unwrap();
    assert_eq!(all.rate_limits.len(), 1);
    let one = ask(
        &s,
        q::RATE_LIMIT,
        pb::QueryRateLimitRequest {
            denom: denom.clone(),
            channel_or_client_id: channel.clone(),
        }
        .encode_to_vec(),
    )
    .unwrap();
    let one = pb::QueryRateLimitResponse::decode(one.as_slice()).unwrap();
    assert_eq!(
        one.rate_limit.unwrap().quota.unwrap().max_percent_send,
        "20"
    );
    let by = ask(
        &s,
        q::RATE_LIMITS_BY_CHANNEL_OR_CLIENT_ID,
        pb::QueryRateLimitsByChannelOrClientIdRequest {
            channel_or_client_id: channel.clone(),
            pagination: None,
        }
        .encode_to_vec(),
    )
    .unwrap();
    let by = pb::QueryRateLimitsByChannelOrClientIdResponse::decode(by.as_slice()).unwrap();
    assert_eq!(by.rate_limits.len(), 1);
    let e = ask(
        &s,
        q::RATE_LIMITS_BY_CHANNEL_OR_CLIENT_ID,
        pb::QueryRateLimitsByChannelOrClientIdRequest {
            channel_or_client_id: "bad/id".into(),
            pagination: None,
        }
        .encode_to_vec(),
    )
    .unwrap_err();
    assert_eq!((e.codespace, e.code), ("sdk", 18));

    let remove = pb::MsgRemoveRateLimit {
        authority: gov().to_string(),
        denom,
        channel_or_client_id: channel,
    };
    run(&mut s, &pack(&remove)).unwrap();
    assert!(rl::state::rate_limit(&s, CH, DENOM).unwrap().is_none());
}

#[test]
fn non_canonical_bytes_are_refused() {
    let add = pb::MsgAddRateLimit {
        authority: gov().to_string(),
        denom: DENOM.into(),
        channel_or_client_id: CH.into(),
        max_percent_send: "10".into(),
        max_percent_recv: "10".into(),
        duration_hours: 24,
    };
    let mut any = pack(&add);
    // an unknown field 15 appended
    any.value.extend_from_slice(&[0x78, 0x01]);
    let routes = msg_table();
    let e = (routes[0].decode)(&any).err().unwrap();
    assert_eq!((e.codespace, e.code), ("sdk", 2));
}

#[test]
fn the_crate_keepers_read_bank_supplies_and_ics24_keys() {
    use ibc::core::host::types::identifiers::{ChannelId, ClientId, PortId};
    use ibc::core::host::types::path::{ChannelEndPath, ClientStatePath};
    use openledger_framework::{Address, Coin, Coins, StateRead};
    use openledger_ibc::rate_limit::keeper::{client_state_key, transfer_channel_key};
    use openledger_ibc::rate_limit::{Keepers, RateLimitKeeper};
    use openledger_ibc::state_key::path_key;

    // the keys are ibc-rs' ICS-24 paths in the ibc substore
    let channel = ChannelEndPath::new(&PortId::transfer(), &ChannelId::new(3));
    assert_eq!(transfer_channel_key("channel-3"), path_key(&channel));
    let client: ClientId = "07-tendermint-2".parse().unwrap();
    assert_eq!(
        client_state_key("07-tendermint-2"),
        path_key(&ClientStatePath::new(client))
    );

    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: vec![openledger_bank::Balance {
            address: Address([1; 20]),
            coins: Coins::new(vec![Coin::new(DENOM, 777)]).unwrap(),
        }],
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s.put_raw(path_key(&channel), vec![1]).unwrap();
    let read: &dyn StateRead = &s;
    assert_eq!(Keepers.supply(read, DENOM).unwrap(), 777);
    assert_eq!(Keepers.supply(read, "ibc/ABCDEF").unwrap(), 0);
    assert!(Keepers.channel_or_client_exists(read, "channel-3").unwrap());
    assert!(!Keepers.channel_or_client_exists(read, "channel-4").unwrap());
    assert!(!Keepers
        .channel_or_client_exists(read, "07-tendermint-2")
        .unwrap());

    // a rate limit added through the crate keepers takes the bank supply
    let m = add_msg(&gov(), DENOM, "channel-3", "10", "10", 1).unwrap();
    as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &Keepers, &m)).unwrap();
    let r = rl::state::rate_limit(&s, "channel-3", DENOM)
        .unwrap()
        .unwrap();
    assert_eq!(r.flow.channel_value, 777);
    let m = add_msg(&gov(), DENOM, "channel-4", "10", "10", 1).unwrap();
    let e = as_gov(T0, |c| rl::execute_add_rate_limit(&mut s, c, &Keepers, &m)).unwrap_err();
    assert_eq!(e, rl::RateLimitError::ChannelNotFound("channel-4".into()));
}
