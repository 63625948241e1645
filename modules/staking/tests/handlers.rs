//! Every message: success, each refusal (with its codespace and code; state unchanged), hooks
//! and events.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as pb;
use openledger_framework::{Address, Dec, ModuleError, StateRead};
use openledger_staking::{
    ed25519_pubkey_to_any, execute_create_validator, execute_edit_validator, execute_update_params,
    BondStatus, GenesisState, MsgCreateValidator, MsgEditValidator, MsgUpdateParams, Params,
    StakingError, StakingRead, DO_NOT_MODIFY, MAX_TOTAL_POWER,
};
use prost::Message;

fn code(e: &StakingError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

fn chain() -> Chain {
    Chain::new(&[
        (1, 1000 * OPEN),
        (2, 1000 * OPEN),
        (3, 1000 * OPEN),
        (9, 1000 * OPEN),
    ])
}

// --- MsgCreateValidator -------------------------------------------------------------------

#[test]
fn create_validator_escrows_the_self_delegation_in_the_not_bonded_pool() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    let v = c.validator(1).unwrap();
    assert_eq!(v.status, BondStatus::Unbonded);
    assert_eq!((v.tokens, v.delegator_shares), (10 * OPEN, 10 * OPEN));
    assert_eq!(v.commission.rate, Dec::percent(10));
    assert_eq!(v.commission.update_time, GENESIS_TIME);
    assert_eq!(c.shares(1, 1), 10 * OPEN);
    assert_eq!(c.balance(1), 990 * OPEN);
    assert_eq!(c.pools(), (0, 10 * OPEN));
    assert_eq!(
        c.hooks.take(),
        [
            "after_validator_created(1)",
            "after_delegation_modified(1,1)"
        ]
    );
    assert!(c.events().contains(&"create_validator".to_string()));
    let ev = c
        .state
        .changes()
        .events
        .iter()
        .find(|e| e.kind == "create_validator")
        .unwrap();
    assert_eq!(ev.attribute("validator"), Some(valoper(1).as_str()));
    assert_eq!(
        ev.attribute("amount"),
        Some(format!("{}aopen", 10 * OPEN).as_str())
    );
    assert_eq!(
        c.state
            .validator_by_consensus_address(&cons(1))
            .unwrap()
            .unwrap()
            .operator,
        acc(1)
    );
    c.check_invariants();
}

#[test]
fn create_validator_refusals() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();

    // duplicate operator
    let e = c.create_validator(1, OPEN).unwrap_err();
    assert_eq!(code(&e), ("staking", 4));

    // duplicate consensus key
    let mut m = Chain::create_validator_msg(2, OPEN);
    m.pubkey = Some(ed25519_pubkey_to_any(&pk(1)));
    let msg = MsgCreateValidator::try_from(&m).unwrap();
    let e = c
        .exec(acc(2), |s, ctx, h| {
            execute_create_validator(s, ctx, h, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("staking", 5));

    // not signed by the operator
    let msg = MsgCreateValidator::try_from(&Chain::create_validator_msg(2, OPEN)).unwrap();
    let e = c
        .exec(acc(3), |s, ctx, h| {
            execute_create_validator(s, ctx, h, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));

    // wrong denom
    let mut m = Chain::create_validator_msg(2, OPEN);
    m.value.as_mut().unwrap().denom = "uatom".into();
    let msg = MsgCreateValidator::try_from(&m).unwrap();
    let e = c
        .exec(acc(2), |s, ctx, h| {
            execute_create_validator(s, ctx, h, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));

    // more than the balance
    let e = c.create_validator(2, 1001 * OPEN).unwrap_err();
    assert_eq!(code(&e), ("sdk", 5));

    // a failing hook fails the message with the hook's error
    c.hooks.fail_on = Some("after_validator_created");
    let e = c.create_validator(2, OPEN).unwrap_err();
    assert_eq!(code(&e), ("distribution", 9));
    c.hooks.fail_on = None;
    assert!(c.validator(2).is_none());
    c.check_invariants();
}

#[test]
fn create_validator_respects_the_minimum_commission_rate() {
    let genesis = GenesisState {
        params: Params {
            min_commission_rate: Dec::percent(15),
            ..Params::default()
        },
        ..Default::default()
    };
    let mut c = Chain::with_genesis(&[(1, 100 * OPEN)], genesis, &[]);
    let e = c.create_validator(1, OPEN).unwrap_err();
    assert_eq!(code(&e), ("staking", 40));
}

#[test]
fn create_validator_stateless_checks() {
    let ok = Chain::create_validator_msg(1, OPEN);
    MsgCreateValidator::try_from(&ok).unwrap();
    let check = |f: &dyn Fn(&mut pb::MsgCreateValidator), want: (&str, u32)| {
        let mut m = ok.clone();
        f(&mut m);
        let e = MsgCreateValidator::try_from(&m).unwrap_err();
        assert_eq!(code(&e), want, "{e}");
    };
    check(&|m| m.pubkey = None, ("staking", 39));
    check(
        &|m| m.pubkey.as_mut().unwrap().type_url = "/cosmos.crypto.secp256k1.PubKey".into(),
        ("staking", 6),
    );
    check(
        &|m| {
            m.pubkey.as_mut().unwrap().value =
                cosmos_sdk_proto::cosmos::crypto::ed25519::PubKey { key: vec![1; 33] }
                    .encode_to_vec()
        },
        ("sdk", 8),
    );
    check(&|m| m.validator_address = String::new(), ("staking", 2));
    check(&|m| m.validator_address = acc(1).to_string(), ("sdk", 7));
    #[allow(deprecated)]
    check(&|m| m.delegator_address = acc(2).to_string(), ("sdk", 18));
    check(&|m| m.value = None, ("sdk", 18));
    check(&|m| m.value = Some(coin(0)), ("sdk", 18));
    check(&|m| m.description = None, ("sdk", 18));
    check(
        &|m| m.description.as_mut().unwrap().moniker = "x".repeat(71),
        ("sdk", 18),
    );
    check(
        &|m| m.description.as_mut().unwrap().details = "x".repeat(281),
        ("sdk", 18),
    );
    check(&|m| m.commission = None, ("sdk", 18));
    check(
        &|m| m.commission.as_mut().unwrap().rate = Dec::percent(30).to_proto_string(),
        ("staking", 11),
    );
    check(
        &|m| m.commission.as_mut().unwrap().max_rate = Dec::percent(101).to_proto_string(),
        ("staking", 10),
    );
    check(
        &|m| m.commission.as_mut().unwrap().max_change_rate = Dec::percent(21).to_proto_string(),
        ("staking", 14),
    );
    check(&|m| m.min_self_delegation = "0".into(), ("sdk", 18));
    check(&|m| m.min_self_delegation = String::new(), ("sdk", 18));
    check(
        &|m| m.min_self_delegation = (2 * OPEN).to_string(),
        ("staking", 16),
    );
    // the delegator address may repeat the operator's account
    let mut m = ok.clone();
    #[allow(deprecated)]
    {
        m.delegator_address = acc(1).to_string();
    }
    assert_eq!(
        MsgCreateValidator::try_from(&m).unwrap().signers(),
        vec![acc(1)]
    );
}

#[test]
fn stake_beyond_the_cometbft_power_limit_is_refused() {
    let huge = (u128::try_from(MAX_TOTAL_POWER).unwrap() + 1) * OPEN;
    let mut c = Chain::new(&[(1, huge), (2, huge)]);
    let e = c.create_validator(1, huge).unwrap_err();
    assert_eq!(code(&e), ("staking", 102));
    c.create_validator(1, huge / 2).unwrap();
    let e = c.delegate(2, 1, huge / 2 + OPEN).unwrap_err();
    assert_eq!(code(&e), ("staking", 102));
    c.end_block(5);
}

// --- MsgEditValidator ---------------------------------------------------------------------

fn edit(c: &mut Chain, signer: u8, m: pb::MsgEditValidator) -> Result<(), StakingError> {
    let msg = MsgEditValidator::try_from(&m)?;
    c.exec(acc(signer), |s, ctx, _| {
        execute_edit_validator(s, ctx, &msg)
    })
    .map(|_| ())
}

fn edit_msg(n: u8) -> pb::MsgEditValidator {
    pb::MsgEditValidator {
        description: Some(pb::Description {
            moniker: DO_NOT_MODIFY.into(),
            identity: DO_NOT_MODIFY.into(),
            website: "https://example.org".into(),
            security_contact: DO_NOT_MODIFY.into(),
            details: DO_NOT_MODIFY.into(),
        }),
        validator_address: valoper(n),
        commission_rate: String::new(),
        min_self_delegation: String::new(),
    }
}

#[test]
fn edit_validator_updates_description_commission_and_minimum() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    edit(&mut c, 1, edit_msg(1)).unwrap();
    let v = c.validator(1).unwrap();
    assert_eq!(v.description.moniker, "val1");
    assert_eq!(v.description.website, "https://example.org");

    c.time += DAY;
    let mut m = edit_msg(1);
    m.commission_rate = Dec::percent(11).to_proto_string();
    m.min_self_delegation = (5 * OPEN).to_string();
    edit(&mut c, 1, m).unwrap();
    let v = c.validator(1).unwrap();
    assert_eq!(v.commission.rate, Dec::percent(11));
    assert_eq!(v.commission.update_time, c.time);
    assert_eq!(v.min_self_delegation, 5 * OPEN);
    let ev = c
        .state
        .changes()
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "edit_validator")
        .unwrap();
    assert_eq!(
        ev.attribute("commission_rate"),
        Some("0.110000000000000000")
    );
    assert_eq!(
        ev.attribute("min_self_delegation"),
        Some((5 * OPEN).to_string().as_str())
    );
}

#[test]
fn edit_validator_refusals() {
    let genesis = GenesisState {
        params: Params {
            min_commission_rate: Dec::permille(95),
            ..Params::default()
        },
        ..Default::default()
    };
    let mut c = Chain::with_genesis(&[(1, 100 * OPEN), (2, 100 * OPEN)], genesis, &[]);
    c.create_validator(1, 10 * OPEN).unwrap();
    let with_rate = |r: u64| {
        let mut m = edit_msg(1);
        m.commission_rate = Dec::permille(r).to_proto_string();
        m
    };
    // within 24h of creation
    assert_eq!(
        code(&edit(&mut c, 1, with_rate(105)).unwrap_err()),
        ("staking", 12)
    );
    c.time += DAY;
    assert_eq!(
        code(&edit(&mut c, 1, with_rate(115)).unwrap_err()),
        ("staking", 15)
    );
    assert_eq!(
        code(&edit(&mut c, 1, with_rate(90)).unwrap_err()),
        ("staking", 40)
    );
    let mut m = edit_msg(1);
    m.min_self_delegation = "1".into();
    assert_eq!(code(&edit(&mut c, 1, m).unwrap_err()), ("staking", 17));
    let mut m = edit_msg(1);
    m.min_self_delegation = (10 * OPEN + 1).to_string();
    assert_eq!(code(&edit(&mut c, 1, m).unwrap_err()), ("staking", 16));
    assert_eq!(code(&edit(&mut c, 2, edit_msg(1)).unwrap_err()), ("sdk", 4));
    assert_eq!(
        code(&edit(&mut c, 2, edit_msg(2)).unwrap_err()),
        ("staking", 3)
    );
    let mut m = edit_msg(1);
    m.description.as_mut().unwrap().moniker = String::new();
    assert_eq!(code(&edit(&mut c, 1, m).unwrap_err()), ("sdk", 18));
    // stateless
    let mut m = edit_msg(1);
    m.description = None;
    assert_eq!(
        code(&MsgEditValidator::try_from(&m).unwrap_err()),
        ("sdk", 18)
    );
    let mut m = edit_msg(1);
    m.commission_rate = Dec::percent(101).to_proto_string();
    assert_eq!(
        code(&MsgEditValidator::try_from(&m).unwrap_err()),
        ("sdk", 18)
    );
    let mut m = edit_msg(1);
    m.min_self_delegation = "0".into();
    assert_eq!(
        code(&MsgEditValidator::try_from(&m).unwrap_err()),
        ("sdk", 18)
    );
    // max rate of 20% and a 1% daily change: a rate above the max is refused first
    let mut v = c.validator(1).unwrap();
    v.commission.rate = Dec::percent(20);
    assert_eq!(
        v.commission.validate_new_rate(Dec::percent(21), c.time),
        Err(StakingError::CommissionGtMaxRate)
    );
}

// --- MsgDelegate --------------------------------------------------------------------------

#[test]
fn delegate_issues_shares_at_the_exchange_rate_and_calls_hooks() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.hooks.take();
    c.delegate(2, 1, 5 * OPEN).unwrap();
    assert_eq!(c.shares(2, 1), 5 * OPEN);
    assert_eq!(c.hooks.take(), ["after_delegation_modified(2,1)"]);
    c.delegate(2, 1, OPEN).unwrap();
    assert_eq!(
        c.hooks.take(),
        [
            "before_delegation_shares_modified(2,1)",
            "after_delegation_modified(2,1)"
        ]
    );
    assert_eq!(c.pools(), (0, 16 * OPEN));
    let ev = c
        .state
        .changes()
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "delegate")
        .unwrap();
    assert_eq!(
        ev.attribute("new_shares"),
        Some(format!("{}.000000000000000000", OPEN).as_str())
    );
    assert_eq!(ev.attribute("delegator"), Some(acc(2).to_string().as_str()));

    // once bonded, new stake goes to the bonded pool
    c.end_block(5);
    c.delegate(3, 1, 4 * OPEN).unwrap();
    assert_eq!(c.pools(), (20 * OPEN, 0));
    c.check_invariants();
}

#[test]
fn delegate_refusals() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    assert_eq!(code(&c.delegate(2, 7, OPEN).unwrap_err()), ("staking", 3));
    assert_eq!(
        code(&c.delegate(2, 1, 1001 * OPEN).unwrap_err()),
        ("sdk", 5)
    );
    let msg = openledger_staking::MsgDelegate::try_from(&pb::MsgDelegate {
        delegator_address: acc(2).to_string(),
        validator_address: valoper(1),
        amount: Some(coin(OPEN)),
    })
    .unwrap();
    let e = c
        .exec(acc(3), |s, ctx, h| {
            openledger_staking::execute_delegate(s, ctx, h, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    let mut wrong = msg.clone();
    wrong.amount.denom = "uatom".into();
    let e = c
        .exec(acc(2), |s, ctx, h| {
            openledger_staking::execute_delegate(s, ctx, h, &wrong)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    // stateless
    let bad =
        |m: pb::MsgDelegate| code(&openledger_staking::MsgDelegate::try_from(&m).unwrap_err());
    let base = pb::MsgDelegate {
        delegator_address: acc(2).to_string(),
        validator_address: valoper(1),
        amount: Some(coin(1)),
    };
    assert_eq!(
        bad(pb::MsgDelegate {
            amount: Some(coin(0)),
            ..base.clone()
        }),
        ("sdk", 18)
    );
    assert_eq!(
        bad(pb::MsgDelegate {
            amount: None,
            ..base.clone()
        }),
        ("sdk", 18)
    );
    assert_eq!(
        bad(pb::MsgDelegate {
            delegator_address: String::new(),
            ..base.clone()
        }),
        ("staking", 18)
    );
    assert_eq!(
        bad(pb::MsgDelegate {
            delegator_address: valoper(2),
            ..base.clone()
        }),
        ("sdk", 7)
    );
    assert_eq!(
        bad(pb::MsgDelegate {
            validator_address: acc(1).to_string(),
            ..base
        }),
        ("sdk", 7)
    );
}

#[test]
fn delegating_to_a_validator_slashed_to_zero_is_refused() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.end_block(5);
    let b = c.block();
    let burned =
        openledger_staking::slash(&mut c.state, &c.hooks, &cons(1), b.height, 10, Dec::ONE, &b)
            .unwrap();
    assert_eq!(burned, 10 * OPEN);
    assert_eq!(code(&c.delegate(2, 1, OPEN).unwrap_err()), ("staking", 34));
    c.check_invariants();
}

// --- MsgUndelegate ------------------------------------------------------------------------

#[test]
fn undelegate_from_a_bonded_validator_waits_the_unbonding_time() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.delegate(2, 1, 6 * OPEN).unwrap();
    c.end_block(5);
    c.hooks.take();
    let resp = c.undelegate(2, 1, 2 * OPEN).unwrap();
    let completion = c.time + 1_814_400;
    assert_eq!(resp.completion_time.unwrap().seconds, completion);
    assert_eq!(resp.amount.unwrap().amount, (2 * OPEN).to_string());
    assert_eq!(
        c.hooks.take(),
        [
            "before_delegation_shares_modified(2,1)",
            "after_delegation_modified(2,1)"
        ]
    );
    assert_eq!(c.shares(2, 1), 4 * OPEN);
    assert_eq!(c.pools(), (14 * OPEN, 2 * OPEN));
    let ubd = c
        .state
        .unbonding_delegation(&acc(2), &acc(1))
        .unwrap()
        .unwrap();
    assert_eq!(ubd.entries.len(), 1);
    assert_eq!(ubd.entries[0].creation_height, c.height);
    assert_eq!(ubd.entries[0].completion_time, completion);
    let ev = c
        .state
        .changes()
        .events
        .iter()
        .rev()
        .find(|e| e.kind == "unbond")
        .unwrap();
    assert_eq!(
        ev.attribute("completion_time"),
        Some(openledger_staking::time::rfc3339(completion).as_str())
    );
    c.check_invariants();

    // not before the completion time
    c.time = completion - 1;
    c.end_block(1);
    assert_eq!(c.balance(2), 994 * OPEN);
    assert_eq!(c.time, completion);
    c.clear_events();
    c.end_block(5);
    assert_eq!(c.balance(2), 996 * OPEN);
    assert!(c
        .state
        .unbonding_delegation(&acc(2), &acc(1))
        .unwrap()
        .is_none());
    assert!(c.events().contains(&"complete_unbonding".to_string()));
    assert_eq!(c.pools(), (14 * OPEN, 0));
}

#[test]
fn undelegating_everything_removes_the_delegation_and_an_unbonded_validator() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.delegate(2, 1, 5 * OPEN).unwrap();
    c.hooks.take();
    // Unbonded validator: the entry matures at once and is paid at this block's end
    let resp = c.undelegate(2, 1, 5 * OPEN).unwrap();
    assert_eq!(resp.completion_time.unwrap().seconds, c.time);
    assert_eq!(
        c.hooks.take(),
        [
            "before_delegation_shares_modified(2,1)",
            "before_delegation_removed(2,1)"
        ]
    );
    assert_eq!(c.shares(2, 1), 0);
    // the operator leaves too: self-delegation below the minimum jails, then the validator
    // has no shares left and is removed
    c.undelegate(1, 1, 10 * OPEN).unwrap();
    assert!(c.validator(1).is_none());
    assert!(c
        .hooks
        .take()
        .contains(&"after_validator_removed(1)".to_string()));
    assert!(c
        .state
        .validator_by_consensus_address(&cons(1))
        .unwrap()
        .is_none());
    c.end_block(5);
    assert_eq!(c.balance(1), 1000 * OPEN);
    assert_eq!(c.balance(2), 1000 * OPEN);
    assert_eq!(c.pools(), (0, 0));
}

#[test]
fn self_undelegation_below_the_minimum_jails_the_validator() {
    let mut c = chain();
    let mut m = Chain::create_validator_msg(1, 10 * OPEN);
    m.min_self_delegation = (8 * OPEN).to_string();
    let msg = MsgCreateValidator::try_from(&m).unwrap();
    c.exec(acc(1), |s, ctx, h| {
        execute_create_validator(s, ctx, h, &msg)
    })
    .unwrap();
    c.end_block(5);
    c.undelegate(1, 1, OPEN).unwrap();
    assert!(!c.validator(1).unwrap().jailed);
    c.undelegate(1, 1, 2 * OPEN).unwrap();
    assert!(c.validator(1).unwrap().jailed);
    let updates = c.end_block(5);
    assert_eq!(
        updates,
        [openledger_framework::ValidatorUpdate {
            ed25519_pubkey: pk(1),
            power: 0
        }]
    );
    assert_eq!(c.validator(1).unwrap().status, BondStatus::Unbonding);
}

#[test]
fn undelegate_refusals() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.delegate(2, 1, 5 * OPEN).unwrap();
    c.end_block(5);
    assert_eq!(
        code(&c.undelegate(3, 1, OPEN).unwrap_err()),
        ("staking", 19)
    );
    assert_eq!(code(&c.undelegate(2, 7, OPEN).unwrap_err()), ("staking", 3));
    assert_eq!(
        code(&c.undelegate(2, 1, 5 * OPEN + 1).unwrap_err()),
        ("sdk", 18)
    );
    // max entries (7): different heights make different entries
    for _ in 0..7 {
        c.undelegate(2, 1, OPEN / 10).unwrap();
        c.end_block(5);
    }
    assert_eq!(
        code(&c.undelegate(2, 1, OPEN / 10).unwrap_err()),
        ("staking", 27)
    );
    let msg = openledger_staking::MsgUndelegate::try_from(&pb::MsgUndelegate {
        delegator_address: acc(2).to_string(),
        validator_address: valoper(1),
        amount: Some(coin(1)),
    })
    .unwrap();
    let e = c
        .exec(acc(1), |s, ctx, h| {
            openledger_staking::execute_undelegate(s, ctx, h, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
}

#[test]
fn undelegations_in_one_block_merge_into_one_entry() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.end_block(5);
    c.undelegate(1, 1, OPEN).unwrap();
    c.undelegate(1, 1, OPEN).unwrap();
    let ubd = c
        .state
        .unbonding_delegation(&acc(1), &acc(1))
        .unwrap()
        .unwrap();
    assert_eq!(ubd.entries.len(), 1);
    assert_eq!(ubd.entries[0].balance, 2 * OPEN);
}

// --- MsgBeginRedelegate -------------------------------------------------------------------

#[test]
fn redelegate_moves_stake_and_keeps_an_entry_until_maturity() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, 10 * OPEN).unwrap();
    c.delegate(3, 1, 6 * OPEN).unwrap();
    c.end_block(5);
    c.hooks.take();
    let resp = c.redelegate(3, 1, 2, 4 * OPEN).unwrap();
    let completion = c.time + 1_814_400;
    assert_eq!(resp.completion_time.unwrap().seconds, completion);
    assert_eq!(
        c.hooks.take(),
        [
            "before_delegation_shares_modified(3,1)",
            "after_delegation_modified(3,1)",
            "after_delegation_modified(3,2)"
        ]
    );
    assert_eq!(c.shares(3, 1), 2 * OPEN);
    assert_eq!(c.shares(3, 2), 4 * OPEN);
    assert_eq!(c.pools(), (26 * OPEN, 0));
    let red = c
        .state
        .redelegation(&acc(3), &acc(1), &acc(2))
        .unwrap()
        .unwrap();
    assert_eq!(red.entries[0].initial_balance, 4 * OPEN);
    assert_eq!(red.entries[0].shares_dst, 4 * OPEN);
    c.check_invariants();

    // transitive redelegation out of validator 2 is refused until the entry matures
    assert_eq!(
        code(&c.redelegate(3, 2, 1, OPEN).unwrap_err()),
        ("staking", 32)
    );
    c.end_block(1_814_400);
    c.clear_events();
    c.end_block(5);
    assert!(c.events().contains(&"complete_redelegation".to_string()));
    assert!(c
        .state
        .redelegation(&acc(3), &acc(1), &acc(2))
        .unwrap()
        .is_none());
    c.redelegate(3, 2, 1, OPEN).unwrap();
}

#[test]
fn redelegation_between_bonded_and_unbonded_validators_moves_pools() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.end_block(5);
    c.create_validator(2, 10 * OPEN).unwrap(); // not bonded yet
    c.redelegate(1, 1, 2, 3 * OPEN).unwrap();
    assert_eq!(c.pools(), (7 * OPEN, 13 * OPEN));
    c.check_invariants();
    // from an Unbonded source no entry is kept
    c.redelegate(2, 2, 1, 2 * OPEN).unwrap();
    assert!(c
        .state
        .redelegation(&acc(2), &acc(2), &acc(1))
        .unwrap()
        .is_none());
    assert_eq!(c.pools(), (9 * OPEN, 11 * OPEN));
    c.check_invariants();
}

#[test]
fn redelegate_refusals() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.create_validator(2, 10 * OPEN).unwrap();
    c.end_block(5);
    assert_eq!(
        code(&c.redelegate(1, 1, 1, OPEN).unwrap_err()),
        ("staking", 29)
    );
    assert_eq!(
        code(&c.redelegate(1, 1, 7, OPEN).unwrap_err()),
        ("staking", 31)
    );
    assert_eq!(
        code(&c.redelegate(1, 7, 2, OPEN).unwrap_err()),
        ("staking", 3)
    );
    assert_eq!(
        code(&c.redelegate(3, 1, 2, OPEN).unwrap_err()),
        ("staking", 19)
    );
    assert_eq!(
        code(&c.redelegate(1, 1, 2, 11 * OPEN).unwrap_err()),
        ("sdk", 18)
    );
    for _ in 0..7 {
        c.redelegate(1, 1, 2, OPEN / 10).unwrap();
        c.end_block(5);
    }
    assert_eq!(
        code(&c.redelegate(1, 1, 2, OPEN / 10).unwrap_err()),
        ("staking", 33)
    );
}

// --- MsgCancelUnbondingDelegation ---------------------------------------------------------

#[test]
fn cancel_unbonding_delegates_the_entry_back() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.delegate(2, 1, 6 * OPEN).unwrap();
    c.end_block(5);
    let h = c.height;
    c.undelegate(2, 1, 4 * OPEN).unwrap();
    c.end_block(5);
    c.cancel_unbonding(2, 1, OPEN, h).unwrap();
    let ubd = c
        .state
        .unbonding_delegation(&acc(2), &acc(1))
        .unwrap()
        .unwrap();
    assert_eq!(
        (ubd.entries[0].balance, ubd.entries[0].initial_balance),
        (3 * OPEN, 3 * OPEN)
    );
    assert_eq!(c.shares(2, 1), 3 * OPEN);
    assert_eq!(c.pools(), (13 * OPEN, 3 * OPEN));
    assert!(c
        .events()
        .contains(&"cancel_unbonding_delegation".to_string()));
    c.cancel_unbonding(2, 1, 3 * OPEN, h).unwrap();
    assert!(c
        .state
        .unbonding_delegation(&acc(2), &acc(1))
        .unwrap()
        .is_none());
    assert_eq!(c.pools(), (16 * OPEN, 0));
    c.check_invariants();
    // the stale queue entry is harmless
    c.end_block(1_814_400);
    c.end_block(5);
    assert_eq!(c.balance(2), 994 * OPEN);
}

#[test]
fn cancel_unbonding_refusals() {
    let mut c = chain();
    c.create_validator(1, 10 * OPEN).unwrap();
    c.delegate(2, 1, 6 * OPEN).unwrap();
    c.end_block(5);
    assert_eq!(
        code(&c.cancel_unbonding(2, 1, OPEN, 1).unwrap_err()),
        ("staking", 26)
    );
    let h = c.height;
    c.undelegate(2, 1, 4 * OPEN).unwrap();
    assert_eq!(
        code(&c.cancel_unbonding(2, 1, OPEN, h + 1).unwrap_err()),
        ("sdk", 38)
    );
    assert_eq!(
        code(&c.cancel_unbonding(2, 1, 5 * OPEN, h).unwrap_err()),
        ("sdk", 18)
    );
    assert_eq!(
        code(&c.cancel_unbonding(2, 7, OPEN, h).unwrap_err()),
        ("staking", 3)
    );
    // jailed validator
    let b = c.block();
    openledger_staking::jail(&mut c.state, &cons(1)).unwrap();
    assert_eq!(
        code(&c.cancel_unbonding(2, 1, OPEN, h).unwrap_err()),
        ("staking", 7)
    );
    openledger_staking::unjail(&mut c.state, &acc(1), &b).unwrap();
    // matured but not yet paid out
    c.time += 1_814_401;
    assert_eq!(
        code(&c.cancel_unbonding(2, 1, OPEN, h).unwrap_err()),
        ("sdk", 18)
    );
    // stateless
    let e = openledger_staking::MsgCancelUnbondingDelegation::try_from(
        &pb::MsgCancelUnbondingDelegation {
            delegator_address: acc(2).to_string(),
            validator_address: valoper(1),
            amount: Some(coin(1)),
            creation_height: 0,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
}

// --- MsgUpdateParams ----------------------------------------------------------------------

fn update(c: &mut Chain, authority: Address, params: Params) -> Result<(), StakingError> {
    let msg = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: authority.to_string(),
        params: Some(params.to_proto()),
    })?;
    c.exec(authority, |s, ctx, _| execute_update_params(s, ctx, &msg))
        .map(|_| ())
}

#[test]
fn update_params_is_for_governance_only() {
    let mut c = chain();
    let gov = Address::module("gov");
    let p = Params {
        max_validators: 5,
        unbonding_time_secs: 60,
        ..Params::default()
    };
    update(&mut c, gov, p.clone()).unwrap();
    assert_eq!(c.state.staking_params().unwrap(), p);
    assert_eq!(
        code(&update(&mut c, acc(1), p.clone()).unwrap_err()),
        ("sdk", 4)
    );
    let e = update(
        &mut c,
        gov,
        Params {
            bond_denom: "uother".into(),
            ..p.clone()
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = update(
        &mut c,
        gov,
        Params {
            max_validators: 0,
            ..p.clone()
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let m = MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: gov.to_string(),
        params: Some(p.to_proto()),
    })
    .unwrap();
    assert_eq!(m.signers(), vec![gov]);
    assert!(gov.to_string().starts_with("open1"));
    assert!(c.state.get_raw(b"staking/params").unwrap().is_some());
}

#[test]
fn message_signers_are_the_delegator_or_operator() {
    let m = openledger_staking::MsgBeginRedelegate::try_from(&pb::MsgBeginRedelegate {
        delegator_address: acc(3).to_string(),
        validator_src_address: valoper(1),
        validator_dst_address: valoper(2),
        amount: Some(coin(1)),
    })
    .unwrap();
    assert_eq!(m.signers(), vec![acc(3)]);
    let e = MsgEditValidator::try_from(&edit_msg(4)).unwrap();
    assert_eq!(e.signers(), vec![acc(4)]);
}
