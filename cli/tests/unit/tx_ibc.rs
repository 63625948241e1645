//! Unit tests of `tx/ibc.rs`: arguments, timeouts, denominations and the encoded message.
use super::*;
use crate::cli::{command, Generated};
use openledger_proto::cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;

fn height(revision_number: u64, revision_height: u64) -> Height {
    Height {
        revision_number,
        revision_height,
    }
}

/// The arguments of `tx ibc-transfer transfer` once parsed.
fn parse(extra: &[&str]) -> Result<ArgMatches, clap::Error> {
    let mut args = vec![
        "openledger",
        "tx",
        "ibc-transfer",
        "transfer",
        "transfer",
        "channel-0",
        "cosmos1receiver",
        "1.5OPEN",
        "--from",
        "alice",
    ];
    args.extend_from_slice(extra);
    let m = command(&Generated::new()).try_get_matches_from(args)?;
    let (_, tx) = m.subcommand().unwrap();
    let (_, module) = tx.subcommand().unwrap();
    let (_, transfer) = module.subcommand().unwrap();
    Ok(transfer.clone())
}

#[test]
fn heights_are_read_as_revision_dash_height() {
    assert_eq!(parse_height("0-1000"), Ok(height(0, 1000)));
    assert_eq!(parse_height(" 4-250 "), Ok(height(4, 250)));
    assert_eq!(parse_height("0-0"), Ok(height(0, 0)));
    for bad in ["1000", "a-1", "1-", "-1", "1-2-3", "1--2", ""] {
        assert!(parse_height(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn defaults_are_ibc_gos() {
    let m = parse(&[]).unwrap();
    let t = Timeouts::from_matches(&m);
    assert_eq!(t.height, height(0, 1000));
    assert_eq!(t.timestamp, 600_000_000_000);
    assert!(!t.absolute);
    assert!(t.needs_client());
    assert_eq!(m.get_one::<String>("packet-memo").unwrap(), "");
}

#[test]
fn flags_are_read() {
    let m = parse(&[
        "--packet-timeout-height",
        "1-500",
        "--packet-timeout-timestamp",
        "0",
        "--absolute-timeouts",
        "--packet-memo",
        "{\"forward\":{}}",
        "--memo",
        "tx note",
    ])
    .unwrap();
    let t = Timeouts::from_matches(&m);
    assert_eq!(
        t,
        Timeouts {
            height: height(1, 500),
            timestamp: 0,
            absolute: true
        }
    );
    assert!(!t.needs_client());
    assert_eq!(
        m.get_one::<String>("packet-memo").unwrap(),
        "{\"forward\":{}}"
    );
    // `--memo` stays the transaction's memo
    assert_eq!(m.get_one::<String>("memo").unwrap(), "tx note");
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert!(parse(&["--packet-timeout-height", "100"]).is_err());
    assert!(parse(&["--packet-timeout-timestamp", "-5"]).is_err());
    assert!(parse(&["--packet-timeout-timestamp", "10m"]).is_err());
    // four positional arguments are required
    let short = [
        "openledger",
        "tx",
        "ibc-transfer",
        "transfer",
        "transfer",
        "channel-0",
    ];
    let err = command(&Generated::new())
        .try_get_matches_from(short)
        .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
}

#[test]
fn relative_timeouts_add_to_the_client_height_and_the_later_clock() {
    let t = Timeouts {
        height: height(0, 1000),
        timestamp: 600_000_000_000,
        absolute: false,
    };
    let client = height(1, 5000);
    // the latest block time is later than the counterparty's consensus state
    let (h, ts) = t.resolve(&client, 1_000, 2_000).unwrap();
    assert_eq!(h, height(1, 6000));
    assert_eq!(ts, 600_000_002_000);
    // the consensus state is later than the latest block time
    let (_, ts) = t.resolve(&client, 9_000, 2_000).unwrap();
    assert_eq!(ts, 600_000_009_000);
    // a zero timeout stays disabled, it is not made relative
    let zero = Timeouts {
        height: height(0, 0),
        timestamp: 0,
        absolute: false,
    };
    assert!(!zero.needs_client());
    assert_eq!(zero.resolve(&client, 9, 9).unwrap(), (height(0, 0), 0));
    // overflow is an error, not a wrap
    let big = Timeouts {
        height: height(0, u64::MAX),
        timestamp: 1,
        absolute: false,
    };
    assert!(big.resolve(&client, 0, 0).is_err());
    let late = Timeouts {
        height: height(0, 0),
        timestamp: u64::MAX,
        absolute: false,
    };
    assert!(late.resolve(&client, 0, 1).is_err());
}

#[test]
fn absolute_timeouts_are_kept() {
    let t = Timeouts {
        height: height(2, 77),
        timestamp: 1_700_000_000_000_000_000,
        absolute: true,
    };
    let (h, ts) = t.resolve(&height(9, 9), 5, 5).unwrap();
    assert_eq!(h, height(2, 77));
    assert_eq!(ts, 1_700_000_000_000_000_000);
}

#[test]
fn traces_are_sent_as_their_ibc_denomination() {
    // ATOM over Osmosis's channel-0: a well-known denomination
    assert_eq!(
        ibc_denom("transfer/channel-0/uatom"),
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
    );
    let hashed = ibc_denom("transfer/channel-1/transfer/channel-7/gamm/pool/1");
    let expected = Sha256::digest(b"transfer/channel-1/transfer/channel-7/gamm/pool/1");
    assert_eq!(hashed, format!("ibc/{}", hex::encode_upper(expected)));
    for same in [
        "aopen",
        "uatom",
        "gamm/pool/1",
        "transfer/channel-0",
        "factory/open1abc/token",
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
    ] {
        assert_eq!(ibc_denom(same), same);
    }
}

fn draft() -> MsgTransfer {
    MsgTransfer {
        source_port: "transfer".into(),
        source_channel: "channel-0".into(),
        token: Some(ProtoCoin {
            denom: "transfer/channel-0/uatom".into(),
            amount: "25".into(),
        }),
        sender: "open1sender".into(),
        receiver: "cosmos1receiver".into(),
        ..Default::default()
    }
}

#[test]
fn the_message_is_an_ics20_transfer() {
    let t = Timeouts {
        height: height(0, 1000),
        timestamp: 600_000_000_000,
        absolute: false,
    };
    let mut msg = draft();
    let any = finish(&mut msg, &t, &height(1, 200), 5, 10, "hello".into()).unwrap();
    assert_eq!(any.type_url, "/ibc.applications.transfer.v1.MsgTransfer");
    let decoded = MsgTransfer::decode(any.value.as_slice()).unwrap();
    assert_eq!(
        decoded,
        MsgTransfer {
            source_port: "transfer".into(),
            source_channel: "channel-0".into(),
            token: Some(ProtoCoin {
                denom: "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
                    .into(),
                amount: "25".into(),
            }),
            sender: "open1sender".into(),
            receiver: "cosmos1receiver".into(),
            timeout_height: Some(height(1, 1200)),
            timeout_timestamp: 600_000_000_010,
            memo: "hello".into(),
        }
    );
    // field numbers of ibc-go's tx.proto: 1 port, 2 channel, 3 token, 4 sender, 5 receiver,
    // 6 timeout height, 7 timeout timestamp, 8 memo
    assert_eq!(&any.value[..2], &[0x0a, 8]);
    assert_eq!(&any.value[2..10], b"transfer");
    // and the chain's own check (ibc-rs) accepts it
    assert!(crate::tx::accept::check(any).is_ok());
}

#[test]
fn refusals() {
    let none = Timeouts {
        height: height(0, 0),
        timestamp: 0,
        absolute: true,
    };
    let err = finish(&mut draft(), &none, &height(0, 0), 0, 0, String::new()).unwrap_err();
    assert!(err.to_string().contains("cannot both be 0"), "{err}");
    let t = Timeouts {
        height: height(0, 10),
        timestamp: 0,
        absolute: true,
    };
    let mut zero = draft();
    zero.token = Some(ProtoCoin {
        denom: "aopen".into(),
        amount: "0".into(),
    });
    let err = finish(&mut zero, &t, &height(0, 0), 0, 0, String::new()).unwrap_err();
    assert!(err.to_string().contains("greater than zero"), "{err}");
    // a channel id the chain's decoding refuses
    let mut bad = draft();
    bad.source_channel = "chan".into();
    let any = finish(&mut bad, &t, &height(0, 0), 0, 0, String::new()).unwrap();
    let err = crate::tx::accept::check(any).unwrap_err().to_string();
    assert!(
        err.starts_with("invalid ibc.applications.transfer.v1.MsgTransfer"),
        "{err}"
    );
}
