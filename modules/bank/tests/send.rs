//! Bank behaviour on in-memory state: sends, multi-sends, refusals, genesis round trip and
//! the supply invariant.

use cosmos_sdk_proto::cosmos::bank::v1beta1 as pb;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use openledger_auth::AuthRead;
use openledger_bank::{
    execute_multi_send, execute_send, invariants, Balance, BankError, BankRead, GenesisState,
    MsgMultiSend, MsgSend,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, Coins, ModuleError, MsgCtx, StateDelta, StateRead};

fn addr(n: u8) -> Address {
    Address([n; 20])
}

fn block() -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height: 1,
        time_unix_secs: 0,
        time_nanos: 0,
    }
}

fn funded() -> MemState {
    let mut s = MemState::empty();
    GenesisState {
        balances: vec![
            Balance {
                address: addr(1),
                coins: Coins::single("aopen", 1000).unwrap(),
            },
            Balance {
                address: addr(2),
                coins: Coins::single("aopen", 50).unwrap(),
            },
        ],
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

#[test]
fn send_moves_funds_creates_the_recipient_and_keeps_supply() {
    let mut s = funded();
    let b = block();
    let signers = [addr(1)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let msg = MsgSend {
        from: addr(1),
        to: addr(9),
        amount: Coins::single("aopen", 300).unwrap(),
    };
    assert!(s.account(&addr(9)).unwrap().is_none());
    execute_send(&mut s, &ctx, &msg).unwrap();
    assert_eq!(s.balance(&addr(1), "aopen").unwrap(), 700);
    assert_eq!(s.balance(&addr(9), "aopen").unwrap(), 300);
    assert!(s.account(&addr(9)).unwrap().is_some());
    assert_eq!(s.supply("aopen").unwrap(), 1050);
    invariants::total_supply_matches_balances(&s).unwrap();
    let kinds: Vec<_> = s.changes().events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["coin_spent", "coin_received", "transfer"]);
}

#[test]
fn insufficient_funds_is_code_5_and_changes_nothing() {
    let base = funded();
    let mut fork = StateDelta::new(&base);
    let b = block();
    let signers = [addr(2)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let msg = MsgSend {
        from: addr(2),
        to: addr(1),
        amount: Coins::single("aopen", 51).unwrap(),
    };
    let err = execute_send(&mut fork, &ctx, &msg).unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("sdk", 5));
    drop(fork);
    assert_eq!(base.balance(&addr(2), "aopen").unwrap(), 50);
}

#[test]
fn only_the_sender_may_send() {
    let mut s = funded();
    let b = block();
    let signers = [addr(2)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let msg = MsgSend {
        from: addr(1),
        to: addr(2),
        amount: Coins::single("aopen", 1).unwrap(),
    };
    let err = execute_send(&mut s, &ctx, &msg).unwrap_err();
    assert_eq!(err.code(), 4);
}

#[test]
fn sends_to_the_fee_collector_are_refused() {
    let mut s = funded();
    let b = block();
    let signers = [addr(1)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let msg = MsgSend {
        from: addr(1),
        to: Address::module(openledger_auth::FEE_COLLECTOR),
        amount: Coins::single("aopen", 1).unwrap(),
    };
    assert!(matches!(
        execute_send(&mut s, &ctx, &msg),
        Err(BankError::BlockedRecipient(_))
    ));
}

fn pb_coin(amount: &str) -> PbCoin {
    PbCoin {
        denom: "aopen".into(),
        amount: amount.into(),
    }
}

#[test]
fn proto_messages_are_validated_statelessly() {
    let good = pb::MsgSend {
        from_address: addr(1).to_string(),
        to_address: addr(2).to_string(),
        amount: vec![pb_coin("5")],
    };
    assert!(MsgSend::try_from(&good).is_ok());
    let mut bad = good.clone();
    bad.amount = vec![pb_coin("0")];
    assert_eq!(MsgSend::try_from(&bad).unwrap_err().code(), 10);
    let mut bad = good.clone();
    bad.amount = vec![];
    assert_eq!(MsgSend::try_from(&bad).unwrap_err().code(), 10);
    let mut bad = good.clone();
    bad.to_address = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu".into();
    assert_eq!(MsgSend::try_from(&bad).unwrap_err().code(), 7);
    let mut bad = good;
    bad.amount = vec![pb_coin("-3")];
    assert!(MsgSend::try_from(&bad).is_err());
}

#[test]
fn multi_send_needs_one_input_matching_outputs() {
    let input = |a: &str| pb::Input {
        address: addr(1).to_string(),
        coins: vec![pb_coin(a)],
    };
    let output = |n: u8, a: &str| pb::Output {
        address: addr(n).to_string(),
        coins: vec![pb_coin(a)],
    };
    let ok = pb::MsgMultiSend {
        inputs: vec![input("30")],
        outputs: vec![output(3, "10"), output(4, "20")],
    };
    let msg = MsgMultiSend::try_from(&ok).unwrap();
    let mismatch = pb::MsgMultiSend {
        inputs: vec![input("31")],
        outputs: ok.outputs.clone(),
    };
    assert!(matches!(
        MsgMultiSend::try_from(&mismatch),
        Err(BankError::InputOutputMismatch)
    ));
    let two = pb::MsgMultiSend {
        inputs: vec![input("15"), input("15")],
        outputs: ok.outputs.clone(),
    };
    assert!(matches!(
        MsgMultiSend::try_from(&two),
        Err(BankError::MultipleInputs(2))
    ));
    let none = pb::MsgMultiSend {
        inputs: vec![input("30")],
        outputs: vec![],
    };
    assert!(matches!(
        MsgMultiSend::try_from(&none),
        Err(BankError::NoOutputs)
    ));

    let mut s = funded();
    let b = block();
    let signers = [addr(1)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    execute_multi_send(&mut s, &ctx, &msg).unwrap();
    assert_eq!(s.balance(&addr(1), "aopen").unwrap(), 970);
    assert_eq!(s.balance(&addr(3), "aopen").unwrap(), 10);
    assert_eq!(s.balance(&addr(4), "aopen").unwrap(), 20);
    invariants::total_supply_matches_balances(&s).unwrap();
}

#[test]
fn genesis_round_trips_and_rejects_a_wrong_supply() {
    let s = funded();
    let exported = GenesisState::export(&s).unwrap();
    assert_eq!(exported.balances.len(), 2);
    assert_eq!(exported.supply[0].amount, 1050);
    let mut again = MemState::empty();
    exported.init(&mut again).unwrap();
    assert_eq!(GenesisState::export(&again).unwrap(), exported);

    let mut bad = exported;
    bad.supply[0].amount = 1;
    assert!(bad.validate().is_err());
}

#[test]
fn all_balances_are_sorted_and_zero_balances_are_removed() {
    let mut s = funded();
    let b = block();
    let signers = [addr(2)];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let msg = MsgSend {
        from: addr(2),
        to: addr(1),
        amount: Coins::single("aopen", 50).unwrap(),
    };
    execute_send(&mut s, &ctx, &msg).unwrap();
    assert!(s.balances(&addr(2), None, 10).unwrap().is_empty());
    assert_eq!(
        s.get_raw(&openledger_bank::state_key::balance(&addr(2), "aopen"))
            .unwrap(),
        None
    );
    invariants::total_supply_matches_balances(&s).unwrap();
}
